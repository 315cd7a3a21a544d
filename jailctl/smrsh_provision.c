/*
 * smrsh_provision.c -- see smrsh_provision.h.
 *
 * The directory goes through tree_walk_dir(), the tree engine's path for
 * one directory: same walk from ROOT, same creation (owner-only at birth,
 * then owner, mode and label through the descriptor), same drift policy.
 * This file adds what is smrsh's own: the links.
 *
 * A link is made with symlinkat() relative to the descriptor of the
 * directory that was just opened and checked, so a directory swapped for
 * a symlink meanwhile is never written through.  Its target is the path
 * the program was found at, absolute inside ROOT (/usr/bin/vacation), the
 * link update_smrsh makes; programs are looked for only in the profile's
 * smrsh-search directories, beneath ROOT.  An entry that is already there
 * is never removed or replaced, whatever it is: a person decides about
 * it, with `jailctl audit smrsh` to tell them what it really runs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "smrsh_provision.h"
#include "tree.h"
#include "util.h"

static bool
listed(char *const *v, const char *name)
{
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, name) == 0)
			return true;
	return false;
}

static void
finding(struct drift_sink *sink, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *message)
{
	struct finding f = { id, sev, path, message, expected, actual, false,
	    false };

	report_finding(sink->rep, &f);
}

/*
 * --smrsh-dir as given on the command line: absolute, below "/", without
 * "." or ".." (they would make the walk and the messages disagree about
 * which directory was provisioned).  Slashes collapsed.  NULL if not so.
 */
static char *
plain_dir(const char *in)
{
	char *out, *o;

	if (in[0] != '/')
		return NULL;
	out = o = xmalloc(strlen(in) + 2);
	for (const char *s = in; *s != '\0';) {
		while (*s == '/')
			s++;
		size_t n = strcspn(s, "/");
		if (n == 0)
			break;
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.') ||
		    n > NAME_MAX) {
			free(out);
			return NULL;
		}
		*o++ = '/';
		memcpy(o, s, n);
		o += n;
		s += n;
	}
	*o = '\0';
	if (o == out) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Where `name` is installed: the first smrsh-search directory that holds
 * it as an executable regular file (symlinks followed, beneath ROOT), as a
 * malloc'd path inside ROOT; NULL when it is nowhere.  A program that
 * someone other than root could change is not linked: smrsh would hand it
 * mail-controlled arguments.  *unsafe then names it.
 */
static char *
find_program(const struct context *ctx, const char *dir, const char *name,
    char **unsafe)
{
	*unsafe = NULL;
	for (char **s = ctx->profile->smrsh.search; s != NULL && *s != NULL; s++) {
		struct stat st;
		char *path;
		int fd;

		/* The program directory is where links go, not where
		 * programs come from. */
		if (strcmp(*s, dir) == 0)
			continue;
		path = path_join(*s, name);
		fd = open_beneath(ctx->root_fd, path, O_PATH, true);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0111) != 0) {
			close(fd);
			if (st.st_uid != 0 || (st.st_mode & 0022) != 0) {
				*unsafe = path;
				return NULL;
			}
			return path;
		}
		if (fd >= 0)
			close(fd);
		free(path);
	}
	return NULL;
}

/* Do two paths inside ROOT end at the same object (symlinks followed)? */
static bool
same_object(int root_fd, const char *a, const char *b)
{
	struct stat sa, sb;
	int fa = open_beneath(root_fd, a, O_PATH, true);
	int fb = open_beneath(root_fd, b, O_PATH, true);
	bool same = fa >= 0 && fb >= 0 && fstat(fa, &sa) == 0 &&
	    fstat(fb, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;

	closep(&fa);
	closep(&fb);
	return same;
}

/*
 * An entry of an approved name is already there.  The link that create
 * would make, or anything that ends at the same program, is what was
 * wanted; anything else stays as it is, and is said.
 */
static void
judge_existing(const struct context *ctx, struct drift_sink *sink, int dfd,
    const char *name, const char *path, const struct stat *st,
    const char *target)
{
	char have[PATH_MAX];
	const char *actual = NULL;
	ssize_t n;

	if (target == NULL)
		return;		/* installed some other way: the audit judges it */
	if (S_ISLNK(st->st_mode) &&
	    (n = readlinkat(dfd, name, have, sizeof(have) - 1)) >= 0) {
		have[n] = '\0';
		actual = have;
		if (strcmp(have, target) == 0)
			return;
	}
	if (same_object(ctx->root_fd, path, target))
		return;
	char *msg = xasprintf("%s is already there and is not the link to %s "
	    "that create makes: left alone (jailctl audit smrsh judges it)",
	    name, target);
	finding(sink, "smrsh.entry-kept", SEV_LOW, path, target,
	    actual != NULL ? actual : S_ISREG(st->st_mode) ? "regular file" :
	    S_ISDIR(st->st_mode) ? "directory" : "not a symlink", msg);
	free(msg);
}

/* One smrsh-allow program: link it, predict the link, or say why not. */
static void
link_program(const struct context *ctx, struct drift_sink *sink, int dfd,
    const char *dir, const char *name)
{
	char *path = path_join(dir, name), *unsafe = NULL;
	char *target = find_program(ctx, dir, name, &unsafe);
	struct stat st;

	if (dfd >= 0 && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		judge_existing(ctx, sink, dfd, name, path, &st, target);
	} else if (dfd >= 0 && errno != ENOENT) {
		finding(sink, "tree.error", SEV_HIGH, path, NULL, strerror(errno),
		    "cannot examine");
	} else if (unsafe != NULL) {
		char *msg = xasprintf("%s is not owned by root or is writable by "
		    "group or others: not linked", unsafe);
		finding(sink, "smrsh.program-unsafe", SEV_MEDIUM, path, NULL,
		    unsafe, msg);
		free(msg);
	} else if (target == NULL) {
		char *msg = xasprintf("%s is not installed in any smrsh-search "
		    "directory: not linked", name);
		finding(sink, "smrsh.program-not-found", SEV_INFO, path, NULL, NULL,
		    msg);
		free(msg);
	} else {
		struct finding f = { "smrsh.link", SEV_MEDIUM, path,
		    "approved program not linked", target, NULL, false, false };
		int out = sink->dry_run ? DRIFT_WOULD_FIX :
		    symlinkat(target, dfd, name) == 0 ? DRIFT_FIXED : -errno;

		/* Someone made an entry since the look: it is theirs. */
		if (out == -EEXIST &&
		    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			judge_existing(ctx, sink, dfd, name, path, &st, target);
		else
			drift_record(sink, &f, "link", out);
	}
	free(target);
	free(unsafe);
	free(path);
}

/*
 * Entries the profile does not approve: create leaves them where they
 * are and says so, since it is the run that is meant to leave smrsh
 * letting through only what it should.
 */
static void
report_unapproved(const struct context *ctx, struct drift_sink *sink, int dfd,
    const char *dir)
{
	int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		finding(sink, "tree.error", SEV_HIGH, dir, NULL, strerror(errno),
		    "cannot list directory");
		closep(&fd);
		return;
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		const struct smrsh_profile *sp = &ctx->profile->smrsh;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    (listed(sp->allow, de->d_name) && !listed(sp->deny, de->d_name)))
			continue;
		char *path = path_join(dir, de->d_name);
		bool denied = listed(sp->deny, de->d_name);
		char *msg = xasprintf("%s is %s: left alone for a person (jailctl "
		    "audit smrsh says what it runs)", de->d_name, denied ?
		    "a program the profile forbids" : "not in the profile's "
		    "smrsh-allow");
		finding(sink, "smrsh.entry-unapproved", denied ? SEV_HIGH :
		    SEV_MEDIUM, path, NULL, de->d_name, msg);
		free(msg);
		free(path);
	}
	if (errno != 0)
		finding(sink, "tree.error", SEV_HIGH, dir, NULL, strerror(errno),
		    "cannot list directory to its end");
	closedir(d);
}

void
smrsh_provision(struct context *ctx, struct drift_sink *sink,
    struct secattr_ctx *sc)
{
	const struct smrsh_profile *sp = &ctx->profile->smrsh;
	struct entry e = { .path = (char *)"/", .type = ENTRY_DIR,
	    .owner = sp->dir_owner, .group = sp->dir_group, .mode = sp->dir_mode,
	    .attrs = sp->dir_attrs };
	const char *given = ctx->opt.smrsh_dir != NULL ? ctx->opt.smrsh_dir : sp->dir;
	bool missing = false;
	char *dir;
	int dfd;

	if (given == NULL || sp->dir_owner == NULL)
		return;
	if ((dir = plain_dir(given)) == NULL) {
		finding(sink, "tree.error", SEV_HIGH, given, NULL, NULL,
		    "smrsh directory is not an absolute path below / without "
		    "'.' or '..': not provisioned");
		return;
	}
	/*
	 * create and verify need only the jail's names; on a host where
	 * sendmail (and with it smmta) is not installed yet, the smrsh
	 * directory waits for it -- a finding, so the run does not pass
	 * for complete -- and the jail is made all the same.
	 */
	bool no_user = names_uid(ctx->names, sp->dir_owner, &e.uid) != 0;
	if (no_user || names_gid(ctx->names, sp->dir_group, &e.gid) != 0) {
		char *msg = xasprintf("%s '%s' (profile %s, smrsh-dir) does not exist "
		    "on the root: is sendmail installed?  The smrsh directory is not "
		    "provisioned", no_user ? "user" : "group", no_user ?
		    sp->dir_owner : sp->dir_group, ctx->profile->name);
		finding(sink, "smrsh.not-provisioned", SEV_LOW, dir, NULL, NULL, msg);
		free(msg);
		free(dir);
		return;
	}
	dfd = tree_walk_dir(ctx, sink, sc, dir, &e, &missing);
	/*
	 * Links are create's.  A dry run over a directory that is not there
	 * yet predicts every link the real run would make in the directory
	 * it creates.
	 */
	if (sink->mode == DRIFT_CREATE && (dfd >= 0 || (missing && sink->dry_run))) {
		for (char **a = sp->allow; a != NULL && *a != NULL; a++)
			if (!listed(sp->deny, *a))
				link_program(ctx, sink, dfd, dir, *a);
		if (dfd >= 0)
			report_unapproved(ctx, sink, dfd, dir);
	}
	closep(&dfd);
	free(dir);
}
