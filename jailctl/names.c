/*
 * names.c -- see names.h.
 *
 * ROOT/etc/passwd and ROOT/etc/group are opened beneath the root fd (a
 * symlinked /etc/passwd in an image must not make us read the host's),
 * only when they are regular files, and parsed as fgetpwent(3) and
 * fgetgrent(3) do, in linear time (dbent.h).
 *
 * The files are read lazily.  The first few lookups (a profile names a
 * handful of users) are answered by scanning the file, so a command that
 * needs only those -- audit forward streams passwd on its own -- keeps a
 * memory footprint that does not grow with the number of users.  Past
 * SCAN_LIMIT misses (a content rule resolving 100 000 mailbox owners) the
 * file is loaded into sorted tables once and every lookup is a binary
 * search.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbent.h"
#include "fsutil.h"
#include "names.h"
#include "report.h"
#include "util.h"

#define SCAN_LIMIT 32

/*
 * pos is the record's place in its file.  A file may name someone twice or
 * give an id two names; the first line wins, as with getpwnam(3), so the
 * tables sort equal keys by pos and a lookup takes the first of them.
 */
struct user_rec {
	char *name;
	uid_t uid;
	gid_t gid;
	size_t pos;
};

struct group_rec {
	char *name;
	gid_t gid;
	char **members;		/* NULL-terminated */
	size_t pos;
};

struct table {
	bool loaded;
	unsigned misses;	/* lookups answered by scanning so far */
	bool warned;		/* what is wrong with the file was said */
	unsigned long skipped;	/* entries too large, in the pass that met most */
	long long skip_at;	/* the first one's offset and length */
	size_t skip_len;
	void *seen;		/* records found by scanning, before loading */
	size_t nseen;
	void *recs;		/* loaded: sorted by name */
	size_t n;
	void **by_id;		/* loaded: sorted by id */
};

/* Lookups change only the caches behind these pointers, never the answers. */
struct names {
	int root_fd;
	bool nss;
	struct table *users, *groups;
};

/* One pass over etc/passwd or etc/group. */
struct db_scan {
	FILE *f;
	struct dbent d;
};

/*
 * Open ROOT/path for a pass.  What is wrong with the file is said once per
 * file on stderr: names are read before any report exists (a profile
 * names its users when it is loaded), and the names that are missing then
 * only say "unknown user".
 */
static bool
db_open(struct table *t, int root_fd, const char *path, struct db_scan *s)
{
	struct stat st;
	/* Only a regular file is ever opened: a device or a FIFO in an
	 * image's /etc would hang us or never end. */
	int fd = open_regular_beneath_nofollow(root_fd, path, &st);

	s->f = NULL;
	if (fd < 0) {
		if ((fd == -EINVAL || fd == -EISDIR) && !t->warned) {
			t->warned = true;
			fprintf(stderr, "jailctl: warning: ROOT/%s is not a regular "
			    "file (or is a symlink): not read\n", path);
		}
		return false;
	}
	s->f = fdopen(fd, "re");
	if (s->f == NULL) {
		close(fd);
		return false;
	}
	dbent_init(&s->d, s->f);
	return true;
}

static void
db_close(struct table *t, const char *path, struct db_scan *s)
{
	if (s->d.skipped > t->skipped) {
		t->skipped = s->d.skipped;
		t->skip_at = (long long)s->d.first_skipped;
		t->skip_len = s->d.first_skipped_len;
	}
	if (s->d.skipped > 0 && !t->warned) {
		t->warned = true;
		fprintf(stderr, "jailctl: warning: ROOT/%s: %lu entr%s larger than "
		    "%u MiB skipped, the first a line of %zu bytes at byte %lld\n",
		    path, s->d.skipped, s->d.skipped == 1 ? "y" : "ies",
		    DBENT_MAX >> 20, s->d.first_skipped_len,
		    (long long)s->d.first_skipped);
	}
	dbent_free(&s->d);
	fclose(s->f);
}

/* Lookup comparators: the key only. */
static int
user_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct user_rec *)a)->name,
	    ((const struct user_rec *)b)->name);
}

static int
user_cmp_id(const void *a, const void *b)
{
	uid_t x = (*(struct user_rec *const *)a)->uid;
	uid_t y = (*(struct user_rec *const *)b)->uid;

	return x < y ? -1 : x > y;
}

static int
group_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct group_rec *)a)->name,
	    ((const struct group_rec *)b)->name);
}

static int
group_cmp_id(const void *a, const void *b)
{
	gid_t x = (*(struct group_rec *const *)a)->gid;
	gid_t y = (*(struct group_rec *const *)b)->gid;

	return x < y ? -1 : x > y;
}

/* Sorting comparators: the key, then the place in the file. */
static int
pos_cmp(size_t x, size_t y)
{
	return x < y ? -1 : x > y;
}

static int
user_sort_name(const void *a, const void *b)
{
	int r = user_cmp_name(a, b);

	return r != 0 ? r : pos_cmp(((const struct user_rec *)a)->pos,
	    ((const struct user_rec *)b)->pos);
}

static int
user_sort_id(const void *a, const void *b)
{
	int r = user_cmp_id(a, b);

	return r != 0 ? r : pos_cmp((*(struct user_rec *const *)a)->pos,
	    (*(struct user_rec *const *)b)->pos);
}

static int
group_sort_name(const void *a, const void *b)
{
	int r = group_cmp_name(a, b);

	return r != 0 ? r : pos_cmp(((const struct group_rec *)a)->pos,
	    ((const struct group_rec *)b)->pos);
}

static int
group_sort_id(const void *a, const void *b)
{
	int r = group_cmp_id(a, b);

	return r != 0 ? r : pos_cmp((*(struct group_rec *const *)a)->pos,
	    (*(struct group_rec *const *)b)->pos);
}

/*
 * bsearch() lands on any of several equal keys: step back to the first,
 * which sorting by pos made the first in the file.
 */
static const void *
first_equal(const void *hit, const void *base, size_t size,
    int (*cmp)(const void *, const void *))
{
	const char *h = hit;

	if (h == NULL)
		return NULL;
	while (h > (const char *)base && cmp(h - size, h) == 0)
		h -= size;
	return h;
}

static void
user_copy(struct user_rec *dst, const struct passwd *pw)
{
	*dst = (struct user_rec){ xstrdup(pw->pw_name), pw->pw_uid, pw->pw_gid, 0 };
}

static void
group_copy(struct group_rec *dst, const struct group *gr)
{
	size_t m = 0;

	while (gr->gr_mem[m] != NULL)
		m++;
	dst->name = xstrdup(gr->gr_name);
	dst->gid = gr->gr_gid;
	dst->pos = 0;
	dst->members = xcalloc(m + 1, sizeof(*dst->members));
	for (size_t i = 0; i < m; i++)
		dst->members[i] = xstrdup(gr->gr_mem[i]);
}

static void
load_users(const struct names *n)
{
	struct table *t = n->users;
	struct user_rec *v = NULL;
	size_t cap = 0;
	struct passwd *pw;
	struct db_scan sc;

	t->loaded = true;
	if (!db_open(t, n->root_fd, "etc/passwd", &sc))
		return;
	while ((pw = dbent_next_pw(&sc.d)) != NULL) {
		if (t->n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		user_copy(&v[t->n], pw);
		v[t->n].pos = t->n;
		t->n++;
	}
	db_close(t, "etc/passwd", &sc);
	if (t->n > 0)
		qsort(v, t->n, sizeof(*v), user_sort_name);
	t->recs = v;
	t->by_id = xcalloc(t->n + 1, sizeof(*t->by_id));
	for (size_t i = 0; i < t->n; i++)
		t->by_id[i] = &v[i];
	if (t->n > 0)
		qsort(t->by_id, t->n, sizeof(*t->by_id), user_sort_id);
}

static void
load_groups(const struct names *n)
{
	struct table *t = n->groups;
	struct group_rec *v = NULL;
	size_t cap = 0;
	struct group *gr;
	struct db_scan sc;

	t->loaded = true;
	if (!db_open(t, n->root_fd, "etc/group", &sc))
		return;
	while ((gr = dbent_next_gr(&sc.d)) != NULL) {
		if (t->n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		group_copy(&v[t->n], gr);
		v[t->n].pos = t->n;
		t->n++;
	}
	db_close(t, "etc/group", &sc);
	if (t->n > 0)
		qsort(v, t->n, sizeof(*v), group_sort_name);
	t->recs = v;
	t->by_id = xcalloc(t->n + 1, sizeof(*t->by_id));
	for (size_t i = 0; i < t->n; i++)
		t->by_id[i] = &v[i];
	if (t->n > 0)
		qsort(t->by_id, t->n, sizeof(*t->by_id), group_sort_id);
}

struct names *
names_load(int root_fd, bool nss)
{
	struct names *n = xcalloc(1, sizeof(*n));

	n->root_fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 3);
	n->nss = nss;
	n->users = xcalloc(1, sizeof(*n->users));
	n->groups = xcalloc(1, sizeof(*n->groups));
	return n;
}

static void
free_users(struct user_rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static void
free_groups(struct group_rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		for (char **m = v[i].members; *m != NULL; m++)
			free(*m);
		free(v[i].members);
	}
	free(v);
}

void
names_free(struct names *n)
{
	if (n == NULL)
		return;
	free_users(n->users->seen, n->users->nseen);
	free_users(n->users->recs, n->users->n);
	free(n->users->by_id);
	free_groups(n->groups->seen, n->groups->nseen);
	free_groups(n->groups->recs, n->groups->n);
	free(n->groups->by_id);
	free(n->users);
	free(n->groups);
	if (n->root_fd >= 0)
		close(n->root_fd);
	free(n);
}

/*
 * One user, by name (name != NULL) or by uid.  Before the table is loaded,
 * look among the records scanned so far, then scan the file once more --
 * until SCAN_LIMIT misses say it is time to load it whole.
 */
static const struct user_rec *
user_lookup(const struct names *n, const char *name, uid_t uid)
{
	struct table *t = n->users;

	if (!t->loaded) {
		struct user_rec *seen = t->seen;
		for (size_t i = 0; i < t->nseen; i++)
			if (name != NULL ? strcmp(seen[i].name, name) == 0 : seen[i].uid == uid)
				return &seen[i];
		if (t->misses++ < SCAN_LIMIT) {
			struct db_scan sc;
			struct passwd *pw;

			if (!db_open(t, n->root_fd, "etc/passwd", &sc))
				return NULL;
			while ((pw = dbent_next_pw(&sc.d)) != NULL)
				if (name != NULL ? strcmp(pw->pw_name, name) == 0 :
				    pw->pw_uid == uid)
					break;
			if (pw != NULL) {
				t->seen = seen = xrealloc(seen, (t->nseen + 1) * sizeof(*seen));
				user_copy(&seen[t->nseen], pw);
			}
			db_close(t, "etc/passwd", &sc);
			return pw != NULL ? &seen[t->nseen++] : NULL;
		}
		load_users(n);
	}
	if (t->n == 0)
		return NULL;
	if (name != NULL) {
		struct user_rec key = { .name = (char *)name };
		return first_equal(bsearch(&key, t->recs, t->n, sizeof(key),
		    user_cmp_name), t->recs, sizeof(key), user_cmp_name);
	}
	struct user_rec key = { .uid = uid }, *kp = &key, *const *hit;
	hit = first_equal(bsearch(&kp, t->by_id, t->n, sizeof(kp), user_cmp_id),
	    t->by_id, sizeof(kp), user_cmp_id);
	return hit != NULL ? *hit : NULL;
}

static const struct group_rec *
group_lookup(const struct names *n, const char *name, gid_t gid)
{
	struct table *t = n->groups;

	if (!t->loaded) {
		struct group_rec *seen = t->seen;
		for (size_t i = 0; i < t->nseen; i++)
			if (name != NULL ? strcmp(seen[i].name, name) == 0 : seen[i].gid == gid)
				return &seen[i];
		if (t->misses++ < SCAN_LIMIT) {
			struct db_scan sc;
			struct group *gr;

			if (!db_open(t, n->root_fd, "etc/group", &sc))
				return NULL;
			while ((gr = dbent_next_gr(&sc.d)) != NULL)
				if (name != NULL ? strcmp(gr->gr_name, name) == 0 :
				    gr->gr_gid == gid)
					break;
			if (gr != NULL) {
				t->seen = seen = xrealloc(seen, (t->nseen + 1) * sizeof(*seen));
				group_copy(&seen[t->nseen], gr);
			}
			db_close(t, "etc/group", &sc);
			return gr != NULL ? &seen[t->nseen++] : NULL;
		}
		load_groups(n);
	}
	if (t->n == 0)
		return NULL;
	if (name != NULL) {
		struct group_rec key = { .name = (char *)name };
		return first_equal(bsearch(&key, t->recs, t->n, sizeof(key),
		    group_cmp_name), t->recs, sizeof(key), group_cmp_name);
	}
	struct group_rec key = { .gid = gid }, *kp = &key, *const *hit;
	hit = first_equal(bsearch(&kp, t->by_id, t->n, sizeof(kp), group_cmp_id),
	    t->by_id, sizeof(kp), group_cmp_id);
	return hit != NULL ? *hit : NULL;
}

void
names_preload(const struct names *n)
{
	if (!n->users->loaded)
		load_users(n);
	if (!n->groups->loaded)
		load_groups(n);
}

/*
 * An id of 4294967295 is (uid_t)-1, which chown(2) and the ACL calls take
 * as "no id": a name that maps to it cannot be given to a file, so it is
 * answered with -EINVAL rather than with an id that silently does nothing.
 */
int
names_uid(const struct names *n, const char *user, uid_t *uid)
{
	const struct user_rec *u = user_lookup(n, user, 0);

	if (u != NULL) {
		*uid = u->uid;
		return u->uid == (uid_t)-1 ? -EINVAL : 0;
	}
	if (n->nss) {
		struct passwd *pw = getpwnam(user);

		if (pw != NULL) {
			*uid = pw->pw_uid;
			return pw->pw_uid == (uid_t)-1 ? -EINVAL : 0;
		}
	}
	return -ENOENT;
}

int
names_gid(const struct names *n, const char *group, gid_t *gid)
{
	const struct group_rec *g = group_lookup(n, group, 0);

	if (g != NULL) {
		*gid = g->gid;
		return g->gid == (gid_t)-1 ? -EINVAL : 0;
	}
	if (n->nss) {
		struct group *gr = getgrnam(group);

		if (gr != NULL) {
			*gid = gr->gr_gid;
			return gr->gr_gid == (gid_t)-1 ? -EINVAL : 0;
		}
	}
	return -ENOENT;
}

int
names_user_gid(const struct names *n, uid_t uid, gid_t *gid)
{
	const struct user_rec *u = user_lookup(n, NULL, uid);

	if (u == NULL)
		return -ENOENT;
	*gid = u->gid;
	return 0;
}

const char *
names_user(const struct names *n, uid_t uid)
{
	const struct user_rec *u = user_lookup(n, NULL, uid);

	return u != NULL ? u->name : NULL;
}

const char *
names_group(const struct names *n, gid_t gid)
{
	const struct group_rec *g = group_lookup(n, NULL, gid);

	return g != NULL ? g->name : NULL;
}

bool
names_in_group(const struct names *n, const char *user, gid_t gid)
{
	const struct group_rec *g = group_lookup(n, NULL, gid);

	if (g == NULL)
		return false;
	for (char **m = g->members; *m != NULL; m++)
		if (strcmp(*m, user) == 0)
			return true;
	return false;
}

char *
names_user_text(const struct names *n, uid_t uid)
{
	const char *name = n != NULL ? names_user(n, uid) : NULL;

	return name != NULL ? xasprintf("%s (uid %lu)", name, (unsigned long)uid) :
	    xasprintf("uid %lu", (unsigned long)uid);
}

char *
names_group_text(const struct names *n, gid_t gid)
{
	const char *name = n != NULL ? names_group(n, gid) : NULL;

	return name != NULL ? xasprintf("%s (gid %lu)", name, (unsigned long)gid) :
	    xasprintf("gid %lu", (unsigned long)gid);
}

void
names_report(const struct names *n, struct report *rep)
{
	const struct table *t[2] = { n->users, n->groups };
	static const char *const id[2] = { "passwd.long-line", "group.long-line" };
	static const char *const path[2] = { "/etc/passwd", "/etc/group" };

	for (int i = 0; i < 2; i++)
		if (t[i]->skipped > 0)
			report_findingf(rep, id[i], SEV_MEDIUM, path[i], NULL, NULL,
			    "%lu entr%s larger than %u MiB not read (the first a "
			    "line of %zu bytes at byte %lld): names it holds are "
			    "unknown", t[i]->skipped, t[i]->skipped == 1 ? "y" : "ies",
			    DBENT_MAX >> 20, t[i]->skip_len, t[i]->skip_at);
}
