/* privs.c -- see privs.h. */
#include <errno.h>
#include <stddef.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "privs.h"

static const cap_value_t reading_caps[] = {
	CAP_DAC_READ_SEARCH, CAP_SETUID, CAP_SETGID,
};

/*
 * The lock (a root-owned file under /run) needs nothing more: root owns
 * /run, so creating and opening it there takes no capability.
 * CAP_SETUID and CAP_SETGID: a users=forward entry reads each user's
 * .forward as that user (setfsuid), as the audit does.
 */
static const cap_value_t tree_caps[] = {
	CAP_CHOWN, CAP_FOWNER, CAP_FSETID, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
	CAP_SETFCAP, CAP_MAC_ADMIN, CAP_SETUID, CAP_SETGID,
};

const struct privset privs_reading = {
	"reading", reading_caps, sizeof(reading_caps) / sizeof(reading_caps[0]),
};
const struct privset privs_tree = {
	"changing the tree", tree_caps, sizeof(tree_caps) / sizeof(tree_caps[0]),
};

static bool
in_set(const struct privset *set, cap_value_t cap)
{
	for (size_t i = 0; i < set->ncaps; i++)
		if (set->caps[i] == cap)
			return true;
	return false;
}

static bool
have(cap_t caps, cap_value_t cap, cap_flag_t flag)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cap_get_flag(caps, cap, flag, &v) == 0 && v == CAP_SET;
}

bool
privs_have(cap_value_t cap)
{
	cap_t caps = cap_get_proc();
	bool r = caps != NULL && have(caps, cap, CAP_EFFECTIVE);

	cap_free(caps);
	return r;
}

int
privs_keep(const struct privset *set)
{
	cap_t caps = cap_get_proc();
	cap_t want = cap_init();
	int r = 0;

	if (caps == NULL || want == NULL) {
		r = -errno;
		goto out;
	}
	/*
	 * The bounding set first, while CAP_SETPCAP is still ours: nothing
	 * outside the set can come back through an execve() either.
	 */
	if (have(caps, CAP_SETPCAP, CAP_EFFECTIVE)) {
		for (cap_value_t c = 0; c < cap_max_bits(); c++)
			if (!in_set(set, c) && CAP_IS_SUPPORTED(c) &&
			    cap_drop_bound(c) != 0) {
				r = -errno;
				goto out;
			}
	}
	/* Keep each capability only where we have it now. */
	for (size_t i = 0; i < set->ncaps; i++) {
		if (have(caps, set->caps[i], CAP_PERMITTED)) {
			cap_set_flag(want, CAP_PERMITTED, 1, &set->caps[i], CAP_SET);
			cap_set_flag(want, CAP_EFFECTIVE, 1, &set->caps[i], CAP_SET);
		}
	}
	if (cap_reset_ambient() != 0 && errno != EINVAL) {
		r = -errno;
		goto out;
	}
	if (cap_set_proc(want) != 0)
		r = -errno;
	else if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		r = -errno;
out:
	cap_free(caps);
	cap_free(want);
	return r;
}
