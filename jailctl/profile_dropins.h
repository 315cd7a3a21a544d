/*
 * profile_dropins.h -- the drop-in files layered over a profile.
 *
 * A profile NAME.profile is read first, then every *.profile file of a NAME.d directory found
 * in the profile search directories (jailctl.profile(5)) and in the
 * directory of NAME.profile itself, in the lexical order of their file
 * names.  A drop-in of the same file name in an earlier search directory
 * hides the later ones, as tmpfiles.d does: /etc/jailctl/profiles/
 * debian.d/50-spool.profile replaces the installed one of that name.
 */
#ifndef JAILCTL_PROFILE_DROPINS_H
#define JAILCTL_PROFILE_DROPINS_H

#include <stddef.h>

/*
 * The drop-ins of the profile in file `file` (a path ending in .profile;
 * none for another name), in the order they apply; *n gets the count.
 * Returns a malloc'd array of malloc'd paths (free with
 * profile_dropins_free).  Files are only listed here: loading them checks
 * that each is a regular file.
 */
char **profile_dropins(const char *file, size_t *n);
void profile_dropins_free(char **v, size_t n);

#endif
