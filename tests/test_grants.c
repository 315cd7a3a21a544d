/*
 * test_grants.c -- jailctl grants nothing to objects that are not the
 * profile's to give away.
 *
 * A content rule covers users' files: capabilities there are refused when
 * the profile is read, and an ACL is only ever narrowed on a file whose
 * owner is not the one the profile names (owner=%name, owner=any).  On a
 * file of the owner a content rule names, it is applied as before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "testutil.h"

/* A user's own binary in the spool must not be given cap_setuid=ep. */
static void
test_caps_on_content_rule_rejected(void **state)
{
	char *root = *state, *prof, *err = NULL, *want;
	int st;

	prof = tu_write_profile(root, "c.profile", "name c\njail /j\n"
	    "dir / root root 0755\ndir /spool root mail 02775\n"
	    "content /spool type=file owner=%name caps=cap_setuid+ep\n");
	st = tu_run(NULL, &err, "profile", "check", prof, NULL);
	assert_int_equal(st, 2);
	assert_true(asprintf(&want, "%s:5: caps: a content rule may only say "
	    "caps=none", prof) > 0);
	if (strstr(err, want) == NULL)
		print_error("stderr: %s\n", err);
	assert_non_null(strstr(err, want));
	free(want);
	free(err);
	/* Loading it for a run is the same error, and nothing is made. */
	st = tu_run(NULL, NULL, "-r", root, "-p", prof, "create", NULL);
	assert_int_equal(st, 2);
	char *j = tu_path(root, "j");
	struct stat sb;
	assert_int_equal(lstat(j, &sb), -1);
	free(j);
	free(prof);

	/* caps=none only takes away: fine. */
	prof = tu_write_profile(root, "n.profile", "name n\njail /j\n"
	    "dir / root root 0755\ndir /spool root mail 02775\n"
	    "content /spool type=file owner=%name caps=none\n");
	st = tu_run(NULL, NULL, "profile", "check", prof, NULL);
	assert_int_equal(st, 0);
	free(prof);
}

/* Has ROOT/rel an access ACL beyond its mode? */
static bool
has_acl(const char *root, const char *rel)
{
	char *p = tu_path(root, rel);
	ssize_t n = getxattr(p, "system.posix_acl_access", NULL, 0);

	free(p);
	return n > 0;
}

/*
 * owner=%name: alice's mailbox is alice's.  An ACL that would let bob in
 * is reported and left alone, run after run; one that only takes bob's
 * write bit away is applied.
 */
static void
test_acl_never_widened_on_users_files(void **state)
{
	char *root = *state, *prof;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "a.profile", "name a\njail /j\n"
	    "dir / root root 0755\ndir /spool root mail 02775\n"
	    "content /spool type=file owner=%name deny=0133 "
	    "acl=u:bob:r--,m::r--\n");
	doc = tu_run_json(&st, "-r", root, "-p", prof, "create", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	tu_write(root, "j/spool/alice", "mail\n", 0600);
	tu_chown(root, "j/spool/alice", 1001, 8);
	for (int i = 0; i < 2; i++) {
		doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", "--fix", NULL);
		assert_int_equal(st, 1);
		f = tu_expect_finding(doc, "tree.acl", "/j/spool/alice", "medium");
		assert_true(json_is_false(json_object_get(f, "fixed")));
		assert_true(json_is_false(json_object_get(f, "fixable")));
		json_decref(doc);
		assert_false(has_acl(root, "j/spool/alice"));
	}
	/* The dry run predicts the same refusal. */
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", "--fix", "-n", NULL);
	assert_int_equal(st, 1);
	tu_expect_finding(doc, "tree.acl", "/j/spool/alice", "medium");
	assert_int_equal(json_array_size(json_object_get(doc, "changes")), 0);
	json_decref(doc);

	/* Narrowing is fine: bob may read, no longer write. */
	tu_set_acl(root, "j/spool/alice", "u::rw-,u:1002:rw-,g::r--,m::rw-,o::---");
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", "--fix", NULL);
	f = tu_expect_finding(doc, "tree.acl", "/j/spool/alice", "medium");
	assert_true(json_is_true(json_object_get(f, "fixed")));
	json_decref(doc);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	free(prof);
}

/*
 * owner=root names the owner: root's file in the directory gets the ACL;
 * a file there that alice owns (content.owner, left for a person) does
 * not.
 */
static void
test_acl_granted_only_to_the_named_owners_files(void **state)
{
	char *root = *state, *prof;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "r.profile", "name r\njail /j\n"
	    "dir / root root 0755\ndir /box root root 0755\n"
	    "content /box type=file owner=root deny=0133 acl=u:bob:r--,m::r--\n");
	tu_write(root, "j/box/roots", "x\n", 0644);
	tu_write(root, "j/box/alices", "x\n", 0644);
	tu_chown(root, "j/box/alices", 1001, 1001);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", "--fix", NULL);
	assert_int_equal(st, 1);
	f = tu_expect_finding(doc, "tree.acl", "/j/box/roots", "medium");
	assert_true(json_is_true(json_object_get(f, "fixed")));
	f = tu_expect_finding(doc, "tree.acl", "/j/box/alices", "medium");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	tu_expect_finding(doc, "content.owner", "/j/box/alices", "high");
	json_decref(doc);
	assert_true(has_acl(root, "j/box/roots"));
	assert_false(has_acl(root, "j/box/alices"));
	free(prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_caps_on_content_rule_rejected, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_acl_never_widened_on_users_files, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_acl_granted_only_to_the_named_owners_files, tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
