/*
 * test_verbs.c -- the verb table: the command line is checked before any
 * profile is loaded, a command resolves only the profile names it uses,
 * each verb runs with the capabilities it declares, and a verb that
 * changes the tree refuses up front without CAP_CHOWN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

/* A scratch root as a host without sendmail has it: no smmta, no smmsp. */
static int
setup_no_sendmail(void **state)
{
	char *root = tu_mkroot();

	tu_write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
	    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
	    "alice:x:1001:1001:Alice:/home/alice:/bin/bash\n", 0644);
	tu_write(root, "etc/group", "root:x:0:\nmail:x:8:\nalice:x:1001:\n", 0644);
	*state = root;
	return 0;
}

/* Run; the exit status must be want; *err is kept for the caller (or freed). */
static void
expect_run(int want, char **err, const char *const argv[])
{
	char *out = NULL, *e = NULL;
	int st = tu_runv(&out, &e, (char *const *)argv);

	if (st != want)
		print_error("exit %d, wanted %d\nstdout: %s\nstderr: %s\n", st, want,
		    out, e);
	assert_int_equal(st, want);
	free(out);
	if (err != NULL)
		*err = e;
	else
		free(e);
}

static void
expect_contains(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		print_error("wanted '%s' in:\n%s\n", want, text);
	assert_non_null(strstr(text, want));
}

/*
 * Usage errors are found before any profile is looked for: with a profile
 * that does not exist, the complaint is still about the words.
 */
static void
test_usage_errors_come_first(void **state)
{
	const char *root = *state;
	static const struct {
		const char *a, *b, *c, *want;
	} cases[] = {
		{ "audit", "bogus", NULL, "audit: unknown word 'bogus' (config, smrsh, "
		    "forward or pipe)" },
		{ "audit", "\033[2J", NULL, "unknown word '\\x1b[2J'" },
		{ "frobnicate", NULL, NULL, "unknown command 'frobnicate'" },
		{ "create", "--fix", NULL, "--fix goes with verify" },
		{ "create", "--cf", "/x.cf", "--cf does not go with create" },
		{ "audit", "smrsh", "--dry-run", "--dry-run does not go with audit smrsh" },
		{ "audit", "config", "extra", "audit config: too many arguments" },
		{ "audit", "pipe", NULL, "no COMMAND" },
		{ "profile", NULL, NULL, "expected list, show or check" },
		{ "profile", "show", "a b", NULL },
		{ "profile", "check", NULL, "profile check: too few arguments" },
		{ "profile", "list", "--jail", NULL },
		{ "verify", "extra", NULL, "verify: too many arguments" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[10];
		char *err;
		int n = 0;

		argv[n++] = "--root";
		argv[n++] = root;
		argv[n++] = "--profile";
		argv[n++] = "/nonexistent/x.profile";
		argv[n++] = cases[i].a;
		if (cases[i].b != NULL)
			argv[n++] = cases[i].b;
		if (cases[i].c != NULL && strcmp(cases[i].c, "a b") == 0) {
			argv[n++] = "a";
			argv[n++] = "b";
		} else if (cases[i].c != NULL) {
			argv[n++] = cases[i].c;
		}
		if (strcmp(cases[i].a, "profile") == 0 && cases[i].b != NULL &&
		    strcmp(cases[i].b, "list") == 0)
			argv[n++] = "/j";
		argv[n] = NULL;
		expect_run(2, &err, argv);
		if (cases[i].want != NULL)
			expect_contains(err, cases[i].want);
		expect_contains(err, "(see 'jailctl --help')");
		if (strstr(err, "x.profile") != NULL)
			print_error("profile looked at before the words:\n%s\n", err);
		assert_null(strstr(err, "x.profile"));
		free(err);
	}
}

/* The line number of the first line of file that starts with key. */
static unsigned
line_of(const char *file, const char *key)
{
	char *text = tu_read_file(file);
	unsigned line = 1;

	for (char *s = text; *s != '\0'; line++) {
		if (strncmp(s, key, strlen(key)) == 0) {
			free(text);
			return line;
		}
		s += strcspn(s, "\n");
		if (*s == '\n')
			s++;
	}
	free(text);
	fail_msg("no '%s' line in %s", key, file);
	return 0;
}

/*
 * On a host without sendmail's users, only the commands that use those
 * names fail, each saying which name, where the profile uses it and where
 * it was looked for.
 */
static void
test_root_without_sendmail_users(void **state)
{
	const char *root = *state;
	char *err, *want, *deb = tu_srcfile("profiles/debian.profile");
	const char *const audit_config[] = { "-r", root, "-p", "debian", "audit",
	    "config", NULL };
	const char *const audit_forward[] = { "-r", root, "-p", "debian", "audit",
	    "forward", NULL };
	const char *const audit_pipe[] = { "-r", root, "-p", "debian", "audit",
	    "pipe", "--", "vacation", NULL };
	const char *const verify[] = { "-r", root, "-p", "debian", "verify", NULL };
	const char *const create_n[] = { "-r", root, "-p", "debian", "create", "-n",
	    NULL };
	const char *const show[] = { "-r", root, "profile", "show", "debian", NULL };
	const char *const audit_smrsh[] = { "-r", root, "-p", "debian", "audit",
	    "smrsh", NULL };
	const char *const audit_all[] = { "-r", root, "-p", "debian", "audit", NULL };
	const char *const check[] = { "-r", root, "profile", "check", deb, NULL };

	expect_run(1, NULL, audit_config);	/* no sendmail.cf: a finding */
	expect_run(1, NULL, audit_forward);	/* no sendmail.cf either */
	expect_run(1, NULL, audit_pipe);	/* no smrsh directory: refused */
	expect_run(1, NULL, verify);		/* no jail yet */
	/* The jail is created; the smrsh directory is left, with a finding. */
	expect_run(1, &err, create_n);
	assert_string_equal(err, "");
	free(err);
	expect_run(0, NULL, show);

	assert_true(asprintf(&want, "jailctl: user 'smmta' (profile debian, smrsh-dir) "
	    "does not exist in %s/etc/passwd: is sendmail installed?\n"
	    "jailctl: group 'smmsp' (profile debian, smrsh-dir) does not exist in "
	    "%s/etc/group: is sendmail installed?\n", root, root) > 0);
	expect_run(2, &err, audit_smrsh);
	assert_string_equal(err, want);
	free(err);
	expect_run(2, &err, audit_all);
	assert_string_equal(err, want);
	free(err);
	free(want);

	/* profile check reports every unresolved name, with file and line. */
	unsigned line = line_of(deb, "smrsh-dir");
	expect_run(2, &err, check);
	assert_true(asprintf(&want, "%s:%u: user 'smmta' (profile debian, smrsh-dir) "
	    "does not exist in %s/etc/passwd", deb, line, root) > 0);
	expect_contains(err, want);
	free(want);
	assert_true(asprintf(&want, "%s:%u: group 'smmsp'", deb, line) > 0);
	expect_contains(err, want);
	free(want);
	free(err);
	free(deb);
}

/*
 * A profile whose jail owners exist but whose smrsh directory's owner does
 * not: verify works, audit smrsh names the missing user; a missing jail
 * owner stops verify with the entry it belongs to.
 */
static void
test_only_the_names_used(void **state)
{
	const char *root = *state;
	char *err, *want, *prof = tu_path(root, "custom.profile");
	const char *const verify[] = { "-r", root, "-p", prof, "verify", NULL };
	const char *const smrsh[] = { "-r", root, "-p", prof, "audit", "smrsh", NULL };

	tu_write(root, "custom.profile", "name custom\njail /j\n"
	    "smrsh-dir /etc/mail/smrsh ghost root 0755\nmail-user nomail\n"
	    "dir / root root 0755\ndir /spool root mail 0775\n", 0644);
	expect_run(1, NULL, verify);
	expect_run(2, &err, smrsh);
	assert_true(asprintf(&want, "jailctl: user 'ghost' (profile custom, smrsh-dir) "
	    "does not exist in %s/etc/passwd: is sendmail installed?\n", root) > 0);
	assert_string_equal(err, want);
	free(want);
	free(err);

	tu_write(root, "custom.profile", "name custom\njail /j\n"
	    "dir / root root 0755\ndir /spool root mail 0775\n"
	    "dir /spool/q smmta smmsp 0700\n", 0644);
	expect_run(2, &err, verify);
	expect_contains(err, "user 'smmta' (profile custom, dir /spool/q) does not exist");
	expect_contains(err, "group 'smmsp' (profile custom, dir /spool/q) does not exist");
	free(err);
	free(prof);
}

/*
 * When no profile can be found, the error names the directories searched;
 * profile list with none installed says so and exits 2.  Run outside the
 * source tree, so ./profiles is not searched.
 */
static void
test_no_profile_found_names_the_search(void **state)
{
	const char *root = *state;
	char *srcdir = strdup(tu_srcdir()), *err;
	const char *const list[] = { "profile", "list", NULL };
	const char *const named[] = { "-r", root, "-p", "nosuch", "verify", NULL };
	const char *const detect[] = { "-r", root, "verify", NULL };
	char *out;

	setenv("JAILCTL_SRCDIR", root, 1);
	if (tu_runv(&out, &err, (char *const *)list) == 0) {
		/* A jailctl installed on this host: its profiles are found. */
		print_message("skipped: profiles installed on this host\n");
	} else {
		expect_contains(err, "jailctl: profile list: no profiles found in "
		    "/etc/jailctl/profiles and /");
		assert_null(strstr(err, "./profiles"));
		free(err);
		expect_run(2, &err, named);
		expect_contains(err, "no profile named 'nosuch' in /etc/jailctl/profiles and /");
		free(err);
		expect_run(2, &err, detect);
		expect_contains(err, "(os-release ID and ID_LIKE: debian; searched "
		    "/etc/jailctl/profiles and /");
	}
	free(out);
	free(err);
	setenv("JAILCTL_SRCDIR", srcdir, 1);
	free(srcdir);
	/* From the source tree, ./profiles is searched and named too. */
	expect_run(2, &err, named);
	expect_contains(err, " and ./profiles (see 'jailctl profile list')");
	free(err);
}

/* A Cap* line of a /proc/<pid>/status dump. */
static unsigned long long
cap_line(const char *status, const char *key)
{
	const char *s = strstr(status, key);
	unsigned long long v;

	assert_non_null(s);
	assert_int_equal(sscanf(s + strlen(key), " %llx", &v), 1);
	return v;
}

#define BIT(n) (1ULL << (n))
/* CAP_DAC_READ_SEARCH, CAP_SETGID, CAP_SETUID */
#define CAPS_READING (BIT(2) | BIT(6) | BIT(7))
/* CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID,
 * CAP_SETGID, CAP_SETUID (users=forward reads .forward as the user),
 * CAP_SETFCAP, CAP_MAC_ADMIN */
#define CAPS_TREE (BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(6) | \
    BIT(7) | BIT(31) | BIT(33))
#define CAP_SETPCAP_BIT BIT(8)

/*
 * Each verb runs with exactly the capabilities jailctl(8) declares for it
 * (as far as we hold them), the bounding set cut to match, and
 * no_new_privs; read from /proc/self/status inside the verb by the test
 * build's hook.
 */
static void
test_capabilities_per_verb(void **state)
{
	const char *root = *state;
	char *self = tu_read_file("/proc/self/status");
	unsigned long long prm = cap_line(self, "CapPrm:"), bnd = cap_line(self, "CapBnd:");
	unsigned long long eff = cap_line(self, "CapEff:");
	char dump[] = "/tmp/jailctl-status.XXXXXX";
	int fd = mkstemp(dump);
	char *deb = tu_srcfile("profiles/debian.profile");
	static const struct {
		const char *verb;
		unsigned long long caps;
		const char *argv[6];
	} runs[] = {
		{ "create", CAPS_TREE, { "create" } },
		{ "create", CAPS_READING, { "create", "--dry-run" } },
		{ "verify", CAPS_READING, { "verify" } },
		{ "verify", CAPS_TREE, { "verify", "--fix" } },
		{ "verify", CAPS_READING, { "verify", "--fix", "-n" } },
		{ "audit", CAPS_READING, { "audit" } },
		{ "audit config", CAPS_READING, { "audit", "config" } },
		{ "audit smrsh", CAPS_READING, { "audit", "smrsh" } },
		{ "audit forward", CAPS_READING, { "audit", "forward" } },
		{ "audit pipe", CAPS_READING, { "audit", "pipe", "--", "vacation" } },
		{ "profile list", CAPS_READING, { "profile", "list" } },
		{ "profile show", CAPS_READING, { "profile", "show" } },
		{ "profile check", CAPS_READING, { "profile", "check", "DEB" } },
	};

	TU_REQUIRE_ROOT();
	assert_true(fd >= 0);
	close(fd);
	setenv("JAILCTL_TEST_DUMP_STATUS", dump, 1);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		const char *argv[16];
		char *out, *err, *status, *want;
		int n = 0;

		argv[n++] = "-r";
		argv[n++] = root;
		argv[n++] = "-p";
		argv[n++] = "debian";
		for (size_t k = 0; runs[i].argv[k] != NULL; k++)
			argv[n++] = strcmp(runs[i].argv[k], "DEB") == 0 ? deb :
			    runs[i].argv[k];
		argv[n] = NULL;
		assert_int_equal(truncate(dump, 0), 0);
		int st = tu_runv(&out, &err, (char *const *)argv);
		status = tu_read_file(dump);
		if (st == 2 || strstr(status, "verb: ") == NULL)
			print_error("%s: exit %d\n%s%s\n", runs[i].verb, st, out, err);
		assert_int_not_equal(st, 2);
		assert_true(asprintf(&want, "verb: %s\n", runs[i].verb) > 0);
		assert_non_null(strstr(status, want));
		unsigned long long keep = runs[i].caps & prm;
		unsigned long long want_bnd = (eff & CAP_SETPCAP_BIT) ? runs[i].caps & bnd : bnd;
		if (cap_line(status, "CapEff:") != keep || cap_line(status, "CapPrm:") != keep ||
		    cap_line(status, "CapBnd:") != want_bnd)
			print_error("%s: wanted %016llx (bounding %016llx):\n%s",
			    runs[i].verb, keep, want_bnd, status);
		assert_true(cap_line(status, "CapEff:") == keep);
		assert_true(cap_line(status, "CapPrm:") == keep);
		assert_true(cap_line(status, "CapInh:") == 0);
		assert_true(cap_line(status, "CapAmb:") == 0);
		assert_true(cap_line(status, "CapBnd:") == want_bnd);
		assert_true(cap_line(status, "NoNewPrivs:") == 1);
		free(want);
		free(status);
		free(out);
		free(err);
	}
	unsetenv("JAILCTL_TEST_DUMP_STATUS");
	unlink(dump);
	free(deb);
	free(self);
}

/*
 * The Ansible module runs create and then the audits: each in a process of
 * its own, so the audits still hold what reading as each user takes after
 * create has given up CAP_SETUID.
 */
static void
test_module_steps_keep_their_own_capabilities(void **state)
{
	const char *root = *state;
	char *self = tu_read_file("/proc/self/status");
	unsigned long long prm = cap_line(self, "CapPrm:");
	char dump[] = "/tmp/jailctl-status.XXXXXX", *args, *argsfile, *out, *status;
	int fd = mkstemp(dump);

	TU_REQUIRE_ROOT();
	assert_true(fd >= 0);
	close(fd);
	assert_true(asprintf(&args, "{\"root\": \"%s\", \"profile\": \"debian\", "
	    "\"audits\": [\"forward\"]}", root) > 0);
	tu_write(root, "args.json", args, 0600);
	argsfile = tu_path(root, "args.json");
	setenv("JAILCTL_TEST_DUMP_STATUS", dump, 1);
	(void)tu_run(&out, NULL, argsfile, NULL);
	unsetenv("JAILCTL_TEST_DUMP_STATUS");
	status = tu_read_file(dump);
	char *create = strstr(status, "verb: create\n");
	char *forward = strstr(status, "verb: audit forward\n");
	if (create == NULL || forward == NULL || forward < create)
		print_error("%s\n%s\n", out, status);
	assert_true(create != NULL && forward != NULL && forward > create);
	assert_true(cap_line(create, "CapEff:") == (CAPS_TREE & prm));
	assert_true(cap_line(forward, "CapEff:") == (CAPS_READING & prm));
	unlink(dump);
	free(status);
	free(out);
	free(argsfile);
	free(args);
	free(self);
}

/*
 * Run by a user who cannot change owners, create and verify --fix refuse
 * in one line before they touch anything; --dry-run and verify still run.
 */
static void
test_unprivileged_create_refused(void **state)
{
	const char *root = *state;
	char *out, *err, *jail = tu_path(root, "var/mailjail");
	const char *const create[] = { "-r", root, "-p", "debian", "create", NULL };
	const char *const fix[] = { "-r", root, "-p", "debian", "verify", "--fix", NULL };
	const char *const create_n[] = { "-r", root, "-p", "debian", "create", "-n", NULL };
	struct stat st;

	TU_REQUIRE_ROOT();
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tu_runv_as(65534, 65534, &out, &err, (char *const *)(i ? fix : create)), 2);
		assert_string_equal(out, "");
		assert_non_null(strstr(err, "cannot change owners (no CAP_CHOWN)"));
		/* One line. */
		assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1);
		free(out);
		free(err);
	}
	assert_int_equal(tu_runv_as(65534, 65534, &out, &err, (char *const *)create_n), 0);
	assert_null(strstr(err, "CAP_CHOWN"));
	free(out);
	free(err);
	assert_int_not_equal(lstat(jail, &st), 0);
	free(jail);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_usage_errors_come_first,
		    setup_no_sendmail, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_root_without_sendmail_users,
		    setup_no_sendmail, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_only_the_names_used,
		    setup_no_sendmail, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_no_profile_found_names_the_search,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_capabilities_per_verb,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_module_steps_keep_their_own_capabilities,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_unprivileged_create_refused,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
