/*
 * dbent_ref.h -- the reference for dbent: glibc's fgetpwent_r(3) and
 * fgetgrent_r(3) with the buffer doubled on ERANGE up to a bound and a
 * line skipped past it (what dbent.c was before it read for itself), and
 * a text form of every entry, NULL fields told from empty ones and every
 * byte that is not printable escaped, so that two readers' results can be
 * compared field by field.  Shared by tests/test_dbent.c and the fuzz
 * target tests/fuzz/fuzz_dbent.c.
 */
#ifndef JAILCTL_DBENT_REF_H
#define JAILCTL_DBENT_REF_H

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbent.h"

struct ref_result {
	char *text;		/* one line per entry */
	size_t len;
	unsigned long skipped;
	long long first_skipped;
	size_t first_skipped_len;
	int err;		/* errno at the end: 0 for the end of the file */
};

static inline void
ref_field(FILE *m, const char *s)
{
	if (s == NULL) {
		fputs("(NULL)", m);
		return;
	}
	fputc('[', m);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '[' || c == ']' || c == '\\')
			fprintf(m, "\\x%02x", c);
		else
			fputc(c, m);
	}
	fputc(']', m);
}

static inline void
ref_pw_text(FILE *m, const struct passwd *pw)
{
	fputs("pw ", m);
	ref_field(m, pw->pw_name);
	ref_field(m, pw->pw_passwd);
	fprintf(m, "[%lu][%lu]", (unsigned long)pw->pw_uid, (unsigned long)pw->pw_gid);
	ref_field(m, pw->pw_gecos);
	ref_field(m, pw->pw_dir);
	ref_field(m, pw->pw_shell);
	fputc('\n', m);
}

static inline void
ref_gr_text(FILE *m, const struct group *gr)
{
	fputs("gr ", m);
	ref_field(m, gr->gr_name);
	ref_field(m, gr->gr_passwd);
	fprintf(m, "[%lu]", (unsigned long)gr->gr_gid);
	for (char **mem = gr->gr_mem; *mem != NULL; mem++) {
		fputc(' ', m);
		ref_field(m, *mem);
	}
	fputc('\n', m);
}

/* glibc's reader over f from its start, lines needing more than max skipped. */
static inline struct ref_result
ref_read_glibc(FILE *f, bool group, size_t max)
{
	struct ref_result r = { 0 };
	size_t size = max < 1024 ? max : 1024;
	char *buf = malloc(size);
	FILE *m = open_memstream(&r.text, &r.len);
	struct passwd pwb, *pw;
	struct group grb, *gr;

	rewind(f);
	for (;;) {
		int e = group ? fgetgrent_r(f, &grb, buf, size, &gr) :
		    fgetpwent_r(f, &pwb, buf, size, &pw);

		if (e == 0) {
			if (group)
				ref_gr_text(m, gr);
			else
				ref_pw_text(m, pw);
			continue;
		}
		if (e != ERANGE) {
			r.err = e == ENOENT ? 0 : e;
			break;
		}
		if (size < max) {
			size = size * 2 > max ? max : size * 2;
			buf = realloc(buf, size);
			continue;
		}
		/* glibc has put the stream back at the start of the line. */
		long long at = (long long)ftello(f);
		size_t n = 0;
		int c;

		while ((c = getc(f)) != EOF && c != '\n')
			n++;
		if (r.skipped++ == 0) {
			r.first_skipped = at;
			r.first_skipped_len = n;
		}
	}
	fclose(m);
	free(buf);
	return r;
}

/* dbent over f from its start. */
static inline struct ref_result
ref_read_dbent(FILE *f, bool group, size_t max)
{
	struct ref_result r = { 0 };
	FILE *m = open_memstream(&r.text, &r.len);
	struct dbent d;
	struct passwd *pw;
	struct group *gr;

	rewind(f);
	dbent_init(&d, f);
	d.max = max;
	if (group)
		while ((gr = dbent_next_gr(&d)) != NULL)
			ref_gr_text(m, gr);
	else
		while ((pw = dbent_next_pw(&d)) != NULL)
			ref_pw_text(m, pw);
	r.err = errno;
	r.skipped = d.skipped;
	r.first_skipped = (long long)d.first_skipped;
	r.first_skipped_len = d.first_skipped_len;
	dbent_free(&d);
	fclose(m);
	return r;
}

/* Do both readers agree on everything? */
static inline bool
ref_same(const struct ref_result *a, const struct ref_result *b)
{
	return a->len == b->len && memcmp(a->text, b->text, a->len) == 0 &&
	    a->skipped == b->skipped && a->err == b->err &&
	    (a->skipped == 0 || (a->first_skipped == b->first_skipped &&
	    a->first_skipped_len == b->first_skipped_len));
}

#endif
