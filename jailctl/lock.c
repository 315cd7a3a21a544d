/* lock.c -- see lock.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "lock.h"
#include "util.h"

#define RUNDIR "/run/jailctl"

static const char *
rundir(void)
{
	const char *d = getenv("JAILCTL_RUNDIR");

	return d != NULL && *d != '\0' ? d : RUNDIR;
}

static unsigned
timeout_s(void)
{
	const char *t = getenv("JAILCTL_LOCK_TIMEOUT");
	char *end;
	unsigned long v;

	if (t == NULL || *t == '\0')
		return LOCK_TIMEOUT;
	v = strtoul(t, &end, 10);
	return *end == '\0' && v <= 86400 ? (unsigned)v : LOCK_TIMEOUT;
}

/* Root's own: owned by root, nothing for group or others, one name. */
static const char *
not_roots(int fd, mode_t type)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return strerror(errno);
	if ((st.st_mode & S_IFMT) != type)
		return type == S_IFDIR ? "not a directory" : "not a regular file";
	if (st.st_uid != 0)
		return "not owned by root";
	if ((st.st_mode & 077) != 0)
		return "open to group or others";
	if (type == S_IFREG && st.st_nlink != 1)
		return "has other names";
	return NULL;
}

static int
fail(const char *command, const char *path, const char *why)
{
	char *e = escape_text(path);

	fprintf(stderr, "jailctl: %s: cannot lock: %s: %s\n", command, e, why);
	free(e);
	return -1;
}

/* The pid the holder wrote, if that process is alive; else 0. */
static long
holder(int fd)
{
	char buf[32], proc[48];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	struct stat st;
	long pid;
	char *end;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, &end, 10);
	if (pid <= 0 || (*end != '\n' && *end != '\0'))
		return 0;
	snprintf(proc, sizeof(proc), "/proc/%ld", pid);
	return stat(proc, &st) == 0 ? pid : 0;
}

int
lock_tree(int root_fd, const char *command)
{
	const char *dir = rundir();
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	unsigned tries = timeout_s() * 10;
	bool said = false;
	struct stat root;
	const char *why;
	char *path, name[64], pid[32];
	int dfd, fd;

	if (fstat(root_fd, &root) != 0)
		return fail(command, "root", strerror(errno));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail(command, dir, strerror(errno));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return fail(command, dir, strerror(errno));
	if ((why = not_roots(dfd, S_IFDIR)) != NULL) {
		close(dfd);
		return fail(command, dir, why);
	}
	snprintf(name, sizeof(name), "%ju-%ju.lock", (uintmax_t)root.st_dev,
	    (uintmax_t)root.st_ino);
	path = xasprintf("%s/%s", dir, name);
	fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_NOCTTY |
	    O_NONBLOCK | O_CLOEXEC, 0600);
	close(dfd);
	if (fd < 0 || (why = not_roots(fd, S_IFREG)) != NULL) {
		int r = fail(command, path, fd < 0 ? strerror(errno) : why);
		if (fd >= 0)
			close(fd);
		free(path);
		return r;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		long who = holder(fd);

		if (errno != EWOULDBLOCK && errno != EINTR) {
			int r = fail(command, path, strerror(errno));
			close(fd);
			free(path);
			return r;
		}
		pid[0] = '\0';
		if (who > 0)
			snprintf(pid, sizeof(pid), " (pid %ld)", who);
		if (tries-- == 0) {
			char *e = escape_text(path);
			fprintf(stderr, "jailctl: %s: gave up waiting: another jailctl "
			    "run%s still holds %s\n", command, pid, e);
			free(e);
			close(fd);
			free(path);
			return -1;
		}
		if (!said) {
			fprintf(stderr, "jailctl: %s: waiting for another jailctl "
			    "run%s ...\n", command, pid);
			said = true;
		}
		nanosleep(&pause, NULL);
	}
	/* Ours now: say who holds it, for whoever waits next.  Should this
	 * fail, the lock holds all the same; only the name is lost. */
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0) {
		ssize_t w = pwrite(fd, pid, strlen(pid), 0);
		(void)w;
	}
	free(path);
	return fd;
}
