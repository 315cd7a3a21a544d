/* users.c -- see users.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbent.h"
#include "fsident.h"
#include "fsutil.h"
#include "openall.h"
#include "safefile.h"
#include "users.h"
#include "util.h"

struct pw_iter {
	FILE *fp;		/* ROOT/etc/passwd, or NULL with nss */
	struct dbent d;		/* its reader (linear time, bounded) */
	bool nss;
};

/*
 * A system file beneath root, opened read-only only once it is known to be
 * a regular file (anything else is never opened).
 */
static FILE *
open_etc(int dir_fd, const char *path, int *err)
{
	struct stat st;
	FILE *fp;
	int fd;

	fsid_apply();
	fd = open_regular_beneath(dir_fd, path, &st);
	if (fd < 0) {
		*err = fd == -EISDIR ? -EINVAL : fd;
		return NULL;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		*err = -errno;
		close(fd);
	}
	return fp;
}

int
pw_iter_open(int root_fd, bool nss, struct pw_iter **out)
{
	struct pw_iter *it = xcalloc(1, sizeof(*it));
	int err = 0;

	it->nss = nss;
	if (nss) {
		setpwent();
	} else {
		it->fp = open_etc(root_fd, "/etc/passwd", &err);
		if (it->fp == NULL) {
			free(it);
			return err;
		}
		dbent_init(&it->d, it->fp);
	}
	*out = it;
	return 0;
}

int
pw_iter_next(struct pw_iter *it, const struct passwd **pw)
{
	struct passwd *p;

	errno = 0;
	p = it->nss ? getpwent() : dbent_next_pw(&it->d);
	if (p == NULL) {
		/* glibc reports a plain end of file as ENOENT or 0 */
		if (errno == 0 || errno == ENOENT)
			return 0;
		return -errno;
	}
	*pw = p;
	return 1;
}

unsigned long
pw_iter_skipped(const struct pw_iter *it, long long *at, size_t *len)
{
	if (it == NULL || it->nss)
		return 0;
	*at = (long long)it->d.first_skipped;
	*len = it->d.first_skipped_len;
	return it->d.skipped;
}

void
pw_iter_close(struct pw_iter *it)
{
	if (it == NULL)
		return;
	if (it->nss)
		endpwent();
	else if (it->fp != NULL) {
		dbent_free(&it->d);
		fclose(it->fp);
	}
	free(it);
}

void
pw_copy_set(struct pw_copy *c, const struct passwd *pw)
{
	c->name = xstrdup(pw->pw_name ? pw->pw_name : "");
	c->dir = xstrdup(pw->pw_dir ? pw->pw_dir : "");
	c->shell = xstrdup(pw->pw_shell ? pw->pw_shell : "");
	c->uid = pw->pw_uid;
	c->gid = pw->pw_gid;
}

void
pw_copy_clear(struct pw_copy *c)
{
	free(c->name);
	free(c->dir);
	free(c->shell);
	memset(c, 0, sizeof(*c));
}

static int
pw_find(int root_fd, bool nss, const char *name, uid_t uid,
    struct pw_copy *out)
{
	struct pw_iter *it = NULL;
	const struct passwd *pw;
	int r;

	if (nss) {
		struct passwd *p;

		fsid_apply();
		errno = 0;
		p = name != NULL ? getpwnam(name) : getpwuid(uid);
		if (p == NULL)
			return errno != 0 && errno != ENOENT ? -errno : -ENOENT;
		pw_copy_set(out, p);
		return 0;
	}
	r = pw_iter_open(root_fd, false, &it);
	if (r < 0)
		return r;
	while ((r = pw_iter_next(it, &pw)) > 0) {
		if (name != NULL ? strcmp(pw->pw_name, name) == 0 :
		    pw->pw_uid == uid) {
			pw_copy_set(out, pw);
			break;
		}
	}
	pw_iter_close(it);
	if (r < 0)
		return r;
	return r > 0 ? 0 : -ENOENT;
}

int
pw_find_uid(int root_fd, bool nss, uid_t uid, struct pw_copy *out)
{
	return pw_find(root_fd, nss, NULL, uid, out);
}

int
pw_find_name(int root_fd, bool nss, const char *name, struct pw_copy *out)
{
	return pw_find(root_fd, nss, name, 0, out);
}

/* Few distinct owners are asked about in a run; more than this rotate. */
#define PW_CACHE_MAX 32

struct pw_cache {
	int root_fd;
	bool nss;
	struct {
		uid_t uid;
		int r;
		struct pw_copy pw;
	} v[PW_CACHE_MAX];
	size_t n, next;
};

struct pw_cache *
pw_cache_new(int root_fd, bool nss)
{
	struct pw_cache *c = xcalloc(1, sizeof(*c));

	c->root_fd = root_fd;
	c->nss = nss;
	return c;
}

void
pw_cache_free(struct pw_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		pw_copy_clear(&c->v[i].pw);
	free(c);
}

static void
pw_copy_dup(struct pw_copy *to, const struct pw_copy *from)
{
	to->name = xstrdup(from->name);
	to->dir = xstrdup(from->dir);
	to->shell = xstrdup(from->shell);
	to->uid = from->uid;
	to->gid = from->gid;
}

int
pw_cache_find_uid(struct pw_cache *c, uid_t uid, struct pw_copy *out)
{
	size_t i;
	int r;

	if (fsid_current(NULL, NULL, NULL, NULL))
		return pw_find_uid(c->root_fd, c->nss, uid, out);
	for (i = 0; i < c->n; i++) {
		if (c->v[i].uid == uid) {
			if (c->v[i].r == 0)
				pw_copy_dup(out, &c->v[i].pw);
			return c->v[i].r;
		}
	}
	r = pw_find_uid(c->root_fd, c->nss, uid, out);
	/* a failure of ours (not "no such user") is not kept */
	if (r < 0 && r != -ENOENT)
		return r;
	if (c->n < PW_CACHE_MAX)
		i = c->n++;
	else {
		i = c->next;
		c->next = (c->next + 1) % PW_CACHE_MAX;
		pw_copy_clear(&c->v[i].pw);
	}
	c->v[i].uid = uid;
	c->v[i].r = r;
	memset(&c->v[i].pw, 0, sizeof(c->v[i].pw));
	if (r == 0)
		pw_copy_dup(&c->v[i].pw, out);
	return r;
}

static bool
lists(char *const *mem, const char *user)
{
	for (; mem != NULL && *mem != NULL; mem++)
		if (strcmp(*mem, user) == 0)
			return true;
	return false;
}

bool
grp_is_member(int dir_fd, bool nss, gid_t gid, const char *user)
{
	struct group *gr;
	struct dbent d;
	bool found = false;
	FILE *fp;
	int err;

	if (nss) {
		fsid_apply();
		gr = getgrgid(gid);
		return gr != NULL && lists(gr->gr_mem, user);
	}
	fp = open_etc(dir_fd, "/etc/group", &err);
	if (fp == NULL)
		return false;
	/* getgrgid() returns the first entry with that gid; so do we */
	dbent_init(&d, fp);
	while ((gr = dbent_next_gr(&d)) != NULL) {
		if (gr->gr_gid == gid) {
			found = lists(gr->gr_mem, user);
			break;
		}
	}
	dbent_free(&d);
	fclose(fp);
	return found;
}

int
grp_find_name(int dir_fd, bool nss, const char *name, gid_t *gid)
{
	struct group *gr;
	struct dbent d;
	FILE *fp;
	int err = -ENOENT;

	if (nss) {
		fsid_apply();
		gr = getgrnam(name);
		if (gr == NULL)
			return -ENOENT;
		*gid = gr->gr_gid;
		return 0;
	}
	fp = open_etc(dir_fd, "/etc/group", &err);
	if (fp == NULL)
		return err;
	err = -ENOENT;
	dbent_init(&d, fp);
	while ((gr = dbent_next_gr(&d)) != NULL) {
		if (strcmp(gr->gr_name, name) == 0) {
			*gid = gr->gr_gid;
			err = 0;
			break;
		}
	}
	dbent_free(&d);
	fclose(fp);
	return err;
}

static void
add_gid(gid_t **v, size_t *n, size_t *cap, gid_t g)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == g)
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = xrealloc(*v, *cap * sizeof(gid_t));
	}
	(*v)[(*n)++] = g;
}

int
grp_list(int dir_fd, bool nss, const char *user, gid_t gid, gid_t **out,
    size_t *n)
{
	gid_t *v = NULL;
	size_t cap = 0;
	struct group *gr;
	struct dbent d;
	FILE *fp;
	int err;

	*n = 0;
	if (nss) {
		int ng = 64;

		fsid_apply();
		v = xcalloc((size_t)ng, sizeof(gid_t));
		if (getgrouplist(user, gid, v, &ng) < 0) {
			v = xrealloc(v, (size_t)ng * sizeof(gid_t));
			if (getgrouplist(user, gid, v, &ng) < 0) {
				free(v);
				return -ENOMEM;
			}
		}
		*out = v;
		*n = (size_t)ng;
		return 0;
	}
	add_gid(&v, n, &cap, gid);
	fp = open_etc(dir_fd, "/etc/group", &err);
	if (fp != NULL) {
		dbent_init(&d, fp);
		while ((gr = dbent_next_gr(&d)) != NULL) {
			if (*n >= NGROUPS_MAX)
				break;
			if (lists(gr->gr_mem, user))
				add_gid(&v, n, &cap, gr->gr_gid);
		}
		dbent_free(&d);
		fclose(fp);
	}
	*out = v;
	return 0;
}

/* /etc/shells */

struct shells {
	char **v;
	size_t n;
	bool from_file;
};

static const char *const default_shells[] = {
	"/bin/sh", "/usr/bin/sh", "/bin/csh", "/usr/bin/csh", NULL,
};

/* The file is tiny; anything past this is not a shells file. */
#define SHELLS_MAX (1024 * 1024)
/* sendmail reads it with fgets() into a MAXLINE buffer */
#define SM_MAXLINE 2048

static void
shells_add_chunk(struct shells *s, const char *chunk)
{
	const char *p = chunk, *q;

	/* skip to the first '/', giving up at a '#' */
	while (*p != '\0' && *p != '#' && *p != '/')
		p++;
	if (*p == '#' || *p == '\0')
		return;
	q = p;
	while (*p != '\0' && *p != '#' && !isspace((unsigned char)*p))
		p++;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(char *));
	s->v[s->n++] = xstrndup(q, (size_t)(p - q));
}

struct shells *
shells_load(int root_fd)
{
	struct shells *s = xcalloc(1, sizeof(*s));
	struct stat st;
	char *buf;
	size_t len = 0, pos = 0;
	ssize_t r;
	int fd;

	/* a FIFO or device there is never opened: the built-in list, as
	 * for a missing file */
	fd = open_regular_beneath(root_fd, "/etc/shells", &st);
	if (fd < 0)
		return s;
	buf = xmalloc(SHELLS_MAX + 1);
	while (len < SHELLS_MAX &&
	    (r = read(fd, buf + len, SHELLS_MAX - len)) > 0)
		len += (size_t)r;
	close(fd);
	s->from_file = true;
	/* fgets(buf, MAXLINE): pieces of at most MAXLINE-1 bytes, or to '\n' */
	while (pos < len) {
		size_t n = 0;
		char chunk[SM_MAXLINE];

		while (pos + n < len && n < SM_MAXLINE - 1) {
			chunk[n] = buf[pos + n];
			n++;
			if (chunk[n - 1] == '\n')
				break;
		}
		chunk[n] = '\0';	/* an embedded NUL ends the C string */
		pos += n;
		shells_add_chunk(s, chunk);
	}
	free(buf);
	return s;
}

void
shells_free(struct shells *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s);
}

bool
shells_from_file(const struct shells *s)
{
	return s->from_file;
}

bool
shells_ok(const struct shells *s, const char *user, const char *shell,
    char *const *trusted)
{
	size_t i;

	if (shell == NULL || *shell == '\0')
		return true;
	/* class members are compared case-insensitively, like sendmail's stab */
	for (; trusted != NULL && *trusted != NULL; trusted++)
		if (strcasecmp(*trusted, user) == 0)
			return true;
	if (!s->from_file) {
		for (i = 0; default_shells[i] != NULL; i++)
			if (strcmp(default_shells[i], shell) == 0)
				return true;
		return false;
	}
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], shell) == 0 ||
		    strcmp(s->v[i], SHELLS_WILDCARD) == 0)
			return true;
	return false;
}

/* ---- a group file read once (grp_db) ---------------------------------- */

/* One entry that lists a member: its gid, and whether it is the first
 * entry with that gid (the one getgrgid() returns). */
struct grp_occ {
	gid_t gid;
	bool first;
	size_t entry;		/* while loading: the entry's position */
};

struct grp_member {
	char *name;		/* NULL: an empty slot */
	struct grp_occ *occ;	/* in file order */
	size_t nocc;
};

struct grp_db {
	bool nss;
	/*
	 * fallback: answer every question the old way, with a pass over
	 * the file as the current identity (the file could not be read
	 * for a reason that may not hold for another identity).
	 */
	bool fallback;
	int dir_fd;		/* ours (dup), -1 with nss */
	bool missing;		/* no group file anyone can open: no members */
	struct stat st;		/* the file read */
	bool to_all;		/* every identity can read it */
	struct grp_member *tab;	/* open addressing, size a power of two */
	size_t size, used;
	/* the last borrowed identity checked, and whether it can read */
	bool memo_valid, memo_readable;
	uid_t memo_uid;
	gid_t memo_gid;
	gid_t *memo_groups;
	size_t memo_ngroups;
	/* nss: the last list asked for */
	char *last_user;
	gid_t last_gid;
	gid_t *last_list;
	size_t last_n;
	int last_r;
};

static struct grp_member *
member_slot(struct grp_db *db, const char *name)
{
	size_t i = (size_t)str_hash(name) & (db->size - 1);

	while (db->tab[i].name != NULL && strcmp(db->tab[i].name, name) != 0)
		i = (i + 1) & (db->size - 1);
	return &db->tab[i];
}

static void
member_grow(struct grp_db *db)
{
	struct grp_member *old = db->tab;
	size_t oldsize = db->size, i;

	db->size = oldsize ? oldsize * 2 : 64;
	db->tab = xcalloc(db->size, sizeof(*db->tab));
	for (i = 0; i < oldsize; i++)
		if (old[i].name != NULL)
			*member_slot(db, old[i].name) = old[i];
	free(old);
}

static void
member_add(struct grp_db *db, const char *name, gid_t gid, size_t entry)
{
	struct grp_member *m;

	if ((db->used + 1) * 2 > db->size)
		member_grow(db);
	m = member_slot(db, name);
	if (m->name == NULL) {
		m->name = xstrdup(name);
		db->used++;
	}
	/* grow by powers of two */
	if ((m->nocc & (m->nocc - 1)) == 0)
		m->occ = xrealloc(m->occ, (m->nocc ? m->nocc * 2 : 1) *
		    sizeof(*m->occ));
	m->occ[m->nocc].gid = gid;
	m->occ[m->nocc].first = false;
	m->occ[m->nocc].entry = entry;
	m->nocc++;
}

static const struct grp_member *
member_find(const struct grp_db *db, const char *name)
{
	size_t i;

	if (db->size == 0)
		return NULL;
	i = (size_t)str_hash(name) & (db->size - 1);
	while (db->tab[i].name != NULL) {
		if (strcmp(db->tab[i].name, name) == 0)
			return &db->tab[i];
		i = (i + 1) & (db->size - 1);
	}
	return NULL;
}

struct gid_pos {
	gid_t gid;
	size_t entry;
};

static int
gid_pos_cmp(const void *a, const void *b)
{
	const struct gid_pos *x = a, *y = b;

	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The first entry with gid: its position in the sorted (gid, entry) list. */
static size_t
first_entry(const struct gid_pos *v, size_t n, gid_t gid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].gid < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].gid == gid ? v[lo].entry : (size_t)-1;
}

/* One pass with the same reader the per-question functions use. */
static void
grp_db_read(struct grp_db *db, FILE *fp)
{
	struct gid_pos *all = NULL;
	size_t nall = 0, cap = 0, i, k;
	struct group *gr;
	struct dbent d;

	dbent_init(&d, fp);
	while ((gr = dbent_next_gr(&d)) != NULL) {
		char **mem;

		if (nall == cap) {
			cap = cap ? cap * 2 : 256;
			all = xrealloc(all, cap * sizeof(*all));
		}
		all[nall].gid = gr->gr_gid;
		all[nall].entry = nall;
		for (mem = gr->gr_mem; mem != NULL && *mem != NULL; mem++)
			member_add(db, *mem, gr->gr_gid, nall);
		nall++;
	}
	dbent_free(&d);
	/* which listing entries are the first with their gid */
	qsort(all, nall, sizeof(*all), gid_pos_cmp);
	for (i = 0; i < db->size; i++) {
		struct grp_member *m = &db->tab[i];

		for (k = 0; m->name != NULL && k < m->nocc; k++)
			m->occ[k].first = first_entry(all, nall,
			    m->occ[k].gid) == m->occ[k].entry;
	}
	free(all);
}

/*
 * Can every identity open ROOT's etc/group the way open_etc() does: the
 * start directory and etc searchable by all, group a regular file all may
 * read -- the very file that was read (no symlink on the way)?
 */
static bool
grp_file_to_all(const struct grp_db *db)
{
	struct stat st;
	bool ok = false;
	int etc = -1, f = -1;

	if (fstat(db->dir_fd, &st) != 0 || !open_to_all(db->dir_fd, &st, S_IXUSR))
		return false;
	etc = openat(db->dir_fd, "etc", O_PATH | O_NOFOLLOW | O_DIRECTORY |
	    O_CLOEXEC);
	if (etc < 0 || fstat(etc, &st) != 0 || !open_to_all(etc, &st, S_IXUSR))
		goto out;
	f = openat(etc, "group", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (f < 0 || fstat(f, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_dev != db->st.st_dev || st.st_ino != db->st.st_ino)
		goto out;
	ok = open_to_all(f, &st, S_IRUSR);
out:
	if (f >= 0)
		close(f);
	if (etc >= 0)
		close(etc);
	return ok;
}

struct grp_db *
grp_db_load(int dir_fd, bool nss)
{
	struct grp_db *db = xcalloc(1, sizeof(*db));
	FILE *fp;
	int err = 0;

	db->nss = nss;
	db->dir_fd = -1;
	if (nss)
		return db;
	if (fsid_current(NULL, NULL, NULL, NULL)) {
		/* not loaded as ourselves: ask the old way, each time */
		db->fallback = true;
		db->dir_fd = -2 - dir_fd;	/* borrowed: not ours to close */
		return db;
	}
	db->dir_fd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
	if (db->dir_fd < 0) {
		db->fallback = true;
		db->dir_fd = -2 - dir_fd;
		return db;
	}
	fp = open_etc(db->dir_fd, "/etc/group", &err);
	if (fp == NULL) {
		/*
		 * Not there, not a regular file, a loop: no identity opens
		 * it, so nobody is a member of anything.  Refused to us
		 * (EACCES): another identity might do better, so ask each
		 * time as whoever asks.
		 */
		if (err == -EACCES || err == -EPERM)
			db->fallback = true;
		else
			db->missing = true;
		return db;
	}
	if (fstat(fileno(fp), &db->st) != 0) {
		db->fallback = true;
		fclose(fp);
		return db;
	}
	grp_db_read(db, fp);
	fclose(fp);
	db->to_all = grp_file_to_all(db);
	return db;
}

void
grp_db_free(struct grp_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->size; i++) {
		free(db->tab[i].name);
		free(db->tab[i].occ);
	}
	free(db->tab);
	if (db->dir_fd >= 0)
		close(db->dir_fd);
	free(db->memo_groups);
	free(db->last_user);
	free(db->last_list);
	free(db);
}

/* The directory fd questions are asked beneath. */
static int
grp_db_dir(const struct grp_db *db)
{
	return db->dir_fd >= 0 ? db->dir_fd : -2 - db->dir_fd;
}

/*
 * May the loaded answers be used for the identity in force?  Ourselves
 * (nothing borrowed), or an identity that can open the same file.
 */
static bool
grp_db_usable(struct grp_db *db)
{
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t n;
	struct stat st;
	int fd;

	if (db->to_all || !fsid_current(&uid, &gid, &groups, &n))
		return true;
	if (db->memo_valid && db->memo_uid == uid && db->memo_gid == gid &&
	    db->memo_ngroups == n &&
	    (n == 0 || memcmp(db->memo_groups, groups, n * sizeof(gid_t)) == 0))
		return db->memo_readable;
	/* open_etc() as this identity: the kernel decides */
	fsid_apply();
	fd = open_regular_beneath(db->dir_fd, "/etc/group", &st);
	db->memo_readable = fd >= 0 && st.st_dev == db->st.st_dev &&
	    st.st_ino == db->st.st_ino;
	if (fd >= 0)
		close(fd);
	db->memo_valid = true;
	db->memo_uid = uid;
	db->memo_gid = gid;
	free(db->memo_groups);
	db->memo_groups = xcalloc(n + 1, sizeof(gid_t));
	if (n > 0)
		memcpy(db->memo_groups, groups, n * sizeof(gid_t));
	db->memo_ngroups = n;
	return db->memo_readable;
}

bool
grp_db_is_member(struct grp_db *db, gid_t gid, const char *user)
{
	const struct grp_member *m;
	size_t k;

	if (db->nss || db->fallback)
		return grp_is_member(grp_db_dir(db), db->nss, gid, user);
	if (db->missing)
		return false;
	if (!grp_db_usable(db))
		/* this identity cannot open it (or opens another file) */
		return grp_is_member(db->dir_fd, false, gid, user);
	m = member_find(db, user);
	for (k = 0; m != NULL && k < m->nocc; k++)
		if (m->occ[k].gid == gid)
			return m->occ[k].first;
	return false;
}

int
grp_db_list(struct grp_db *db, const char *user, gid_t gid, gid_t **out,
    size_t *n)
{
	const struct grp_member *m;
	gid_t *v = NULL;
	size_t cap = 0, k;

	if (db->nss) {
		/* the same question asked again (once per identity a
		 * recipient's deliveries take) gets the same answer */
		if (db->last_user == NULL || strcmp(db->last_user, user) != 0 ||
		    db->last_gid != gid) {
			free(db->last_user);
			free(db->last_list);
			db->last_list = NULL;
			db->last_n = 0;
			db->last_r = grp_list(-1, true, user, gid, &db->last_list,
			    &db->last_n);
			db->last_user = xstrdup(user);
			db->last_gid = gid;
		}
		*n = 0;
		if (db->last_r < 0)
			return db->last_r;
		*out = xcalloc(db->last_n + 1, sizeof(gid_t));
		memcpy(*out, db->last_list, db->last_n * sizeof(gid_t));
		*n = db->last_n;
		return 0;
	}
	if (db->fallback || (!db->missing && !grp_db_usable(db)))
		return grp_list(grp_db_dir(db), false, user, gid, out, n);
	*n = 0;
	add_gid(&v, n, &cap, gid);
	m = db->missing ? NULL : member_find(db, user);
	for (k = 0; m != NULL && k < m->nocc; k++) {
		/* grp_list() stops at the first entry past NGROUPS_MAX */
		if (*n >= NGROUPS_MAX)
			break;
		add_gid(&v, n, &cap, m->occ[k].gid);
	}
	*out = v;
	return 0;
}
