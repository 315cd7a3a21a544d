/* writable.c -- see writable.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <acl/libacl.h>
#include <sys/acl.h>

#include "names.h"
#include "util.h"
#include "writable.h"

/*
 * A real (non-O_PATH) fd for acl_get_fd: directories are reopened through
 * ".", anything else through /proc/self/fd, which follows the fd to the very
 * inode it names (never a path that could have been swapped).  Returns fd
 * itself when it is already a real fd, -1 with errno set on failure.
 */
static int
real_fd(int fd, const struct stat *st, int *opened)
{
	char proc[64];
	int fl = fcntl(fd, F_GETFL);

	*opened = -1;
	if (fl < 0)
		return -1;
	if (!(fl & O_PATH))
		return fd;
	if (S_ISDIR(st->st_mode)) {
		*opened = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	} else if (S_ISREG(st->st_mode)) {
		(void)snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		*opened = open(proc, O_RDONLY | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC);
	} else {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (*opened < 0)
		return -1;
	return *opened;
}

static bool
perm_w(acl_entry_t e)
{
	acl_permset_t ps;

	return acl_get_permset(e, &ps) == 0 && acl_get_perm(ps, ACL_WRITE) == 1;
}

/* Read the access ACL; returns 1 when it was extended and used, 0 when
 * the mode bits tell everything, -errno on failure. */
static int
from_acl(int fd, const struct stat *st, struct writable *w)
{
	acl_t acl;
	acl_entry_t e;
	bool mask_w = true, group_w = false, other_w = false;
	int id, opened, rfd, r = 0;

	rfd = real_fd(fd, st, &opened);
	if (rfd < 0)
		return -errno;
	acl = acl_get_fd(rfd);
	if (acl == NULL) {
		r = errno == ENOTSUP || errno == ENOSYS ? 0 : -errno;
		closep(&opened);
		return r;
	}
	/* First pass: the mask limits named entries and the owning group. */
	for (id = ACL_FIRST_ENTRY; acl_get_entry(acl, id, &e) == 1;
	    id = ACL_NEXT_ENTRY) {
		acl_tag_t tag;

		if (acl_get_tag_type(e, &tag) == 0 && tag == ACL_MASK) {
			mask_w = perm_w(e);
			r = 1;	/* a mask means an extended ACL */
		}
	}
	for (id = ACL_FIRST_ENTRY; r == 1 && acl_get_entry(acl, id, &e) == 1;
	    id = ACL_NEXT_ENTRY) {
		acl_tag_t tag;
		void *q;

		if (acl_get_tag_type(e, &tag) != 0)
			continue;
		switch (tag) {
		case ACL_GROUP_OBJ:
			group_w = perm_w(e) && mask_w;
			break;
		case ACL_OTHER:
			other_w = perm_w(e);
			break;
		case ACL_USER:
			if (!perm_w(e) || !mask_w || (q = acl_get_qualifier(e)) == NULL)
				break;
			if (*(uid_t *)q != 0 && *(uid_t *)q != st->st_uid) {
				w->users = xrealloc(w->users,
				    (w->nusers + 1) * sizeof(*w->users));
				w->users[w->nusers++] = *(uid_t *)q;
			}
			acl_free(q);
			break;
		case ACL_GROUP:
			if (!perm_w(e) || !mask_w || (q = acl_get_qualifier(e)) == NULL)
				break;
			w->groups = xrealloc(w->groups,
			    (w->ngroups + 1) * sizeof(*w->groups));
			w->groups[w->ngroups++] = *(gid_t *)q;
			acl_free(q);
			break;
		default:
			break;
		}
	}
	if (r == 1) {
		w->group = group_w;
		w->other = other_w;
		w->acl = true;
	}
	acl_free(acl);
	closep(&opened);
	return r;
}

int
writable_get(int fd, const struct stat *st, struct writable *w)
{
	int r;

	memset(w, 0, sizeof(*w));
	/* Symlinks have no permissions of their own that matter. */
	if (S_ISLNK(st->st_mode))
		return 0;
	w->group = (st->st_mode & S_IWGRP) != 0;
	w->other = (st->st_mode & S_IWOTH) != 0;
	r = from_acl(fd, st, w);
	return r < 0 ? r : 0;
}

bool
writable_any(const struct writable *w)
{
	return w->group || w->other || w->nusers > 0 || w->ngroups > 0;
}

static void
append(char **buf, const char *piece)
{
	char *n;

	if (*buf == NULL) {
		*buf = xstrdup(piece);
		return;
	}
	n = xasprintf("%s, %s", *buf, piece);
	free(*buf);
	*buf = n;
}

char *
writable_describe(const struct writable *w, const struct stat *st,
    const struct names *names)
{
	const char *how = w->acl ? "ACL" : "mode";
	char *out = NULL, *who, *piece;
	size_t i;

	if (w->group) {
		who = names_group_text(names, st->st_gid);
		piece = xasprintf("group %s (%s)", who, how);
		append(&out, piece);
		free(piece);
		free(who);
	}
	if (w->other) {
		piece = xasprintf("everyone (%s)", how);
		append(&out, piece);
		free(piece);
	}
	for (i = 0; i < w->nusers; i++) {
		who = names_user_text(names, w->users[i]);
		piece = xasprintf("user %s (ACL)", who);
		append(&out, piece);
		free(piece);
		free(who);
	}
	for (i = 0; i < w->ngroups; i++) {
		who = names_group_text(names, w->groups[i]);
		piece = xasprintf("group %s (ACL)", who);
		append(&out, piece);
		free(piece);
		free(who);
	}
	return out ? out : xstrdup("nobody");
}

void
writable_free(struct writable *w)
{
	free(w->users);
	free(w->groups);
	memset(w, 0, sizeof(*w));
}
