/*
 * cmd_explain.c -- `jailctl explain [ID...]`: the finding catalogue.
 *
 * Without ids, one line per id (id, severity, title), which the bash
 * completion reads; with ids, what each means and what to do about it, the
 * remediation filled in for --profile's distribution and --jail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "findings.h"
#include "jailctl.h"

static const struct {
	unsigned bit;
	const char *name;
} command_names[] = {
	{ FCMD_CREATE, "create" }, { FCMD_VERIFY, "verify" },
	{ FCMD_AUDIT_CONFIG, "audit config" }, { FCMD_AUDIT_SMRSH, "audit smrsh" },
	{ FCMD_AUDIT_FORWARD, "audit forward" }, { FCMD_AUDIT_PIPE, "audit pipe" },
};

static json_t *
entry_json(const struct finding_info *fi, const char *remediation)
{
	json_t *cmds = json_array();

	for (size_t i = 0; i < sizeof(command_names) / sizeof(command_names[0]); i++)
		if (fi->commands & command_names[i].bit)
			json_array_append_new(cmds, json_string(command_names[i].name));
	return json_pack("{s:s, s:s, s:s?, s:o, s:s, s:s?, s:s}", "id", fi->id,
	    "severity", severity_name(fi->severity), "severity_note", fi->severity_note,
	    "commands", cmds, "title", fi->title, "detail", findings_detail(fi->id),
	    "remediation", remediation);
}

static void
entry_text(const struct finding_info *fi, const char *remediation)
{
	const char *sep = "";

	const char *detail = findings_detail(fi->id);

	printf("%s: %s\n", fi->id, fi->title);
	if (detail != NULL)
		printf("  %s\n", detail);
	printf("  severity: %s", severity_name(fi->severity));
	if (fi->severity_note != NULL)
		printf(" (%s)", fi->severity_note);
	fputs("\n  reported by: ", stdout);
	for (size_t i = 0; i < sizeof(command_names) / sizeof(command_names[0]); i++)
		if (fi->commands & command_names[i].bit) {
			printf("%s%s", sep, command_names[i].name);
			sep = ", ";
		}
	printf("\n  remediation: %s\n", remediation);
}

int
cmd_explain(struct context *ctx, int argc, char **argv)
{
	size_t n;
	const struct finding_info *all = findings_all(&n);
	bool json = ctx->opt.format != FORMAT_TEXT;
	json_t *doc = json ? json_array() : NULL;
	int status = EXIT_OK;

	for (int i = 0; i < argc; i++)
		if (findings_lookup(argv[i]) == NULL) {
			char *e = escape_text(argv[i]);
			fprintf(stderr, "jailctl: explain: unknown finding id '%s' "
			    "(see 'jailctl explain')\n", e);
			free(e);
			json_decref(doc);
			return EXIT_ERROR;
		}
	for (size_t i = 0; i < (argc > 0 ? (size_t)argc : n); i++) {
		const struct finding_info *fi = argc > 0 ? findings_lookup(argv[i]) : &all[i];
		char *fix = findings_remediation(fi->id, ctx->opt.profile, ctx->opt.jail);

		if (json)
			json_array_append_new(doc, entry_json(fi, fix));
		else if (argc == 0)
			printf("%-28s %-6s %s\n", fi->id, severity_name(fi->severity), fi->title);
		else
			entry_text(fi, fix);
		free(fix);
	}
	if (json) {
		json_t *o = json_pack("{s:o}", "findings", doc);
		if (json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			status = EXIT_ERROR;
		fputc('\n', stdout);
		json_decref(o);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		status = EXIT_ERROR;
	return status;
}
