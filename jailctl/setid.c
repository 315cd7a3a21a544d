/* setid.c -- see setid.h. */
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "jailctl.h"
#include "setid.h"

int
setid_refuse(void)
{
	/* Before anything else, and whatever follows: no exec, by us or a
	 * library, gains privileges from here on. */
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (getuid() == geteuid() && getgid() == getegid() &&
	    getauxval(AT_SECURE) == 0)
		return 0;
	/* Nothing from the environment or the arguments: it is not ours. */
	fputs("jailctl: refusing to run set-user-ID or set-group-ID (real and "
	    "effective ids differ); run it as root\n", stderr);
	return EXIT_ERROR;
}
