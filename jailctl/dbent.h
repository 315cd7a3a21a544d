/*
 * dbent.h -- passwd(5) and group(5) entries from a stream, in linear time.
 *
 * glibc's fgetpwent(3) and fgetgrent(3) grow their buffer 1 KiB at a time
 * and re-read the line after each step: one 16 MB line in an image's
 * /etc/passwd costs some 16 000 re-reads of it.  These readers parse with
 * the same glibc code (fgetpwent_r(3), fgetgrent_r(3): comments, blank,
 * malformed and NIS '+'/'-' lines are treated exactly as fgetpwent treats
 * them) but double the buffer, and skip an entry that would need more
 * than DBENT_MAX bytes -- counting it, so that the caller can say so.
 */
#ifndef JAILCTL_DBENT_H
#define JAILCTL_DBENT_H

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <sys/types.h>

/* The most buffer one entry may take: its line plus, for a group, a
 * pointer per member.  Real entries are a few hundred bytes. */
#define DBENT_MAX (4u * 1024 * 1024)

struct dbent {
	FILE *f;
	char *buf;
	size_t size;
	size_t max;		/* DBENT_MAX unless a test lowers it */
	struct passwd pw;
	struct group gr;
	unsigned long skipped;	/* entries too large, skipped */
	off_t first_skipped;	/* byte offset of the first of them */
	size_t first_skipped_len; /* and its length, newline excluded */
};

/* Read from f (which stays the caller's to close). */
void dbent_init(struct dbent *d, FILE *f);
void dbent_free(struct dbent *d);

/*
 * The next entry, valid until the next call; NULL at the end of the file
 * (errno 0) or on a read error (errno set).
 */
struct passwd *dbent_next_pw(struct dbent *d);
struct group *dbent_next_gr(struct dbent *d);

#endif
