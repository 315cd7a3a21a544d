/*
 * test_linkchain.c -- hop-by-hop resolution beneath a scratch ROOT.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "linkchain.h"

struct fx {
	char *root;
	int root_fd;
};

static void
mk(struct fx *fx, const char *rel)
{
	tu_write(fx->root, rel, "x\n", 0755);
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = tu_mkroot();
	fx->root_fd = tu_open_root(fx->root);
	mk(fx, "a/c/f");
	mk(fx, "a/b/keep");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	close(fx->root_fd);
	tu_rmroot(fx->root);
	free(fx);
	return 0;
}

static void
resolve_ok(struct fx *fx, const char *path, const char *want,
    struct lc_result *res)
{
	assert_int_equal(linkchain_resolve(fx->root_fd, path, 0, NULL, res), 0);
	if (res->status != LC_OK)
		fail_msg("%s: status %d at %s", path, res->status,
		    res->path ? res->path : "?");
	assert_string_equal(res->path, want);
}

/* Relative targets continue from the link's directory. */
static void
test_relative(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;

	tu_symlink(fx->root, "../c/f", "a/b/l");
	resolve_ok(fx, "/a/b/l", "/a/c/f", &res);
	assert_int_equal(res.nhops, 1);
	assert_string_equal(res.hops[0].link, "/a/b/l");
	assert_string_equal(res.hops[0].target, "../c/f");
	assert_true(S_ISREG(res.st.st_mode));
	linkchain_result_free(&res);
}

/* Absolute targets restart at ROOT; ".." at ROOT stays there. */
static void
test_absolute_and_dotdot(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;

	tu_symlink(fx->root, "/a/b/../c/./f", "x");
	resolve_ok(fx, "/x", "/a/c/f", &res);
	linkchain_result_free(&res);
	tu_symlink(fx->root, "../../../../../a/c/f", "a/b/up");
	resolve_ok(fx, "/a/b/up", "/a/c/f", &res);
	linkchain_result_free(&res);
	resolve_ok(fx, "//a/../../a//c/", "/a/c", &res);
	assert_true(S_ISDIR(res.st.st_mode));
	assert_int_equal(res.dirfd, -1);
	assert_null(res.name);
	linkchain_result_free(&res);
}

/* A link to /etc/passwd is the scratch root's file, never the host's. */
static void
test_contained(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;
	struct stat mine;
	char *p = tu_path(fx->root, "etc/passwd");

	tu_symlink(fx->root, "/etc/passwd", "a/pw");
	resolve_ok(fx, "/a/pw", "/etc/passwd", &res);
	assert_int_equal(stat(p, &mine), 0);
	assert_true(res.st.st_ino == mine.st_ino && res.st.st_dev == mine.st_dev);
	free(p);
	linkchain_result_free(&res);
}

/* The directory and name handed back reopen the very same file. */
static void
test_reopen(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;
	struct stat st;
	int fd;

	tu_symlink(fx->root, "c", "a/cdir");
	resolve_ok(fx, "/a/cdir/f", "/a/c/f", &res);
	assert_string_equal(res.name, "f");
	fd = openat(res.dirfd, res.name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(st.st_ino == res.st.st_ino);
	close(fd);
	linkchain_result_free(&res);
}

static void
test_missing_and_notdir(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;

	tu_symlink(fx->root, "/nope/x", "d");
	assert_int_equal(linkchain_resolve(fx->root_fd, "/d", 0, NULL, &res), 0);
	assert_int_equal(res.status, LC_MISSING);
	assert_string_equal(res.path, "/nope");
	assert_int_equal(res.nhops, 1);
	linkchain_result_free(&res);

	assert_int_equal(linkchain_resolve(fx->root_fd, "/a/c/f/g", 0, NULL, &res), 0);
	assert_int_equal(res.status, LC_NOTDIR);
	assert_string_equal(res.path, "/a/c/f");
	linkchain_result_free(&res);
	/* A trailing slash demands a directory. */
	assert_int_equal(linkchain_resolve(fx->root_fd, "/a/c/f/", 0, NULL, &res), 0);
	assert_int_equal(res.status, LC_NOTDIR);
	linkchain_result_free(&res);

	assert_int_equal(linkchain_resolve(fx->root_fd, "a/c/f", 0, NULL, &res),
	    -EINVAL);
	linkchain_result_free(&res);
}

/* 40 hops resolve, like the kernel; the 41st is a loop. */
static void
test_hop_limit(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;
	char name[32], target[32];
	int i;

	for (i = 1; i <= 41; i++) {
		(void)snprintf(name, sizeof(name), "h%d", i);
		if (i == 1)
			(void)snprintf(target, sizeof(target), "a/c/f");
		else
			(void)snprintf(target, sizeof(target), "h%d", i - 1);
		tu_symlink(fx->root, target, name);
	}
	resolve_ok(fx, "/h40", "/a/c/f", &res);
	assert_int_equal(res.nhops, 40);
	linkchain_result_free(&res);
	assert_int_equal(linkchain_resolve(fx->root_fd, "/h41", 0, NULL, &res), 0);
	assert_int_equal(res.status, LC_LOOP);
	assert_int_equal(res.nhops, LC_MAX_HOPS);
	linkchain_result_free(&res);

	tu_symlink(fx->root, "l2", "l1");
	tu_symlink(fx->root, "l1", "l2");
	assert_int_equal(linkchain_resolve(fx->root_fd, "/l1", 0, NULL, &res), 0);
	assert_int_equal(res.status, LC_LOOP);
	linkchain_result_free(&res);
}

static void
test_nofollow(void **state)
{
	struct fx *fx = *state;
	struct lc_result res;

	tu_symlink(fx->root, "c", "a/lc");
	assert_int_equal(linkchain_resolve(fx->root_fd, "/a/lc/f", LC_NOFOLLOW,
	    NULL, &res), 0);
	assert_int_equal(res.status, LC_SYMLINK);
	assert_string_equal(res.path, "/a/lc");
	assert_int_equal(res.nhops, 0);
	linkchain_result_free(&res);
}

struct visits {
	char log[1024];
};

static void
visit(void *arg, int dirfd, const struct stat *st, const char *path,
    const char *child, const struct stat *child_st)
{
	struct visits *v = arg;
	size_t n = strlen(v->log);

	assert_true(dirfd >= 0 && S_ISDIR(st->st_mode));
	(void)snprintf(v->log + n, sizeof(v->log) - n, "%s:%s%s ", path, child,
	    child_st ? "" : "(missing)");
}

/* Every directory a name is looked up in is shown, in order. */
static void
test_visitor(void **state)
{
	struct fx *fx = *state;
	struct visits v = { "" };
	struct lc_visitor vis = { visit, &v };
	struct lc_result res;

	tu_symlink(fx->root, "/a/c/f", "a/b/l");
	assert_int_equal(linkchain_resolve(fx->root_fd, "/a/b/l", 0, &vis, &res), 0);
	assert_int_equal(res.status, LC_OK);
	assert_string_equal(v.log, "/:a /a:b /a/b:l /:a /a:c /a/c:f ");
	linkchain_result_free(&res);

	v.log[0] = '\0';
	assert_int_equal(linkchain_resolve(fx->root_fd, "/a/zz", 0, &vis, &res), 0);
	assert_string_equal(v.log, "/:a /a:zz(missing) ");
	linkchain_result_free(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_and_dotdot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_contained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_notdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hop_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nofollow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visitor, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
