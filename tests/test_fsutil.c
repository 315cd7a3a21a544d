/*
 * test_fsutil.c -- open_beneath() on a kernel without openat2(): the
 * per-component fallback must keep every promise openat2 keeps.  openat2
 * answers ENOSYS (tu_fail_openat2), as a 5.4 kernel would.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"

#include "fsutil.h"


struct fx {
	char *root;
	int fd;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = tu_mkroot();
	fx->fd = open(fx->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	tu_write(fx->root, "usr/lib/os-release", "ID=inside\n", 0644);
	tu_write(fx->root, "etc/real.cf", "inside\n", 0644);
	/* Absolute targets mean ROOT/..., relative ones their directory. */
	tu_symlink(fx->root, "/usr/lib/os-release", "etc/abs-link");
	tu_symlink(fx->root, "../usr/lib/os-release", "etc/rel-link");
	tu_symlink(fx->root, "../../../../../../etc/real.cf", "etc/dotdot-link");
	tu_symlink(fx->root, "/etc", "var/etc-link");
	tu_symlink(fx->root, "loop-b", "etc/loop-a");
	tu_symlink(fx->root, "loop-a", "etc/loop-b");
	tu_fail_openat2(ENOSYS, -1);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	close(fx->fd);
	tu_rmroot(fx->root);
	free(fx);
	return 0;
}

/* What the opened fd holds: its first line. */
static void
assert_reads(int fd, const char *want)
{
	char buf[64] = "";
	struct stat st;

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	int rfd = fd;
	char proc[64];
	/* O_PATH fds cannot be read: reopen through /proc. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	rfd = open(proc, O_RDONLY | O_CLOEXEC);
	assert_true(rfd >= 0);
	assert_true(read(rfd, buf, sizeof(buf) - 1) > 0);
	assert_int_equal(strncmp(buf, want, strlen(want)), 0);
	close(rfd);
	close(fd);
}

static void
test_follow_stays_beneath_root(void **state)
{
	struct fx *fx = *state;

	assert_reads(open_beneath(fx->fd, "/etc/abs-link", O_RDONLY, true), "ID=inside");
	assert_reads(open_beneath(fx->fd, "etc/rel-link", O_RDONLY, true), "ID=inside");
	/* ".." at ROOT stays at ROOT. */
	assert_reads(open_beneath(fx->fd, "etc/dotdot-link", O_RDONLY, true), "inside");
	assert_reads(open_beneath(fx->fd, "/var/etc-link/real.cf", O_RDONLY, true), "inside");
	/* An O_PATH open follows a final link too, as RESOLVE_IN_ROOT does. */
	assert_reads(open_beneath(fx->fd, "etc/abs-link", O_PATH, true), "ID=inside");
	assert_int_equal(open_beneath(fx->fd, "etc/loop-a", O_RDONLY, true), -ELOOP);
	/* O_NOFOLLOW asks for the final link itself, in either mode. */
	for (int follow = 0; follow < 2; follow++) {
		struct stat st;
		int fd = open_beneath(fx->fd, "etc/abs-link", O_PATH | O_NOFOLLOW, follow);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		close(fd);
	}
	assert_int_equal(open_beneath(fx->fd, "etc/none", O_RDONLY, true), -ENOENT);
}

static void
test_no_follow_refuses_every_link(void **state)
{
	struct fx *fx = *state;

	assert_reads(open_beneath(fx->fd, "etc/real.cf", O_RDONLY, false), "inside");
	assert_int_equal(open_beneath(fx->fd, "etc/abs-link", O_RDONLY, false), -ELOOP);
	/* Even an O_PATH open, which would pin the link itself. */
	assert_int_equal(open_beneath(fx->fd, "etc/abs-link", O_PATH, false), -ELOOP);
	/* A link on the way is a link too. */
	assert_true(open_beneath(fx->fd, "var/etc-link/real.cf", O_RDONLY, false) < 0);
	assert_true(open_beneath(fx->fd, "etc/../etc/real.cf", O_RDONLY, false) < 0);
}

static void
test_open_regular_beneath(void **state)
{
	struct fx *fx = *state;
	struct stat st;

	assert_reads(open_regular_beneath(fx->fd, "etc/abs-link", &st), "ID=inside");
	assert_int_equal(open_regular_beneath(fx->fd, "var/etc-link", &st), -EISDIR);
	tu_mkfifo(fx->root, "etc/fifo", 0600);
	assert_int_equal(open_regular_beneath(fx->fd, "etc/fifo", &st), -EINVAL);
	assert_true(S_ISFIFO(st.st_mode));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_follow_stays_beneath_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_follow_refuses_every_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_regular_beneath, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
