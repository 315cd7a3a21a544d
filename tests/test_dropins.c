/*
 * test_dropins.c -- layered profiles: the *.profile files of NAME.d read after
 * NAME.profile replace, add and remove entries; profile show names the
 * file of each; errors name the drop-in and line.
 *
 * jailctl runs in a scratch directory laid out as a source tree
 * (jailctl/main.c and profiles/), so ./profiles is one of the directories
 * searched and nothing outside the scratch directory is read or written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static const char base[] =
    "name t\n"
    "description layered\n"
    "jail /j\n"
    "dir / root root 0755\n"
    "dir /spool root mail 0775\n"
    "dir /spool/mail root mail 0775\n"
    "dir /old root root 0700\n"
    "content /spool/mail type=file owner=%name\n";

struct tree {
	char *dir;		/* the scratch "source tree", also used as --root */
	char *srcdir;		/* JAILCTL_SRCDIR as it was */
};

static int
setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	t->dir = tu_mkroot();
	t->srcdir = strdup(tu_srcdir());
	tu_write(t->dir, "jailctl/main.c", "", 0644);
	tu_write(t->dir, "profiles/t.profile", base, 0644);
	setenv("JAILCTL_SRCDIR", t->dir, 1);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tree *t = *state;

	setenv("JAILCTL_SRCDIR", t->srcdir, 1);
	tu_rmroot(t->dir);
	free(t->srcdir);
	free(t);
	return 0;
}

/* The entry of profile show's JSON at jail path, or NULL. */
static json_t *
entry_at(json_t *doc, const char *key, const char *field, const char *path)
{
	json_t *a = json_object_get(doc, key), *e;
	size_t i;

	json_array_foreach(a, i, e)
		if (strcmp(tu_str(e, field), path) == 0)
			return e;
	return NULL;
}

static json_t *
show(const struct tree *t, int want)
{
	int st;
	json_t *doc = tu_run_json(&st, "-r", t->dir, "profile", "show", "t", NULL);

	assert_int_equal(st, want);
	return doc;
}

/* Replace, add, remove; later drop-ins win; show says where each came from. */
static void
test_replace_add_remove(void **state)
{
	struct tree *t = *state;
	json_t *doc, *e;
	char *out, *err;

	tu_write(t->dir, "profiles/t.d/10-spool.profile",
	    "# stricter spool, a new directory, no /old\n"
	    "dir /spool/mail root mail 0770\n"
	    "dir /new alice alice 0700\n"
	    "remove /old\n"
	    "jail /srv/j\n", 0644);
	tu_write(t->dir, "profiles/t.d/20-content.profile",
	    "content /spool/mail type=file owner=%name deny=0111\n"
	    "dir /new alice alice 0750\n", 0644);
	/* Not a drop-in: wrong suffix, hidden. */
	tu_write(t->dir, "profiles/t.d/30-off.profile.disabled", "remove /\n", 0644);
	tu_write(t->dir, "profiles/t.d/.40-hidden.profile", "remove /\n", 0644);

	doc = show(t, 0);
	assert_string_equal(tu_str(doc, "jail"), "/srv/j");
	assert_int_equal(json_array_size(json_object_get(doc, "dropins")), 2);
	e = entry_at(doc, "entries", "path", "/srv/j/spool/mail");
	assert_non_null(e);
	assert_string_equal(tu_str(e, "mode"), "0770");
	assert_string_equal(tu_str(e, "source"), "profiles/t.d/10-spool.profile");
	assert_int_equal(json_integer_value(json_object_get(e, "line")), 2);
	e = entry_at(doc, "entries", "path", "/srv/j/new");
	assert_non_null(e);
	assert_string_equal(tu_str(e, "mode"), "0750");
	assert_string_equal(tu_str(e, "source"), "profiles/t.d/20-content.profile");
	assert_null(entry_at(doc, "entries", "path", "/srv/j/old"));
	e = entry_at(doc, "entries", "path", "/srv/j/spool");
	assert_string_equal(tu_str(e, "source"), "profiles/t.profile");
	e = entry_at(doc, "content", "dir", "/srv/j/spool/mail");
	assert_string_equal(tu_str(e, "deny"), "0111");
	assert_string_equal(tu_str(e, "source"), "profiles/t.d/20-content.profile");
	assert_int_equal(json_array_size(json_object_get(doc, "entries")), 4);
	json_decref(doc);

	/* The text form says the same, one comment per entry. */
	assert_int_equal(tu_run(&out, &err, "-r", t->dir, "profile", "show", "t", NULL), 0);
	assert_non_null(strstr(out, "# drop-in profiles/t.d/10-spool.profile\n"));
	assert_non_null(strstr(out, "root mail 0770  # profiles/t.d/10-spool.profile:2\n"));
	assert_non_null(strstr(out, "# profiles/t.profile:5\n"));
	free(out);
	free(err);

	/* create builds the merged tree: /srv/j/new, no /old. */
	int st;
	doc = tu_run_json(&st, "-r", t->dir, "-p", "t", "create", NULL);
	json_decref(doc);
	char *newdir = tu_path(t->dir, "srv/j/new"), *old = tu_path(t->dir, "srv/j/old");
	struct stat sb;
	TU_REQUIRE_ROOT();
	assert_int_equal(st, 0);
	assert_int_equal(lstat(newdir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0750);
	assert_int_equal(sb.st_uid, 1001);
	assert_int_not_equal(lstat(old, &sb), 0);
	free(newdir);
	free(old);
}

/* remove never touches the disk: the directory stays, unmanaged. */
static void
test_remove_leaves_the_disk_alone(void **state)
{
	struct tree *t = *state;
	char *old = tu_path(t->dir, "j/old");
	struct stat sb;
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	doc = tu_run_json(&st, "-r", t->dir, "-p", "t", "create", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	tu_write(t->dir, "profiles/t.d/10-rm.profile", "remove /old\n", 0644);
	tu_chmod(t->dir, "j/old", 0777);
	doc = tu_run_json(&st, "-r", t->dir, "-p", "t", "verify", "--fix", NULL);
	assert_int_equal(st, 0);
	tu_expect_no_finding(doc, "tree.mode", "/j/old");
	json_decref(doc);
	assert_int_equal(lstat(old, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0777);
	free(old);
}

/* Every problem names the drop-in and its line. */
static void
test_errors_name_the_dropin(void **state)
{
	struct tree *t = *state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "dir /x root root 0755\nfrobnicate\n", "10-bad.profile:2: unknown keyword" },
		{ "remove /spool\n", "10-bad.profile:1: remove /spool: /spool/mail "
		    "(profiles/t.profile:6) is below it" },
		{ "remove /nothing\n", "10-bad.profile:1: remove /nothing: no entry" },
		{ "name other\n", "10-bad.profile:1: 'name' belongs to the profile" },
		{ "dir /a/b root root 0755\n", "10-bad.profile:1: parent directory /a "
		    "of /a/b is not in the profile" },
		{ "dir /x root root 0755\ndir /x root root 0700\n",
		    "10-bad.profile:2: duplicate path /x" },
		{ "jail /a\njail /b\n", "10-bad.profile:2: 'jail' given twice" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out, *err;

		tu_write(t->dir, "profiles/t.d/10-bad.profile", cases[i].text, 0644);
		assert_int_equal(tu_run(&out, &err, "-r", t->dir, "profile", "show", "t",
		    NULL), 2);
		if (strstr(err, cases[i].want) == NULL)
			print_error("wanted '%s' in:\n%s\n", cases[i].want, err);
		assert_non_null(strstr(err, "profiles/t.d/"));
		assert_non_null(strstr(err, cases[i].want));
		free(out);
		free(err);
	}
	/* A FIFO drop-in is refused, not opened (it would block). */
	char *out, *err;
	tu_unlink(t->dir, "profiles/t.d/10-bad.profile");
	tu_mkfifo(t->dir, "profiles/t.d/10-bad.profile", 0644);
	assert_int_equal(tu_run(&out, &err, "-r", t->dir, "profile", "show", "t", NULL), 2);
	assert_non_null(strstr(err, "profiles/t.d/10-bad.profile: refusing profile: "
	    "not a regular file"));
	free(out);
	free(err);
	/* In the profile itself, remove has nothing to remove from. */
	tu_unlink(t->dir, "profiles/t.d/10-bad.profile");
	tu_write(t->dir, "profiles/t.profile", "name t\njail /j\ndir / root root 0755\n"
	    "remove /\n", 0644);
	assert_int_equal(tu_run(&out, &err, "-r", t->dir, "profile", "show", "t", NULL), 2);
	assert_non_null(strstr(err, "profiles/t.profile:4: 'remove' belongs in a drop-in"));
	free(out);
	free(err);
	/* A name missing from the root, in a drop-in, for profile check. */
	tu_write(t->dir, "profiles/t.profile", base, 0644);
	tu_write(t->dir, "profiles/t.d/10-ghost.profile", "dir /g ghost root 0755\n", 0644);
	assert_int_equal(tu_run(&out, &err, "-r", t->dir, "profile", "check",
	    "profiles/t.profile", NULL), 2);
	assert_non_null(strstr(err, "profiles/t.d/10-ghost.profile:1: user 'ghost' "
	    "(profile t, dir /g) does not exist"));
	free(out);
	free(err);
}

/*
 * A drop-in in a search directory hides one of the same file name beside
 * a profile named by path; other names from both apply, in lexical order.
 */
static void
test_search_dir_dropin_hides_its_namesake(void **state)
{
	struct tree *t = *state;
	char *prof = tu_path(t->dir, "elsewhere/t.profile");
	json_t *doc, *e;
	int st;

	tu_write(t->dir, "elsewhere/t.profile", base, 0644);
	tu_write(t->dir, "elsewhere/t.d/10-a.profile", "dir /a root root 0700\n", 0644);
	tu_write(t->dir, "elsewhere/t.d/30-c.profile", "dir /a root root 0711\n", 0644);
	tu_write(t->dir, "profiles/t.d/10-a.profile", "dir /a root root 0750\n", 0644);
	tu_write(t->dir, "profiles/t.d/20-b.profile", "dir /a root root 0755\n", 0644);
	doc = tu_run_json(&st, "-r", t->dir, "-p", prof, "profile", "show", NULL);
	assert_int_equal(st, 0);
	assert_int_equal(json_array_size(json_object_get(doc, "dropins")), 3);
	e = entry_at(doc, "entries", "path", "/j/a");
	/* 10-a from ./profiles (0750), then 20-b (0755), then 30-c (0711). */
	assert_string_equal(tu_str(e, "mode"), "0711");
	assert_string_equal(json_string_value(json_array_get(json_object_get(doc,
	    "dropins"), 0)), "profiles/t.d/10-a.profile");
	json_decref(doc);
	free(prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replace_add_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_leaves_the_disk_alone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors_name_the_dropin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_dir_dropin_hides_its_namesake,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
