/* fsident.c -- see fsident.h. */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "fsident.h"
#include "util.h"

/* Root's own identity, remembered for a run (fsid_run_begin()). */
static struct {
	unsigned depth;
	uid_t euid;
	gid_t fsgid;
	gid_t *groups;
	int ngroups;
	/*
	 * The last uid/gid the kernel was seen to take, and whether root's
	 * identity was seen to come back: within a run nothing that decides
	 * it (capabilities, the user namespace's id maps) changes, so the
	 * same switch succeeds again and need not be asked about.
	 */
	bool verified;
	uid_t verified_uid;
	gid_t verified_gid;
	bool restore_verified;
} run;

/* The identity borrowed now, if any: what a nested enter compares with. */
static struct {
	bool active;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t ngroups;
	unsigned depth;
} cur;

static unsigned long nswitches;

unsigned long
fsid_switches(void)
{
	return nswitches;
}

bool
fsid_current(uid_t *uid, gid_t *gid, const gid_t **groups, size_t *n)
{
	if (!cur.active)
		return false;
	if (uid != NULL)
		*uid = cur.uid;
	if (gid != NULL)
		*gid = cur.gid;
	if (groups != NULL)
		*groups = cur.groups;
	if (n != NULL)
		*n = cur.ngroups;
	return true;
}

bool
fsid_possible(void)
{
	return (run.depth > 0 ? run.euid : geteuid()) == 0;
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

/* getgroups() into a malloc'd array: its length, or -errno. */
static int
get_groups(gid_t **out)
{
	int n = getgroups(0, NULL);
	gid_t *v;

	if (n < 0)
		return -errno;
	v = xcalloc((size_t)n + 1, sizeof(gid_t));
	n = getgroups(n, v);
	if (n < 0) {
		n = -errno;
		free(v);
		return n;
	}
	*out = v;
	return n;
}

void
fsid_run_begin(void)
{
	int n;

	if (run.depth++ > 0)
		return;
	run.verified = false;
	run.restore_verified = false;
	run.euid = geteuid();
	run.groups = NULL;
	run.ngroups = -1;
	if (run.euid != 0)
		return;
	n = get_groups(&run.groups);
	if (n >= 0)
		run.ngroups = n;
	run.fsgid = current_fsgid();
}

void
fsid_run_end(void)
{
	if (run.depth == 0 || --run.depth > 0)
		return;
	free(run.groups);
	run.groups = NULL;
	run.ngroups = -1;
}

static bool
same_identity(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	return cur.active && cur.uid == uid && cur.gid == gid &&
	    cur.ngroups == ngroups &&
	    (ngroups == 0 || memcmp(cur.groups, groups,
	    ngroups * sizeof(gid_t)) == 0);
}

static void
set_current(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	free(cur.groups);
	cur.groups = xcalloc(ngroups + 1, sizeof(gid_t));
	if (ngroups > 0)
		memcpy(cur.groups, groups, ngroups * sizeof(gid_t));
	cur.ngroups = ngroups;
	cur.uid = uid;
	cur.gid = gid;
	cur.active = true;
	cur.depth = 1;
}

static void
clear_current(void)
{
	free(cur.groups);
	memset(&cur, 0, sizeof(cur));
}

/* Switch to uid/gid/groups from whatever is in force: 0 or -EPERM-ish. */
static int
switch_to(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	nswitches++;
	if (setgroups(ngroups, groups) != 0)
		return -errno;
	(void)setfsgid(gid);
	(void)setfsuid(uid);
	if (run.depth > 0 && run.verified && run.verified_uid == uid &&
	    run.verified_gid == gid)
		return 0;
	if (current_fsgid() != gid || current_fsuid() != uid)
		return -EPERM;
	if (run.depth > 0) {
		run.verified = true;
		run.verified_uid = uid;
		run.verified_gid = gid;
	}
	return 0;
}

/* Back to root's own identity (sv's record of it); aborts on failure. */
static void
back_to_root(const struct fsid_saved *sv)
{
	/*
	 * Back to root first: only then may the groups be reset.  Failing to
	 * get root's identity back would leave every later check wrong (or
	 * worse, over-privileged if a different user's id were left), so this
	 * is the one place that gives up on the whole process.
	 */
	nswitches++;
	(void)setfsuid(sv->fsuid);
	(void)setfsgid(sv->fsgid);
	if (!(run.depth > 0 && run.restore_verified) &&
	    (current_fsuid() != sv->fsuid || current_fsgid() != sv->fsgid)) {
		fputs("jailctl: cannot restore the file-system identity\n",
		    stderr);
		abort();
	}
	if (run.depth > 0)
		run.restore_verified = true;
	if (setgroups((size_t)sv->ngroups, sv->groups) != 0) {
		fputs("jailctl: cannot restore the file-system identity\n",
		    stderr);
		abort();
	}
}

int
fsid_enter(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups,
    struct fsid_saved *sv)
{
	int n;

	memset(sv, 0, sizeof(*sv));
	if (!fsid_possible())
		return 0;
	if (same_identity(uid, gid, groups, ngroups)) {
		cur.depth++;
		sv->active = true;
		sv->nested = true;
		return 0;
	}
	if (cur.active) {
		/* another borrowed identity: go to this one, back to it after */
		sv->outer = true;
		sv->outer_uid = cur.uid;
		sv->outer_gid = cur.gid;
		sv->outer_groups = cur.groups;
		sv->outer_ngroups = cur.ngroups;
		sv->outer_depth = cur.depth;
		cur.groups = NULL;
		n = switch_to(uid, gid, groups, ngroups);
		if (n < 0) {
			if (switch_to(sv->outer_uid, sv->outer_gid,
			    sv->outer_groups, sv->outer_ngroups) != 0) {
				fputs("jailctl: cannot restore the file-system "
				    "identity\n", stderr);
				abort();
			}
			cur.groups = sv->outer_groups;
			sv->outer_groups = NULL;
			sv->outer = false;
			return n;
		}
		cur.groups = NULL;
		set_current(uid, gid, groups, ngroups);
		sv->active = true;
		return 0;
	}
	/* root's own identity, from the run or asked now */
	if (run.depth > 0 && run.ngroups >= 0) {
		sv->groups = xcalloc((size_t)run.ngroups + 1, sizeof(gid_t));
		memcpy(sv->groups, run.groups, (size_t)run.ngroups * sizeof(gid_t));
		sv->ngroups = run.ngroups;
		sv->fsgid = run.fsgid;
		sv->fsuid = run.euid;
	} else {
		n = get_groups(&sv->groups);
		if (n < 0) {
			sv->groups = NULL;
			return n;
		}
		sv->ngroups = n;
		sv->fsgid = current_fsgid();
		sv->fsuid = geteuid();
	}
	n = switch_to(uid, gid, groups, ngroups);
	if (n < 0) {
		/* undone half-way switches too (setgroups() may have worked) */
		back_to_root(sv);
		free(sv->groups);
		sv->groups = NULL;
		return n;
	}
	set_current(uid, gid, groups, ngroups);
	sv->active = true;
	return 0;
}

void
fsid_leave(struct fsid_saved *sv)
{
	if (!sv->active)
		return;
	sv->active = false;
	if (sv->nested) {
		cur.depth--;
		return;
	}
	if (sv->outer) {
		if (switch_to(sv->outer_uid, sv->outer_gid, sv->outer_groups,
		    sv->outer_ngroups) != 0) {
			fputs("jailctl: cannot restore the file-system identity\n",
			    stderr);
			abort();
		}
		set_current(sv->outer_uid, sv->outer_gid, sv->outer_groups,
		    sv->outer_ngroups);
		cur.depth = sv->outer_depth;
		free(sv->outer_groups);
		sv->outer_groups = NULL;
		sv->outer = false;
		return;
	}
	back_to_root(sv);
	clear_current();
	free(sv->groups);
	sv->groups = NULL;
}
