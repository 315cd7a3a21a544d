/* openall.c -- see openall.h. */
#include <errno.h>
#include <stdio.h>
#include <sys/xattr.h>

#include "openall.h"

bool
open_to_all(int fd, const struct stat *st, mode_t need)
{
	mode_t all = need | need >> 3 | need >> 6;
	char proc[40];

	if ((st->st_mode & all) != all)
		return false;
	/* an O_PATH fd has no fgetxattr(): ask through /proc */
	(void)snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (getxattr(proc, "system.posix_acl_access", NULL, 0) >= 0)
		return false;
	/* no ACL there, or none possible on this file system */
	return errno == ENODATA || errno == EOPNOTSUPP;
}
