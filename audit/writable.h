/*
 * writable.h -- who, besides root and the owner, can write an object.
 *
 * A program smrsh will run, and every directory on its way, is only as safe
 * as the set of users who can change it.  The owner is left out on purpose:
 * an owner can always chmod, so a wrong owner is its own finding.  Write
 * access is taken from the access ACL when the file system has one (named
 * user and group entries, the owning group and other, each limited by the
 * mask, which only the owner can widen), else from the mode bits.
 */
#ifndef JAILCTL_WRITABLE_H
#define JAILCTL_WRITABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct names;

struct writable {
	bool group;		/* the owning group (mode g+w, or ACL group::w) */
	bool other;		/* everyone (mode o+w, or ACL other::w) */
	uid_t *users;		/* named ACL users with effective w, not root/owner */
	size_t nusers;
	gid_t *groups;		/* named ACL groups with effective w */
	size_t ngroups;
	bool acl;		/* the answer came from an extended ACL */
};

/*
 * Fill *w for the object open at fd (any kind of fd, O_PATH included; an
 * O_PATH fd of a non-directory is read through /proc/self/fd).  st is its
 * fstat.  Returns 0, or -errno when the ACL could not be read (*w then holds
 * the answer from the mode bits alone).
 */
int writable_get(int fd, const struct stat *st, struct writable *w);
bool writable_any(const struct writable *w);
/*
 * "group smmsp (g+w), other (o+w), user alice (ACL)": names from `names`
 * when given and known, else numbers.  malloc'd.
 */
char *writable_describe(const struct writable *w, const struct stat *st,
    const struct names *names);
void writable_free(struct writable *w);

#endif
