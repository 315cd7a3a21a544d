/* linkchain.c -- see linkchain.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linkchain.h"
#include "util.h"

/* More nesting than this is no real tree; refuse rather than grow forever. */
#define LC_MAX_DEPTH 1024

/* One directory on the current real path: stack[0] is ROOT. */
struct frame {
	int fd;			/* O_PATH|O_DIRECTORY */
	struct stat st;
	size_t pathlen;		/* length of its path in walk.path */
};

struct walk {
	struct frame *stack;
	size_t depth, cap;
	char *path;		/* real path of the top frame, "/" for ROOT */
	size_t pathcap;
};

static void
path_set_len(struct walk *w, size_t len)
{
	w->path[len] = '\0';
}

/* Path of the top directory joined with name, malloc'd. */
static char *
child_path(const struct walk *w, const char *name)
{
	if (w->depth == 1)
		return xasprintf("/%s", name);
	return xasprintf("%s/%s", w->path, name);
}

static int
push(struct walk *w, int fd, const struct stat *st, const char *name)
{
	size_t len, need;

	if (w->depth >= LC_MAX_DEPTH)
		return -ENAMETOOLONG;
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->stack = xrealloc(w->stack, w->cap * sizeof(*w->stack));
	}
	len = w->depth == 0 ? 0 : strlen(w->path);
	need = len + 1 + (name ? strlen(name) : 0) + 1;
	if (need > w->pathcap) {
		w->pathcap = need * 2;
		w->path = xrealloc(w->path, w->pathcap);
	}
	if (w->depth == 0) {
		strcpy(w->path, "/");
		len = 1;
	} else {
		if (w->depth > 1)
			w->path[len++] = '/';
		strcpy(w->path + len, name);
		len += strlen(name);
	}
	w->stack[w->depth].fd = fd;
	w->stack[w->depth].st = *st;
	w->stack[w->depth].pathlen = len;
	w->depth++;
	return 0;
}

/* Leave the top directory (".."); ROOT is its own parent. */
static void
pop(struct walk *w)
{
	if (w->depth <= 1)
		return;
	w->depth--;
	closep(&w->stack[w->depth].fd);
	path_set_len(w, w->stack[w->depth - 1].pathlen);
}

static void
pop_to_root(struct walk *w)
{
	while (w->depth > 1)
		pop(w);
}

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		closep(&w->stack[i].fd);
	free(w->stack);
	free(w->path);
}

/*
 * Take the next component off *rest (skipping slashes): returns its length
 * and sets *name, or 0 at the end.
 */
static size_t
next_component(const char **rest, const char **name)
{
	const char *p = *rest;
	size_t n;

	while (*p == '/')
		p++;
	n = strcspn(p, "/");
	*name = p;
	*rest = p + n;
	return n;
}

static void
add_hop(struct lc_result *res, const char *link, const char *target)
{
	res->hops = xrealloc(res->hops, (res->nhops + 1) * sizeof(*res->hops));
	res->hops[res->nhops].link = xstrdup(link);
	res->hops[res->nhops].target = xstrdup(target);
	res->nhops++;
}

/* readlink through an O_PATH fd of the link itself. */
static int
read_link(int fd, const struct stat *st, char **out)
{
	char *buf;
	ssize_t n;

	/* st_size is the target length on Linux; guard against lies anyway. */
	if (st->st_size >= PATH_MAX)
		return -ENAMETOOLONG;
	buf = xmalloc(PATH_MAX);
	n = readlinkat(fd, "", buf, PATH_MAX);
	if (n < 0) {
		int e = -errno;

		free(buf);
		return e;
	}
	if (n >= PATH_MAX) {
		free(buf);
		return -ENAMETOOLONG;
	}
	buf[n] = '\0';
	*out = buf;
	return 0;
}

static void
finish(struct lc_result *res, enum lc_status status, int err, char *path)
{
	res->status = status;
	res->err = err;
	free(res->path);
	res->path = path;
}

int
linkchain_resolve(int root_fd, const char *path, unsigned flags,
    const struct lc_visitor *visitor, struct lc_result *res)
{
	struct walk w = { 0 };
	struct stat st;
	char *todo = NULL;	/* what is left to resolve, owned */
	const char *rest;
	int fd = -1, r;

	memset(res, 0, sizeof(*res));
	res->fd = -1;
	res->dirfd = -1;
	if (path == NULL || path[0] != '/')
		return -EINVAL;

	fd = openat(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		finish(res, LC_ERROR, -errno, xstrdup("/"));
		closep(&fd);
		goto out;
	}
	(void)push(&w, fd, &st, NULL);
	fd = -1;

	todo = xstrdup(path);
	rest = todo;
	for (;;) {
		const char *name;
		char *comp, *cpath;
		struct frame *top;
		size_t n = next_component(&rest, &name);
		bool last;

		if (n == 0) {
			/* The walk ended on a directory (or ROOT itself). */
			top = &w.stack[w.depth - 1];
			res->fd = fcntl(top->fd, F_DUPFD_CLOEXEC, 3);
			if (res->fd < 0) {
				finish(res, LC_ERROR, -errno, xstrdup(w.path));
				goto out;
			}
			res->st = top->st;
			finish(res, LC_OK, 0, xstrdup(w.path));
			goto out;
		}
		comp = xstrndup(name, n);
		if (strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			free(comp);
			pop(&w);
			continue;
		}
		/* A trailing slash demands a directory, as in the kernel. */
		last = *rest == '\0';
		top = &w.stack[w.depth - 1];
		cpath = child_path(&w, comp);
		fd = openat(top->fd, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			int e = -errno;

			if (e == -ENOENT && visitor && visitor->dir)
				visitor->dir(visitor->arg, top->fd, &top->st,
				    w.path, comp, NULL);
			free(comp);
			if (e == -ENOENT)
				finish(res, LC_MISSING, e, cpath);
			else if (e == -ENOTDIR)
				finish(res, LC_NOTDIR, e, cpath);
			else
				finish(res, LC_ERROR, e, cpath);
			goto out;
		}
		if (fstat(fd, &st) < 0) {
			free(comp);
			finish(res, LC_ERROR, -errno, cpath);
			goto out;
		}
		if (visitor && visitor->dir)
			visitor->dir(visitor->arg, top->fd, &top->st, w.path,
			    comp, &st);

		if (S_ISLNK(st.st_mode)) {
			char *target = NULL, *joined;

			free(comp);
			if (flags & LC_NOFOLLOW) {
				finish(res, LC_SYMLINK, 0, cpath);
				goto out;
			}
			if (res->nhops >= LC_MAX_HOPS) {
				finish(res, LC_LOOP, -ELOOP, cpath);
				goto out;
			}
			r = read_link(fd, &st, &target);
			closep(&fd);
			if (r < 0) {
				finish(res, LC_ERROR, r, cpath);
				goto out;
			}
			add_hop(res, cpath, target);
			if (target[0] == '\0') {
				/* The kernel treats an empty target as ENOENT. */
				free(target);
				finish(res, LC_MISSING, -ENOENT, cpath);
				goto out;
			}
			free(cpath);
			if (target[0] == '/')
				pop_to_root(&w);
			/*
			 * Splice the target in front of what was left; "rest"
			 * points into todo, so build the new string first.
			 */
			if (*rest == '\0')
				joined = xstrdup(target);
			else
				joined = xasprintf("%s%s", target, rest);
			free(target);
			free(todo);
			todo = joined;
			rest = todo;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			r = push(&w, fd, &st, comp);
			free(comp);
			if (r < 0) {
				finish(res, LC_ERROR, r, cpath);
				goto out;
			}
			fd = -1;
			free(cpath);
			continue;
		}
		if (!last) {
			free(comp);
			finish(res, LC_NOTDIR, -ENOTDIR, cpath);
			goto out;
		}
		res->dirfd = fcntl(top->fd, F_DUPFD_CLOEXEC, 3);
		if (res->dirfd < 0) {
			free(comp);
			finish(res, LC_ERROR, -errno, cpath);
			goto out;
		}
		res->name = comp;
		res->fd = fd;
		fd = -1;
		res->st = st;
		finish(res, LC_OK, 0, cpath);
		goto out;
	}
out:
	closep(&fd);
	free(todo);
	walk_free(&w);
	return 0;
}

void
linkchain_result_free(struct lc_result *res)
{
	size_t i;

	closep(&res->fd);
	closep(&res->dirfd);
	free(res->name);
	res->name = NULL;
	for (i = 0; i < res->nhops; i++) {
		free(res->hops[i].link);
		free(res->hops[i].target);
	}
	free(res->hops);
	free(res->path);
	res->hops = NULL;
	res->nhops = 0;
	res->path = NULL;
}

const char *
lc_status_text(enum lc_status s)
{
	switch (s) {
	case LC_OK:
		return "resolved";
	case LC_MISSING:
		return "does not exist";
	case LC_NOTDIR:
		return "a component is not a directory";
	case LC_LOOP:
		return "too many levels of symbolic links";
	case LC_SYMLINK:
		return "is a symbolic link";
	case LC_ERROR:
		break;
	}
	return "could not be examined";
}
