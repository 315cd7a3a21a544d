/*
 * test_lock.c -- a cron run and an Ansible run cannot interleave.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include "testutil.h"

#include "lock.h"

static void
test_exclusive_excludes_everyone(void **state)
{
	char *root = tu_mkroot();
	int holder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int other = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	/* A mutating run holds the root... */
	assert_int_equal(lock_root(holder, true, 0), 0);
	/* ...so neither another fix nor a verify gets in. */
	assert_int_equal(lock_root(other, true, 0), -EWOULDBLOCK);
	assert_int_equal(lock_root(other, false, 0), -EWOULDBLOCK);
	assert_int_equal(flock(holder, LOCK_UN), 0);
	assert_int_equal(lock_root(other, false, 0), 0);
	close(holder);
	close(other);
	tu_rmroot(root);
}

static void
test_readers_share(void **state)
{
	char *root = tu_mkroot();
	int a = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int b = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)state;
	assert_int_equal(lock_root(a, false, 0), 0);
	assert_int_equal(lock_root(b, false, 0), 0);
	/* A fix waits for the readers (here: gives up at once). */
	int c = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_int_equal(lock_root(c, true, 0), -EWOULDBLOCK);
	close(a);
	close(b);
	close(c);
	tu_rmroot(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exclusive_excludes_everyone),
		cmocka_unit_test(test_readers_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
