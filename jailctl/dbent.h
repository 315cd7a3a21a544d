/*
 * dbent.h -- passwd(5) and group(5) entries from a stream, in linear time
 * and with one read(2) per block of the file.
 *
 * glibc's fgetpwent(3) and fgetgrent(3) ask the kernel for the stream's
 * offset before every line (an lseek each: two thirds of the system calls
 * of a verify over 100 000 mailboxes), grow their buffer 1 KiB at a time
 * and re-read the line after each step.  These readers take the file in
 * large blocks and split and parse the lines themselves, giving exactly
 * the entries glibc 2.36's fgetpwent_r(3) and fgetgrent_r(3) give
 * (nss_files' parser: comments, blank, malformed and NIS '+'/'-' lines,
 * numbers as strtoul(3) reads them, NUL bytes and CRs, even glibc's
 * quirks; tests/test_dbent.c runs both side by side on hostile files).
 * An entry glibc could not hold in a buffer of DBENT_MAX bytes is
 * skipped -- counted, so that the caller can say so.
 */
#ifndef JAILCTL_DBENT_H
#define JAILCTL_DBENT_H

#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* The most buffer one entry may take: its line plus, for a group, a
 * pointer per member.  Real entries are a few hundred bytes. */
#define DBENT_MAX (4u * 1024 * 1024)

struct dbent {
	FILE *f;
	char *buf;		/* the file's bytes [start, end) not parsed yet */
	size_t size;		/* buf's size */
	size_t start, end;
	off_t base;		/* file offset of buf[0] */
	bool eof;
	size_t max;		/* DBENT_MAX unless a test lowers it */
	char **mem;		/* a group's members */
	size_t nmem;
	struct passwd pw;
	struct group gr;
	unsigned long skipped;	/* entries too large, skipped */
	off_t first_skipped;	/* byte offset of the first of them */
	size_t first_skipped_len; /* and its length, newline excluded */
};

/* Read from f (which stays the caller's to close) from where it is. */
void dbent_init(struct dbent *d, FILE *f);
void dbent_free(struct dbent *d);

/*
 * The next entry, valid until the next call; NULL at the end of the file
 * (errno 0) or on a read error (errno set).
 */
struct passwd *dbent_next_pw(struct dbent *d);
struct group *dbent_next_gr(struct dbent *d);

#endif
