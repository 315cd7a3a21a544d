/*
 * fsutil.h -- opening things beneath a root directory fd, safely.
 *
 * Every path jailctl handles is a path inside --root.  These helpers never
 * let a path (or a symlink met on the way) escape that root: the kernel's
 * openat2() enforces it where it exists, a per-component openat() walk does
 * where it does not (kernels before 5.6).
 */
#ifndef JAILCTL_FSUTIL_H
#define JAILCTL_FSUTIL_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * Open `path` (absolute or relative, taken relative to root_fd) with
 * `flags` (O_CLOEXEC is added).  With follow=false no symlink is followed
 * anywhere on the path: ELOOP (or ENOTDIR) if one is met.  With follow=true
 * symlinks are followed as if root_fd were "/": absolute targets and ".."
 * stay inside.  Either way, O_PATH|O_NOFOLLOW in flags returns a final
 * symlink itself, as openat2() does.  EAGAIN from a racing rename is
 * retried.  Returns an fd or -errno.
 */
int open_beneath(int root_fd, const char *path, int flags, bool follow);

/*
 * Open the regular file `name` in dirfd for reading, without following a
 * symlink and without ever opening anything else: it is pinned with
 * O_PATH, checked with fstat, and only then reopened through
 * /proc/self/fd, so a device node swapped in at the last moment is never
 * opened (opening some devices has side effects).  *st gets its fstat.
 * Returns an fd, -ENOENT, -EFTYPE-like -EINVAL for "not a regular file", or
 * -errno.
 */
int open_regular_at(int dirfd, const char *name, struct stat *st);

/*
 * The same for a path beneath root_fd, symlinks followed inside the root
 * (open_beneath with follow): -EISDIR for a directory, -EINVAL for any
 * other non-regular file.
 */
int open_regular_beneath(int root_fd, const char *path, struct stat *st);

/*
 * The same with no symlink followed anywhere on the path, the last
 * component included (a final symlink is "not a regular file", -EINVAL;
 * a directory -EISDIR).
 */
int open_regular_beneath_nofollow(int root_fd, const char *path, struct stat *st);

/*
 * A file named by an ordinary path (a profile given on the command line or
 * found in a search directory): symlinks are followed, as for any file the
 * administrator names, but only a regular file at the end is opened.
 * -EISDIR, -EINVAL or -errno as above.
 */
int open_regular_path(const char *path, struct stat *st);

/*
 * Read the whole of fd, up to max bytes: *buf (malloc'd, NUL-terminated
 * for convenience, may hold NULs) and *len.  -EFBIG when the file holds
 * more than max bytes (nothing more than max+1 is read), -errno on a read
 * error.  Does not close fd.
 */
int read_capped(int fd, size_t max, char **buf, size_t *len);

/*
 * Reopen an O_PATH fd for reading (O_RDONLY|O_NONBLOCK|O_NOCTTY) through
 * /proc/self/fd: exactly the inode pinned, with the caller's permissions.
 * -ENOENT when /proc is not mounted.
 */
int reopen_pinned(int pfd);

/* Split off the last component: "/a/b/c" -> "/a/b" and "c" (both malloc'd). */
void path_split(const char *path, char **dir, char **base);

/* Join a jail path and a path inside it: ("/var/mailjail", "/var") -> "/var/mailjail/var". */
char *path_join(const char *a, const char *b);

/* "0750" style rendering of the permission bits (static buffer per call site). */
void mode_string(mode_t m, char buf[8]);

#endif
