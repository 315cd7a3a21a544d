/* own.c -- see own.h. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "own.h"

/* The pinned object's type, inode, link count and change time. */
static int
look_at_fd(int fd, struct statx *sx)
{
	return statx(fd, "", AT_EMPTY_PATH | AT_STATX_SYNC_AS_STAT,
	    STATX_TYPE | STATX_INO | STATX_NLINK | STATX_CTIME, sx);
}

static bool
same_ctime(const struct statx *a, const struct statx *b)
{
	return a->stx_ctime.tv_sec == b->stx_ctime.tv_sec &&
	    a->stx_ctime.tv_nsec == b->stx_ctime.tv_nsec;
}

/*
 * Wait until no link() or unlink() is under way in the directory.  The
 * kernel removes a name from the file system (link count, directory
 * ctime) before it drops the name from its cache of names, all under the
 * directory's lock; a lookup in between still finds the old name.
 * Reading the directory takes that lock, so once a read of it returns,
 * any such unlink has finished.  A descriptor of the wait's own (kept by
 * the caller, or fresh), read from its end: the caller's may be part way
 * through a readdir.
 */
static int
wait_for_directory(const struct own_proof *p)
{
	char buf[256];
	int fd = p->barrier != NULL && *p->barrier >= 0 ? *p->barrier :
	    openat(p->dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	(void)lseek(fd, 0, SEEK_END);
	long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	if (p->barrier == NULL || fd != *p->barrier)
		close(fd);
	return n < 0 ? -1 : 0;
}

/*
 * One attempt.  *busy is set when only the directory moved meanwhile
 * (another name in it came or went), which a retry may get past.
 */
static enum own_verdict
prove_once(const struct own_proof *p, bool *busy)
{
	struct statx dir0, before, named, after, dir1;
	bool dir;

	*busy = false;
	/*
	 * Neither one look at the link count nor one lookup of the name is
	 * a single moment: the kernel finds the name, then reads the count,
	 * and a link() and unlink() can both land in between (seen: 1 run
	 * in 3 000 against a looping attacker).  So the proof is bracketed
	 * by two looks at the parent directory: every link() or unlink() in
	 * it changes its ctime, and a ctime just read is never reused for
	 * the next change (multigrain timestamps).  The directory's own
	 * ctime, not the object's, because ext4 gives an unlinked inode the
	 * directory's ctime, which without a query stays coarse and can
	 * repeat the object's earlier value.  An unchanged directory and
	 * one link on both sides of the lookup mean no name came or went
	 * meanwhile, so the one name the object had all along is the jail's --
	 * provided the lookup cannot find a name an unlink() has already taken
	 * away (wait_for_directory).
	 */
	if (look_at_fd(p->dir_fd, &dir0) != 0 || look_at_fd(p->fd, &before) != 0)
		return OWN_UNKNOWN;
	dir = S_ISDIR(before.stx_mode);
	if (!dir && before.stx_nlink != 1)
		return OWN_LINKED;
	/* Directories cannot be hard-linked: no unlink() to wait for. */
	if (!dir && wait_for_directory(p) != 0)
		return OWN_UNKNOWN;
	if (statx(p->dir_fd, p->name, AT_SYMLINK_NOFOLLOW | AT_STATX_SYNC_AS_STAT,
	    STATX_TYPE | STATX_INO | STATX_NLINK, &named) != 0)
		return errno == ENOENT || errno == ENOTDIR ? OWN_MOVED : OWN_UNKNOWN;
	if (named.stx_dev_major != before.stx_dev_major ||
	    named.stx_dev_minor != before.stx_dev_minor ||
	    named.stx_ino != before.stx_ino)
		return OWN_MOVED;
	if (dir)
		return OWN_PROVEN;	/* directories cannot be hard-linked */
	if (named.stx_nlink != 1)
		return OWN_LINKED;
	if (look_at_fd(p->fd, &after) != 0 || look_at_fd(p->dir_fd, &dir1) != 0)
		return OWN_UNKNOWN;
	if (after.stx_nlink != 1 || !same_ctime(&before, &after))
		return OWN_LINKED;
	if (!same_ctime(&dir0, &dir1)) {
		*busy = true;
		return OWN_LINKED;
	}
	return OWN_PROVEN;
}

enum own_verdict
own_prove(const struct own_proof *p)
{
	enum own_verdict v;
	bool busy;

	/* A spool where mail comes and goes may move under one attempt. */
	for (int i = 0; i < 3; i++) {
		v = prove_once(p, &busy);
		if (!busy)
			break;
	}
	return v;
}

const char *
own_verdict_text(enum own_verdict v)
{
	switch (v) {
	case OWN_PROVEN: return "the jail's own";
	case OWN_LINKED: return "it has another name outside this one";
	case OWN_MOVED: return "its name in the jail is gone or leads elsewhere";
	default: return "it could not be examined";
	}
}
