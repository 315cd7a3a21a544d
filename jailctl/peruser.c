/*
 * peruser.c -- see peruser.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "fsutil.h"
#include "jailctl.h"
#include "peruser.h"
#include "profile.h"
#include "report.h"
#include "users.h"
#include "util.h"

/* Directory names judged per pass over passwd in peruser_stale(). */
#define STALE_CHUNK 1024

/* The template's last component around "%name": prefix and suffix. */
static void
template_parts(const struct entry *t, const char **prefix, size_t *plen,
    const char **suffix)
{
	const char *last = strrchr(t->path, '/') + 1;
	const char *at = strstr(last, "%name");

	*prefix = last;
	*plen = (size_t)(at - last);
	*suffix = at + 5;
}

/* The template's path with "%name" replaced (malloc'd). */
static char *
expand_path(const struct entry *t, const char *name)
{
	const char *at = strstr(t->path, "%name");

	return xasprintf("%.*s%s%s", (int)(at - t->path), t->path, name, at + 5);
}

/*
 * A passwd name that can stand as a directory name: not empty, "." or
 * "..", no '/', no control character, and short enough once the
 * template's other text is added.
 */
static bool
usable_name(const struct entry *t, const char *name)
{
	const char *prefix, *suffix;
	size_t plen;

	template_parts(t, &prefix, &plen, &suffix);
	if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    plen + strlen(name) + strlen(suffix) > NAME_MAX)
		return false;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		if (*s == '/' || *s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

struct selection {
	struct context *ctx;
	struct report *rep;
	const struct entry *tmpl;
	peruser_fn *fn;
	void *arg;
	char *last;		/* users=forward: the user last selected */
};

/* Make the template concrete for one user and hand it on. */
static void
select_user(struct selection *s, const char *name, uid_t uid, gid_t gid)
{
	const struct entry *t = s->tmpl;
	struct entry e = *t;
	char gidtext[16];

	if (!usable_name(t, name)) {
		char *path = path_join(s->ctx->profile->jail, t->path);
		report_findingf(s->rep, "tree.peruser-name", SEV_LOW, path, NULL,
		    name, "the user's name cannot be a directory name here: no "
		    "directory made for it");
		free(path);
		return;
	}
	e.path = expand_path(t, name);
	/* An entry of its own in the profile wins over the template. */
	if (profile_entry(s->ctx->profile, e.path) != NULL) {
		free(e.path);
		return;
	}
	e.users = USERS_NONE;
	e.owner_per_user = e.group_per_user = false;
	if (t->owner_per_user) {
		e.owner = (char *)name;
		e.uid = uid;
	}
	if (t->group_per_user) {
		/* The number, not the name: naming it would mean a lookup per
		 * user in a group file as long as passwd. */
		snprintf(gidtext, sizeof(gidtext), "%u", (unsigned)gid);
		e.group = gidtext;
		e.gid = gid;
	}
	s->fn(s->arg, &e);
	free(e.path);
}

/* users=forward: one target of one user's .forward. */
static void
on_target(void *arg, const char *user, uid_t uid, gid_t gid, const char *target)
{
	struct selection *s = arg;
	char *inside, *dir;
	size_t n;

	/* A user's targets come together: the first one inside selects. */
	if (s->last != NULL && strcmp(s->last, user) == 0)
		return;
	if (!usable_name(s->tmpl, user))
		return;
	inside = expand_path(s->tmpl, user);
	dir = path_join(s->ctx->profile->jail, inside);
	n = strlen(dir);
	if (strncmp(target, dir, n) == 0 && target[n] == '/') {
		free(s->last);
		s->last = xstrdup(user);
		select_user(s, user, uid, gid);
	}
	free(dir);
	free(inside);
}

/* users=MIN-MAX: login users, as sendmail's usershellok() judges a shell. */
static int
select_uids(struct selection *s)
{
	struct shells *shells = shells_load(s->ctx->root_fd);
	struct pw_iter *it = NULL;
	const struct passwd *pw;
	int r;

	r = pw_iter_open(s->ctx->root_fd, s->ctx->real_root, &it);
	while (r >= 0 && (r = pw_iter_next(it, &pw)) > 0) {
		struct pw_copy c;

		if (pw->pw_uid < s->tmpl->users_min || pw->pw_uid > s->tmpl->users_max ||
		    !shells_ok(shells, pw->pw_name, pw->pw_shell, NULL))
			continue;
		/* Copied: what the callback looks up may reuse the buffer. */
		pw_copy_set(&c, pw);
		select_user(s, c.name, c.uid, c.gid);
		pw_copy_clear(&c);
	}
	pw_iter_close(it);
	shells_free(shells);
	return r < 0 ? r : 0;
}

int
peruser_each(struct context *ctx, struct report *rep, const struct entry *tmpl,
    peruser_fn *fn, void *arg)
{
	struct selection s = { ctx, rep, tmpl, fn, arg, NULL };
	int r;

	if (tmpl->users == USERS_UIDS)
		return select_uids(&s);
	r = forward_file_targets(ctx, on_target, &s);
	free(s.last);
	if (r > 0) {
		char *path = path_join(ctx->profile->jail, tmpl->path);
		report_findingf(rep, "tree.peruser-forward", SEV_INFO, path, NULL,
		    NULL, "sendmail.cf cannot be read, so no .forward can be, and "
		    "users=forward (profile line %u) selects no one", tmpl->line);
		free(path);
		r = 0;
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* Directories of users who are gone.                                  */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The next up to STALE_CHUNK directory names in d that have the
 * template's shape (prefix%namesuffix), as the names they stand for,
 * sorted.  *n gets the count; *end is set once d is read to its end.
 */
static char **
next_chunk(struct context *ctx, DIR *d, int parent_fd, const struct entry *t,
    size_t *n, bool *end, int *err)
{
	char **v = xcalloc(STALE_CHUNK, sizeof(*v));
	const char *prefix, *suffix;
	size_t plen, slen;
	struct dirent *de;

	template_parts(t, &prefix, &plen, &suffix);
	slen = strlen(suffix);
	*n = 0;
	*end = false;
	*err = 0;
	while (*n < STALE_CHUNK) {
		struct stat st;
		size_t len;

		errno = 0;
		if ((de = readdir(d)) == NULL) {
			*err = errno;
			*end = true;
			break;
		}
		len = strlen(de->d_name);
		if (len <= plen + slen || strncmp(de->d_name, prefix, plen) != 0 ||
		    strcmp(de->d_name + len - slen, suffix) != 0)
			continue;
		if (de->d_type != DT_DIR && (de->d_type != DT_UNKNOWN ||
		    fstatat(parent_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode)))
			continue;
		char *name = xstrndup(de->d_name + plen, len - plen - slen);
		char *path = expand_path(t, name);
		/* Entries of the profile are the profile's, user or not. */
		bool entry = profile_entry(ctx->profile, path) != NULL;
		free(path);
		if (entry || !usable_name(t, name)) {
			free(name);
			continue;
		}
		v[(*n)++] = name;
	}
	qsort(v, *n, sizeof(*v), str_cmp);
	return v;
}

void
peruser_stale(struct context *ctx, struct report *rep, int parent_fd,
    const char *parent, const struct entry *tmpl)
{
	int dfd = openat(parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool end = false;
	DIR *d;

	if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
		report_findingf(rep, "tree.error", SEV_HIGH, parent, NULL,
		    strerror(errno), "cannot list directory");
		closep(&dfd);
		return;
	}
	/*
	 * A chunk of names, then one pass over passwd to cross off the users
	 * that exist: memory is one chunk, whatever the number of users.
	 */
	while (!end) {
		struct pw_iter *it = NULL;
		const struct passwd *pw;
		size_t n;
		int err, r;
		char **v = next_chunk(ctx, d, dfd, tmpl, &n, &end, &err);
		bool *known = xcalloc(n + 1, sizeof(*known));

		if (err != 0)
			report_findingf(rep, "tree.error", SEV_HIGH, parent, NULL,
			    strerror(err), "cannot list directory to its end");
		r = n == 0 ? 0 : pw_iter_open(ctx->root_fd, ctx->real_root, &it);
		while (n > 0 && r >= 0 && (r = pw_iter_next(it, &pw)) > 0) {
			const char *key = pw->pw_name;
			char **hit = bsearch(&key, v, n, sizeof(*v), str_cmp);

			if (hit != NULL)
				known[hit - v] = true;
		}
		/* An entry too long to read might be any of them. */
		long long at;
		size_t len;
		if (r == 0 && pw_iter_skipped(it, &at, &len) > 0)
			r = -EFBIG;
		pw_iter_close(it);
		for (size_t i = 0; i < n; i++) {
			char *rel = expand_path(tmpl, v[i]);
			char *path = path_join(ctx->profile->jail, rel);

			/* Unless passwd could not be read to its end: then
			 * nobody is known to be gone. */
			if (!known[i] && r == 0)
				report_findingf(rep, "tree.peruser-stale", SEV_LOW, path,
				    NULL, v[i], "a directory for %s, who is not a user "
				    "(any more): left alone for a person", v[i]);
			free(path);
			free(rel);
			free(v[i]);
		}
		if (r < 0)
			report_findingf(rep, "tree.error", SEV_HIGH, "/etc/passwd", NULL,
			    strerror(-r), "cannot read the users, so directories of "
			    "users who are gone are not looked for");
		free(known);
		free(v);
		if (r < 0)
			break;
	}
	closedir(d);
}
