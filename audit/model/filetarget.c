/* filetarget.c -- see filetarget.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsutil.h"
#include "filetarget.h"
#include "fsident.h"
#include "safefile.h"
#include "users.h"
#include "util.h"

static void
add_reason(struct ft_result *r, char *why)
{
	r->reasons = xrealloc(r->reasons, (r->nreasons + 2) * sizeof(char *));
	r->reasons[r->nreasons++] = why;
	r->reasons[r->nreasons] = NULL;
}

/*
 * After chroot() sendmail's getgrgid() reads the jail's group file
 * (sendmail-facts.md 2.4: from the code, untested), so supplementary
 * membership is judged from JAIL/etc/group.
 */
static bool
jail_member(void *arg, gid_t gid, const char *user)
{
	return grp_is_member(*(int *)arg, false, gid, user);
}

static bool
jail_member_db(void *arg, gid_t gid, const char *user)
{
	return grp_db_is_member(arg, gid, user);
}

struct ft_jail {
	char *path;		/* as configured; NULL: ROOT itself */
	int fd;
	struct grp_db *groups;
	struct sf_dirs *dirs;	/* its directories, looked up from fd */
};

struct ft_jails {
	struct ft_jail *v;
	size_t n;
};

struct ft_jails *
ft_jails_new(void)
{
	return xcalloc(1, sizeof(struct ft_jails));
}

void
ft_jails_free(struct ft_jails *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->n; i++) {
		free(j->v[i].path);
		sf_dirs_free(j->v[i].dirs);
		close(j->v[i].fd);
		grp_db_free(j->v[i].groups);
	}
	free(j->v);
	free(j);
}

/*
 * The jail directory (path NULL: ROOT), opened as ft_resolve() always
 * did, kept for the run with its group file.  0 with *fd and *groups
 * (the cache's), or -errno (not kept: asked again next time).
 */
static int
jail_get(const struct ft_env *env, const char *path, int *fd,
    struct grp_db **groups, struct sf_dirs **dirs)
{
	struct ft_jails *j = env->jails;
	struct ft_jail *e;
	size_t i;
	int jfd;

	for (i = 0; i < j->n; i++) {
		e = &j->v[i];
		if (path == NULL ? e->path == NULL :
		    e->path != NULL && strcmp(e->path, path) == 0) {
			*fd = e->fd;
			*groups = e->groups;
			*dirs = e->dirs;
			return 0;
		}
	}
	if (path != NULL)
		jfd = open_beneath(env->root_fd, path, O_PATH | O_DIRECTORY, true);
	else
		jfd = fcntl(env->root_fd, F_DUPFD_CLOEXEC, 0);
	if (jfd < 0)
		return path != NULL ? jfd : -errno;
	j->v = xrealloc(j->v, (j->n + 1) * sizeof(*j->v));
	e = &j->v[j->n++];
	e->path = path != NULL ? xstrdup(path) : NULL;
	e->fd = jfd;
	e->groups = grp_db_load(jfd, false);
	e->dirs = sf_dirs_new(jfd);
	*fd = e->fd;
	*groups = e->groups;
	*dirs = e->dirs;
	return 0;
}

static const char *
type_name(mode_t m)
{
	if (S_ISDIR(m)) return "a directory";
	if (S_ISFIFO(m)) return "a FIFO";
	if (S_ISCHR(m)) return "a character device";
	if (S_ISBLK(m)) return "a block device";
	if (S_ISSOCK(m)) return "a socket";
	if (S_ISLNK(m)) return "a symbolic link";
	return "not a regular file";
}

/*
 * What the kernel will say to the open itself, which safefile()'s mode-bit
 * arithmetic cannot see (ACLs, read-only file systems).  Only meaningful
 * with the delivery user's identity, i.e. when running as root.
 */
static int
kernel_access(const struct sf_env *sf, const char *path, int mode)
{
	return sf_access(sf, path, mode);
}

static char *
parent_path(const char *p)
{
	const char *s = strrchr(p, '/');

	if (s == NULL)
		return xstrdup(".");
	if (s == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(s - p));
}

/*
 * Did safefile() fail at its "may the file be created" step?  It names the
 * parent directory then; a failure to reach that directory names it too,
 * but then the directory itself cannot be looked up.
 */
static bool
parent_denies_create(const struct sf_env *sf, const char *inside,
    const char *where)
{
	char *dir = parent_path(inside);
	struct stat st;
	bool r = strcmp(dir, where) == 0 &&
	    sf_lookup(sf, dir, true, &st) == 0;

	free(dir);
	return r;
}

/* A path inside the jail as seen from ROOT, for messages (malloc'd). */
static char *
shown(const struct ft_result *res, const char *p)
{
	if (res->jailed)
		return xasprintf("%s%s", res->jail, strcmp(p, "/") == 0 ? "" : p);
	return xstrdup(p);
}

/*
 * Without a jail, mailfile() refuses no file type: after safefile() it
 * open()s the target O_WRONLY|O_APPEND, writes the message, and -- with
 * SuperSafe on, its default and Debian's -- fsync()s it.  A failed write or
 * fsync() is EX_IOERR (74): the message stays queued ("I/O error"), the
 * next queue run writes it once more, and when Timeout.queuereturn has
 * passed the queue run returns it to the sender (Status 4.4.7, "I/O
 * error").  With SuperSafe=False there is no fsync(): a write that goes
 * through completes the delivery.  A failed open() that is a temporary
 * error (ENXIO) defers it.  All of it was checked against Debian's
 * sendmail 8.17.1.9 (tests/e2e).
 */
#define FT_REQUEUED "the delivery ends with an I/O error (EX_IOERR, 74): the " \
	"message stays queued, every queue run does the same again, and after " \
	"Timeout.queuereturn (5 days by default) it is returned to the sender " \
	"(4.4.7 \"I/O error\")"
#define FT_NO_FSYNC "SuperSafe=False leaves out the fsync(), so the delivery " \
	"counts as done"

static void
special_chr(dev_t rdev, bool no_fsync, struct ft_result *res)
{
	unsigned ma = major(rdev), mi = minor(rdev);

	/* mem driver (major 1): 3 null, 5 zero, 7 full; 5:0 is /dev/tty */
	if (ma == 1 && mi == 7)
		res->special = xasprintf("%s is a character device, a full "
		    "device (1:7, like /dev/full): writing the message fails "
		    "(No space left on device), so nothing is written; "
		    FT_REQUEUED, res->target);
	else if (ma == 1 && (mi == 3 || mi == 5) && no_fsync)
		res->special = xasprintf("%s is a character device that discards "
		    "what is written (%u:%u, like %s): %s and the message is "
		    "lost", res->target, ma, mi, mi == 3 ? "/dev/null" :
		    "/dev/zero", FT_NO_FSYNC);
	else if (ma == 1 && (mi == 3 || mi == 5))
		res->special = xasprintf("%s is a character device that discards "
		    "what is written (%u:%u, like %s), but the fsync() that "
		    "follows fails; %s (only the name /dev/null itself is "
		    "delivered without a write)", res->target, ma, mi,
		    mi == 3 ? "/dev/null" : "/dev/zero", FT_REQUEUED);
	else if (ma == 5 && mi == 0) {
		add_reason(res, xasprintf("%s is /dev/tty (5:0), the controlling "
		    "terminal, which sendmail's daemon and queue runs do not "
		    "have: open() fails with \"No such device or address\" "
		    "(ENXIO), a temporary error: the message stays queued until "
		    "Timeout.queuereturn returns it", res->target));
		res->transient = true;
	} else if (no_fsync)
		res->special = xasprintf("%s is a character device (%u:%u): the "
		    "message is written to the device (a terminal shows it); %s",
		    res->target, ma, mi, FT_NO_FSYNC);
	else
		res->special = xasprintf("%s is a character device (%u:%u): the "
		    "message is written to the device (a terminal shows it), "
		    "the fsync() that follows fails; %s, writing it to the "
		    "device each time", res->target, ma, mi, FT_REQUEUED);
}

static void
special_target(mode_t mode, dev_t rdev, bool no_fsync, struct ft_result *res)
{
	if (S_ISFIFO(mode) && no_fsync)
		res->special = xasprintf("%s is a FIFO: opening it waits for a "
		    "reader; with none, Timeout.fileopen (60s by default) "
		    "defers the delivery and the message stays queued; with one, "
		    "the message is written into it and %s", res->target,
		    FT_NO_FSYNC);
	else if (S_ISFIFO(mode))
		res->special = xasprintf("%s is a FIFO: opening it waits for a "
		    "reader; with none, Timeout.fileopen (60s by default) "
		    "defers the delivery and the message stays queued; with one, "
		    "the message is written into it, the fsync() that follows "
		    "fails; %s, writing it into the FIFO each time", res->target,
		    FT_REQUEUED);
	else if (S_ISCHR(mode))
		special_chr(rdev, no_fsync, res);
	else if (S_ISBLK(mode))
		res->special = xasprintf("%s is a block device: O_APPEND puts "
		    "the write at the device's end, where it fails (No space "
		    "left on device) and nothing is written; %s", res->target,
		    FT_REQUEUED);
	else if (S_ISSOCK(mode)) {
		add_reason(res, xasprintf("%s is a socket: open() fails with "
		    "\"No such device or address\" (ENXIO), a temporary error: "
		    "the message stays queued until Timeout.queuereturn returns "
		    "it", res->target));
		res->transient = true;
	} else if (S_ISDIR(mode))
		add_reason(res, xasprintf("%s is a directory: open() fails with "
		    "\"Is a directory\"", res->target));
}

/* The checks the delivery child makes inside the jail, as the user. */
static void
child_checks(const struct ft_env *env, int jail_fd, struct grp_db *jail_groups,
    struct sf_dirs *jail_dirs, mode_t mode, dev_t rdev,
    const struct ft_ident *id, struct ft_result *res)
{
	struct sf_env sf = {
		.root_fd = jail_fd,
		.dirs = jail_dirs,
		.dont_init_groups = env->dont_init_groups,
		.trusted_uid = env->trusted_uid,
		.member = jail_groups != NULL ? jail_member_db : jail_member,
		.member_arg = jail_groups != NULL ? (void *)jail_groups :
		    (void *)&jail_fd,
	};
	struct sf_who who = { id->uid, id->gid, id->user, id->uid == 0 };
	bool exec_refused = false, link_refused = false;
	struct stat st;
	char *where = NULL;
	long flags = SF_CREAT;
	int err;

	err = sf_lookup(&sf, res->inside, env->dbs_symlink, &st);
	if (err != 0) {
		res->create = true;
		res->create_mode = env->file_mode;
	} else {
		res->exists = true;
		/* the mode here is root's stat() from outside, before chroot */
		if (mode & (S_IXUSR | S_IXGRP | S_IXOTH)) {
			add_reason(res, xasprintf("the file has execute permission "
			    "(mode %04o)", (unsigned)(mode & 07777)));
			exec_refused = true;
		}
		if (!env->dbs_hardlink && st.st_nlink != 1) {
			add_reason(res, xasprintf("the file has %lu hard links",
			    (unsigned long)st.st_nlink));
			link_refused = true;
		}
		if (res->jailed && !S_ISREG(mode))
			add_reason(res, xasprintf("the file is %s (only regular "
			    "files are written inside a %s)", type_name(mode),
			    res->by_rootdir ? "mailer root directory (/=)" :
			    "SafeFileEnvironment"));
	}

	if (!env->dbs_symlink)
		flags |= SF_NOSLINK;
	if (!env->dbs_hardlink)
		flags |= SF_NOHLINK;
	err = sf_safefile(&sf, res->inside, &who, flags, S_IWUSR, &st, &where);
	if ((err == SF_E_ISEXEC && exec_refused) ||
	    (err == SF_E_NOHLINK && link_refused))
		err = 0;	/* already said */
	if (err != 0) {
		char *w = where != NULL ? shown(res, where) : NULL;

		if (err == ENOENT && w != NULL && strcmp(where, res->inside) != 0)
			add_reason(res, xasprintf("the directory %s does not exist",
			    w));
		else if (err == EACCES && res->create && w != NULL &&
		    parent_denies_create(&sf, res->inside, where))
			add_reason(res, xasprintf("cannot create %s: %s (the "
			    "directory %s does not grant write and search to uid "
			    "%lu, judged from its mode bits)", res->target,
			    sf_errstring(err), w, (unsigned long)id->uid));
		else if (w != NULL && strcmp(where, res->inside) != 0)
			add_reason(res, xasprintf("cannot open %s: %s (at %s)",
			    res->target, sf_errstring(err), w));
		else
			add_reason(res, xasprintf("cannot open %s: %s", res->target,
			    sf_errstring(err)));
		free(w);
		res->transient = sf_transient(err);
	} else if (res->nreasons == 0 && fsid_possible()) {
		char *dir = parent_path(res->inside);

		err = res->create ? kernel_access(&sf, dir, W_OK | X_OK) :
		    kernel_access(&sf, res->inside, W_OK);
		if (err != 0)
			add_reason(res, xasprintf("cannot %s %s: %s (sendmail's "
			    "mode-bit check passes, the kernel refuses)",
			    res->create ? "create" : "open", res->target,
			    strerror(err)));
		free(dir);
	}
	if (res->nreasons == 0 && res->exists && !res->jailed && !S_ISREG(mode))
		special_target(mode, rdev, env->no_fsync, res);
	free(where);
}

int
ft_resolve(const struct ft_env *env, const char *filename,
    const struct ft_ident *id, struct ft_result *res)
{
	struct fsid_saved sv;
	struct stat st;
	const char *rest = filename, *jail = NULL;
	struct grp_db *jail_groups = NULL;
	struct sf_dirs *jail_dirs = NULL;
	struct sf_env root_sf = { .root_fd = env->root_fd,
	    .dirs = env->root_dirs };
	int jail_fd = -1, err;
	bool kept = env->jails != NULL;
	mode_t mode;
	dev_t rdev = 0;

	memset(res, 0, sizeof(*res));
	/* sm_path_isdevnull(): always delivered, even in a jail */
	if (strcmp(filename, "/dev/null") == 0) {
		res->devnull = true;
		res->target = xstrdup(filename);
		res->inside = xstrdup(filename);
		return 0;
	}
	if (env->safe_file_env != NULL && env->safe_file_env[0] != '\0')
		jail = env->safe_file_env;
	else if (env->rootdir != NULL && env->rootdir[0] != '\0')
		jail = env->rootdir;
	if (jail != NULL) {
		size_t len = strlen(jail), dl = len;

		res->jailed = true;
		res->by_rootdir = jail != env->safe_file_env;
		/* readcf() strips SafeFileEnvironment's trailing '/', makemailer()
		 * keeps the one of /=; either way one '/' joins the two parts */
		while (dl > 0 && jail[dl - 1] == '/')
			dl--;
		res->jail = xstrndup(jail, dl);
		/* a byte prefix, not a path component: the surprise is here */
		if (strncmp(jail, filename, len) == 0) {
			rest += len;
			res->odd_prefix = jail[len - 1] != '/' && *rest != '/' &&
			    *rest != '\0';
		}
		if (len + strlen(rest) + 1 >= SF_MAXPATHLEN) {
			res->target = xstrdup(filename);
			res->inside = xstrdup(filename);
			add_reason(res, xstrdup("the file name is too long"));
			return 0;
		}
		if (*rest == '/')
			rest++;
		res->inside = *rest != '\0' ? xasprintf("/%s", rest) : xstrdup("");
		res->target = xasprintf("%s%s", res->jail, res->inside);
	} else {
		if (strlen(filename) >= SF_MAXPATHLEN) {
			res->target = xstrdup(filename);
			res->inside = xstrdup(filename);
			add_reason(res, xstrdup("the file name is too long"));
			return 0;
		}
		res->target = xstrdup(filename);
		res->inside = xstrdup(filename);
	}
	res->relocated = strcmp(res->target, filename) != 0;

	/* root's stat() of the whole path, before the chroot, following links */
	if (sf_lookup(&root_sf, res->target, true, &st) == 0) {
		mode = st.st_mode;
		rdev = st.st_rdev;
	} else
		mode = env->file_mode;
	/* set-ID bits are ignored for .forward deliveries */
	mode &= (mode_t)~(S_ISUID | S_ISGID);

	if (kept) {
		err = jail_get(env, res->jailed ? jail : NULL, &jail_fd,
		    &jail_groups, &jail_dirs);
		if (err < 0 && res->jailed) {
			add_reason(res, xasprintf("Cannot chroot(%s): %s", jail,
			    strerror(-err)));
			return 0;
		}
		if (err < 0)
			return err;
	} else if (res->jailed) {
		jail_fd = open_beneath(env->root_fd, jail, O_PATH | O_DIRECTORY, true);
		if (jail_fd < 0) {
			add_reason(res, xasprintf("Cannot chroot(%s): %s", jail,
			    strerror(-jail_fd)));
			return 0;
		}
	} else {
		jail_fd = dup(env->root_fd);
		if (jail_fd < 0)
			return -errno;
	}
	if (res->inside[0] == '\0') {
		add_reason(res, xasprintf("the file name is the %s itself, which "
		    "is not a file", res->by_rootdir ? "mailer root directory (/=)" :
		    "SafeFileEnvironment"));
		if (!kept)
			close(jail_fd);
		return 0;
	}

	err = fsid_enter(id->uid, id->gid, id->groups, id->ngroups, &sv);
	if (err < 0) {
		if (!kept)
			close(jail_fd);
		return err;
	}
	child_checks(env, jail_fd, jail_groups, jail_dirs, mode, rdev, id, res);
	fsid_leave(&sv);
	if (!kept)
		close(jail_fd);
	return 0;
}

void
ft_result_free(struct ft_result *res)
{
	size_t i;

	free(res->target);
	free(res->inside);
	free(res->jail);
	free(res->special);
	for (i = 0; i < res->nreasons; i++)
		free(res->reasons[i]);
	free(res->reasons);
	memset(res, 0, sizeof(*res));
}
