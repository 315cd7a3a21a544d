/*
 * privs.h -- give up what a command does not need.
 *
 * Each verb declares in main's verb table the capabilities it keeps (see
 * jailctl(8)).  Before it touches the file system main drops to that set:
 * permitted and effective become the set (as far as we hold it now), the
 * inheritable and ambient sets are emptied, the bounding set is cut to the
 * same set when we may (CAP_SETPCAP), and no_new_privs is set.  A bug in a
 * reading path then cannot chown, relabel or write through permissions it
 * would otherwise override, and a bug in create cannot load a module or
 * kill a process.  (Root still owns root's files; the fd discipline is what
 * protects those.)
 */
#ifndef JAILCTL_PRIVS_H
#define JAILCTL_PRIVS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/capability.h>

struct privset {
	const char *name;		/* for jailctl(8) and messages */
	const cap_value_t *caps;
	size_t ncaps;
};

/*
 * Reading: read anything (CAP_DAC_READ_SEARCH) and take a user's
 * file-system identity and groups while reading that user's files
 * (CAP_SETUID, CAP_SETGID).
 */
extern const struct privset privs_reading;
/*
 * Changing the tree: chown, chmod and ACLs of objects we do not own, keep
 * set-id bits through a chown, write and search any directory, set file
 * capabilities and labels.
 */
extern const struct privset privs_tree;

/* 0, or -errno.  Works (keeping nothing) when not running with capabilities. */
int privs_keep(const struct privset *set);

/* Is cap in our effective set now? */
bool privs_have(cap_value_t cap);

#endif
