/*
 * openall.h -- may every identity search (or read) this object?
 *
 * The audit borrows each user's file-system identity to let the kernel
 * decide what that user may reach.  Where the kernel's decision cannot
 * depend on who asks, one answer serves every user: a directory every
 * class may search, a file every class may read.  That is the case
 * exactly when the mode grants the access to owner, group and other and
 * no access ACL exists (an ACL can take from a named user or group what
 * "other" is given).  Capabilities only add to it, and LSMs (SELinux,
 * AppArmor) decide by the process's label, which setfsuid() leaves
 * unchanged.  Anything else -- an ACL, a missing bit, an attribute that
 * cannot be read -- is "not to all": the caller then asks the kernel as
 * the user, as it always did.
 */
#ifndef JAILCTL_OPENALL_H
#define JAILCTL_OPENALL_H

#include <stdbool.h>
#include <sys/stat.h>

/*
 * need: S_IXUSR for search, S_IRUSR for read (owner bits; the group and
 * other bits are derived).  fd is an O_PATH (or any) fd of the object,
 * st its fstat().
 */
bool open_to_all(int fd, const struct stat *st, mode_t need);

#endif
