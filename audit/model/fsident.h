/*
 * fsident.h -- borrow a user's file-system identity for a few system calls.
 *
 * sendmail opens ~/.forward and :include: files after seteuid() to the
 * recipient, and writes file targets after setuid() to the delivery user.
 * The audit must see exactly what those users see -- and must never read
 * what they could not -- so the opens and reads it makes on their behalf
 * run with setfsuid()/setfsgid() and the user's supplementary groups.
 * Only the file-system identity changes: the process stays root for
 * everything else, and the old identity is restored before returning.
 *
 * When the audit does not run as root there is nothing to borrow:
 * fsid_enter() does nothing and the checks run as the auditor.
 *
 * Sections nest: entering the identity already in force (the same uid,
 * gid and group list) changes nothing and costs no system call, so a
 * caller that makes several checks as one user can enter once around
 * them all.  A run (fsid_run_begin()) remembers root's own identity, so
 * that each switch does not have to ask the kernel for it again; nothing
 * but this module changes the identity meanwhile.
 *
 * Within a run, an identity the kernel has already taken once is entered
 * lazily: the switch is made by the first fsid_apply() -- which every
 * function that makes a system call for the borrowed identity calls
 * first (safefile.c, users.c, ...) -- so a section answered entirely
 * from what the run already knows costs no switch at all.  Leaving a
 * section that switched returns to root at once.
 */
#ifndef JAILCTL_FSIDENT_H
#define JAILCTL_FSIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fsid_saved {
	bool active;		/* an identity was entered and must be left */
	bool lazy;		/* entered without a switch (yet) */
	bool nested;		/* it was already in force: leaving keeps it */
	gid_t *groups;		/* the supplementary groups to restore */
	int ngroups;
	gid_t fsgid;
	uid_t fsuid;
	/* an outer, different borrowed identity to go back to */
	bool outer;
	uid_t outer_uid;
	gid_t outer_gid;
	gid_t *outer_groups;
	size_t outer_ngroups;
	unsigned outer_depth;
};

/*
 * Switch the file-system identity to uid/gid/groups.  Returns 0 (also when
 * not root: then nothing changes), or -errno when the switch failed, in
 * which case nothing was changed.
 */
int fsid_enter(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups,
    struct fsid_saved *sv);
/* Restore what fsid_enter() changed.  Aborts if root cannot be restored. */
void fsid_leave(struct fsid_saved *sv);
/*
 * Make the borrowed identity the kernel's, if it is not yet (a lazy
 * enter): call before any system call made on the identity's behalf.
 * Does nothing when nothing is borrowed.
 */
void fsid_apply(void);
/* True when identities can be borrowed (the process runs as root). */
bool fsid_possible(void);

/*
 * Bracket a run of many sections (one audit): root's own groups, fsgid
 * and euid are read once, not at every switch.  Calls nest; the last
 * fsid_run_end() forgets them.  No identity may be borrowed across either.
 */
void fsid_run_begin(void);
void fsid_run_end(void);

/*
 * The identity borrowed now: true with its uid, gid and groups (valid
 * until the next switch; any pointer may be NULL), false when the
 * process acts as itself.
 */
bool fsid_current(uid_t *uid, gid_t *gid, const gid_t **groups, size_t *n);

/* System calls made to switch identities so far (for the tests). */
unsigned long fsid_switches(void);

#endif
