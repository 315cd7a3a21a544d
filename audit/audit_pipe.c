/*
 * audit_pipe.c -- `jailctl audit pipe -- COMMAND`: what smrsh would do with
 * one program entry.
 *
 * COMMAND is smrsh's argv[2], i.e. sendmail's $u: a .forward entry
 * "|prog args" after sendmail stripped its quotes and the leading '|'.
 * Several words are joined with single spaces, so `-- vacation -f x` and
 * `-- 'vacation -f x'` ask the same question.  The verdict is smrsh's own
 * (smrsh_rules.c), judged beneath --root for the identity smrsh would have:
 * the --user given, else whoever runs jailctl.
 *
 * Exit status: 0 allowed, 1 refused, 2 usage or internal error.
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
#include "report.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "smrsh_rules.h"
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


static json_t *
jstr_array(char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, report_json_text(v[i]));
	return a;
}

static int
print_json(const char *command, const struct smrsh_verdict *v)
{
	json_t *o = json_object();
	int r;

	json_object_set_new(o, "command", report_json_text(command));
	json_object_set_new(o, "allowed", json_boolean(v->allowed));
	json_object_set_new(o, "runs", jstr_array(v->runs, v->nruns));
	json_object_set_new(o, "reason", report_json_text(v->message));
	json_object_set_new(o, "warnings", jstr_array(v->warnings, v->nwarnings));
	r = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (r == 0 && fputc('\n', stdout) == EOF)
		r = -1;
	return r;
}

static void
print_text(const char *who, const char *cmddir, const struct smrsh_verdict *v)
{
	char *e;
	size_t i;

	if (v->allowed) {
		e = escape_text(v->shell_command);
		printf("allowed: smrsh hands /bin/sh: %s\n", e);
		free(e);
	} else {
		e = escape_text(v->message);
		printf("refused: smrsh exits %d: %s\n", v->exit_status, e);
		free(e);
	}
	for (i = 0; i < v->nruns; i++) {
		e = escape_text(v->runs[i]);
		printf("  runs: %s\n", e);
		free(e);
	}
	for (i = 0; i < v->nwarnings; i++) {
		e = escape_text(v->warnings[i]);
		printf("  warning: %s\n", e);
		free(e);
	}
	e = escape_text(cmddir);
	printf("  (judged as %s, smrsh directory %s)\n", who, e);
	free(e);
}

int
cmd_audit_pipe(struct context *ctx, int argc, char **argv)
{
	struct smrsh_env env = { .root_fd = ctx->root_fd, .argv0 = SMRSH_ARGV0 };
	struct smrsh_verdict v;
	struct group_query query;
	gid_t *groups = NULL;
	char *command = NULL, *who = NULL, *e;
	int r, status = EXIT_ERROR;

	if (argc < 1)
		return pipe_error("no COMMAND (usage: jailctl audit pipe -- COMMAND)");

	env.cmddir = ctx->opt.smrsh_dir;
	if (env.cmddir == NULL && ctx->profile != NULL)
		env.cmddir = ctx->profile->smrsh.dir;
	if (env.cmddir == NULL)
		return pipe_error("no smrsh directory: give --smrsh-dir or a "
		    "profile that names one");
	if (env.cmddir[0] != '/')
		return pipe_error("--smrsh-dir must be an absolute path");

	/* smrsh runs as the .forward user; its X_OK check is for that uid. */
	if (ctx->opt.nusers > 1)
		return pipe_error("give at most one --user");
	if (ctx->opt.nusers == 1) {
		const char *user = ctx->opt.users[0];

		e = escape_text(user);
		if (ctx->names == NULL || names_uid(ctx->names, user, &env.uid) < 0 ||
		    names_user_gid(ctx->names, env.uid, &env.gid) < 0) {
			r = pipe_error("unknown user '%s'", e);
			free(e);
			return r;
		}
		query.names = ctx->names;
		query.user = user;
		env.in_group = user_in_group;
		env.in_group_arg = &query;
		who = xasprintf("user %s (uid %u)", e, (unsigned)env.uid);
		free(e);
	} else {
		int n = getgroups(0, NULL);

		env.uid = getuid();
		env.gid = getgid();
		if (n > 0) {
			groups = xcalloc((size_t)n, sizeof *groups);
			n = getgroups(n, groups);
			env.groups = groups;
			env.ngroups = n > 0 ? (size_t)n : 0;
		}
		who = xasprintf("uid %u, who runs jailctl (--user NAME judges "
		    "for a .forward owner)", (unsigned)env.uid);
	}
	env.protected_symlinks = smrsh_protected_symlinks(ctx->real_root);

	command = join_words(argc, argv);
	r = smrsh_judge(&env, command, &v);
	if (r < 0) {
		status = pipe_error("%s", strerror(-r));
		goto out;
	}
	if (ctx->opt.format == FORMAT_JSON) {
		r = print_json(command, &v);
	} else {
		if (!ctx->opt.quiet)
			print_text(who, env.cmddir, &v);
		r = 0;
	}
	if (fflush(stdout) == EOF || ferror(stdout))
		r = -1;
	status = r < 0 ? pipe_error("cannot write the result") :
	    v.allowed ? EXIT_OK : EXIT_FINDINGS;
	smrsh_verdict_free(&v);
out:
	free(command);
	free(groups);
	free(who);
	return status;
}
