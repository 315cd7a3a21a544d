/*
 * test_nametab.c -- the compact name table: every record found by name and
 * by id, the first record of a key winning, whatever the table's size
 * guess, and a group's members kept after its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "nametab.h"

/* n users u0..u(n-1) with uid 20000+i and gid i % 7, in a table sized
 * as for a file of file_size bytes. */
static struct nametab *
users(size_t n, size_t file_size)
{
	struct nametab *t = nametab_new(file_size);
	char name[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "u%zu", i);
		assert_true(nametab_add(t, name, (uint32_t)(20000 + i), (uint32_t)(i % 7), NULL, 0));
	}
	assert_int_equal(nametab_count(t), n);
	return t;
}

static void
check_users(struct nametab *t, size_t n)
{
	struct nametab_rec r;
	char name[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "u%zu", i);
		assert_true(nametab_by_name(t, name, &r));
		assert_string_equal(r.name, name);
		assert_int_equal(r.id, 20000 + i);
		assert_int_equal(r.id2, i % 7);
		assert_string_equal(r.extra, "");
		assert_true(nametab_by_id(t, (uint32_t)(20000 + i), &r));
		assert_string_equal(r.name, name);
	}
	assert_false(nametab_by_name(t, "u", &r));
	assert_false(nametab_by_name(t, "", &r));
	snprintf(name, sizeof(name), "u%zu", n);
	assert_false(nametab_by_name(t, name, &r));
	assert_false(nametab_by_id(t, 19999, &r));
	assert_false(nametab_by_id(t, (uint32_t)(20000 + n), &r));
}

/* Sized right, sized far too small (it grows), sized far too large. */
static void
test_every_record_is_found(void **state)
{
	(void)state;
	static const size_t sizes[] = { 0, 100, 50000 * 45, 1u << 26 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct nametab *t = users(50000, sizes[i]);
		check_users(t, 50000);
		nametab_free(t);
	}
	struct nametab *t = users(0, 0);
	check_users(t, 0);
	nametab_free(t);
}

static void
test_first_record_of_a_key_wins(void **state)
{
	(void)state;
	struct nametab *t = nametab_new(0);
	struct nametab_rec r;

	assert_true(nametab_add(t, "dup", 10, 1, NULL, 0));
	assert_true(nametab_add(t, "other", 10, 2, NULL, 0));	/* id 10 again */
	assert_true(nametab_add(t, "dup", 11, 3, NULL, 0));	/* name again */
	assert_true(nametab_add(t, "", 12, 4, NULL, 0));		/* an empty name */
	assert_true(nametab_by_name(t, "dup", &r));
	assert_int_equal(r.id, 10);
	assert_int_equal(r.id2, 1);
	assert_true(nametab_by_name(t, "other", &r));
	assert_int_equal(r.id2, 2);
	assert_true(nametab_by_id(t, 10, &r));
	assert_string_equal(r.name, "dup");
	/* The later "dup" is still found by its own id. */
	assert_true(nametab_by_id(t, 11, &r));
	assert_string_equal(r.name, "dup");
	assert_int_equal(r.id2, 3);
	assert_true(nametab_by_name(t, "", &r));
	assert_int_equal(r.id, 12);
	/* Records added after a lookup by id are found by id too, and the
	 * first record of an id still wins. */
	assert_true(nametab_add(t, "late", 13, 5, NULL, 0));
	assert_true(nametab_add(t, "later", 11, 6, NULL, 0));
	assert_true(nametab_by_id(t, 13, &r));
	assert_string_equal(r.name, "late");
	assert_true(nametab_by_id(t, 11, &r));
	assert_int_equal(r.id2, 3);
	for (uint32_t i = 0; i < 1000; i++) {
		char name[16];
		snprintf(name, sizeof(name), "g%u", i);
		assert_true(nametab_add(t, name, 100 + i, 0, NULL, 0));
	}
	assert_true(nametab_by_id(t, 1099, &r));
	assert_string_equal(r.name, "g999");
	assert_true(nametab_by_id(t, 10, &r));
	assert_string_equal(r.name, "dup");
	nametab_free(t);
}

static void
test_members_are_kept_after_the_name(void **state)
{
	(void)state;
	struct nametab *t = nametab_new(0);
	struct nametab_rec r;
	static const char members[] = "alice\0bob\0";

	assert_true(nametab_add(t, "mail", 8, 0, members, sizeof(members) - 1));
	assert_true(nametab_add(t, "empty", 9, 0, NULL, 0));
	assert_true(nametab_by_id(t, 8, &r));
	assert_string_equal(r.name, "mail");
	assert_string_equal(r.extra, "alice");
	assert_string_equal(r.extra + 6, "bob");
	assert_string_equal(r.extra + 10, "");
	/* The walk over records by id steps over the members. */
	assert_true(nametab_by_id(t, 9, &r));
	assert_string_equal(r.name, "empty");
	assert_string_equal(r.extra, "");
	nametab_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_record_is_found),
		cmocka_unit_test(test_first_record_of_a_key_wins),
		cmocka_unit_test(test_members_are_kept_after_the_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
