/*
 * lock.h -- keep a cron run and an Ansible run from changing one tree at
 * the same time, without letting anyone else make them wait.
 *
 * The lock is flock(2) on a file only root can open:
 * RUNDIR/DEV-INO.lock, keyed by the device and inode of the root
 * directory, created 0600 in a root-owned 0700 RUNDIR (/run/jailctl, or
 * $JAILCTL_RUNDIR: set-id use is refused, so the environment is root's
 * own).  Both are checked through their descriptors, never followed.  Only
 * commands that change the tree take it; reading commands take none, so
 * neither they nor any user can hold up create or verify --fix.  The
 * holder writes its pid into the file, so a run that waits can say for
 * whom.
 */
#ifndef JAILCTL_LOCK_H
#define JAILCTL_LOCK_H

/* The default wait; $JAILCTL_LOCK_TIMEOUT (seconds) overrides it. */
#define LOCK_TIMEOUT 60

/*
 * Take the lock for the tree under root_fd, waiting up to the timeout;
 * says once on stderr that it waits, and for whom.  Returns the lock's fd
 * (keep it open while changing the tree), or -1 after one line on stderr
 * saying why (naming the holder when it is known).  command prefixes the
 * messages ("create").
 */
int lock_tree(int root_fd, const char *command);

#endif
