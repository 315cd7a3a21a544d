/*
 * audit_pipe.c -- `jailctl audit pipe -- COMMAND`: what sendmail's prog
 * mailer would do with one program entry.
 *
 * COMMAND is the mailer's $u: a .forward entry "|prog args" after sendmail
 * stripped its quotes and the leading '|'.  Several words are joined with
 * single spaces, so `-- vacation -f x` and `-- 'vacation -f x'` ask the
 * same question.  The prog mailer is read from sendmail.cf as `audit
 * config` reads it, and the model (model/predict.h) judges the line:
 * smrsh with smrsh's own rules beneath --root for the identity it would
 * have (the --user given, else whoever runs jailctl); any other mailer (Debian's stock P=/bin/sh,
 * `sh -c $u`) runs the line as it is.  With --user, sendmail's own check
 * comes first: a user whose shell is not in /etc/shells may run no
 * program at all (recipient.c, QBOGUSSHELL).
 *
 * The report is the one every command prints; the verdict is its `pipe`
 * object (and, as before, the top-level command/allowed/runs/reason/
 * warnings).  Exit status: 0 when the line runs with no finding above
 * info, 1 when it is refused or a finding says it runs unfiltered or not
 * as written, 2 usage or internal error.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "escape.h"
#include "safefile.h"
#include "report.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "predict.h"
#include "util.h"

/* Messages smrsh prints start with argv[0]; sendmail's A= makes it this. */
#define SMRSH_ARGV0 "smrsh"

struct group_query {
	const struct names *names;
	const char *user;
};

/* smrsh_env.in_group: supplementary membership from ROOT's group file. */
static bool
user_in_group(const void *arg, gid_t gid)
{
	const struct group_query *q = arg;

	return names_in_group(q->names, q->user, gid);
}

static char *
join_words(int argc, char **argv)
{
	size_t len = 0;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = p = xmalloc(len + 1);
	*p = '\0';
	for (i = 0; i < argc; i++) {
		if (i > 0)
			*p++ = ' ';
		len = strlen(argv[i]);
		memcpy(p, argv[i], len);
		p += len;
		*p = '\0';
	}
	return s;
}

static int __attribute__((format(printf, 1, 2)))
pipe_error(const char *fmt, ...)
{
	va_list ap;

	fputs("jailctl: audit pipe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}


/* The verdict, as the `pipe` object and the text block show it. */
struct pipe_verdict {
	const char *mailer;	/* P= of the prog mailer */
	bool allowed;
	char *const *runs;
	size_t nruns;
	const char *sh_c;	/* the string /bin/sh -c gets, or NULL */
	const char *reason;	/* why it is refused, or NULL */
	char *const *warnings;
	size_t nwarnings;
};

static void
attach_json(struct report *rep, const char *command, const struct pipe_verdict *pv)
{
	json_t *o = json_object();

	json_object_set_new(o, "command", report_json_text(command));
	json_object_set_new(o, "mailer", report_json_text(pv->mailer));
	json_object_set_new(o, "allowed", json_boolean(pv->allowed));
	json_object_set_new(o, "runs",
	    report_json_list_n(pv->runs, pv->nruns));
	json_object_set_new(o, "sh_c", report_json_text(pv->sh_c));
	json_object_set_new(o, "reason", report_json_text(pv->reason));
	json_object_set_new(o, "warnings",
	    report_json_list_n(pv->warnings, pv->nwarnings));
	report_set(rep, "pipe", o);
	/* The keys audit pipe printed before it had a report ("command" is
	 * the report's own now: "audit pipe"). */
	report_set(rep, "allowed", json_boolean(pv->allowed));
	report_set(rep, "runs", report_json_list_n(pv->runs, pv->nruns));
	report_set(rep, "reason", report_json_text(pv->reason));
	report_set(rep, "warnings",
	    report_json_list_n(pv->warnings, pv->nwarnings));
}

static void
print_line(const char *label, const char *raw)
{
	char *e = escape_text(raw);

	printf("%s%s\n", label, e);
	free(e);
}

/* The same facts as the `pipe` object, before the findings. */
static void
print_text(const char *who, const char *command, const struct pipe_verdict *pv)
{
	size_t i;

	print_line("command: ", command);
	print_line("mailer: ", pv->mailer);
	print_line(pv->allowed ? "allowed: " : "refused: ",
	    pv->allowed ? (pv->sh_c != NULL ? "yes" : "yes, not through /bin/sh") :
	    pv->reason);
	if (pv->sh_c != NULL)
		print_line("  /bin/sh -c: ", pv->sh_c);
	for (i = 0; i < pv->nruns; i++)
		print_line("  runs: ", pv->runs[i]);
	if (pv->allowed && pv->nruns == 0)
		print_line("  runs: ", "no program");
	for (i = 0; i < pv->nwarnings; i++)
		print_line("  warning: ", pv->warnings[i]);
	print_line("  judged as ", who);
}

/* Do a and b (inside ROOT, symlinks followed there) name one file? */
static bool
same_file(int root_fd, const char *a, const char *b, bool *a_exists)
{
	struct stat sa, sb;

	*a_exists = sf_stat_in_root(root_fd, a, true, &sa) == 0;
	return *a_exists && sf_stat_in_root(root_fd, b, true, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The words smrsh's "is not what runs" warning quotes: written, then run. */
static bool
path_warning_files(const char *w, char **written, char **runs)
{
	const char *q1 = strchr(w, '"'), *q2, *at;

	if (q1 == NULL || (q2 = strchr(q1 + 1, '"')) == NULL ||
	    (at = strstr(q2, " and runs ")) == NULL)
		return false;
	*written = xstrndup(q1 + 1, (size_t)(q2 - q1 - 1));
	*runs = xstrdup(at + strlen(" and runs "));
	return true;
}

/* smrsh's warnings as findings: a dropped directory is info unless the
 * file that runs is another one. */
static void
report_warnings(struct report *rep, int root_fd, const char *command,
    const struct smrsh_verdict *v)
{
	size_t i;

	for (i = 0; i < v->nwarnings; i++) {
		char *written = NULL, *runs = NULL;
		bool exists;

		if (v->warning_kinds[i] != SMRSH_WARN_PATH ||
		    !path_warning_files(v->warnings[i], &written, &runs)) {
			report_findingf(rep, "pipe.warning",
			    v->warning_kinds[i] == SMRSH_WARN_NOTE ? SEV_INFO :
			    SEV_LOW, NULL, NULL, NULL, "`%s`: %s", command,
			    v->warnings[i]);
			continue;
		}
		/* The same file: how smrsh works, pipe.runs says it. */
		if (same_file(root_fd, written, runs, &exists))
			;
		else if (!exists)
			report_findingf(rep, "pipe.path-differs", SEV_INFO, NULL,
			    written, runs, "`%s` names %s, which does not exist "
			    "here; smrsh drops the directory and runs %s",
			    command, written, runs);
		else
			report_findingf(rep, "pipe.path-differs", SEV_LOW, NULL,
			    written, runs, "`%s` names %s, but smrsh drops the "
			    "directory and runs %s, a different file", command,
			    written, runs);
		free(written);
		free(runs);
	}
}

static char *
join_strings(char *const *v, size_t n, const char *none)
{
	char *s = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		char *t = xasprintf("%s%s%s", s ? s : "", s ? ", " : "", v[i]);

		free(s);
		s = t;
	}
	return s != NULL ? s : xstrdup(none);
}

struct pipe_run {
	struct context *ctx;
	struct report *rep;
	const char *command;
	const char *cfpath;
	struct sendmail_cf *cf;	/* NULL: not readable */
	const char *user;	/* --user, or NULL */
	struct pw_copy pw;	/* its passwd entry */
	const char *who;
	struct smrsh_env env;
	int outcome;		/* enum outcome */
	struct sm_host host;	/* $j, for the bounce of a bad shell */
	bool shells_missing;	/* /etc/shells could not be read */
	int cf_error;		/* cf_load()'s error, 0 if read */
};

enum outcome { OUT_BAD_SHELL, OUT_NO_SMRSH, OUT_SMRSH };

/* sendmail's recipient() check: is every program refused for this user? */
static bool
bad_shell(struct pipe_run *pr, char **bounce)
{
	if (pr->user == NULL)
		return false;
	return sm_shell_refuses_programs(pr->ctx->root_fd, pr->ctx->real_root,
	    pr->cf, &pr->pw, bounce, &pr->host, &pr->shells_missing);
}

/* Judge the line; fills *pv (pointing into *p or into keep[]). */
static int
judge(struct pipe_run *pr, struct pipe_verdict *pv, struct sm_pipe *p,
    char **keep)
{
	const struct cf_mailer *m = pr->cf != NULL ? &pr->cf->prog : NULL;
	const struct smrsh_verdict *v = &p->verdict;
	int r;

	memset(pv, 0, sizeof(*pv));
	pv->mailer = m != NULL && m->path != NULL ? m->path : "smrsh";
	if (m == NULL && pr->ctx->profile != NULL &&
	    pr->ctx->profile->smrsh.binary != NULL)
		pv->mailer = pr->ctx->profile->smrsh.binary;

	if (bad_shell(pr, &keep[0])) {
		pr->outcome = OUT_BAD_SHELL;
		pv->reason = keep[0];
		return 0;
	}
	r = sm_judge_command(pr->cf, &pr->env, pr->command, p);
	if (r < 0)
		return r;
	pv->sh_c = p->sh_c;
	if (p->outcome == SM_PIPE_UNFILTERED) {
		pr->outcome = OUT_NO_SMRSH;
		pv->allowed = true;
		keep[1] = xstrdup(pv->mailer);
		pv->runs = &keep[1];
		pv->nruns = 1;
		return 0;
	}
	pr->outcome = OUT_SMRSH;
	pv->allowed = v->allowed;
	pv->runs = v->runs;
	pv->nruns = v->nruns;
	pv->reason = v->message;
	pv->warnings = v->warnings;
	pv->nwarnings = v->nwarnings;
	return 0;
}

/* The verdict as findings, after the text block. */
static void
report_verdict(struct pipe_run *pr, const struct pipe_verdict *pv,
    const struct smrsh_verdict *v)
{
	const struct cf_mailer *m = pr->cf != NULL ? &pr->cf->prog : NULL;
	char *where, *runs;

	switch (pr->outcome) {
	case OUT_BAD_SHELL:
		report_findingf(pr->rep, "pipe.bad-shell", SEV_MEDIUM, NULL,
		    NULL, pv->reason, "sendmail refuses every program for %s: "
		    "the shell %s is not in /etc/shells%s; the bounce says: %s "
		    "($j is %s: %s)", pr->pw.name,
		    pr->pw.shell[0] != '\0' ? pr->pw.shell : "(empty)",
		    pr->shells_missing ? " (missing: only /bin/sh, /usr/bin/sh, "
		    "/bin/csh and /usr/bin/csh pass)" : "", pv->reason,
		    pr->host.j, pr->host.source);
		break;
	case OUT_NO_SMRSH:
		where = m->builtin ? xstrdup("sendmail's built-in one: "
		    "sendmail.cf has no usable Mprog line") :
		    xasprintf("line %u", m->line);
		if (pv->sh_c != NULL)
			report_findingf(pr->rep, "pipe.no-smrsh", SEV_HIGH,
			    pr->cfpath, "smrsh", m->path, "the prog mailer (%s) "
			    "is %s, not smrsh: `%s -c` runs the whole line "
			    "unfiltered as %s, every program and shell construct "
			    "in it", where, m->path, m->path, pr->who);
		else
			report_findingf(pr->rep, "pipe.no-smrsh", SEV_HIGH,
			    pr->cfpath, "smrsh", m->path, "the prog mailer (%s) "
			    "is %s, not smrsh: it runs with the line `%s` as "
			    "its $u (A=%s), unfiltered, as %s", where, m->path,
			    pr->command, m->argv != NULL ? m->argv : "", pr->who);
		free(where);
		break;
	case OUT_SMRSH:
		if (!v->allowed) {
			report_findingf(pr->rep, "pipe.refused", SEV_MEDIUM, NULL,
			    NULL, v->message, "smrsh refuses `%s` (exit %d): the "
			    "message bounces with \"%s\" and 554 5.0.0 Service "
			    "unavailable", pr->command, v->exit_status, v->message);
			break;
		}
		runs = join_strings(v->runs, v->nruns, "no program");
		report_findingf(pr->rep, "pipe.runs", SEV_INFO, NULL, NULL,
		    v->shell_command, "smrsh hands /bin/sh `%s`: runs %s as %s",
		    v->shell_command, runs, pr->who);
		free(runs);
		report_warnings(pr->rep, pr->ctx->root_fd, pr->command, v);
		break;
	}
}

int
cmd_audit_pipe(struct context *ctx, int argc, char **argv)
{
	struct pipe_run pr = { .ctx = ctx };
	struct sm_pipe p = { 0 };
	struct pipe_verdict pv;
	struct group_query query;
	gid_t *groups = NULL;
	char *command = NULL, *who = NULL, *who_short = NULL, *e, *keep[3] = { NULL, NULL, NULL };
	int r, status = EXIT_ERROR;

	if (argc < 1)
		return pipe_error("no COMMAND (usage: jailctl audit pipe -- COMMAND)");

	pr.env.root_fd = ctx->root_fd;
	pr.env.argv0 = SMRSH_ARGV0;
	pr.env.cmddir = ctx->opt.smrsh_dir;
	if (pr.env.cmddir == NULL && ctx->profile != NULL)
		pr.env.cmddir = ctx->profile->smrsh.dir;
	if (pr.env.cmddir == NULL)
		return pipe_error("no smrsh directory: give --smrsh-dir or a "
		    "profile that names one");
	if (pr.env.cmddir[0] != '/')
		return pipe_error("--smrsh-dir must be an absolute path");

	/* The prog mailer runs as the .forward user; smrsh's X_OK is for it. */
	if (ctx->opt.nusers > 1)
		return pipe_error("give at most one --user");
	if (ctx->opt.nusers == 1) {
		const char *user = ctx->opt.users[0];

		e = escape_text(user);
		if (ctx->names == NULL || names_uid(ctx->names, user, &pr.env.uid) < 0 ||
		    names_user_gid(ctx->names, pr.env.uid, &pr.env.gid) < 0 ||
		    pw_find_name(ctx->root_fd, ctx->real_root, user, &pr.pw) < 0) {
			r = pipe_error("unknown user '%s'", e);
			free(e);
			pw_copy_clear(&pr.pw);
			return r;
		}
		query.names = ctx->names;
		query.user = user;
		pr.env.in_group = user_in_group;
		pr.env.in_group_arg = &query;
		pr.user = user;
		who = xasprintf("user %s (uid %u)", e, (unsigned)pr.env.uid);
		free(e);
	} else {
		int n = getgroups(0, NULL);

		pr.env.uid = getuid();
		pr.env.gid = getgid();
		if (n > 0) {
			groups = xcalloc((size_t)n, sizeof *groups);
			n = getgroups(n, groups);
			pr.env.groups = groups;
			pr.env.ngroups = n > 0 ? (size_t)n : 0;
		}
		who = xasprintf("uid %u, who runs jailctl (--user NAME judges "
		    "for a .forward owner)", (unsigned)pr.env.uid);
	}
	/* Findings name the identity; the text block also says how to change it. */
	pr.who = who_short = xstrndup(who, strcspn(who, ","));
	pr.env.protected_symlinks = smrsh_protected_symlinks(ctx->real_root);

	pr.cfpath = ctx->opt.cf != NULL ? ctx->opt.cf :
	    ctx->profile != NULL && ctx->profile->sendmail_cf != NULL ?
	    ctx->profile->sendmail_cf : "/etc/mail/sendmail.cf";
	pr.cf_error = cf_load(ctx->root_fd, pr.cfpath, &pr.cf);
	if (pr.cf_error < 0)
		pr.cf = NULL;

	command = join_words(argc, argv);
	pr.command = command;
	r = judge(&pr, &pv, &p, keep);
	if (r < 0) {
		status = pipe_error("%s", strerror(-r));
		goto out;
	}

	struct report_header h = { "audit pipe",
	    ctx->profile != NULL ? ctx->profile->name : NULL, ctx->opt.root,
	    ctx->profile != NULL ? ctx->profile->jail : NULL, false };
	/* Text: the verdict first, then the findings the report streams. */
	if (ctx->opt.format == FORMAT_TEXT && !ctx->opt.quiet) {
		print_text(who, command, &pv);
		fflush(stdout);
	}
	pr.rep = report_new(&h, ctx->opt.format, ctx->opt.quiet, stdout);
	report_checked(pr.rep, 1);
	if (pr.cf_error < 0)
		report_findingf(pr.rep, "pipe.no-config", SEV_INFO, pr.cfpath,
		    NULL, cf_refusal(pr.cf_error), "sendmail.cf cannot be read "
		    "(%s): judged as smrsh with the program directory %s would "
		    "judge it", cf_refusal(pr.cf_error), pr.env.cmddir);
	report_verdict(&pr, &pv, &p.verdict);
	attach_json(pr.rep, command, &pv);
	status = report_finish(pr.rep);
out:
	sm_pipe_free(&p);
	cf_free(pr.cf);
	sm_host_clear(&pr.host);
	pw_copy_clear(&pr.pw);
	free(keep[0]);
	free(keep[1]);
	free(keep[2]);
	free(command);
	free(groups);
	free(who);
	free(who_short);
	return status;
}
