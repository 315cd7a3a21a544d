/*
 * audit_smrsh.c -- `jailctl audit smrsh`: the smrsh binary, its program
 * directory (CMDDIR) and every program reachable through it.
 *
 * smrsh itself checks nothing but stat() and access(X_OK) on CMDDIR/name
 * (sendmail-facts.md 1.4), so everything that makes the directory safe is
 * checked here: who can change the directory and the directories above it,
 * whether each entry's name is harmless in the /bin/sh command line smrsh
 * builds, where each symlink chain really ends and who can change any step
 * of it, and whether the program at the end turns mail-controlled arguments
 * into commands.  Finding ids (prefix "smrsh.") are documented in jailctl(8).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/capability.h>

#include <jansson.h>

#include "audit.h"
#include "cmddir.h"
#include "dangerous.h"
#include "drift.h"
#include "escape.h"
#include "jailctl.h"
#include "linkchain.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "util.h"
#include "writable.h"

/* A set of directories (by device and inode) already judged. */
struct idset {
	struct { dev_t dev; ino_t ino; } *v;
	size_t n;
};

/* A problem with a directory met while resolving, reported once the
 * resolved target is known. */
struct pending {
	const char *id;
	char *dir;
	char *reason;
};

struct audit {
	struct context *ctx;
	struct report *rep;
	const struct smrsh_profile *sp;
	char *dir;			/* the CMDDIR audited, normalised */
	struct idset judged;		/* CMDDIR and its ancestors */
	/* State of the current resolution (entry, binary or interpreter). */
	struct idset seen;
	struct pending *pend;
	size_t npend;
	bool ancestors;			/* resolving CMDDIR itself */
	struct secattr_ctx *sc;
	bool sc_tried;
	unsigned long entries;
	/* Regular files in ROOT's bin directories with dangerous names. */
	struct known_file *known;
	size_t nknown;
	bool known_loaded;
};

struct known_file {
	dev_t dev;
	ino_t ino;
	char *path;
	enum danger kind;
};

static const struct smrsh_profile empty_profile = {
	.dir_mode = (mode_t)-1,
};

/* A finding; the message is printf-style. */
#define emit(a, id, sev, path, expected, actual, ...) \
	report_findingf((a)->rep, id, sev, path, expected, actual, __VA_ARGS__)

static bool
idset_has(const struct idset *s, const struct stat *st)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
			return true;
	return false;
}

static void
idset_add(struct idset *s, const struct stat *st)
{
	if (idset_has(s, st))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n].dev = st->st_dev;
	s->v[s->n].ino = st->st_ino;
	s->n++;
}

static void
idset_clear(struct idset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const char *
kind_text(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISREG(m))
		return "a regular file";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "an object of unknown type";
}

static char *
user_text(const struct audit *a, uid_t uid)
{
	const char *n = a->ctx->names ? names_user(a->ctx->names, uid) : NULL;

	return n ? xasprintf("%s (uid %lu)", n, (unsigned long)uid) :
	    xasprintf("uid %lu", (unsigned long)uid);
}

static char *
group_text(const struct audit *a, gid_t gid)
{
	const char *n = a->ctx->names ? names_group(a->ctx->names, gid) : NULL;

	return n ? xasprintf("%s (gid %lu)", n, (unsigned long)gid) :
	    xasprintf("gid %lu", (unsigned long)gid);
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A user name or number as ROOT knows it; -ENOENT when unknown. */
static int
lookup_uid(const struct audit *a, const char *name, uid_t *uid)
{
	if (all_digits(name)) {
		*uid = (uid_t)strtoul(name, NULL, 10);
		return 0;
	}
	if (a->ctx->names && names_uid(a->ctx->names, name, uid) == 0)
		return 0;
	if (strcmp(name, "root") == 0) {
		*uid = 0;
		return 0;
	}
	return -ENOENT;
}

static int
lookup_gid(const struct audit *a, const char *name, gid_t *gid)
{
	if (all_digits(name)) {
		*gid = (gid_t)strtoul(name, NULL, 10);
		return 0;
	}
	if (a->ctx->names && names_gid(a->ctx->names, name, gid) == 0)
		return 0;
	if (strcmp(name, "root") == 0) {
		*gid = 0;
		return 0;
	}
	return -ENOENT;
}

/*
 * Lexically normalise an absolute path inside ROOT: no empty, "." or ".."
 * components, no trailing slash ("/" stays "/").  ".." at ROOT stays at
 * ROOT, as it does in the walk.  NULL when path is not absolute.
 */
static char *
normalise(const char *path)
{
	char *out, *o;
	const char *p = path;

	if (path == NULL || path[0] != '/')
		return NULL;
	out = xmalloc(strlen(path) + 2);
	o = out;
	while (*p) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		c = p;
		n = strcspn(p, "/");
		p += n;
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, c, n);
		o += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* Directories met on the way: who could swap what they hold?          */

static void
add_pending(struct audit *a, const char *id, const char *dir, char *reason)
{
	a->pend = xrealloc(a->pend, (a->npend + 1) * sizeof(*a->pend));
	a->pend[a->npend].id = id;
	a->pend[a->npend].dir = xstrdup(dir);
	a->pend[a->npend].reason = reason;
	a->npend++;
}

static void
clear_pending(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->npend; i++) {
		free(a->pend[i].dir);
		free(a->pend[i].reason);
	}
	free(a->pend);
	a->pend = NULL;
	a->npend = 0;
	idset_clear(&a->seen);
}

/*
 * The visitor linkchain calls for each directory a name is looked up in.
 * A directory is safe when root owns it and nobody else can write it.  The
 * one exception is a sticky directory (like /tmp) whose entry on our path is
 * root's: the kernel then lets no one else rename or remove that entry.  The
 * exception never applies to CMDDIR itself (checked elsewhere): there any
 * writer could add a program.
 */
static void
visit_dir(void *arg, int dirfd, const struct stat *st, const char *path,
    const char *child, const struct stat *child_st)
{
	struct audit *a = arg;
	struct writable w;
	int r;

	(void)child;
	if (idset_has(&a->seen, st) ||
	    (!a->ancestors && idset_has(&a->judged, st)))
		return;
	idset_add(&a->seen, st);
	if (a->ancestors)
		idset_add(&a->judged, st);
	if (st->st_uid != 0) {
		char *who = user_text(a, st->st_uid);

		add_pending(a, "smrsh.path-owner", path,
		    xasprintf("directory %s is owned by %s, not root, and its "
		    "owner can replace anything in it", path, who));
		free(who);
	}
	r = writable_get(dirfd, st, &w);
	if (r < 0)
		add_pending(a, "smrsh.unexaminable", path,
		    xasprintf("cannot read the ACL of directory %s: %s", path,
		    strerror(-r)));
	if (writable_any(&w) && !((st->st_mode & S_ISVTX) &&
	    child_st != NULL && child_st->st_uid == 0)) {
		char *who = writable_describe(&w, st, a->ctx->names);

		add_pending(a, "smrsh.path-writable", path,
		    xasprintf("directory %s is writable by %s, who can replace "
		    "what it holds", path, who));
		free(who);
	}
	writable_free(&w);
}

/* Report what visit_dir found, now that the target is known. */
static void
flush_pending(struct audit *a, const char *subject, const char *label)
{
	size_t i;

	for (i = 0; i < a->npend; i++) {
		const char *id = a->pend[i].id;

		emit(a, id, strcmp(id, "smrsh.unexaminable") == 0 ?
		    SEV_MEDIUM : SEV_HIGH, subject, NULL, a->pend[i].dir,
		    "%s: %s", label, a->pend[i].reason);
	}
	clear_pending(a);
}

static int
resolve(struct audit *a, const char *path, unsigned flags,
    struct lc_result *res)
{
	struct lc_visitor v = { visit_dir, a };

	return linkchain_resolve(a->ctx->root_fd, path, flags, &v, res);
}

/* "name -> hop -> hop => /real/path", for messages. */
static char *
chain_text(const char *start, const struct lc_result *res)
{
	char *s = xstrdup(start), *n;
	size_t i;

	for (i = 0; i < res->nhops; i++) {
		n = xasprintf("%s -> %s", s, res->hops[i].target);
		free(s);
		s = n;
	}
	if (res->status == LC_OK && res->nhops > 0 &&
	    strcmp(res->hops[res->nhops - 1].target, res->path) != 0) {
		n = xasprintf("%s => %s", s, res->path);
		free(s);
		s = n;
	}
	return s;
}

/*
 * Open the resolved non-directory for reading, through its directory and
 * with O_NOFOLLOW, and make sure it is still the object that was resolved.
 */
static int
open_resolved(const struct lc_result *res, struct stat *st)
{
	int fd;

	fd = openat(res->dirfd, res->name,
	    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	if (st->st_dev != res->st.st_dev || st->st_ino != res->st.st_ino) {
		close(fd);
		return -EAGAIN;
	}
	return fd;
}

static const char *
open_error(int r)
{
	return r == -EAGAIN ? "it was replaced while being examined" :
	    strerror(-r);
}

/* ------------------------------------------------------------------ */
/* Checks shared by targets, interpreters and the smrsh binary.        */

struct file_ids {
	const char *owner, *writable, *setid, *caps;
};

static const struct file_ids target_ids = {
	"smrsh.target-owner", "smrsh.target-writable", "smrsh.target-setid",
	"smrsh.target-caps",
};

static const struct file_ids binary_ids = {
	"smrsh.binary-owner", "smrsh.binary-writable", "smrsh.binary-setid",
	"smrsh.binary-caps",
};

/*
 * Capabilities on the file that are not in `allowed` (cap_from_text form,
 * "none" or NULL for none).  Returns a malloc'd text of the file's set when
 * it exceeds the allowance, NULL when it does not.  *err gets -errno when
 * the set could not be read.
 */
static char *
caps_beyond(int fd, const char *allowed, int *err)
{
	cap_t have, ok = NULL;
	char *out = NULL;
	cap_value_t v;
	bool beyond = false;

	*err = 0;
	have = cap_get_fd(fd);
	if (have == NULL) {
		if (errno != ENODATA && errno != ENOTSUP && errno != EOPNOTSUPP)
			*err = -errno;
		return NULL;
	}
	if (allowed != NULL && strcmp(allowed, "none") != 0)
		ok = cap_from_text(allowed);
	if (ok == NULL)
		ok = cap_init();
	for (v = 0; v <= CAP_LAST_CAP && !beyond; v++) {
		static const cap_flag_t flags[] = {
			CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE,
		};
		size_t i;

		for (i = 0; i < 3; i++) {
			cap_flag_value_t h = CAP_CLEAR, o = CAP_CLEAR;

			(void)cap_get_flag(have, v, flags[i], &h);
			(void)cap_get_flag(ok, v, flags[i], &o);
			if (h == CAP_SET && o != CAP_SET)
				beyond = true;
		}
	}
	if (beyond) {
		char *t = cap_to_text(have, NULL);

		out = xstrdup(t ? t : "(unprintable)");
		cap_free(t);
	}
	cap_free(have);
	cap_free(ok);
	return out;
}

/*
 * Owner, write access, set-id bits and capabilities of an executable
 * (fd open for reading, st its fstat).  label starts each message.
 */
static void
check_file(struct audit *a, const struct file_ids *ids, const char *subject,
    const char *label, int fd, const struct stat *st, const char *allowed_caps)
{
	struct writable w;
	char *who, *caps, mode[16];
	int r;

	if (st->st_uid != 0) {
		who = user_text(a, st->st_uid);
		emit(a, ids->owner, SEV_HIGH, subject, "root", who,
		    "%s: owned by %s, who can change the program smrsh runs",
		    label, who);
		free(who);
	}
	r = writable_get(fd, st, &w);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read its ACL: %s", label, strerror(-r));
	if (writable_any(&w)) {
		who = writable_describe(&w, st, a->ctx->names);
		emit(a, ids->writable, SEV_HIGH, subject, NULL, who,
		    "%s: writable by %s, who can change the program smrsh runs",
		    label, who);
		free(who);
	}
	writable_free(&w);
	/* S_ISGID without group execute is mandatory locking, not set-gid. */
	if ((st->st_mode & S_ISUID) ||
	    ((st->st_mode & S_ISGID) && (st->st_mode & S_IXGRP))) {
		(void)snprintf(mode, sizeof(mode), "%04o",
		    (unsigned)(st->st_mode & 07777));
		emit(a, ids->setid, SEV_HIGH, subject, NULL, mode,
		    "%s: set-%s (mode %s): it runs with %s's privileges, "
		    "on arguments from mail", label,
		    (st->st_mode & S_ISUID) ? "uid" : "gid", mode,
		    (st->st_mode & S_ISUID) ? "its owner" : "its group");
	}
	caps = caps_beyond(fd, allowed_caps, &r);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read its file capabilities: %s", label,
		    strerror(-r));
	if (caps != NULL) {
		emit(a, ids->caps, SEV_HIGH, subject,
		    allowed_caps ? allowed_caps : "none", caps,
		    "%s: has file capabilities %s, privileges it gains on "
		    "every run", label, caps);
		free(caps);
	}
}

/* SELinux context, through the security-attribute module. */
static void
check_context(struct audit *a, int fd, const struct stat *st,
    const char *context, const char *path)
{
	struct drift_sink sink = { a->rep, DRIFT_VERIFY, false };
	struct secattrs attrs = { 0 };
	int r;

	if (context == NULL)
		return;
	if (!a->sc_tried) {
		a->sc_tried = true;
		a->sc = secattr_open(a->ctx, a->rep, &r);
		if (a->sc == NULL)
			emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, context,
			    NULL, "cannot check SELinux contexts: %s",
			    strerror(-r));
	}
	if (a->sc == NULL)
		return;
	/* Only the context: owner, mode and capabilities are judged here. */
	attrs.context = (char *)context;
	r = secattr_check(a->sc, &sink, fd, st, &attrs, path);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, context, NULL,
		    "cannot read the SELinux context: %s", strerror(-r));
}

/* ------------------------------------------------------------------ */
/* The smrsh binary.                                                   */

static void
audit_binary(struct audit *a, struct cmddir_scan *scan, bool *scanned)
{
	struct lc_result res;
	struct stat st;
	const char *bin = a->sp->binary;
	char *label = NULL;
	int fd = -1, r;

	*scanned = false;
	if (bin == NULL) {
		emit(a, "smrsh.binary-unknown", SEV_INFO, NULL, NULL, NULL,
		    "the profile names no smrsh binary; it and the program "
		    "directory compiled into it were not checked");
		return;
	}
	r = resolve(a, bin, 0, &res);
	if (r < 0) {
		emit(a, "smrsh.binary-missing", SEV_MEDIUM, bin, NULL, NULL,
		    "the smrsh binary path is not absolute");
		return;
	}
	label = chain_text("the smrsh binary", &res);
	flush_pending(a, bin, label);
	if (res.status != LC_OK) {
		emit(a, "smrsh.binary-missing", SEV_MEDIUM, bin, NULL, res.path,
		    "%s: %s %s: the prog mailer cannot run smrsh", label,
		    res.path, res.status == LC_ERROR ? strerror(-res.err) :
		    lc_status_text(res.status));
		goto out;
	}
	if (!S_ISREG(res.st.st_mode)) {
		emit(a, "smrsh.binary-type", SEV_MEDIUM, bin, "a regular file",
		    kind_text(res.st.st_mode), "%s: is %s, not a program", label,
		    kind_text(res.st.st_mode));
		goto out;
	}
	fd = open_resolved(&res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, bin, NULL, NULL,
		    "%s: cannot open: %s", label, open_error(fd));
		goto out;
	}
	check_file(a, &binary_ids, bin, label, fd, &st,
	    a->sp->binary_attrs.caps);
	check_context(a, fd, &st, a->sp->binary_attrs.context, res.path);
	r = cmddir_scan_fd(fd, scan);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, bin, NULL, NULL,
		    "%s: cannot read it: %s", label, strerror(-r));
	else
		*scanned = true;
out:
	closep(&fd);
	free(label);
	linkchain_result_free(&res);
}

/*
 * Compare the compiled-in CMDDIR with the directory being audited.  The
 * audited directory appearing among the binary's path strings settles the
 * question (an unstripped binary can hold its build directory too, and
 * SUSE's CMDDIR is not named smrsh); otherwise every candidate is a
 * mismatch, and without candidates the directory is unknown.
 */
static void
compare_cmddir(struct audit *a, const struct cmddir_scan *scan)
{
	const char *bin = a->sp->binary;
	char *list = NULL, *n;
	size_t i;

	if (a->dir != NULL && cmddir_scan_has(scan, a->dir))
		return;
	if (scan->ncandidates == 0) {
		emit(a, "smrsh.cmddir-unknown", SEV_INFO, bin, a->dir, NULL,
		    "the program directory compiled into smrsh could not be "
		    "determined: %s is not among its %zu path strings and none "
		    "ends in /smrsh or /sm.bin; check with strings(1)",
		    a->dir ? a->dir : "no directory", scan->npaths);
		return;
	}
	if (a->dir == NULL)
		return;
	for (i = 0; i < scan->ncandidates; i++) {
		n = list ? xasprintf("%s, %s", list, scan->candidates[i]) :
		    xstrdup(scan->candidates[i]);
		free(list);
		list = n;
	}
	emit(a, "smrsh.cmddir-mismatch", SEV_HIGH, bin, a->dir, list,
	    "smrsh was built with program directory %s, but %s is the one "
	    "being audited: the programs smrsh really runs were not checked",
	    list, a->dir);
	free(list);
}

/* ------------------------------------------------------------------ */
/* The program directory.                                              */

/* Returns an O_PATH fd of CMDDIR when entries can be audited, else -1. */
static int
audit_dir(struct audit *a)
{
	const struct smrsh_profile *sp = a->sp;
	const char *dir = a->dir;
	const char *want_owner = sp->dir_owner ? sp->dir_owner : "root";
	const char *want_group = sp->dir_group ? sp->dir_group : "root";
	struct lc_result res;
	struct writable w;
	uid_t uid;
	gid_t gid;
	int fd = -1, rfd = -1, r;

	/*
	 * No symlink is followed on the way to CMDDIR: smrsh would follow
	 * one, but then the directory is wherever the link's owner points it.
	 */
	a->ancestors = true;
	r = resolve(a, dir, LC_NOFOLLOW, &res);
	a->ancestors = false;
	if (r < 0)
		return -1;
	flush_pending(a, dir, "the program directory");
	switch (res.status) {
	case LC_OK:
		break;
	case LC_SYMLINK:
		emit(a, "smrsh.dir-symlink", SEV_HIGH, dir, "a directory",
		    res.path, "%s is a symbolic link where the program "
		    "directory (or a directory above it) is expected; smrsh "
		    "follows it, the audit does not", res.path);
		goto out;
	case LC_MISSING:
		emit(a, "smrsh.dir-missing", SEV_MEDIUM, dir, NULL, res.path,
		    "the program directory does not exist (%s is missing): "
		    "smrsh refuses every program, so every |program delivery "
		    "bounces", res.path);
		goto out;
	default:
		emit(a, "smrsh.dir-missing", SEV_MEDIUM, dir, NULL, res.path,
		    "the program directory cannot be reached: %s: %s", res.path,
		    res.status == LC_ERROR ? strerror(-res.err) :
		    lc_status_text(res.status));
		goto out;
	}
	if (!S_ISDIR(res.st.st_mode)) {
		emit(a, "smrsh.dir-not-directory", SEV_MEDIUM, dir,
		    "a directory", kind_text(res.st.st_mode),
		    "the program directory is %s: smrsh refuses every program",
		    kind_text(res.st.st_mode));
		goto out;
	}
	idset_add(&a->judged, &res.st);

	if (lookup_uid(a, want_owner, &uid) < 0) {
		emit(a, "smrsh.dir-owner", SEV_MEDIUM, dir, want_owner, NULL,
		    "the profile's owner %s for the program directory is not "
		    "a user in ROOT", want_owner);
	} else if (res.st.st_uid != uid) {
		char *who = user_text(a, res.st.st_uid);

		/* A root owner is only drift; anyone else can add programs. */
		emit(a, "smrsh.dir-owner", res.st.st_uid == 0 ? SEV_LOW :
		    SEV_HIGH, dir, want_owner, who, "the program directory is "
		    "owned by %s, not %s%s", who, want_owner,
		    res.st.st_uid == 0 ? "" : ", who can add any program to it");
		free(who);
	}
	if (lookup_gid(a, want_group, &gid) < 0) {
		emit(a, "smrsh.dir-group", SEV_LOW, dir, want_group, NULL,
		    "the profile's group %s for the program directory is not a "
		    "group in ROOT", want_group);
	} else if (res.st.st_gid != gid) {
		char *grp = group_text(a, res.st.st_gid);

		emit(a, "smrsh.dir-group", SEV_LOW, dir, want_group, grp,
		    "the program directory's group is %s, not %s", grp,
		    want_group);
		free(grp);
	}
	if (sp->dir_mode != (mode_t)-1 &&
	    (res.st.st_mode & 07777) != sp->dir_mode) {
		char want[16], have[16];

		(void)snprintf(want, sizeof(want), "%04o",
		    (unsigned)sp->dir_mode);
		(void)snprintf(have, sizeof(have), "%04o",
		    (unsigned)(res.st.st_mode & 07777));
		emit(a, "smrsh.dir-mode", SEV_LOW, dir, want, have,
		    "the program directory's mode is %s, not %s", have, want);
	}
	r = writable_get(res.fd, &res.st, &w);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, dir, NULL, NULL,
		    "cannot read the program directory's ACL: %s", strerror(-r));
	if (writable_any(&w)) {
		char *who = writable_describe(&w, &res.st, a->ctx->names);

		emit(a, "smrsh.dir-writable", SEV_HIGH, dir, NULL, who,
		    "the program directory is writable by %s, who can add any "
		    "program (a shell) to it", who);
		free(who);
	}
	writable_free(&w);
	if (sp->dir_attrs.context != NULL) {
		struct stat st;

		rfd = openat(res.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (rfd >= 0 && fstat(rfd, &st) == 0)
			check_context(a, rfd, &st, sp->dir_attrs.context, dir);
		closep(&rfd);
	}
	fd = res.fd;
	res.fd = -1;
out:
	linkchain_result_free(&res);
	return fd;
}

/* ------------------------------------------------------------------ */
/* One entry of the program directory.                                 */

/*
 * Bytes /bin/sh acts on inside the command word smrsh builds
 * (CMDDIR/name, unquoted): word splitting, redirection, pipes, command
 * separators and substitution, quoting, and '^' (a pipe in the Bourne
 * shell, which is why smrsh forbids it).  Control bytes count too.
 */
static bool
injects(unsigned char c)
{
	return c < 0x20 || c == 0x7f || strchr(";&|<>()$`\\\"'^ ", c) != NULL;
}

static bool
plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' ||
	    c == '-';
}

static void
check_name(struct audit *a, const char *name, const char *path,
    const char *label)
{
	const unsigned char *p;
	bool inj = false, odd = false;

	for (p = (const unsigned char *)name; *p; p++) {
		if (injects(*p))
			inj = true;
		else if (!plain(*p))
			odd = true;
	}
	if (inj)
		emit(a, "smrsh.name-injection", SEV_HIGH, path, NULL, name,
		    "%s: the name holds characters /bin/sh interprets; smrsh "
		    "passes CMDDIR/name to it unquoted (command injection)",
		    label);
	else if (odd)
		emit(a, "smrsh.name-unusual", SEV_MEDIUM, path, NULL, name,
		    "%s: the name holds characters outside [A-Za-z0-9._+-] "
		    "(globbing or non-ASCII) that /bin/sh may expand", label);
}

static bool
listed(char **list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/*
 * Severity of a script by its interpreter.  A shell or language
 * interpreter runs only this root-owned script, so it needs review (the
 * script sees mail-controlled arguments) rather than being a hole: medium.
 * An interpreter that runs whatever command it is given (env with no
 * program, a multi-call binary, sudo ...) is high; anything else is low.
 */
static void
check_script(struct audit *a, const char *subject, const char *label,
    const struct program_info *pi)
{
	const char *interp = pi->interpreter, *prog = interp;
	char *word = NULL, *ilabel;
	struct lc_result res;
	enum danger d;
	enum severity sev;
	struct stat st;
	int fd, r;

	if (interp[0] != '/') {
		emit(a, "smrsh.script", SEV_HIGH, subject, NULL, interp,
		    "%s: a script whose interpreter %s is not an absolute path; "
		    "the kernel looks it up in the working directory, which "
		    "the recipient controls", label, interp);
		return;
	}
	/* `#!/usr/bin/env perl` runs perl: judge the program env starts. */
	if (strcmp(base_name(interp), "env") == 0 && pi->interp_arg) {
		const char *arg = pi->interp_arg;
		size_t n;

		if (strncmp(arg, "-S", 2) == 0)
			arg += 2;
		arg += strspn(arg, " \t");
		n = strcspn(arg, " \t");
		if (n > 0 && arg[0] != '-') {
			word = xstrndup(arg, n);
			prog = word;
		}
	}
	d = dangerous_name(prog);
	sev = danger_runs_commands(d) ? SEV_HIGH :
	    d != DANGER_NONE ? SEV_MEDIUM : SEV_LOW;
	emit(a, "smrsh.script", sev, subject, NULL, interp,
	    "%s: a script run by %s%s%s (%s); its code handles "
	    "mail-controlled arguments and needs review", label, interp,
	    pi->interp_arg ? " " : "", pi->interp_arg ? pi->interp_arg : "",
	    danger_text(d));
	free(word);

	/* The interpreter is executed too: the same trust rules apply. */
	r = resolve(a, interp, 0, &res);
	if (r < 0)
		return;
	ilabel = chain_text(interp, &res);
	{
		char *full = xasprintf("%s, interpreter %s", label, ilabel);

		flush_pending(a, subject, full);
		free(ilabel);
		ilabel = full;
	}
	if (res.status != LC_OK || !S_ISREG(res.st.st_mode)) {
		emit(a, "smrsh.interpreter-missing", SEV_LOW, subject, NULL,
		    res.path, "%s: %s %s: the script cannot run", ilabel,
		    res.path, res.status != LC_OK ? lc_status_text(res.status) :
		    "is not a regular file");
		goto out;
	}
	fd = open_resolved(&res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot open: %s", ilabel, open_error(fd));
		goto out;
	}
	check_file(a, &target_ids, subject, ilabel, fd, &st, NULL);
	close(fd);
out:
	free(ilabel);
	linkchain_result_free(&res);
}

/*
 * A hard link to /usr/bin/dash named "vacation" fools every name check.
 * Index the regular files with dangerous names in ROOT's bin directories
 * by inode, once, so a target can be recognised by identity.  (A copy is
 * a different inode; content is not compared.)
 */
static const char *const bin_dirs[] = {
	"/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin",
	"/usr/local/sbin",
};

static void
load_known(struct audit *a)
{
	struct lc_result res;
	size_t i;

	a->known_loaded = true;
	for (i = 0; i < sizeof(bin_dirs) / sizeof(bin_dirs[0]); i++) {
		struct dirent *de;
		DIR *d;
		int fd;

		/* No visitor: these directories are not on any entry's path. */
		if (linkchain_resolve(a->ctx->root_fd, bin_dirs[i], 0, NULL,
		    &res) < 0)
			continue;
		if (res.status != LC_OK || !S_ISDIR(res.st.st_mode) ||
		    (fd = openat(res.fd, ".", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) < 0 || (d = fdopendir(fd)) == NULL) {
			linkchain_result_free(&res);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			enum danger k = dangerous_name(de->d_name);
			struct stat st;

			if (k == DANGER_NONE || fstatat(dirfd(d), de->d_name,
			    &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
				continue;
			a->known = xrealloc(a->known,
			    (a->nknown + 1) * sizeof(*a->known));
			a->known[a->nknown].dev = st.st_dev;
			a->known[a->nknown].ino = st.st_ino;
			a->known[a->nknown].path = strcmp(res.path, "/") == 0 ?
			    xasprintf("/%s", de->d_name) :
			    xasprintf("%s/%s", res.path, de->d_name);
			a->known[a->nknown].kind = k;
			a->nknown++;
		}
		closedir(d);
		linkchain_result_free(&res);
	}
}

static const struct known_file *
find_known(struct audit *a, const struct stat *st)
{
	size_t i;

	if (!a->known_loaded)
		load_known(a);
	for (i = 0; i < a->nknown; i++)
		if (a->known[i].dev == st->st_dev && a->known[i].ino == st->st_ino)
			return &a->known[i];
	return NULL;
}

static void
free_known(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->nknown; i++)
		free(a->known[i].path);
	free(a->known);
}

/* The final target of an entry: a regular file smrsh would run. */
static void
check_target(struct audit *a, const char *name, const char *subject,
    const char *label, const struct lc_result *res)
{
	const struct known_file *kf;
	struct program_info pi;
	struct stat st;
	enum danger dn, dt;
	int fd, r;

	if (!S_ISREG(res->st.st_mode)) {
		emit(a, "smrsh.target-type", SEV_LOW, subject, "a regular file",
		    kind_text(res->st.st_mode), "%s: is %s; smrsh refuses it "
		    "(not a file)", label, kind_text(res->st.st_mode));
		return;
	}
	fd = open_resolved(res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot open: %s", label, open_error(fd));
		return;
	}
	if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
		emit(a, "smrsh.target-not-executable", SEV_LOW, subject, NULL,
		    NULL, "%s: no execute permission; smrsh refuses it",
		    label);
	check_file(a, &target_ids, subject, label, fd, &st, NULL);

	/*
	 * smrsh runs CMDDIR/name, so a multi-call binary sees the entry's
	 * name as argv[0]: both names matter.
	 */
	dn = dangerous_name(name);
	dt = dangerous_name(base_name(res->path));
	if (dt != DANGER_NONE || dn != DANGER_NONE) {
		enum danger d = dt != DANGER_NONE ? dt : dn;

		emit(a, "smrsh.dangerous-program", SEV_HIGH, subject, NULL,
		    res->path, "%s: %s is %s; anyone who can mail a |program "
		    "can make it run any command", label,
		    dt != DANGER_NONE ? base_name(res->path) : name,
		    danger_text(d));
	} else if ((kf = find_known(a, &st)) != NULL) {
		emit(a, "smrsh.dangerous-program", SEV_HIGH, subject, NULL,
		    kf->path, "%s: is the same file as %s (a hard link), which "
		    "is %s; anyone who can mail a |program can make it run any "
		    "command", label, kf->path, danger_text(kf->kind));
		dt = kf->kind;
	}
	r = program_inspect(fd, &st, &pi);
	if (r < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read it: %s", label, strerror(-r));
	} else if (pi.multicall != NULL && dt != DANGER_MULTICALL &&
	    dn != DANGER_MULTICALL) {
		emit(a, "smrsh.multicall", SEV_HIGH, subject, NULL, res->path,
		    "%s: a multi-call binary (it contains \"%s\"): its applets "
		    "include a shell", label, pi.multicall);
	} else if (pi.script) {
		check_script(a, subject, label, &pi);
	}
	program_info_free(&pi);
	close(fd);
}

static void
audit_entry(struct audit *a, int dirfd, const char *name)
{
	struct lc_result res;
	struct stat lst;
	char *path, *label;
	int r;

	report_checked(a->rep, 1);
	a->entries++;
	path = strcmp(a->dir, "/") == 0 ? xasprintf("/%s", name) :
	    xasprintf("%s/%s", a->dir, name);
	/* A name with a slash cannot come from readdir; be sure anyway. */
	if (strchr(name, '/') != NULL ||
	    fstatat(dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, NULL, NULL,
		    "%s: cannot examine the entry: %s", name, strerror(errno));
		free(path);
		return;
	}
	r = resolve(a, path, 0, &res);
	if (r < 0) {
		free(path);
		return;
	}
	label = chain_text(name, &res);
	flush_pending(a, path, label);
	check_name(a, name, path, label);

	if (listed(a->sp->deny, name) ||
	    (res.status == LC_OK && listed(a->sp->deny, base_name(res.path))))
		emit(a, "smrsh.denied", SEV_HIGH, path, NULL, res.path,
		    "%s: the profile forbids this program", label);
	else if (!listed(a->sp->allow, name))
		emit(a, "smrsh.unapproved", SEV_MEDIUM, path, NULL, res.path,
		    "%s: not in the profile's list of approved programs", label);

	switch (res.status) {
	case LC_OK:
		check_target(a, name, path, label, &res);
		break;
	case LC_MISSING:
	case LC_NOTDIR:
		emit(a, "smrsh.dangling", SEV_LOW, path, NULL, res.path,
		    "%s: %s %s; smrsh refuses it (stat failed)", label,
		    res.path, lc_status_text(res.status));
		break;
	case LC_LOOP:
		emit(a, "smrsh.link-loop", SEV_LOW, path, NULL, res.path,
		    "%s: more than %d symbolic links (a loop); smrsh refuses "
		    "it (stat failed)", label, LC_MAX_HOPS);
		break;
	case LC_SYMLINK:
	case LC_ERROR:
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, NULL, res.path,
		    "%s: cannot resolve %s: %s", label, res.path,
		    strerror(-res.err));
		break;
	}
	free(label);
	free(path);
	linkchain_result_free(&res);
}

static int
cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every entry, in name order so reports are stable. */
static int
audit_entries(struct audit *a, int dir_pathfd)
{
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;
	int fd, lfd;

	fd = openat(dir_pathfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	lfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (lfd < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d = fdopendir(lfd);
	if (d == NULL) {
		int e = -errno;

		close(lfd);
		close(fd);
		return e;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		audit_entry(a, fd, names[i]);
		free(names[i]);
	}
	free(names);
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ */


int
audit_smrsh(struct context *ctx, struct report *rep)
{
	struct audit a = { 0 };
	struct cmddir_scan scan = { 0 };
	const char *dir;
	json_t *info, *cands;
	bool scanned = false;
	size_t i;
	int dfd = -1, r = 0;

	a.ctx = ctx;
	a.rep = rep;
	a.sp = ctx->profile ? &ctx->profile->smrsh : &empty_profile;
	dir = ctx->opt.smrsh_dir ? ctx->opt.smrsh_dir : a.sp->dir;
	if (dir != NULL && (a.dir = normalise(dir)) == NULL)
		return -EINVAL;

	audit_binary(&a, &scan, &scanned);
	if (a.dir == NULL && scan.ncandidates == 1)
		a.dir = xstrdup(scan.candidates[0]);
	if (scanned)
		compare_cmddir(&a, &scan);
	if (a.dir == NULL) {
		emit(&a, "smrsh.dir-unknown", SEV_INFO, NULL, NULL, NULL,
		    "no program directory known (neither --smrsh-dir, the "
		    "profile nor the smrsh binary names one); nothing checked");
	} else {
		dfd = audit_dir(&a);
		if (dfd >= 0) {
			r = audit_entries(&a, dfd);
			if (r < 0)
				emit(&a, "smrsh.unexaminable", SEV_MEDIUM,
				    a.dir, NULL, NULL, "cannot list the program "
				    "directory: %s", strerror(-r));
			r = 0;
		}
	}

	info = json_object();
	cands = json_array();
	for (i = 0; i < scan.ncandidates; i++)
		json_array_append_new(cands, report_json_text(scan.candidates[i]));
	json_object_set_new(info, "binary", report_json_text(a.sp->binary));
	json_object_set_new(info, "compiled_cmddir", cands);
	json_object_set_new(info, "dir", report_json_text(a.dir));
	json_object_set_new(info, "entries", json_integer((json_int_t)a.entries));
	report_set(rep, "smrsh", info);

	closep(&dfd);
	cmddir_scan_free(&scan);
	clear_pending(&a);
	idset_clear(&a.judged);
	free_known(&a);
	if (a.sc)
		secattr_close(a.sc);
	free(a.dir);
	return r;
}
