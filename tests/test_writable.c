/*
 * test_writable.c -- who besides root and the owner can write an object,
 * from the mode bits and from the access ACL (mask applied).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "writable.h"

struct fx {
	char *root;
	char *file;
	char *dir;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = tu_mkroot();
	tu_write(fx->root, "d/f", "x\n", 0755);
	fx->file = tu_path(fx->root, "d/f");
	fx->dir = tu_path(fx->root, "d");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	free(fx->file);
	free(fx->dir);
	tu_rmroot(fx->root);
	free(fx);
	return 0;
}

/* Apply mode and (optionally) an ACL, then ask through an fd of `flags`. */
static void
ask(const char *path, mode_t mode, const char *acl_text, int flags,
    struct writable *w)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	if (acl_text != NULL)
		tu_set_acl_fd(fd, acl_text);
	close(fd);
	fd = open(path, flags | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(writable_get(fd, &st, w), 0);
	close(fd);
}

static void
test_mode(void **state)
{
	struct fx *fx = *state;
	struct writable w;
	struct stat st;
	char *d;

	ask(fx->file, 0755, NULL, O_RDONLY, &w);
	assert_false(writable_any(&w));
	writable_free(&w);
	ask(fx->file, 0775, NULL, O_RDONLY, &w);
	assert_true(w.group && !w.other && !w.acl);
	assert_int_equal(stat(fx->file, &st), 0);
	d = writable_describe(&w, &st, NULL);
	assert_non_null(strstr(d, "group gid "));
	assert_non_null(strstr(d, "(mode)"));
	free(d);
	writable_free(&w);
	/* The owner's own write bit never counts: the owner is judged apart. */
	ask(fx->file, 0757, NULL, O_RDONLY, &w);
	assert_true(!w.group && w.other);
	writable_free(&w);
}

static void
test_acl(void **state)
{
	struct fx *fx = *state;
	struct writable w;

	ask(fx->file, 0755, "u::rwx,u:1001:rwx,g::r-x,g:1002:rw-,m::rwx,o::r-x",
	    O_RDONLY, &w);
	assert_true(w.acl);
	assert_false(w.group || w.other);
	assert_int_equal(w.nusers, 1);
	assert_int_equal(w.users[0], 1001);
	assert_int_equal(w.ngroups, 1);
	assert_int_equal(w.groups[0], 1002);
	writable_free(&w);
	/* The mask takes write away from named entries and the group. */
	ask(fx->file, 0755, "u::rwx,u:1001:rwx,g::rwx,m::r-x,o::r-x", O_RDONLY, &w);
	assert_false(writable_any(&w));
	writable_free(&w);
	/* A named entry for root is root. */
	ask(fx->file, 0755, "u::rwx,u:0:rwx,g::r-x,m::rwx,o::r-x", O_RDONLY, &w);
	assert_false(writable_any(&w));
	writable_free(&w);
}

/* O_PATH fds work: directories through ".", files through /proc. */
static void
test_opath(void **state)
{
	struct fx *fx = *state;
	struct writable w;

	ask(fx->dir, 0755, "u::rwx,u:1001:rwx,g::r-x,m::rwx,o::r-x", O_PATH, &w);
	assert_int_equal(w.nusers, 1);
	writable_free(&w);
	ask(fx->file, 0755, "u::rwx,u:1002:rwx,g::r-x,m::rwx,o::r-x", O_PATH, &w);
	assert_int_equal(w.nusers, 1);
	assert_int_equal(w.users[0], 1002);
	writable_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_opath, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
