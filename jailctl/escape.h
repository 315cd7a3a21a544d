/*
 * escape.h -- make untrusted text safe to print, log or embed.
 *
 * Names, paths and .forward lines come from users' files.  Before any of it
 * reaches a terminal, a log or a report it goes through escape_text(), which
 * keeps printable ASCII and renders everything else (control bytes, DEL,
 * bytes >= 0x80) and the backslash itself as \xNN / \\, so a file name cannot
 * forge a report line or a terminal escape sequence.  The mapping is
 * reversible, so nothing is lost.
 */
#ifndef JAILCTL_ESCAPE_H
#define JAILCTL_ESCAPE_H

#include <stddef.h>

/* Returns a malloc'd escaped copy of s (NULL in, NULL out). Aborts on ENOMEM. */
char *escape_text(const char *s);
/* Same for a byte buffer that may contain NULs. */
char *escape_bytes(const char *s, size_t len);

#endif
