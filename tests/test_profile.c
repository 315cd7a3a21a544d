/*
 * test_profile.c -- the profile grammar and its validation.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "names.h"
#include "profile.h"

struct fixture {
	char *root;
	int root_fd;
	struct names *names;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = tu_mkroot();
	f->root_fd = tu_open_root(f->root);
	f->names = names_load(f->root_fd, false);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	names_free(f->names);
	close(f->root_fd);
	tu_rmroot(f->root);
	free(f);
	return 0;
}

static const char header[] = "name t\njail /var/mailjail\n";

/* Write ROOT/name with text and mode and load it; *errs: what profile_load() said. */
static struct profile *
load_file(struct fixture *f, const char *name, const char *text, mode_t mode,
    char **errs)
{
	char *file = tu_path(f->root, name);
	size_t len = 0;
	FILE *mem = open_memstream(errs, &len);
	struct profile *p;

	assert_non_null(mem);
	tu_write(f->root, name, text, mode);
	p = profile_load(file, f->names, mem);
	fclose(mem);
	free(file);
	return p;
}

/* Load `body` (after a valid header) and return the error text, or NULL if it loaded. */
static char *
load_errors(struct fixture *f, const char *body, struct profile **out)
{
	char *text, *errs;
	struct profile *p;

	assert_true(asprintf(&text, "%s%s", header, body) > 0);
	p = load_file(f, "t.profile", text, 0644, &errs);
	free(text);
	if (out != NULL)
		*out = p;
	else
		profile_free(p);
	if (p != NULL) {
		assert_string_equal(errs, "");
		free(errs);
		return NULL;
	}
	return errs;
}

/* The error must name the file and the line the problem is on. */
static void
assert_error_at(struct fixture *f, const char *body, unsigned line, const char *words)
{
	char *errs = load_errors(f, body, NULL), *want;

	assert_non_null(errs);
	assert_true(asprintf(&want, "%s/t.profile:%u: ", f->root, line) > 0);
	if (strstr(errs, want) == NULL || strstr(errs, words) == NULL)
		print_error("wanted '%s' ... '%s' in:\n%s", want, words, errs);
	assert_non_null(strstr(errs, want));
	assert_non_null(strstr(errs, words));
	free(want);
	free(errs);
}

static void
test_valid_profile_resolves_names_from_root(void **state)
{
	struct fixture *f = *state;
	struct profile *p = NULL;
	char *errs;

	/* "alice" exists only in the scratch root's passwd, not on the host. */
	errs = load_errors(f, "dir / root root 0755\ndir /var root root 0755\n"
	    "dir /var/x alice mail 02770\n"
	    "content /var/x type=file links=1 deny=0133 owner=%name\n", &p);
	assert_null(errs);
	assert_non_null(p);
	assert_int_equal(p->nentries, 3);
	assert_string_equal(p->entries[2].path, "/var/x");
	assert_int_equal(p->entries[2].uid, 1001);
	assert_int_equal(p->entries[2].gid, 8);
	assert_int_equal(p->entries[2].mode, 02770);
	assert_int_equal(p->ncontent, 1);
	assert_int_equal(p->content[0].deny, 0133);
	assert_int_equal(p->content[0].owner_rule, OWNER_NAMED_AFTER_FILE);
	profile_free(p);
}

static void
test_entries_sorted_parents_first(void **state)
{
	struct fixture *f = *state;
	struct profile *p = NULL;

	/* Written children-first and with a sibling that sorts between. */
	assert_null(load_errors(f, "dir /var/spool/mail root mail 02775\n"
	    "dir /var/spool-x root root 0755\ndir /var/spool root root 0755\n"
	    "dir /var root root 0755\ndir // root root 0755\n", &p));
	assert_string_equal(p->entries[0].path, "/");
	assert_string_equal(p->entries[1].path, "/var");
	assert_string_equal(p->entries[2].path, "/var/spool");
	assert_string_equal(p->entries[3].path, "/var/spool/mail");
	assert_string_equal(p->entries[4].path, "/var/spool-x");
	profile_free(p);
}

static void
test_errors_name_file_and_line(void **state)
{
	struct fixture *f = *state;

	/* Line numbers count the two header lines. */
	assert_error_at(f, "dir / root root 0755\nfrobnicate x\n", 4, "unknown keyword");
	assert_error_at(f, "dir / root root 0755\ndir var root root 0755\n", 4,
	    "not an absolute path");
	assert_error_at(f, "dir / root root 0755\ndir /var/../etc root root 0755\n", 4,
	    "'..'");
	assert_error_at(f, "dir / root root 0755\ndir /var root root 017777\n", 4,
	    "above 07777");
	assert_error_at(f, "dir / root root 0755\ndir /var root root 0799\n", 4,
	    "not an octal number");
	assert_error_at(f, "dir / root root 0755\ndir /var nosuchuser root 0755\n", 4,
	    "user 'nosuchuser' (profile t, dir /var) does not exist in the root's "
	    "etc/passwd: is sendmail installed?");
	assert_error_at(f, "dir / root root 0755\ndir /var root nosuchgroup 0755\n", 4,
	    "group 'nosuchgroup' (profile t, dir /var) does not exist in the "
	    "root's etc/group");
	assert_error_at(f, "dir / root root 0755\ndir /var root root 0755\n"
	    "dir /var/ root root 0700\n", 5, "duplicate path /var");
	assert_error_at(f, "dir / root root 0755\ndir /var/spool root root 0755\n", 4,
	    "parent directory /var of /var/spool is not in the profile");
	assert_error_at(f, "dir / root root 0755\ndir /var root root 0755 colour=blue\n",
	    4, "unknown attribute 'colour'");
	assert_error_at(f, "dir / root root 0755\ncontent /nowhere type=file\n", 4,
	    "content directory /nowhere");
	assert_error_at(f, "dir / root root 0755\nname again\n", 4, "given twice");
	assert_error_at(f, "dir / root root 0755\nsmrsh-allow vac;ation\n", 4,
	    "not a plain program name");
	/* The smrsh lines' attributes are checked like an entry's. */
	assert_error_at(f, "dir / root root 0755\nsmrsh-binary /usr/sbin/smrsh "
	    "caps=garbage\n", 4, "caps");
	assert_error_at(f, "dir / root root 0755\nsmrsh-binary /usr/sbin/smrsh "
	    "context=not:a\n", 4, "context");
	assert_error_at(f, "dir / root root 0755\nsmrsh-dir /etc/smrsh root root "
	    "0755 context=policy:relative\n", 4, "context");
	/* A name no Linux file system takes: found now, not half way
	 * through a create. */
	{
		char body[400] = "dir / root root 0755\ndir /";
		memset(body + strlen(body), 'n', 256);
		strcat(body, " root root 0755\n");
		assert_error_at(f, body, 4, "longer than 255");
	}
	/* strtoul() would read -1 as ULONG_MAX: "any number of links". */
	assert_error_at(f, "dir / root root 0755\ncontent / links=-1\n", 4,
	    "links must be a positive number");
	assert_error_at(f, "dir / root root 0755\ncontent / links=\n", 4,
	    "links must be a positive number");
	/* ULONG_MAX parses, but shows as -1 in profile show's JSON integer. */
	assert_error_at(f, "dir / root root 0755\ncontent / "
	    "links=18446744073709551615\n", 4, "links must be");
}

static void
test_every_error_is_reported(void **state)
{
	struct fixture *f = *state;
	char *errs = load_errors(f, "dir / root root 0755\nbogus\ndir /a nobody root 0755\n"
	    "dir /b root root 9\n", NULL);
	int lines = 0;

	assert_non_null(errs);
	for (char *s = errs; (s = strchr(s, '\n')) != NULL; s++)
		lines++;
	/* One line per problem, not just the first. */
	assert_int_equal(lines, 3);
	free(errs);
}

static void
test_missing_name_and_jail(void **state)
{
	struct fixture *f = *state;
	char *errs;

	assert_null(load_file(f, "n.profile", "# empty\n", 0644, &errs));
	assert_non_null(strstr(errs, "missing 'name'"));
	assert_non_null(strstr(errs, "missing 'jail'"));
	free(errs);
}

static void
test_profile_writable_by_others_is_refused(void **state)
{
	struct fixture *f = *state;
	char *errs;

	assert_null(load_file(f, "w.profile", "name w\njail /j\n", 0666, &errs));
	assert_non_null(strstr(errs, "refusing profile"));
	free(errs);
}

/* Every shipped profile passes `profile check` against a root that has its users. */
static void
test_shipped_profiles_check(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "debian", "rhel", "suse", "generic" };

	for (size_t i = 0; i < 4; i++) {
		char *rel, *path, *out, *err;
		assert_true(asprintf(&rel, "profiles/%s.profile", names[i]) > 0);
		path = tu_srcfile(rel);
		int st = tu_run(&out, &err, "--root", f->root, "profile", "check", path, NULL);
		if (st != 0)
			print_error("%s: %s%s", path, out, err);
		assert_int_equal(st, 0);
		free(rel);
		free(path);
		free(out);
		free(err);
	}
}

static void
test_profile_check_exit_2_and_file_line(void **state)
{
	struct fixture *f = *state;
	char *out, *err, *path = tu_path(f->root, "bad.profile"), *want;

	tu_write(f->root, "bad.profile", "name bad\njail /j\ndir / root root 0755\n"
	    "dir /x ghost root 0755\n", 0644);
	assert_int_equal(tu_run(&out, &err, "--root", f->root, "profile", "check",
	    path, NULL), 2);
	assert_true(asprintf(&want, "%s:4: user 'ghost' (profile bad, dir /x) does "
	    "not exist in %s/etc/passwd: is sendmail installed?", path, f->root) > 0);
	assert_non_null(strstr(err, want));
	free(want);
	free(out);
	free(err);
	free(path);
}

static void
test_profile_show_json_keys(void **state)
{
	struct fixture *f = *state;
	int st;
	json_t *doc = tu_run_json(&st, "--root", f->root, "profile", "show", "debian", NULL);
	json_t *e, *smrsh;
	size_t i;
	bool saw_mail = false;

	assert_int_equal(st, 0);
	assert_string_equal(tu_str(doc, "name"), "debian");
	assert_string_equal(tu_str(doc, "jail"), "/var/mailjail");
	assert_string_equal(tu_str(doc, "sendmail_cf"),
	    "/etc/mail/sendmail.cf");
	assert_true(json_is_array(json_object_get(doc, "match")));
	assert_true(json_is_array(json_object_get(doc, "content")));
	smrsh = json_object_get(doc, "smrsh");
	assert_string_equal(tu_str(smrsh, "dir"), "/etc/mail/smrsh");
	assert_true(json_is_array(json_object_get(smrsh, "allow")));
	assert_true(json_is_array(json_object_get(smrsh, "deny")));
	json_array_foreach(json_object_get(doc, "entries"), i, e) {
		const char *path = tu_str(e, "path");
		/* Paths are absolute inside ROOT: the jail is part of them. */
		assert_int_equal(strncmp(path, "/var/mailjail", 13), 0);
		assert_true(json_is_null(json_object_get(e, "caps")) ||
		    json_is_string(json_object_get(e, "caps")));
		assert_non_null(json_object_get(e, "acl"));
		assert_non_null(json_object_get(e, "default_acl"));
		assert_non_null(json_object_get(e, "context"));
		if (strcmp(path, "/var/mailjail/var/spool/mail") == 0) {
			saw_mail = true;
			assert_string_equal(tu_str(e, "mode"), "2775");
			assert_string_equal(tu_str(e, "group"), "mail");
			assert_string_equal(tu_str(e, "type"), "dir");
		}
	}
	assert_true(saw_mail);
	json_decref(doc);
}

static void
test_profile_detected_from_os_release(void **state)
{
	struct fixture *f = *state;
	int st;
	json_t *doc;

	/* A Rocky root names rhel only in ID_LIKE. */
	tu_write(f->root, "etc/os-release", "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\n", 0644);
	doc = tu_run_json(&st, "--root", f->root, "profile", "show", NULL);
	assert_int_equal(st, 0);
	assert_string_equal(tu_str(doc, "name"), "rhel");
	json_decref(doc);

	char *out, *err;
	tu_write(f->root, "etc/os-release", "ID=plan9\n", 0644);
	assert_int_equal(tu_run(&out, &err, "--root", f->root, "profile", "show", NULL), 2);
	assert_non_null(strstr(err, "plan9"));
	free(out);
	free(err);
}

/* Nothing but printable ASCII and newlines. */
static void
assert_printable(const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++)
		if (*c != '\n' && (*c < 0x20 || *c >= 0x7f)) {
			print_error("raw byte 0x%02x in:\n%s", *c, s);
			fail();
		}
}

/*
 * Whatever the profile says that an error quotes is escaped: a CRLF file, a
 * terminal escape in a name, bytes above 0x7f in a path.
 */
static void
test_errors_are_escaped(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text, *quoted;
	} cases[] = {
		{ "name \033[2Jx\njail /j\n", "\\x1b[2Jx" },
		{ "name t\njail /j\ndir / root root 0755\r\n", "0755\\x0d" },
		{ "name t\njail /j\ndir / root root 0755\ndir /\xff root root 0755\n"
		    "dir /\xff root root 0700\n", "/\\xff" },
		{ "name t\njail /j\ndir / root root 0755\ndir /a/\xfe root root 0755\n",
		    "/a/\\xfe" },
		{ "name t\njail /j\ndir / root root 0755\ncontent /\xee\n", "/\\xee" },
		{ "name t\njail /j\ndir / root root 0755 a\x01=1\n", "'a\\x01'" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *errs;

		assert_null(load_file(f, "e.profile", cases[i].text, 0644, &errs));
		assert_printable(errs);
		if (strstr(errs, cases[i].quoted) == NULL)
			print_error("wanted %s in:\n%s", cases[i].quoted, errs);
		assert_non_null(strstr(errs, cases[i].quoted));
		free(errs);
	}
}

/*
 * `profile list` prints the names of files it found in a profiles
 * directory: escaped, like everything else from the file system.  Run from
 * a scratch copy of a source tree, whose ./profiles is searched.
 */
static void
test_profile_list_escapes_file_names(void **state)
{
	struct fixture *f = *state;
	char *bin, *src, *out, *err, *dir = tu_path(f->root, "src");

	/* tu_run() starts the binary in JAILCTL_SRCDIR: point both there. */
	bin = getenv("JAILCTL_BIN") != NULL ? strdup(getenv("JAILCTL_BIN")) :
	    realpath("jailctl/jailctl", NULL);
	assert_non_null(bin);
	src = strdup(tu_srcdir());
	assert_int_equal(setenv("JAILCTL_BIN", bin, 1), 0);
	tu_write(f->root, "src/jailctl/main.c", "", 0644);
	tu_write(f->root, "src/profiles/evil\033[2J.profile",
	    "name evil\ndescription d\njail /j\n", 0644);
	assert_int_equal(setenv("JAILCTL_SRCDIR", dir, 1), 0);
	int st = tu_run(&out, &err, "profile", "list", NULL);
	assert_int_equal(setenv("JAILCTL_SRCDIR", src, 1), 0);
	assert_int_equal(st, 0);
	assert_printable(out);
	assert_non_null(strstr(out, "evil\\x1b[2J"));
	free(out);
	free(err);
	free(bin);
	free(src);
	free(dir);
}

/*
 * jail / is no jail: sendmail ignores SafeFileEnvironment=/, and the walk
 * would look for a jail directory with an empty name.  Refused in the
 * profile (FILE:LINE) and as --jail.
 */
static void
test_jail_root_is_refused(void **state)
{
	struct fixture *f = *state;
	char *errs, *path, *out, *err, *want;

	assert_null(load_file(f, "t.profile", "name t\njail //\ndir / root root 0755\n",
	    0644, &errs));
	assert_true(asprintf(&want, "%s/t.profile:2: ", f->root) > 0);
	assert_non_null(strstr(errs, want));
	free(want);
	free(errs);
	path = tu_path(f->root, "ok.profile");
	tu_write(f->root, "ok.profile", "name t\njail /j\ndir / root root 0755\n", 0644);
	assert_int_equal(tu_run(&out, &err, "-r", f->root, "-p", path, "--jail", "/",
	    "verify", NULL), 2);
	assert_non_null(strstr(err, "--jail"));
	free(out);
	free(err);
	free(path);
}

/*
 * A user or group whose id is 4294967295 is (uid_t)-1, which chown(2)
 * reads as "leave unchanged": create would claim to set it and never do,
 * and every verify --fix would "fix" it again.  Refused at load time.
 */
static void
test_id_minus_one_is_refused(void **state)
{
	struct fixture *f = *state;

	tu_append(f->root, "etc/passwd", "weird:x:4294967295:1::/:/bin/sh");
	tu_append(f->root, "etc/group", "weird:x:4294967295:");
	assert_error_at(f, "dir / root root 0755\ndir /x weird root 0755\n", 4,
	    "'weird'");
	assert_error_at(f, "dir / root root 0755\ndir /x root weird 0755\n", 4,
	    "'weird'");
	assert_error_at(f, "dir / root root 0755\ncontent / owner=weird\n", 4,
	    "'weird'");
}

/*
 * A read error part way through a profile is an error, not the end of the
 * file: the lines after it (a content rule, say) would silently not apply.
 * This program's getline() stands in for libc's to fail on the third line
 * -- and glibc's __getdelim() too, which its <stdio.h> inlines getline()
 * into when optimising.
 */
static int getline_fail_at;	/* 0: never */

#ifdef __GLIBC__
ssize_t __getdelim(char **line, size_t *cap, int delim, FILE *f);

ssize_t
__getdelim(char **line, size_t *cap, int delim, FILE *f)
{
	static ssize_t (*real)(char **, size_t *, int, FILE *);

	if (getline_fail_at > 0 && --getline_fail_at == 0) {
		errno = EIO;
		return -1;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "__getdelim");
	return real(line, cap, delim, f);
}

ssize_t
getline(char **line, size_t *cap, FILE *f)
{
	return __getdelim(line, cap, '\n', f);
}
#endif

static void
test_read_error_is_an_error(void **state)
{
	struct fixture *f = *state;
	char *errs;
	struct profile *p;

#ifndef __GLIBC__
	skip();
#endif
	getline_fail_at = 3;
	p = load_file(f, "r.profile", "name t\njail /j\ndir / root root 0755\n"
	    "dir /var root root 0755\ncontent /var type=file\n", 0644, &errs);
	getline_fail_at = 0;
	if (p != NULL)
		print_error("loaded %zu entries of 2 and %zu content rules of 1\n",
		    p->nentries, p->ncontent);
	assert_null(p);
	assert_non_null(strstr(errs, "r.profile"));
	assert_non_null(strstr(errs, "Input/output error"));
	free(errs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_profile_resolves_names_from_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entries_sorted_parents_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_name_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_error_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_name_and_jail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_writable_by_others_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shipped_profiles_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_check_exit_2_and_file_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_show_json_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_detected_from_os_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_are_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_list_escapes_file_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jail_root_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_minus_one_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_error_is_an_error, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
