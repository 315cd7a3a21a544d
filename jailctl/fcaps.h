/*
 * fcaps.h -- file capabilities (security.capability) through libcap.
 *
 * A profile writes a capability set in cap_from_text(3) form
 * ("cap_net_raw+ep") or "none".  "none" and an empty set are the same
 * thing, and both mean the file carries no security.capability attribute.
 */
#ifndef JAILCTL_FCAPS_H
#define JAILCTL_FCAPS_H

#include <stdbool.h>

#include <sys/capability.h>

/* "none" gives *out = NULL; otherwise a cap_t to cap_free().  0 or -EINVAL. */
int fcaps_parse(const char *text, cap_t *out);
/* The set on fd (a real fd, not O_PATH); *out = NULL when it has none. */
int fcaps_get(int fd, cap_t *out);
/* Write the set (NULL or empty: remove the attribute).  0 or -errno. */
int fcaps_set(int fd, cap_t c);
/* Same set?  NULL and an empty set are equal. */
bool fcaps_equal(cap_t a, cap_t b);
/* Text for a report ("cap_net_raw=ep", or "none"); malloc'd. */
char *fcaps_text(cap_t c);

#endif
