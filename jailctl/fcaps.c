/* fcaps.c -- see fcaps.h. */
#include <errno.h>
#include <sys/xattr.h>
#include <stdlib.h>
#include <string.h>

#include "fcaps.h"
#include "util.h"

static bool
is_empty(cap_t c)
{
	cap_t empty;
	bool r;

	if (c == NULL)
		return true;
	empty = cap_init();
	if (empty == NULL)
		return false;
	r = cap_compare(c, empty) == 0;
	cap_free(empty);
	return r;
}

int
fcaps_parse(const char *text, cap_t *out)
{
	cap_t c;

	*out = NULL;
	if (strcmp(text, "none") == 0)
		return 0;
	c = cap_from_text(text);
	if (c == NULL)
		return -EINVAL;
	if (is_empty(c)) {
		cap_free(c);
		return 0;
	}
	*out = c;
	return 0;
}

int
fcaps_get(int fd, cap_t *out)
{
	cap_t c;

	*out = NULL;
	/* Most files have none: one look at the attribute, before libcap
	 * (whose first step asks the kernel for its capability version). */
	if (fgetxattr(fd, "security.capability", NULL, 0) < 0 &&
	    (errno == ENODATA || errno == ENOTSUP))
		return 0;
	c = cap_get_fd(fd);
	if (c == NULL) {
		/* No attribute, or a file system that cannot hold one. */
		if (errno == ENODATA || errno == ENOTSUP || errno == EOPNOTSUPP)
			return 0;
		return -errno;
	}
	if (is_empty(c)) {
		cap_free(c);
		return 0;
	}
	*out = c;
	return 0;
}

int
fcaps_set(int fd, cap_t c)
{
	/* cap_set_fd(fd, NULL) removes security.capability. */
	if (cap_set_fd(fd, is_empty(c) ? NULL : c) != 0) {
		if (is_empty(c) && errno == ENODATA)
			return 0;
		return -errno;
	}
	return 0;
}

bool
fcaps_equal(cap_t a, cap_t b)
{
	if (is_empty(a) || is_empty(b))
		return is_empty(a) && is_empty(b);
	return cap_compare(a, b) == 0;
}

char *
fcaps_text(cap_t c)
{
	char *t, *r;

	if (is_empty(c))
		return xstrdup("none");
	t = cap_to_text(c, NULL);
	if (t == NULL)
		return xstrdup("?");
	r = xstrdup(t);
	cap_free(t);
	return r;
}
