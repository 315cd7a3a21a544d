/*
 * cmd_audit.c -- `jailctl audit [config|smrsh|forward]` and `audit pipe`.
 *
 * The audits share one report, so `jailctl audit` gives cron and Ansible a
 * single document and a single exit status for the whole mail setup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "jailctl.h"
#include "profile.h"
#include "report.h"

struct audit_word {
	const char *word;
	int (*run)(struct context *, struct report *);
};

static const struct audit_word audits[] = {
	{ "config", audit_config },
	{ "smrsh", audit_smrsh },
	{ "forward", audit_forward },
};

int
cmd_audit(struct context *ctx, int argc, char **argv)
{
	const size_t n = sizeof(audits) / sizeof(audits[0]);
	const struct audit_word *only = NULL;
	char command[32] = "audit";
	struct report *rep;
	int status;

	if (argc >= 1 && strcmp(argv[0], "pipe") == 0)
		return cmd_audit_pipe(ctx, argc - 1, argv + 1);
	/* main's verb table admitted only one of the words above, or none. */
	if (argc == 1) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(argv[0], audits[i].word) == 0)
				only = &audits[i];
		if (only == NULL)
			return EXIT_ERROR;
		snprintf(command, sizeof(command), "audit %s", only->word);
	}
	/* An audit only reads: it takes no lock, and holds up no one. */
	struct report_header h = { command, ctx->profile->name, ctx->opt.root,
	    ctx->profile->jail, false };
	rep = report_new(&h, ctx->opt.format, ctx->opt.quiet, stdout);
	for (size_t i = 0; i < n; i++) {
		if (only != NULL && only != &audits[i])
			continue;
		int r = audits[i].run(ctx, rep);
		if (r < 0) {
			fprintf(stderr, "jailctl: audit %s: %s\n", audits[i].word,
			    strerror(-r));
			(void)report_finish(rep);
			return EXIT_ERROR;
		}
	}
	status = report_finish(rep);
	return status;
}
