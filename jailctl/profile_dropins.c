/* profile_dropins.c -- see profile_dropins.h. */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "profile_dropins.h"
#include "profile_find.h"
#include "util.h"

#define SUFFIX ".profile"

struct dropin {
	char *name;		/* file name, the sort key */
	char *path;
};

static bool
has_suffix(const char *name)
{
	size_t len = strlen(name), sl = strlen(SUFFIX);

	return len > sl && name[0] != '.' && strcmp(name + len - sl, SUFFIX) == 0;
}

/* Add dir's *.profile files whose names are not taken yet. */
static void
scan(const char *dir, struct dropin **v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		bool seen = false;

		if (!has_suffix(de->d_name))
			continue;
		for (size_t i = 0; i < *n && !seen; i++)
			seen = strcmp((*v)[i].name, de->d_name) == 0;
		if (seen)
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = (struct dropin){ xstrdup(de->d_name),
		    xasprintf("%s/%s", dir, de->d_name) };
	}
	closedir(d);
}

static int
dropin_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dropin *)a)->name, ((const struct dropin *)b)->name);
}

char **
profile_dropins(const char *file, size_t *np)
{
	const char *dirs[3], *base = strrchr(file, '/');
	size_t ndirs = profile_search_dirs(dirs), n = 0, blen;
	struct dropin *v = NULL;
	char **out, *name, *own;

	*np = 0;
	base = base != NULL ? base + 1 : file;
	if (!has_suffix(base))
		return NULL;
	blen = strlen(base) - strlen(SUFFIX);
	name = xasprintf("%.*s.d", (int)blen, base);
	/* Highest precedence first: the search directories, then the
	 * profile's own directory when it is not one of them. */
	own = base == file ? xasprintf("./%s", name) :
	    xasprintf("%.*s/%s", (int)(base - 1 - file), file, name);
	for (size_t i = 0; i < ndirs; i++) {
		char *d = xasprintf("%s/%s", dirs[i], name);

		scan(d, &v, &n);
		free(d);
	}
	scan(own, &v, &n);
	free(own);
	free(name);
	if (n > 0)
		qsort(v, n, sizeof(*v), dropin_cmp);
	out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		out[i] = v[i].path;
		free(v[i].name);
	}
	free(v);
	*np = n;
	return out;
}

void
profile_dropins_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
