/*
 * acl_xattr.h -- an access ACL in the kernel's binary form, the value of
 * the system.posix_acl_access extended attribute
 * (<linux/posix_acl_xattr.h>, stable since Linux 2.6).
 *
 * verify compares every mailbox's ACL with the profile's.  Building two
 * libacl objects per file to do that was a third of the run; the raw
 * value read with attr_peek() is decoded here instead, into the same
 * canonical list libacl's reading gives (acl_list_from_acl()).  Only a
 * value the kernel itself would accept (posix_acl_valid()) is decoded;
 * anything else is refused, and the caller goes back to libacl.
 */
#ifndef JAILCTL_ACL_XATTR_H
#define JAILCTL_ACL_XATTR_H

#include <stddef.h>

#include "acl_attr.h"

/* Entries that fit the fixed buffers verify reads into. */
#define ACL_XATTR_MAX_ENTRIES 64
/* Bytes of a value with that many entries. */
#define ACL_XATTR_MAX_SIZE (4 + 8 * ACL_XATTR_MAX_ENTRIES)

/*
 * Decode len bytes into out->e (room for `room` entries, owned by the
 * caller), out->n set.  0, or -EINVAL for a value the kernel would not
 * accept, -E2BIG for more than `room` entries, -ENODATA for a header with
 * no entries (which the kernel takes as "no ACL": the mode's three).
 */
int acl_xattr_decode(const void *value, size_t len, struct acl_ent *room,
    size_t nroom, struct acl_list *out);

/*
 * The three base entries a file without an ACL attribute has, from its
 * mode, as acl_get_fd() synthesises them.
 */
void acl_xattr_from_mode(unsigned mode, struct acl_ent room[3],
    struct acl_list *out);

#endif
