/*
 * audit_config.c -- `jailctl audit config`: what sendmail.cf makes of the
 * jail, smrsh and ~/.forward.
 *
 * The file is read with sendmail's own rules (sendmail_cf.c), so a finding
 * describes what the daemon will do, not what the file seems to say: Debian's
 * `O SafeFileEnvironment=/` is reported as the no-op it is, a later `/` line
 * does not hide an earlier jail, and a prog mailer line sendmail would drop
 * leaves the built-in /bin/sh in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "escape.h"
#include "fsutil.h"
#include "jailctl.h"
#include "linkchain.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "sendmail_cf.h"
#include "util.h"
#include "writable.h"

struct audit {
	struct context *ctx;
	struct report *rep;
	const struct sendmail_cf *cf;
	const char *path;	/* the cf, inside ROOT */
};

/* A finding about the cf file; the message is printf-style. */
#define finding(a, id, sev, expected, actual, ...) \
	report_findingf((a)->rep, id, sev, (a)->path, expected, actual, __VA_ARGS__)
/* The same for an id raised more than once on the file: key tells them apart. */
#define finding_k(a, id, key, sev, expected, actual, ...) \
	report_findingk((a)->rep, id, key, sev, (a)->path, expected, actual, \
	    __VA_ARGS__)

/* ---------------------------------------------------------------------- */
/* The file itself.                                                         */

/*
 * Who besides root and the owner can write the file sendmail.cf was read
 * from, when it has an extended ACL (writable.h); false when it has none
 * or cannot be looked at again: then the mode bits cf_load() saw say it.
 */
static bool
cf_acl_writers(struct audit *a, struct writable *w, struct stat *st)
{
	const struct sendmail_cf *cf = a->cf;
	bool ok = false;
	int fd;

	memset(w, 0, sizeof(*w));
	fd = open_beneath(a->ctx->root_fd, a->path, O_PATH, true);
	if (fd < 0)
		return false;
	/* the same file as read (else its mode bits say it) */
	if (fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
	    st->st_mode == cf->mode && st->st_uid == cf->uid &&
	    writable_get(fd, st, w) == 0 && w->acl)
		ok = true;
	else
		writable_free(w);
	(void)close(fd);
	return ok;
}

static void
check_file(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;
	struct writable w;
	struct stat st;
	char mode[8], *actual;

	mode_string(cf->mode, mode);
	/*
	 * Write for another user is the same risk whether the mode bits or
	 * an ACL grant it.  With an ACL the group bits are its mask, which
	 * is what sendmail's warning looks at; the ACL says who can write.
	 */
	if (cf_acl_writers(a, &w, &st)) {
		char *who = writable_describe(&w, &st, a->ctx->names);

		actual = xasprintf("mode %s", mode);
		if (writable_any(&w))
			finding_k(a, "cf.writable", "mode", SEV_HIGH,
			    "not group- or world-writable", actual,
			    "sendmail.cf is writable by %s (sendmail warns about "
			    "\"dangerous write permissions\"): whoever can write "
			    "it decides what the prog mailer runs and where files "
			    "are delivered", who);
		else if (cf->mode & (S_IWGRP | S_IWOTH))
			finding_k(a, "cf.writable", "mode", SEV_INFO,
			    "not group- or world-writable", actual,
			    "sendmail warns about \"dangerous write permissions\" "
			    "of sendmail.cf (mode %s: its ACL's mask), but the ACL "
			    "lets no one besides root and the owner write it",
			    mode);
		free(who);
		free(actual);
		writable_free(&w);
	} else if (cf->mode & (S_IWGRP | S_IWOTH)) {
		actual = xasprintf("mode %s", mode);
		finding_k(a, "cf.writable", "mode", SEV_HIGH,
		    "not group- or world-writable",
		    actual, "sendmail.cf is %s-writable (sendmail warns about "
		    "\"dangerous write permissions\"): whoever can write it "
		    "decides what the prog mailer runs and where files are "
		    "delivered", (cf->mode & S_IWOTH) ? "world" : "group");
		free(actual);
	}
	if (cf->uid != 0) {
		const char *who = a->ctx->names != NULL ?
		    names_user(a->ctx->names, cf->uid) : NULL;

		actual = who != NULL ? xstrdup(who) :
		    xasprintf("uid %lu", (unsigned long)cf->uid);
		finding_k(a, "cf.writable", "owner", SEV_HIGH, "root", actual,
		    "sendmail.cf is owned by %s, who can rewrite it at will",
		    actual);
		free(actual);
	}
}

/* ---------------------------------------------------------------------- */
/* The prog mailer.                                                         */

static void
check_prog(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;
	const struct cf_mailer *m = &cf->prog;
	const char *want = a->ctx->profile != NULL ?
	    a->ctx->profile->smrsh.binary : NULL;

	if (!cf_prog_is_smrsh(cf)) {
		if (m->builtin)
			finding(a, "cf.prog-not-smrsh", SEV_HIGH,
			    want != NULL ? want : "smrsh", m->path,
			    "no usable Mprog line, so sendmail's built-in prog "
			    "mailer runs \"%s\" with /bin/sh: any |program in a "
			    ".forward or alias runs unrestricted", m->argv);
		else
			finding(a, "cf.prog-not-smrsh", SEV_HIGH,
			    want != NULL ? want : "smrsh", m->path,
			    "the prog mailer (line %u) runs %s, not smrsh: any "
			    "|program in a .forward or alias runs unrestricted",
			    m->line, m->path);
		return;
	}
	if (want != NULL && strcmp(m->path, want) != 0)
		finding(a, "cf.prog-smrsh-mismatch", SEV_MEDIUM, want, m->path,
		    "the prog mailer (line %u) runs %s, but this profile's smrsh "
		    "is %s: the program directory audited may not be the one in "
		    "use", m->line, m->path, want);
}

/* ---------------------------------------------------------------------- */
/* SafeFileEnvironment.                                                     */

static const char *
jail_path(struct audit *a)
{
	if (a->ctx->opt.jail != NULL)
		return a->ctx->opt.jail;
	return a->ctx->profile != NULL ? a->ctx->profile->jail : NULL;
}

static void
check_safe_file_env(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;
	const char *jail = jail_path(a);

	if (cf->safe_file_env == NULL) {
		if (cf->safe_file_env_raw == NULL)
			finding(a, "cf.safefileenv-absent", SEV_MEDIUM, jail, NULL,
			    "SafeFileEnvironment is not set: deliveries to files "
			    "(/path entries in .forward and aliases) are neither "
			    "chrooted nor limited to regular files");
		else
			finding(a, "cf.safefileenv-root", SEV_MEDIUM, jail,
			    cf->safe_file_env_raw,
			    "SafeFileEnvironment=%s (line %u) is ignored: sendmail "
			    "strips every trailing '/' and drops an empty result, "
			    "so file deliveries are neither chrooted nor limited to "
			    "regular files", cf->safe_file_env_raw,
			    cf->safe_file_env_raw_line);
		return;
	}
	if (cf->safe_file_env_raw_line != cf->safe_file_env_line)
		finding(a, "cf.safefileenv-noop", SEV_INFO, cf->safe_file_env,
		    cf->safe_file_env_raw,
		    "SafeFileEnvironment=%s on line %u changes nothing: sendmail "
		    "ignores an empty or all-'/' value, so %s from line %u "
		    "stays in force", cf->safe_file_env_raw,
		    cf->safe_file_env_raw_line, cf->safe_file_env,
		    cf->safe_file_env_line);
	if (cf->safe_file_env[0] != '/') {
		finding(a, "cf.safefileenv-relative", SEV_MEDIUM, jail,
		    cf->safe_file_env,
		    "SafeFileEnvironment=%s (line %u) is not an absolute path: "
		    "sendmail chroots relative to its working directory (the "
		    "queue directory)", cf->safe_file_env,
		    cf->safe_file_env_line);
		return;
	}
	if (jail != NULL) {
		size_t n = strlen(jail);

		while (n > 1 && jail[n - 1] == '/')
			n--;
		if (strlen(cf->safe_file_env) != n ||
		    strncmp(cf->safe_file_env, jail, n) != 0)
			finding(a, "cf.safefileenv-mismatch", SEV_MEDIUM, jail,
			    cf->safe_file_env,
			    "SafeFileEnvironment=%s (line %u) is not the jail "
			    "jailctl manages (%s): deliveries go to a tree "
			    "nobody verifies", cf->safe_file_env,
			    cf->safe_file_env_line, jail);
	}
}

/* RunAsUser=root (or 0) keeps sendmail root; anything else gives it up. */
static bool
run_as_root(const char *v)
{
	size_t n = strcspn(v, ".:/");

	return (n == 4 && strncmp(v, "root", 4) == 0) ||
	    (n > 0 && strspn(v, "0") == n);
}

static void
check_run_as_user(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;

	if (cf->run_as_user == NULL || cf->run_as_user[0] == '\0' ||
	    run_as_root(cf->run_as_user))
		return;
	if (cf->safe_file_env != NULL)
		finding(a, "cf.runasuser", SEV_MEDIUM, "unset", cf->run_as_user,
		    "RunAsUser=%s (line %u) makes sendmail give up root, but "
		    "SafeFileEnvironment needs root to chroot: every delivery "
		    "to a file will fail", cf->run_as_user, cf->run_as_user_line);
	else
		finding(a, "cf.runasuser", SEV_MEDIUM, "unset", cf->run_as_user,
		    "RunAsUser=%s (line %u) makes sendmail run without root: "
		    "SafeFileEnvironment cannot be used, and .forward programs "
		    "and files are refused unless DontBlameSendmail has "
		    "NonRootSafeAddr", cf->run_as_user, cf->run_as_user_line);
}

/* ---------------------------------------------------------------------- */
/* DontBlameSendmail.                                                       */

static const struct {
	enum dbs_flag flag;
	enum severity sev;
	const char *weakens;
} dbs_rules[] = {
	{ DBS_FORWARDFILEINUNSAFEDIRPATH, SEV_HIGH,
	  "reads a ~/.forward even when a directory on its path is group- or "
	  "world-writable, so whoever can write there can plant one and run "
	  "programs as the user" },
	{ DBS_FORWARDFILEINGROUPWRITABLEDIRPATH, SEV_MEDIUM,
	  "reads a ~/.forward in a group-writable directory (a 0775 home), so "
	  "members of that group can plant or replace it" },
	{ DBS_FORWARDFILEINUNSAFEDIRPATHSAFE, SEV_MEDIUM,
	  "does not mark a user unsafe when the ~/.forward came through an "
	  "unsafe directory path, so its |program and /file entries still run" },
	{ DBS_GROUPWRITABLEFORWARDFILE, SEV_MEDIUM,
	  "accepts a group-writable ~/.forward, so group members can edit "
	  "another user's forwarding" },
	{ DBS_GROUPWRITABLEFORWARDFILESAFE, SEV_LOW,
	  "does not mark a user with a group-writable ~/.forward unsafe, so its "
	  "|program and /file entries run (together with "
	  "GroupWritableForwardFile)" },
	{ DBS_WORLDWRITABLEFORWARDFILE, SEV_HIGH,
	  "accepts a world-writable ~/.forward, so any local user can make mail "
	  "run programs as its owner" },
	{ DBS_LINKEDFORWARDFILEINWRITABLEDIR, SEV_MEDIUM,
	  "accepts a symlinked or hard-linked ~/.forward in a writable "
	  "directory, so a link planted there is followed" },
	{ DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH, SEV_INFO,
	  "stops sendmail from logging a ForwardPath candidate in an unsafe "
	  "directory path that does not exist (a skipped existing ~/.forward "
	  "is still logged), so the log says less about unsafe homes" },
	{ DBS_INCLUDEFILEINUNSAFEDIRPATH, SEV_HIGH,
	  "reads an :include: file even when a directory on its path is "
	  "group- or world-writable" },
	{ DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH, SEV_MEDIUM,
	  "reads an :include: file in a group-writable directory, so group "
	  "members can plant or replace it" },
	{ DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE, SEV_MEDIUM,
	  "does not mark addresses from an :include: file in an unsafe "
	  "directory path unsafe, so its |program and /file entries run" },
	{ DBS_GROUPWRITABLEINCLUDEFILE, SEV_MEDIUM,
	  "accepts a group-writable :include: file, so group members can add "
	  "recipients and programs to it" },
	{ DBS_GROUPWRITABLEINCLUDEFILESAFE, SEV_LOW,
	  "does not mark addresses from a group-writable :include: file unsafe, "
	  "so its |program and /file entries run (together with "
	  "GroupWritableIncludeFile)" },
	{ DBS_WORLDWRITABLEINCLUDEFILE, SEV_HIGH,
	  "accepts a world-writable :include: file, so any local user can add "
	  "programs to it" },
	{ DBS_LINKEDINCLUDEFILEINWRITABLEDIR, SEV_MEDIUM,
	  "accepts a linked :include: file in a writable directory" },
	{ DBS_GROUPWRITABLEDIRPATHSAFE, SEV_MEDIUM,
	  "treats group-writable directories as safe in every path check "
	  "(.forward, :include:, file deliveries)" },
	{ DBS_TRUSTSTICKYBIT, SEV_MEDIUM,
	  "treats world-writable directories with the sticky bit (/tmp) as "
	  "safe in path checks" },
	{ DBS_NONROOTSAFEADDR, SEV_LOW,
	  "does not mark addresses unsafe when sendmail runs without root, so "
	  ".forward programs and files run anyway" },
	/* On Linux only a process with CAP_CHOWN can give a file away
	 * (chown(2)): the flag assumes what holds. */
	{ DBS_ASSUMESAFECHOWN, SEV_INFO,
	  "assumes only root can give files away, which holds on Linux (chown "
	  "needs CAP_CHOWN), so the owner of an :include: file is trusted to "
	  "run its programs" },
	{ DBS_FILEDELIVERYTOSYMLINK, SEV_MEDIUM,
	  "lets a delivery to a file follow a symlink in the target's place, "
	  "redirecting mail into another file" },
	{ DBS_FILEDELIVERYTOHARDLINK, SEV_MEDIUM,
	  "lets a delivery to a file write to a file with several hard links, "
	  "redirecting mail into another file" },
	{ DBS_RUNPROGRAMINUNSAFEDIRPATH, SEV_HIGH,
	  "runs mailer programs that sit in a group- or world-writable "
	  "directory" },
	{ DBS_RUNWRITABLEPROGRAM, SEV_HIGH,
	  "runs mailer programs that are group- or world-writable" },
};

static void
check_dbs(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;
	size_t i;

	for (i = 0; i < sizeof(dbs_rules) / sizeof(dbs_rules[0]); i++) {
		enum dbs_flag f = dbs_rules[i].flag;
		enum severity sev = dbs_rules[i].sev;
		const char *name = cf_dbs_name(f);

		if (!cf_dbs(cf, f))
			continue;
		/* Only a daemon without root is affected by NonRootSafeAddr. */
		if (f == DBS_NONROOTSAFEADDR && cf->run_as_user != NULL &&
		    cf->run_as_user[0] != '\0' && !run_as_root(cf->run_as_user))
			sev = SEV_MEDIUM;
		finding_k(a, "cf.dbs", name, sev, "not set", name,
		    "DontBlameSendmail=%s (line %u) %s", name, cf->dbs_line[f],
		    dbs_rules[i].weakens);
	}
}

/* ---------------------------------------------------------------------- */
/* ForwardPath.                                                             */

struct dir_seen {
	dev_t dev;
	ino_t ino;
};

/* The worst directory found on the way to one ForwardPath directory. */
struct fp_walk {
	struct audit *a;
	struct dir_seen *seen;
	size_t nseen;
	enum severity worst;
	bool found;
	char *dir;		/* path inside ROOT */
	char *who;		/* "everyone (mode)", "owner alice (uid 1000)" */
	mode_t mode;
};

static const struct names *
a_names(const struct fp_walk *w)
{
	return w->a->ctx->names;
}

/*
 * Anyone but root who can write a directory on the way to a ForwardPath
 * file can create, replace or link that file before its user does: another
 * user with write access (mode or ACL), or the directory's owner.  Writable
 * by everyone is the worst case; the sticky bit does not help, since the
 * name can be taken before the user creates it.
 */
static void
fp_judge(struct fp_walk *w, int fd, const struct stat *st, const char *path)
{
	struct writable wr;
	enum severity sev;
	char *who = NULL;
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return;
	w->seen = xrealloc(w->seen, (w->nseen + 1) * sizeof(*w->seen));
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->nseen++;

	(void)writable_get(fd, st, &wr);	/* mode bits if no ACL */
	if (wr.other) {
		sev = SEV_HIGH;
	} else if (writable_any(&wr) || st->st_uid != 0) {
		sev = SEV_MEDIUM;
	} else {
		writable_free(&wr);
		return;
	}
	if (writable_any(&wr))
		who = writable_describe(&wr, st, a_names(w));
	writable_free(&wr);
	if (st->st_uid != 0) {
		const char *n = a_names(w) != NULL ?
		    names_user(a_names(w), st->st_uid) : NULL;
		char *owner = n != NULL ?
		    xasprintf("owner %s (uid %lu)", n, (unsigned long)st->st_uid) :
		    xasprintf("owner uid %lu", (unsigned long)st->st_uid);

		if (who != NULL) {
			char *both = xasprintf("%s, %s", who, owner);

			free(who);
			free(owner);
			who = both;
		} else {
			who = owner;
		}
	}
	if (!w->found || sev > w->worst) {
		free(w->dir);
		free(w->who);
		w->dir = xstrdup(path);
		w->who = who;
		w->mode = st->st_mode;
		w->worst = sev;
		w->found = true;
	} else {
		free(who);
	}
}

static void
fp_visit(void *arg, int dirfd, const struct stat *dir_st, const char *dir_path,
    const char *child, const struct stat *child_st)
{
	(void)child;
	(void)child_st;
	fp_judge(arg, dirfd, dir_st, dir_path);
}

/*
 * The fixed directory in front of a ForwardPath entry, or NULL when the
 * entry depends on the user from its first character ("$z/.forward": the
 * home directory, which `audit forward` examines user by user).
 * "/var/forward/$u" -> "/var/forward"; "/tmp/$u.fwd" -> "/tmp";
 * "/etc/forward.all" -> "/etc".
 */
static char *
fixed_dir(const char *entry)
{
	size_t n = strcspn(entry, "$");

	while (n > 0 && entry[n - 1] != '/')
		n--;
	if (n == 0 || entry[0] != '/')
		return NULL;
	while (n > 1 && entry[n - 1] == '/')
		n--;
	return xstrndup(entry, n);
}

static void
check_forward_entry(struct audit *a, const char *entry)
{
	struct fp_walk w = { 0 };
	struct lc_visitor v = { fp_visit, &w };
	struct lc_result res;
	char *dir = fixed_dir(entry), mode[8], *actual;

	if (dir == NULL)
		return;
	w.a = a;
	if (linkchain_resolve(a->ctx->root_fd, dir, 0, &v, &res) == 0) {
		/* The directory the files are created in counts as well. */
		if (res.status == LC_OK && S_ISDIR(res.st.st_mode))
			fp_judge(&w, res.fd, &res.st, res.path);
		linkchain_result_free(&res);
	}
	if (w.found) {
		mode_string(w.mode, mode);
		actual = xasprintf("%s writable by %s", w.dir, w.who);
		finding_k(a, "cf.forwardpath-unsafe", entry, w.worst,
		    "directories writable only by root", actual,
		    "ForwardPath entry %s (line %u) lies under %s (mode %s), "
		    "writable by %s: they can create, replace or link the "
		    "forward files sendmail reads from there", entry,
		    a->cf->forward_path_line, w.dir, mode, w.who);
		free(actual);
	}
	free(w.dir);
	free(w.who);
	free(w.seen);
	free(dir);
}

static void
check_forward_path(struct audit *a)
{
	const struct sendmail_cf *cf = a->cf;
	char *copy, *entry, *save = NULL;

	if (cf->forward_path == NULL)
		return;		/* binary default "$z/.forward" */
	if (cf->forward_path[0] == '\0') {
		finding(a, "cf.forwardpath-empty", SEV_INFO, NULL, "",
		    "ForwardPath is empty (line %u): sendmail reads no "
		    "~/.forward files at all", cf->forward_path_line);
		return;
	}
	/* alias.c splits on ':' and skips empty entries. */
	copy = xstrdup(cf->forward_path);
	for (entry = strtok_r(copy, ":", &save); entry != NULL;
	    entry = strtok_r(NULL, ":", &save))
		check_forward_entry(a, entry);
	free(copy);
}

/* ---------------------------------------------------------------------- */
/* The values read, for the JSON document.                                  */


/* A line number, or null for a value sendmail supplies itself. */
static json_t *
jline(unsigned line)
{
	return line > 0 ? json_integer(line) : json_null();
}

static json_t *
mailer_json(const struct cf_mailer *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", report_json_text(m->path));
	json_object_set_new(o, "argv", report_json_list(m->args));
	json_object_set_new(o, "flags", report_json_text(m->flags));
	json_object_set_new(o, "user", report_json_text(m->user));
	json_object_set_new(o, "root_directory", report_json_text(m->rootdir));
	json_object_set_new(o, "builtin", json_boolean(m->builtin));
	json_object_set_new(o, "line", jline(m->line));
	return o;
}

static json_t *
config_json(const struct sendmail_cf *cf)
{
	json_t *o = json_object(), *prog = json_object();

	json_object_set_new(o, "file", report_json_text(cf->file));
	json_object_set_new(o, "safe_file_environment", report_json_text(cf->safe_file_env));
	json_object_set_new(o, "safe_file_environment_raw",
	    report_json_text(cf->safe_file_env_raw));
	json_object_set_new(o, "forward_path", report_json_text(cf->forward_path));
	json_object_set_new(o, "dont_blame_sendmail", report_json_list(cf->dbs_names));
	json_object_set_new(prog, "path", report_json_text(cf->prog.path));
	json_object_set_new(prog, "argv", report_json_list(cf->prog.args));
	json_object_set_new(prog, "flags", report_json_text(cf->prog.flags));
	json_object_set_new(prog, "builtin", json_boolean(cf->prog.builtin));
	json_object_set_new(prog, "is_smrsh", json_boolean(cf_prog_is_smrsh(cf)));
	json_object_set_new(o, "prog_mailer", prog);
	json_object_set_new(o, "trusted_user", report_json_text(cf->trusted_user));
	json_object_set_new(o, "default_user", report_json_text(cf->default_user));
	json_object_set_new(o, "default_user_line", jline(cf->default_user_line));
	json_object_set_new(o, "run_as_user", report_json_text(cf->run_as_user));
	json_object_set_new(o, "temp_file_mode", report_json_text(cf->temp_file_mode));
	/* What the .forward audit takes from the file, default included. */
	json_object_set_new(o, "operator_chars", report_json_text(cf->operator_chars));
	json_object_set_new(o, "operator_chars_line", jline(cf->operator_chars_line));
	json_object_set_new(o, "operator_chars_source", json_string(
	    cf->operator_chars_line == 0 ? "default" :
	    cf->operator_chars_from_macro ? "macro $o" : "option"));
	json_object_set_new(o, "operator_chars_ignored_line",
	    jline(cf->operator_chars_ignored_line));
	json_object_set_new(o, "max_alias_recursion",
	    json_integer(cf->max_alias_recursion));
	json_object_set_new(o, "max_alias_recursion_line",
	    jline(cf->max_alias_recursion_line));
	json_object_set_new(o, "dont_init_groups", json_boolean(cf->dont_init_groups));
	json_object_set_new(o, "dont_init_groups_line",
	    jline(cf->dont_init_groups_line));
	json_object_set_new(o, "file_mailer", mailer_json(&cf->file_mailer));
	return o;
}

/* ---------------------------------------------------------------------- */

int
audit_config(struct context *ctx, struct report *rep)
{
	struct audit a = { ctx, rep, NULL, NULL };
	struct sendmail_cf *cf;
	size_t i;
	int r;

	a.path = ctx->opt.cf != NULL ? ctx->opt.cf :
	    ctx->profile != NULL ? ctx->profile->sendmail_cf : NULL;
	if (a.path == NULL)
		return -EINVAL;
	r = cf_load(ctx->root_fd, a.path, &cf);
	if (r == -ENOENT || r == -ENOTDIR) {
		finding(&a, "cf.missing", SEV_MEDIUM, NULL, NULL,
		    "sendmail.cf does not exist: nothing to audit (is sendmail "
		    "installed, or does --cf name the right file?)");
		return 0;
	}
	if (r == -EINVAL || r == -EFBIG) {
		/* Refused before reading: never opened, or not read past the cap. */
		finding(&a, "cf.refused", SEV_MEDIUM, "a regular file of at most 16 MiB",
		    cf_refusal(r), "sendmail.cf was not read: %s", cf_refusal(r));
		return 0;
	}
	if (r < 0) {
		finding(&a, "cf.unreadable", SEV_MEDIUM, "a readable regular file",
		    strerror(-r), "sendmail.cf cannot be read: %s", strerror(-r));
		return 0;
	}
	a.cf = cf;
	report_checked(rep, 1);

	check_file(&a);
	for (i = 0; i < cf->nwarnings; i++)
		finding(&a, "cf.warning", SEV_LOW, NULL, NULL, "sendmail would "
		    "warn: %s", cf->warnings[i]);
	check_prog(&a);
	check_safe_file_env(&a);
	check_run_as_user(&a);
	check_dbs(&a);
	check_forward_path(&a);

	report_set(rep, "config", config_json(cf));
	cf_free(cf);
	return 0;
}
