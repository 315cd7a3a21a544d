/*
 * test_fwdcache.c -- what the .forward audit remembers for a whole run
 * gives the answers it would have got by asking each time.
 *
 * The group file read once (users.h, grp_db) against one pass per
 * question (grp_is_member(), grp_list()), on a file full of the cases
 * getgrgid() and initgroups() treat specially, and as identities that can
 * and cannot read the file; identity switches that nest (fsident.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "testutil.h"

#include "fsident.h"
#include "users.h"

/* Duplicate gids (first one with no members), a member listed twice,
 * groups sharing a member, comments, blank and malformed lines, NIS
 * lines, an empty member, a user that is a prefix of another. */
static const char hostile_group[] =
    "root:x:0:\n"
    "dup:x:500:\n"
    "dup2:x:500:alice,bob\n"
    "staff:x:50:alice,carol,alice\n"
    "# a comment:x:51:alice\n"
    "\n"
    "broken line without colons\n"
    "proj:x:51:bob,,carol\n"
    "proj-again:x:51:alice\n"
    "+nis:x:52:alice\n"
    "-nis2::53:bob\n"
    "al:x:54:al\n"
    "alice2:x:55:alice2,alice\n"
    "spaces:x:56: alice , bob\n"
    "big:x:57:dave,erin,frank,alice\n"
    "nogid:x::alice\n"
    "neg:x:-1:bob\n";

static const char *const users[] = {
	"alice", "bob", "carol", "al", "alice2", "dave", "nobody", "",
	" alice", "erin", NULL,
};
static const gid_t gids[] = { 0, 50, 51, 52, 53, 54, 55, 56, 57, 500, 1001,
	(gid_t)-1 };

static void
compare_all(int root_fd, struct grp_db *db)
{
	for (size_t u = 0; users[u] != NULL; u++) {
		for (size_t g = 0; g < sizeof(gids) / sizeof(gids[0]); g++) {
			gid_t *a = NULL, *b = NULL;
			size_t na = 0, nb = 0;
			int ra, rb;

			if (grp_is_member(root_fd, false, gids[g], users[u]) !=
			    grp_db_is_member(db, gids[g], users[u]))
				fail_msg("is_member(%lu, \"%s\") differs",
				    (unsigned long)gids[g], users[u]);
			ra = grp_list(root_fd, false, users[u], gids[g], &a, &na);
			rb = grp_db_list(db, users[u], gids[g], &b, &nb);
			assert_int_equal(ra, rb);
			assert_int_equal(na, nb);
			if (na > 0)
				assert_memory_equal(a, b, na * sizeof(gid_t));
			free(a);
			free(b);
		}
	}
}

/* @brief Read once, the group file answers as a pass per question does. */
static void
test_group_db_same_answers(void **state)
{
	const char *root = *state;
	struct grp_db *db;
	int root_fd = tu_open_root(root);

	tu_write(root, "etc/group", hostile_group, 0644);
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);

	/* no group file, and a directory in its place: nobody is a member */
	tu_unlink(root, "etc/group");
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	tu_mkdir(root, "etc/group", 0755);
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	tu_rmdir(root, "etc/group");
	/* a symlink to it: followed inside the root, as open_etc() does */
	tu_write(root, "etc/real-group", hostile_group, 0644);
	tu_symlink(root, "/etc/real-group", "etc/group");
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	close(root_fd);
}

/*
 * As another identity (sendmail after seteuid()): a group file that
 * identity cannot read lists nobody, though root read it for the cache;
 * one it can read answers as root's copy does.
 */
static void
as_identity(const char *root, uid_t uid, gid_t gid, const char *why)
{
	struct fsid_saved sv;
	struct grp_db *db;
	int root_fd = tu_open_root(root);

	db = grp_db_load(root_fd, false);
	assert_int_equal(fsid_enter(uid, gid, &gid, 1, &sv), 0);
	for (size_t u = 0; users[u] != NULL; u++)
		for (size_t g = 0; g < sizeof(gids) / sizeof(gids[0]); g++)
			if (grp_is_member(root_fd, false, gids[g], users[u]) !=
			    grp_db_is_member(db, gids[g], users[u])) {
				fsid_leave(&sv);
				fail_msg("%s: is_member(%lu, \"%s\") differs", why,
				    (unsigned long)gids[g], users[u]);
			}
	fsid_leave(&sv);
	grp_db_free(db);
	close(root_fd);
}

/* @brief The cache never answers for an identity that cannot read the file. */
static void
test_group_db_identity(void **state)
{
	const char *root = *state;

	TU_REQUIRE_ROOT();
	tu_write(root, "etc/group", hostile_group, 0644);
	as_identity(root, 1001, 1001, "0644");
	tu_chmod(root, "etc/group", 0600);
	as_identity(root, 1001, 1001, "0600");
	/* readable by its group only: a member of it reads, others not */
	tu_chmod(root, "etc/group", 0640);
	tu_chown(root, "etc/group", 0, 50);
	as_identity(root, 1001, 50, "0640, in the group");
	as_identity(root, 1001, 1001, "0640, not in the group");
	/* other may read, but an ACL takes it from one user */
	tu_chmod(root, "etc/group", 0644);
	tu_set_acl(root, "etc/group", "u::rw-,u:1002:---,g::r--,m::r--,o::r--");
	as_identity(root, 1002, 1002, "ACL denies");
	as_identity(root, 1001, 1001, "ACL denies someone else");
	/* a directory on the way that one cannot search */
	tu_write(root, "etc/group", hostile_group, 0644);
	tu_chmod(root, "etc", 0750);
	as_identity(root, 1001, 1001, "etc not searchable");
	tu_chmod(root, "etc", 0755);
}

/* @brief Entering the identity in force costs nothing; leaving it keeps it. */
static void
test_fsid_nesting(void **state)
{
	struct fsid_saved outer, inner, other;
	gid_t g1 = 1001, g2 = 1002;
	unsigned long before;

	(void)state;
	TU_REQUIRE_ROOT();
	fsid_run_begin();
	assert_int_equal(fsid_enter(1001, 1001, &g1, 1, &outer), 0);
	before = fsid_switches();
	assert_int_equal(fsid_enter(1001, 1001, &g1, 1, &inner), 0);
	assert_int_equal(fsid_switches(), before);
	fsid_leave(&inner);
	assert_int_equal((int)setfsuid((uid_t)-1), 1001);
	/* another identity inside: back to the outer one after */
	assert_int_equal(fsid_enter(1002, 1002, &g2, 1, &other), 0);
	assert_int_equal((int)setfsuid((uid_t)-1), 1002);
	assert_int_equal((int)setfsgid((gid_t)-1), 1002);
	fsid_leave(&other);
	assert_int_equal((int)setfsuid((uid_t)-1), 1001);
	assert_int_equal((int)setfsgid((gid_t)-1), 1001);
	fsid_leave(&outer);
	assert_int_equal((int)setfsuid((uid_t)-1), 0);
	assert_int_equal((int)setfsgid((gid_t)-1), 0);
	assert_false(fsid_current(NULL, NULL, NULL, NULL));
	fsid_run_end();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_db_same_answers,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_group_db_identity,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_fsid_nesting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
