/*
 * own.h -- is the object open at an fd still the jail's own?
 *
 * The tree engine changes owner, mode, ACLs, capabilities and labels
 * through an fd it opened.  An fd names an inode, not a place: whoever may
 * write a jail directory (group mail, for the spool) can hard-link another
 * user's file into it and remove the jail's name again between jailctl's
 * open and its change.  The fd then holds the other file, outside the
 * jail, with one link -- st_nlink == 1 alone cannot tell it from the
 * jail's.  So before each change the object is proven the jail's own: it
 * has one name (directories aside, which cannot be hard-linked), and its
 * name in the jail, looked up again in the pinned parent directory without
 * following a symlink, still leads to the same device and inode with one
 * link -- and the parent directory's ctime and the object's, read before
 * and after that lookup, did not move, so no name came or went while it
 * was being looked up.
 */
#ifndef JAILCTL_OWN_H
#define JAILCTL_OWN_H

#include <stdbool.h>
#include <sys/types.h>

enum own_verdict {
	OWN_PROVEN,
	OWN_LINKED,		/* it has another name besides the jail's */
	OWN_MOVED,		/* the jail's name is gone or leads elsewhere */
	OWN_UNKNOWN,		/* could not be looked at (errno set) */
};

struct own_proof {
	int dir_fd;		/* the parent directory, pinned */
	const char *name;	/* the object's name in it */
	int fd;			/* the object, pinned */
	const char *path;	/* inside ROOT, for the report */
	bool failed;		/* once not proven, nothing more is changed */
	/*
	 * The owner the profile names for the object, or OWN_NO_OWNER (a
	 * content rule with owner=%name or owner=any): only an object
	 * owned by it is granted anything (jailctl.profile(5)).  chowned:
	 * the engine gives it that owner first (entries, not content).
	 */
	uid_t owner;
	bool chowned;
	/*
	 * A descriptor of dir_fd's directory kept open for the waits
	 * (NULL: a fresh one each time).  Never the one a readdir() is
	 * going through: the wait reads from its end.
	 */
	const int *barrier;
};

#define OWN_NO_OWNER ((uid_t)-1)

/* Look now.  Sets errno for OWN_UNKNOWN. */
enum own_verdict own_prove(const struct own_proof *p);

/* "it has another name ..." for the report: static text. */
const char *own_verdict_text(enum own_verdict v);

#endif
