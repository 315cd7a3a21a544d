/*
 * waivers.h -- accepted risks: findings an operator has decided to live with.
 *
 * The waivers file (grammar: jailctl.waivers(5)) holds one waiver a line:
 *
 *	ID [PATH-GLOB] [key=KEY] reason="TEXT" [expires=YYYY-MM-DD]
 *
 * A waived finding is still reported, marked waived, but does not make the
 * exit status 1.  A waiver past its expiry date no longer applies.  The
 * report asks waivers_match() about each finding and afterwards lists the
 * waivers that matched nothing (stale) or have expired.
 */
#ifndef JAILCTL_WAIVERS_H
#define JAILCTL_WAIVERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct waiver {
	char *id;		/* finding id, e.g. "cf.dbs" */
	char *glob;		/* path glob, or NULL: any path.  '*' and '?'
				 * stop at '/'; a trailing slash and two stars are the
				 * directory and all below it */
	char *key;		/* finding key, or NULL: any */
	char *reason;		/* why the risk is accepted; never empty */
	char *expires;		/* "YYYY-MM-DD", or NULL: never */
	unsigned line;		/* in the waivers file */
	bool expired;		/* past its expiry date today */
	unsigned long used;	/* findings it waived in this run */
	unsigned long expired_hits;	/* findings it would have waived */
};

struct waivers {
	char *file;		/* as given, for messages */
	struct waiver *v;
	size_t n;
};

/*
 * Read the waivers file `path` beneath root_fd (no symlink followed, only a
 * regular file opened, at most 1 MiB, owned by root or the caller and not
 * writable by others).  `today` is "YYYY-MM-DD" (UTC) and decides which
 * waivers have expired.  missing_ok: a file that does not exist gives an
 * empty list.  Every problem goes to errs as FILE:LINE: message (or FILE:
 * message); returns NULL if there was any.
 */
struct waivers *waivers_load(int root_fd, const char *path, bool missing_ok,
    const char *today, FILE *errs);
void waivers_free(struct waivers *w);

/*
 * The first waiver that applies to a finding (id; path and key may be
 * NULL), or NULL.  An expired waiver that would match is counted in its
 * expired_hits and skipped.  Paths are compared as the report shows them
 * (escaped, see escape.h), so the file can name any path in plain ASCII.
 */
struct waiver *waivers_match(struct waivers *w, const char *id,
    const char *path, const char *key);

/* Is s a calendar date YYYY-MM-DD? */
bool waivers_valid_date(const char *s);

#endif
