/*
 * test_audit_pipe.c -- `jailctl audit pipe -- COMMAND`, run as a program.
 *
 * A scratch root with a Debian-style smrsh directory; each test runs the
 * jailctl under test (JAILCTL_BIN) and checks its exit status and output.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROG "#!/bin/sh\nexit 0\n"

static int
setup(void **state)
{
	char *root = tu_mkroot();

	tu_write(root, "etc/mail/smrsh/vacation", PROG, 0755);
	tu_write(root, "etc/mail/smrsh/procmail", PROG, 0755);
	/* Executable for its owner only: root, or the user running the test. */
	tu_write(root, "etc/mail/smrsh/owneronly", PROG, 0744);
	tu_write(root, "opt/sm/special", PROG, 0755);
	*state = root;
	return 0;
}

/* Run audit pipe in JSON; *status gets the exit status. */
static json_t *
pipe_json(const char *root, int *status, const char *extra_opt,
    const char *extra_arg, char *const command[])
{
	char *argv[32];
	size_t n = 0, i;

	argv[n++] = (char *)"--root";
	argv[n++] = (char *)root;
	if (extra_opt != NULL) {
		argv[n++] = (char *)extra_opt;
		argv[n++] = (char *)extra_arg;
	}
	argv[n++] = (char *)"audit";
	argv[n++] = (char *)"pipe";
	argv[n++] = (char *)"--";
	for (i = 0; command[i] != NULL; i++)
		argv[n++] = command[i];
	argv[n] = NULL;
	return tu_run_jsonv(status, argv);
}

static void
assert_json_keys(json_t *doc)
{
	/* Exactly the five documented keys. */
	assert_int_equal(json_object_size(doc), 5);
	assert_true(json_is_string(json_object_get(doc, "command")));
	assert_true(json_is_boolean(json_object_get(doc, "allowed")));
	assert_true(json_is_array(json_object_get(doc, "runs")));
	assert_non_null(json_object_get(doc, "reason"));
	assert_true(json_is_array(json_object_get(doc, "warnings")));
}

/* An allowed chain: both programs, absolute CMDDIR paths, no reason. */
static void
test_allowed_json(void **state)
{
	char *cmd[] = { (char *)"vacation -f x || procmail", NULL };
	int status;
	json_t *doc = pipe_json(*state, &status, NULL, NULL, cmd);
	json_t *runs = json_object_get(doc, "runs");

	assert_json_keys(doc);
	assert_int_equal(status, 0);
	assert_string_equal(tu_str(doc, "command"),
	    "vacation -f x || procmail");
	assert_true(json_is_true(json_object_get(doc, "allowed")));
	assert_true(json_is_null(json_object_get(doc, "reason")));
	assert_int_equal(json_array_size(runs), 2);
	assert_string_equal(json_string_value(json_array_get(runs, 0)),
	    "/etc/mail/smrsh/vacation");
	assert_string_equal(json_string_value(json_array_get(runs, 1)),
	    "/etc/mail/smrsh/procmail");
	assert_int_equal(json_array_size(json_object_get(doc, "warnings")), 0);
	json_decref(doc);
}

/* A refusal carries smrsh's own message and exits 1. */
static void
test_refused_json(void **state)
{
	char *cmd[] = { (char *)"vacation", (char *)"x", (char *)"|", (char *)"id",
	    NULL };
	int status;
	json_t *doc = pipe_json(*state, &status, NULL, NULL, cmd);

	assert_json_keys(doc);
	assert_int_equal(status, 1);
	/* Several words are joined with single spaces. */
	assert_string_equal(tu_str(doc, "command"), "vacation x | id");
	assert_true(json_is_false(json_object_get(doc, "allowed")));
	assert_string_equal(tu_str(doc, "reason"),
	    "smrsh: cannot use | in command");
	assert_int_equal(json_array_size(json_object_get(doc, "runs")), 0);
	json_decref(doc);
}

/* A written path that is not what runs is a warning. */
static void
test_warning_json(void **state)
{
	char *cmd[] = { (char *)"/usr/bin/vacation", NULL };
	int status;
	json_t *doc = pipe_json(*state, &status, NULL, NULL, cmd);
	json_t *w = json_object_get(doc, "warnings");

	assert_int_equal(status, 0);
	assert_int_equal(json_array_size(w), 1);
	assert_non_null(strstr(json_string_value(json_array_get(w, 0)),
	    "/etc/mail/smrsh/vacation"));
	json_decref(doc);
}

/* --smrsh-dir replaces the profile's directory. */
static void
test_smrsh_dir_override(void **state)
{
	char *cmd[] = { (char *)"special", NULL };
	int status;
	json_t *doc;

	doc = pipe_json(*state, &status, NULL, NULL, cmd);
	assert_int_equal(status, 1);
	assert_string_equal(tu_str(doc, "reason"),
	    "smrsh: \"special\" not available for sendmail programs (stat failed)");
	json_decref(doc);

	doc = pipe_json(*state, &status, "--smrsh-dir", "/opt/sm", cmd);
	assert_int_equal(status, 0);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(doc, "runs"), 0)), "/opt/sm/special");
	json_decref(doc);
}

/* --user judges X_OK for that user (from ROOT's passwd), not for us. */
static void
test_user(void **state)
{
	char *cmd[] = { (char *)"owneronly", NULL };
	int status;
	json_t *doc;

	doc = pipe_json(*state, &status, NULL, NULL, cmd);
	assert_int_equal(status, 0);
	json_decref(doc);

	doc = pipe_json(*state, &status, "--user", "alice", cmd);
	assert_int_equal(status, 1);
	assert_string_equal(tu_str(doc, "reason"),
	    "smrsh: \"owneronly\" not available for sendmail programs");
	json_decref(doc);
}

/* Text output is escaped; a missing COMMAND or unknown user exits 2. */
static void
test_text_and_usage(void **state)
{
	char *out = NULL, *err = NULL;

	assert_int_equal(tu_run(&out, &err, "--root", *state, "audit", "pipe",
	    "--", "vacation \001\033[2J", NULL), 0);
	assert_non_null(strstr(out, "allowed"));
	assert_non_null(strstr(out, "/etc/mail/smrsh/vacation \\x01\\x1b[2J"));
	assert_null(strchr(out, '\033'));
	free(out);
	free(err);

	assert_int_equal(tu_run(&out, &err, "--root", *state, "audit", "pipe",
	    "--", "vacation;id", NULL), 1);
	assert_non_null(strstr(out, "refused"));
	assert_non_null(strstr(out, "smrsh: \"vacation;id\" not available"));
	free(out);
	free(err);

	assert_int_equal(tu_run(&out, &err, "--root", *state, "audit", "pipe",
	    NULL), 2);
	assert_non_null(strstr(err, "no COMMAND"));
	free(out);
	free(err);

	assert_int_equal(tu_run(&out, &err, "--root", *state, "--user", "nobody9",
	    "audit", "pipe", "--", "vacation", NULL), 2);
	assert_non_null(strstr(err, "unknown user"));
	free(out);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_allowed_json, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_refused_json, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_warning_json, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_smrsh_dir_override, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_user, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_text_and_usage, setup,
		    tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
