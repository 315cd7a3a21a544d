/*
 * test_lock.c -- one tree is changed by one jailctl at a time, and no one
 * else can make it wait.
 *
 * The lock directory is a scratch one ($JAILCTL_RUNDIR), never the host's
 * /run; a short $JAILCTL_LOCK_TIMEOUT keeps the waits short.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "lock.h"

#define NOBODY 65534

struct fx {
	char *root;
	char rundir[40];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->root = tu_mkroot();
	strcpy(f->rundir, "/tmp/jailctl-run.XXXXXX");
	if (mkdtemp(f->rundir) == NULL)
		return -1;
	setenv("JAILCTL_RUNDIR", f->rundir, 1);
	setenv("JAILCTL_LOCK_TIMEOUT", "1", 1);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmtree(f->rundir);
	tu_rmroot(f->root);
	unsetenv("JAILCTL_LOCK_TIMEOUT");
	free(f);
	return 0;
}

/*
 * What any user could do before: flock the root directory (which anyone
 * may open) and hold it.  It holds up nothing now, and the lock file
 * itself is out of that user's reach.
 */
static void
test_unprivileged_user_cannot_block_create(void **state)
{
	struct fx *f = *state;
	int ready[2], st;
	char *err, c;
	pid_t pid;

	TU_REQUIRE_ROOT();
	assert_int_equal(chmod(f->root, 0755), 0);
	/* A root run made the lock file already. */
	int held = lock_tree(tu_open_root(f->root), "test");
	assert_true(held >= 0);
	close(held);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
		    setuid(NOBODY) != 0)
			_exit(3);
		int fd = open(f->root, O_RDONLY | O_DIRECTORY);
		if (fd < 0 || flock(fd, LOCK_EX) != 0)
			_exit(4);
		/* Nor can it open the lock directory. */
		if (open(f->rundir, O_RDONLY | O_DIRECTORY) >= 0 || errno != EACCES)
			_exit(5);
		if (write(ready[1], "x", 1) != 1)
			_exit(6);
		pause();
		_exit(0);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	st = tu_run(NULL, &err, "-r", f->root, "-p", "debian", "create", NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (st != 0)
		print_error("stderr: %s\n", err);
	assert_int_equal(st, 0);
	assert_null(strstr(err, "waiting"));
	free(err);
}

/* verify, the audits and every --dry-run take no lock: a fix in progress
 * does not hold them up, and they hold up no fix. */
static void
test_reading_commands_take_no_lock(void **state)
{
	struct fx *f = *state;
	const char *const runs[][4] = {
		{ "verify", NULL }, { "audit", NULL },
		{ "verify", "--fix", "--dry-run", NULL }, { "create", "-n", NULL },
	};
	char *err;
	int held;

	TU_REQUIRE_ROOT();
	held = lock_tree(tu_open_root(f->root), "test");
	assert_true(held >= 0);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		const char *argv[8] = { "-r", f->root, "-p", "debian" };
		for (size_t k = 0; runs[i][k] != NULL; k++)
			argv[4 + k] = runs[i][k];
		int st = tu_runv(NULL, &err, (char *const *)argv);
		if (strstr(err, "lock") != NULL || strstr(err, "waiting") != NULL)
			print_error("%s: exit %d, stderr: %s\n", runs[i][0], st, err);
		assert_null(strstr(err, "waiting"));
		assert_null(strstr(err, "lock"));
		assert_true(st == 0 || st == 1);
		free(err);
	}
	close(held);
}

/* A second create waits, says for whom, and gives up naming the holder. */
static void
test_second_create_waits_then_names_holder(void **state)
{
	struct fx *f = *state;
	char *err, *wait_msg, *gave_up;
	int held, st;

	TU_REQUIRE_ROOT();
	held = lock_tree(tu_open_root(f->root), "test");
	assert_true(held >= 0);
	st = tu_run(NULL, &err, "-r", f->root, "-p", "debian", "create", NULL);
	assert_int_equal(st, 2);
	assert_true(asprintf(&wait_msg, "jailctl: create: waiting for another "
	    "jailctl run (pid %ld) ...\n", (long)getpid()) > 0);
	assert_true(asprintf(&gave_up, "jailctl: create: gave up waiting: "
	    "another jailctl run (pid %ld) still holds ", (long)getpid()) > 0);
	if (strstr(err, wait_msg) == NULL || strstr(err, gave_up) == NULL)
		print_error("stderr: %s\n", err);
	assert_non_null(strstr(err, wait_msg));
	assert_non_null(strstr(err, gave_up));
	/* Said once, not once per try. */
	assert_null(strstr(strstr(err, "waiting for") + 1, "waiting for"));
	free(err);
	free(wait_msg);
	free(gave_up);
	/* The jail was not made. */
	char *jail = tu_path(f->root, "var/mailjail");
	struct stat sb;
	assert_int_equal(lstat(jail, &sb), -1);
	free(jail);
	/* Released: the next one goes through. */
	close(held);
	st = tu_run(NULL, NULL, "-r", f->root, "-p", "debian", "create", NULL);
	assert_int_equal(st, 0);
}

/* A lock directory or file that is not root's own is refused, not used. */
static void
test_lock_place_must_be_roots(void **state)
{
	struct fx *f = *state;
	int root_fd, fd;
	char *lock;
	struct stat st;

	TU_REQUIRE_ROOT();
	root_fd = tu_open_root(f->root);
	assert_int_equal(chmod(f->rundir, 0755), 0);
	assert_int_equal(lock_tree(root_fd, "test"), -1);
	assert_int_equal(chmod(f->rundir, 0700), 0);
	assert_int_equal(chown(f->rundir, 1001, 1001), 0);
	assert_int_equal(lock_tree(root_fd, "test"), -1);
	assert_int_equal(chown(f->rundir, 0, 0), 0);
	/* A symlink as the lock file is not followed. */
	assert_int_equal(fstat(root_fd, &st), 0);
	assert_true(asprintf(&lock, "%s/%ju-%ju.lock", f->rundir,
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino) > 0);
	assert_int_equal(symlink("/etc/passwd", lock), 0);
	assert_int_equal(lock_tree(root_fd, "test"), -1);
	assert_int_equal(unlink(lock), 0);
	fd = lock_tree(root_fd, "test");
	assert_true(fd >= 0);
	assert_int_equal(lstat(lock, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, 0);
	close(fd);
	close(root_fd);
	free(lock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unprivileged_user_cannot_block_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reading_commands_take_no_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_create_waits_then_names_holder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_place_must_be_roots, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
