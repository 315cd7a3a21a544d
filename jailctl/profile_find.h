/*
 * profile_find.h -- where profiles live and which one fits a system.
 *
 * Search order for a name: /etc/jailctl/profiles (the admin's overrides),
 * the installed profiles directory, then ./profiles when run from the source
 * tree.  A file NAME.profile earlier in that order hides later ones.
 */
#ifndef JAILCTL_PROFILE_FIND_H
#define JAILCTL_PROFILE_FIND_H

#include <stdio.h>

struct profile_info {
	char *name;		/* file name without .profile */
	char *file;		/* full path */
	char *description;	/* from the file, or NULL */
	char **match;		/* NULL-terminated */
};

/* The directories searched, highest precedence first; returns how many (<= 3). */
size_t profile_search_dirs(const char *dirs[3]);

/* The directories searched, for messages: "A, B and C" (malloc'd). */
char *profile_search_text(void);

/* All visible profiles, sorted by name; *n gets the count. */
struct profile_info *profile_list(size_t *n);
void profile_list_free(struct profile_info *v, size_t n);

/*
 * Turn --profile (a name or a path, or NULL to detect from ROOT's
 * os-release) into a file path.  On failure prints one line to errs and
 * returns NULL.
 */
char *profile_locate(const char *arg, int root_fd, FILE *errs);

#endif
