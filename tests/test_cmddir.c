/*
 * test_cmddir.c -- reading the program directory compiled into smrsh.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "cmddir.h"

static void
test_shapes(void **state)
{
	(void)state;
	assert_true(cmddir_is_candidate("/etc/mail/smrsh"));
	assert_true(cmddir_is_candidate("/etc/smrsh"));
	assert_true(cmddir_is_candidate("/usr/adm/sm.bin"));
	assert_true(cmddir_is_candidate("/usr/libexec/sm.bin"));
	assert_false(cmddir_is_candidate("/usr/bin:/bin"));
	assert_false(cmddir_is_candidate("/bin/sh"));
	assert_false(cmddir_is_candidate("/etc/mail/smrsh/"));
	assert_false(cmddir_is_candidate("/etc//smrsh"));
	assert_false(cmddir_is_candidate("/etc/../smrsh/.."));
	assert_false(cmddir_is_candidate("/build/smrsh/smrsh.c"));
	assert_false(cmddir_is_candidate("%s/smrsh"));
	assert_false(cmddir_is_candidate("/etc/mail smrsh"));
	assert_true(cmddir_is_dirlike("/usr/libexec/sendmail.d/bin"));
	assert_false(cmddir_is_dirlike("/usr/bin:/bin"));
	assert_false(cmddir_is_dirlike("/"));
}

static int
scan(const void *buf, size_t len, struct cmddir_scan *s)
{
	char *root = tu_mkroot();
	int fd = tu_create(root, "smrsh", buf, len, 0755), r;

	r = cmddir_scan_fd(fd, s);
	close(fd);
	tu_rmroot(root);
	return r;
}

static void
put(char *buf, size_t *at, const char *s)
{
	memcpy(buf + *at, s, strlen(s));
	*at += strlen(s) + 1;
}

static void
test_scan(void **state)
{
	struct cmddir_scan s;
	size_t len = 200000, at = 16;
	char *buf = calloc(1, len);

	(void)state;
	memcpy(buf, "\177ELF", 4);
	put(buf, &at, "/lib64/ld-linux-x86-64.so.2");
	put(buf, &at, "/usr/bin:/bin");
	put(buf, &at, "/ab");			/* too short for strings(1) */
	put(buf, &at, "xx/var/lib/smrsh");	/* grep ^/ would not see it */
	put(buf, &at, "/etc/mail/smrsh");
	put(buf, &at, "/etc/mail/smrsh");	/* duplicates count once */
	/* One candidate straddles the 64 KiB chunk boundary. */
	at = 65536 - 6;
	put(buf, &at, "/usr/adm/sm.bin");
	/* A printable run longer than any path is not a path. */
	at = 100000;
	memset(buf + at, 'a', 5000);
	buf[at] = '/';
	memcpy(buf + at + 4990, "/smrsh", 6);
	/* The end of the file ends a run too (no NUL after it). */
	memcpy(buf + len - 10, "/etc/smrsh", 10);

	assert_int_equal(scan(buf, len, &s), 0);
	assert_int_equal(s.ncandidates, 3);
	assert_string_equal(s.candidates[0], "/etc/mail/smrsh");
	assert_string_equal(s.candidates[1], "/usr/adm/sm.bin");
	assert_string_equal(s.candidates[2], "/etc/smrsh");
	assert_true(cmddir_scan_has(&s, "/lib64/ld-linux-x86-64.so.2"));
	assert_false(cmddir_scan_has(&s, "/usr/bin:/bin"));
	assert_false(cmddir_scan_has(&s, "/var/lib/smrsh"));
	assert_false(cmddir_scan_has(&s, "/ab"));
	assert_int_equal(s.scanned, len);
	cmddir_scan_free(&s);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
