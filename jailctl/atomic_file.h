/*
 * atomic_file.h -- replace a file so that readers see the old or the new
 * contents, never a part.
 *
 * The new contents go to a temporary file in the same directory (a random
 * name, O_EXCL, never following a symlink), which is fsync()ed and then
 * renamed over the target; the directory is fsync()ed so the rename
 * survives a crash.  For --output: a collector reading the report while
 * the nightly run writes it always gets a whole document.
 */
#ifndef JAILCTL_ATOMIC_FILE_H
#define JAILCTL_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

struct atomic_file {
	int dirfd;
	char *tmpname;		/* in dirfd */
	char *name;		/* the target, in dirfd */
	FILE *f;
};

/* Start writing path (created with exactly mode); returns the stream or NULL (errno set). */
FILE *atomic_open(struct atomic_file *af, const char *path, mode_t mode);
/* Flush, fsync and rename into place; 0 or -errno.  Frees af either way. */
int atomic_commit(struct atomic_file *af);
/* Throw the temporary file away. */
void atomic_abort(struct atomic_file *af);

#endif
