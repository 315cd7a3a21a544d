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
#include "fsutil.h"
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
