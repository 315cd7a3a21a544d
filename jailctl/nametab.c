/*
 * nametab.c -- see nametab.h.
 *
 * Record layout in the arena: id and id2 (4 bytes each, native order,
 * unaligned), the name and its NUL, the extra strings, each with its NUL,
 * and an empty one (a single NUL for a user).  A hash slot holds a
 * record's offset plus one (0: empty); collisions probe linearly.  A slot
 * is found from the hash by multiplication (Lemire's reduction), so the
 * table need not be a power of two and can be sized to what the file can
 * hold.
 */
#include <stdlib.h>
#include <string.h>

#include "nametab.h"
#include "util.h"

/* Fill at most 3/4 of a table: past that, linear probing slows down. */
#define LOAD_NUM 3
#define LOAD_DEN 4
/* A passwd line is rarely under 32 bytes ("u1:x:1001:1001::/home/u1:/bin/sh"
 * is 32): a slot per 24 bytes of file leaves the table at most 3/4 full
 * for lines of 32 bytes and up, and about 1/2 for the usual 45 and up. */
#define BYTES_PER_SLOT 24
/* But no larger a first guess than this (64 MiB): a sparse or padded file
 * may claim any size; a table that turns out too small grows. */
#define MAX_FIRST_SLOTS (16u * 1024 * 1024)

struct hash {
	uint32_t *slot;
	size_t size;
	size_t used;
};

struct nametab {
	char *arena;
	size_t len, cap;
	size_t count;
	struct hash by_name;
	struct hash by_id;	/* made on the first nametab_by_id() */
};

static uint32_t
hash_name(const char *s)
{
	/* Folded so that the high bits count too. */
	uint64_t h = str_hash(s);

	return (uint32_t)(h ^ (h >> 32));
}

static uint32_t
hash_id(uint32_t id)
{
	uint64_t h = id * 0x9E3779B97F4A7C15ULL;

	return (uint32_t)(h >> 32);
}

static size_t
home_slot(const struct hash *h, uint32_t hv)
{
	return (size_t)(((uint64_t)hv * h->size) >> 32);
}

static void
hash_init(struct hash *h, size_t size)
{
	h->size = size < 16 ? 16 : size;
	h->slot = xcalloc(h->size, sizeof(*h->slot));
	h->used = 0;
}

static void
rec_at(const struct nametab *t, uint32_t off, struct nametab_rec *rec)
{
	const char *p = t->arena + off;

	memcpy(&rec->id, p, 4);
	memcpy(&rec->id2, p + 4, 4);
	rec->name = p + 8;
	rec->extra = rec->name + strlen(rec->name) + 1;
}

static uint32_t
rec_id(const struct nametab *t, uint32_t off)
{
	uint32_t id;

	memcpy(&id, t->arena + off, 4);
	return id;
}

/* The slot holding name's first record, or the empty slot where it goes. */
static size_t
find_name(const struct nametab *t, const char *name, uint32_t hv)
{
	const struct hash *h = &t->by_name;
	size_t i = home_slot(h, hv);

	while (h->slot[i] != 0 &&
	    strcmp(t->arena + h->slot[i] - 1 + 8, name) != 0)
		i = i + 1 == h->size ? 0 : i + 1;
	return i;
}

static size_t
find_id(const struct nametab *t, uint32_t id)
{
	const struct hash *h = &t->by_id;
	size_t i = home_slot(h, hash_id(id));

	while (h->slot[i] != 0 && rec_id(t, h->slot[i] - 1) != id)
		i = i + 1 == h->size ? 0 : i + 1;
	return i;
}

/* The offset of the record after the one at off. */
static size_t
rec_next(const struct nametab *t, size_t off)
{
	const char *p = t->arena + off + 8;

	/* The name, then the extra strings up to an empty one. */
	do
		p += strlen(p) + 1;
	while (*p != '\0');
	return (size_t)(p + 1 - t->arena);
}

/* The table by name, twice the size (only a file whose lines are mostly
 * shorter than 32 bytes gets here).  It holds each name's first record only, so
 * moving its slots keeps the first line winning. */
static void
grow_by_name(struct nametab *t)
{
	struct hash old = t->by_name;

	hash_init(&t->by_name, old.size * 2);
	for (size_t j = 0; j < old.size; j++) {
		if (old.slot[j] == 0)
			continue;
		const char *name = t->arena + old.slot[j] - 1 + 8;
		size_t i = find_name(t, name, hash_name(name));
		t->by_name.slot[i] = old.slot[j];
		t->by_name.used++;
	}
	free(old.slot);
}

struct nametab *
nametab_new(size_t file_size)
{
	struct nametab *t = xcalloc(1, sizeof(*t));

	size_t slots = file_size / BYTES_PER_SLOT;

	hash_init(&t->by_name, slots < MAX_FIRST_SLOTS ? slots : MAX_FIRST_SLOTS);
	return t;
}

void
nametab_free(struct nametab *t)
{
	if (t == NULL)
		return;
	free(t->arena);
	free(t->by_name.slot);
	free(t->by_id.slot);
	free(t);
}

bool
nametab_add(struct nametab *t, const char *name, uint32_t id, uint32_t id2,
    const void *extra, size_t extra_len)
{
	size_t nlen = strlen(name) + 1, need = 8 + nlen + extra_len + 1;

	/* Offsets are 32 bits, plus one. */
	if (t->len + need >= UINT32_MAX)
		return false;
	if (t->len + need > t->cap) {
		/* Large arenas are mmap'd by malloc, and realloc moves them with
		 * mremap(2): no copy, no second arena at the peak. */
		t->cap = t->cap ? t->cap * 2 : 4096;
		while (t->cap < t->len + need)
			t->cap *= 2;
		if (t->cap > UINT32_MAX)
			t->cap = UINT32_MAX;
		t->arena = xrealloc(t->arena, t->cap);
	}
	uint32_t off = (uint32_t)t->len;
	char *p = t->arena + t->len;

	memcpy(p, &id, 4);
	memcpy(p + 4, &id2, 4);
	memcpy(p + 8, name, nlen);
	if (extra_len > 0)
		memcpy(p + 8 + nlen, extra, extra_len);
	p[8 + nlen + extra_len] = '\0';
	t->len += need;
	t->count++;

	/* The first record with a name is the one found by it. */
	size_t i = find_name(t, name, hash_name(name));
	if (t->by_name.slot[i] == 0) {
		t->by_name.slot[i] = off + 1;
		if (++t->by_name.used * LOAD_DEN > t->by_name.size * LOAD_NUM)
			grow_by_name(t);
	}
	/* Records added after lookups by id (none do today) go in too. */
	if (t->by_id.slot != NULL) {
		i = find_id(t, id);
		if (t->by_id.slot[i] == 0) {
			t->by_id.slot[i] = off + 1;
			if (++t->by_id.used * LOAD_DEN > t->by_id.size * LOAD_NUM) {
				free(t->by_id.slot);
				t->by_id.slot = NULL;	/* remade on the next lookup */
			}
		}
	}
	return true;
}

size_t
nametab_count(const struct nametab *t)
{
	return t->count;
}

bool
nametab_by_name(const struct nametab *t, const char *name, struct nametab_rec *rec)
{
	size_t i = find_name(t, name, hash_name(name));

	if (t->by_name.slot[i] == 0)
		return false;
	rec_at(t, t->by_name.slot[i] - 1, rec);
	return true;
}

/*
 * Lookups by id are rare (a name for a report's message), so their table
 * is made only when the first one comes: one pass over the arena in file
 * order, each id's first record kept.
 */
static void
make_by_id(struct nametab *t)
{
	hash_init(&t->by_id, t->count * LOAD_DEN / LOAD_NUM + 1);
	for (size_t off = 0; off < t->len; off = rec_next(t, off)) {
		size_t i = find_id(t, rec_id(t, (uint32_t)off));

		if (t->by_id.slot[i] == 0) {
			t->by_id.slot[i] = (uint32_t)off + 1;
			t->by_id.used++;
		}
	}
}

bool
nametab_by_id(struct nametab *t, uint32_t id, struct nametab_rec *rec)
{
	if (t->by_id.slot == NULL)
		make_by_id(t);
	size_t i = find_id(t, id);

	if (t->by_id.slot[i] == 0)
		return false;
	rec_at(t, t->by_id.slot[i] - 1, rec);
	return true;
}
