/*
 * test_audit_pipe.c -- `jailctl audit pipe -- COMMAND`, run as a program.
 *
 * A scratch root with a Debian-style smrsh directory; each test runs the
 * jailctl under test (JAILCTL_BIN) and checks its exit status and output.
 * Without a sendmail.cf the line is judged as smrsh would; with Debian's
 * stock one (P=/bin/sh) it runs unfiltered; with FEATURE(smrsh)'s Mprog
 * smrsh judges it.  The bounce text for a user without a valid shell is
 * recipient.c's, with $j as myhostname() and a Dj line make it.
 */
#include "testutil.h"
#include "util.h"

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

/* The verdict: the report's `pipe` object. */
static json_t *
pipe_obj(json_t *doc)
{
	json_t *p = json_object_get(doc, "pipe");

	assert_non_null(p);
	return p;
}

static void
assert_json_keys(json_t *doc)
{
	json_t *p = pipe_obj(doc);

	/* The one report structure of every command ... */
	assert_string_equal(tu_str(doc, "command"), "audit pipe");
	assert_non_null(tu_str(doc, "jailctl"));
	assert_true(json_is_boolean(json_object_get(doc, "ok")));
	assert_true(json_is_array(json_object_get(doc, "findings")));
	assert_true(json_is_object(json_object_get(doc, "summary")));
	/* ... with the verdict in its own object, exactly these keys. */
	assert_int_equal(json_object_size(p), 7);
	assert_true(json_is_string(json_object_get(p, "command")));
	assert_true(json_is_string(json_object_get(p, "mailer")));
	assert_true(json_is_boolean(json_object_get(p, "allowed")));
	assert_true(json_is_array(json_object_get(p, "runs")));
	assert_non_null(json_object_get(p, "sh_c"));
	assert_non_null(json_object_get(p, "reason"));
	assert_true(json_is_array(json_object_get(p, "warnings")));
	/* The keys from before the report stay, and agree. */
	assert_true(json_equal(json_object_get(doc, "runs"), json_object_get(p, "runs")));
	assert_true(json_equal(json_object_get(doc, "allowed"),
	    json_object_get(p, "allowed")));
}

/* An allowed chain: both programs, absolute CMDDIR paths, no reason. */
static void
test_allowed_json(void **state)
{
	char *cmd[] = { (char *)"vacation -f x || procmail", NULL };
	int status;
	json_t *doc = pipe_json(*state, &status, NULL, NULL, cmd);
	json_t *p = pipe_obj(doc), *runs = json_object_get(p, "runs");

	assert_json_keys(doc);
	assert_int_equal(status, 0);
	assert_string_equal(tu_str(p, "command"), "vacation -f x || procmail");
	assert_string_equal(tu_str(p, "sh_c"), "/etc/mail/smrsh/vacation -f x "
	    "||/etc/mail/smrsh/procmail");
	assert_true(json_is_true(json_object_get(p, "allowed")));
	assert_true(json_is_null(json_object_get(p, "reason")));
	tu_expect_finding(doc, "pipe.runs", NULL, "info");
	/* no sendmail.cf in this root: said, and judged as smrsh */
	tu_expect_finding(doc, "pipe.no-config", NULL, "info");
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

	json_t *p = pipe_obj(doc);

	assert_json_keys(doc);
	assert_int_equal(status, 1);
	/* Several words are joined with single spaces. */
	assert_string_equal(tu_str(p, "command"), "vacation x | id");
	assert_true(json_is_false(json_object_get(p, "allowed")));
	assert_string_equal(tu_str(p, "reason"), "smrsh: cannot use | in command");
	assert_true(json_is_null(json_object_get(p, "sh_c")));
	assert_int_equal(json_array_size(json_object_get(p, "runs")), 0);
	tu_expect_finding(doc, "pipe.refused", NULL, "medium");
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

	/* /usr/bin/vacation does not exist here: info, exit 0 */
	assert_int_equal(status, 0);
	assert_int_equal(json_array_size(w), 1);
	assert_non_null(strstr(json_string_value(json_array_get(w, 0)),
	    "/etc/mail/smrsh/vacation"));
	tu_expect_finding(doc, "pipe.path-differs", NULL, "info");
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

	/* '[' reaches /bin/sh as a pattern: a low warning, exit 1 */
	assert_int_equal(tu_run(&out, &err, "--root", *state, "audit", "pipe",
	    "--", "vacation \001\033[2J", NULL), 1);
	assert_non_null(strstr(out, "allowed: yes"));
	assert_non_null(strstr(out, "pipe.warning"));
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

/* sendmail.cf from the test data into ROOT/etc/mail/sendmail.cf. */
static void
install_cf(const char *root, const char *name, const char *extra)
{
	char *rel = xasprintf("tests/data/cf/%s", name);
	char *path = tu_srcfile(rel), *text = tu_read_file(path);
	char *all = xasprintf("%s%s", text, extra != NULL ? extra : "");

	tu_write(root, "etc/mail/sendmail.cf", all, 0644);
	free(all);
	free(text);
	free(path);
	free(rel);
}

/* Debian's stock prog mailer (P=/bin/sh, A=sh -c $u): nothing filters. */
static void
test_stock_sh(void **state)
{
	char *cmd[] = { (char *)"vacation x | id; rm -rf ~", NULL };
	int status;
	json_t *doc, *p, *runs;

	install_cf(*state, "sendmail.cf.debian12-default", NULL);
	doc = pipe_json(*state, &status, NULL, NULL, cmd);
	p = pipe_obj(doc);
	assert_json_keys(doc);
	assert_int_equal(status, 1);
	assert_string_equal(tu_str(p, "mailer"), "/bin/sh");
	assert_true(json_is_true(json_object_get(p, "allowed")));
	/* /bin/sh -c gets $u exactly */
	assert_string_equal(tu_str(p, "sh_c"), "vacation x | id; rm -rf ~");
	runs = json_object_get(p, "runs");
	assert_int_equal(json_array_size(runs), 1);
	assert_string_equal(json_string_value(json_array_get(runs, 0)), "/bin/sh");
	assert_true(json_is_null(json_object_get(p, "reason")));
	tu_expect_finding(doc, "pipe.no-smrsh", "/etc/mail/sendmail.cf", "high");
	tu_expect_no_finding(doc, "pipe.refused", NULL);
	tu_expect_no_finding(doc, "pipe.no-config", NULL);
	json_decref(doc);
}

/* FEATURE(smrsh): smrsh's verdict; lines /bin/sh runs nothing of list no program. */
static void
test_smrsh_nothing_runs(void **state)
{
	char *exec2[] = { (char *)"exec exec procmail", NULL };
	char *trailing[] = { (char *)"vacation x &&", NULL };
	char *after_exec[] = { (char *)"exec vacation && procmail", NULL };
	int status;
	json_t *doc, *p, *runs;

	install_cf(*state, "sendmail.cf.debian12-smrsh-jail", NULL);
	doc = pipe_json(*state, &status, NULL, NULL, exec2);
	p = pipe_obj(doc);
	assert_string_equal(tu_str(p, "mailer"), "/usr/libexec/sendmail/smrsh");
	assert_true(json_is_true(json_object_get(p, "allowed")));
	assert_string_equal(tu_str(p, "sh_c"), "exec exec /etc/mail/smrsh/procmail");
	assert_int_equal(json_array_size(json_object_get(p, "runs")), 0);
	assert_int_equal(status, 1);
	tu_expect_finding(doc, "pipe.warning", NULL, "low");
	json_decref(doc);

	doc = pipe_json(*state, &status, NULL, NULL, trailing);
	p = pipe_obj(doc);
	assert_string_equal(tu_str(p, "sh_c"), "/etc/mail/smrsh/vacation x &&");
	assert_int_equal(json_array_size(json_object_get(p, "runs")), 0);
	json_decref(doc);

	/* exec replaces the shell: only the first program runs */
	doc = pipe_json(*state, &status, NULL, NULL, after_exec);
	runs = json_object_get(pipe_obj(doc), "runs");
	assert_int_equal(json_array_size(runs), 1);
	assert_string_equal(json_string_value(json_array_get(runs, 0)),
	    "/etc/mail/smrsh/vacation");
	json_decref(doc);
}

/* A user whose shell is not in /etc/shells: every program is refused. */
static void
test_bad_shell(void **state)
{
	char *cmd[] = { (char *)"vacation", NULL };
	char *out = NULL, *err = NULL;
	int status;
	json_t *doc, *p;

	install_cf(*state, "sendmail.cf.debian12-smrsh-jail", NULL);
	tu_append(*state, "etc/passwd", "carol:x:1003:1003::/home/carol:/usr/sbin/nologin");
	tu_append(*state, "etc/group", "carol:x:1003:");
	tu_write(*state, "etc/hostname", "mail\n", 0644);
	tu_write(*state, "etc/hosts", "127.0.0.1\tlocalhost\n"
	    "::1\tlocalhost ip6-localhost\n"
	    "127.0.1.1\tmail.example.org mail\n", 0644);

	doc = pipe_json(*state, &status, "--user", "carol", cmd);
	p = pipe_obj(doc);
	assert_int_equal(status, 1);
	assert_true(json_is_false(json_object_get(p, "allowed")));
	assert_string_equal(tu_str(p, "reason"), "550 5.7.1 User "
	    "carol@mail.example.org doesn't have a valid shell for mailing to "
	    "programs");
	assert_int_equal(json_array_size(json_object_get(p, "runs")), 0);
	assert_true(json_is_null(json_object_get(p, "sh_c")));
	assert_non_null(strstr(tu_str(tu_expect_finding(doc, "pipe.bad-shell",
	    NULL, "medium"), "message"), "canonicalised through /etc/hosts"));
	json_decref(doc);

	/* text: the same facts */
	assert_int_equal(tu_run(&out, &err, "--root", *state, "--user", "carol",
	    "audit", "pipe", "--", "vacation", NULL), 1);
	assert_non_null(strstr(out, "refused: 550 5.7.1 User carol@mail.example.org "
	    "doesn't have a valid shell for mailing to programs"));
	assert_non_null(strstr(out, "mailer: /usr/libexec/sendmail/smrsh"));
	free(out);
	free(err);

	/* a user with a listed shell passes that check */
	doc = pipe_json(*state, &status, "--user", "alice", cmd);
	assert_int_equal(status, 0);
	tu_expect_no_finding(doc, "pipe.bad-shell", NULL);
	json_decref(doc);
}

/* A Dj line is $j; the bounce names it and the finding says so. */
static void
test_bad_shell_dj(void **state)
{
	char *cmd[] = { (char *)"vacation", NULL };
	int status;
	json_t *doc;

	install_cf(*state, "sendmail.cf.debian12-smrsh-jail", "Dj$w.corp.example\n");
	tu_append(*state, "etc/passwd", "carol:x:1003:1003::/home/carol:/bin/false");
	tu_append(*state, "etc/group", "carol:x:1003:");
	tu_write(*state, "etc/hostname", "mail.example.org\n", 0644);

	doc = pipe_json(*state, &status, "--user", "carol", cmd);
	assert_string_equal(tu_str(pipe_obj(doc), "reason"), "550 5.7.1 User "
	    "carol@mail.corp.example doesn't have a valid shell for mailing to "
	    "programs");
	assert_non_null(strstr(tu_str(tu_expect_finding(doc, "pipe.bad-shell",
	    NULL, "medium"), "message"), "the Dj line"));
	json_decref(doc);
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
		cmocka_unit_test_setup_teardown(test_stock_sh, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_smrsh_nothing_runs, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_bad_shell, setup,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_bad_shell_dj, setup,
		    tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
