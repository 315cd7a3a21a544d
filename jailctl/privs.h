/*
 * privs.h -- give up what a reading command does not need.
 *
 * verify (without --fix), audit, profile and every --dry-run only read.
 * Before they touch the file system they keep only the capabilities for
 * reading anywhere (CAP_DAC_READ_SEARCH) and for taking a user's file-system
 * identity while reading that user's files (CAP_SETUID, CAP_SETGID), and set
 * no_new_privs.  A bug in a reading path then cannot chown, relabel or
 * write through permissions it would otherwise override.  (Root still owns
 * root's files; the fd discipline is what protects those.)
 */
#ifndef JAILCTL_PRIVS_H
#define JAILCTL_PRIVS_H

/* 0, or -errno.  A no-op (0) when not running with capabilities. */
int privs_drop_to_reading(void);

#endif
