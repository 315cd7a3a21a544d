/*
 * cmd_tree.c -- `jailctl create` and `jailctl verify [--fix]`.
 *
 * Both run the same walk; they differ only in what the drift sink does
 * with a difference.  verify without --fix never writes and takes no lock;
 * create and --fix take the tree's lock (lock.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "jailctl.h"
#include "lock.h"
#include "profile.h"
#include "names.h"
#include "report.h"
#include "secattr.h"
#include "smrsh_provision.h"
#include "tree.h"

static int
run_tree_locked(struct context *ctx, const char *command, enum drift_mode mode)
{
	struct report_header h = { command, ctx->profile->name, ctx->opt.root,
	    ctx->profile->jail, ctx->opt.dry_run };
	struct report *rep;
	struct drift_sink sink;
	struct secattr_ctx *sc;
	int r, err = 0;
	rep = report_new(&h, ctx->opt.format, ctx->opt.quiet, stdout);
	sink = (struct drift_sink){ rep, mode, ctx->opt.dry_run, NULL };
	if (mode != DRIFT_CREATE)
		report_set(rep, "fix", json_boolean(mode == DRIFT_FIX));
	sc = secattr_open(ctx, rep, &err);
	if (sc == NULL) {
		fprintf(stderr, "jailctl: %s: SELinux: %s\n", command,
		    err == -ENOTSUP ? "no SELinux policy or file_contexts found "
		    "(--selinux require)" : strerror(-err));
		(void)report_finish(rep);
		return EXIT_ERROR;
	}
	r = tree_walk(ctx, &sink, sc);
	/* smrsh's program directory is the other half of the hardening. */
	if (r == 0)
		smrsh_provision(ctx, &sink, sc);
	secattr_close(sc);
	if (r < 0) {
		fprintf(stderr, "jailctl: %s: %s\n", command, strerror(-r));
		(void)report_finish(rep);
		return EXIT_ERROR;
	}
	/* What reading the root's passwd and group had to skip. */
	names_report(ctx->names, rep);
	return report_finish(rep);
}

/*
 * Only a run that changes the tree takes the lock (lock.h); verify and
 * every --dry-run take none, so no one can make them, or a fix, wait.
 */
static int
run_tree(struct context *ctx, const char *command, enum drift_mode mode)
{
	int lock = -1, status;

	if (mode != DRIFT_VERIFY && !ctx->opt.dry_run &&
	    (lock = lock_tree(ctx->root_fd, command)) < 0)
		return EXIT_ERROR;
	status = run_tree_locked(ctx, command, mode);
	if (lock >= 0)
		close(lock);
	return status;
}

int
cmd_create(struct context *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "jailctl: create takes no arguments\n");
		return EXIT_ERROR;
	}
	return run_tree(ctx, "create", DRIFT_CREATE);
}

int
cmd_verify(struct context *ctx, int argc, char **argv)
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "jailctl: verify takes no arguments besides --fix\n");
		return EXIT_ERROR;
	}
	return run_tree(ctx, "verify",
	    ctx->opt.fix ? DRIFT_FIX : DRIFT_VERIFY);
}
