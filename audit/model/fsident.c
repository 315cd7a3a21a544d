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
	gid_t *verified_groups;	/* ... with this group list, set once */
	size_t verified_ngroups;
	bool restore_verified;
} run;

/* The identity borrowed now, if any: what a nested enter compares with. */
static struct {
	bool active;
	bool applied;		/* the kernel has it (else: a lazy enter) */
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t ngroups;
	unsigned depth;
} cur;

static unsigned long nswitches;

static int switch_to(uid_t uid, gid_t gid, const gid_t *groups,
    size_t ngroups);

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
	free(run.verified_groups);
	run.verified_groups = NULL;
	run.verified_ngroups = 0;
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
	free(run.verified_groups);
	run.verified_groups = NULL;
	run.verified = false;
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
	cur.applied = true;
	cur.depth = 1;
}

/* This exact identity was taken before in this run: taking it cannot fail. */
static bool
known_good(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	return run.depth > 0 && run.verified && run.verified_uid == uid &&
	    run.verified_gid == gid && run.verified_ngroups == ngroups &&
	    (ngroups == 0 || memcmp(run.verified_groups, groups,
	    ngroups * sizeof(gid_t)) == 0);
}

void
fsid_apply(void)
{
	if (!cur.active || cur.applied)
		return;
	if (switch_to(cur.uid, cur.gid, cur.groups, cur.ngroups) != 0) {
		/* known_good() said it worked before, with the same ids */
		fputs("jailctl: cannot take a user's file-system identity\n",
		    stderr);
		abort();
	}
	cur.applied = true;
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
		free(run.verified_groups);
		run.verified_groups = xcalloc(ngroups + 1, sizeof(gid_t));
		if (ngroups > 0)
			memcpy(run.verified_groups, groups,
			    ngroups * sizeof(gid_t));
		run.verified_ngroups = ngroups;
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
		fsid_apply();
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
	if (known_good(uid, gid, groups, ngroups)) {
		/* the switch waits for the first system call that needs it */
		set_current(uid, gid, groups, ngroups);
		cur.applied = false;
		sv->active = true;
		sv->lazy = true;
		return 0;
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
	if (cur.applied)
		back_to_root(sv);
	clear_current();
	free(sv->groups);
	sv->groups = NULL;
}
