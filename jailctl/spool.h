/*
 * spool.h -- records kept outside the heap until the report is written.
 *
 * The report must be sorted (worst first) and so cannot be streamed as the
 * findings come; but what users write decides how many findings there are,
 * so they must not pile up in memory either.  A spool keeps the first
 * 4 MiB of records in memory; past that it moves them to an unlinked
 * temporary file (O_TMPFILE in $TMPDIR or /tmp) and appends there, and the
 * report keeps only each record's offset (8 bytes a record).  spool_seal()
 * maps the file read-only, so the records are read back through the page
 * cache, which the kernel can drop and re-read at will.  Where no
 * temporary file can be made (no writable /tmp, no O_TMPFILE) the records
 * stay in memory.
 *
 * A record is a kind, three small numbers and up to SPOOL_MAXSTR strings,
 * each of which may be NULL.
 */
#ifndef JAILCTL_SPOOL_H
#define JAILCTL_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPOOL_MAXSTR 12

struct spool_rec {
	unsigned kind;
	unsigned a, b;			/* 0..255 each */
	uint32_t c;
	const char *str[SPOOL_MAXSTR];	/* into the sealed spool, or NULL */
};

struct spool;

struct spool *spool_new(void);
void spool_free(struct spool *s);

/*
 * Append a record; returns its offset (offsets grow with every record, so
 * they also tell the order records came in).  Errors are kept for
 * spool_seal().
 */
uint64_t spool_add(struct spool *s, const struct spool_rec *r, unsigned nstr);

/*
 * Make the records readable (no more spool_add after this).  Returns 0, or
 * -errno if writing or mapping the spool failed at any point.
 */
int spool_seal(struct spool *s);

/* The record at offset off of a sealed spool. */
void spool_get(const struct spool *s, uint64_t off, struct spool_rec *r);
/*
 * Only the first nstr strings (the rest NULL): sorting 100 000 findings
 * compares them by their first few, and finding where a record's later
 * strings begin means reading its earlier ones.
 */
void spool_get_first(const struct spool *s, uint64_t off, struct spool_rec *r,
    unsigned nstr);

/* Whether the records live in a temporary file (for the tests). */
bool spool_on_disk(const struct spool *s);

#endif
