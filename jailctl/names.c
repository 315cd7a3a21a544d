/*
 * names.c -- see names.h.
 *
 * ROOT/etc/passwd and ROOT/etc/group are opened beneath the root fd (a
 * symlinked /etc/passwd in an image must not make us read the host's) and
 * parsed with fgetpwent(3)/fgetgrent(3).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "names.h"
#include "util.h"

struct user_rec {
	char *name;
	uid_t uid;
	gid_t gid;
};

struct group_rec {
	char *name;
	gid_t gid;
	char **members;		/* NULL-terminated */
};

struct names {
	struct user_rec *users;	/* sorted by name */
	size_t nusers;
	struct user_rec **users_by_id;
	struct group_rec *groups;	/* sorted by name */
	size_t ngroups;
	struct group_rec **groups_by_id;
	bool nss;
};

static FILE *
open_db(int root_fd, const char *path)
{
	int fd = open_beneath(root_fd, path, O_RDONLY | O_NONBLOCK, false);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "re");
	if (f == NULL)
		close(fd);
	return f;
}

static int
user_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct user_rec *)a)->name,
	    ((const struct user_rec *)b)->name);
}

static int
user_cmp_id(const void *a, const void *b)
{
	uid_t x = (*(struct user_rec *const *)a)->uid;
	uid_t y = (*(struct user_rec *const *)b)->uid;

	return x < y ? -1 : x > y;
}

static int
group_cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct group_rec *)a)->name,
	    ((const struct group_rec *)b)->name);
}

static int
group_cmp_id(const void *a, const void *b)
{
	gid_t x = (*(struct group_rec *const *)a)->gid;
	gid_t y = (*(struct group_rec *const *)b)->gid;

	return x < y ? -1 : x > y;
}

static void
load_users(struct names *n, FILE *f)
{
	size_t cap = 0;
	struct passwd *pw;

	while ((pw = fgetpwent(f)) != NULL) {
		if (n->nusers == cap) {
			cap = cap ? cap * 2 : 64;
			n->users = xrealloc(n->users, cap * sizeof(*n->users));
		}
		n->users[n->nusers++] = (struct user_rec){
			xstrdup(pw->pw_name), pw->pw_uid, pw->pw_gid };
	}
	/* Stable order keeps the first of duplicate names, as getpwnam does. */
	qsort(n->users, n->nusers, sizeof(*n->users), user_cmp_name);
	n->users_by_id = xcalloc(n->nusers, sizeof(*n->users_by_id));
	for (size_t i = 0; i < n->nusers; i++)
		n->users_by_id[i] = &n->users[i];
	qsort(n->users_by_id, n->nusers, sizeof(*n->users_by_id), user_cmp_id);
}

static void
load_groups(struct names *n, FILE *f)
{
	size_t cap = 0;
	struct group *gr;

	while ((gr = fgetgrent(f)) != NULL) {
		size_t m = 0;

		if (n->ngroups == cap) {
			cap = cap ? cap * 2 : 64;
			n->groups = xrealloc(n->groups, cap * sizeof(*n->groups));
		}
		while (gr->gr_mem[m] != NULL)
			m++;
		char **mem = xcalloc(m + 1, sizeof(*mem));
		for (size_t i = 0; i < m; i++)
			mem[i] = xstrdup(gr->gr_mem[i]);
		n->groups[n->ngroups++] = (struct group_rec){
			xstrdup(gr->gr_name), gr->gr_gid, mem };
	}
	qsort(n->groups, n->ngroups, sizeof(*n->groups), group_cmp_name);
	n->groups_by_id = xcalloc(n->ngroups, sizeof(*n->groups_by_id));
	for (size_t i = 0; i < n->ngroups; i++)
		n->groups_by_id[i] = &n->groups[i];
	qsort(n->groups_by_id, n->ngroups, sizeof(*n->groups_by_id), group_cmp_id);
}

struct names *
names_load(int root_fd, bool nss)
{
	struct names *n = xcalloc(1, sizeof(*n));
	FILE *f;

	n->nss = nss;
	if ((f = open_db(root_fd, "etc/passwd")) != NULL) {
		load_users(n, f);
		fclose(f);
	}
	if ((f = open_db(root_fd, "etc/group")) != NULL) {
		load_groups(n, f);
		fclose(f);
	}
	return n;
}

void
names_free(struct names *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nusers; i++)
		free(n->users[i].name);
	for (size_t i = 0; i < n->ngroups; i++) {
		free(n->groups[i].name);
		for (char **m = n->groups[i].members; *m != NULL; m++)
			free(*m);
		free(n->groups[i].members);
	}
	free(n->users);
	free(n->users_by_id);
	free(n->groups);
	free(n->groups_by_id);
	free(n);
}

static const struct user_rec *
find_user(const struct names *n, const char *name)
{
	struct user_rec key = { .name = (char *)name };

	return bsearch(&key, n->users, n->nusers, sizeof(key), user_cmp_name);
}

static const struct group_rec *
find_group(const struct names *n, const char *name)
{
	struct group_rec key = { .name = (char *)name };

	return bsearch(&key, n->groups, n->ngroups, sizeof(key), group_cmp_name);
}

int
names_uid(const struct names *n, const char *user, uid_t *uid)
{
	const struct user_rec *u = find_user(n, user);

	if (u != NULL) {
		*uid = u->uid;
		return 0;
	}
	if (n->nss) {
		struct passwd *pw = getpwnam(user);

		if (pw != NULL) {
			*uid = pw->pw_uid;
			return 0;
		}
	}
	return -ENOENT;
}

int
names_gid(const struct names *n, const char *group, gid_t *gid)
{
	const struct group_rec *g = find_group(n, group);

	if (g != NULL) {
		*gid = g->gid;
		return 0;
	}
	if (n->nss) {
		struct group *gr = getgrnam(group);

		if (gr != NULL) {
			*gid = gr->gr_gid;
			return 0;
		}
	}
	return -ENOENT;
}

static const struct user_rec *
find_uid(const struct names *n, uid_t uid)
{
	struct user_rec key = { .uid = uid }, *kp = &key, **hit;

	hit = bsearch(&kp, n->users_by_id, n->nusers, sizeof(kp), user_cmp_id);
	return hit != NULL ? *hit : NULL;
}

int
names_user_gid(const struct names *n, uid_t uid, gid_t *gid)
{
	const struct user_rec *u = find_uid(n, uid);

	if (u == NULL)
		return -ENOENT;
	*gid = u->gid;
	return 0;
}

const char *
names_user(const struct names *n, uid_t uid)
{
	const struct user_rec *u = find_uid(n, uid);

	return u != NULL ? u->name : NULL;
}

const char *
names_group(const struct names *n, gid_t gid)
{
	struct group_rec key = { .gid = gid }, *kp = &key, **hit;

	hit = bsearch(&kp, n->groups_by_id, n->ngroups, sizeof(kp), group_cmp_id);
	return hit != NULL ? (*hit)->name : NULL;
}

bool
names_in_group(const struct names *n, const char *user, gid_t gid)
{
	struct group_rec key = { .gid = gid }, *kp = &key, **hit;

	hit = bsearch(&kp, n->groups_by_id, n->ngroups, sizeof(kp), group_cmp_id);
	if (hit == NULL)
		return false;
	for (char **m = (*hit)->members; *m != NULL; m++)
		if (strcmp(*m, user) == 0)
			return true;
	return false;
}
