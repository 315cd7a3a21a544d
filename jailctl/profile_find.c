/* profile_find.c -- see profile_find.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "escape.h"
#include "fsutil.h"
#include "profile_find.h"
#include "util.h"

#define SUFFIX ".profile"

/* The directories to search, highest precedence first. */
static size_t
search_dirs(const char *dirs[3])
{
	size_t n = 0;
	struct stat st;

	dirs[n++] = JAILCTL_ETC_PROFILE_DIR;
	dirs[n++] = JAILCTL_PROFILE_DIR;
	/*
	 * ./profiles only when we are plainly standing in jailctl's source
	 * tree: a root cron job started in some other directory must not
	 * pick up whatever "profiles" it finds there.
	 */
	if (stat("jailctl/main.c", &st) == 0 && stat("profiles", &st) == 0 &&
	    S_ISDIR(st.st_mode))
		dirs[n++] = "profiles";
	return n;
}

size_t
profile_search_dirs(const char *dirs[3])
{
	return search_dirs(dirs);
}

char *
profile_search_text(void)
{
	const char *dirs[3];
	size_t n = search_dirs(dirs);
	char *out = xstrdup(""), *t;

	for (size_t i = 0; i < n; i++) {
		char *e = escape_text(dirs[i]);

		t = xasprintf("%s%s%s%s", out, i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    dirs[i][0] == '/' ? "" : "./", e);
		free(e);
		free(out);
		out = t;
	}
	return out;
}

/* What peek() and os_ids() read at most: more is not a profile or an os-release. */
#define PEEK_MAX (1024 * 1024)
#define OS_RELEASE_MAX (64 * 1024)

/*
 * A file's text, NUL bytes cut it short; NULL when it is not a regular
 * file (never opened: a FIFO would hang us, a device never end) or holds
 * more than max bytes.  fd is an open_regular_*() result.
 */
static char *
slurp(int fd, size_t max)
{
	char *buf;
	size_t len;
	int r;

	if (fd < 0)
		return NULL;
	r = read_capped(fd, max, &buf, &len);
	close(fd);
	return r < 0 ? NULL : buf;
}

/*
 * Read the description and match lines of a profile without validating it.
 * One that is not a regular file stays listed, without a description, so
 * that it still hides its namesakes and loading it says what is wrong.
 */
static void
peek(struct profile_info *pi)
{
	struct stat st;
	char *text = slurp(open_regular_path(pi->file, &st), PEEK_MAX);
	char *save = NULL;
	size_t nmatch = 0;

	if (text == NULL)
		return;
	for (char *s = strtok_r(text, "\n", &save); s != NULL;
	    s = strtok_r(NULL, "\n", &save)) {
		char *tsave = NULL;

		s += strspn(s, " \t");
		if (strncmp(s, "description", 11) == 0 && (s[11] == ' ' || s[11] == '\t')) {
			free(pi->description);
			pi->description = xstrdup(s + 12 + strspn(s + 12, " \t"));
		} else if (strncmp(s, "match", 5) == 0 && (s[5] == ' ' || s[5] == '\t')) {
			for (char *tok = strtok_r(s + 6, " \t", &tsave);
			    tok != NULL && *tok != '#'; tok = strtok_r(NULL, " \t", &tsave)) {
				pi->match = xrealloc(pi->match, (nmatch + 2) * sizeof(char *));
				pi->match[nmatch++] = xstrdup(tok);
				pi->match[nmatch] = NULL;
			}
		}
	}
	free(text);
}

static int
info_cmp(const void *a, const void *b)
{
	return strcmp(((const struct profile_info *)a)->name,
	    ((const struct profile_info *)b)->name);
}

struct profile_info *
profile_list(size_t *np)
{
	const char *dirs[3];
	size_t ndirs = search_dirs(dirs), n = 0, cap = 0;
	struct profile_info *v = NULL;

	for (size_t d = 0; d < ndirs; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;

		if (dir == NULL)
			continue;
		while ((de = readdir(dir)) != NULL) {
			size_t len = strlen(de->d_name);
			bool seen = false;

			if (len <= strlen(SUFFIX) || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - strlen(SUFFIX), SUFFIX) != 0)
				continue;
			char *name = xstrndup(de->d_name, len - strlen(SUFFIX));
			for (size_t i = 0; i < n && !seen; i++)
				seen = strcmp(v[i].name, name) == 0;
			if (seen) {
				free(name);
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n] = (struct profile_info){ .name = name,
			    .file = xasprintf("%s/%s", dirs[d], de->d_name) };
			peek(&v[n]);
			n++;
		}
		closedir(dir);
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), info_cmp);
	*np = n;
	return v;
}

void
profile_list_free(struct profile_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].file);
		free(v[i].description);
		for (char **m = v[i].match; m != NULL && *m != NULL; m++)
			free(*m);
		free(v[i].match);
	}
	free(v);
}

/* Value of KEY= in an os-release line, unquoted; NULL if not this key. */
static char *
os_release_value(const char *line, const char *key)
{
	size_t kl = strlen(key), len;
	const char *v;

	if (strncmp(line, key, kl) != 0 || line[kl] != '=')
		return NULL;
	v = line + kl + 1;
	len = strcspn(v, "\n");
	if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0]) {
		v++;
		len -= 2;
	}
	return xstrndup(v, len);
}

/* ID then each ID_LIKE word, as one space-separated string. */
static char *
os_ids(int root_fd)
{
	static const char *const paths[] = { "etc/os-release", "usr/lib/os-release" };
	char *id = NULL, *like = NULL, *text = NULL, *save = NULL, *out;
	struct stat st;

	/* os-release is usually a symlink into /usr/lib: follow it, but
	 * inside the root, and read only a regular file. */
	for (size_t i = 0; i < 2 && text == NULL; i++)
		text = slurp(open_regular_beneath(root_fd, paths[i], &st), OS_RELEASE_MAX);
	if (text == NULL)
		return NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *v;
		if ((v = os_release_value(line, "ID")) != NULL) {
			free(id);
			id = v;
		} else if ((v = os_release_value(line, "ID_LIKE")) != NULL) {
			free(like);
			like = v;
		}
	}
	free(text);
	out = xasprintf("%s %s", id != NULL ? id : "", like != NULL ? like : "");
	free(id);
	free(like);
	return out;
}

static char *
detect(int root_fd, FILE *errs)
{
	char *ids = os_ids(root_fd), *found = NULL, *save = NULL;
	size_t n;
	struct profile_info *v;

	if (ids == NULL) {
		fprintf(errs, "jailctl: no --profile given and no etc/os-release "
		    "under the root to detect one from (a regular file of at "
		    "most 64 KiB)\n");
		return NULL;
	}
	v = profile_list(&n);
	for (char *id = strtok_r(ids, " ", &save); id != NULL && found == NULL;
	    id = strtok_r(NULL, " ", &save)) {
		for (size_t i = 0; i < n && found == NULL; i++)
			for (char **m = v[i].match; m != NULL && *m != NULL; m++)
				if (strcmp(*m, id) == 0) {
					found = xstrdup(v[i].file);
					break;
				}
	}
	if (found == NULL) {
		char *again = os_ids(root_fd), *e = escape_text(again);
		char *where = profile_search_text();
		size_t len = strlen(e);

		while (len > 0 && e[len - 1] == ' ')
			e[--len] = '\0';
		fprintf(errs, "jailctl: no profile matches this system (os-release "
		    "ID and ID_LIKE: %s; searched %s); use --profile\n", e, where);
		free(where);
		free(e);
		free(again);
	}
	profile_list_free(v, n);
	free(ids);
	return found;
}

char *
profile_locate(const char *arg, int root_fd, FILE *errs)
{
	size_t n;
	struct profile_info *v;
	char *found = NULL;

	if (arg == NULL)
		return detect(root_fd, errs);
	if (strchr(arg, '/') != NULL)
		return xstrdup(arg);
	v = profile_list(&n);
	for (size_t i = 0; i < n && found == NULL; i++)
		if (strcmp(v[i].name, arg) == 0)
			found = xstrdup(v[i].file);
	profile_list_free(v, n);
	if (found == NULL) {
		/* A plain file in the current directory is still a file. */
		if (access(arg, F_OK) == 0)
			return xstrdup(arg);
		char *e = escape_text(arg), *where = profile_search_text();
		fprintf(errs, "jailctl: no profile named '%s' in %s (see 'jailctl "
		    "profile list')\n", e, where);
		free(where);
		free(e);
	}
	return found;
}
