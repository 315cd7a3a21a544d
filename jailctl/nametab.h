/*
 * nametab.h -- the entries of a passwd or group file, compact: each kept
 * as one record in an arena, in file order, found by name through an
 * open-addressing hash filled while the file is read, and by id through a
 * second one made on the first lookup by id.
 *
 * A record is the id, a second number (a user's primary gid), the name and
 * optional bytes after it (a group's members): some 16 bytes for a user of
 * a large passwd, against the 80 that an array of strdup'd records and its
 * sorted copies took.  The hash tables hold 4-byte offsets, and the one by
 * name is sized from the file's size, so that it is filled without growing.
 *
 * A file may give a name twice or an id two names; the first line wins, as
 * with getpwnam(3): later duplicates are kept (they can still be found by
 * their other key) but never shadow an earlier record.
 */
#ifndef JAILCTL_NAMETAB_H
#define JAILCTL_NAMETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nametab;

/* file_size: the size of the file about to be read, for the hash's size. */
struct nametab *nametab_new(size_t file_size);
void nametab_free(struct nametab *t);

/*
 * Add a record.  extra, extra_len bytes, are kept after the name (a
 * group's members, each NUL-terminated, then an empty one).  false when the
 * table is full (4 GiB of records): the record was not added.
 */
bool nametab_add(struct nametab *t, const char *name, uint32_t id,
    uint32_t id2, const void *extra, size_t extra_len);

/* How many records. */
size_t nametab_count(const struct nametab *t);

/* A record found: valid as long as the table, and no record is added. */
struct nametab_rec {
	const char *name;
	uint32_t id, id2;
	const char *extra;	/* right after the name's NUL */
};

/* The first record with this name, or with this id. */
bool nametab_by_name(const struct nametab *t, const char *name,
    struct nametab_rec *rec);
bool nametab_by_id(struct nametab *t, uint32_t id, struct nametab_rec *rec);

#endif
