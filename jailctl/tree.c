/*
 * tree.c -- see tree.h.
 *
 * Order per entry, all on the fd opened for it: create if missing (labelled
 * from birth), narrow the mode if owner and mode both change, fchown,
 * fchmod (always after a chown, which may clear set-id bits), then ACLs,
 * capabilities and label through secattr_check().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "jailctl.h"
#include "names.h"
#include "peruser.h"
#include "profile.h"
#include "secattr.h"
#include "tree.h"
#include "util.h"

enum node_state {
	NODE_OK,		/* fd is open on the real directory */
	NODE_MISSING,		/* does not exist (verify or dry run): nor does anything below */
	NODE_BAD,		/* not a directory we may enter: children unreachable */
};

struct node {
	const char *path;	/* path inside the jail, borrowed from the entry */
	int fd;
	enum node_state state;
};

struct walk {
	struct context *ctx;
	struct drift_sink *sink;
	struct secattr_ctx *sc;
	const struct profile *p;
	const char *top;	/* what entry "/" is, inside ROOT: the jail, or
				 * another directory walked alone (smrsh's) */
	bool content;		/* apply the profile's content rules */
	struct node *stack;	/* the open directories along the current path */
	size_t depth;
};

/*
 * The name of a uid or gid, or the number in num.  Not copied into a
 * fixed buffer: a passwd file puts no limit on a name's length, and a
 * report must not cut one short.  The names table keeps its strings for
 * the whole run.
 */
static const char *
id_name(const struct names *n, bool user, unsigned id, char num[16])
{
	const char *name = user ? names_user(n, id) : names_group(n, id);

	if (name != NULL)
		return name;
	snprintf(num, 16, "%u", id);
	return num;
}

static void
record(struct walk *w, const char *id, enum severity sev, const char *path,
    const char *message, const char *expected, const char *actual,
    const char *attribute, int outcome)
{
	struct finding f = { id, sev, path, message, expected, actual, false, false };

	drift_record(w->sink, &f, attribute, outcome);
}

static bool
fixing(const struct walk *w)
{
	return drift_wants_fix(w->sink);
}

/*
 * What to do about something that can be fixed with one call: made only
 * on an object proven the jail's own right before it (drift_may_change).
 */
static int
outcome_of(const struct walk *w, int (*apply)(int, const void *), int fd,
    const void *arg)
{
	if (!fixing(w))
		return DRIFT_REPORTED;
	if (w->sink->dry_run)
		return DRIFT_WOULD_FIX;
	if (!drift_may_change(w->sink))
		return DRIFT_REFUSED;
	return apply(fd, arg) == 0 ? DRIFT_FIXED : -errno;
}

struct owner_arg { uid_t uid; gid_t gid; };

static int
apply_owner(int fd, const void *arg)
{
	const struct owner_arg *o = arg;

	return fchown(fd, o->uid, o->gid);
}

static int
apply_mode(int fd, const void *arg)
{
	return fchmod(fd, *(const mode_t *)arg);
}

static const char *
type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR: return "directory";
	case S_IFREG: return "regular file";
	case S_IFLNK: return "symlink";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFCHR: return "character device";
	case S_IFBLK: return "block device";
	default: return "unknown type";
	}
}

/*
 * Owner, group and mode of an opened object.  `fresh` is set for what we
 * just created: its creation was reported already, so settling its owner and
 * mode is part of that change, not a difference of its own -- unless the
 * file system refused it, which is a finding like any failed repair.
 */
static void
settle_perms(struct walk *w, int fd, struct stat *st, uid_t uid, gid_t gid,
    mode_t mode, const char *path, bool fresh)
{
	const struct names *n = w->ctx->names;
	bool owner_differs = st->st_uid != uid || st->st_gid != gid;
	bool mode_differs = (st->st_mode & 07777) != mode;
	char want[16], have[16];

	if (!owner_differs && !mode_differs)
		return;
	/*
	 * Between a chown and a chmod the object briefly has the new owner
	 * with the old mode; narrow the mode first to what both allow, so no
	 * one gains access for that moment (as systemd-tmpfiles does).
	 */
	if (owner_differs && mode_differs && fixing(w) && !w->sink->dry_run &&
	    drift_may_change(w->sink))
		(void)fchmod(fd, st->st_mode & mode & 07777);
	if (st->st_uid != uid) {
		struct owner_arg o = { uid, (gid_t)-1 };
		int out = outcome_of(w, apply_owner, fd, &o);
		if (!fresh || out < 0)
			record(w, "tree.owner", SEV_MEDIUM, path, "owner differs",
			    id_name(n, true, uid, want), id_name(n, true, st->st_uid, have),
			    "owner", out);
		if (out == DRIFT_FIXED)
			st->st_uid = uid;
	}
	if (st->st_gid != gid) {
		struct owner_arg o = { (uid_t)-1, gid };
		int out = outcome_of(w, apply_owner, fd, &o);
		if (!fresh || out < 0)
			record(w, "tree.group", SEV_MEDIUM, path, "group differs",
			    id_name(n, false, gid, want),
			    id_name(n, false, st->st_gid, have), "group", out);
		if (out == DRIFT_FIXED)
			st->st_gid = gid;
	}
	if (mode_differs || (owner_differs && fixing(w) && !w->sink->dry_run)) {
		mode_string(mode, want);
		mode_string(st->st_mode, have);
		int out = outcome_of(w, apply_mode, fd, &mode);
		if ((!fresh || out < 0) && mode_differs)
			record(w, "tree.mode", (st->st_mode & ~mode & 0022) ?
			    SEV_HIGH : SEV_MEDIUM, path, "mode differs", want, have,
			    "mode", out);
		if (out == DRIFT_FIXED)
			st->st_mode = (st->st_mode & (mode_t)~07777) | mode;
	}
}

/*
 * Create a missing entry under parent_fd; returns an open fd or -errno.
 * -EEXIST when something appeared there since it was found missing: that
 * is not ours, and the caller judges it as the existing object it is.
 */
static int
create_entry(struct walk *w, int parent_fd, const char *name,
    const struct entry *e, const char *path)
{
	int fd;

	if (secattr_create_begin(w->sc, &e->attrs, path,
	    e->type == ENTRY_DIR ? S_IFDIR : S_IFREG) < 0)
		return -errno;
	/* Born owner-only; owner and final mode follow through the fd. */
	if (e->type == ENTRY_DIR) {
		fd = mkdirat(parent_fd, name, 0700) != 0 ? -errno :
		    openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	} else {
		fd = openat(parent_fd, name, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	}
	if (fd == -1)
		fd = -errno;
	secattr_create_end(w->sc);
	return fd;
}

/*
 * Open an existing entry without following anything; classify failures.
 * Returns fd >= 0, or -errno with *st filled when the object exists but is
 * of the wrong type.
 */
static int
open_entry(int parent_fd, const char *name, enum entry_type type, struct stat *st)
{
	int fd, err;

	if (type == ENTRY_FILE) {
		fd = open_regular_at(parent_fd, name, st);
		return fd == -EINVAL || fd == -ELOOP ? -ENOTDIR : fd;
	}
	/* O_DIRECTORY fails before a device's open routine is ever called. */
	fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	err = errno;
	if (fd >= 0) {
		if (fstat(fd, st) != 0) {
			err = errno;
			close(fd);
			return -err;
		}
		return fd;
	}
	/* ELOOP: a symlink; ENOTDIR: something else where a dir should be. */
	if (fstatat(parent_fd, name, st, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	return -(err == ELOOP || err == ENOTDIR ? ENOTDIR : err);
}

static void check_content(struct walk *w, int dir_fd, const struct content_rule *c);

/* "directory root:mail 2775": what a missing entry should be, whole. */
static char *
missing_what(const struct entry *e)
{
	return xasprintf("%s %s:%s %04o", e->type == ENTRY_DIR ? "directory" :
	    "file", e->owner, e->group, (unsigned)e->mode);
}
static bool is_parent(const char *dir, const char *path);

static enum node_state
process_entry(struct walk *w, const struct node *parent, const struct entry *e,
    int *ret_fd)
{
	char *path = path_join(w->top, e->path);
	char *base = NULL;
	const char *name;
	struct stat st;
	bool fresh = false;
	int fd;

	*ret_fd = -1;
	report_checked(w->sink->rep, 1);
	/* The jail root's name is the last component of the jail path. */
	if (strcmp(e->path, "/") == 0) {
		char *dir;
		path_split(w->top, &dir, &base);
		free(dir);
		name = base;
	} else {
		name = strrchr(e->path, '/') + 1;
	}
	if (parent->state != NODE_OK) {
		fd = -ENOENT;
	} else {
		fd = open_entry(parent->fd, name, e->type, &st);
		if (fd == -ENOENT && fixing(w) && !w->sink->dry_run) {
			fd = create_entry(w, parent->fd, name, e, path);
			fresh = fd != -EEXIST;
			if (!fresh)	/* someone else's: look at it as found */
				fd = open_entry(parent->fd, name, e->type, &st);
		}
	}
	if (fresh) {
		char *what = missing_what(e);
		record(w, "tree.missing", SEV_HIGH, path, "missing", what, NULL,
		    "create", fd >= 0 ? DRIFT_FIXED : fd);
		free(what);
		if (fd < 0) {
			/* That finding says why; nothing below can be reached. */
			free(path);
			free(base);
			return NODE_BAD;
		}
		if (fstat(fd, &st) != 0) {
			closep(&fd);
			fd = -errno;
		}
	} else if (fd == -ENOENT) {
		char *what = missing_what(e);
		/* Under a missing parent, we predicted its creation already. */
		record(w, "tree.missing", SEV_HIGH, path, "missing", what, NULL,
		    "create", fixing(w) ? DRIFT_WOULD_FIX : DRIFT_REPORTED);
		free(what);
		free(path);
		free(base);
		return NODE_MISSING;
	} else if (fd == -ENOTDIR) {
		record(w, "tree.type", SEV_HIGH, path,
		    S_ISLNK(st.st_mode) ? "symlink where a real object is expected: "
		    "not followed, not replaced" : "wrong type: not replaced",
		    e->type == ENTRY_DIR ? "directory" : "regular file",
		    type_name(st.st_mode), "type",
		    drift_refuse(w->sink));
		free(path);
		free(base);
		return NODE_BAD;
	}
	if (fd < 0) {
		struct finding f = { "tree.error", SEV_HIGH, path,
		    "cannot examine", NULL, strerror(-fd), false, false };
		report_finding(w->sink->rep, &f);
		free(path);
		free(base);
		return NODE_BAD;
	}

	/*
	 * A file with other names: chown, chmod, an ACL or capabilities set
	 * through this fd would change the other names too (think of
	 * /etc/shadow linked into the jail), whether or not owner and mode
	 * already match.  Report it and change nothing about it.
	 */
	if (e->type == ENTRY_FILE && st.st_nlink > 1) {
		char have[32];
		snprintf(have, sizeof(have), "%lu", (unsigned long)st.st_nlink);
		record(w, "tree.links", SEV_HIGH, path,
		    "hard-linked file: left alone", "1", have, "links",
		    drift_refuse(w->sink));
		close(fd);
		free(path);
		free(base);
		return NODE_OK;
	}
	/*
	 * The object must be the jail's own: its name still leads to it
	 * (and, for a file, it still has only that one).  Proven now and
	 * again before each change.  A directory that is not is not
	 * entered either: what is below it is not the jail's.
	 */
	struct own_proof own = { parent->fd, name, fd, path, false, e->uid, true, NULL };
	enum own_verdict v = own_prove(&own);
	if (v != OWN_PROVEN) {
		if (v == OWN_UNKNOWN) {
			struct finding f = { "tree.error", SEV_HIGH, path,
			    "cannot examine", NULL, strerror(errno), false, false };
			report_finding(w->sink->rep, &f);
		} else {
			drift_not_own(w->sink, &own, v);
		}
		close(fd);
		free(path);
		free(base);
		return e->type == ENTRY_DIR ? NODE_BAD : NODE_OK;
	}
	w->sink->own = &own;
	settle_perms(w, fd, &st, e->uid, e->gid, e->mode, path, fresh);
	if (secattr_check_entry(w->sc, w->sink, fd, &st, &e->attrs, e->mode, path) < 0) {
		struct finding f = { "tree.error", SEV_HIGH, path,
		    "cannot examine security attributes", NULL, strerror(errno),
		    false, false };
		report_finding(w->sink->rep, &f);
	}
	w->sink->own = NULL;
	if (e->type == ENTRY_DIR) {
		for (size_t i = 0; w->content && i < w->p->ncontent; i++)
			if (strcmp(w->p->content[i].dir, e->path) == 0)
				check_content(w, fd, &w->p->content[i]);
		*ret_fd = fd;
	} else {
		close(fd);
	}
	free(path);
	free(base);
	return NODE_OK;
}

/* A path inside ROOT, joined when first asked for. */
struct lazy_path {
	const char *dir, *name;
	char *path;
};

static const char *
lazy_path_get(struct lazy_path *lp)
{
	if (lp->path == NULL)
		lp->path = path_join(lp->dir, lp->name);
	return lp->path;
}

/* One file directly inside a content-ruled directory. */
static void
check_content_file(struct walk *w, const struct content_rule *c, int dir_fd,
    const char *dirpath, const char *name, const int *barrier)
{
	struct stat st;
	char want[32], have[32];
	/* Formatted only for what is reported: 100 000 mailboxes that pass
	 * need no lazy_path_get(&lp) string at all. */
	struct lazy_path lp = { dirpath, name, NULL };

	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		/* Gone since readdir: nothing to judge.  Anything else is
		 * a file that was not checked. */
		if (errno != ENOENT) {
			struct finding f = { "tree.error", SEV_HIGH,
			    lazy_path_get(&lp), "cannot examine", NULL,
			    strerror(errno), false, false };
			report_finding(w->sink->rep, &f);
		}
		goto done;
	}
	report_checked(w->sink->rep, 1);
	if (c->regular && !S_ISREG(st.st_mode)) {
		record(w, "content.type", S_ISLNK(st.st_mode) ? SEV_HIGH : SEV_MEDIUM,
		    lazy_path_get(&lp), "not a regular file", "regular file",
		    type_name(st.st_mode), "type",
		    drift_refuse(w->sink));
		goto done;
	}
	if (c->max_links > 0 && !S_ISDIR(st.st_mode) &&
	    st.st_nlink > c->max_links) {
		snprintf(want, sizeof(want), "%lu", c->max_links);
		snprintf(have, sizeof(have), "%lu", (unsigned long)st.st_nlink);
		record(w, "content.links", SEV_HIGH, lazy_path_get(&lp),
		    "too many hard links", want, have, "links",
		    drift_refuse(w->sink));
	}
	if (c->owner_rule != OWNER_ANY) {
		uid_t uid = c->uid;
		bool known = c->owner_rule == OWNER_FIXED ||
		    names_uid(w->ctx->names, name, &uid) == 0;
		if (!known) {
			record(w, "content.stray", SEV_LOW, lazy_path_get(&lp),
			    "not named after a user", NULL, NULL, "owner",
			    DRIFT_UNFIXABLE);
		} else if (st.st_uid != uid) {
			record(w, "content.owner", SEV_HIGH, lazy_path_get(&lp),
			    "owner differs",
			    id_name(w->ctx->names, true, uid, want),
			    id_name(w->ctx->names, true, st.st_uid, have), "owner",
			    drift_refuse(w->sink));
		}
	}
	if (c->group != NULL && st.st_gid != c->gid) {
		record(w, "content.group", SEV_MEDIUM, lazy_path_get(&lp), "group differs",
		    id_name(w->ctx->names, false, c->gid, want),
		    id_name(w->ctx->names, false, st.st_gid, have), "group",
		    drift_refuse(w->sink));
	}
	/* Users' files never keep set-id bits, whatever deny= says. */
	const mode_t deny = c->deny | S_ISUID | S_ISGID;
	bool bad_mode = (st.st_mode & deny) != 0;
	bool change_mode = bad_mode && fixing(w) && !w->sink->dry_run;
	/* The mode --fix leaves: attributes are judged as they stand then,
	 * so a drifted mode is one finding, here, and --dry-run predicts. */
	struct stat est = st;
	est.st_mode = st.st_mode & ~deny;
	/*
	 * Attributes are first read by name, without opening the file; only
	 * one whose attributes differ (or could not be read that way) is
	 * opened, to be described and repaired through its fd.
	 */
	/* Every user's file is looked at, whatever the rule names: none may
	 * carry capabilities. */
	bool want_attrs = change_mode || secattr_peek_content(w->sc, dir_fd,
	    name, &est, &c->attrs, dirpath) != 1;
	bool single = false;
	struct own_proof own = { dir_fd, name, -1, NULL, false,
	    c->owner_rule == OWNER_FIXED ? c->uid : OWN_NO_OWNER, false, NULL };
	int fd = -1;
	/*
	 * Opened to repair its mode or to read its attributes; only a
	 * file with a single name is ever changed through the fd.
	 */
	if ((change_mode || want_attrs) && S_ISREG(st.st_mode)) {
		struct stat ost;

		own.path = lazy_path_get(&lp);
		fd = open_regular_at(dir_fd, name, &ost);
		/*
		 * Gone or replaced by another type since the stat: the
		 * next run judges the new one.  Any other failure leaves
		 * attributes unchecked: say so.
		 */
		if (fd < 0 && fd != -ENOENT && fd != -EINVAL) {
			struct finding f = { "tree.error", SEV_HIGH,
			    lazy_path_get(&lp), "cannot examine", NULL,
			    strerror(-fd), false, false };
			report_finding(w->sink->rep, &f);
		}
		/* Same object as the one we judged, or leave it. */
		if (fd >= 0 && (ost.st_ino != st.st_ino ||
		    ost.st_dev != st.st_dev))
			closep(&fd);
		if (fd < 0)
			fd = -1;
		/*
		 * Changed only when proven the jail's own (own.h), right
		 * before each change (drift_may_change()): a file that
		 * fails the proof then is left alone and reported as
		 * tree.not-own.  One with another name already is read
		 * and reported, never changed.
		 */
		own.fd = fd;
		own.barrier = barrier;
		single = fd >= 0 && ost.st_nlink == 1;
		if (single)
			w->sink->own = &own;
	}
	if (bad_mode) {
		mode_t m = st.st_mode & 07777 & ~deny;
		/* Only a regular file with one name is ever changed. */
		bool repairable = S_ISREG(st.st_mode) && st.st_nlink == 1;
		int out = repairable ? DRIFT_REPORTED : drift_refuse(w->sink);
		mode_string(m, want);
		mode_string(st.st_mode, have);
		if (fixing(w))
			out = w->sink->dry_run ? (repairable ? DRIFT_WOULD_FIX :
			    DRIFT_REFUSED) :
			    !single || !drift_may_change(w->sink) ? DRIFT_REFUSED :
			    fchmod(fd, m) == 0 ? DRIFT_FIXED : -errno;
		/* Name the bits the rule forbids that are set; expected
		 * is what clearing them leaves (what --fix sets). */
		char why[40];
		snprintf(why, sizeof(why), "forbidden bits %04o set",
		    (unsigned)(st.st_mode & deny & 07777));
		record(w, "content.mode", (st.st_mode & deny & 06022) ?
		    SEV_HIGH : SEV_MEDIUM, lazy_path_get(&lp), why, want, have,
		    "mode", out);
		if (out == DRIFT_FIXED)
			st.st_mode = (st.st_mode & (mode_t)~07777) | m;
	}
	if (want_attrs && fd >= 0) {
		/* A file with other names is read, reported, never
		 * changed: its differences go through a sink that only
		 * reports. */
		struct drift_sink look = *w->sink;
		if (!single)
			look.mode = DRIFT_LOOK;
		if (secattr_check_content(w->sc, &look, fd, &est, &c->attrs,
		    dirpath, lazy_path_get(&lp)) < 0) {
			struct finding f = { "tree.error", SEV_HIGH,
			    lazy_path_get(&lp), "cannot examine security attributes", NULL,
			    strerror(errno), false, false };
			report_finding(w->sink->rep, &f);
		}
	}
	w->sink->own = NULL;
	closep(&fd);
done:
	free(lp.path);
}

/*
 * Every file inside a content-ruled directory.  One fstatat() per file;
 * the file is opened only to repair its mode or to examine attributes the
 * rule names.
 */
static void
check_content(struct walk *w, int dir_fd, const struct content_rule *c)
{
	int dfd = fcntl(dir_fd, F_DUPFD_CLOEXEC, 3);
	char *dirpath = path_join(w->p->jail, c->dir);
	struct dirent *de;
	DIR *d;

	if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
		struct finding f = { "tree.error", SEV_HIGH, dirpath,
		    "cannot list directory", NULL, strerror(errno), false, false };
		report_finding(w->sink->rep, &f);
		if (dfd >= 0)
			close(dfd);
		free(dirpath);
		return;
	}
	/* One lookup per file is coming: load the names once, now. */
	if (c->owner_rule == OWNER_NAMED_AFTER_FILE)
		names_preload(w->ctx->names);
	/*
	 * Objects that are profile entries themselves are the profile's:
	 * judged by their entry, never by the rule, or a file entry whose
	 * mode the rule denies would flip between the two on every run.
	 * Look names up only when some entry lives here at all.
	 */
	bool has_entries = false;
	for (size_t i = 0; i < w->p->nentries && !has_entries; i++)
		has_entries = is_parent(c->dir, w->p->entries[i].path);
	rewinddir(d);
	/* The proofs before each change wait on the directory through a
	 * descriptor of their own, opened once here. */
	int barrier = fixing(w) && !w->sink->dry_run ?
	    openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	/* readdir() ends with NULL both at the end and on an error, which
	 * only errno tells apart: a spool not listed to its end was not
	 * checked, and must not pass. */
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (has_entries) {
			char *jpath = path_join(c->dir, de->d_name);
			bool entry = profile_entry(w->p, jpath) != NULL;
			free(jpath);
			if (entry)
				continue;
		}
		check_content_file(w, c, dir_fd, dirpath, de->d_name, &barrier);
		errno = 0;
	}
	if (errno != 0) {
		struct finding f = { "tree.error", SEV_HIGH, dirpath,
		    "cannot list directory to its end", NULL, strerror(errno), false, false };
		report_finding(w->sink->rep, &f);
	}
	closedir(d);
	closep(&barrier);
	free(dirpath);
}

/*
 * The directories from ROOT down to the jail's parent: root-owned and not
 * writable by group or others, or a finding.  They are never changed; a
 * missing one is created root:root 0755 when creating, as mkdir -p would.
 * Returns an fd on the jail's parent, or -1 with its state in *state.
 */
static int
walk_ancestors(struct walk *w, enum node_state *state)
{
	char *jail = xstrdup(w->top), *save = NULL, *comp;
	char *path = xstrdup("");
	int fd = fcntl(w->ctx->root_fd, F_DUPFD_CLOEXEC, 3);
	struct stat st;

	*state = NODE_OK;
	/* The root directory itself first, then each component but the last. */
	char *last = strrchr(jail, '/');
	*last = '\0';
	comp = NULL;
	for (char *s = jail;; s = NULL) {
		const char *shown = *path ? path : "/";
		if (fd >= 0 && fstat(fd, &st) == 0 &&
		    (st.st_uid != 0 || (st.st_mode & 0022) != 0)) {
			char have[64], mode[8];
			mode_string(st.st_mode, mode);
			snprintf(have, sizeof(have), "uid %u, mode %s",
			    (unsigned)st.st_uid, mode);
			record(w, "tree.ancestor", SEV_HIGH, shown,
			    "directory above the jail is not root-owned or is writable "
			    "by group or others (left alone)", "root, not group/other "
			    "writable", have, "ancestor",
			    drift_refuse(w->sink));
		}
		comp = strtok_r(s, "/", &save);
		if (comp == NULL)
			break;
		char *next = xasprintf("%s/%s", path, comp);
		free(path);
		path = next;
		int nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && fixing(w)) {
			int out = DRIFT_WOULD_FIX;
			if (!w->sink->dry_run) {
				/*
				 * Only what we made is ours to chown: a directory
				 * that appeared meanwhile (EEXIST) is an existing
				 * one, judged at the top of the loop and never
				 * changed.
				 */
				out = mkdirat(fd, comp, 0755) == 0 ? DRIFT_FIXED : -errno;
				nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				    O_CLOEXEC);
				if (out == DRIFT_FIXED && nfd >= 0 &&
				    (fchown(nfd, 0, 0) != 0 || fchmod(nfd, 0755) != 0))
					out = -errno;
			}
			if (out != -EEXIST)
				record(w, "tree.missing", SEV_HIGH, path, "missing",
				    "directory root:root 0755", NULL, "create", out);
			if (w->sink->dry_run) {
				*state = NODE_MISSING;
				break;
			}
			if (out < 0 && out != -EEXIST && nfd < 0) {
				/* That finding says why; the jail is out of reach. */
				closep(&nfd);
				*state = NODE_BAD;
				break;
			}
		} else if (nfd < 0 && errno == ENOENT) {
			record(w, "tree.missing", SEV_HIGH, path, "missing",
			    "directory", NULL, "create", DRIFT_REPORTED);
			*state = NODE_MISSING;
			break;
		}
		if (nfd < 0) {
			int err = errno;
			if (fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    !S_ISDIR(st.st_mode))
				record(w, "tree.type", SEV_HIGH, path,
				    S_ISLNK(st.st_mode) ? "symlink above the jail: "
				    "not followed" : "not a directory", "directory",
				    type_name(st.st_mode), "type",
				    drift_refuse(w->sink));
			else {
				struct finding f = { "tree.error", SEV_HIGH, path,
				    "cannot open", NULL, strerror(err), false, false };
				report_finding(w->sink->rep, &f);
			}
			*state = NODE_BAD;
			break;
		}
		close(fd);
		fd = nfd;
	}
	free(jail);
	free(path);
	if (*state != NODE_OK)
		closep(&fd);
	return fd;
}

static void
pop_to(struct walk *w, size_t depth)
{
	while (w->depth > depth) {
		w->depth--;
		closep(&w->stack[w->depth].fd);
	}
}

/* Is `dir` (a jail path) the parent of `path`? */
static bool
is_parent(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/' && strchr(path + 1, '/') == NULL &&
		    path[1] != '\0';
	return strncmp(dir, path, n) == 0 && path[n] == '/' &&
	    strchr(path + n + 1, '/') == NULL;
}

/* A users= template: each selected user's directory, then those of users
 * who are gone (peruser.c decides who; this walk does the rest). */
struct per_user {
	struct walk *w;
	const struct node *parent;
};

static void
per_user_entry(void *arg, const struct entry *e)
{
	struct per_user *pu = arg;
	int fd = -1;

	(void)process_entry(pu->w, pu->parent, e, &fd);
	closep(&fd);
}

static void
walk_per_user(struct walk *w, const struct node *parent, const struct entry *e)
{
	struct per_user pu = { w, parent };
	char *dir = path_join(w->top, parent->path);
	int r = peruser_each(w->ctx, w->sink->rep, e, per_user_entry, &pu);

	if (r < 0) {
		struct finding f = { "tree.error", SEV_HIGH, "/etc/passwd",
		    "cannot read the users a users= entry selects", NULL,
		    strerror(-r), false, false };
		report_finding(w->sink->rep, &f);
	}
	if (parent->state == NODE_OK)
		peruser_stale(w->ctx, w->sink->rep, parent->fd, dir, e);
	free(dir);
}

int
tree_walk(struct context *ctx, struct drift_sink *sink, struct secattr_ctx *sc)
{
	struct walk w = { .ctx = ctx, .sink = sink, .sc = sc, .p = ctx->profile,
	    .top = ctx->profile->jail, .content = true };
	struct node anc;
	int fd;

	w.stack = xcalloc(w.p->nentries + 1, sizeof(*w.stack));
	fd = walk_ancestors(&w, &anc.state);
	anc.fd = fd;
	anc.path = NULL;
	w.stack[w.depth++] = anc;
	for (size_t i = 0; i < w.p->nentries; i++) {
		const struct entry *e = &w.p->entries[i];
		struct node *parent;

		/* Entries are sorted parents-first: unwind to this one's parent. */
		if (strcmp(e->path, "/") == 0)
			pop_to(&w, 1);
		else
			while (w.depth > 1 && !is_parent(w.stack[w.depth - 1].path, e->path))
				pop_to(&w, w.depth - 1);
		parent = &w.stack[w.depth - 1];
		int cfd = -1;
		enum node_state st = NODE_BAD;
		/*
		 * The profile guarantees the parent is an earlier entry; never
		 * create anything relative to the wrong directory if it is not.
		 */
		if (strcmp(e->path, "/") != 0 &&
		    (w.depth < 2 || !is_parent(parent->path, e->path))) {
			char *path = path_join(w.p->jail, e->path);
			struct finding f = { "tree.error", SEV_HIGH, path,
			    "parent directory was not walked (profile order)", NULL,
			    NULL, false, false };
			report_finding(sink->rep, &f);
			free(path);
		} else if (e->users != USERS_NONE) {
			/* No entry lies below a template: nothing to push. */
			if (parent->state != NODE_BAD)
				walk_per_user(&w, parent, e);
			continue;
		} else if (parent->state != NODE_BAD) {
			st = process_entry(&w, parent, e, &cfd);
		}
		/*
		 * Below a directory that could not be entered (reported there),
		 * the whole subtree is unreachable: a directory still takes its
		 * place on the stack, as unreachable, so that its own children
		 * find their parent and are skipped quietly too.
		 */
		if (e->type == ENTRY_DIR)
			w.stack[w.depth++] = (struct node){ e->path, cfd, st };
	}
	pop_to(&w, 0);
	free(w.stack);
	return 0;
}

int
tree_walk_dir(struct context *ctx, struct drift_sink *sink,
    struct secattr_ctx *sc, const char *path, const struct entry *e,
    bool *missing)
{
	struct walk w = { .ctx = ctx, .sink = sink, .sc = sc, .p = ctx->profile,
	    .top = path, .content = false };
	struct node anc = { NULL, -1, NODE_BAD };
	enum node_state st = NODE_BAD;
	int fd = -1;

	anc.fd = walk_ancestors(&w, &anc.state);
	if (anc.state != NODE_BAD)
		st = process_entry(&w, &anc, e, &fd);
	closep(&anc.fd);
	*missing = anc.state == NODE_MISSING || st == NODE_MISSING;
	return fd;
}
