/*
 * waivers.c -- see waivers.h.
 *
 * Parsed like a profile: every problem is reported as FILE:LINE: message
 * and parsing goes on, so one run shows them all; the list is returned only
 * if there were none.  A waiver loosens what fails the nightly audit, so the
 * file is held to a profile's standard: a regular file, opened without
 * following a symlink, owned by root (or whoever runs us) and writable by
 * nobody else.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "findings.h"
#include "fsutil.h"
#include "util.h"
#include "waivers.h"

#define MAX_WAIVERS_SIZE (1024 * 1024)

struct parser {
	struct waivers *w;
	unsigned line;
	unsigned errors;
	FILE *errs;
	const char *today;
};

static void __attribute__((format(printf, 2, 3)))
perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	char *file = escape_text(ps->w->file);

	va_start(ap, fmt);
	if (ps->line > 0)
		fprintf(ps->errs, "%s:%u: ", file, ps->line);
	else
		fprintf(ps->errs, "%s: ", file);
	vfprintf(ps->errs, fmt, ap);
	fputc('\n', ps->errs);
	va_end(ap);
	free(file);
	ps->errors++;
}

bool
waivers_valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	if (s[10] != '\0')
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	return true;
}

/* A finding id as jailctl(8) lists them: "family.name", lower case. */
static bool
valid_id(const char *s)
{
	const char *dot = strchr(s, '.');

	if (dot == NULL || dot == s || dot[1] == '\0')
		return false;
	for (const char *p = s; *p != '\0'; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '.' || *p == '-'))
			return false;
	return true;
}

/*
 * The next word of the line at *pp (blank-separated; "..." quotes blanks,
 * with \" and \\ inside the quotes), malloc'd.  NULL at the end of the
 * line or at a `#` comment; *bad is set for an unterminated quote.
 */
static char *
next_word(const char **pp, bool *bad)
{
	const char *p = *pp;
	char *out, *o;
	bool quoted = false;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0' || *p == '#') {
		*pp = p;
		return NULL;
	}
	out = o = xmalloc(strlen(p) + 1);
	for (; *p != '\0'; p++) {
		if (!quoted && (*p == ' ' || *p == '\t'))
			break;
		if (*p == '"') {
			quoted = !quoted;
		} else if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\')) {
			*o++ = *++p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	if (quoted)
		*bad = true;
	*pp = p;
	return out;
}

/* Set *field from "name=value" once; complain about a second time. */
static void
set_field(struct parser *ps, char **field, const char *name, const char *value)
{
	if (*field != NULL) {
		perr(ps, "%s= given twice", name);
		return;
	}
	*field = xstrdup(value);
}

static void
parse_line(struct parser *ps, const char *line)
{
	struct waiver wv = { .line = ps->line };
	const char *p = line;
	bool bad = false;
	unsigned errors = ps->errors;
	char *word;
	int n = 0;

	while ((word = next_word(&p, &bad)) != NULL) {
		/* The file is root's, but a terminal gets nothing raw. */
		char *shown = escape_text(word);

		if (n == 0) {
			if (!valid_id(word))
				perr(ps, "'%s' is not a finding id (such as cf.dbs)", shown);
			else if (findings_lookup(word) == NULL)
				perr(ps, "'%s': no such finding id (see jailctl(8))", shown);
			wv.id = word;
		} else if (strncmp(word, "key=", 4) == 0) {
			set_field(ps, &wv.key, "key", word + 4);
		} else if (strncmp(word, "reason=", 7) == 0) {
			set_field(ps, &wv.reason, "reason", word + 7);
		} else if (strncmp(word, "expires=", 8) == 0) {
			set_field(ps, &wv.expires, "expires", word + 8);
		} else if (strchr(word, '=') != NULL && word[0] != '/') {
			perr(ps, "unknown field '%.*s' (key=, reason=, expires=)",
			    (int)(strchr(shown, '=') - shown + 1), shown);
		} else if (n == 1) {
			wv.glob = xstrdup(word);
		} else {
			perr(ps, "'%s': the path glob goes right after the id", shown);
		}
		if (n > 0)
			free(word);
		free(shown);
		n++;
	}
	if (bad)
		perr(ps, "unterminated \"");
	if (n == 0)
		return;
	if (wv.key != NULL && wv.key[0] == '\0')
		perr(ps, "key= is empty");
	if (wv.reason == NULL || wv.reason[0] == '\0')
		perr(ps, "reason=\"...\" is required: say why the risk is accepted");
	if (wv.expires != NULL && !waivers_valid_date(wv.expires)) {
		char *e = escape_text(wv.expires);

		perr(ps, "expires=%s is not a date YYYY-MM-DD", e);
		free(e);
	}
	if (ps->errors != errors) {
		free(wv.id);
		free(wv.glob);
		free(wv.key);
		free(wv.reason);
		free(wv.expires);
		return;
	}
	/* Dates in this form compare as strings. */
	wv.expired = wv.expires != NULL && strcmp(wv.expires, ps->today) < 0;
	ps->w->v = xrealloc(ps->w->v, (ps->w->n + 1) * sizeof(*ps->w->v));
	ps->w->v[ps->w->n++] = wv;
}

/* Open path beneath root_fd as a regular file, never following a symlink. */
static int
open_waivers(int root_fd, const char *path, struct stat *st)
{
	char *dir, *base;
	int dfd, fd;

	path_split(path, &dir, &base);
	dfd = open_beneath(root_fd, dir, O_PATH | O_DIRECTORY, false);
	fd = dfd < 0 ? dfd : open_regular_at(dfd, base, st);
	if (dfd >= 0)
		close(dfd);
	free(dir);
	free(base);
	return fd;
}

struct waivers *
waivers_load(int root_fd, const char *path, bool missing_ok, const char *today,
    FILE *errs)
{
	struct waivers *w = xcalloc(1, sizeof(*w));
	struct parser ps = { w, 0, 0, errs, today };
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	FILE *f;
	int fd;

	w->file = xstrdup(path);
	fd = open_waivers(root_fd, path, &st);
	if (fd < 0) {
		if (missing_ok && (fd == -ENOENT || fd == -ENOTDIR))
			return w;
		perr(&ps, "cannot open waivers: %s", fd == -EINVAL ?
		    "not a regular file" : fd == -ELOOP ? "a symbolic link" :
		    strerror(-fd));
		waivers_free(w);
		return NULL;
	}
	if (st.st_size > MAX_WAIVERS_SIZE ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		perr(&ps, "refusing waivers: %s", st.st_size > MAX_WAIVERS_SIZE ?
		    "larger than 1 MiB" :
		    "writable by others, or owned by another user");
		close(fd);
		waivers_free(w);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		waivers_free(w);
		return NULL;
	}
	/* The file may grow after the fstat: never read past the cap. */
	off_t total = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		ps.line++;
		total += len;
		if (total > MAX_WAIVERS_SIZE) {
			perr(&ps, "refusing waivers: larger than 1 MiB");
			break;
		}
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (memchr(line, '\0', (size_t)len) != NULL) {
			perr(&ps, "NUL byte in line");
			continue;
		}
		parse_line(&ps, line);
	}
	if (ferror(f)) {
		ps.line = 0;
		perr(&ps, "read error: %s", strerror(errno));
	}
	free(line);
	fclose(f);
	if (ps.errors > 0) {
		waivers_free(w);
		return NULL;
	}
	return w;
}

void
waivers_free(struct waivers *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].id);
		free(w->v[i].glob);
		free(w->v[i].key);
		free(w->v[i].reason);
		free(w->v[i].expires);
	}
	free(w->v);
	free(w->file);
	free(w);
}

/*
 * Shell-style: '*' and '?' stop at '/'; a trailing slash and two stars stand for the
 * directory and everything below it.
 */
static bool
glob_matches(const char *glob, const char *path)
{
	size_t n = strlen(glob);

	if (n >= 3 && strcmp(glob + n - 3, "/**") == 0) {
		char *dir = xstrndup(glob, n - 3);
		bool m = fnmatch(dir, path, FNM_PATHNAME | FNM_LEADING_DIR) == 0;

		free(dir);
		return m;
	}
	return fnmatch(glob, path, FNM_PATHNAME) == 0;
}

struct waiver *
waivers_match(struct waivers *w, const char *id, const char *path,
    const char *key)
{
	char *shown = NULL;
	struct waiver *hit = NULL;

	if (w == NULL)
		return NULL;
	for (size_t i = 0; i < w->n && hit == NULL; i++) {
		struct waiver *wv = &w->v[i];

		if (strcmp(wv->id, id) != 0)
			continue;
		if (wv->key != NULL && (key == NULL || strcmp(wv->key, key) != 0))
			continue;
		if (wv->glob != NULL) {
			if (shown == NULL)
				shown = path != NULL ? escape_text(path) : xstrdup("-");
			if (!glob_matches(wv->glob, shown))
				continue;
		}
		if (wv->expired) {
			wv->expired_hits++;
			continue;
		}
		wv->used++;
		hit = wv;
	}
	free(shown);
	return hit;
}
