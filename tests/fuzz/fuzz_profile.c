/*
 * fuzz_profile.c -- the profile parser, on the input as a profile file.
 *
 * profile_parse() reads a file (it checks the file's type, owner and
 * mode), so the input goes into a memfd owned by us, mode 0600, and is
 * parsed through its /proc/self/fd name.  Problems go to /dev/null.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "profile.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static FILE *devnull;
	static char path[64];
	unsigned problems = 0;
	struct profile *p;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (fd < 0) {
		fd = memfd_create("fuzz.profile", MFD_CLOEXEC);
		devnull = fopen("/dev/null", "w");
		if (fd < 0 || devnull == NULL || fchmod(fd, 0600) != 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	p = profile_parse(path, devnull, &problems);
	if (p != NULL)
		(void)profile_entry(p, "/var/spool/mail");
	profile_free(p);
	return 0;
}
