/*
 * attr_peek.h -- read one extended attribute of a directory entry without
 * opening it.
 *
 * Verifying 100 000 mailboxes must cost little more than stat'ing them.
 * Opening each one (O_PATH, a reopen, two closes) only to read two
 * attributes was most of that cost, so reading goes by name, relative to
 * the pinned directory, never following a final symlink:
 *
 *   - getxattrat(2) with AT_SYMLINK_NOFOLLOW, where the kernel has it
 *     (Linux 6.13 and later);
 *   - else lgetxattr(2) on /proc/self/fd/DIRFD/NAME: the magic link leads
 *     to the directory we hold, and lgetxattr does not follow NAME.
 *
 * Nothing is ever changed this way: a change goes through an fd the tree
 * engine opened and proved its own (own.h).  What is read here may belong
 * to an object that replaced the one just stat'ed; a reader can only say
 * what a name had at one moment, and anything that differs is looked at
 * again through an fd before it is reported.
 */
#ifndef JAILCTL_ATTR_PEEK_H
#define JAILCTL_ATTR_PEEK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Read attribute `attr` of dir_fd/name into buf (size bytes).  Returns the
 * value's length, or -errno: -ENODATA (no such attribute), -ENOTSUP (the
 * file system keeps none), -ERANGE (larger than buf), -ENOENT ...
 */
ssize_t attr_peek(int dir_fd, const char *name, const char *attr, void *buf,
    size_t size);

/*
 * The names of dir_fd/name's attributes, NUL-terminated one after the
 * other as listxattr(2) gives them: one call tells which attributes exist
 * at all, so those that do not need no read of their own.
 */
ssize_t attr_peek_list(int dir_fd, const char *name, char *buf, size_t size);

/* Is attr one of the names in list (len bytes, as attr_peek_list gave)? */
bool attr_listed(const char *list, size_t len, const char *attr);

/* Force the /proc fallback (tests compare both ways); restores on false. */
void attr_peek_force_proc(int force);

#endif
