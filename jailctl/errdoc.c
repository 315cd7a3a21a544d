/* errdoc.c -- see errdoc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "paths.h"
#include "capture.h"
#include "errdoc.h"
#include "escape.h"
#include "jailctl.h"
#include "report.h"
#include "util.h"

static const char *command_word;

bool
errdoc_wanted(int argc, char *const argv[])
{
	bool json = false;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			json = strcmp(argv[++i], "json") == 0;
		else if (strncmp(argv[i], "--format=", 9) == 0)
			json = strcmp(argv[i] + 9, "json") == 0;
	}
	return json;
}

void
errdoc_command(const char *word)
{
	command_word = word;
}

char *
errdoc_message(const char *text)
{
	char *copy = xstrdup(text), *save = NULL, *msg = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "jailctl: ", 9) == 0)
			line += 9;
		if (*line == '\0' || strcmp(line, "(see 'jailctl --help')") == 0)
			continue;
		char *joined = msg == NULL ? xstrdup(line) :
		    xasprintf("%s; %s", msg, line);
		free(msg);
		msg = joined;
	}
	free(copy);
	if (msg == NULL)
		return xstrdup("failed without a message");
	/* getopt's complaints quote argv as it is: keep JSON strings valid. */
	json_t *probe = json_string(msg);
	if (probe == NULL) {
		char *e = escape_text(msg);
		free(msg);
		msg = e;
	}
	json_decref(probe);
	return msg;
}

static int
print_error_document(const char *err_text)
{
	json_t *doc = json_object();
	char *msg = errdoc_message(err_text);
	int r;

	json_object_set_new(doc, "jailctl", json_string(JAILCTL_VERSION));
	json_object_set_new(doc, "command", report_json_text(command_word));
	json_object_set_new(doc, "ok", json_false());
	json_object_set_new(doc, "changed", json_false());
	json_object_set_new(doc, "error", json_string(msg));
	r = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(doc);
	free(msg);
	return r;
}

int
errdoc_run(int argc, char **argv, int (*run)(int, char **))
{
	char *out_text, *err_text;
	int status = capture_run(run, argc, argv, &out_text, &err_text);

	fputs(err_text, stderr);
	if (status == EXIT_ERROR) {
		(void)print_error_document(err_text);
	} else if (fputs(out_text, stdout) == EOF && *out_text != '\0') {
		status = EXIT_ERROR;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		status = EXIT_ERROR;
	free(out_text);
	free(err_text);
	return status;
}
