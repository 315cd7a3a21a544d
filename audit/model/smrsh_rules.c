/*
 * smrsh_rules.c -- smrsh 8.17's main() and addcmd(), replayed without
 * running anything (sendmail-facts.md, section 1).
 *
 * The code follows smrsh's own control flow on purpose: the loop below is
 * smrsh's loop, the buffer is its 1000-byte newcmdbuf, and the command text
 * is edited in place exactly where smrsh edits argv[2] (a NUL after "exec",
 * a space where a TAB ended a word), because smrsh's "command too long"
 * message prints that edited text.  Only the file-system checks differ in
 * mechanism: stat() and access() are answered by a path walk beneath the
 * audited root, for the identity smrsh would run as, instead of by the
 * kernel for the identity jailctl runs as.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* O_PATH, ST_NOEXEC, vasprintf */
#endif

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsident.h"
#include "smrsh_rules.h"
#include "util.h"

/* smrsh: char newcmdbuf[1000]. */
#define NEWCMDBUF_SIZE	1000
/* smrsh: char cmdbuf[MAXPATHLEN]; MAXPATHLEN is PATH_MAX (4096) on Linux. */
#define CMDBUF_SIZE	4096
/* Linux follows at most 40 symlinks in one path walk (MAXSYMLINKS). */
#define MAX_SYMLINKS	40

/* smrsh: #define SPECIALS "<|>^();&`$\r\n". */
static const char SPECIALS[] = "<|>^();&`$\r\n";

/* Bytes /bin/sh reads as syntax inside an unquoted word (not at its start). */
static const char SH_WORD_SYNTAX[] = "|&;<>()$`\\\"'*?[ \t\n";

enum { EX_USAGE_ = 64, EX_UNAVAILABLE_ = 69 };

struct strv {
	char **v;
	size_t n;
};

struct judge {
	const struct smrsh_env *env;
	const char *argv0;
	char *par;		/* smrsh's argv[2], edited in place as smrsh does */
	char newcmd[NEWCMDBUF_SIZE];
	struct strv runs;
	struct strv warnings;
	/* kinds[i]: enum smrsh_warning_kind of warnings.v[i] */
	unsigned char *kinds;
	/* /bin/sh never reaches the programs checked from here on */
	bool dead;
	bool quoted;		/* a quote or backslash came in the arguments */
	bool comment;		/* /bin/sh reads the rest as a comment */
	bool refused;
	int exit_status;
	char *message;
};

static void
strv_push(struct strv *s, char *str)
{
	s->v = xrealloc(s->v, (s->n + 2) * sizeof *s->v);
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

static void
strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void warn_kind(struct judge *j, enum smrsh_warning_kind kind,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Add a warning unless the same text is already there. */
static void
warn_kind(struct judge *j, enum smrsh_warning_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *w;
	size_t i;

	va_start(ap, fmt);
	w = xvasprintf(fmt, ap);
	va_end(ap);
	for (i = 0; i < j->warnings.n; i++) {
		if (strcmp(j->warnings.v[i], w) == 0) {
			free(w);
			return;
		}
	}
	strv_push(&j->warnings, w);
	j->kinds = xrealloc(j->kinds, j->warnings.n);
	j->kinds[j->warnings.n - 1] = (unsigned char)kind;
}

#define warn(j, ...) warn_kind(j, SMRSH_WARN_SHELL, __VA_ARGS__)

/* smrsh prints its message to stderr and exits; we record both. */
static void
refuse(struct judge *j, int status, char *message)
{
	j->refused = true;
	j->exit_status = status;
	j->message = message;
}

/*
 * smrsh: isascii(c) && isspace(c), in the C locale (smrsh never calls
 * setlocale): space, TAB, LF, VT, FF, CR.
 */
static bool
is_c_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * smrsh's specialbuf holds every SPECIALS byte twice: with bit 0200 set and
 * plain, "since many shells strip the address to 7 bits".  So a byte is
 * special when its low seven bits are one of SPECIALS.
 */
static bool
is_special(char c)
{
	char low = (char)(c & 0177);

	return low != '\0' && strchr(SPECIALS, low) != NULL;
}

/* smrsh: strpbrk(p, specialbuf). */
static char *
find_special(char *p)
{
	for (; *p != '\0'; p++)
		if (is_special(*p))
			return p;
	return NULL;
}

size_t
smrsh_max_command(const char *cmddir)
{
	/* smrsh: sizeof newcmdbuf - sizeof CMDDIR - 2; sizeof counts the NUL. */
	size_t sz = strlen(cmddir) + 1;

	if (sz + 2 >= NEWCMDBUF_SIZE)
		return 0;
	return NEWCMDBUF_SIZE - sz - 2;
}

/*
 * smrsh's addcmd(): append len bytes of s, with the CMDDIR "/" prefix when
 * it is a command.  Empty strings are ignored before any check.  The space
 * test is smrsh's (it keeps one byte spare beyond the NUL), and on overflow
 * it prints the current, edited, argv[2].  Returns false when refused.
 */
static bool
addcmd(struct judge *j, const char *s, bool cmd, size_t len)
{
	const char *cmddir = j->env->cmddir;
	size_t used, need, take;

	if (s == NULL || *s == '\0')
		return true;
	used = strlen(j->newcmd);
	need = len + 1 + (cmd ? strlen(cmddir) + 1 : 0);
	if (sizeof j->newcmd - used <= need) {
		refuse(j, EX_UNAVAILABLE_,
		    xasprintf("%s: command too long: %s", j->argv0, j->par));
		return false;
	}
	if (cmd) {
		memcpy(j->newcmd + used, cmddir, strlen(cmddir));
		used += strlen(cmddir);
		j->newcmd[used++] = '/';
	}
	/* strncat(): at most len bytes, fewer if s ends first. */
	take = strnlen(s, len);
	memcpy(j->newcmd + used, s, take);
	j->newcmd[used + take] = '\0';
	return true;
}

/* ---- stat() and access() beneath the root, as the smrsh user ---- */

static bool
in_groups(const struct smrsh_env *env, gid_t gid)
{
	size_t i;

	if (gid == env->gid)
		return true;
	for (i = 0; i < env->ngroups; i++)
		if (env->groups[i] == gid)
			return true;
	return env->in_group != NULL && env->in_group(env->in_group_arg, gid);
}

/*
 * POSIX ACL entries as the kernel stores them in the
 * system.posix_acl_access attribute: a little-endian version word (2),
 * then { u16 tag, u16 perm, u32 id } per entry, sorted by tag and id.
 */
#define ACL_XATTR		"system.posix_acl_access"
#define ACL_XATTR_VERSION	2u
enum { TAG_USER_OBJ = 0x01, TAG_USER = 0x02, TAG_GROUP_OBJ = 0x04,
    TAG_GROUP = 0x08, TAG_MASK = 0x10, TAG_OTHER = 0x20 };

struct acl_entry {
	unsigned tag, perm;
	uint32_t id;
};

static uint32_t
le32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

/*
 * The access ACL of the object behind fd (an O_PATH fd, so read through
 * /proc/self/fd).  Returns the number of entries (*out malloc'd), 0 when
 * there is none or it cannot be read (then the mode bits decide; without
 * /proc that is a documented limit), or -ENOMEM.
 */
static int
read_acl(int fd, struct acl_entry **out)
{
	unsigned char *buf = NULL;
	struct acl_entry *e;
	char proc[40];
	ssize_t size, n;
	int i, count;

	*out = NULL;
	(void)snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	/* Ask for the size first; retry if the ACL grows in between. */
	do {
		free(buf);
		buf = NULL;
		size = getxattr(proc, ACL_XATTR, NULL, 0);
		if (size <= 0)
			return size < 0 && errno == ENOMEM ? -ENOMEM : 0;
		buf = xmalloc((size_t)size);
		n = getxattr(proc, ACL_XATTR, buf, (size_t)size);
	} while (n < 0 && errno == ERANGE);
	if (n < 4 || (n - 4) % 8 != 0 || le32(buf) != ACL_XATTR_VERSION) {
		free(buf);
		return n < 0 && errno == ENOMEM ? -ENOMEM : 0;
	}
	count = (int)((n - 4) / 8);
	e = xcalloc((size_t)count, sizeof *e);
	for (i = 0; i < count; i++) {
		const unsigned char *b = buf + 4 + 8 * i;

		e[i].tag = (unsigned)b[0] | (unsigned)b[1] << 8;
		e[i].perm = (unsigned)b[2] | (unsigned)b[3] << 8;
		e[i].id = le32(b + 4);
	}
	free(buf);
	*out = e;
	return count;
}

/*
 * The kernel's posix_acl_permission() for a caller who does not own the
 * file: the first matching named user decides (through the mask); else
 * every group entry that matches may grant (through the mask), and if a
 * group matched without granting, the answer is no; else "other" decides.
 */
static bool
acl_allows(const struct smrsh_env *env, const struct stat *st,
    const struct acl_entry *e, int n, unsigned want)
{
	unsigned mask = 07;
	bool group_matched = false;
	int i;

	for (i = 0; i < n; i++)
		if (e[i].tag == TAG_MASK)
			mask = e[i].perm;
	for (i = 0; i < n; i++) {
		switch (e[i].tag) {
		case TAG_USER:
			if (e[i].id == env->uid)
				return (e[i].perm & mask & want) == want;
			break;
		case TAG_GROUP_OBJ:
		case TAG_GROUP:
			if (in_groups(env, e[i].tag == TAG_GROUP_OBJ ?
			    st->st_gid : (gid_t)e[i].id)) {
				group_matched = true;
				if ((e[i].perm & want) == want)
					return (e[i].perm & mask & want) == want;
			}
			break;
		case TAG_OTHER:
			return !group_matched && (e[i].perm & want) == want;
		default:
			break;
		}
	}
	return false;	/* a malformed ACL: the kernel says EIO */
}

/*
 * What the walk met: an object's stat and, when its group bits are not
 * all clear (only then does the kernel look), its access ACL; for the
 * object a walk ends on, its mount's flags too.
 */
struct wobj {
	struct stat st;
	struct acl_entry *acl;
	int nacl;		/* entries, 0: none, or -ENOMEM */
	bool final;
	int vfs_err;		/* fstatvfs(): 0 or -errno */
	unsigned long vfs_flag;
};

/*
 * One walk, as the steps resolve_beneath() takes, each with what decided
 * it: the permission checks are kept as steps, to be answered for the
 * identity asking (walk_answer()), so one walk serves every identity.
 */
enum wstep_kind { W_SEARCH, W_FOLLOW, W_ERROR, W_RESULT };

struct wstep {
	enum wstep_kind kind;
	size_t dir;		/* W_SEARCH, W_FOLLOW: the directory */
	size_t obj;		/* W_FOLLOW: the link; W_RESULT: the result */
	int err;		/* W_ERROR: -errno */
};

struct walk {
	char *path;
	struct wobj *o;
	size_t no;
	struct wstep *s;
	size_t ns;
	bool internal;		/* an error of ours: never kept */
};

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->no; i++)
		free(w->o[i].acl);
	free(w->o);
	free(w->s);
	free(w->path);
	memset(w, 0, sizeof(*w));
}

/* Errors that say nothing about the audited tree, only about us. */
static bool
is_internal_error(int err)
{
	return err == -EMFILE || err == -ENFILE || err == -ENOMEM ||
	    err == -EBADF;
}

/* Record an object (fd is open on it); returns its index. */
static size_t
walk_obj(struct walk *w, int fd, const struct stat *st, bool final)
{
	struct wobj *o;

	w->o = xrealloc(w->o, (w->no + 1) * sizeof(*w->o));
	o = &w->o[w->no];
	memset(o, 0, sizeof(*o));
	o->st = *st;
	if (st->st_mode & S_IRWXG) {
		o->nacl = read_acl(fd, &o->acl);
		if (o->nacl < 0)
			w->internal = true;
	}
	if (final) {
		struct statvfs vfs;

		o->final = true;
		if (fstatvfs(fd, &vfs) < 0) {
			o->vfs_err = -errno;
			if (is_internal_error(o->vfs_err))
				w->internal = true;
		} else
			o->vfs_flag = vfs.f_flag;
	}
	return w->no++;
}

static void
walk_step(struct walk *w, enum wstep_kind kind, size_t dir, size_t obj,
    int err)
{
	w->s = xrealloc(w->s, (w->ns + 1) * sizeof(*w->s));
	w->s[w->ns].kind = kind;
	w->s[w->ns].dir = dir;
	w->s[w->ns].obj = obj;
	w->s[w->ns].err = err;
	w->ns++;
	if (kind == W_ERROR && is_internal_error(err))
		w->internal = true;
}

/*
 * The kernel's permission check for a non-root caller (want: 01 for
 * execute or search): the owner gets the owner bits and nothing else;
 * otherwise an access ACL decides if there is one and the group bits (its
 * mask) are not all clear; otherwise the group bits if the caller is in
 * the file's group, else the other bits.  The first class that matches
 * decides, even if a later one would grant more.
 */
static int
permits(const struct smrsh_env *env, const struct wobj *o, unsigned want)
{
	const struct stat *st = &o->st;
	unsigned mode = (unsigned)st->st_mode;

	if (st->st_uid == env->uid)
		return ((mode >> 6) & want) == want ? 0 : -EACCES;
	if (mode & S_IRWXG) {
		if (o->nacl < 0)
			return o->nacl;
		if (o->nacl > 0)
			return acl_allows(env, st, o->acl, o->nacl, want) ? 0 :
			    -EACCES;
	}
	if (in_groups(env, st->st_gid))
		mode >>= 3;
	return (mode & want) == want ? 0 : -EACCES;
}

/* Search permission on a directory; root has CAP_DAC_READ_SEARCH. */
static int
may_search(const struct smrsh_env *env, const struct wobj *dir)
{
	if (env->uid == 0)
		return 0;
	return permits(env, dir, 01);
}

/*
 * fs.protected_symlinks: in a sticky, world-writable directory a symlink is
 * followed only by its owner, or when it belongs to the directory's owner.
 * Root is not exempt.
 */
static int
may_follow(const struct smrsh_env *env, const struct stat *dir,
    const struct stat *link)
{
	if (!env->protected_symlinks || link->st_uid == env->uid)
		return 0;
	if ((dir->st_mode & (S_ISVTX | S_IWOTH)) != (S_ISVTX | S_IWOTH))
		return 0;
	return dir->st_uid == link->st_uid ? 0 : -EACCES;
}

struct fdstack {
	int *fd;
	size_t *obj;		/* each directory's object in the walk */
	size_t n;
};

static void
fdstack_push(struct fdstack *s, int fd, size_t obj)
{
	s->fd = xrealloc(s->fd, (s->n + 1) * sizeof *s->fd);
	s->obj = xrealloc(s->obj, (s->n + 1) * sizeof *s->obj);
	s->fd[s->n] = fd;
	s->obj[s->n] = obj;
	s->n++;
}

/* Pop back to `keep` entries; entry 0 is the caller's root fd, never closed. */
static void
fdstack_trim(struct fdstack *s, size_t keep)
{
	while (s->n > keep) {
		s->n--;
		if (s->n > 0)
			(void)close(s->fd[s->n]);
	}
}

/* Read a symlink opened with O_PATH|O_NOFOLLOW; malloc'd target or NULL. */
static char *
read_link(int fd, size_t size, int *err)
{
	char *buf = xmalloc(size + 1);
	ssize_t n = readlinkat(fd, "", buf, size + 1);

	if (n < 0 || (size_t)n > size) {
		/* Changed under us, or unreadable: treat like a failed walk. */
		*err = n < 0 ? -errno : -ENOENT;
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Walk the absolute `path` the way stat(2) would in a process chrooted at
 * root_fd: every symlink is followed (an absolute target restarts at the
 * root, ".." never climbs above it), at most MAX_SYMLINKS links.  Each
 * step is one openat() of a single component with O_NOFOLLOW, so nothing
 * outside the root is ever reached.  The walk does not stop where an
 * identity would be refused: it records, in order, each search permission
 * the kernel checks (before every component) and each protected-symlink
 * check, for walk_answer() to answer for the identity asking.  The system calls
 * are made with the caller's own identity (root, or the auditor).
 */
static void
walk_record(int root_fd, const char *path, struct walk *w)
{
	struct fdstack dirs = { NULL, NULL, 0 };
	char *todo = xstrdup(path);
	size_t pos = 0;
	int links = 0, fd = -1, r;
	struct stat st;

	memset(w, 0, sizeof(*w));
	w->path = xstrdup(path);
	if (fstat(root_fd, &st) < 0) {
		walk_step(w, W_ERROR, 0, 0, -errno);
		free(todo);
		return;
	}
	fdstack_push(&dirs, root_fd, walk_obj(w, root_fd, &st, false));
	for (;;) {
		char *comp, *rest, saved;
		size_t len;

		while (todo[pos] == '/')
			pos++;
		if (todo[pos] == '\0') {
			/* The walk ended on a directory (maybe the root):
			 * never a program, so its mount is not asked about. */
			walk_step(w, W_RESULT, 0, dirs.obj[dirs.n - 1], 0);
			goto out;
		}
		comp = todo + pos;
		len = strcspn(comp, "/");
		rest = comp + len;

		/* The kernel checks search permission before every component. */
		walk_step(w, W_SEARCH, dirs.obj[dirs.n - 1], 0, 0);
		if (len == 1 && comp[0] == '.') {
			pos += len;
			continue;
		}
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			if (dirs.n > 1)
				fdstack_trim(&dirs, dirs.n - 1);
			pos += len;
			continue;
		}

		saved = *rest;
		*rest = '\0';
		fd = openat(dirs.fd[dirs.n - 1], comp,
		    O_PATH | O_NOFOLLOW | O_CLOEXEC);
		*rest = saved;
		if (fd < 0) {
			walk_step(w, W_ERROR, 0, 0, -errno);
			goto out;
		}
		if (fstat(fd, &st) < 0) {
			walk_step(w, W_ERROR, 0, 0, -errno);
			goto out;
		}

		if (S_ISLNK(st.st_mode)) {
			char *target, *next;

			if (++links > MAX_SYMLINKS) {
				walk_step(w, W_ERROR, 0, 0, -ELOOP);
				goto out;
			}
			w->o = xrealloc(w->o, (w->no + 1) * sizeof(*w->o));
			memset(&w->o[w->no], 0, sizeof(w->o[w->no]));
			w->o[w->no].st = st;
			walk_step(w, W_FOLLOW, dirs.obj[dirs.n - 1], w->no++, 0);
			target = read_link(fd, (size_t)st.st_size > 0 ?
			    (size_t)st.st_size : PATH_MAX, &r);
			if (target == NULL) {
				walk_step(w, W_ERROR, 0, 0, r);
				goto out;
			}
			if (target[0] == '\0') {
				free(target);
				walk_step(w, W_ERROR, 0, 0, -ENOENT);
				goto out;
			}
			closep(&fd);
			/* Continue with the target, then whatever followed the link. */
			next = xasprintf("%s%s", target, rest);
			if (target[0] == '/')
				fdstack_trim(&dirs, 1);
			free(target);
			free(todo);
			todo = next;
			pos = 0;
			continue;
		}

		if (S_ISDIR(st.st_mode)) {
			fdstack_push(&dirs, fd, walk_obj(w, fd, &st, false));
			fd = -1;
			pos = (size_t)(rest - todo);
			continue;
		}

		/* A non-directory must be last, and without a trailing slash. */
		if (*rest != '\0') {
			walk_step(w, W_ERROR, 0, 0, -ENOTDIR);
			goto out;
		}
		walk_step(w, W_RESULT, 0, walk_obj(w, fd, &st, true), 0);
		goto out;
	}
out:
	closep(&fd);
	fdstack_trim(&dirs, 0);
	free(dirs.fd);
	free(dirs.obj);
	free(todo);
}

/*
 * The walk as env's identity makes it: the first refused check ends it,
 * as the kernel's walk would end there.  Returns the object the walk
 * ends on, or -errno.
 */
static int
walk_answer(const struct smrsh_env *env, const struct walk *w,
    const struct wobj **out)
{
	size_t i;
	int r;

	for (i = 0; i < w->ns; i++) {
		const struct wstep *s = &w->s[i];

		switch (s->kind) {
		case W_SEARCH:
			if ((r = may_search(env, &w->o[s->dir])) < 0)
				return r;
			break;
		case W_FOLLOW:
			if ((r = may_follow(env, &w->o[s->dir].st,
			    &w->o[s->obj].st)) < 0)
				return r;
			break;
		case W_ERROR:
			return s->err;
		case W_RESULT:
			*out = &w->o[s->obj];
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * The walks of a run, by path: what the file system said does not depend
 * on who asks, so the programs every user's pipes name are walked once.
 */
#define WALKS_MAX 64

struct smrsh_cache {
	int root_fd;
	struct walk w[WALKS_MAX];
	size_t n, next;
	unsigned long walks;
};

struct smrsh_cache *
smrsh_cache_new(int root_fd)
{
	struct smrsh_cache *c = xcalloc(1, sizeof(*c));

	c->root_fd = root_fd;
	return c;
}

void
smrsh_cache_free(struct smrsh_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		walk_free(&c->w[i]);
	free(c);
}

unsigned long
smrsh_cache_walks(const struct smrsh_cache *c)
{
	return c != NULL ? c->walks : 0;
}

/*
 * The walk of path for env: from the cache when it has one for env's root
 * (made with the same identity: the walk's own system calls are the
 * caller's), else made now into *tmp.
 */
static const struct walk *
walk_get(const struct smrsh_env *env, const char *path, struct walk *tmp)
{
	struct smrsh_cache *c = env->cache;
	size_t i;

	if (c == NULL || c->root_fd != env->root_fd ||
	    fsid_current(NULL, NULL, NULL, NULL)) {
		fsid_apply();
		walk_record(env->root_fd, path, tmp);
		return tmp;
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(c->w[i].path, path) == 0)
			return &c->w[i];
	fsid_apply();
	walk_record(env->root_fd, path, tmp);
	c->walks++;
	if (tmp->internal)
		return tmp;
	/* keep it, replacing the oldest when full */
	if (c->n < WALKS_MAX)
		i = c->n++;
	else {
		i = c->next;
		c->next = (c->next + 1) % WALKS_MAX;
		walk_free(&c->w[i]);
	}
	c->w[i] = *tmp;
	memset(tmp, 0, sizeof(*tmp));
	return &c->w[i];
}

/*
 * access(path, X_OK) for env's identity on the object the walk ended on:
 * a file on a noexec mount is never executable; root (CAP_DAC_OVERRIDE)
 * needs any one x bit of the mode (regular files only, which is all we
 * get here); everyone else needs permits().
 */
static int
may_execute(const struct smrsh_env *env, const struct wobj *o)
{
	if (o->vfs_err < 0)
		return o->vfs_err;
	if (o->vfs_flag & ST_NOEXEC)
		return -EACCES;
	if (env->uid == 0)
		return (o->st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) ? 0 :
		    -EACCES;
	return permits(env, o, 01);
}

/*
 * smrsh's checks on a command that is not a built-in, in its order:
 * CMDDIR "/" cmd must fit in cmdbuf[MAXPATHLEN], stat() must succeed, the
 * result must be a regular file (smrsh's S_ISLNK exception can never apply
 * because stat() follows links), and access(X_OK) must pass.  Returns 0
 * when accepted (and records the run), 1 when refused, -errno on error.
 */
static int
check_program(struct judge *j, const char *cmd)
{
	const struct smrsh_env *env = j->env;
	const char *why = NULL;
	const struct walk *w;
	const struct wobj *o = NULL;
	struct walk tmp = { 0 };
	char *path;
	int r = 0;

	if (strlen(env->cmddir) + 1 + strlen(cmd) >= CMDBUF_SIZE) {
		refuse(j, EX_UNAVAILABLE_, xasprintf("%s: \"%s\" not available "
		    "for sendmail programs (filename too long)", j->argv0, cmd));
		return 1;
	}
	path = xasprintf("%s/%s", env->cmddir, cmd);
	w = walk_get(env, path, &tmp);
	r = walk_answer(env, w, &o);
	if (r < 0) {
		if (!is_internal_error(r)) {
			why = " (stat failed)";
			r = 0;
		}
	} else {
		r = 0;
		if (!S_ISREG(o->st.st_mode)) {
			why = " (not a file)";
		} else if ((r = may_execute(env, o)) < 0) {
			why = is_internal_error(r) ? NULL : "";
			if (why != NULL)
				r = 0;
		}
	}
	walk_free(&tmp);
	if (r < 0) {
		free(path);
		return r;
	}
	if (why != NULL) {
		refuse(j, EX_UNAVAILABLE_, xasprintf("%s: \"%s\" not available "
		    "for sendmail programs%s", j->argv0, cmd, why));
		free(path);
		return 1;
	}
	if (j->dead)
		free(path);
	else
		strv_push(&j->runs, path);
	return 0;
}

/* ---- what /bin/sh will make of the text smrsh lets through ---- */

/* A program name is pasted after "CMDDIR/" without quoting. */
static void
warn_program_name(struct judge *j, const char *cmd)
{
	const char *c;

	for (c = cmd; *c != '\0'; c++) {
		if (strchr(SH_WORD_SYNTAX, *c) != NULL) {
			warn(j, "program name \"%s\" reaches /bin/sh unquoted and "
			    "'%c' is shell syntax there: /bin/sh does not run "
			    "%s/%s as smrsh checked it", cmd, *c, j->env->cmddir,
			    cmd);
			return;
		}
	}
}

/*
 * Argument text (between a command word and the next operator, or to the
 * end) goes to /bin/sh unchanged.  smrsh rejected its SPECIALS; these are
 * the characters it did not reject that /bin/sh still acts on.
 */
static void
warn_arguments(struct judge *j, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];
		bool word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t';

		if (c == '\'' || c == '"' || c == '\\') {
			warn_kind(j, SMRSH_WARN_NOTE, "arguments contain %c: "
			    "/bin/sh removes quoting that smrsh did not "
			    "interpret", c);
			j->quoted = true;
		}
		else if (c == '*' || c == '?' || c == '[')
			warn(j, "arguments contain %c: /bin/sh expands it as a "
			    "file name pattern in the mailer's working directory "
			    "(the user's home)", c);
		else if (c == '#' && word_start) {
			warn(j, "a word starts with #: /bin/sh ignores the rest "
			    "of the line as a comment");
			/* Unless quoting hides it (not modelled: then the
			 * programs stay listed), nothing after it runs. */
			if (!j->quoted) {
				j->comment = true;
				j->dead = true;
			}
		}
		else if (c == '~' && word_start)
			warn(j, "a word starts with ~: /bin/sh expands it to a "
			    "home directory");
	}
}

/* ---- smrsh's main loop ---- */

/*
 * Replays smrsh's loop over argv[2].  On return either j->refused is set,
 * or j->newcmd holds what smrsh hands to /bin/sh.  Returns -errno only on
 * an internal error.
 */
static int
replay(struct judge *j)
{
	char *q = j->par, *p, *cmd, *r;
	bool isexec = false;	/* smrsh's isexec: previous word was "exec" */
	bool exec_used = false;	/* the current command runs under exec */
	bool open_op = false;	/* text so far ends with && or || */
	int rc;

	while (*q != '\0') {
		/* smrsh: skip isspace() before every word; these bytes are
		 * dropped, so a leading CR or LF is never checked. */
		while (*q != '\0' && is_c_space(*q))
			q++;
		if (*q == '\0') {
			if (isexec) {
				refuse(j, EX_UNAVAILABLE_, xasprintf(
				    "%s: missing command to exec", j->argv0));
				return 0;
			}
			break;
		}

		/* smrsh: the word ends at the next space or TAB only, and that
		 * byte is overwritten with a NUL for the checks below. */
		p = strpbrk(q, " \t");
		if (p == NULL) {
			cmd = q + strlen(q);
		} else {
			*p = '\0';
			cmd = p;
		}
		/* smrsh: back up to the last '/', also a '/' with bit 0200 set;
		 * cmd is what follows (possibly empty, possibly ".."). */
		while (cmd > q) {
			if ((*--cmd & 0177) == '/') {
				cmd++;
				break;
			}
		}
		open_op = false;

		if (strcmp(q, "exec") == 0 && p != NULL) {
			/* smrsh: the exact word "exec" followed by a blank adds
			 * "exec " and checks the next word.  The NUL stays in
			 * argv[2], so a later "command too long" shows only the
			 * text up to here. */
			if (!addcmd(j, "exec ", false, strlen("exec ")))
				return 0;
			if (isexec) {
				warn_kind(j, SMRSH_WARN_NOTHING_RUNS, "\"exec "
				    "exec\" makes /bin/sh look for a program named "
				    "exec in smrsh's PATH: nothing from the smrsh "
				    "directory runs");
				/* the failed exec ends the shell */
				j->dead = true;
			}
			q = ++p;
			isexec = true;
			exec_used = true;
			continue;
		} else if (strcmp(q, "exit") == 0 || strcmp(q, "echo") == 0) {
			/* smrsh: exact words "exit" and "echo" are added as they
			 * are; "/bin/echo" is not one of them. */
			if (!addcmd(j, cmd, false, strlen(cmd)))
				return 0;
			if (isexec)
				warn(j, "\"exec %s\" makes /bin/sh look for a "
				    "program named %s in smrsh's PATH instead of "
				    "running the built-in", cmd, cmd);
		} else {
			/* smrsh: everything else, including a lone "exec", must
			 * be a runnable file CMDDIR/cmd. */
			if ((rc = check_program(j, cmd)) != 0)
				return rc < 0 ? rc : 0;
			if (cmd != q)
				warn_kind(j, SMRSH_WARN_PATH, "\"%s\" is not what "
				    "runs: smrsh drops the directory and runs "
				    "%s/%s", q, j->env->cmddir, cmd);
			warn_program_name(j, cmd);
			if (!addcmd(j, cmd, true, strlen(cmd)))
				return 0;
		}
		isexec = false;

		/* smrsh: puts a space back where the word ended (even if it
		 * was a TAB); without one the command line is complete. */
		if (p != NULL)
			*p = ' ';
		else
			break;

		/* smrsh: the special-character check starts after the
		 * command word, never inside it. */
		r = find_special(p);
		if (r == NULL) {
			warn_arguments(j, p, strlen(p));
			if (!addcmd(j, p, false, strlen(p)))
				return 0;
			break;
		}
		/* smrsh: ';' would be allowed only with -DALLOWSEMI, which
		 * neither upstream nor Debian defines: it falls through. */
		if ((r[0] == '&' && r[1] == '&') || (r[0] == '|' && r[1] == '|')) {
			/* smrsh: keep the text through the operator and check the
			 * next command the same way. */
			warn_arguments(j, p, (size_t)(r - p));
			if (exec_used) {
				warn_kind(j, SMRSH_WARN_NOTE, "commands after "
				    "\"%c%c\" never run: exec replaces /bin/sh, and "
				    "a failed exec ends it", r[0], r[1]);
				j->dead = true;
			}
			if (!addcmd(j, p, false, (size_t)(r - p) + 2))
				return 0;
			q = r + 2;
			open_op = true;
			exec_used = false;
			continue;
		}
		refuse(j, EX_UNAVAILABLE_, xasprintf("%s: cannot use %c in command",
		    j->argv0, *r));
		return 0;
	}
	if (isexec) {
		refuse(j, EX_UNAVAILABLE_,
		    xasprintf("%s: missing command to exec", j->argv0));
		return 0;
	}
	/* smrsh: nothing to run is a usage error. */
	if (j->newcmd[0] == '\0') {
		refuse(j, EX_USAGE_, xasprintf("Usage: %s -c command", j->argv0));
		return 0;
	}
	if (open_op && !j->comment) {
		warn_kind(j, SMRSH_WARN_NOTHING_RUNS, "the command ends with an "
		    "operator: /bin/sh stops with a syntax error (exit 2) and "
		    "runs nothing");
		/* a syntax error: /bin/sh runs none of it */
		strv_free(&j->runs);
	}
	return 0;
}

int
smrsh_judge(const struct smrsh_env *env, const char *command,
    struct smrsh_verdict *out)
{
	struct judge j;
	int r;

	if (env == NULL || env->cmddir == NULL || env->cmddir[0] != '/' ||
	    command == NULL || out == NULL)
		return -EINVAL;
	memset(&j, 0, sizeof j);
	j.env = env;
	j.argv0 = env->argv0 != NULL ? env->argv0 : "smrsh";
	j.par = xstrdup(command);

	/* smrsh: a quick length check on argv[2] before anything else. */
	if (strlen(j.par) > smrsh_max_command(env->cmddir)) {
		refuse(&j, EX_UNAVAILABLE_,
		    xasprintf("%s: command too long: %s", j.argv0, j.par));
		r = 0;
	} else {
		r = replay(&j);
	}
	free(j.par);
	if (r < 0) {
		strv_free(&j.runs);
		strv_free(&j.warnings);
		free(j.kinds);
		free(j.message);
		return r;
	}

	memset(out, 0, sizeof *out);
	if (j.refused) {
		/* Nothing runs, so nothing /bin/sh would do matters. */
		strv_free(&j.runs);
		strv_free(&j.warnings);
		free(j.kinds);
		out->allowed = false;
		out->exit_status = j.exit_status;
		out->message = j.message;
		return 0;
	}
	out->allowed = true;
	out->exit_status = 0;
	out->shell_command = xstrdup(j.newcmd);
	out->runs = j.runs.v;
	out->nruns = j.runs.n;
	out->warnings = j.warnings.v;
	out->nwarnings = j.warnings.n;
	out->warning_kinds = j.kinds;
	return 0;
}

void
smrsh_verdict_free(struct smrsh_verdict *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->message);
	free(v->shell_command);
	for (i = 0; i < v->nruns; i++)
		free(v->runs[i]);
	free(v->runs);
	for (i = 0; i < v->nwarnings; i++)
		free(v->warnings[i]);
	free(v->warnings);
	free(v->warning_kinds);
	memset(v, 0, sizeof *v);
}

bool
smrsh_protected_symlinks(bool real_root)
{
	char c = '1';
	int fd;

	if (!real_root)
		return true;
	fd = open("/proc/sys/fs/protected_symlinks", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return true;
	if (read(fd, &c, 1) != 1)
		c = '1';
	(void)close(fd);
	return c != '0';
}
