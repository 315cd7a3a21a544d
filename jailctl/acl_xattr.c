/* acl_xattr.c -- see acl_xattr.h. */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "acl_xattr.h"

#define XATTR_VERSION 0x0002u
/* The kernel's tag values, which libacl's acl_tag_t shares. */
#define T_USER_OBJ 0x01u
#define T_USER 0x02u
#define T_GROUP_OBJ 0x04u
#define T_GROUP 0x08u
#define T_MASK 0x10u
#define T_OTHER 0x20u

/*
 * What the kernel accepts, as posix_acl_from_xattr() and posix_acl_valid()
 * check it: version 2, known tags, perms within rwx,
 * named ids that map (not -1), and the order user-obj, named users,
 * group-obj, named groups, mask (required with named entries), other.
 * The kernel does not sort named entries nor refuse duplicates, and
 * neither is done here: such a list simply differs from a canonical one.
 */
int
acl_xattr_decode(const void *value, size_t len, struct acl_ent *room,
    size_t nroom, struct acl_list *out)
{
	const unsigned char *p = value;
	enum { WANT_USER_OBJ, IN_USERS, IN_GROUPS, AFTER_MASK, DONE } state =
	    WANT_USER_OBJ;
	bool needs_mask = false;
	uint32_t version;
	size_t n;

	out->e = room;
	out->n = 0;
	if (len < 4 || (len - 4) % 8 != 0)
		return -EINVAL;
	memcpy(&version, p, 4);
	if (le32toh(version) != XATTR_VERSION)
		return -EINVAL;
	n = (len - 4) / 8;
	/* A header alone is how a caller removes the ACL: no ACL. */
	if (n == 0)
		return -ENODATA;
	if (n > nroom)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *e = p + 4 + 8 * i;
		uint16_t tag16, perm16;
		uint32_t id32;

		memcpy(&tag16, e, 2);
		memcpy(&perm16, e + 2, 2);
		memcpy(&id32, e + 4, 4);
		unsigned tag = le16toh(tag16), perm = le16toh(perm16);
		uint32_t id = 0;

		if (perm & ~7u)
			return -EINVAL;
		switch (tag) {
		case T_USER_OBJ:
			if (state != WANT_USER_OBJ)
				return -EINVAL;
			state = IN_USERS;
			break;
		case T_USER:
		case T_GROUP:
			if (state != (tag == T_USER ? IN_USERS : IN_GROUPS))
				return -EINVAL;
			id = le32toh(id32);
			if (id == UINT32_MAX)	/* no mapping for -1 */
				return -EINVAL;
			needs_mask = true;
			break;
		case T_GROUP_OBJ:
			if (state != IN_USERS)
				return -EINVAL;
			state = IN_GROUPS;
			break;
		case T_MASK:
			if (state != IN_GROUPS)
				return -EINVAL;
			state = AFTER_MASK;
			break;
		case T_OTHER:
			if (state != AFTER_MASK && !(state == IN_GROUPS && !needs_mask))
				return -EINVAL;
			state = DONE;
			break;
		default:
			return -EINVAL;
		}
		room[out->n++] = (struct acl_ent){ (acl_tag_t)tag, id, perm, NULL };
	}
	return state == DONE ? 0 : -EINVAL;
}

void
acl_xattr_from_mode(unsigned mode, struct acl_ent room[3], struct acl_list *out)
{
	room[0] = (struct acl_ent){ ACL_USER_OBJ, 0, (mode >> 6) & 7, NULL };
	room[1] = (struct acl_ent){ ACL_GROUP_OBJ, 0, (mode >> 3) & 7, NULL };
	room[2] = (struct acl_ent){ ACL_OTHER, 0, mode & 7, NULL };
	out->e = room;
	out->n = 3;
}
