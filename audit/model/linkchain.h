/*
 * linkchain.h -- resolve a path beneath ROOT one component at a time,
 * following symlinks hop by hop without trusting any of them.
 *
 * This is what the kernel does for smrsh's stat(CMDDIR/name), redone in user
 * space so that the audit sees every step: each directory a name is looked
 * up in (reported to a visitor, which judges who could have changed that
 * name), and each symlink with its text.  ROOT is "/" for every rule:
 * absolute link targets restart at ROOT, relative ones continue from the
 * link's directory, and ".." never climbs above ROOT (as chroot(2) and
 * RESOLVE_IN_ROOT behave).  Every open is openat(dirfd, one component,
 * O_PATH|O_NOFOLLOW|O_CLOEXEC) followed by fstat on what was opened.
 */
#ifndef JAILCTL_LINKCHAIN_H
#define JAILCTL_LINKCHAIN_H

#include <stddef.h>
#include <sys/stat.h>

/* Linux gives up after 40 symlinks (MAXSYMLINKS); so do we. */
#define LC_MAX_HOPS 40

enum lc_status {
	LC_OK,		/* resolved: res->fd and res->st describe the object */
	LC_MISSING,	/* a component does not exist (dangling link) */
	LC_NOTDIR,	/* a component that must be a directory is not one */
	LC_LOOP,	/* more than LC_MAX_HOPS symlinks */
	LC_SYMLINK,	/* LC_NOFOLLOW was given and a symlink was met */
	LC_ERROR,	/* the walk failed: res->err holds -errno */
};

/* Flags for linkchain_resolve(). */
enum {
	LC_NOFOLLOW = 1,	/* stop at the first symlink (status LC_SYMLINK) */
};

struct lc_hop {
	char *link;		/* the symlink, as a path inside ROOT */
	char *target;		/* its text, as readlink returned it */
};

struct lc_result {
	enum lc_status status;
	int err;		/* LC_ERROR: -errno */
	char *path;		/* LC_OK: real path inside ROOT; else where it stopped */
	int fd;			/* LC_OK: O_PATH fd of the object, else -1 */
	struct stat st;		/* LC_OK: fstat of fd */
	/*
	 * LC_OK on a non-directory: O_PATH fd of the directory holding it and
	 * its name there, so the caller can openat(dirfd, name, O_RDONLY|
	 * O_NOFOLLOW ...) and compare st_dev/st_ino with st.  Else -1, NULL.
	 */
	int dirfd;
	char *name;
	struct lc_hop *hops;	/* the symlinks followed, in order */
	size_t nhops;
};

/*
 * Called once for every lookup of a name in a directory, before the name is
 * acted on.  dirfd is an O_PATH fd of the directory, dir_st its fstat and
 * dir_path its path inside ROOT; child is the name looked up and child_st
 * its fstat, or NULL when the name does not exist.  The same directory can
 * be reported more than once (once per lookup); visitors deduplicate.
 */
struct lc_visitor {
	void (*dir)(void *arg, int dirfd, const struct stat *dir_st,
	    const char *dir_path, const char *child, const struct stat *child_st);
	void *arg;
};

/*
 * Resolve the absolute path `path` beneath root_fd.  visitor may be NULL.
 * Returns 0 with *res filled in (whatever the status), or -EINVAL when path
 * is not absolute.  res must be released with linkchain_result_free().
 */
int linkchain_resolve(int root_fd, const char *path, unsigned flags,
    const struct lc_visitor *visitor, struct lc_result *res);
void linkchain_result_free(struct lc_result *res);

/* "missing", "not a directory", ... for messages. */
const char *lc_status_text(enum lc_status s);

#endif
