/* atomic_file.c -- see atomic_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fsutil.h"
#include "util.h"

static void
release(struct atomic_file *af)
{
	closep(&af->dirfd);
	free(af->tmpname);
	free(af->name);
	af->tmpname = af->name = NULL;
	af->f = NULL;
}

FILE *
atomic_open(struct atomic_file *af, const char *path, mode_t mode)
{
	char *dir;
	int fd = -1, err;

	memset(af, 0, sizeof(*af));
	path_split(path, &dir, &af->name);
	af->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = errno;
	free(dir);
	if (af->dirfd < 0 || af->name[0] == '\0') {
		release(af);
		errno = af->dirfd < 0 ? err : EISDIR;
		return NULL;
	}
	for (int tries = 0; fd < 0 && tries < 16; tries++) {
		unsigned char rnd[6];

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			break;
		free(af->tmpname);
		af->tmpname = xasprintf(".%s.%02x%02x%02x%02x%02x%02x", af->name,
		    rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
		fd = openat(af->dirfd, af->tmpname, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0 || fchmod(fd, mode) != 0 ||
	    (af->f = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd >= 0) {
			close(fd);
			unlinkat(af->dirfd, af->tmpname, 0);
		}
		release(af);
		errno = err;
		return NULL;
	}
	return af->f;
}

int
atomic_commit(struct atomic_file *af)
{
	int r = 0;

	if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0)
		r = -(errno ? errno : EIO);
	if (fclose(af->f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(af->dirfd, af->tmpname, af->dirfd, af->name) != 0)
		r = -errno;
	if (r == 0)
		(void)fsync(af->dirfd);
	else
		unlinkat(af->dirfd, af->tmpname, 0);
	release(af);
	return r;
}

void
atomic_abort(struct atomic_file *af)
{
	if (af->f == NULL)
		return;
	fclose(af->f);
	unlinkat(af->dirfd, af->tmpname, 0);
	release(af);
}
