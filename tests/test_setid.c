/*
 * test_setid.c -- jailctl refuses to run set-user-ID or set-group-ID.
 *
 * A set-id copy of the plain binary, run by nobody, must neither read a
 * file only root may read (profile check /etc/shadow, --cf /etc/shadow)
 * nor change anything (--jail DIR create): it says so in one line and
 * exits 2.  The copy lives in a scratch directory and is removed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "testutil.h"

#define NOBODY 65534

struct copy {
	char dir[32];
	char *bin;
	char jail[40];		/* a root-owned 1777 directory, or "" */
};

/*
 * A copy of jailctl/jailctl, root-owned, with `mode` (04755, 02755).  The
 * fixture's teardown removes it however the test ends: a set-id root
 * binary must not outlive it.
 */
static void
make_copy(struct copy *c, mode_t mode)
{
	char *src = tu_srcfile("jailctl/jailctl"), *text;
	struct statvfs vfs;
	FILE *f;
	size_t len;

	TU_REQUIRE_ROOT();
	strcpy(c->dir, "/tmp/jailctl-setid.XXXXXX");
	assert_non_null(mkdtemp(c->dir));
	assert_int_equal(chmod(c->dir, 0755), 0);
	assert_true(asprintf(&c->bin, "%s/jailctl", c->dir) > 0);
	f = fopen(src, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = (size_t)ftell(f);
	rewind(f);
	text = malloc(len);
	assert_int_equal(fread(text, 1, len, f), len);
	fclose(f);
	tu_write_bytes("/", c->bin, text, len, 0700);
	free(text);
	free(src);
	assert_int_equal(chown(c->bin, 0, 0), 0);
	assert_int_equal(chmod(c->bin, mode), 0);
	assert_int_equal(statvfs(c->dir, &vfs), 0);
	if (vfs.f_flag & ST_NOSUID) {
		print_message("skipped: /tmp is mounted nosuid\n");
		skip();
	}
}

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct copy));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct copy *c = *state;

	if (c->bin != NULL)
		(void)unlink(c->bin);
	if (c->dir[0] != '\0')
		(void)rmdir(c->dir);
	if (c->jail[0] != '\0')
		(void)rmdir(c->jail);
	free(c->bin);
	free(c);
	return 0;
}

/* Run the copy as nobody. */
static int
run_as_nobody(const char *bin, const char *const argv[], char **out, char **err)
{
	const char *saved = getenv("JAILCTL_BIN");
	char *keep = saved != NULL ? strdup(saved) : NULL;
	int st;

	setenv("JAILCTL_BIN", bin, 1);
	st = tu_runv_as(NOBODY, NOBODY, out, err, (char *const *)argv);
	if (keep != NULL)
		setenv("JAILCTL_BIN", keep, 1);
	else
		unsetenv("JAILCTL_BIN");
	free(keep);
	return st;
}

/* Exit 2 and one line on stderr, nothing else. */
static void
expect_refused(const char *bin, const char *const argv[])
{
	char *out, *err;
	int st = run_as_nobody(bin, argv, &out, &err);

	if (st != 2 || strchr(err, '\n') != err + strlen(err) - 1)
		print_error("exit %d\nstdout: %s\nstderr: %s\n", st, out, err);
	assert_int_equal(st, 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "set-user-ID or set-group-ID"));
	/* One line. */
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1);
	free(out);
	free(err);
}

static void
run_all(struct copy *c, mode_t mode)
{
	struct stat before, after;

	make_copy(c, mode);
	strcpy(c->jail, "/tmp/jailctl-setid-jail.XXXXXX");
	assert_non_null(mkdtemp(c->jail));
	assert_int_equal(chmod(c->jail, 01777), 0);
	assert_int_equal(stat(c->jail, &before), 0);

	const char *const check[] = { "profile", "check", "/etc/shadow", NULL };
	expect_refused(c->bin, check);
	const char *const cf[] = { "--cf", "/etc/shadow", "audit", "config", NULL };
	expect_refused(c->bin, cf);
	const char *const create[] = { "--jail", c->jail, "create", NULL };
	expect_refused(c->bin, create);
	/* The root-owned 1777 directory was not touched. */
	assert_int_equal(stat(c->jail, &after), 0);
	assert_int_equal(after.st_mode, before.st_mode);
	assert_int_equal(after.st_uid, before.st_uid);
	assert_int_equal(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
	assert_int_equal(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
}

static void
test_setuid_copy_refuses(void **state)
{
	run_all(*state, 04755);
}

static void
test_setgid_copy_refuses(void **state)
{
	run_all(*state, 02755);
}

/* The same binary, not set-id, still runs for nobody. */
static void
test_plain_copy_runs(void **state)
{
	struct copy *c = *state;
	char *out, *err;
	int st;

	make_copy(c, 0755);
	const char *const ver[] = { "--version", NULL };
	st = run_as_nobody(c->bin, ver, &out, &err);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "jailctl"));
	free(out);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setuid_copy_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setgid_copy_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_copy_runs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
