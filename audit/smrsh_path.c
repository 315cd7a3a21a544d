/*
 * smrsh_path.c -- resolve a path for the smrsh audit, judging on the way.
 *
 * smrsh's stat(CMDDIR/name) follows every symlink and looks each name up in
 * some directory; whoever can change one of those directories can change
 * what smrsh runs.  linkchain redoes the walk and shows each directory to
 * visit_dir(), which records what is wrong with it; the problems are
 * reported (flush) once the caller knows what the path resolved to, so the
 * message can name the whole chain.  Also here: the chain as text and the
 * reopening of the object the chain ended at.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "jailctl.h"
#include "linkchain.h"
#include "report.h"
#include "safefile.h"
#include "names.h"
#include "smrsh_audit.h"
#include "util.h"
#include "writable.h"

static bool
idset_has(const struct idset *s, const struct stat *st)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
			return true;
	return false;
}

void
smrsh_idset_add(struct idset *s, const struct stat *st)
{
	if (idset_has(s, st))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n].dev = st->st_dev;
	s->v[s->n].ino = st->st_ino;
	s->n++;
}

void
smrsh_idset_clear(struct idset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ------------------------------------------------------------------ */
/* Directories met on the way: who could swap what they hold?          */

static void
add_pending(struct audit *a, const char *id, const char *dir, char *reason)
{
	a->pend = xrealloc(a->pend, (a->npend + 1) * sizeof(*a->pend));
	a->pend[a->npend].id = id;
	a->pend[a->npend].dir = xstrdup(dir);
	a->pend[a->npend].reason = reason;
	a->npend++;
}

void
smrsh_clear_pending(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->npend; i++) {
		free(a->pend[i].dir);
		free(a->pend[i].reason);
	}
	free(a->pend);
	a->pend = NULL;
	a->npend = 0;
	smrsh_idset_clear(&a->seen);
}

/*
 * The visitor linkchain calls for each directory a name is looked up in.
 * A directory is safe when root owns it and nobody else can write it.  The
 * one exception is a sticky directory (like /tmp) whose entry on our path is
 * root's: the kernel then lets no one else rename or remove that entry.  The
 * exception never applies to CMDDIR itself (checked elsewhere): there any
 * writer could add a program.
 */
static void
visit_dir(void *arg, int dirfd, const struct stat *st, const char *path,
    const char *child, const struct stat *child_st)
{
	struct audit *a = arg;
	struct writable w;
	int r;

	(void)child;
	if (idset_has(&a->seen, st) ||
	    (!a->ancestors && idset_has(&a->judged, st)))
		return;
	smrsh_idset_add(&a->seen, st);
	if (a->ancestors)
		smrsh_idset_add(&a->judged, st);
	if (st->st_uid != 0) {
		char *who = names_user_text(a->ctx->names, st->st_uid);

		add_pending(a, "smrsh.path-owner", path,
		    xasprintf("directory %s is owned by %s, not root, and its "
		    "owner can replace anything in it", path, who));
		free(who);
	}
	r = writable_get(dirfd, st, &w);
	if (r < 0)
		add_pending(a, "smrsh.unexaminable", path,
		    xasprintf("cannot read the ACL of directory %s: %s", path,
		    strerror(-r)));
	if (writable_any(&w) && !((st->st_mode & S_ISVTX) &&
	    child_st != NULL && child_st->st_uid == 0)) {
		char *who = writable_describe(&w, st, a->ctx->names);

		add_pending(a, "smrsh.path-writable", path,
		    xasprintf("directory %s is writable by %s, who can replace "
		    "what it holds", path, who));
		free(who);
	}
	writable_free(&w);
}

/* Report what visit_dir found, now that the target is known. */
void
smrsh_flush_pending(struct audit *a, const char *subject, const char *label)
{
	size_t i;

	for (i = 0; i < a->npend; i++) {
		const char *id = a->pend[i].id;

		emit(a, id, strcmp(id, "smrsh.unexaminable") == 0 ?
		    SEV_MEDIUM : SEV_HIGH, subject, NULL, a->pend[i].dir,
		    "%s: %s", label, a->pend[i].reason);
	}
	smrsh_clear_pending(a);
}

int
smrsh_resolve(struct audit *a, const char *path, unsigned flags,
    struct lc_result *res)
{
	struct lc_visitor v = { visit_dir, a };

	return linkchain_resolve(a->ctx->root_fd, path, flags, &v, res);
}

/* "name -> hop -> hop => /real/path", for messages. */
char *
smrsh_chain_text(const char *start, const struct lc_result *res)
{
	char *s = xstrdup(start), *n;
	size_t i;

	for (i = 0; i < res->nhops; i++) {
		n = xasprintf("%s -> %s", s, res->hops[i].target);
		free(s);
		s = n;
	}
	if (res->status == LC_OK && res->nhops > 0 &&
	    strcmp(res->hops[res->nhops - 1].target, res->path) != 0) {
		n = xasprintf("%s => %s", s, res->path);
		free(s);
		s = n;
	}
	return s;
}

/*
 * Open the resolved non-directory for reading: exactly the object the
 * chain ended at (its O_PATH fd is reopened through /proc/self/fd), and
 * only if it is a regular file -- so nothing swapped in since, and no FIFO
 * or device, is ever opened.
 */
int
smrsh_open_resolved(const struct lc_result *res, struct stat *st)
{
	int fd;

	if (res->fd < 0 || !S_ISREG(res->st.st_mode))
		return -EINVAL;
	fd = reopen_pinned(res->fd);
	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	if (st->st_dev != res->st.st_dev || st->st_ino != res->st.st_ino) {
		close(fd);
		return -EAGAIN;
	}
	return fd;
}

const char *
smrsh_open_error(int r)
{
	return r == -EAGAIN ? "it was replaced while being examined" :
	    strerror(-r);
}
