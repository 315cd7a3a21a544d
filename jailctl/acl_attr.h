/*
 * acl_attr.h -- POSIX ACLs as a profile writes them and as a file has them.
 *
 * A profile writes an ACL in setfacl's short text form ("u:mail:rwx,g::r-x").
 * We parse that text ourselves instead of handing it to acl_from_text(),
 * because acl_from_text() resolves user and group names with the host's NSS,
 * and under --root the names must be the target root's (struct names).  The
 * parsed form (struct acl_spec) remembers what was written and what was left
 * out; acl_spec_complete() fills what was left out from a mode, following the
 * mask rule documented in jailctl.profile(5):
 *
 *   - u:: and o:: default to the owner and other bits of the mode;
 *   - g:: defaults to the group bits of the mode;
 *   - when the ACL has named entries or a mask, the mask is m:: if written,
 *     else the union of g:: and the named entries (acl_calc_mask()).
 *
 * The result is a canonical list of entries (struct acl_list), which turns
 * into an acl_t for libacl and into text with names from the target root.
 */
#ifndef JAILCTL_ACL_ATTR_H
#define JAILCTL_ACL_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/acl.h>
#include <sys/types.h>

struct names;

/* One entry: tag is libacl's ACL_USER_OBJ .. ACL_OTHER; perm is rwx as 4|2|1. */
struct acl_ent {
	acl_tag_t tag;
	unsigned id;		/* uid or gid for ACL_USER / ACL_GROUP, else 0 */
	unsigned perm;
	const char *name;	/* unresolved name (names == NULL at parse), else NULL */
};

/* Entries in canonical order: u::, u:ID..., g::, g:ID..., m::, o::. */
struct acl_list {
	struct acl_ent *e;
	size_t n;
};

#define ACL_PERM_UNSET (-1)

struct acl_spec {
	bool none;		/* "none": no extended entries */
	struct acl_list named;	/* ACL_USER and ACL_GROUP entries, sorted */
	int user_obj, group_obj, mask, other;	/* perm, or ACL_PERM_UNSET */
	char *buf;		/* owns the strings `named` points into */
};

/*
 * Parse the short text form (or "none").  Names are resolved with `names`;
 * with names == NULL they are kept unresolved (syntax check only).  On error
 * returns -EINVAL (syntax) or -ENOENT (unknown name) and sets *err to a
 * malloc'd message whose quoted parts are already escaped.
 */
int acl_spec_parse(const char *text, const struct names *names,
    struct acl_spec *out, char **err);
void acl_spec_free(struct acl_spec *s);

/* Named entries or a mask: the file will carry an extended ACL. */
bool acl_spec_extended(const struct acl_spec *s);

/*
 * The full ACL the spec describes, with u::/g::/o:: not written taken from
 * base_u/base_g/base_o (perms 0..7) and the mask computed when needed.
 */
void acl_spec_complete(const struct acl_spec *s, unsigned base_u,
    unsigned base_g, unsigned base_o, struct acl_list *out);

/* The mask acl_spec_complete() would use (only meaningful when extended). */
unsigned acl_spec_mask(const struct acl_spec *s, unsigned group_obj);

/* Read an acl_t into canonical form; 0 or -errno. */
int acl_list_from_acl(acl_t acl, struct acl_list *out);
/* Build an acl_t (NULL with errno set on failure).  An empty list gives an
 * ACL with no entries (what "no default ACL" reads as). */
acl_t acl_list_to_acl(const struct acl_list *l);
/* Value of one base entry, or ACL_PERM_UNSET when the list lacks it. */
int acl_list_perm(const struct acl_list *l, acl_tag_t tag);
/* Does the list hold more than the three base entries? */
bool acl_list_extended(const struct acl_list *l);
/*
 * Would replacing `have` by `want` grant anyone a permission `have` does
 * not?  Entry by entry, without applying the mask (so a doubt counts as
 * a grant): a named entry `have` lacks grants its bits; a mask `have`
 * lacks is compared with have's g::, which is then the group class.
 * An empty `have` (no default ACL) grants nothing.
 */
bool acl_list_widens(const struct acl_list *want, const struct acl_list *have);
/*
 * Short text, names from `names` (numeric ids when unknown or names ==
 * NULL): "u::rwx,u:mail:rwx,g::r-x,m::rwx,o::---".  "none" for an empty list.
 */
char *acl_list_text(const struct acl_list *l, const struct names *names);
void acl_list_free(struct acl_list *l);

/*
 * What chmod(2) does to an access ACL: u::, o:: and the group class (the
 * mask, or g:: without one) take the mode's bits.
 */
void acl_list_chmod(struct acl_list *l, mode_t mode);

/*
 * Entry for entry the same (tag, id, perm)?  Both lists canonical: then
 * this is acl_cmp()'s answer without building two acl_t.
 */
bool acl_list_equal(const struct acl_list *a, const struct acl_list *b);

/* "rwx" rendering of 0..7 into buf[4]. */
void acl_perm_text(unsigned perm, char buf[4]);

#endif
