/*
 * setid.h -- jailctl is never run set-user-ID or set-group-ID.
 *
 * It reads any file and changes owners and modes as root; a set-id copy
 * would let any user do the same (print /etc/shadow through `profile
 * check`, rewrite a directory with `--jail DIR create`).  So the first
 * thing main does is set no_new_privs (nothing it could ever exec gains
 * privilege) and refuse to go on when the real and effective ids differ or
 * the kernel marked the process AT_SECURE.  Root runs it as root.
 */
#ifndef JAILCTL_SETID_H
#define JAILCTL_SETID_H

/* 0 to go on; else one line is on stderr and the exit status is 2. */
int setid_refuse(void);

#endif
