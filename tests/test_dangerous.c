/*
 * test_dangerous.c -- recognising shells, interpreters and command runners
 * by name, and scripts and multi-call binaries by content.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "dangerous.h"

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(dangerous_name("sh"), DANGER_SHELL);
	assert_int_equal(dangerous_name("/usr/bin/dash"), DANGER_SHELL);
	assert_int_equal(dangerous_name("BASH"), DANGER_SHELL);
	assert_int_equal(dangerous_name("perl5.36.0"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("python3.11"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("php8.2"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("lua5.4"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("tclsh8.6"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("gawk"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("sed"), DANGER_INTERPRETER);
	assert_int_equal(dangerous_name("env"), DANGER_RUNNER);
	assert_int_equal(dangerous_name("xargs"), DANGER_RUNNER);
	assert_int_equal(dangerous_name("find"), DANGER_RUNNER);
	assert_int_equal(dangerous_name("busybox"), DANGER_MULTICALL);
	assert_int_equal(dangerous_name("vim.basic"), DANGER_EDITOR);
	assert_int_equal(dangerous_name("socat"), DANGER_NETWORK);
	assert_int_equal(dangerous_name("doas"), DANGER_PRIVILEGE);
	assert_int_equal(dangerous_name("strace"), DANGER_DEBUGGER);
	/* The programs smrsh directories are meant for. */
	assert_int_equal(dangerous_name("vacation"), DANGER_NONE);
	assert_int_equal(dangerous_name("procmail"), DANGER_NONE);
	assert_int_equal(dangerous_name("mail.local"), DANGER_NONE);
	assert_int_equal(dangerous_name("sensible-mda"), DANGER_NONE);
	assert_int_equal(dangerous_name("maildrop"), DANGER_NONE);
	/* Exact names are exact: "sh" is not a prefix family. */
	assert_int_equal(dangerous_name("shred"), DANGER_NONE);
	assert_int_equal(dangerous_name("envelope"), DANGER_NONE);
	assert_int_equal(dangerous_name(""), DANGER_NONE);
	assert_int_equal(dangerous_name("/usr/bin/"), DANGER_NONE);
	assert_false(danger_runs_commands(DANGER_SHELL));
	assert_false(danger_runs_commands(DANGER_NONE));
	assert_true(danger_runs_commands(DANGER_RUNNER));
	assert_true(danger_runs_commands(DANGER_MULTICALL));
}

/* Write buf to a scratch file and inspect it. */
static int
inspect(const char *root, const void *buf, size_t len, struct program_info *pi)
{
	struct stat st;
	int fd = tu_create(root, "prog", buf, len, 0755), r;

	assert_int_equal(fstat(fd, &st), 0);
	r = program_inspect(fd, &st, pi);
	close(fd);
	return r;
}

static void
test_shebang(void **state)
{
	const char *root = *state;
	struct program_info pi;
	static const char s1[] = "#!  /usr/bin/perl -w -T \t\r\nprint;\n";
	static const char s2[] = "#!/bin/sh\n";
	static const char s3[] = "#!/bin/sh";

	assert_int_equal(inspect(root, s1, sizeof(s1) - 1, &pi), 0);
	assert_true(pi.script);
	assert_false(pi.elf);
	assert_string_equal(pi.interpreter, "/usr/bin/perl");
	assert_string_equal(pi.interp_arg, "-w -T");
	program_info_free(&pi);
	assert_int_equal(inspect(root, s2, sizeof(s2) - 1, &pi), 0);
	assert_string_equal(pi.interpreter, "/bin/sh");
	assert_null(pi.interp_arg);
	program_info_free(&pi);
	/* No newline: the whole (short) file is the #! line. */
	assert_int_equal(inspect(root, s3, sizeof(s3) - 1, &pi), 0);
	assert_string_equal(pi.interpreter, "/bin/sh");
	program_info_free(&pi);
	assert_int_equal(inspect(root, "", 0, &pi), 0);
	assert_false(pi.script || pi.elf);
	program_info_free(&pi);
}

/* Markers are found across the 64 KiB chunk boundary, and only in ELF. */
static void
test_multicall(void **state)
{
	const char *root = *state;
	struct program_info pi;
	size_t len = 3 * 65536, at;
	char *buf = malloc(len);
	static const char *const marks[] = { "BusyBox v1.36.1",
		"--coreutils-prog=", "usage: toybox" };
	size_t i;

	for (i = 0; i < 3; i++) {
		for (at = 65536 - 8; at < 65536 + 1; at += 4) {
			memset(buf, 0, len);
			memcpy(buf, "\177ELF", 4);
			memcpy(buf + at, marks[i], strlen(marks[i]));
			assert_int_equal(inspect(root, buf, len, &pi), 0);
			assert_true(pi.elf);
			assert_non_null(pi.multicall);
			program_info_free(&pi);
		}
	}
	memset(buf, 0, len);
	memcpy(buf, "\177ELF", 4);
	memcpy(buf + 100, "BusyBo", 6);
	assert_int_equal(inspect(root, buf, len, &pi), 0);
	assert_null(pi.multicall);
	program_info_free(&pi);
	/* A text file that mentions BusyBox is not one. */
	memcpy(buf, "text BusyBox v1", 15);
	assert_int_equal(inspect(root, buf, 15, &pi), 0);
	assert_false(pi.elf);
	assert_null(pi.multicall);
	program_info_free(&pi);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_shebang, tu_setup_root,
		    tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_multicall, tu_setup_root,
		    tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
