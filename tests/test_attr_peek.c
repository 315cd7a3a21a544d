/*
 * test_attr_peek.c -- reading attributes without opening, and decoding
 * an ACL's binary form ourselves, checked side by side with the kernel
 * and libacl.
 *
 * The decoder must accept exactly the values the kernel accepts for
 * system.posix_acl_access, and read each accepted one as libacl reads it
 * back: hand-made edge cases and a few thousand mutated values go through
 * setxattr(), then through both readers.  The name-relative reads must
 * never follow a final symlink, by getxattrat() and by the /proc way.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <acl/libacl.h>

#include "testutil.h"

#include "acl_attr.h"
#include "acl_xattr.h"
#include "attr_peek.h"

#define ACCESS "system.posix_acl_access"
#define UNDEF 0xffffffffu

struct raw {
	unsigned char b[ACL_XATTR_MAX_SIZE + 16];
	size_t len;
};

static void
raw_begin(struct raw *r)
{
	r->b[0] = 2;
	r->b[1] = r->b[2] = r->b[3] = 0;
	r->len = 4;
}

static void
raw_add(struct raw *r, unsigned tag, unsigned perm, uint32_t id)
{
	unsigned char *e = r->b + r->len;

	e[0] = (unsigned char)tag;
	e[1] = (unsigned char)(tag >> 8);
	e[2] = (unsigned char)perm;
	e[3] = (unsigned char)(perm >> 8);
	for (int i = 0; i < 4; i++)
		e[4 + i] = (unsigned char)(id >> (8 * i));
	r->len += 8;
}

/* A valid extended ACL: u::rw, u:N:r..., g::r, g:N:rw..., m::rw, o::-. */
static void
raw_valid(struct raw *r, unsigned nusers, unsigned ngroups)
{
	raw_begin(r);
	raw_add(r, 1, 6, UNDEF);
	for (unsigned i = 0; i < nusers; i++)
		raw_add(r, 2, 4, 1000 + 7 * i);
	raw_add(r, 4, 4, UNDEF);
	for (unsigned i = 0; i < ngroups; i++)
		raw_add(r, 8, 6, 2000 + 5 * i);
	if (nusers + ngroups > 0)
		raw_add(r, 0x10, 6, UNDEF);
	raw_add(r, 0x20, 0, UNDEF);
}

static int
by_tag_id(const void *a, const void *b)
{
	const struct acl_ent *x = a, *y = b;

	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

struct fx {
	char *root;
	int dir_fd;
	char *file;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->root = tu_mkroot();
	tu_write(f->root, "box", "", 0640);
	f->file = tu_path(f->root, "box");
	f->dir_fd = open(f->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(f->dir_fd >= 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	attr_peek_force_proc(0);
	close(f->dir_fd);
	free(f->file);
	tu_rmroot(f->root);
	free(f);
	return 0;
}

/* The kernel's verdict on one value, and both readers on what it kept. */
static void
judge(struct fx *f, const struct raw *r)
{
	struct acl_ent room[ACL_XATTR_MAX_ENTRIES], back_room[ACL_XATTR_MAX_ENTRIES];
	struct acl_list ours, back, lib;
	unsigned char got[ACL_XATTR_MAX_SIZE];
	int dr, kr;

	(void)removexattr(f->file, ACCESS);
	assert_int_equal(chmod(f->file, 0640), 0);
	kr = setxattr(f->file, ACCESS, r->b, r->len, 0);
	dr = acl_xattr_decode(r->b, r->len, room, ACL_XATTR_MAX_ENTRIES, &ours);
	if (dr == -ENODATA)
		dr = 0;		/* no ACL: the kernel's reading too */
	if (dr == -E2BIG)
		return;		/* beyond the fixed buffer: libacl's to read */
	if ((kr == 0) != (dr == 0)) {
		fprintf(stderr, "kernel %s, decoder %s a value of %zu bytes\n",
		    kr == 0 ? "accepts" : "refuses", dr == 0 ? "accepts" : "refuses",
		    r->len);
		fail();
	}
	if (kr != 0)
		return;
	/* What the kernel kept, read by name and decoded, against libacl. */
	ssize_t n = attr_peek(f->dir_fd, "box", ACCESS, got, sizeof(got));
	struct stat st;
	assert_int_equal(stat(f->file, &st), 0);
	if (n == -ENODATA) {
		acl_xattr_from_mode(st.st_mode, back_room, &back);
	} else {
		assert_true(n > 0);
		assert_int_equal(acl_xattr_decode(got, (size_t)n, back_room,
		    ACL_XATTR_MAX_ENTRIES, &back), 0);
	}
	acl_t acl = acl_get_file(f->file, ACL_TYPE_ACCESS);
	assert_non_null(acl);
	assert_int_equal(acl_list_from_acl(acl, &lib), 0);
	acl_free(acl);
	qsort(back.e, back.n, sizeof(*back.e), by_tag_id);
	assert_true(acl_list_equal(&back, &lib));
	acl_list_free(&lib);
}

/* Lists that break one ordering rule, or keep to it at an edge. */
static const struct {
	const char *what;
	struct { unsigned tag, perm; uint32_t id; } e[8];
	size_t n;
} handmade[] = {
	{ "no mask with a named user", { { 1, 6, UNDEF }, { 2, 4, 1000 },
	    { 4, 4, UNDEF }, { 0x20, 0, UNDEF } }, 4 },
	{ "mask without named entries", { { 1, 6, UNDEF }, { 4, 4, UNDEF },
	    { 0x10, 4, UNDEF }, { 0x20, 0, UNDEF } }, 4 },
	{ "named users out of order", { { 1, 6, UNDEF }, { 2, 4, 1002 },
	    { 2, 4, 1001 }, { 4, 4, UNDEF }, { 0x10, 4, UNDEF },
	    { 0x20, 0, UNDEF } }, 6 },
	{ "the same named user twice", { { 1, 6, UNDEF }, { 2, 4, 1001 },
	    { 2, 2, 1001 }, { 4, 4, UNDEF }, { 0x10, 6, UNDEF },
	    { 0x20, 0, UNDEF } }, 6 },
	{ "group-obj before user-obj", { { 4, 4, UNDEF }, { 1, 6, UNDEF },
	    { 0x20, 0, UNDEF } }, 3 },
	{ "no other", { { 1, 6, UNDEF }, { 4, 4, UNDEF } }, 2 },
};

static void
test_decoder_accepts_what_the_kernel_accepts(void **state)
{
	struct fx *f = *state;
	struct raw r;

	TU_REQUIRE_ROOT();
	/* Does this file system keep ACLs at all? */
	raw_valid(&r, 1, 0);
	if (setxattr(f->file, ACCESS, r.b, r.len, 0) != 0) {
		skip();
		return;
	}
	/* Hand-made: each breaks one rule, or keeps to it at an edge. */
	for (unsigned u = 0; u < 3; u++)
		for (unsigned g = 0; g < 3; g++) {
			raw_valid(&r, u, g);
			judge(f, &r);
		}
	raw_begin(&r);				/* no entries */
	judge(f, &r);
	raw_valid(&r, 1, 1);
	r.b[0] = 1;				/* version 1 */
	judge(f, &r);
	raw_valid(&r, 1, 1);
	r.len -= 3;				/* not whole entries */
	judge(f, &r);
	for (size_t i = 0; i < sizeof(handmade) / sizeof(*handmade); i++) {
		raw_begin(&r);
		for (size_t j = 0; j < handmade[i].n; j++)
			raw_add(&r, handmade[i].e[j].tag, handmade[i].e[j].perm,
			    handmade[i].e[j].id);
		judge(f, &r);
	}
	raw_valid(&r, 1, 0);
	raw_add(&r, 0x20, 0, UNDEF);		/* other twice */
	judge(f, &r);
	raw_valid(&r, 1, 0);
	r.b[4 + 8 + 4] = 0xff;			/* named user -1 */
	r.b[4 + 8 + 5] = r.b[4 + 8 + 6] = r.b[4 + 8 + 7] = 0xff;
	judge(f, &r);
	raw_valid(&r, 0, 0);
	r.b[4 + 2] = 8;				/* a perm bit beyond rwx */
	judge(f, &r);
	raw_valid(&r, 0, 0);
	r.b[4] = 0x40;				/* unknown tag */
	judge(f, &r);
	raw_valid(&r, 0, 1);
	r.b[4 + 8 + 4] = 7;			/* an id on g::, which is ignored */
	judge(f, &r);
	/* Mutations: one byte changed, entries swapped, cut short. */
	srandom(15);
	for (int i = 0; i < 3000; i++) {
		raw_valid(&r, (unsigned)(random() % 3), (unsigned)(random() % 3));
		switch (random() % 3) {
		case 0:
			r.b[(size_t)random() % r.len] = (unsigned char)random();
			break;
		case 1: {
			size_t n = (r.len - 4) / 8, a = (size_t)random() % n,
			    b = (size_t)random() % n;
			unsigned char t[8];
			memcpy(t, r.b + 4 + 8 * a, 8);
			memcpy(r.b + 4 + 8 * a, r.b + 4 + 8 * b, 8);
			memcpy(r.b + 4 + 8 * b, t, 8);
			break;
		}
		default:
			r.len -= (size_t)random() % r.len;
			break;
		}
		judge(f, &r);
	}
}

/* A final symlink is never followed, either way of reading. */
static void
test_peek_does_not_follow_a_final_symlink(void **state)
{
	struct fx *f = *state;
	char buf[256];

	tu_write(f->root, "target", "", 0600);
	tu_symlink(f->root, "target", "link");
	char *t = tu_path(f->root, "target");
	if (setxattr(t, "user.mark", "v", 1, 0) != 0) {
		free(t);
		skip();
		return;
	}
	free(t);
	for (int proc = 0; proc < 2; proc++) {
		attr_peek_force_proc(proc);
		assert_int_equal(attr_peek(f->dir_fd, "target", "user.mark", buf,
		    sizeof(buf)), 1);
		assert_int_equal(attr_peek(f->dir_fd, "link", "user.mark", buf,
		    sizeof(buf)), -ENODATA);
		ssize_t n = attr_peek_list(f->dir_fd, "link", buf, sizeof(buf));
		assert_true(n >= 0);
		assert_false(attr_listed(buf, (size_t)n, "user.mark"));
		n = attr_peek_list(f->dir_fd, "target", buf, sizeof(buf));
		assert_true(n > 0);
		assert_true(attr_listed(buf, (size_t)n, "user.mark"));
		assert_int_equal(attr_peek(f->dir_fd, "missing", "user.mark", buf,
		    sizeof(buf)), -ENOENT);
		/* Too small a buffer says so rather than cutting short. */
		assert_int_equal(attr_peek_list(f->dir_fd, "target", buf, 2),
		    -ERANGE);
	}
}

/* Names with anything a file name may hold; one never steps out. */
static void
test_peek_hostile_names(void **state)
{
	struct fx *f = *state;
	static const char *names[] = { "a b", "new\nline", "-dash", ".hidden",
	    "\xff\xfe", "x:y,z" };
	char buf[64];

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		int fd = openat(f->dir_fd, names[i], O_CREAT | O_WRONLY | O_CLOEXEC,
		    0600);
		assert_true(fd >= 0);
		if (fsetxattr(fd, "user.n", names[i], strlen(names[i]), 0) != 0) {
			close(fd);
			skip();
			return;
		}
		close(fd);
		for (int proc = 0; proc < 2; proc++) {
			attr_peek_force_proc(proc);
			ssize_t n = attr_peek(f->dir_fd, names[i], "user.n", buf,
			    sizeof(buf));
			assert_int_equal(n, (ssize_t)strlen(names[i]));
			assert_memory_equal(buf, names[i], (size_t)n);
		}
	}
	/* ".." is the parent: never what a directory entry of ours names,
	 * and a name with '/' is refused by the kernel's lookup as a path. */
	attr_peek_force_proc(0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decoder_accepts_what_the_kernel_accepts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_peek_does_not_follow_a_final_symlink,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_peek_hostile_names, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
