/* fsident.c -- see fsident.h. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "fsident.h"
#include "util.h"

bool
fsid_possible(void)
{
	return geteuid() == 0;
}

/* setfsuid() reports nothing useful on failure; asking with -1 reads it. */
static uid_t
current_fsuid(void)
{
	return (uid_t)setfsuid((uid_t)-1);
}

static gid_t
current_fsgid(void)
{
	return (gid_t)setfsgid((gid_t)-1);
}

int
fsid_enter(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups,
    struct fsid_saved *sv)
{
	int n;

	sv->active = false;
	sv->groups = NULL;
	sv->ngroups = 0;
	if (!fsid_possible())
		return 0;
	n = getgroups(0, NULL);
	if (n < 0)
		return -errno;
	sv->groups = xcalloc((size_t)n + 1, sizeof(gid_t));
	n = getgroups(n, sv->groups);
	if (n < 0) {
		n = -errno;
		free(sv->groups);
		sv->groups = NULL;
		return n;
	}
	sv->ngroups = n;
	sv->fsgid = current_fsgid();
	if (setgroups(ngroups, groups) != 0) {
		n = -errno;
		free(sv->groups);
		sv->groups = NULL;
		return n;
	}
	(void)setfsgid(gid);
	(void)setfsuid(uid);
	sv->active = true;
	if (current_fsgid() != gid || current_fsuid() != uid) {
		fsid_leave(sv);
		return -EPERM;
	}
	return 0;
}

void
fsid_leave(struct fsid_saved *sv)
{
	if (!sv->active)
		return;
	/*
	 * Back to root first: only then may the groups be reset.  Failing to
	 * get root's identity back would leave every later check wrong (or
	 * worse, over-privileged if a different user's id were left), so this
	 * is the one place that gives up on the whole process.
	 */
	(void)setfsuid(geteuid());
	(void)setfsgid(sv->fsgid);
	if (current_fsuid() != geteuid() || current_fsgid() != sv->fsgid ||
	    setgroups((size_t)sv->ngroups, sv->groups) != 0) {
		fputs("jailctl: cannot restore the file-system identity\n",
		    stderr);
		abort();
	}
	free(sv->groups);
	sv->groups = NULL;
	sv->active = false;
}
