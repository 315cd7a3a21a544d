/*
 * lock.h -- keep a cron run and an Ansible run from interleaving.
 *
 * The lock is flock(2) on the root directory fd itself: nothing is created
 * on disk, it vanishes with the process, and two jailctl runs on different
 * roots never wait for each other.  Mutating commands take it exclusively,
 * verify shares it, so a verify never sees a half-applied fix.
 */
#ifndef JAILCTL_LOCK_H
#define JAILCTL_LOCK_H

#include <stdbool.h>

/* Wait up to timeout_s seconds; 0 or -errno (-EWOULDBLOCK on timeout). */
int lock_root(int root_fd, bool exclusive, unsigned timeout_s);

#endif
