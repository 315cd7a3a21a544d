/*
 * dbent.c -- see dbent.h.
 *
 * What glibc 2.36 (Debian 12's) does, step by step, and where each step
 * is copied here:
 *
 * nss/nss_fgetent_r.c and nss/nss_readline.c read a line with fgets(3)
 * into the caller's buffer; a line that does not fit with its newline, a
 * NUL and the byte fgets must leave untouched is an ERANGE (next_line()).
 * Leading isspace(3) bytes are skipped; a line that is then empty or
 * starts with '#' is passed over.  Otherwise the rest is moved down over
 * the whitespace -- without its NUL: the last bytes of the old string stay
 * behind it, so "  ab" at the end of a file without a newline reads as
 * "abab" (line_string()).
 *
 * nss/nss_files/files-parse.c cuts the string at its first newline (a NUL
 * inside a line ends it earlier) and takes ':'-separated fields: a missing
 * field is empty; a number is strtoull(3)'s, and the line is malformed
 * when it has no digits, is past 4294967295 or anything but ':' follows it
 * (int_field()); a name starting with '+' or '-' may leave the numbers
 * empty (0), and with nothing after its name has every other field NULL.
 * A malformed line is passed over.  A group's members are split at ',',
 * leading whitespace skipped and empty names dropped; their pointers are
 * kept in the buffer after the line's first NUL, and not fitting there is
 * another ERANGE (parse_gr()).
 *
 * dbent (before this file read for itself) doubled the buffer on ERANGE up
 * to DBENT_MAX and then skipped the line: an entry is skipped exactly when
 * glibc could not have fitted it into DBENT_MAX bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dbent.h"
#include "util.h"

/* Bytes asked of each read(2): a passwd file of 1 000 000 users is
 * some 500 reads. */
#define BLOCK (128u * 1024)

void
dbent_init(struct dbent *d, FILE *f)
{
	memset(d, 0, sizeof(*d));
	d->f = f;
	d->max = DBENT_MAX;
	d->size = BLOCK;
	d->buf = xmalloc(d->size);
}

void
dbent_free(struct dbent *d)
{
	free(d->buf);
	free(d->mem);
	d->buf = NULL;
	d->mem = NULL;
}

/*
 * Read more of the file after what is kept, [start, end), which moves to
 * the front.  One byte is always left free after end, for the NUL that
 * ends a last line without a newline.  0, or -1 with errno on an error.
 */
static int
fill(struct dbent *d)
{
	size_t n, want;

	if (d->start > 0) {
		memmove(d->buf, d->buf + d->start, d->end - d->start);
		d->end -= d->start;
		d->start = 0;
	}
	/* Keep reads large while a long line fills the buffer; lines that
	 * would outgrow DBENT_MAX are skipped before it grows past it. */
	if (d->size - 1 - d->end < BLOCK / 2) {
		size_t grown = d->size * 2;

		if (grown > d->max + BLOCK)
			grown = d->max + BLOCK;
		if (grown > d->size) {
			d->size = grown;
			d->buf = xrealloc(d->buf, d->size);
		}
	}
	/* A whole number of pages: stdio reads the rest of a request that is
	 * not through its own 4 KiB buffer, one more read(2) each time. */
	want = d->size - 1 - d->end;
	if (want > 4096)
		want -= want % 4096;
	n = fread(d->buf + d->end, 1, want, d->f);
	d->end += n;
	if (n < want) {
		if (ferror(d->f)) {
			if (errno == 0)
				errno = EIO;
			return -1;
		}
		d->eof = true;
	}
	return 0;
}

/* The file offset of buf[at], for the report of a skipped entry. */
static off_t
offset_of(const struct dbent *d, size_t at)
{
	off_t pos = ftello(d->f);

	return pos < 0 ? -1 : pos - (off_t)(d->end - at);
}

static void
note_skipped(struct dbent *d, off_t at, size_t len)
{
	if (d->skipped++ == 0) {
		d->first_skipped = at;
		d->first_skipped_len = len;
	}
}

/*
 * Past a line already longer than glibc could hold, which starts at
 * buf[start]: counted, and read through to its newline.
 */
static int
skip_long_line(struct dbent *d)
{
	off_t at = offset_of(d, d->start);
	size_t len = d->end - d->start;

	for (;;) {
		d->start = d->end;
		if (d->eof)
			break;
		if (fill(d) < 0)
			return -1;
		char *nl = memchr(d->buf, '\n', d->end);
		if (nl != NULL) {
			len += (size_t)(nl - d->buf);
			d->start = (size_t)(nl - d->buf) + 1;
			break;
		}
		len += d->end;
	}
	note_skipped(d, at, len);
	return 0;
}

/*
 * The next line that glibc's fgets(3) with a buffer of max bytes would
 * read whole: *line, *len bytes without the newline (*nl: it had one),
 * writable up to and including line[*len].  1: a line; 0: end of file;
 * -1: read error (errno).
 */
static int
next_line(struct dbent *d, char **line, size_t *len, bool *nl)
{
	size_t scanned = 0;	/* bytes after start known to hold no newline */

	for (;;) {
		char *e = memchr(d->buf + d->start + scanned, '\n',
		    d->end - d->start - scanned);

		if (e != NULL || d->eof) {
			size_t l = (e != NULL ? (size_t)(e - d->buf) : d->end) - d->start;

			if (l == 0 && e == NULL)
				return 0;
			*line = d->buf + d->start;
			*len = l;
			*nl = e != NULL;
			d->start += l + (e != NULL);
			scanned = 0;
			/* fgets(buf, max) must hold the line, its newline, the NUL,
			 * and leave the last byte untouched. */
			if (l + (e != NULL) + 2 > d->max) {
				note_skipped(d, offset_of(d, (size_t)(*line - d->buf)), l);
				continue;
			}
			return 1;
		}
		if (d->end - d->start + 2 > d->max) {
			if (skip_long_line(d) < 0)
				return -1;
			scanned = 0;
			continue;
		}
		scanned = d->end - d->start;
		if (fill(d) < 0)
			return -1;
	}
}

/*
 * The string glibc's parser gets for a line, or NULL for a line it passes
 * over (blank or a comment).  *firstnul: where glibc's buffer holds the
 * first NUL, after which a group's member pointers go.
 */
static char *
line_string(char *line, size_t len, bool nl, size_t *firstnul)
{
	char *z = memchr(line, '\0', len);
	size_t m, k = 0;

	if (z == NULL && nl) {
		/* glibc's string is the line and its newline; moved down over
		 * the leading whitespace and cut at the newline, it is what is
		 * left of the line. */
		*firstnul = len + 1;
		line[len] = '\0';
		while (isspace((unsigned char)line[k]))
			k++;
		if (line[k] == '\0' || line[k] == '#')
			return NULL;
		return line + k;
	}
	/* No newline in the string: a NUL ends it, or the file does. */
	m = z != NULL ? (size_t)(z - line) : len;
	line[m] = '\0';
	*firstnul = m;
	while (isspace((unsigned char)line[k]))
		k++;
	if (line[k] == '\0' || line[k] == '#')
		return NULL;
	/* glibc's memmove(buf, p, strlen(p)), NUL not included. */
	if (k > 0)
		memmove(line, line + k, m - k);
	return line;
}

/* files-parse.c's STRING_FIELD: up to the next ':' or the end. */
static char *
string_field(char **linep)
{
	char *v = *linep, *colon = strchr(v, ':');

	if (colon != NULL) {
		*colon = '\0';
		*linep = colon + 1;
	} else {
		*linep = v + strlen(v);
	}
	return v;
}

/*
 * INT_FIELD, or with nis INT_FIELD_MAYBE_NULL (no digits: 0, but not the
 * end of the line).  false: the line is malformed.  A number past
 * 4294967295 makes the line malformed, as Debian's glibc has it
 * (debian/patches/any/local-nss-overflow.diff: strtoull(3), then the
 * check); upstream's clamps it to 4294967295 instead, which is
 * (uid_t)-1, the id chown(2) takes as "leave it".
 */
static bool
int_field(char **linep, uint32_t *v, bool nis)
{
	char *line = *linep, *endp;
	unsigned long long x;

	if (nis && *line == '\0')
		return false;
	x = strtoull(line, &endp, 10);
	if (x > UINT32_MAX)
		return false;
	*v = (uint32_t)x;
	if (endp == line) {
		if (!nis)
			return false;
		*v = 0;
	}
	if (*endp == ':')
		endp++;
	else if (*endp != '\0')
		return false;
	*linep = endp;
	return true;
}

static bool
is_nis(const char *name)
{
	return name[0] == '+' || name[0] == '-';
}

/* pwd/fgetpwent_r.c's parser.  false: malformed. */
static bool
parse_pw(char *line, struct passwd *pw)
{
	uint32_t uid, gid;

	pw->pw_name = string_field(&line);
	if (line[0] == '\0' && is_nis(pw->pw_name)) {
		/* A bare "+" or "+name" line, for nss_compat. */
		pw->pw_passwd = pw->pw_gecos = pw->pw_dir = pw->pw_shell = NULL;
		pw->pw_uid = 0;
		pw->pw_gid = 0;
		return true;
	}
	pw->pw_passwd = string_field(&line);
	if (!int_field(&line, &uid, is_nis(pw->pw_name)) ||
	    !int_field(&line, &gid, is_nis(pw->pw_name)))
		return false;
	pw->pw_uid = uid;
	pw->pw_gid = gid;
	pw->pw_gecos = string_field(&line);
	pw->pw_dir = string_field(&line);
	pw->pw_shell = line;
	return true;
}

/* grp/fgetgrent_r.c's parser.  1: parsed; 0: malformed; -1: ERANGE. */
static int
parse_gr(struct dbent *d, char *line, size_t firstnul)
{
	struct group *gr = &d->gr;
	uint32_t gid;

	gr->gr_name = string_field(&line);
	if (line[0] == '\0' && is_nis(gr->gr_name)) {
		gr->gr_passwd = NULL;
		gr->gr_gid = 0;
	} else {
		gr->gr_passwd = string_field(&line);
		if (!int_field(&line, &gid, is_nis(gr->gr_name)))
			return 0;
		gr->gr_gid = gid;
	}

	/* parse_list(): the pointers start at the first 8-aligned byte after
	 * the buffer's first NUL, and there must be room for two more
	 * before each member is looked for. */
	size_t list_at = (firstnul + 1 + sizeof(char *) - 1) & ~(sizeof(char *) - 1);
	size_t room = d->max > list_at ? (d->max - list_at) / sizeof(char *) : 0;
	size_t n = 0;

	for (;;) {
		if (n + 2 > room)
			return -1;
		if (*line == '\0')
			break;
		while (isspace((unsigned char)*line))
			line++;
		char *elt = line;
		while (*line != '\0' && *line != ',')
			line++;
		if (line > elt) {
			if (n + 1 >= d->nmem) {
				d->nmem = d->nmem ? d->nmem * 2 : 64;
				d->mem = xrealloc(d->mem, d->nmem * sizeof(*d->mem));
			}
			d->mem[n++] = elt;
		}
		if (*line != '\0')
			*line++ = '\0';
	}
	if (d->mem == NULL) {
		d->nmem = 64;
		d->mem = xmalloc(d->nmem * sizeof(*d->mem));
	}
	d->mem[n] = NULL;
	gr->gr_mem = d->mem;
	return 1;
}

struct passwd *
dbent_next_pw(struct dbent *d)
{
	char *line, *s;
	size_t len, firstnul;
	bool nl;
	int r;

	while ((r = next_line(d, &line, &len, &nl)) > 0) {
		s = line_string(line, len, nl, &firstnul);
		if (s != NULL && parse_pw(s, &d->pw))
			return &d->pw;
	}
	if (r == 0)
		errno = 0;
	return NULL;
}

struct group *
dbent_next_gr(struct dbent *d)
{
	char *line, *s;
	size_t len, firstnul;
	bool nl;
	int r;

	while ((r = next_line(d, &line, &len, &nl)) > 0) {
		s = line_string(line, len, nl, &firstnul);
		if (s == NULL)
			continue;
		int p = parse_gr(d, s, firstnul);
		if (p > 0)
			return &d->gr;
		if (p < 0)
			note_skipped(d, offset_of(d, (size_t)(line - d->buf)), len);
	}
	if (r == 0)
		errno = 0;
	return NULL;
}
