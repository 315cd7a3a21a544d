/*
 * fuzz_dbent.c -- dbent against glibc's fgetpwent_r(3) and fgetgrent_r(3)
 * (tests/dbent_ref.h): any difference in the entries, the skipped lines
 * or the end aborts.
 *
 * The first byte picks the reader (bit 0: group) and the bound on an
 * entry (bits 1-3, from 24 bytes to DBENT_MAX) so that short inputs
 * reach the bounds; the rest is the file, in a memfd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "../dbent_ref.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t maxes[8] = { 24, 48, 64, 100, 256, 1000, 4096, DBENT_MAX };
	static int fd = -1;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return 0;
	if (fd < 0 && (fd = memfd_create("fuzz.dbent", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 ||
	    pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
		abort();
	int dup_fd = dup(fd);
	FILE *f = dup_fd < 0 ? NULL : fdopen(dup_fd, "r");
	if (f == NULL)
		abort();

	bool group = data[0] & 1;
	size_t max = maxes[(data[0] >> 1) & 7];
	struct ref_result g = ref_read_glibc(f, group, max);
	struct ref_result o = ref_read_dbent(f, group, max);

	if (!ref_same(&g, &o)) {
		fprintf(stderr, "dbent differs from glibc (%s, max %zu):\n"
		    "glibc: skipped %lu, end %d\n%sdbent: skipped %lu, end %d\n%s",
		    group ? "group" : "passwd", max, g.skipped, g.err, g.text,
		    o.skipped, o.err, o.text);
		abort();
	}
	free(g.text);
	free(o.text);
	fclose(f);
	return 0;
}
