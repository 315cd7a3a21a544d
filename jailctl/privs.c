/* privs.c -- see privs.h. */
#include <errno.h>
#include <stddef.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "privs.h"

int
privs_drop_to_reading(void)
{
	static const cap_value_t keep[] = {
		CAP_DAC_READ_SEARCH, CAP_SETUID, CAP_SETGID,
	};
	cap_t caps = cap_get_proc();
	cap_t want = cap_init();
	int r = 0;

	if (caps == NULL || want == NULL) {
		r = -errno;
		goto out;
	}
	/* Keep each capability only where we have it now. */
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		cap_flag_value_t have = CAP_CLEAR;

		if (cap_get_flag(caps, keep[i], CAP_PERMITTED, &have) == 0 &&
		    have == CAP_SET) {
			cap_set_flag(want, CAP_PERMITTED, 1, &keep[i], CAP_SET);
			cap_set_flag(want, CAP_EFFECTIVE, 1, &keep[i], CAP_SET);
		}
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
