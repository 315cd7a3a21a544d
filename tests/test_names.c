/*
 * test_names.c -- names come from ROOT's files, scanned lazily or loaded,
 * with the same answers either way.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"

#include "names.h"

static void
check_answers(const struct names *n)
{
	uid_t uid;
	gid_t gid;

	assert_int_equal(names_uid(n, "alice", &uid), 0);
	assert_int_equal(uid, 1001);
	assert_int_equal(names_uid(n, "smmta", &uid), 0);
	assert_int_equal(uid, 115);
	assert_int_equal(names_uid(n, "nosuchuser", &uid), -ENOENT);
	assert_int_equal(names_gid(n, "smmsp", &gid), 0);
	assert_int_equal(gid, 122);
	assert_int_equal(names_user_gid(n, 1002, &gid), 0);
	assert_int_equal(gid, 1002);
	assert_string_equal(names_user(n, 8), "mail");
	assert_string_equal(names_group(n, 121), "smmta");
	assert_null(names_user(n, 4242));
	assert_true(names_in_group(n, "smmta", 122));
	assert_false(names_in_group(n, "alice", 122));
	/* A user listed far down a large passwd. */
	assert_int_equal(names_uid(n, "u4999", &uid), 0);
	assert_int_equal(uid, 24999);
	assert_string_equal(names_user(n, 20017), "u17");
}

static void
test_scanned_and_loaded_agree(void **state)
{
	char *root = tu_mkroot();
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	char line[64];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(line, sizeof(line), "u%d:x:%d:8::/home/u%d:/bin/sh", i, 20000 + i, i);
		tu_append(root, "etc/passwd", line);
	}
	/* The host's names are not consulted: "nobody" exists only there. */
	struct names *lazy = names_load(fd, false), *loaded = names_load(fd, false);
	uid_t uid;
	assert_int_equal(names_uid(lazy, "nobody", &uid), -ENOENT);
	check_answers(lazy);
	names_preload(loaded);
	check_answers(loaded);
	/* Past the scan limit the lazy one loads its tables; same answers. */
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "u%d", i);
		assert_int_equal(names_uid(lazy, line, &uid), 0);
		assert_int_equal(uid, (uid_t)(20000 + i));
	}
	check_answers(lazy);
	names_free(lazy);
	names_free(loaded);
	close(fd);
	tu_rmroot(root);
}

static void
test_missing_files_mean_no_names(void **state)
{
	char *root = tu_mkroot(), *p = tu_path(root, "etc/passwd");
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct names *n;
	uid_t uid;

	(void)state;
	assert_int_equal(unlink(p), 0);
	n = names_load(fd, false);
	assert_int_equal(names_uid(n, "root", &uid), -ENOENT);
	names_preload(n);
	assert_int_equal(names_uid(n, "root", &uid), -ENOENT);
	names_free(n);
	close(fd);
	free(p);
	tu_rmroot(root);
}

/*
 * A passwd or group file that names someone twice, or gives one id two
 * names: the first line wins, as getpwnam(3) and getpwuid(3) have it,
 * whether the answer comes from a scan or from the loaded tables.  Else
 * the owner a content rule expects for "alice" (tables) could differ from
 * the one a profile entry resolved for "alice" (scan).
 */
static void
check_first_wins(const struct names *n)
{
	uid_t uid;
	gid_t gid;

	assert_int_equal(names_uid(n, "alice", &uid), 0);
	assert_int_equal(uid, 1001);
	assert_int_equal(names_gid(n, "mail", &gid), 0);
	assert_int_equal(gid, 8);
	assert_string_equal(names_user(n, 0), "root");
	assert_string_equal(names_user(n, 4000), "first");
	assert_string_equal(names_group(n, 4000), "gfirst");
}

static void
test_duplicates_first_line_wins(void **state)
{
	char *root = tu_mkroot(), line[64];
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	tu_append(root, "etc/passwd", "alice:x:0:0::/root:/bin/sh");
	tu_append(root, "etc/passwd", "toor:x:0:0::/root:/bin/sh");
	tu_append(root, "etc/group", "mail:x:0:");
	for (int i = 0; i < 64; i++) {
		/* Names that sort on either side of the duplicates. */
		snprintf(line, sizeof(line), "%s%02d:x:%d:8::/:/bin/sh",
		    i % 2 ? "a" : "z", i, 4000);
		if (i == 0)
			snprintf(line, sizeof(line), "first:x:4000:8::/:/bin/sh");
		tu_append(root, "etc/passwd", line);
		snprintf(line, sizeof(line), "%s%02d:x:4000:", i % 2 ? "a" : "z", i);
		if (i == 0)
			snprintf(line, sizeof(line), "gfirst:x:4000:");
		tu_append(root, "etc/group", line);
	}
	struct names *lazy = names_load(fd, false), *loaded = names_load(fd, false);
	check_first_wins(lazy);
	names_preload(loaded);
	check_first_wins(loaded);
	names_free(lazy);
	names_free(loaded);
	close(fd);
	tu_rmroot(root);
}

/*
 * openat2() with RESOLVE_BENEATH or RESOLVE_IN_ROOT fails with EAGAIN when
 * a rename elsewhere on the system raced its walk (rename_lock moved) --
 * on a mail server, renames in the queue never stop.  The kernel asks the
 * caller to retry; a lookup must not turn that into "no such user".
 * testutil's syscall() stands in for libc's to stage it.
 */


static void
test_openat2_eagain_is_retried(void **state)
{
	char *root = tu_mkroot();
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct names *n = names_load(fd, false);
	uid_t uid;

	(void)state;
	tu_fail_openat2(EAGAIN, 2);
	assert_int_equal(names_uid(n, "alice", &uid), 0);
	assert_int_equal(uid, 1001);
	assert_int_equal(tu_openat2_failures_left(), 0);
	names_free(n);
	close(fd);
	tu_rmroot(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanned_and_loaded_agree),
		cmocka_unit_test(test_missing_files_mean_no_names),
		cmocka_unit_test(test_duplicates_first_line_wins),
		cmocka_unit_test(test_openat2_eagain_is_retried),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
