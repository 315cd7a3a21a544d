/* attr_peek.c -- see attr_peek.h. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <fcntl.h>

#include "attr_peek.h"

/* The number is the same on every architecture that uses the common
 * system call table (all that postdate 5.x additions). */
#ifndef SYS_getxattrat
#define SYS_getxattrat 464
#endif
#ifndef SYS_listxattrat
#define SYS_listxattrat 465
#endif

/* struct xattr_args of <linux/xattr.h>, which older headers lack. */
struct peek_xattr_args {
	uint64_t value;
	uint32_t size;
	uint32_t flags;
};

/* 1: the kernel has getxattrat and listxattrat (both came in 6.13); 0:
 * it does not; -1: not known yet. */
static int have_xattrat = -1;
static int forced_proc;

void
attr_peek_force_proc(int force)
{
	forced_proc = force;
}

/* attr NULL: list the names instead. */
static ssize_t
through_proc(int dir_fd, const char *name, const char *attr, void *buf,
    size_t size)
{
	char path[64 + 256];

	/* A name never holds '/': it cannot step out of the directory. */
	if (snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", dir_fd, name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	ssize_t n = attr != NULL ? lgetxattr(path, attr, buf, size) :
	    llistxattr(path, buf, size);
	return n < 0 ? -errno : n;
}

/*
 * After a *xattrat call that returned n: did the kernel lack it?  Learns
 * the answer on the first call.  ENOSYS: an older kernel, or a seccomp
 * filter that says so; any other result means the call exists.
 */
static bool
lacks_xattrat(long n)
{
	if (have_xattrat == -1)
		have_xattrat = n < 0 && errno == ENOSYS ? 0 : 1;
	return have_xattrat == 0;
}

ssize_t
attr_peek(int dir_fd, const char *name, const char *attr, void *buf,
    size_t size)
{
	if (have_xattrat != 0 && !forced_proc) {
		struct peek_xattr_args a = { (uint64_t)(uintptr_t)buf,
		    (uint32_t)size, 0 };
		long n = syscall(SYS_getxattrat, dir_fd, name, AT_SYMLINK_NOFOLLOW,
		    attr, &a, sizeof(a));
		if (!lacks_xattrat(n))
			return n < 0 ? -errno : (ssize_t)n;
	}
	return through_proc(dir_fd, name, attr, buf, size);
}

ssize_t
attr_peek_list(int dir_fd, const char *name, char *buf, size_t size)
{
	if (have_xattrat != 0 && !forced_proc) {
		long n = syscall(SYS_listxattrat, dir_fd, name, AT_SYMLINK_NOFOLLOW,
		    buf, size);
		if (!lacks_xattrat(n))
			return n < 0 ? -errno : (ssize_t)n;
	}
	return through_proc(dir_fd, name, NULL, buf, size);
}

bool
attr_listed(const char *list, size_t len, const char *attr)
{
	size_t alen = strlen(attr);

	for (size_t i = 0; i < len; ) {
		const char *end = memchr(list + i, '\0', len - i);
		size_t n = end != NULL ? (size_t)(end - (list + i)) : len - i;
		if (n == alen && memcmp(list + i, attr, n) == 0)
			return true;
		i += n + 1;
	}
	return false;
}
