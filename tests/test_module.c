/*
 * test_module.c -- what a machine reading jailctl sees: `fixable` on every
 * finding, and the JSON error document of --format json.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_findings_say_whether_fixable,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
