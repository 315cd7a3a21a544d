/*
 * audit_smrsh.c -- `jailctl audit smrsh`: the smrsh binary, its program
 * directory (CMDDIR) and every program reachable through it.
 *
 * smrsh itself checks nothing but stat() and access(X_OK) on CMDDIR/name
 * (sendmail-facts.md 1.4), so everything that makes the directory safe is
 * checked here: who can change the directory and the directories above it,
 * whether each entry's name is harmless in the /bin/sh command line smrsh
 * builds, where each symlink chain really ends and who can change any step
 * of it, and whether the program at the end turns mail-controlled arguments
 * into commands.  Finding ids (prefix "smrsh.") are documented in jailctl(8).
 *
 * This file runs the audit and checks the program directory itself; the
 * rest is split by job (smrsh_audit.h holds what they share):
 *   smrsh_binary.c  the smrsh binary and the CMDDIR compiled into it
 *   smrsh_entry.c   one entry of CMDDIR: name, chain, target, script
 *   smrsh_file.c    owner, writers, set-id, capabilities, SELinux context
 *   smrsh_path.c    resolving a path and judging each directory on the way
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "audit.h"
#include "cmddir.h"
#include "fsutil.h"
#include "jailctl.h"
#include "linkchain.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "smrsh_audit.h"
#include "util.h"
#include "writable.h"

static const struct smrsh_profile empty_profile = {
	.dir_mode = (mode_t)-1,
};

/* ------------------------------------------------------------------ */
/* Text for messages, shared by the smrsh modules.                     */

const char *
smrsh_kind_text(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISREG(m))
		return "a regular file";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	return "an object of unknown type";
}

/* ------------------------------------------------------------------ */
/* Owner and group the profile asks of the program directory.          */

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * A user name or number as ROOT knows it; -ENOENT when unknown.  Unlike
 * names_uid() alone, a number is taken as it is and "root" is known even
 * to a ROOT without /etc/passwd (or without a names table at all).
 */
static int
lookup_uid(const struct audit *a, const char *name, uid_t *uid)
{
	if (all_digits(name)) {
		*uid = (uid_t)strtoul(name, NULL, 10);
		return 0;
	}
	if (a->ctx->names && names_uid(a->ctx->names, name, uid) == 0)
		return 0;
	if (strcmp(name, "root") == 0) {
		*uid = 0;
		return 0;
	}
	return -ENOENT;
}

static int
lookup_gid(const struct audit *a, const char *name, gid_t *gid)
{
	if (all_digits(name)) {
		*gid = (gid_t)strtoul(name, NULL, 10);
		return 0;
	}
	if (a->ctx->names && names_gid(a->ctx->names, name, gid) == 0)
		return 0;
	if (strcmp(name, "root") == 0) {
		*gid = 0;
		return 0;
	}
	return -ENOENT;
}

/* ------------------------------------------------------------------ */
/* The directory as --smrsh-dir or the profile gives it.               */

/*
 * Lexically normalise an absolute path inside ROOT: no empty, "." or ".."
 * components, no trailing slash ("/" stays "/").  ".." at ROOT stays at
 * ROOT, as it does in the walk.  NULL when path is not absolute.
 */
static char *
normalise(const char *path)
{
	char *out, *o;
	const char *p = path;

	if (path == NULL || path[0] != '/')
		return NULL;
	out = xmalloc(strlen(path) + 2);
	o = out;
	while (*p) {
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		c = p;
		n = strcspn(p, "/");
		p += n;
		if (n == 0 || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, c, n);
		o += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* The program directory.                                              */

/* Returns an O_PATH fd of CMDDIR when entries can be audited, else -1. */
static int
audit_dir(struct audit *a)
{
	const struct smrsh_profile *sp = a->sp;
	const char *dir = a->dir;
	const char *want_owner = sp->dir_owner ? sp->dir_owner : "root";
	const char *want_group = sp->dir_group ? sp->dir_group : "root";
	struct lc_result res;
	struct writable w;
	uid_t uid;
	gid_t gid;
	int fd = -1, rfd = -1, r;

	/*
	 * No symlink is followed on the way to CMDDIR: smrsh would follow
	 * one, but then the directory is wherever the link's owner points it.
	 */
	a->ancestors = true;
	r = smrsh_resolve(a, dir, LC_NOFOLLOW, &res);
	a->ancestors = false;
	if (r < 0)
		return -1;
	smrsh_flush_pending(a, dir, "the program directory");
	switch (res.status) {
	case LC_OK:
		break;
	case LC_SYMLINK:
		emit(a, "smrsh.dir-symlink", SEV_HIGH, dir, "a directory",
		    res.path, "%s is a symbolic link where the program "
		    "directory (or a directory above it) is expected; smrsh "
		    "follows it, the audit does not", res.path);
		goto out;
	case LC_MISSING:
		emit(a, "smrsh.dir-missing", SEV_MEDIUM, dir, NULL, res.path,
		    "the program directory does not exist (%s is missing): "
		    "smrsh refuses every program, so every |program delivery "
		    "bounces", res.path);
		goto out;
	default:
		emit(a, "smrsh.dir-missing", SEV_MEDIUM, dir, NULL, res.path,
		    "the program directory cannot be reached: %s: %s", res.path,
		    res.status == LC_ERROR ? strerror(-res.err) :
		    lc_status_text(res.status));
		goto out;
	}
	if (!S_ISDIR(res.st.st_mode)) {
		emit(a, "smrsh.dir-not-directory", SEV_MEDIUM, dir,
		    "a directory", smrsh_kind_text(res.st.st_mode),
		    "the program directory is %s: smrsh refuses every program",
		    smrsh_kind_text(res.st.st_mode));
		goto out;
	}
	smrsh_idset_add(&a->judged, &res.st);

	if (lookup_uid(a, want_owner, &uid) < 0) {
		emit(a, "smrsh.dir-owner", SEV_MEDIUM, dir, want_owner, NULL,
		    "the profile's owner %s for the program directory is not "
		    "a user in ROOT", want_owner);
	} else if (res.st.st_uid != uid) {
		char *who = names_user_text(a->ctx->names, res.st.st_uid);

		/* A root owner is only drift; anyone else can add programs. */
		emit(a, "smrsh.dir-owner", res.st.st_uid == 0 ? SEV_LOW :
		    SEV_HIGH, dir, want_owner, who, "the program directory is "
		    "owned by %s, not %s%s", who, want_owner,
		    res.st.st_uid == 0 ? "" : ", who can add any program to it");
		free(who);
	}
	if (lookup_gid(a, want_group, &gid) < 0) {
		emit(a, "smrsh.dir-group", SEV_LOW, dir, want_group, NULL,
		    "the profile's group %s for the program directory is not a "
		    "group in ROOT", want_group);
	} else if (res.st.st_gid != gid) {
		char *grp = names_group_text(a->ctx->names, res.st.st_gid);

		emit(a, "smrsh.dir-group", SEV_LOW, dir, want_group, grp,
		    "the program directory's group is %s, not %s", grp,
		    want_group);
		free(grp);
	}
	r = writable_get(res.fd, &res.st, &w);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, dir, NULL, NULL,
		    "cannot read the program directory's ACL: %s", strerror(-r));
	if (writable_any(&w)) {
		char *who = writable_describe(&w, &res.st, a->ctx->names);

		emit(a, "smrsh.dir-writable", SEV_HIGH, dir, NULL, who,
		    "the program directory is writable by %s, who can add any "
		    "program (a shell) to it", who);
		free(who);
	}
	if (sp->dir_mode != (mode_t)-1) {
		mode_t have = res.st.st_mode & 07777;
		/*
		 * Group and other write bits beyond the profile's are the
		 * fact dir-writable states (for an ACL, the group bits are
		 * its mask): said once, there.  The mode is drift only for
		 * what else differs.
		 */
		mode_t said = writable_any(&w) ?
		    (have & ~sp->dir_mode & (S_IWGRP | S_IWOTH)) : 0;

		if ((have & ~said) != sp->dir_mode) {
			char want[8], shown[8];

			mode_string(sp->dir_mode, want);
			mode_string(have, shown);
			emit(a, "smrsh.dir-mode", SEV_LOW, dir, want, shown,
			    "the program directory's mode is %s, not %s", shown,
			    want);
		}
	}
	writable_free(&w);
	if (sp->dir_attrs.context != NULL) {
		struct stat st;

		rfd = openat(res.fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (rfd >= 0 && fstat(rfd, &st) == 0)
			smrsh_check_context(a, rfd, &st, sp->dir_attrs.context,
			    dir);
		closep(&rfd);
	}
	fd = res.fd;
	res.fd = -1;
out:
	linkchain_result_free(&res);
	return fd;
}

/* ------------------------------------------------------------------ */

/*
 * The binary comes first: without --smrsh-dir or a profile directory, the
 * one CMDDIR compiled into it is the directory audited.
 */
int
audit_smrsh(struct context *ctx, struct report *rep)
{
	struct audit a = { 0 };
	struct cmddir_scan scan = { 0 };
	const char *dir;
	json_t *info, *cands;
	bool scanned = false;
	size_t i;
	int dfd = -1, r = 0;

	a.ctx = ctx;
	a.rep = rep;
	a.sp = ctx->profile ? &ctx->profile->smrsh : &empty_profile;
	dir = ctx->opt.smrsh_dir ? ctx->opt.smrsh_dir : a.sp->dir;
	if (dir != NULL && (a.dir = normalise(dir)) == NULL)
		return -EINVAL;

	smrsh_audit_binary(&a, &scan, &scanned);
	if (a.dir == NULL && scan.ncandidates == 1)
		a.dir = xstrdup(scan.candidates[0]);
	if (scanned)
		smrsh_compare_cmddir(&a, &scan);
	if (a.dir == NULL) {
		emit(&a, "smrsh.dir-unknown", SEV_INFO, NULL, NULL, NULL,
		    "no program directory known (neither --smrsh-dir, the "
		    "profile nor the smrsh binary names one); nothing checked");
	} else {
		dfd = audit_dir(&a);
		if (dfd >= 0) {
			r = smrsh_audit_entries(&a, dfd);
			if (r < 0)
				emit(&a, "smrsh.unexaminable", SEV_MEDIUM,
				    a.dir, NULL, NULL, "cannot list the program "
				    "directory: %s", strerror(-r));
			r = 0;
		}
	}

	info = json_object();
	cands = json_array();
	for (i = 0; i < scan.ncandidates; i++)
		json_array_append_new(cands, report_json_text(scan.candidates[i]));
	json_object_set_new(info, "binary", report_json_text(a.sp->binary));
	json_object_set_new(info, "compiled_cmddir", cands);
	json_object_set_new(info, "dir", report_json_text(a.dir));
	json_object_set_new(info, "entries", json_integer((json_int_t)a.entries));
	report_set(rep, "smrsh", info);

	closep(&dfd);
	cmddir_scan_free(&scan);
	smrsh_clear_pending(&a);
	smrsh_idset_clear(&a.judged);
	smrsh_known_free(&a);
	if (a.sc)
		secattr_close(a.sc);
	free(a.dir);
	return r;
}
