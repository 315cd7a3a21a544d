/*
 * safefile.c -- see safefile.h.
 *
 * The two judgements follow libsmutil/safefile.c of sendmail 8.17 step by
 * step; comments name the places where its behaviour is surprising, since
 * those are exactly the places an audit gets wrong by "improving" them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsident.h"
#include "fsutil.h"
#include "openall.h"
#include "safefile.h"
#include "util.h"

static int open_pinned_judged(int pfd, const struct stat *st,
    const struct stat *judged, int *fd);

/* sf_open_judged(), also saying what it opened (st may be NULL). */
static int
open_judged_walk(int root_fd, const char *path, bool follow,
    const struct stat *judged, int *fd, struct stat *opened)
{
	struct stat st;
	int pfd, r;

	*fd = -1;
	fsid_apply();
	pfd = open_beneath(root_fd, path, O_PATH | (follow ? 0 : O_NOFOLLOW), true);
	if (pfd < 0)
		return -pfd;
	if (fstat(pfd, &st) != 0) {
		r = errno;
		close(pfd);
		return r;
	}
	if (opened != NULL)
		*opened = st;
	return open_pinned_judged(pfd, &st, judged, fd);
}

int
sf_open_judged(int root_fd, const char *path, bool follow,
    const struct stat *judged, int *fd)
{
	return open_judged_walk(root_fd, path, follow, judged, fd, NULL);
}

int
sf_stat_in_root(int root_fd, const char *path, bool follow, struct stat *st)
{
	int fd, err = 0;

	if (*path == '\0')
		return ENOENT;
	fsid_apply();
	fd = open_beneath(root_fd, path, O_PATH | (follow ? 0 : O_NOFOLLOW), true);
	if (fd < 0)
		return -fd;
	if (fstat(fd, st) != 0)
		err = errno;
	close(fd);
	return err;
}

/* ---- the directories of a run (sf_dirs) -------------------------------- */

/* Enough for the shared directories of a run and a few users' homes. */
#define SF_DIRS_MAX 128

struct sf_dir {
	char *path;		/* normalized ("home/bob"); "" is the root */
	size_t hash;		/* str_hash(path) */
	int fd;			/* O_PATH; -1 when missing */
	int err;		/* 0, or ENOENT: not there */
	struct stat st;
	bool to_all;		/* every identity may search it */
	bool used;		/* looked at since the clock hand passed */
};

/*
 * A name looked up in a directory all may search (every directory above
 * it too): what anyone's lookup gives, kept as a directory is.
 */
#define SF_NAMES_MAX 128

struct sf_name {
	char *path;		/* normalized */
	size_t hash;
	int err;		/* 0 or ENOENT */
	struct stat st;		/* lstat() */
	bool used;
};

/* Hash chains over both tables: slot index + 1, 0 ends a chain. */
#define SF_BUCKETS 256

struct sf_dirs {
	int root_fd;
	struct sf_dir v[SF_DIRS_MAX];
	size_t n;
	unsigned short dhead[SF_BUCKETS], dnext[SF_DIRS_MAX];
	struct sf_name names[SF_NAMES_MAX];
	size_t nnames;
	unsigned short nhead[SF_BUCKETS], nnext[SF_NAMES_MAX];
	size_t dhand, nhand;	/* second-chance clocks for eviction */
	unsigned long hits;
};


struct sf_dirs *
sf_dirs_new(int root_fd)
{
	struct sf_dirs *d = xcalloc(1, sizeof(*d));
	struct sf_dir *r = &d->v[0];

	d->root_fd = root_fd;
	r->path = xstrdup("");
	r->hash = (size_t)str_hash("");
	r->fd = root_fd;
	if (fstat(root_fd, &r->st) != 0 || !S_ISDIR(r->st.st_mode)) {
		/* nothing to remember under a root that is not one */
		free(r->path);
		r->path = NULL;
		return d;
	}
	r->to_all = open_to_all(root_fd, &r->st, S_IXUSR);
	d->n = 1;
	d->dhead[r->hash % SF_BUCKETS] = 1;
	return d;
}

void
sf_dirs_free(struct sf_dirs *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].path);
		if (i > 0 && d->v[i].fd >= 0)
			close(d->v[i].fd);
	}
	for (i = 0; i < d->nnames; i++)
		free(d->names[i].path);
	free(d);
}

unsigned long
sf_dirs_hits(const struct sf_dirs *d)
{
	return d != NULL ? d->hits : 0;
}

/*
 * path as a chain of names beneath the root: no leading, doubled or
 * trailing '/'.  NULL for what the cache does not handle -- "." and ".."
 * (the kernel's walk gives them meaning), a trailing '/' (it makes the
 * last name a directory), an empty path.  malloc'd.
 */
static char *
sf_norm(const char *path)
{
	size_t len = strlen(path), n = 0;
	const char *p = path;
	char *out;

	if (len == 0 || (len > 1 && path[len - 1] == '/'))
		return NULL;
	out = xmalloc(len + 1);
	while (*p != '\0') {
		size_t cl;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		cl = strcspn(p, "/");
		if ((cl == 1 && p[0] == '.') ||
		    (cl == 2 && p[0] == '.' && p[1] == '.')) {
			free(out);
			return NULL;
		}
		if (n > 0)
			out[n++] = '/';
		memcpy(out + n, p, cl);
		n += cl;
		p += cl;
	}
	out[n] = '\0';
	return out;
}

/* Link slot i (hash h) into a table's chains, or take it out. */
static void
chain_link(unsigned short *head, unsigned short *next, size_t i, size_t h)
{
	next[i] = head[h % SF_BUCKETS];
	head[h % SF_BUCKETS] = (unsigned short)(i + 1);
}

static void
chain_unlink(unsigned short *head, unsigned short *next, size_t i, size_t h)
{
	unsigned short *p = &head[h % SF_BUCKETS];

	while (*p != 0 && *p != i + 1)
		p = &next[*p - 1];
	if (*p != 0)
		*p = next[i];
}

static struct sf_dir *
dir_find(struct sf_dirs *d, const char *norm)
{
	size_t h = (size_t)str_hash(norm);
	unsigned short k;

	for (k = d->dhead[h % SF_BUCKETS]; k != 0; k = d->dnext[k - 1]) {
		struct sf_dir *e = &d->v[k - 1];

		if (e->hash == h && strcmp(e->path, norm) == 0) {
			e->used = true;
			return e;
		}
	}
	return NULL;
}

/*
 * A free slot: past the table's size, the first entry the clock hand
 * finds not looked at since it last passed (never the root, nor keep,
 * the parent being looked up from).
 */
static struct sf_dir *
dir_slot(struct sf_dirs *d, const struct sf_dir *keep)
{
	struct sf_dir *e;
	size_t victim;

	if (d->n < SF_DIRS_MAX)
		return &d->v[d->n++];
	for (;;) {
		d->dhand = d->dhand + 1 < d->n ? d->dhand + 1 : 1;
		e = &d->v[d->dhand];
		if (e == keep)
			continue;
		if (!e->used)
			break;
		e->used = false;
	}
	victim = d->dhand;
	chain_unlink(d->dhead, d->dnext, victim, e->hash);
	free(e->path);
	if (e->fd >= 0)
		close(e->fd);
	memset(e, 0, sizeof(*e));
	return e;
}

/* The parent part of a normalized path ("" for a name in the root). */
static char *
norm_parent(const char *norm, const char **name)
{
	const char *slash = strrchr(norm, '/');

	if (slash == NULL) {
		*name = norm;
		return xstrdup("");
	}
	*name = slash + 1;
	return xstrndup(norm, (size_t)(slash - norm));
}

/*
 * The entry for directory norm, made if need be: NULL when it cannot be
 * kept (a symlink or a file there, a parent not all may search, an error
 * of ours).  The lookup that makes it happens in a directory every
 * identity may search, so whoever makes it sees what anyone would.
 */
static struct sf_dir *
dir_get(struct sf_dirs *d, const char *norm)
{
	struct sf_dir *e, *parent;
	struct stat st;
	const char *name;
	char *pnorm;
	int fd;

	if (d->n == 0)
		return NULL;
	e = dir_find(d, norm);
	if (e != NULL || norm[0] == '\0')
		return e;
	pnorm = norm_parent(norm, &name);
	parent = dir_get(d, pnorm);
	free(pnorm);
	if (parent == NULL || parent->err != 0 || !parent->to_all)
		return NULL;
	/* no identity needed: anyone's lookup there sees the same */
	fd = openat(parent->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno != ENOENT)
		return NULL;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode))) {
		close(fd);
		return NULL;
	}
	e = dir_slot(d, parent);
	e->path = xstrdup(norm);
	e->hash = (size_t)str_hash(norm);
	chain_link(d->dhead, d->dnext, (size_t)(e - d->v), e->hash);
	e->fd = fd;
	e->used = true;
	if (fd < 0) {
		e->err = ENOENT;
		return e;
	}
	e->st = st;
	e->to_all = open_to_all(fd, &st, S_IXUSR);
	return e;
}

static struct sf_name *
name_find(struct sf_dirs *d, const char *norm)
{
	size_t h = (size_t)str_hash(norm);
	unsigned short k;

	for (k = d->nhead[h % SF_BUCKETS]; k != 0; k = d->nnext[k - 1]) {
		struct sf_name *e = &d->names[k - 1];

		if (e->hash == h && strcmp(e->path, norm) == 0) {
			e->used = true;
			return e;
		}
	}
	return NULL;
}

static void
name_keep(struct sf_dirs *d, const char *norm, int err, const struct stat *st)
{
	struct sf_name *e;

	if (d->nnames < SF_NAMES_MAX)
		e = &d->names[d->nnames++];
	else {
		for (;;) {
			d->nhand = (d->nhand + 1) % d->nnames;
			e = &d->names[d->nhand];
			if (!e->used)
				break;
			e->used = false;
		}
		chain_unlink(d->nhead, d->nnext, d->nhand, e->hash);
		free(e->path);
	}
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(norm);
	e->hash = (size_t)str_hash(norm);
	chain_link(d->nhead, d->nnext, (size_t)(e - d->names), e->hash);
	e->err = err;
	if (err == 0)
		e->st = *st;
	e->used = true;
}

/*
 * Where a lookup of norm can start: the entry of its parent directory and
 * the last name, or NULL (walk from the root).
 */
static struct sf_dir *
dir_of(struct sf_dirs *d, const char *norm, const char **name)
{
	struct sf_dir *parent;
	char *pnorm = norm_parent(norm, name);

	parent = dir_get(d, pnorm);
	free(pnorm);
	return parent;
}

int
sf_lookup(const struct sf_env *env, const char *path, bool follow,
    struct stat *st)
{
	struct sf_dirs *d = env->dirs;
	struct sf_dir *e;
	const char *name;
	char *norm;

	if (d == NULL || d->n == 0 || (norm = sf_norm(path)) == NULL)
		return sf_stat_in_root(env->root_fd, path, follow, st);
	e = dir_find(d, norm);
	if (e != NULL && (e->path[0] != '\0' || e->to_all)) {
		/* a directory (or a missing name) as anyone sees it; the
		 * root itself only if all may search it ("." is a lookup) */
		free(norm);
		d->hits++;
		if (e->err != 0)
			return e->err;
		*st = e->st;
		return 0;
	}
	e = norm[0] != '\0' ? dir_of(d, norm, &name) : NULL;
	if (e == NULL) {
		free(norm);
		return sf_stat_in_root(env->root_fd, path, follow, st);
	}
	d->hits++;
	if (e->err != 0) {
		free(norm);
		return e->err;
	}
	if (e->to_all) {
		/* anyone's lookup: kept, and asked without the identity */
		struct sf_name *nm = name_find(d, norm);
		int err = 0;

		if (nm == NULL) {
			if (fstatat(e->fd, name, st, AT_SYMLINK_NOFOLLOW) != 0)
				err = errno;
			if (err != 0 && err != ENOENT) {
				free(norm);
				return err;
			}
			name_keep(d, norm, err, st);
			nm = name_find(d, norm);
		}
		free(norm);
		if (nm->err != 0)
			return nm->err;
		*st = nm->st;
	} else {
		/* the caller's identity searches e, as in the walk from the
		 * root */
		fsid_apply();
		if (fstatat(e->fd, name, st, AT_SYMLINK_NOFOLLOW) != 0) {
			int err = errno;

			free(norm);
			return err;
		}
		free(norm);
	}
	if (follow && S_ISLNK(st->st_mode)) {
		/* where it leads is for the walk from the root to find */
		d->hits--;
		return sf_stat_in_root(env->root_fd, path, follow, st);
	}
	return 0;
}

/* The last step of sf_open_judged(), on the object pinned as pfd (st). */
static int
open_pinned_judged(int pfd, const struct stat *st, const struct stat *judged,
    int *fd)
{
	int r;

	/* filechanged(), plus: nothing but a regular file is ever opened */
	if (!S_ISREG(st->st_mode) || st->st_dev != judged->st_dev ||
	    st->st_ino != judged->st_ino || st->st_nlink != judged->st_nlink ||
	    st->st_uid != judged->st_uid || st->st_gid != judged->st_gid) {
		close(pfd);
		return SF_E_FILECHANGE;
	}
	/* the open for reading is the kernel's call, as the identity */
	fsid_apply();
	r = reopen_pinned(pfd);
	close(pfd);
	if (r == -ENOENT)
		return r;	/* no /proc: ours, not sendmail's */
	if (r < 0)
		return -r;
	*fd = r;
	return 0;
}

int
sf_open_judged_env(const struct sf_env *env, const char *path, bool follow,
    const struct stat *judged, int *fd, struct stat *opened)
{
	struct sf_dirs *d = env->dirs;
	struct sf_dir *e;
	const char *name;
	struct stat st;
	char *norm;
	int pfd;

	*fd = -1;
	if (d == NULL || d->n == 0 || (norm = sf_norm(path)) == NULL)
		return open_judged_walk(env->root_fd, path, follow, judged, fd,
		    opened);
	e = norm[0] != '\0' ? dir_of(d, norm, &name) : NULL;
	if (e == NULL || e->err != 0) {
		free(norm);
		return open_judged_walk(env->root_fd, path, follow, judged, fd,
		    opened);
	}
	if (!e->to_all)
		fsid_apply();
	pfd = openat(e->fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	free(norm);
	if (pfd < 0)
		return errno;
	if (fstat(pfd, &st) != 0) {
		int err = errno;

		close(pfd);
		return err;
	}
	if (follow && S_ISLNK(st.st_mode)) {
		/* where it leads is for the walk from the root to find */
		close(pfd);
		return open_judged_walk(env->root_fd, path, follow, judged, fd,
		    opened);
	}
	d->hits++;
	if (opened != NULL)
		*opened = st;
	return open_pinned_judged(pfd, &st, judged, fd);
}

bool
sf_reached_by_all(const struct sf_env *env, const char *path,
    const struct stat *st)
{
	struct sf_dirs *d = env->dirs;
	struct sf_dir *e;
	struct sf_name *nm;
	const char *name;
	char *norm;
	bool ok;

	if (d == NULL || d->n == 0 || (norm = sf_norm(path)) == NULL)
		return false;
	e = norm[0] != '\0' ? dir_of(d, norm, &name) : NULL;
	nm = e != NULL && e->err == 0 && e->to_all ? name_find(d, norm) : NULL;
	ok = nm != NULL && nm->err == 0 && !S_ISLNK(nm->st.st_mode) &&
	    nm->st.st_dev == st->st_dev && nm->st.st_ino == st->st_ino;
	free(norm);
	return ok;
}

int
sf_access(const struct sf_env *env, const char *path, int mode)
{
	struct sf_dirs *d = env->dirs;
	struct sf_dir *e = NULL;
	char *norm;
	int fd, err = 0;

	if (d != NULL && d->n > 0 && (norm = sf_norm(path)) != NULL) {
		e = dir_find(d, norm);
		free(norm);
		/* the root's own entry is reached with a lookup of "." */
		if (e != NULL && (e->err != 0 ||
		    (e->path[0] == '\0' && !e->to_all)))
			e = NULL;
	}
	fsid_apply();
	if (e != NULL) {
		d->hits++;
		fd = e->fd;
	} else {
		fd = open_beneath(env->root_fd, path, O_PATH, true);
		if (fd < 0)
			return -fd;
	}
	if (syscall(SYS_faccessat2, fd, "", mode, AT_EACCESS | AT_EMPTY_PATH) != 0)
		err = errno;
	if (e == NULL)
		close(fd);
	return err;
}

/* readlink() beneath root; 0 or a positive errno, EINVAL when too long. */
static int
readlink_in_root(int root_fd, const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err = 0;

	fsid_apply();
	fd = open_beneath(root_fd, path, O_PATH | O_NOFOLLOW, true);
	if (fd < 0)
		return -fd;
	n = readlinkat(fd, "", buf, size);
	if (n < 0)
		err = errno;
	else if ((size_t)n >= size)
		err = EINVAL;	/* sendmail: "file name too long for buffer" */
	else
		buf[n] = '\0';
	close(fd);
	return err;
}

const char *
sf_errstring(int err)
{
	switch (err) {
	case SF_E_OPENTIMEOUT: return "Timeout on file open";
	case SF_E_NOSLINK: return "Symbolic links not allowed";
	case SF_E_NOHLINK: return "Hard links not allowed";
	case SF_E_REGONLY: return "Regular files only";
	case SF_E_ISEXEC: return "Executable files not allowed";
	case SF_E_WWDIR: return "World writable directory";
	case SF_E_GWDIR: return "Group writable directory";
	case SF_E_FILECHANGE: return "File changed after open";
	case SF_E_WWFILE: return "World writable file";
	case SF_E_GWFILE: return "Group writable file";
	case SF_E_GRFILE: return "Group readable file";
	case SF_E_WRFILE: return "World readable file";
	case EPERM: return "Operation not permitted";
	default: return strerror(err);
	}
}

bool
sf_transient(int err)
{
	switch (err) {
	case EIO: case ENXIO: case EAGAIN: case ENOMEM: case ENFILE:
	case EMFILE: case ETXTBSY: case ENOSPC: case EDEADLK: case ENOLCK:
	case ENETDOWN: case ENETUNREACH: case ENETRESET: case ECONNABORTED:
	case ECONNRESET: case ENOBUFS: case ESHUTDOWN: case ETIMEDOUT:
	case ECONNREFUSED: case EHOSTDOWN: case EHOSTUNREACH: case ENOSR:
	case EUSERS: case ESTALE: case SF_E_OPENTIMEOUT:
		return true;
	default:
		return false;
	}
}

static bool
is_member(const struct sf_env *env, gid_t gid, const char *user)
{
	return user != NULL && !env->dont_init_groups && env->member != NULL &&
	    env->member(env->member_arg, gid, user);
}

static void
set_where(char **where, const char *path)
{
	if (where != NULL && *where == NULL)
		*where = xstrdup(path);
}

/*
 * The link target to continue with, and where to start checking in it.
 * sendmail skips the part of an absolute target that repeats the path
 * already checked; for a relative one it glues the target onto the link's
 * directory and starts after that directory.  Returns 0 or EINVAL.
 */
static int
link_target(char *s, const char *buf, char **target, size_t *offset)
{
	size_t off = 0;
	char *slash;

	if (buf[0] == '/') {
		while (s[off] == buf[off] && s[off] != '\0')
			off++;
		if (s[off] == '\0' && buf[off] == '\0')
			return ELOOP;	/* the link names itself */
		if (off > 0)
			off--;
		if (off > 0 && s[off] != '/' && s[off] != '\0') {
			while (buf[off] != '/' && off > 0)
				off--;
		}
		if (off > 0 && s[off] == '/' && buf[off] == '/')
			off++;
		*target = xstrdup(buf);
		*offset = off;
		return 0;
	}
	slash = strrchr(s, '/');
	if (slash != NULL) {
		*slash = '\0';
		*target = xasprintf("%s/%s", s, buf);
		*offset = (size_t)(slash + 1 - s);
		*slash = '/';
	} else {
		*target = xstrdup(buf);
		*offset = 0;
	}
	if (strlen(*target) >= SF_MAXPATHLEN * SF_MAXSYMLINKS) {
		free(*target);
		*target = NULL;
		return EINVAL;
	}
	return 0;
}

static int
dirpath(const struct sf_env *env, const char *fn, const struct sf_who *who,
    long flags, int level, size_t offset, char **where)
{
	mode_t unsafe = S_IWOTH;
	char *s, *p, *saveptr = NULL, save = '\0';
	int ret = 0;

	if (level > SF_MAXSYMLINKS)
		return ELOOP;
	if (offset > strlen(fn))
		return EINVAL;
	if (*fn == '\0')
		fn = "/";
	if (!env->gw_dirpath_safe)
		unsafe |= S_IWGRP;
	if (strlen(fn) >= SF_MAXPATHLEN * SF_MAXSYMLINKS)
		return EINVAL;
	s = xstrdup(fn);
	p = s + offset;
	/*
	 * Every prefix of the path ending at a '/', then the whole path, is
	 * checked in turn: "/", "/home", "/home/bob".
	 */
	while (p != NULL) {
		struct stat st;
		char *enddir;

		if (saveptr != NULL) {
			*saveptr = save;
			saveptr = NULL;
			p++;
		}
		if (*p == '\0')
			break;
		p = strchr(p, '/');
		if (p == s) {
			save = p[1];
			saveptr = p + 1;
			p[1] = '\0';
		} else if (p != NULL) {
			save = *p;
			saveptr = p;
			*p = '\0';
		}

		/* sendmail's heuristic: "." and ".." were checked already */
		enddir = strrchr(s, '/');
		if (enddir != NULL &&
		    (strcmp(enddir, "/..") == 0 || strcmp(enddir, "/.") == 0))
			continue;

		ret = sf_lookup(env, s, false, &st);
		if (ret != 0) {
			set_where(where, s);
			break;
		}

		if (S_ISLNK(st.st_mode)) {
			char buf[SF_MAXPATHLEN];
			char *target = NULL;
			size_t toff;

			ret = readlink_in_root(env->root_fd, s, buf, sizeof(buf));
			if (ret == 0)
				ret = link_target(s, buf, &target, &toff);
			if (ret == 0) {
				/* the link's target is judged, not the link */
				ret = dirpath(env, target, who, flags, level + 1,
				    toff, where);
				free(target);
			}
			if (ret != 0) {
				set_where(where, s);
				break;
			}
			continue;
		}

		if ((who->uid == 0 || (flags & SF_SAFEDIRPATH)) &&
		    !(env->trust_sticky && (st.st_mode & S_ISVTX)) &&
		    (st.st_mode & unsafe)) {
			if (flags & SF_SAFEDIRPATH) {
				ret = (st.st_mode & S_IWOTH) ? SF_E_WWDIR :
				    SF_E_GWDIR;
				set_where(where, s);
				break;
			}
			/* otherwise sendmail only warns (with -v -v) */
		}
		if (who->uid == 0 && !(flags & (SF_ROOTOK | SF_OPENASROOT))) {
			if (st.st_mode & S_IXOTH)
				continue;
			ret = EACCES;
			set_where(where, s);
			break;
		}
		/*
		 * Not running as root: sendmail lets the kernel decide (the
		 * lstat above already failed if search was denied).
		 */
		if (!who->euid_root || (flags & SF_OPENASROOT))
			continue;
		if (st.st_uid == who->uid && (st.st_mode & S_IXUSR))
			continue;
		if (st.st_gid == who->gid && (st.st_mode & S_IXGRP))
			continue;
		if (is_member(env, st.st_gid, who->user) &&
		    (st.st_mode & S_IXGRP))
			continue;
		if (!(st.st_mode & S_IXOTH)) {
			ret = EACCES;
			set_where(where, s);
			break;
		}
	}
	free(s);
	return ret;
}

int
sf_safedirpath(const struct sf_env *env, const char *dir,
    const struct sf_who *who, long flags, char **where)
{
	return dirpath(env, dir, who, flags, 0, 0, where);
}

/* The parent directory of fn as safefile() names it, malloc'd. */
static char *
parent_of(const char *fn)
{
	const char *p = strrchr(fn, '/');

	if (p == NULL)
		return xstrdup(".");
	if (p == fn)
		return xstrdup("/");
	return xstrndup(fn, (size_t)(p - fn));
}

/*
 * Which of the owner/group/other triplets of `bits` (given as owner bits)
 * apply to who for an object owned by uid:gid, as safefile() chooses them.
 */
static mode_t
select_bits(const struct sf_env *env, const struct sf_who *who, uid_t uid,
    gid_t gid, mode_t bits)
{
	if (uid == who->uid || (who->uid == 0 && uid == env->trusted_uid))
		return bits;
	bits >>= 3;
	if (gid == who->gid || is_member(env, gid, who->user))
		return bits;
	return bits >> 3;
}

int
sf_safefile(const struct sf_env *env, const char *fn,
    const struct sf_who *who_in, long flags, mode_t mode, struct stat *st,
    char **where)
{
	struct sf_who who = *who_in;
	int file_errno;
	bool checkpath;

	if (strlen(fn) >= SF_MAXPATHLEN)
		return ENAMETOOLONG;

	file_errno = sf_lookup(env, fn, !(flags & SF_NOSLINK), st);
	if (file_errno == 0 && (flags & SF_SETUIDOK) &&
	    !(st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) &&
	    S_ISREG(st->st_mode)) {
		/* a set-ID file without x bits lends its owner/group */
		if ((st->st_mode & S_ISUID) && st->st_uid != 0 &&
		    st->st_uid != env->trusted_uid) {
			who.uid = st->st_uid;
			who.user = NULL;
		}
		if ((st->st_mode & S_ISGID) && st->st_gid != 0)
			who.gid = st->st_gid;
	}

	checkpath = !(flags & SF_NOPATHCHECK) ||
	    (who.uid == 0 && !(flags & (SF_ROOTOK | SF_OPENASROOT)));
	/* (SFF_NOWLINK is not used by any caller the audit reproduces.) */
	if (checkpath) {
		char *dir = parent_of(fn);
		int ret = sf_safedirpath(env, dir, &who, flags, where);

		free(dir);
		/*
		 * Note the order: a bad directory is reported even when the
		 * file itself does not exist.
		 */
		if (ret != 0)
			return ret;
	}

	if (file_errno != 0) {
		struct stat dst;
		char *dir;
		mode_t md;
		int ret;

		if (!(flags & SF_CREAT) || file_errno != ENOENT) {
			set_where(where, fn);
			return file_errno;
		}
		/*
		 * May the file be created?  Decided from the parent's mode bits
		 * alone -- sendmail does not call access(), so ACLs do not
		 * count here.
		 */
		dir = parent_of(fn);
		ret = sf_lookup(env, dir, true, &dst);
		if (ret == 0) {
			md = select_bits(env, &who, dst.st_uid, dst.st_gid,
			    S_IWUSR | S_IXUSR);
			if ((dst.st_mode & md) != md)
				ret = EACCES;
		}
		if (ret != 0)
			set_where(where, dir);
		free(dir);
		memset(st, 0, sizeof(*st));	/* "no file" */
		return ret;
	}

	if ((flags & SF_NOSLINK) && S_ISLNK(st->st_mode))
		return SF_E_NOSLINK;
	if ((flags & SF_REGONLY) && !S_ISREG(st->st_mode))
		return SF_E_REGONLY;
	if ((flags & SF_NOGWFILES) && (st->st_mode & S_IWGRP))
		return SF_E_GWFILE;
	if ((flags & SF_NOWWFILES) && (st->st_mode & S_IWOTH))
		return SF_E_WWFILE;
	if ((flags & SF_NOGRFILES) && (st->st_mode & S_IRGRP))
		return SF_E_GRFILE;
	if ((flags & SF_NOWRFILES) && (st->st_mode & S_IROTH))
		return SF_E_WRFILE;
	if (!(flags & SF_EXECOK) && (mode & (S_IWUSR | S_IWGRP | S_IWOTH)) &&
	    (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
		return SF_E_ISEXEC;
	if ((flags & SF_NOHLINK) && st->st_nlink != 1)
		return SF_E_NOHLINK;

	if (who.uid == 0 && (flags & SF_OPENASROOT))
		;
	else if (who.uid == 0 && !(flags & SF_ROOTOK))
		mode >>= 6;	/* root without ROOTOK counts as "other" */
	else
		mode = select_bits(env, &who, st->st_uid, st->st_gid, mode);

	if ((st->st_uid == who.uid || st->st_uid == 0 ||
	    st->st_uid == env->trusted_uid || !(flags & SF_MUSTOWN)) &&
	    (st->st_mode & mode) == mode)
		return 0;
	return EACCES;
}
