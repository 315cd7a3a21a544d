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
 * file is loaded once into a compact table (nametab.h) and every lookup
 * is a hash probe.
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
#include "nametab.h"
#include "report.h"
#include "util.h"

#define SCAN_LIMIT 32

/*
 * Records found by scanning, before the file is loaded.  A file may name
 * someone twice or give an id two names; the first line wins, as with
 * getpwnam(3): a scan stops at the first match, and nametab keeps the
 * first record of each key.
 */
struct user_rec {
	char *name;
	uid_t uid;
	gid_t gid;
};

struct group_rec {
	char *name;
	gid_t gid;
	char **members;		/* NULL-terminated */
};

/* What a lookup found, wherever it was. */
struct user_hit {
	const char *name;
	uid_t uid;
	gid_t gid;
};

struct group_hit {
	const char *name;
	gid_t gid;
	char *const *members;	/* a scanned record's, or NULL and: */
	const char *packed;	/* a loaded one's: "a\0b\0\0" */
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
	struct nametab *tab;	/* loaded; NULL when the file was not read */
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
db_open(struct table *t, int root_fd, const char *path, struct db_scan *s,
    size_t *size)
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
	if (size != NULL)
		*size = (size_t)st.st_size;
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

static void
user_copy(struct user_rec *dst, const struct passwd *pw)
{
	*dst = (struct user_rec){ xstrdup(pw->pw_name), pw->pw_uid, pw->pw_gid };
}

static void
group_copy(struct group_rec *dst, const struct group *gr)
{
	size_t m = 0;

	while (gr->gr_mem[m] != NULL)
		m++;
	dst->name = xstrdup(gr->gr_name);
	dst->gid = gr->gr_gid;
	dst->members = xcalloc(m + 1, sizeof(*dst->members));
	for (size_t i = 0; i < m; i++)
		dst->members[i] = xstrdup(gr->gr_mem[i]);
}

/* Said once: the table is full (4 GiB of names), the rest is not read. */
static void
table_full(const char *path)
{
	fprintf(stderr, "jailctl: warning: ROOT/%s: more than 4 GiB of names: "
	    "the rest of the file not read\n", path);
}

static void
load_users(const struct names *n)
{
	struct table *t = n->users;
	struct passwd *pw;
	struct db_scan sc;
	size_t size;

	t->loaded = true;
	if (!db_open(t, n->root_fd, "etc/passwd", &sc, &size))
		return;
	t->tab = nametab_new(size);
	while ((pw = dbent_next_pw(&sc.d)) != NULL)
		if (!nametab_add(t->tab, pw->pw_name, pw->pw_uid, pw->pw_gid, NULL, 0)) {
			table_full("etc/passwd");
			break;
		}
	db_close(t, "etc/passwd", &sc);
}

static void
load_groups(const struct names *n)
{
	struct table *t = n->groups;
	struct group *gr;
	struct db_scan sc;
	size_t size, cap = 256;
	char *packed = xmalloc(cap);

	t->loaded = true;
	if (!db_open(t, n->root_fd, "etc/group", &sc, &size)) {
		free(packed);
		return;
	}
	t->tab = nametab_new(size);
	while ((gr = dbent_next_gr(&sc.d)) != NULL) {
		/* The members, each with its NUL, kept after the name. */
		size_t len = 0;
		for (char **m = gr->gr_mem; *m != NULL; m++) {
			size_t l = strlen(*m) + 1;
			if (len + l > cap) {
				while (len + l > cap)
					cap *= 2;
				packed = xrealloc(packed, cap);
			}
			memcpy(packed + len, *m, l);
			len += l;
		}
		if (!nametab_add(t->tab, gr->gr_name, gr->gr_gid, 0, packed, len)) {
			table_full("etc/group");
			break;
		}
	}
	db_close(t, "etc/group", &sc);
	free(packed);
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
	nametab_free(n->users->tab);
	free_groups(n->groups->seen, n->groups->nseen);
	nametab_free(n->groups->tab);
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
static bool
user_lookup(const struct names *n, const char *name, uid_t uid, struct user_hit *hit)
{
	struct table *t = n->users;
	const struct user_rec *u = NULL;

	if (!t->loaded) {
		struct user_rec *seen = t->seen;
		for (size_t i = 0; i < t->nseen && u == NULL; i++)
			if (name != NULL ? strcmp(seen[i].name, name) == 0 : seen[i].uid == uid)
				u = &seen[i];
		if (u == NULL && t->misses++ < SCAN_LIMIT) {
			struct db_scan sc;
			struct passwd *pw;

			if (!db_open(t, n->root_fd, "etc/passwd", &sc, NULL))
				return false;
			while ((pw = dbent_next_pw(&sc.d)) != NULL)
				if (name != NULL ? strcmp(pw->pw_name, name) == 0 :
				    pw->pw_uid == uid)
					break;
			if (pw != NULL) {
				t->seen = seen = xrealloc(seen, (t->nseen + 1) * sizeof(*seen));
				user_copy(&seen[t->nseen], pw);
				u = &seen[t->nseen++];
			}
			db_close(t, "etc/passwd", &sc);
			if (u == NULL)
				return false;
		}
		if (u != NULL) {
			*hit = (struct user_hit){ u->name, u->uid, u->gid };
			return true;
		}
		load_users(n);
	}

	struct nametab_rec r;
	if (t->tab == NULL || !(name != NULL ? nametab_by_name(t->tab, name, &r) :
	    nametab_by_id(t->tab, uid, &r)))
		return false;
	*hit = (struct user_hit){ r.name, r.id, r.id2 };
	return true;
}

static bool
group_lookup(const struct names *n, const char *name, gid_t gid, struct group_hit *hit)
{
	struct table *t = n->groups;
	const struct group_rec *g = NULL;

	if (!t->loaded) {
		struct group_rec *seen = t->seen;
		for (size_t i = 0; i < t->nseen && g == NULL; i++)
			if (name != NULL ? strcmp(seen[i].name, name) == 0 : seen[i].gid == gid)
				g = &seen[i];
		if (g == NULL && t->misses++ < SCAN_LIMIT) {
			struct db_scan sc;
			struct group *gr;

			if (!db_open(t, n->root_fd, "etc/group", &sc, NULL))
				return false;
			while ((gr = dbent_next_gr(&sc.d)) != NULL)
				if (name != NULL ? strcmp(gr->gr_name, name) == 0 :
				    gr->gr_gid == gid)
					break;
			if (gr != NULL) {
				t->seen = seen = xrealloc(seen, (t->nseen + 1) * sizeof(*seen));
				group_copy(&seen[t->nseen], gr);
				g = &seen[t->nseen++];
			}
			db_close(t, "etc/group", &sc);
			if (g == NULL)
				return false;
		}
		if (g != NULL) {
			*hit = (struct group_hit){ g->name, g->gid, g->members, NULL };
			return true;
		}
		load_groups(n);
	}

	struct nametab_rec r;
	if (t->tab == NULL || !(name != NULL ? nametab_by_name(t->tab, name, &r) :
	    nametab_by_id(t->tab, gid, &r)))
		return false;
	*hit = (struct group_hit){ r.name, r.id, NULL, r.extra };
	return true;
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
	struct user_hit u;

	if (user_lookup(n, user, 0, &u)) {
		*uid = u.uid;
		return u.uid == (uid_t)-1 ? -EINVAL : 0;
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
	struct group_hit g;

	if (group_lookup(n, group, 0, &g)) {
		*gid = g.gid;
		return g.gid == (gid_t)-1 ? -EINVAL : 0;
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
	struct user_hit u;

	if (!user_lookup(n, NULL, uid, &u))
		return -ENOENT;
	*gid = u.gid;
	return 0;
}

const char *
names_user(const struct names *n, uid_t uid)
{
	struct user_hit u;

	return user_lookup(n, NULL, uid, &u) ? u.name : NULL;
}

const char *
names_group(const struct names *n, gid_t gid)
{
	struct group_hit g;

	return group_lookup(n, NULL, gid, &g) ? g.name : NULL;
}

bool
names_in_group(const struct names *n, const char *user, gid_t gid)
{
	struct group_hit g;

	if (!group_lookup(n, NULL, gid, &g))
		return false;
	if (g.members != NULL) {
		for (char *const *m = g.members; *m != NULL; m++)
			if (strcmp(*m, user) == 0)
				return true;
		return false;
	}
	for (const char *m = g.packed; *m != '\0'; m += strlen(m) + 1)
		if (strcmp(m, user) == 0)
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
