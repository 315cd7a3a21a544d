/* cmddir.c -- see cmddir.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmddir.h"
#include "util.h"

#define CHUNK 65536
/* A printable run longer than a path can be is not a path; drop it. */
#define MAX_RUN 4096
#define MIN_RUN 4

static bool
printable(unsigned char c)
{
	/* What strings(1) counts: printable ASCII and TAB. */
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

static bool
path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' ||
	    c == '-' || c == '/';
}

/* Distinct directory-shaped paths kept, at most (a real smrsh has a few). */
#define MAX_DIRS 4096

int
cmddir_is_dirlike(const char *s)
{
	const char *p;
	size_t len = strlen(s);

	if (s[0] != '/' || s[1] == '\0')
		return 0;
	for (p = s; *p; p++)
		if (!path_char(*p))
			return 0;	/* "%s", ':' of a PATH, spaces ... */
	if (strstr(s, "//") != NULL || strstr(s, "/./") != NULL ||
	    strstr(s, "/../") != NULL || s[len - 1] == '/' ||
	    (len >= 2 && strcmp(s + len - 2, "/.") == 0) ||
	    (len >= 3 && strcmp(s + len - 3, "/..") == 0))
		return 0;
	return 1;
}

int
cmddir_is_candidate(const char *s)
{
	const char *last;

	if (!cmddir_is_dirlike(s))
		return 0;
	last = strrchr(s, '/') + 1;
	return strcmp(last, "smrsh") == 0 || strcmp(last, "sm.bin") == 0;
}

static bool
has(char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void
add(char ***v, size_t *n, const char *s)
{
	if (has(*v, *n, s) || *n >= MAX_DIRS)
		return;
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

int
cmddir_scan_has(const struct cmddir_scan *s, const char *dir)
{
	return has(s->dirs, s->ndirs, dir);
}

/* A run ended: judge it the way `grep ^/` would see it. */
static void
end_run(struct cmddir_scan *out, char *run, size_t len, bool overlong)
{
	if (overlong || len < MIN_RUN || run[0] != '/')
		return;
	run[len] = '\0';
	out->npaths++;
	if (!cmddir_is_dirlike(run))
		return;
	add(&out->dirs, &out->ndirs, run);
	if (cmddir_is_candidate(run))
		add(&out->candidates, &out->ncandidates, run);
}

int
cmddir_scan_fd(int fd, struct cmddir_scan *out)
{
	unsigned char *buf = xmalloc(CHUNK);
	char *run = xmalloc(MAX_RUN + 1);
	size_t len = 0;
	bool overlong = false;
	off_t off = 0;
	int r = 0;

	memset(out, 0, sizeof(*out));
	while ((unsigned long long)off < CMDDIR_SCAN_LIMIT) {
		ssize_t n = pread(fd, buf, CHUNK, off);
		ssize_t i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		off += n;
		for (i = 0; i < n; i++) {
			if (printable(buf[i])) {
				if (len < MAX_RUN)
					run[len++] = (char)buf[i];
				else
					overlong = true;
				continue;
			}
			end_run(out, run, len, overlong);
			len = 0;
			overlong = false;
		}
	}
	if (r == 0)
		end_run(out, run, len, overlong);
	out->scanned = (unsigned long long)off;
	free(buf);
	free(run);
	if (r < 0)
		cmddir_scan_free(out);
	return r;
}

void
cmddir_scan_free(struct cmddir_scan *s)
{
	size_t i;

	for (i = 0; i < s->ncandidates; i++)
		free(s->candidates[i]);
	free(s->candidates);
	for (i = 0; i < s->ndirs; i++)
		free(s->dirs[i]);
	free(s->dirs);
	memset(s, 0, sizeof(*s));
}
