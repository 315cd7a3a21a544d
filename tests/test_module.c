/*
 * test_module.c -- what a machine reading jailctl sees: `fixable` on every
 * finding, the JSON error document of --format json, and `jailctl ARGSFILE`,
 * the Ansible module mode (arguments file in, one JSON object out, no
 * Ansible needed).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>

#include "testutil.h"

#define JAIL "/var/mailjail"
#define SPOOL JAIL "/var/spool/mail"

static bool
flag(json_t *finding, const char *key)
{
	json_t *v = json_object_get(finding, key);

	assert_true(json_is_boolean(v));
	return json_is_true(v);
}

/* fixable says what create / verify --fix repairs, in verify and in --fix. */
static void
test_findings_say_whether_fixable(void **state)
{
	char *root = *state;
	int st;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	doc = tu_run_json(&st, "-r", root, "-p", "debian", "create", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	tu_chmod(root, SPOOL, 0777);
	tu_write(root, SPOOL "/alice", "", 0600);
	tu_chown(root, SPOOL "/alice", 1002, 8);
	tu_write(root, SPOOL "/nobody-here", "", 0600);

	for (int fix = 0; fix <= 1; fix++) {
		doc = tu_run_json(&st, "-r", root, "-p", "debian", "verify",
		    fix ? "--fix" : NULL, NULL);
		assert_int_equal(st, 1);
		/* The spool's mode only once: --fix repaired it the first time. */
		if (!fix) {
			f = tu_expect_finding(doc, "tree.mode", SPOOL, "high");
			assert_true(flag(f, "fixable"));
			assert_false(flag(f, "fixed"));
		}
		f = tu_expect_finding(doc, "content.owner", SPOOL "/alice", "high");
		assert_false(flag(f, "fixable"));
		f = tu_expect_finding(doc, "content.stray", SPOOL "/nobody-here", "low");
		assert_false(flag(f, "fixable"));
		/* Every finding carries the key. */
		size_t i;
		json_array_foreach(json_object_get(doc, "findings"), i, f)
			(void)flag(f, "fixable");
		json_decref(doc);
	}
	/* A fixed finding was fixable. */
	tu_chmod(root, SPOOL, 0777);
	doc = tu_run_json(&st, "-r", root, "-p", "debian", "verify", "--fix", NULL);
	f = tu_expect_finding(doc, "tree.mode", SPOOL, "high");
	assert_true(flag(f, "fixed"));
	assert_true(flag(f, "fixable"));
	json_decref(doc);
}

/*
 * A file with other names is never changed: what differs on it, mode or
 * ACL, is not fixable, while the same drift on a file of its own is.
 */
static void
test_hard_linked_file_is_not_fixable(void **state)
{
	char *root = *state, *prof = tu_path(root, "l.profile");
	int st;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	tu_write(root, "l.profile", "name l\njail /jl\ndir / root root 0755\n"
	    "content / type=file owner=root acl=u:bob:rw-,m::rw- deny=0111\n", 0644);
	tu_mkdir(root, "jl", 0755);
	tu_write(root, "jl/own", "", 0755);
	tu_write(root, "jl/linked", "", 0755);
	tu_link(root, "jl/linked", "other-name");
	for (int fix = 0; fix <= 1; fix++) {
		doc = tu_run_json(&st, "-r", root, "-p", prof, "verify",
		    fix ? "--fix" : NULL, NULL);
		assert_int_equal(st, 1);
		f = tu_expect_finding(doc, "content.mode", "/jl/linked", "medium");
		assert_false(flag(f, "fixable"));
		f = tu_expect_finding(doc, "tree.acl", "/jl/linked", "medium");
		assert_false(flag(f, "fixable"));
		f = tu_expect_finding(doc, "tree.acl", "/jl/own", "medium");
		assert_true(flag(f, "fixable"));
		assert_true(flag(f, "fixed") == (fix == 1));
		json_decref(doc);
	}
	assert_int_equal(tu_mode(root, "jl/linked"), 0755);
	free(prof);
}

/*
 * Run `jailctl ARGSFILE` with this arguments object (stolen): stdout must
 * be exactly one JSON object, stderr empty, the exit status 1 when the
 * object says failed and 0 otherwise.  Returns the object.
 */
static json_t *
module(json_t *args)
{
	char path[] = "/tmp/jailctl-args.XXXXXX";
	int fd = mkstemp(path), status;
	char *out, *err;
	json_error_t jerr;
	json_t *res;

	assert_true(fd >= 0);
	assert_int_equal(json_dumpfd(args, fd, 0), 0);
	close(fd);
	json_decref(args);
	status = tu_run(&out, &err, path, NULL);
	unlink(path);
	res = json_loads(out, 0, &jerr);	/* no trailing text allowed */
	if (res == NULL || *err != '\0')
		fail_msg("not one JSON object (%s), stdout:\n%s\nstderr:\n%s",
		    jerr.text, out, err);
	assert_true(json_is_object(res));
	assert_int_equal(status, json_is_true(json_object_get(res, "failed")));
	free(out);
	free(err);
	return res;
}

static bool
is_true(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	assert_true(json_is_boolean(v));
	return json_is_true(v);
}

static void
expect_msg(json_t *res, const char *part)
{
	const char *msg = tu_str(res, "msg");

	assert_non_null(msg);
	if (strstr(msg, part) == NULL)
		fail_msg("msg \"%s\" does not say \"%s\"", msg, part);
}

/* The diff's before or after text. */
static const char *
diff_text(json_t *res, const char *side)
{
	json_t *d = json_array_get(json_object_get(res, "diff"), 0);

	assert_non_null(d);
	assert_non_null(tu_str(d, "before_header"));
	return tu_str(d, side);
}

static void
expect_contains(const char *text, const char *part)
{
	assert_non_null(text);
	if (strstr(text, part) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* present: check mode predicts and changes nothing, then create, then ok. */
static void
test_module_present(void **state)
{
	char *root = *state;
	json_t *res;

	TU_REQUIRE_ROOT();
	res = module(json_pack("{s:s, s:s, s:b, s:b}", "root", root, "profile",
	    "debian", "_ansible_check_mode", 1, "_ansible_diff", 1));
	assert_true(is_true(res, "changed"));
	assert_false(is_true(res, "failed"));
	assert_int_equal(json_integer_value(json_object_get(res, "rc")), 0);
	expect_msg(res, "would be made to " JAIL);
	expect_contains(diff_text(res, "before"), SPOOL " absent\n");
	expect_contains(diff_text(res, "after"), SPOOL " created, directory root:mail 2775\n");
	assert_true(json_array_size(json_object_get(res, "changes")) >= 5);
	assert_non_null(json_object_get(res, "summary"));
	json_decref(res);
	assert_int_equal(tu_mode(root, JAIL), (mode_t)-1);

	res = module(json_pack("{s:s, s:s}", "root", root, "profile", "debian"));
	assert_true(is_true(res, "changed"));
	assert_false(is_true(res, "failed"));
	assert_null(json_object_get(res, "diff"));
	expect_msg(res, "made to " JAIL);
	json_decref(res);
	assert_int_equal(tu_mode(root, SPOOL), 02775);

	res = module(json_pack("{s:s, s:s, s:b}", "root", root, "state", "present",
	    "_ansible_diff", 1));
	assert_false(is_true(res, "changed"));
	assert_false(is_true(res, "failed"));
	assert_int_equal(json_array_size(json_object_get(res, "diff")), 0);
	expect_msg(res, "nothing to change");
	assert_string_equal(tu_str(res, "profile"), "debian");
	json_decref(res);
}

/* Drift the run cannot fix fails in check mode and in the real run. */
static void
test_module_unfixable_drift_fails(void **state)
{
	char *root = *state;
	json_t *res, *f;

	TU_REQUIRE_ROOT();
	json_decref(module(json_pack("{s:s}", "root", root)));
	tu_chmod(root, SPOOL, 0777);
	tu_write(root, SPOOL "/alice", "", 0600);
	tu_chown(root, SPOOL "/alice", 1002, 8);

	for (int check = 1; check >= 0; check--) {
		res = module(json_pack("{s:s, s:b, s:b}", "root", root,
		    "_ansible_check_mode", check, "_ansible_diff", 1));
		assert_true(is_true(res, "failed"));
		assert_true(is_true(res, "changed"));
		assert_int_equal(json_integer_value(json_object_get(res, "rc")), 1);
		expect_msg(res, SPOOL "/alice");
		expect_msg(res, "[content.owner]");
		expect_msg(res, "cannot fix");
		f = tu_expect_finding(res, "content.owner", SPOOL "/alice", "high");
		assert_false(is_true(f, "fixable"));
		expect_contains(diff_text(res, "before"), SPOOL " mode 0777\n");
		expect_contains(diff_text(res, "after"), SPOOL " mode 2775\n");
		assert_int_equal(tu_mode(root, SPOOL), check ? 0777 : 02775);
		json_decref(res);
	}
}

/* audited: verify and the audits, never a change, in check mode too. */
static void
test_module_audited(void **state)
{
	char *root = *state;
	json_t *res;

	TU_REQUIRE_ROOT();
	json_decref(module(json_pack("{s:s}", "root", root)));
	res = module(json_pack("{s:s, s:s, s:[]}", "root", root, "state", "audited",
	    "audits"));
	assert_false(is_true(res, "failed"));
	assert_false(is_true(res, "changed"));
	expect_msg(res, "pass the audit");
	json_decref(res);
	/* By default the three audits run: this scratch root has no sendmail.cf. */
	res = module(json_pack("{s:s, s:s}", "root", root, "state", "audited"));
	assert_true(is_true(res, "failed"));
	tu_expect_finding(res, "cf.missing", NULL, "medium");
	tu_expect_finding(res, "smrsh.binary-missing", NULL, "medium");
	json_decref(res);

	tu_chmod(root, SPOOL, 0777);
	for (int check = 0; check <= 1; check++) {
		res = module(json_pack("{s:s, s:s, s:s, s:b}", "root", root, "state",
		    "audited", "audits", "", "_ansible_check_mode", check));
		assert_true(is_true(res, "failed"));
		assert_false(is_true(res, "changed"));
		expect_msg(res, "at or above low");
		expect_msg(res, "[tree.mode]");
		json_decref(res);
	}
	assert_int_equal(tu_mode(root, SPOOL), 0777);
	/* fail_on: the lowest severity that fails; none never does. */
	res = module(json_pack("{s:s, s:s, s:[s], s:s}", "root", root, "state",
	    "audited", "audits", "config", "fail_on", "none"));
	assert_false(is_true(res, "failed"));
	assert_int_equal(json_integer_value(json_object_get(res, "rc")), 1);
	json_decref(res);
}

/* Every bad argument is failed:true with a msg that says what is wrong. */
static void
test_module_bad_arguments(void **state)
{
	char *root = *state;
	json_t *res;
	static const struct { const char *args, *says; } cases[] = {
		{ "{\"stat\": \"present\", \"root\": \"ROOT\"}",
		  "Unsupported parameters for (jailctl) module: stat" },
		{ "{\"state\": \"absent\"}", "never deletes" },
		{ "{\"state\": 1}", "value of state must be one of: present, audited" },
		{ "{\"fail_on\": \"severe\"}", "value of fail_on must be one of" },
		{ "{\"audits\": [\"config\", \"mailbox\"]}", "got: mailbox" },
		{ "{\"selinux\": \"maybe\"}", "value of selinux" },
		{ "{\"root\": [\"/\"]}", "value of root must be a string" },
		{ "{\"root\": \"/nonexistent/root\"}", "cannot open root" },
		{ "{\"root\": \"ROOT\", \"profile\": \"no-such-profile\"}",
		  "no-such-profile" },
		{ "{\"root\": \"ROOT\", \"profile\": \"ROOT/bad.profile\"}",
		  "bad.profile:2:" },
		{ "{\"root\": \"ROOT\", \"jail\": \"relative\"}", "--jail" },
		{ "{\"root\": ", "not JSON" },
	};

	TU_REQUIRE_ROOT();
	tu_write(root, "bad.profile", "name bad\nfrobnicate yes\n", 0644);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_error_t jerr;
		char *text = strdup(cases[i].args), *at;
		/* "ROOT" stands for the scratch root. */
		while ((at = strstr(text, "ROOT")) != NULL) {
			char *next;
			*at = '\0';
			assert_true(asprintf(&next, "%s%s%s", text, root, at + 4) > 0);
			free(text);
			text = next;
		}
		json_t *args = json_loads(text, 0, &jerr);
		if (args == NULL) {	/* not JSON: write it as it is */
			char path[] = "/tmp/jailctl-args.XXXXXX";
			int fd = mkstemp(path);
			char *out, *err;
			assert_true(fd >= 0);
			assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
			close(fd);
			assert_int_equal(tu_run(&out, &err, path, NULL), 1);
			unlink(path);
			res = json_loads(out, 0, NULL);
			assert_non_null(res);
			assert_string_equal(err, "");
			free(out);
			free(err);
		} else {
			res = module(args);
		}
		assert_true(is_true(res, "failed"));
		assert_false(is_true(res, "changed"));
		assert_int_equal(json_integer_value(json_object_get(res, "rc")), 2);
		expect_msg(res, cases[i].says);
		json_decref(res);
		free(text);
	}
	assert_int_equal(tu_mode(root, JAIL), (mode_t)-1);
}

/* A file that is not a JSON object is no module call: a plain usage error. */
static void
test_not_module_mode(void **state)
{
	char *root = *state, *out, *err, *path = tu_path(root, "notes");

	tu_write(root, "notes", "create\n", 0644);
	assert_int_equal(tu_run(&out, &err, path, NULL), 2);
	expect_contains(err, "unknown command");
	assert_string_equal(out, "");
	free(out);
	free(err);
	free(path);
}

/* --format json: an error is one JSON document on stdout too. */
static void
test_json_error_document(void **state)
{
	char *root = *state, *out, *err;
	json_t *doc;
	static const struct { const char *cmd, *says; } cases[] = {
		{ "verify", "cannot open root" },
		{ "frobnicate", "unknown command 'frobnicate'" },
	};

	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(tu_run(&out, &err, "--format", "json", "--root",
		    i == 0 ? "/nonexistent/root" : root, cases[i].cmd, NULL), 2);
		doc = json_loads(out, 0, NULL);
		assert_non_null(doc);
		assert_true(json_is_false(json_object_get(doc, "ok")));
		assert_string_equal(tu_str(doc, "command"), cases[i].cmd);
		assert_non_null(tu_str(doc, "jailctl"));
		expect_contains(tu_str(doc, "error"), cases[i].says);
		/* stderr still says it, for people. */
		expect_contains(err, cases[i].says);
		json_decref(doc);
		free(out);
		free(err);
	}
	/* An invalid profile, named after the option (--format=json). */
	tu_write(root, "bad.profile", "name bad\njail relative\n", 0644);
	char *prof = tu_path(root, "bad.profile");
	assert_int_equal(tu_run(&out, &err, "create", "--format=json", "-r", root,
	    "-p", prof, NULL), 2);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	expect_contains(tu_str(doc, "error"), "bad.profile:2:");
	json_decref(doc);
	free(out);
	free(err);
	free(prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_findings_say_whether_fixable,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_hard_linked_file_is_not_fixable,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_module_present,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_module_unfixable_drift_fails,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_module_audited,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_module_bad_arguments,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_not_module_mode,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_json_error_document,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
