/* fsutil.c -- see fsutil.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsutil.h"
#include "util.h"

#define MAX_LINKS 40
#define OPENAT2_RETRIES 64

static int
sys_openat2(int dirfd, const char *path, struct open_how *how)
{
#ifdef SYS_openat2
	return (int)syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
#else
	errno = ENOSYS;
	return -1;
#endif
}

/*
 * Fallback walk for kernels without openat2: one component at a time,
 * each opened O_NOFOLLOW relative to the previous one.  Symlinks are read
 * with readlinkat() and spliced into the remaining path when following;
 * ".." never climbs above root_fd because we keep our own stack depth.
 */
static int
walk_beneath(int root_fd, const char *path, int flags, bool follow)
{
	char *todo = xstrdup(path), *rest, *comp;
	int fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 3), nlinks = 0, ret;
	int stack[PATH_MAX / 2];
	int depth = 0;

	if (fd < 0) {
		free(todo);
		return -errno;
	}
	rest = todo;
	for (;;) {
		while (*rest == '/')
			rest++;
		if (*rest == '\0') {
			/* The path named the directory we stand on. */
			ret = openat(fd, ".", flags | O_CLOEXEC);
			ret = ret < 0 ? -errno : ret;
			break;
		}
		comp = rest;
		rest = strchrnul(rest, '/');
		bool last = *rest == '\0' || rest[strspn(rest, "/")] == '\0';
		if (*rest != '\0')
			*rest++ = '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (!follow) {
				ret = -EXDEV;
				break;
			}
			if (depth > 0) {
				close(fd);
				fd = stack[--depth];
			}
			continue;
		}
		/* O_NOFOLLOW in flags asks for the final link itself, as
		 * openat2() gives it. */
		if (follow && !(last && (flags & O_NOFOLLOW))) {
			/*
			 * Ask first whether it is a symlink: an O_PATH open of the
			 * last component would otherwise pin the link itself.
			 */
			char target[PATH_MAX];
			ssize_t n = readlinkat(fd, comp, target, sizeof(target) - 1);

			if (n >= 0) {
				if (++nlinks > MAX_LINKS) {
					ret = -ELOOP;
					break;
				}
				target[n] = '\0';
				char *spliced = xasprintf("%s/%s", target, rest);
				free(todo);
				todo = rest = spliced;
				if (target[0] == '/') {
					while (depth > 0)
						close(stack[--depth]);
					close(fd);
					fd = fcntl(root_fd, F_DUPFD_CLOEXEC, 3);
				}
				continue;
			}
			if (errno != EINVAL && errno != ENOENT) {
				ret = -errno;
				break;
			}
		}
		int nfd = openat(fd, comp, (last ? flags : O_PATH | O_DIRECTORY) |
		    O_NOFOLLOW | O_CLOEXEC);
		/*
		 * An O_PATH open pins a symlink instead of failing.  Unless the
		 * caller asked for the link (O_NOFOLLOW, which openat2 honours
		 * the same way), refuse it, as RESOLVE_NO_SYMLINKS would -- or
		 * a link swapped in since we looked.
		 */
		if (nfd >= 0 && last && (flags & O_PATH) && !(flags & O_NOFOLLOW)) {
			struct stat st;
			if (fstat(nfd, &st) != 0 || S_ISLNK(st.st_mode)) {
				close(nfd);
				ret = -ELOOP;
				break;
			}
		}
		if (nfd < 0) {
			ret = -errno;
			break;
		}
		if (last) {
			ret = nfd;
			break;
		}
		if (depth == (int)(sizeof(stack) / sizeof(stack[0]))) {
			close(nfd);
			ret = -ENAMETOOLONG;
			break;
		}
		stack[depth++] = fd;
		fd = nfd;
	}
	while (depth > 0)
		close(stack[--depth]);
	close(fd);
	free(todo);
	return ret;
}

int
open_beneath(int root_fd, const char *path, int flags, bool follow)
{
	static int have_openat2 = 1;
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = follow ? RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS :
		    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	const char *rel = path;
	int fd;

	/* openat2 takes the path relative to the root fd. */
	while (*rel == '/')
		rel++;
	if (*rel == '\0')
		rel = ".";
	if (have_openat2) {
		/*
		 * EAGAIN: a rename somewhere on the system raced a ".." in
		 * the walk (rename_lock moved) and the kernel could not vouch
		 * for the result.  openat2(2) says to retry; on a mail server
		 * the queue renames all the time.
		 */
		int tries = 0;
		do
			fd = sys_openat2(root_fd, rel, &how);
		while (fd < 0 && errno == EAGAIN && ++tries < OPENAT2_RETRIES);
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS && errno != EPERM)
			return -errno;
		/* ENOSYS: old kernel; EPERM: a seccomp filter refusing it. */
		have_openat2 = 0;
	}
	return walk_beneath(root_fd, rel, flags, follow);
}

int
reopen_pinned(int pfd)
{
	char proc[64];
	int fd;

	/* The magic link names exactly the inode pinned; the open still
	 * checks read permission for the current identity. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Reopen a pinned object for reading if it is a regular file; closes pfd. */
static int
reopen_if_regular(int pfd, struct stat *st)
{
	int fd;

	if (fstat(pfd, st) != 0)
		fd = -errno;
	else if (!S_ISREG(st->st_mode))
		fd = S_ISDIR(st->st_mode) ? -EISDIR : -EINVAL;
	else
		fd = reopen_pinned(pfd);
	close(pfd);
	return fd;
}

int
open_regular_at(int dirfd, const char *name, struct stat *st)
{
	int pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (pfd < 0)
		return -errno;
	/* A directory is "not a regular file" here like anything else. */
	int fd = reopen_if_regular(pfd, st);
	return fd == -EISDIR ? -EINVAL : fd;
}

int
open_regular_beneath(int root_fd, const char *path, struct stat *st)
{
	int pfd = open_beneath(root_fd, path, O_PATH, true);

	return pfd < 0 ? pfd : reopen_if_regular(pfd, st);
}

int
open_regular_beneath_nofollow(int root_fd, const char *path, struct stat *st)
{
	int pfd = open_beneath(root_fd, path, O_PATH | O_NOFOLLOW, false);

	return pfd < 0 ? pfd : reopen_if_regular(pfd, st);
}

int
open_regular_path(const char *path, struct stat *st)
{
	int pfd = open(path, O_PATH | O_CLOEXEC);

	return pfd < 0 ? -errno : reopen_if_regular(pfd, st);
}

int
read_capped(int fd, size_t max, char **bufp, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf = xmalloc(cap);

	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			if (len > max)
				break;
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		/* Never ask for more than one byte past the cap. */
		size_t want = cap - len - 1;
		if (want > max + 1 - len)
			want = max + 1 - len;
		n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int r = -errno;
			free(buf);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			break;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

void
path_split(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = xstrdup(".");
		*base = xstrdup(path);
	} else if (slash == path) {
		*dir = xstrdup("/");
		*base = xstrdup(slash + 1);
	} else {
		*dir = xstrndup(path, (size_t)(slash - path));
		*base = xstrdup(slash + 1);
	}
}

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	if (*b == '\0')
		return la == 0 ? xstrdup("/") : xstrndup(a, la);
	return xasprintf("%.*s/%s", (int)la, a, b);
}

void
mode_string(mode_t m, char buf[8])
{
	snprintf(buf, 8, "%04o", (unsigned)(m & 07777));
}
