/*
 * test_smrsh_rules.c -- smrsh_judge() against written expectations.
 *
 * Every line of smrsh_cases.h is judged beneath a scratch root laid out
 * like Debian (CMDDIR /etc/mail/smrsh); the same lines are checked against
 * the real smrsh binary by test_smrsh_conformance.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "smrsh_rules.h"
#include "smrsh_cases.h"

struct fixture {
	char path[64];
	int root_fd;
	bool as_root;
	bool acl_ok;		/* the scratch file system took POSIX ACLs */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	assert_non_null(f);
	strcpy(f->path, "/tmp/jailctl-smrsh-rules.XXXXXX");
	assert_non_null(mkdtemp(f->path));
	f->root_fd = open(f->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(f->root_fd >= 0);
	f->as_root = geteuid() == 0;
	f->acl_ok = build_smrsh_tree(f->root_fd, f->as_root);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(close(f->root_fd), 0);
	tu_rmtree(f->path);
	free(f);
	return 0;
}

static struct smrsh_env
env_for(const struct fixture *f, const struct case_ids *ids)
{
	return case_env(f->root_fd, ids, true);
}

static bool
has_warning(const struct smrsh_verdict *v, const char *needle)
{
	size_t i;

	for (i = 0; i < v->nwarnings; i++)
		if (strstr(v->warnings[i], needle) != NULL)
			return true;
	return false;
}

/* Prints what differs for one case; returns the number of differences. */
static int
check_case(size_t idx, const struct smrsh_case *c, const char *command,
    const struct smrsh_verdict *v)
{
	char *msg = case_message(c, command);
	int bad = 0;

#define FAIL(...) case_diff(idx, &bad, __VA_ARGS__)
	if (v->allowed != (c->exit == 0))
		FAIL("allowed %d, expected %d (message: %s)", v->allowed,
		    c->exit == 0, v->message ? v->message : "none");
	if (v->exit_status != c->exit)
		FAIL("exit %d, expected %d", v->exit_status, c->exit);
	if (c->exit != 0) {
		if (v->message == NULL || strcmp(v->message, msg) != 0)
			FAIL("message [%s], expected [%s]",
			    v->message ? v->message : "(null)", msg);
		if (v->shell_command != NULL || v->nruns != 0 ||
		    v->nwarnings != 0)
			FAIL("a refusal carries a shell command, runs or warnings");
	} else {
		if (v->message != NULL)
			FAIL("allowed with a message: %s", v->message);
		if (!runs_equal(c->runs, v->runs, v->nruns))
			FAIL("runs differ from [%s] (%zu runs)", c->runs,
			    v->nruns);
		if (c->shell != NULL && (v->shell_command == NULL ||
		    strcmp(v->shell_command, c->shell) != 0))
			FAIL("shell [%s], expected [%s]",
			    v->shell_command ? v->shell_command : "(null)",
			    c->shell);
		if (c->warn == NULL && v->nwarnings != 0)
			FAIL("unexpected warning: %s", v->warnings[0]);
		if (c->warn != NULL && !has_warning(v, c->warn))
			FAIL("no warning containing [%s]", c->warn);
	}
#undef FAIL
	free(msg);
	return bad;
}

/* Every line of the shared table, with its expected verdict. */
static void
test_case_table(void **state)
{
	struct fixture *f = *state;
	size_t i, judged = 0, skipped = 0;
	int bad = 0;

	assert_true(NSMRSH_CASES >= 50);
	for (i = 0; i < NSMRSH_CASES; i++) {
		const struct smrsh_case *c = &smrsh_cases[i];
		struct case_ids ids;
		struct smrsh_env env;
		struct smrsh_verdict v;
		char *command;

		if ((c->root_only && !f->as_root) || (c->acl && !f->acl_ok)) {
			skipped++;
			continue;
		}
		ids = case_ids(c->who, f->as_root);
		env = env_for(f, &ids);
		command = case_command(c);
		assert_int_equal(smrsh_judge(&env, command, &v), 0);
		bad += check_case(i, c, command, &v);
		smrsh_verdict_free(&v);
		free(command);
		judged++;
	}
	if (skipped > 0)
		fprintf(stderr, "test_smrsh_rules: %zu cases skipped (%s)\n",
		    skipped, !f->as_root ? "not root" : "no POSIX ACLs in /tmp");
	assert_int_equal(bad, 0);
	assert_true(judged + skipped == NSMRSH_CASES);
}

/* The fixture's premise: the absolute link target exists only in the root. */
static void
test_absolute_link_stays_beneath_root(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_ROOT, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;

	assert_int_equal(access("/jailctl-target/abstool", F_OK), -1);
	assert_int_equal(smrsh_judge(&env, "abslink", &v), 0);
	assert_true(v.allowed);
	smrsh_verdict_free(&v);

	/* /usr/bin/env is on the host, not in the root. */
	if (access("/usr/bin/env", X_OK) == 0) {
		assert_int_equal(smrsh_judge(&env, "hostlink", &v), 0);
		assert_false(v.allowed);
		smrsh_verdict_free(&v);
	}
}

/* Group membership that only the callback knows about counts too. */
static bool
member_of(const void *arg, gid_t gid)
{
	return gid == *(const gid_t *)arg;
}

static void
test_group_callback(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_OTHER, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;
	uid_t ou;
	gid_t og;

	fixture_user(f->as_root, &ou, &og);
	assert_int_equal(smrsh_judge(&env, "groupx", &v), 0);
	assert_false(v.allowed);
	smrsh_verdict_free(&v);

	env.in_group = member_of;
	env.in_group_arg = &og;
	assert_int_equal(smrsh_judge(&env, "groupx", &v), 0);
	assert_true(v.allowed);
	assert_int_equal(v.nruns, 1);
	assert_string_equal(v.runs[0], CMDDIR "/groupx");
	smrsh_verdict_free(&v);
}

/* Without protected_symlinks the sticky-directory link is followed. */
static void
test_protected_symlinks_off(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_ROOT, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;

	if (!f->as_root)
		skip();
	env.protected_symlinks = false;
	assert_int_equal(smrsh_judge(&env, "viasticky", &v), 0);
	assert_true(v.allowed);
	smrsh_verdict_free(&v);
}

/* argv0 from A= prefixes every message; Usage has no prefix. */
static void
test_argv0(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_ROOT, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;

	env.argv0 = "/usr/sbin/smrsh";
	assert_int_equal(smrsh_judge(&env, "vacation x | y", &v), 0);
	assert_string_equal(v.message, "/usr/sbin/smrsh: cannot use | in command");
	smrsh_verdict_free(&v);
	assert_int_equal(smrsh_judge(&env, " ", &v), 0);
	assert_string_equal(v.message, "Usage: /usr/sbin/smrsh -c command");
	assert_int_equal(v.exit_status, 64);
	smrsh_verdict_free(&v);
}

static void
test_max_command(void **state)
{
	(void)state;
	assert_int_equal(smrsh_max_command("/etc/mail/smrsh"), 982);
	assert_int_equal(smrsh_max_command("/usr/libexec/sm.bin"), 978);
	assert_int_equal(smrsh_max_command("/etc/smrsh"), 987);
}

/* A CMDDIR given elsewhere than compiled in changes paths and the limit. */
static void
test_other_cmddir(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_ROOT, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;

	env.cmddir = "/etc/mail";
	assert_int_equal(smrsh_judge(&env, "smrsh/vacation", &v), 0);
	/* The directory part is dropped: /etc/mail/vacation does not exist. */
	assert_false(v.allowed);
	assert_string_equal(v.message, "smrsh: \"vacation\" not available for "
	    "sendmail programs (stat failed)");
	smrsh_verdict_free(&v);
	assert_int_equal(smrsh_judge(&env, "smrsh", &v), 0);
	assert_string_equal(v.message, "smrsh: \"smrsh\" not available for "
	    "sendmail programs (not a file)");
	smrsh_verdict_free(&v);
}

static void
test_bad_arguments(void **state)
{
	struct fixture *f = *state;
	struct case_ids ids = case_ids(AS_ROOT, f->as_root);
	struct smrsh_env env = env_for(f, &ids);
	struct smrsh_verdict v;

	env.cmddir = "etc/mail/smrsh";
	assert_int_equal(smrsh_judge(&env, "vacation", &v), -EINVAL);
	env.cmddir = NULL;
	assert_int_equal(smrsh_judge(&env, "vacation", &v), -EINVAL);
	env.cmddir = CMDDIR;
	assert_int_equal(smrsh_judge(&env, NULL, &v), -EINVAL);
	/* A dead root fd is our problem, not a "stat failed" prediction. */
	env.root_fd = -1;
	assert_int_equal(smrsh_judge(&env, "vacation", &v), -EBADF);
	/* ... but a refusal before any lookup needs no file system. */
	assert_int_equal(smrsh_judge(&env, "echo x;y", &v), 0);
	assert_string_equal(v.message, "smrsh: cannot use ; in command");
	smrsh_verdict_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_case_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_link_stays_beneath_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_protected_symlinks_off, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_argv0, setup, teardown),
		cmocka_unit_test(test_max_command),
		cmocka_unit_test_setup_teardown(test_other_cmddir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
