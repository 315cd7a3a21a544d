/* dbent.c -- see dbent.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dbent.h"
#include "util.h"

void
dbent_init(struct dbent *d, FILE *f)
{
	memset(d, 0, sizeof(*d));
	d->f = f;
	d->max = DBENT_MAX;
	d->size = 1024;
	d->buf = xmalloc(d->size);
}

void
dbent_free(struct dbent *d)
{
	free(d->buf);
	d->buf = NULL;
}

/* Past the line the stream is at the start of; returns its length. */
static size_t
skip_line(FILE *f)
{
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(f)) != EOF && c != '\n')
		n++;
	return n;
}

/*
 * One step of either reader: get() is fgetpwent_r or fgetgrent_r bound to
 * the result.  0: an entry; 1: try again (bigger buffer, or a line
 * skipped); -1: end or error (errno).
 */
static int
step(struct dbent *d, int r, bool got)
{
	if (r == 0 && got)
		return 0;
	if (r == ERANGE) {
		/* glibc has put the stream back at the start of the line. */
		if (d->size < d->max) {
			d->size = d->size * 2 > d->max ? d->max : d->size * 2;
			d->buf = xrealloc(d->buf, d->size);
			return 1;
		}
		off_t at = ftello(d->f);
		size_t len = skip_line(d->f);
		if (d->skipped++ == 0) {
			d->first_skipped = at;
			d->first_skipped_len = len;
		}
		if (ferror(d->f)) {
			errno = EIO;
			return -1;
		}
		return 1;
	}
	/* ENOENT is glibc's plain end of file. */
	errno = r == ENOENT ? 0 : r;
	return -1;
}

struct passwd *
dbent_next_pw(struct dbent *d)
{
	for (;;) {
		struct passwd *res = NULL;
		int r = fgetpwent_r(d->f, &d->pw, d->buf, d->size, &res);
		int s = step(d, r, res != NULL);

		if (s == 0)
			return res;
		if (s < 0)
			return NULL;
	}
}

struct group *
dbent_next_gr(struct dbent *d)
{
	for (;;) {
		struct group *res = NULL;
		int r = fgetgrent_r(d->f, &d->gr, d->buf, d->size, &res);
		int s = step(d, r, res != NULL);

		if (s == 0)
			return res;
		if (s < 0)
			return NULL;
	}
}
