/*
 * cmddir.h -- find the program directory compiled into an smrsh binary.
 *
 * smrsh's CMDDIR is a string constant, so it shows up the way the sendmail
 * FAQ finds it, `strings smrsh | grep ^/`: a run of at least four printable
 * bytes that starts with '/'.  The binary also holds other paths (/bin/sh,
 * the dynamic loader, the PATH it passes on, "/usr/bin:/bin"), so only runs
 * that look like a directory name and whose last component is "smrsh" or
 * "sm.bin" (every CMDDIR known: /etc/mail/smrsh, /etc/smrsh, /var/lib/smrsh,
 * /usr/adm/sm.bin, /usr/libexec/sm.bin, /var/adm/sm.bin) are candidates.
 * Every directory-shaped path is kept as well, so that a CMDDIR with another
 * name (SUSE's .../sendmail.d/bin) can still be confirmed when the audit
 * already knows which one to expect.
 */
#ifndef JAILCTL_CMDDIR_H
#define JAILCTL_CMDDIR_H

#include <stddef.h>

struct cmddir_scan {
	char **candidates;	/* distinct, in the order found */
	size_t ncandidates;
	char **dirs;		/* every distinct directory-shaped path */
	size_t ndirs;
	size_t npaths;		/* all '/'-runs seen, for the "unknown" message */
	unsigned long long scanned;	/* bytes read */
};

/* Bytes read at most (a real smrsh is some tens of KiB). */
#define CMDDIR_SCAN_LIMIT (64ULL * 1024 * 1024)

/*
 * Stream the file open at fd (read from offset 0 with pread, in chunks; the
 * file is never loaded whole).  Returns 0 or -errno.
 */
int cmddir_scan_fd(int fd, struct cmddir_scan *out);
void cmddir_scan_free(struct cmddir_scan *s);

/* Is s shaped like a directory path ([A-Za-z0-9._+-/], no "//", "." ...)? */
int cmddir_is_dirlike(const char *s);
/* ... and is its last component "smrsh" or "sm.bin"? */
int cmddir_is_candidate(const char *s);
/* Does the scan hold exactly this directory-shaped path? */
int cmddir_scan_has(const struct cmddir_scan *s, const char *dir);

#endif
