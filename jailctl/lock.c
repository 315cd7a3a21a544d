/* lock.c -- see lock.h. */
#include <errno.h>
#include <sys/file.h>
#include <time.h>

#include "lock.h"

int
lock_root(int root_fd, bool exclusive, unsigned timeout_s)
{
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	unsigned tries = timeout_s * 10;

	for (;;) {
		if (flock(root_fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -errno;
		if (tries-- == 0)
			return -EWOULDBLOCK;
		nanosleep(&pause, NULL);
	}
}
