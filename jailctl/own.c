/* own.c -- see own.h. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "own.h"

enum own_verdict
own_prove(const struct own_proof *p)
{
	struct stat held;
	struct statx named;

	if (fstat(p->fd, &held) != 0)
		return OWN_UNKNOWN;
	if (!S_ISDIR(held.st_mode) && held.st_nlink != 1)
		return OWN_LINKED;
	/*
	 * The name second, and its link count with it: one system call
	 * finds the name and reads the inode it leads to, so "the jail's
	 * name leads here" and "one link" hold at the same moment, not at
	 * two moments an attacker could slip a link() or unlink() between.
	 */
	if (statx(p->dir_fd, p->name, AT_SYMLINK_NOFOLLOW | AT_STATX_SYNC_AS_STAT,
	    STATX_TYPE | STATX_INO | STATX_NLINK, &named) != 0)
		return errno == ENOENT || errno == ENOTDIR ? OWN_MOVED : OWN_UNKNOWN;
	if (makedev(named.stx_dev_major, named.stx_dev_minor) != held.st_dev ||
	    named.stx_ino != held.st_ino)
		return OWN_MOVED;
	if (!S_ISDIR(named.stx_mode) && named.stx_nlink != 1)
		return OWN_LINKED;
	return OWN_PROVEN;
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
