/*
 * smrsh_entry.c -- one entry of the smrsh program directory.
 *
 * For each name in CMDDIR: is the name harmless in the /bin/sh command line
 * smrsh builds, does the profile allow it, where does its symlink chain
 * really end, and is the program at the end safe to hand mail-controlled
 * arguments -- not writable by others, not privileged, not a shell or
 * interpreter by name, by content (multi-call binaries, #! scripts and
 * their interpreters) or by identity (a hard link to a known shell).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dangerous.h"
#include "fsutil.h"
#include "jailctl.h"
#include "linkchain.h"
#include "profile.h"
#include "report.h"
#include "smrsh_audit.h"
#include "util.h"

static const struct file_ids target_ids = {
	"smrsh.target-owner", "smrsh.target-writable", "smrsh.target-setid",
	"smrsh.target-caps",
};

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * Bytes /bin/sh acts on inside the command word smrsh builds
 * (CMDDIR/name, unquoted): word splitting, redirection, pipes, command
 * separators and substitution, quoting, and '^' (a pipe in the Bourne
 * shell, which is why smrsh forbids it).  Control bytes count too.
 */
static bool
injects(unsigned char c)
{
	return c < 0x20 || c == 0x7f || strchr(";&|<>()$`\\\"'^ ", c) != NULL;
}

static bool
plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '+' ||
	    c == '-';
}

static void
check_name(struct audit *a, const char *name, const char *path,
    const char *label)
{
	const unsigned char *p;
	bool inj = false, odd = false;

	for (p = (const unsigned char *)name; *p; p++) {
		if (injects(*p))
			inj = true;
		else if (!plain(*p))
			odd = true;
	}
	if (inj)
		emit(a, "smrsh.name-injection", SEV_HIGH, path, NULL, name,
		    "%s: the name holds characters /bin/sh interprets; smrsh "
		    "passes CMDDIR/name to it unquoted (command injection)",
		    label);
	else if (odd)
		emit(a, "smrsh.name-unusual", SEV_MEDIUM, path, NULL, name,
		    "%s: the name holds characters outside [A-Za-z0-9._+-] "
		    "(globbing or non-ASCII) that /bin/sh may expand", label);
}

static bool
listed(char **list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

/*
 * Severity of a script by its interpreter.  A shell or language
 * interpreter runs only this root-owned script, so it needs review (the
 * script sees mail-controlled arguments) rather than being a hole: medium.
 * An interpreter that runs whatever command it is given (env with no
 * program, a multi-call binary, sudo ...) is high; anything else is low.
 */
static void
check_script(struct audit *a, const char *subject, const char *label,
    const struct program_info *pi)
{
	const char *interp = pi->interpreter, *prog = interp;
	char *word = NULL, *ilabel;
	struct lc_result res;
	enum danger d;
	enum severity sev;
	struct stat st;
	int fd, r;

	if (interp[0] != '/') {
		emit(a, "smrsh.script", SEV_HIGH, subject, NULL, interp,
		    "%s: a script whose interpreter %s is not an absolute path; "
		    "the kernel looks it up in the working directory, which "
		    "the recipient controls", label, interp);
		return;
	}
	/* `#!/usr/bin/env perl` runs perl: judge the program env starts. */
	if (strcmp(base_name(interp), "env") == 0 && pi->interp_arg) {
		const char *arg = pi->interp_arg;
		size_t n;

		if (strncmp(arg, "-S", 2) == 0)
			arg += 2;
		arg += strspn(arg, " \t");
		n = strcspn(arg, " \t");
		if (n > 0 && arg[0] != '-') {
			word = xstrndup(arg, n);
			prog = word;
		}
	}
	d = dangerous_name(prog);
	sev = danger_runs_commands(d) ? SEV_HIGH :
	    d != DANGER_NONE ? SEV_MEDIUM : SEV_LOW;
	emit(a, "smrsh.script", sev, subject, NULL, interp,
	    "%s: a script run by %s%s%s (%s); its code handles "
	    "mail-controlled arguments and needs review", label, interp,
	    pi->interp_arg ? " " : "", pi->interp_arg ? pi->interp_arg : "",
	    danger_text(d));
	free(word);

	/* The interpreter is executed too: the same trust rules apply. */
	r = smrsh_resolve(a, interp, 0, &res);
	if (r < 0)
		return;
	ilabel = smrsh_chain_text(interp, &res);
	{
		char *full = xasprintf("%s, interpreter %s", label, ilabel);

		smrsh_flush_pending(a, subject, full);
		free(ilabel);
		ilabel = full;
	}
	if (res.status != LC_OK || !S_ISREG(res.st.st_mode)) {
		emit(a, "smrsh.interpreter-missing", SEV_LOW, subject, NULL,
		    res.path, "%s: %s %s: the script cannot run", ilabel,
		    res.path, res.status != LC_OK ? lc_status_text(res.status) :
		    "is not a regular file");
		goto out;
	}
	fd = smrsh_open_resolved(&res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot open: %s", ilabel, smrsh_open_error(fd));
		goto out;
	}
	smrsh_check_file(a, &target_ids, subject, ilabel, fd, &st, NULL);
	close(fd);
out:
	free(ilabel);
	linkchain_result_free(&res);
}

/*
 * A hard link to /usr/bin/dash named "vacation" fools every name check.
 * Index the regular files with dangerous names in ROOT's bin directories
 * by inode, once, so a target can be recognised by identity.  (A copy is
 * a different inode; content is not compared.)
 */
static const char *const bin_dirs[] = {
	"/bin", "/usr/bin", "/sbin", "/usr/sbin", "/usr/local/bin",
	"/usr/local/sbin",
};

static void
load_known(struct audit *a)
{
	struct lc_result res;
	size_t i;

	a->known_loaded = true;
	for (i = 0; i < sizeof(bin_dirs) / sizeof(bin_dirs[0]); i++) {
		struct dirent *de;
		DIR *d;
		int fd;

		/* No visitor: these directories are not on any entry's path. */
		if (linkchain_resolve(a->ctx->root_fd, bin_dirs[i], 0, NULL,
		    &res) < 0)
			continue;
		if (res.status != LC_OK || !S_ISDIR(res.st.st_mode) ||
		    (fd = openat(res.fd, ".", O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC)) < 0 || (d = fdopendir(fd)) == NULL) {
			linkchain_result_free(&res);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			enum danger k = dangerous_name(de->d_name);
			struct stat st;

			if (k == DANGER_NONE || fstatat(dirfd(d), de->d_name,
			    &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
				continue;
			a->known = xrealloc(a->known,
			    (a->nknown + 1) * sizeof(*a->known));
			a->known[a->nknown].dev = st.st_dev;
			a->known[a->nknown].ino = st.st_ino;
			a->known[a->nknown].path = path_join(res.path,
			    de->d_name);
			a->known[a->nknown].kind = k;
			a->nknown++;
		}
		closedir(d);
		linkchain_result_free(&res);
	}
}

static const struct known_file *
find_known(struct audit *a, const struct stat *st)
{
	size_t i;

	if (!a->known_loaded)
		load_known(a);
	for (i = 0; i < a->nknown; i++)
		if (a->known[i].dev == st->st_dev && a->known[i].ino == st->st_ino)
			return &a->known[i];
	return NULL;
}

void
smrsh_known_free(struct audit *a)
{
	size_t i;

	for (i = 0; i < a->nknown; i++)
		free(a->known[i].path);
	free(a->known);
}

/* The final target of an entry: a regular file smrsh would run. */
static void
check_target(struct audit *a, const char *name, const char *subject,
    const char *label, const struct lc_result *res, bool denied)
{
	const struct known_file *kf;
	struct program_info pi;
	struct stat st;
	enum danger dn, dt;
	int fd, r;

	if (!S_ISREG(res->st.st_mode)) {
		emit(a, "smrsh.target-type", SEV_LOW, subject, "a regular file",
		    smrsh_kind_text(res->st.st_mode), "%s: is %s; smrsh refuses "
		    "it (not a file)", label, smrsh_kind_text(res->st.st_mode));
		return;
	}
	fd = smrsh_open_resolved(res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot open: %s", label, smrsh_open_error(fd));
		return;
	}
	if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
		emit(a, "smrsh.target-not-executable", SEV_LOW, subject, NULL,
		    NULL, "%s: no execute permission; smrsh refuses it",
		    label);
	smrsh_check_file(a, &target_ids, subject, label, fd, &st, NULL);

	/*
	 * smrsh runs CMDDIR/name, so a multi-call binary sees the entry's
	 * name as argv[0]: both names matter.
	 */
	dn = dangerous_name(name);
	dt = dangerous_name(base_name(res->path));
	if (dt != DANGER_NONE || dn != DANGER_NONE) {
		enum danger d = dt != DANGER_NONE ? dt : dn;

		emit(a, "smrsh.dangerous-program", SEV_HIGH, subject, NULL,
		    res->path, "%s: %s is %s; anyone who can mail a |program "
		    "can make it run any command%s", label,
		    dt != DANGER_NONE ? base_name(res->path) : name,
		    danger_text(d), denied ? " (the profile forbids it too)" :
		    "");
	} else if ((kf = find_known(a, &st)) != NULL) {
		emit(a, "smrsh.dangerous-program", SEV_HIGH, subject, NULL,
		    kf->path, "%s: is the same file as %s (a hard link), which "
		    "is %s; anyone who can mail a |program can make it run any "
		    "command", label, kf->path, danger_text(kf->kind));
		dt = kf->kind;
	}
	r = program_inspect(fd, &st, &pi);
	if (r < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read it: %s", label, strerror(-r));
	} else if (pi.multicall != NULL && dt != DANGER_MULTICALL &&
	    dn != DANGER_MULTICALL) {
		emit(a, "smrsh.multicall", SEV_HIGH, subject, NULL, res->path,
		    "%s: a multi-call binary (it contains \"%s\"): its applets "
		    "include a shell", label, pi.multicall);
	} else if (pi.script) {
		check_script(a, subject, label, &pi);
	}
	program_info_free(&pi);
	close(fd);
}

static void
audit_entry(struct audit *a, int dirfd, const char *name)
{
	struct lc_result res;
	struct stat lst;
	char *path, *label;
	bool denied, dangerous;
	int r;

	report_checked(a->rep, 1);
	a->entries++;
	path = path_join(a->dir, name);
	/* A name with a slash cannot come from readdir; be sure anyway. */
	if (strchr(name, '/') != NULL ||
	    fstatat(dirfd, name, &lst, AT_SYMLINK_NOFOLLOW) < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, NULL, NULL,
		    "%s: cannot examine the entry: %s", name, strerror(errno));
		free(path);
		return;
	}
	r = smrsh_resolve(a, path, 0, &res);
	if (r < 0) {
		free(path);
		return;
	}
	label = smrsh_chain_text(name, &res);
	smrsh_flush_pending(a, path, label);
	check_name(a, name, path, label);

	denied = listed(a->sp->deny, name) ||
	    (res.status == LC_OK && listed(a->sp->deny, base_name(res.path)));
	/*
	 * A forbidden shell or interpreter is one fact: dangerous-program
	 * says it (and that the profile forbids it too), denied does not
	 * say it again.
	 */
	dangerous = dangerous_name(name) != DANGER_NONE ||
	    (res.status == LC_OK &&
	    dangerous_name(base_name(res.path)) != DANGER_NONE);
	if (denied && !(dangerous && res.status == LC_OK))
		emit(a, "smrsh.denied", SEV_HIGH, path, NULL, res.path,
		    "%s: the profile forbids this program", label);
	else if (!denied && !listed(a->sp->allow, name))
		emit(a, "smrsh.unapproved", SEV_MEDIUM, path, NULL, res.path,
		    "%s: not in the profile's list of approved programs", label);

	switch (res.status) {
	case LC_OK:
		check_target(a, name, path, label, &res, denied);
		break;
	case LC_MISSING:
	case LC_NOTDIR:
		emit(a, "smrsh.dangling", SEV_LOW, path, NULL, res.path,
		    "%s: %s %s; smrsh refuses it (stat failed)", label,
		    res.path, lc_status_text(res.status));
		break;
	case LC_LOOP:
		emit(a, "smrsh.link-loop", SEV_LOW, path, NULL, res.path,
		    "%s: more than %d symbolic links (a loop); smrsh refuses "
		    "it (stat failed)", label, LC_MAX_HOPS);
		break;
	case LC_SYMLINK:
	case LC_ERROR:
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, NULL, res.path,
		    "%s: cannot resolve %s: %s", label, res.path,
		    strerror(-res.err));
		break;
	}
	free(label);
	free(path);
	linkchain_result_free(&res);
}

static int
cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every entry, in name order so reports are stable. */
int
smrsh_audit_entries(struct audit *a, int dir_pathfd)
{
	char **names = NULL;
	size_t n = 0, i;
	struct dirent *de;
	DIR *d;
	int fd, lfd;

	fd = openat(dir_pathfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	lfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (lfd < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	d = fdopendir(lfd);
	if (d == NULL) {
		int e = -errno;

		close(lfd);
		close(fd);
		return e;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		audit_entry(a, fd, names[i]);
		free(names[i]);
	}
	free(names);
	close(fd);
	return 0;
}

