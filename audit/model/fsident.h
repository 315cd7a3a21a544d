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
 */
#ifndef JAILCTL_FSIDENT_H
#define JAILCTL_FSIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fsid_saved {
	bool active;		/* an identity was entered and must be left */
	gid_t *groups;		/* the supplementary groups to restore */
	int ngroups;
	gid_t fsgid;
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
/* True when identities can be borrowed (the process runs as root). */
bool fsid_possible(void);

#endif
