/*
 * test_smrsh_provision.c -- create and verify [--fix] on smrsh's program
 * directory: made, repaired, approved programs linked and predicted by
 * --dry-run, entries already there left alone and reported.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define SMRSH "/etc/mail/smrsh"

static json_t *
run(int want, const char *root, const char *a, const char *b, const char *c)
{
	return tu_run_json_expect(want, "-r", root, "-p", "debian", a, b, c, NULL);
}

/* Two of Debian's six programs installed where update_smrsh finds them. */
static void
install_programs(const char *root)
{
	tu_write(root, "usr/libexec/sendmail/mail.local", "#!/bin/sh\n", 0755);
	tu_write(root, "usr/bin/vacation", "#!/bin/sh\n", 0755);
}

static char *
link_of(const char *root, const char *rel)
{
	char *p = tu_path(root, rel), buf[PATH_MAX];
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);

	free(p);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}



static void
test_directory_created_and_programs_linked(void **state)
{
	char *root = *state;
	json_t *doc, *f;
	struct stat st;
	char *p, *l;

	TU_REQUIRE_ROOT();
	install_programs(root);
	doc = run(0, root, "create", NULL, NULL);
	p = tu_path(root, SMRSH);
	assert_int_equal(lstat(p, &st), 0);
	free(p);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 02755);
	assert_int_equal(st.st_uid, 115);	/* smmta */
	assert_int_equal(st.st_gid, 122);	/* smmsp */
	l = link_of(root, SMRSH "/mail.local");
	assert_string_equal(l, "/usr/libexec/sendmail/mail.local");
	free(l);
	l = link_of(root, SMRSH "/vacation");
	assert_string_equal(l, "/usr/bin/vacation");
	free(l);
	/* What is not installed is said, as a notice, and not linked. */
	f = tu_expect_finding(doc, "smrsh.program-not-found", SMRSH "/procmail",
	    "info");
	assert_non_null(strstr(tu_str(f, "message"), "not installed"));
	assert_false(tu_lexists(root, SMRSH "/procmail", NULL));
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);

	/* A second run changes nothing, and verify finds nothing. */
	doc = run(0, root, "create", NULL, NULL);
	assert_int_equal(json_array_size(json_object_get(doc, "changes")), 0);
	json_decref(doc);
	doc = run(0, root, "verify", NULL, NULL);
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);
}

static void
test_dry_run_predicts_exactly(void **state)
{
	char *root = *state;
	json_t *doc;
	char *predicted, *done;

	TU_REQUIRE_ROOT();
	install_programs(root);
	/* Directory missing: its creation and every link are predicted. */
	doc = run(0, root, "create", "--dry-run", NULL);
	predicted = tu_changes_text(doc);
	json_decref(doc);
	assert_false(tu_lexists(root, "etc/mail", NULL));
	assert_non_null(strstr(predicted, SMRSH "/vacation link /usr/bin/vacation\n"));
	doc = run(0, root, "create", NULL, NULL);
	done = tu_changes_text(doc);
	json_decref(doc);
	assert_string_equal(predicted, done);
	free(predicted);
	free(done);

	/* Directory there: one program installed since is predicted alone. */
	tu_write(root, "usr/bin/procmail", "#!/bin/sh\n", 0755);
	doc = run(0, root, "create", "-n", NULL);
	predicted = tu_changes_text(doc);
	json_decref(doc);
	assert_false(tu_lexists(root, SMRSH "/procmail", NULL));
	assert_string_equal(predicted, SMRSH "/procmail link /usr/bin/procmail\n");
	doc = run(0, root, "create", NULL, NULL);
	done = tu_changes_text(doc);
	json_decref(doc);
	assert_string_equal(predicted, done);
	free(predicted);
	free(done);
}

static void
test_directory_drift_reported_and_repaired(void **state)
{
	char *root = *state;
	json_t *doc, *f;
	struct stat st;
	char *p;

	TU_REQUIRE_ROOT();
	doc = run(0, root, "create", NULL, NULL);
	json_decref(doc);
	tu_chown(root, SMRSH, 0, 0);
	tu_chmod(root, SMRSH, 0777);

	doc = run(1, root, "verify", NULL, NULL);
	tu_expect_finding(doc, "tree.owner", SMRSH, "medium");
	tu_expect_finding(doc, "tree.group", SMRSH, "medium");
	f = tu_expect_finding(doc, "tree.mode", SMRSH, "high");
	assert_string_equal(tu_str(f, "expected"), "2755");
	json_decref(doc);
	p = tu_path(root, SMRSH);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0777);	/* verify never writes */

	doc = run(0, root, "verify", "--fix", NULL);
	f = tu_expect_finding(doc, "tree.mode", SMRSH, "high");
	assert_true(json_is_true(json_object_get(f, "fixed")));
	json_decref(doc);
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 02755);
	assert_int_equal(st.st_uid, 115);
	assert_int_equal(st.st_gid, 122);
	free(p);

	/* A directory removed altogether: verify says so, --fix makes it. */
	tu_rmdir(root, SMRSH);
	doc = run(1, root, "verify", NULL, NULL);
	tu_expect_finding(doc, "tree.missing", SMRSH, "high");
	json_decref(doc);
	doc = run(0, root, "verify", "--fix", NULL);
	json_decref(doc);
	assert_true(tu_lexists(root, SMRSH, NULL));
}

static void
test_existing_entries_left_alone_and_reported(void **state)
{
	char *root = *state;
	json_t *doc, *f;
	char *l;

	TU_REQUIRE_ROOT();
	install_programs(root);
	tu_mkdir(root, SMRSH, 02755);
	tu_chown(root, SMRSH, 115, 122);
	/* An approved name that is not what create would link, and a
	 * program nobody approved. */
	tu_symlink(root, "/bin/true", SMRSH "/vacation");
	tu_symlink(root, "/bin/sh", SMRSH "/sh");

	doc = run(1, root, "create", "-n", NULL);
	assert_null(tu_find_finding(doc, "smrsh.link", SMRSH "/vacation"));
	json_decref(doc);
	doc = run(1, root, "create", NULL, NULL);
	f = tu_expect_finding(doc, "smrsh.entry-kept", SMRSH "/vacation", "low");
	assert_string_equal(tu_str(f, "actual"), "/bin/true");
	f = tu_expect_finding(doc, "smrsh.entry-unapproved", SMRSH "/sh", "medium");
	assert_false(json_is_true(json_object_get(f, "fixed")));
	json_decref(doc);
	l = link_of(root, SMRSH "/vacation");
	assert_string_equal(l, "/bin/true");
	free(l);
	l = link_of(root, SMRSH "/sh");
	assert_string_equal(l, "/bin/sh");
	free(l);
	/* The approved program that was missing was linked all the same. */
	l = link_of(root, SMRSH "/mail.local");
	assert_string_equal(l, "/usr/libexec/sendmail/mail.local");
	free(l);

	/* An entry that ends at the same program is what was wanted. */
	tu_unlink(root, SMRSH "/vacation");
	tu_unlink(root, SMRSH "/sh");
	tu_symlink(root, "../../../usr/bin/vacation", SMRSH "/vacation");
	doc = run(0, root, "create", NULL, NULL);
	tu_expect_no_finding(doc, "smrsh.entry-kept", NULL);
	json_decref(doc);
}

/* A program someone other than root can change is never linked. */
static void
test_unsafe_program_not_linked(void **state)
{
	char *root = *state;
	json_t *doc;

	TU_REQUIRE_ROOT();
	tu_write(root, "usr/bin/vacation", "#!/bin/sh\n", 0757);
	doc = run(1, root, "create", NULL, NULL);
	tu_expect_finding(doc, "smrsh.program-unsafe", SMRSH "/vacation", "medium");
	json_decref(doc);
	assert_false(tu_lexists(root, SMRSH "/vacation", NULL));
}

/* A symlink where the directory belongs is never followed. */
static void
test_symlinked_directory_not_followed(void **state)
{
	char *root = *state;
	json_t *doc;

	TU_REQUIRE_ROOT();
	install_programs(root);
	tu_mkdir(root, "elsewhere", 0755);
	tu_symlink(root, "/elsewhere", SMRSH);
	doc = run(1, root, "create", NULL, NULL);
	tu_expect_finding(doc, "tree.type", SMRSH, "high");
	json_decref(doc);
	assert_false(tu_lexists(root, "elsewhere/vacation", NULL));
}

static void
test_profile_check_smrsh_search(void **state)
{
	char *root = *state, *err = NULL;
	char *file = tu_path(root, "bad.profile");
	int st;

	tu_write(root, "bad.profile", "name bad\njail /var/mailjail\n"
	    "dir / root root 0755\nsmrsh-search usr/bin\nsmrsh-search\n", 0644);
	st = tu_run(NULL, &err, "-r", root, "profile", "check", file, NULL);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, "bad.profile:4: smrsh-search directory "
	    "'usr/bin' is not an absolute path"));
	assert_non_null(strstr(err, "bad.profile:5: 'smrsh-search' needs"));
	free(err);
	free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_directory_created_and_programs_linked, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_dry_run_predicts_exactly, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_directory_drift_reported_and_repaired, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_existing_entries_left_alone_and_reported, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_unsafe_program_not_linked, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_symlinked_directory_not_followed, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_profile_check_smrsh_search, tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
