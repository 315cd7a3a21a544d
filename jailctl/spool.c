/*
 * spool.c -- see spool.h.
 *
 * On disk a record is a 16-byte header (total length, kind, a, b, number of
 * strings, c, a bit per string that is present) followed by the present
 * strings, each with its NUL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spool.h"
#include "util.h"

struct hdr {
	uint32_t len;
	uint8_t kind, a, b, nstr;
	uint32_t c;
	uint16_t present;
	uint16_t pad;
};

/*
 * Up to this much stays in memory: an ordinary run never touches the file
 * system (a verify is read-only through and through), and only a report
 * that users have blown up goes to disk.
 */
#define SPOOL_MEM_MAX (4u << 20)

struct spool {
	char *mem;		/* the records while they are few */
	size_t memcap;
	FILE *f;		/* the temporary file, once spilled */
	uint64_t size;
	const char *base;	/* sealed: the records */
	void *map;
	int err;
};

/* An unlinked temporary file: nobody else can open it, nothing to clean up. */
static int
tmpfile_fd(void)
{
	const char *dir = getenv("TMPDIR");
	int fd = -1;

	if (dir != NULL && dir[0] == '/')
		fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open("/tmp", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	return fd;
}

struct spool *
spool_new(void)
{
	return xcalloc(1, sizeof(struct spool));
}

void
spool_free(struct spool *s)
{
	if (s == NULL)
		return;
	if (s->map != NULL)
		munmap(s->map, (size_t)s->size);
	if (s->f != NULL)
		fclose(s->f);
	free(s->mem);
	free(s);
}

/* Move the records to a temporary file; where there is none, stay in memory. */
static void
spill(struct spool *s)
{
	int fd = tmpfile_fd();

	if (fd < 0)
		return;
	s->f = fdopen(fd, "w");
	if (s->f == NULL) {
		close(fd);
		return;
	}
	if (s->size > 0 && fwrite(s->mem, (size_t)s->size, 1, s->f) != 1)
		s->err = errno ? errno : EIO;
	free(s->mem);
	s->mem = NULL;
	s->memcap = 0;
}

static void
put(struct spool *s, const void *p, size_t len)
{
	if (s->f == NULL && s->size + len > SPOOL_MEM_MAX)
		spill(s);
	if (s->f != NULL) {
		if (fwrite(p, len, 1, s->f) != 1 && s->err == 0)
			s->err = errno ? errno : EIO;
	} else {
		if (s->size + len > s->memcap) {
			while (s->size + len > s->memcap)
				s->memcap = s->memcap ? s->memcap * 2 : 4096;
			s->mem = xrealloc(s->mem, s->memcap);
		}
		memcpy(s->mem + s->size, p, len);
	}
	s->size += len;
}

uint64_t
spool_add(struct spool *s, const struct spool_rec *r, unsigned nstr)
{
	struct hdr h = { 0, (uint8_t)r->kind, (uint8_t)r->a, (uint8_t)r->b,
	    (uint8_t)nstr, r->c, 0, 0 };
	size_t len[SPOOL_MAXSTR] = { 0 };
	uint64_t total = sizeof(h), off = s->size;

	for (unsigned i = 0; i < nstr; i++)
		if (r->str[i] != NULL) {
			h.present |= (uint16_t)(1u << i);
			len[i] = strlen(r->str[i]) + 1;
			total += len[i];
		}
	if (total > UINT32_MAX) {	/* no string of ours is 4 GiB */
		s->err = EOVERFLOW;
		return off;
	}
	h.len = (uint32_t)total;
	put(s, &h, sizeof(h));
	for (unsigned i = 0; i < nstr; i++)
		if (len[i] > 0)
			put(s, r->str[i], len[i]);
	return off;
}

int
spool_seal(struct spool *s)
{
	if (s->f != NULL && fflush(s->f) != 0 && s->err == 0)
		s->err = errno;
	if (s->err != 0)
		return -s->err;
	if (s->f == NULL) {
		s->base = s->mem;
		return 0;
	}
	s->map = mmap(NULL, (size_t)s->size, PROT_READ, MAP_PRIVATE,
	    fileno(s->f), 0);
	if (s->map == MAP_FAILED) {
		s->map = NULL;
		s->err = errno;
		return -s->err;
	}
	s->base = s->map;
	return 0;
}

void
spool_get_first(const struct spool *s, uint64_t off, struct spool_rec *r,
    unsigned nstr)
{
	struct hdr h;
	const char *p = s->base + off;

	memcpy(&h, p, sizeof(h));
	memset(r, 0, sizeof(*r));
	r->kind = h.kind;
	r->a = h.a;
	r->b = h.b;
	r->c = h.c;
	p += sizeof(h);
	for (unsigned i = 0; i < h.nstr && i < nstr && i < SPOOL_MAXSTR; i++)
		if (h.present & (1u << i)) {
			r->str[i] = p;
			p += strlen(p) + 1;
		}
}

void
spool_get(const struct spool *s, uint64_t off, struct spool_rec *r)
{
	spool_get_first(s, off, r, SPOOL_MAXSTR);
}

bool
spool_on_disk(const struct spool *s)
{
	return s->f != NULL;
}
