/* forward_include.c -- see forward_include.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forward_include.h"
#include "fsident.h"
#include "openall.h"
#include "sendmail_cf.h"
#include "users.h"
#include "util.h"

void
fi_ctl_init(struct fi_ctl *ctl, const char *ruser, uid_t uid, bool bogus_shell)
{
	memset(ctl, 0, sizeof(*ctl));
	ctl->ruser = ruser != NULL ? xstrdup(ruser) : NULL;
	ctl->uid = uid;
	ctl->bogus_shell = bogus_shell;
}

void
fi_ctl_clear(struct fi_ctl *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nunsafe; i++)
		free(ctl->unsafe_why[i]);
	free(ctl->unsafe_why);
	free(ctl->bogus_why);
	free(ctl->ruser);
	memset(ctl, 0, sizeof(*ctl));
}

void
fi_ctl_unsafe(struct fi_ctl *ctl, char *why)
{
	size_t i;

	ctl->unsafe = true;
	for (i = 0; i < ctl->nunsafe; i++) {
		if (strcmp(ctl->unsafe_why[i], why) == 0) {
			free(why);
			return;
		}
	}
	ctl->unsafe_why = xrealloc(ctl->unsafe_why,
	    (ctl->nunsafe + 2) * sizeof(char *));
	ctl->unsafe_why[ctl->nunsafe++] = why;
	ctl->unsafe_why[ctl->nunsafe] = NULL;
}

void
fi_file_free(struct fi_file *file)
{
	free(file->data);
	memset(file, 0, sizeof(*file));
}

static bool
dbs(const struct fi_env *env, enum dbs_flag f)
{
	return env->cf != NULL && cf_dbs(env->cf, f);
}

/* Larger files are read each time (and there are few). */
#define FI_CONTENT_MAX (64 * 1024)
#define FI_CONTENTS 16

struct fi_content {
	char *path;
	struct stat st;
	char *data;
	size_t len;
	bool truncated;
	long pc;			/* fpathconf(_PC_CHOWN_RESTRICTED) */
	int pc_err;
};

struct fi_contents {
	struct fi_content v[FI_CONTENTS];
	size_t n, next;
};

struct fi_contents *
fi_contents_new(void)
{
	return xcalloc(1, sizeof(struct fi_contents));
}

void
fi_contents_free(struct fi_contents *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].data);
	}
	free(c);
}

/* The kept bytes of path, if they are those of the object judged (st). */
static const struct fi_content *
content_find(const struct fi_contents *c, const char *path,
    const struct stat *st)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++) {
		const struct fi_content *e = &c->v[i];

		/* filechanged()'s test, as the open after the judgement does */
		if (strcmp(e->path, path) == 0 && e->st.st_dev == st->st_dev &&
		    e->st.st_ino == st->st_ino && e->st.st_nlink == st->st_nlink &&
		    e->st.st_uid == st->st_uid && e->st.st_gid == st->st_gid)
			return e;
	}
	return NULL;
}

static void
content_keep(struct fi_contents *c, const char *path, const struct fi_file *f,
    long pc, int pc_err)
{
	struct fi_content *e;
	size_t i;

	if (c->n < FI_CONTENTS)
		i = c->n++;
	else {
		i = c->next;
		c->next = (c->next + 1) % FI_CONTENTS;
		free(c->v[i].path);
		free(c->v[i].data);
	}
	e = &c->v[i];
	e->path = xstrdup(path);
	e->st = f->st;
	e->data = xmalloc(f->len + 1);
	memcpy(e->data, f->data, f->len + 1);
	e->len = f->len;
	e->truncated = f->truncated;
	e->pc = pc;
	e->pc_err = pc_err;
}

/* Read an open file with the caller's identity, at most cap bytes. */
static int
read_capped(int fd, size_t cap, struct fi_file *file)
{
	size_t size = 4096, len = 0;
	char *buf = xmalloc(size + 1);
	ssize_t r;

	for (;;) {
		if (len == size) {
			if (size >= cap)
				break;
			size = size * 2 < cap ? size * 2 : cap;
			buf = xrealloc(buf, size + 1);
		}
		r = read(fd, buf + len, size - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			free(buf);
			return (int)r;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len == cap) {
		char c;

		file->truncated = read(fd, &c, 1) == 1;
	}
	buf[len] = '\0';
	file->data = buf;
	file->len = len;
	return 0;
}

/*
 * The part of include() that runs with the user's identity: the directory
 * path, safefile(), open and read.  Returns as fi_include().
 */
/* fpathconf(fd, _PC_CHOWN_RESTRICTED), one answer per device (memo). */
static void
chown_restricted(const struct fi_env *env, int fd, dev_t dev, long *pc,
    int *err)
{
	struct fi_chown_memo *cm = env->chown_memo;

	if (cm != NULL && cm->valid && cm->dev == dev) {
		*pc = cm->pc;
		*err = cm->err;
		return;
	}
	errno = 0;
	*pc = fpathconf(fd, _PC_CHOWN_RESTRICTED);
	*err = errno;
	if (cm != NULL) {
		cm->valid = true;
		cm->dev = dev;
		cm->pc = *pc;
		cm->err = *err;
	}
}

static int
judge_and_read(const struct fi_env *env, const struct sf_who *who,
    const char *fname, bool forwarding, struct fi_ctl *ctl,
    struct fi_file *file, char **where, int *fd_out, long *pc, int *pc_err)
{
	const struct fi_content *kept;
	long flags = SF_REGONLY;
	const char *slash;
	struct stat st, fst;
	int r, fd;

	if (forwarding) {
		flags |= SF_MUSTOWN | SF_ROOTOK;
		if (!dbs(env, DBS_GROUPWRITABLEFORWARDFILE))
			flags |= SF_NOGWFILES;
		if (!dbs(env, DBS_WORLDWRITABLEFORWARDFILE))
			flags |= SF_NOWWFILES;
	} else {
		if (!dbs(env, DBS_GROUPWRITABLEINCLUDEFILE))
			flags |= SF_NOGWFILES;
		if (!dbs(env, DBS_WORLDWRITABLEINCLUDEFILE))
			flags |= SF_NOWWFILES;
	}

	/* "check for writable parent directory" */
	slash = strrchr(fname, '/');
	if (slash != NULL) {
		char *dir = xstrndup(fname, (size_t)(slash - fname));
		char *bad = NULL;

		r = sf_safedirpath(&env->sf, dir, who, flags | SF_SAFEDIRPATH, &bad);
		if (r == 0) {
			/* in a safe directory: links and chown rules relax */
			file->safedir = true;
			flags |= SF_NOPATHCHECK;
		} else {
			if (dbs(env, forwarding ? DBS_FORWARDFILEINUNSAFEDIRPATH :
			    DBS_INCLUDEFILEINUNSAFEDIRPATH)) {
				flags |= SF_NOPATHCHECK;
			} else if (dbs(env, forwarding ?
			    DBS_FORWARDFILEINGROUPWRITABLEDIRPATH :
			    DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH) &&
			    r == SF_E_GWDIR) {
				/* once more, with group-writable directories safe */
				struct sf_env relaxed = env->sf;

				relaxed.gw_dirpath_safe = true;
				free(bad);
				bad = NULL;
				r = sf_safedirpath(&relaxed, dir, who,
				    flags | SF_SAFEDIRPATH, &bad);
				if (r == 0)
					flags |= SF_NOPATHCHECK;
				else
					flags |= SF_SAFEDIRPATH;
			} else {
				flags |= SF_SAFEDIRPATH;
			}
			if (r > SF_E_BASE && !dbs(env, forwarding ?
			    DBS_FORWARDFILEINUNSAFEDIRPATHSAFE :
			    DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE))
				fi_ctl_unsafe(ctl, xasprintf("%s: unsafe directory "
				    "path (%s: %s)", fname, bad ? bad : dir,
				    sf_errstring(r)));
		}
		free(bad);
		free(dir);
	}

	/* "allow links only in unwritable directories" */
	if (!file->safedir && !dbs(env, forwarding ?
	    DBS_LINKEDFORWARDFILEINWRITABLEDIR :
	    DBS_LINKEDINCLUDEFILEINWRITABLEDIR))
		flags |= SF_NOLINK;

	r = sf_safefile(&env->sf, fname, who, flags, S_IRUSR, &st, where);
	if (r != 0)
		return r;

	kept = content_find(env->contents, fname, &st);
	if (kept != NULL) {
		/* everyone's open of this object succeeds and reads this */
		file->data = xmalloc(kept->len + 1);
		memcpy(file->data, kept->data, kept->len + 1);
		file->len = kept->len;
		file->truncated = kept->truncated;
		file->st = kept->st;
		*pc = kept->pc;
		*pc_err = kept->pc_err;
		*fd_out = -1;
		return 0;
	}

	/*
	 * sendmail's fopen() follows a final symlink only where safefile()
	 * allowed one; so do we.  What is opened is pinned and checked to be
	 * the regular file judged (filechanged()) before it is opened for
	 * reading, so a FIFO or device swapped in meanwhile is never opened.
	 */
	r = sf_open_judged_env(&env->sf, fname, !(flags & SF_NOSLINK), &st, &fd,
	    &fst);
	if (r != 0)
		return r == ELOOP ? SF_E_NOSLINK : r;
	r = read_capped(fd, env->read_cap, file);
	if (r < 0) {
		close(fd);
		return -r;
	}
	file->st = fst;
	chown_restricted(env, fd, fst.st_dev, pc, pc_err);
	if (env->contents != NULL && file->len <= FI_CONTENT_MAX &&
	    S_ISREG(fst.st_mode) && sf_reached_by_all(&env->sf, fname, &fst) &&
	    open_to_all(fd, &fst, S_IRUSR))
		content_keep(env->contents, fname, file, *pc, *pc_err);
	*fd_out = fd;
	return 0;
}

void
fi_hold(const struct fi_env *env, const struct fi_user *ca,
    struct fsid_saved *sv)
{
	gid_t one = ca->gid;

	memset(sv, 0, sizeof(*sv));
	/* the identities fi_include() takes for ca, and only those */
	if ((ca->uid == env->def_uid && ca->gid == 0) || ca->uid == 0)
		return;
	if (fsid_enter(ca->uid, ca->gid,
	    env->sf.dont_init_groups ? &one : ca->groups,
	    env->sf.dont_init_groups ? 1 : ca->ngroups, sv) < 0)
		memset(sv, 0, sizeof(*sv));
}

void
fi_release(struct fsid_saved *sv)
{
	fsid_leave(sv);
}

int
fi_include(const struct fi_env *env, const struct fi_user *ca,
    const char *fname, bool forwarding, struct fi_ctl *ctl,
    struct fi_file *file, char **where)
{
	struct fsid_saved sv;
	struct sf_who who;
	const gid_t *groups = ca->groups;
	size_t ngroups = ca->ngroups;
	gid_t one, *def_groups = NULL;
	int r, fd = -1, pc_err = 0;
	long pc = -1;

	memset(file, 0, sizeof(*file));
	/* "If RunAsUser set, won't be able to run programs as user" */
	if (env->nonroot_daemon && !dbs(env, DBS_NONROOTSAFEADDR))
		fi_ctl_unsafe(ctl, xstrdup("sendmail does not run as root "
		    "(RunAsUser) and NonRootSafeAddr is not set"));

	if (ca->uid == env->def_uid && ca->gid == 0) {
		who.uid = env->def_uid;
		who.gid = env->def_gid;
		who.user = env->def_user;
		/* initgroups(DefUser, DefGid): DefaultUser's groups, not the
		 * address's own (its group 0 would open what sendmail cannot) */
		ngroups = 0;
		if (env->def_user == NULL ||
		    (env->groups != NULL ?
		    grp_db_list(env->groups, env->def_user, env->def_gid,
		    &def_groups, &ngroups) :
		    grp_list(env->root_fd, env->nss, env->def_user, env->def_gid,
		    &def_groups, &ngroups)) < 0 || ngroups == 0) {
			free(def_groups);
			def_groups = xmalloc(sizeof(gid_t));
			def_groups[0] = env->def_gid;
			ngroups = 1;
		}
		groups = def_groups;
	} else {
		who.uid = ca->uid;
		who.gid = ca->gid;
		who.user = ca->name;
	}
	/* sendmail only seteuid()s away from root for a non-root user */
	who.euid_root = who.uid == 0;
	one = who.gid;
	if (who.uid != 0) {
		r = fsid_enter(who.uid, who.gid,
		    env->sf.dont_init_groups ? &one : groups,
		    env->sf.dont_init_groups ? 1 : ngroups, &sv);
		if (r < 0) {
			free(def_groups);
			return r;
		}
	}
	r = judge_and_read(env, &who, fname, forwarding, ctl, file, where, &fd,
	    &pc, &pc_err);
	if (who.uid != 0)
		fsid_leave(&sv);
	free(def_groups);
	if (r != 0) {
		fi_file_free(file);
		return r;
	}

	/* "if path was writable, check to avoid file giveaway tricks" */
	file->safechown = dbs(env, DBS_ASSUMESAFECHOWN) ||
	    (file->safedir && pc_err == 0 && pc > 0);
	if (fd >= 0)
		close(fd);

	if (ca->uid == file->st.st_uid) {
		ctl->bogus_shell |= ca->bogus_shell;
		free(ctl->ruser);
		ctl->ruser = xstrdup(ca->name);
	} else if (!forwarding) {
		struct pw_copy pw = { 0 };

		if ((env->owners != NULL ?
		    pw_cache_find_uid(env->owners, file->st.st_uid, &pw) :
		    pw_find_uid(env->root_fd, env->nss, file->st.st_uid, &pw)) != 0) {
			ctl->uid = file->st.st_uid;
			ctl->bogus_shell = true;
			free(ctl->ruser);
			ctl->ruser = NULL;
			free(ctl->bogus_why);
			ctl->bogus_why = xasprintf("%s is owned by uid %lu, which "
			    "has no passwd entry", fname,
			    (unsigned long)file->st.st_uid);
		} else {
			const char *sh = file->safechown ? pw.shell : SHELLS_WILDCARD;

			free(ctl->ruser);
			ctl->ruser = xstrdup(pw.name);
			if (env->check_shells &&
			    !shells_ok(env->shells, pw.name, sh, env->trusted_class)) {
				if (file->safechown) {
					ctl->bogus_shell = true;
					free(ctl->bogus_why);
					ctl->bogus_why = xasprintf("%s belongs to %s, whose "
					    "shell %s is not in /etc/shells", fname,
					    pw.name, pw.shell);
				} else {
					fi_ctl_unsafe(ctl, xasprintf("%s belongs to %s and "
					    "sendmail cannot rule out that it was given "
					    "away (chown not known to be restricted), "
					    "and /etc/shells does not list %s", fname,
					    pw.name, SHELLS_WILDCARD));
				}
			}
			pw_copy_clear(&pw);
		}
	}

	/* "Check to see if some bad guy can write this file" */
	{
		mode_t bad = S_IWOTH;

		if (!dbs(env, forwarding ? DBS_GROUPWRITABLEFORWARDFILESAFE :
		    DBS_GROUPWRITABLEINCLUDEFILESAFE))
			bad |= S_IWGRP;
		if (file->st.st_mode & bad)
			fi_ctl_unsafe(ctl, xasprintf("%s is %s writable", fname,
			    (file->st.st_mode & S_IWOTH) ? "world" : "group"));
	}
	return 0;
}
