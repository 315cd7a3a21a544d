/*
 * test_peruser.c -- per-user jail directories (dir ... users=): made for
 * the users whose .forward writes into them or for a uid range, predicted
 * by --dry-run, repaired, checked, a gone user's directory reported and
 * kept, the grammar checked, and memory that does not grow with the
 * number of users.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define JAIL "/var/mailjail"
#define HOMES JAIL "/home"

static json_t *
run(int want, const char *root, const char *profile, const char *a,
    const char *b)
{
	return tu_run_json_expect(want, "-r", root, "-p", profile, a, b, NULL);
}



/* A user's home with a .forward of theirs. */
static void
forward(const char *root, const char *user, uid_t uid, const char *text)
{
	char *home, *file;

	assert_true(asprintf(&home, "home/%s", user) >= 0);
	assert_true(asprintf(&file, "home/%s/.forward", user) >= 0);
	tu_mkdir(root, home, 0755);
	tu_chown(root, home, uid, uid);
	tu_write(root, file, text, 0644);
	tu_chown(root, file, uid, uid);
	free(home);
	free(file);
}

/*
 * sendmail.cf with SafeFileEnvironment=/var/mailjail; alice writes a
 * mailbox in /home/alice, carol names the jail in full, bob only pipes.
 */
static void
forward_root(const char *root)
{
	char *cf = tu_srcfile("tests/data/cf/sendmail.cf.debian12-smrsh-jail");
	char *text = tu_read_file(cf);

	tu_write(root, "etc/mail/sendmail.cf", text, 0644);
	free(text);
	free(cf);
	tu_append(root, "etc/passwd", "carol:x:1003:1003:Carol:/home/carol:/bin/bash");
	tu_append(root, "etc/group", "carol:x:1003:");
	forward(root, "alice", 1001, "/home/alice/mbox\n");
	forward(root, "bob", 1002, "\"|/usr/bin/procmail\"\n");
	forward(root, "carol", 1003, "/var/mailjail/home/carol/in/box, carol\n");
}

static void
test_forward_users_get_their_directory(void **state)
{
	char *root = *state, *predicted, *done;
	json_t *doc, *f;
	struct stat st;
	int status;

	TU_REQUIRE_ROOT();
	forward_root(root);
	/* The jail without home directories: alice's delivery fails. */
	tu_mkdir(root, "var/mailjail/home", 0755);
	doc = tu_run_json(&status, "-r", root, "-p", "debian", "--user", "alice",
	    "audit", "forward", NULL);
	f = tu_expect_finding(doc, "forward.file-fails", "/home/alice/.forward",
	    "medium");
	assert_non_null(strstr(tu_str(f, "message"), "does not exist"));
	json_decref(doc);

	doc = run(0, root, "debian", "create", "--dry-run");
	predicted = tu_changes_text(doc);
	json_decref(doc);
	assert_false(tu_lexists(root, HOMES "/alice", NULL));
	doc = run(0, root, "debian", "create", NULL);
	done = tu_changes_text(doc);
	json_decref(doc);
	assert_string_equal(predicted, done);
	assert_non_null(strstr(done, HOMES "/alice create directory alice:1001 0700\n"));
	free(predicted);
	free(done);

	assert_true(tu_lexists(root, HOMES "/alice", &st));
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_uid, 1001);
	assert_int_equal(st.st_gid, 1001);
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_true(tu_lexists(root, HOMES "/carol", &st));
	assert_int_equal(st.st_uid, 1003);
	/* bob's .forward writes no file: no directory for him. */
	assert_false(tu_lexists(root, HOMES "/bob", NULL));

	/* Now alice's mailbox can be created. */
	doc = tu_run_json(&status, "-r", root, "-p", "debian", "--user", "alice",
	    "audit", "forward", NULL);
	tu_expect_no_finding(doc, "forward.file-fails", NULL);
	f = tu_expect_finding(doc, "forward.file-target", "/home/alice/.forward",
	    "info");
	assert_string_equal(tu_str(f, "actual"), HOMES "/alice/mbox");
	json_decref(doc);

	doc = run(0, root, "debian", "verify", NULL);
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);
	doc = run(0, root, "debian", "create", NULL);
	assert_int_equal(json_array_size(json_object_get(doc, "changes")), 0);
	json_decref(doc);
}

static void
test_drift_repaired_and_gone_user_kept(void **state)
{
	char *root = *state;
	json_t *doc, *f;
	struct stat st;

	TU_REQUIRE_ROOT();
	forward_root(root);
	json_decref(run(0, root, "debian", "create", NULL));
	tu_chmod(root, HOMES "/alice", 0777);
	tu_chown(root, HOMES "/alice", 1002, 1001);

	doc = run(1, root, "debian", "verify", NULL);
	tu_expect_finding(doc, "tree.mode", HOMES "/alice", "high");
	tu_expect_finding(doc, "tree.owner", HOMES "/alice", "medium");
	json_decref(doc);
	json_decref(run(0, root, "debian", "verify", "--fix"));
	assert_true(tu_lexists(root, HOMES "/alice", &st));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, 1001);

	/* A directory removed: verify says so, --fix makes it again. */
	tu_rmdir(root, HOMES "/alice");
	doc = run(1, root, "debian", "verify", NULL);
	tu_expect_finding(doc, "tree.missing", HOMES "/alice", "high");
	json_decref(doc);
	json_decref(run(0, root, "debian", "verify", "--fix"));
	assert_true(tu_lexists(root, HOMES "/alice", NULL));

	/* carol leaves: her directory is a finding, and stays. */
	char *pw = tu_path(root, "etc/passwd");
	char *text = tu_read_file(pw);
	*strstr(text, "carol:") = '\0';
	tu_write(root, "etc/passwd", text, 0644);
	free(text);
	free(pw);
	doc = run(1, root, "debian", "verify", NULL);
	f = tu_expect_finding(doc, "tree.peruser-stale", HOMES "/carol", "low");
	assert_string_equal(tu_str(f, "actual"), "carol");
	assert_false(json_is_true(json_object_get(f, "fixable")));
	assert_int_equal(tu_count_findings(doc, "tree.peruser-stale", NULL), 1);
	json_decref(doc);
	doc = run(1, root, "debian", "verify", "--fix");
	tu_expect_finding(doc, "tree.peruser-stale", HOMES "/carol", "low");
	json_decref(doc);
	assert_true(tu_lexists(root, HOMES "/carol", NULL));
	/* bob has no directory; one made by hand for him is no finding. */
	tu_mkdir(root, "var/mailjail/home/bob", 0700);
	doc = run(1, root, "debian", "verify", NULL);
	tu_expect_no_finding(doc, "tree.peruser-stale", HOMES "/bob");
	json_decref(doc);
}

static const char uid_profile[] =
    "name uids\njail /var/mailjail\n"
    "dir / root root 0755\n"
    "dir /home root root 0755\n"
    "dir /home/%name %name %group 0750 users=1000-59999\n"
    "dir /home/shared root root 0755\n";

/*
 * The same for users=forward, for the memory test.  (The shipped profiles'
 * owner=%name mailbox rule loads the names table on purpose, one lookup
 * per mailbox; it is not what is measured here.)
 */
static const char forward_profile[] =
    "name fwd\njail /var/mailjail\nsendmail-cf /etc/mail/sendmail.cf\n"
    "dir / root root 0755\n"
    "dir /home root root 0755\n"
    "dir /home/%name %name %group 0700 users=forward\n";

static void
test_uid_range_selects_login_users(void **state)
{
	char *root = *state, *profile = tu_path(*state, "uids.profile");
	json_t *doc;
	struct stat st;

	TU_REQUIRE_ROOT();
	tu_write(root, "uids.profile", uid_profile, 0644);
	tu_append(root, "etc/passwd", "dave:x:1005:100::/home/dave:/usr/sbin/nologin");
	tu_append(root, "etc/passwd", "erin:x:60001:100::/home/erin:/bin/sh");
	tu_append(root, "etc/passwd", "shared:x:1006:100::/home/shared:/bin/sh");
	doc = run(0, root, profile, "create", NULL);
	json_decref(doc);
	assert_true(tu_lexists(root, HOMES "/alice", &st));
	assert_int_equal(st.st_mode & 07777, 0750);
	assert_int_equal(st.st_gid, 1001);
	assert_true(tu_lexists(root, HOMES "/bob", NULL));
	assert_false(tu_lexists(root, HOMES "/dave", NULL));	/* no login shell */
	assert_false(tu_lexists(root, HOMES "/erin", NULL));	/* outside the range */
	assert_false(tu_lexists(root, HOMES "/mail", NULL));
	/* An entry of its own wins over the template. */
	assert_true(tu_lexists(root, HOMES "/shared", &st));
	assert_int_equal(st.st_uid, 0);
	doc = run(0, root, profile, "verify", NULL);
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);
	free(profile);
}

static void
check_error(const char *root, const char *body, const char *want)
{
	char *file = tu_path(root, "bad.profile"), *err = NULL, *text;
	int st;

	assert_true(asprintf(&text, "name bad\njail /var/mailjail\n"
	    "dir / root root 0755\ndir /home root root 0755\n%s", body) >= 0);
	tu_write(root, "bad.profile", text, 0644);
	st = tu_run(NULL, &err, "-r", root, "profile", "check", file, NULL);
	if (strstr(err, want) == NULL)
		print_error("wanted '%s' in:\n%s", want, err);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, want));
	free(err);
	free(text);
	free(file);
}

static void
test_profile_check(void **state)
{
	const char *root = *state;

	check_error(root, "dir /home/%name %name %group 0700 users=sometimes\n",
	    "bad.profile:5: users='sometimes': expected 'forward' or a uid range");
	check_error(root, "dir /home/%name %name %group 0700 users=9-3\n",
	    "bad.profile:5: users='9-3'");
	check_error(root, "dir /home/%name %name %group 0700\n",
	    "bad.profile:5: '%name' and '%group' stand only in a users= entry");
	check_error(root, "dir /home/x %name root 0700\n",
	    "bad.profile:5: '%name' and '%group' stand only");
	check_error(root, "file /home/%name %name %group 0600 users=forward\n",
	    "bad.profile:5: users= is for 'dir' entries");
	check_error(root, "dir /home/%name/in %name %group 0700 users=forward\n",
	    "bad.profile:5: path '/home/%name/in' of a users= entry must hold");
	check_error(root, "dir /home/%group %name %group 0700 users=forward\n",
	    "bad.profile:5: path '/home/%group' of a users= entry");
	check_error(root, "dir /home/%name %name %group 0700 users=forward "
	    "users=1-2\n", "bad.profile:5: 'users' given twice");
	check_error(root, "dir /home/%name %name %group 0700 users=forward\n"
	    "content /home/%name type=file\n",
	    "bad.profile:6: content directory /home/%name is a users= entry");
}

/* ------------------------------------------------------------------ */
/* Memory at scale.                                                    */

/*
 * n users (uid 10000 + i, group users); with forwards, every tenth has a
 * .forward writing a mailbox in the jail (all ten thousand are read
 * through the .forward model all the same).
 */
static void
many_users(const char *root, unsigned n, bool forwards)
{
	char *path = tu_path(root, "etc/passwd");
	FILE *f = fopen(path, "a");
	int homes = -1;

	assert_non_null(f);
	if (forwards) {
		tu_mkdir(root, "home", 0755);
		homes = tu_open_root(root);
		int h = openat(homes, "home", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		close(homes);
		homes = h;
		assert_true(homes >= 0);
	}
	for (unsigned i = 0; i < n; i++) {
		char name[32], line[64];

		snprintf(name, sizeof(name), "u%05u", i);
		fprintf(f, "%s:x:%u:100::/home/%s:/bin/sh\n", name, 10000 + i, name);
		if (!forwards || i % 10 != 0)
			continue;
		assert_int_equal(mkdirat(homes, name, 0755), 0);
		int d = openat(homes, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		assert_true(d >= 0);
		assert_int_equal(fchown(d, 10000 + i, 100), 0);
		int fd = openat(d, ".forward", O_WRONLY | O_CREAT | O_EXCL, 0644);
		assert_true(fd >= 0);
		int len = snprintf(line, sizeof(line), "/home/%s/mbox\n", name);
		assert_int_equal(write(fd, line, (size_t)len), len);
		assert_int_equal(fchown(fd, 10000 + i, 100), 0);
		close(fd);
		close(d);
	}
	assert_int_equal(fclose(f), 0);
	free(path);
	tu_append(root, "etc/group", "users:x:100:");
	if (homes >= 0)
		close(homes);
}

/*
 * Peak resident memory (KiB) of one run of the uninstrumented binary
 * (ASan's shadow and quarantine would measure the sanitizer, not us).
 * Not getrusage(): a child exec'd from this process carries the parent's
 * resident size into its ru_maxrss (exec keeps the old mm's high-water
 * mark), which is this test's, not jailctl's.  The exec'd image's own
 * VmHWM, read when it stops at exit under ptrace, is exactly its peak.
 * Returns -1 when the binary or ptrace is not available.
 */
static long
peak_kib(const char *root, const char *profile, const char *cmd)
{
	char *bin = tu_srcfile("jailctl/jailctl");
	long peak = -1;
	int status;
	pid_t pid;

	if (access(bin, X_OK) != 0) {
		free(bin);
		return -1;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
			_exit(126);
		execl(bin, bin, "-q", "-r", root, "-p", profile, cmd, (char *)NULL);
		_exit(127);
	}
	free(bin);
	/* Stopped at the exec: ask to stop again at the exit. */
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFSTOPPED(status))
		return -1;
	assert_int_equal(ptrace(PTRACE_SETOPTIONS, pid, NULL,
	    (void *)(long)PTRACE_O_TRACEEXIT), 0);
	assert_int_equal(ptrace(PTRACE_CONT, pid, NULL, NULL), 0);
	for (;;) {
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		int sig = WSTOPSIG(status);
		if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			char path[64], line[256];
			snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
			FILE *f = fopen(path, "r");
			assert_non_null(f);
			while (fgets(line, sizeof(line), f) != NULL)
				if (sscanf(line, "VmHWM: %ld", &peak) == 1)
					break;
			fclose(f);
			sig = 0;
		}
		assert_int_equal(ptrace(PTRACE_CONT, pid, NULL,
		    (void *)(long)(sig == SIGTRAP ? 0 : sig)), 0);
	}
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		print_error("%s exited %d\n", cmd, WEXITSTATUS(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return peak;
}

struct scale {
	long create, verify;
	unsigned dirs;
};

static struct scale
measure(unsigned n, bool forwards)
{
	char *root = tu_mkroot();
	char *profile;
	struct scale s = { 0, 0, 0 };

	many_users(root, n, forwards);
	if (forwards) {
		char *cf = tu_srcfile("tests/data/cf/sendmail.cf.debian12-smrsh-jail");
		char *text = tu_read_file(cf);
		tu_write(root, "etc/mail/sendmail.cf", text, 0644);
		free(text);
		free(cf);
		tu_write(root, "fwd.profile", forward_profile, 0644);
		profile = tu_path(root, "fwd.profile");
	} else {
		tu_write(root, "uids.profile", uid_profile, 0644);
		profile = tu_path(root, "uids.profile");
	}
	s.create = peak_kib(root, profile, "create");
	s.verify = s.create < 0 ? -1 : peak_kib(root, profile, "verify");
	char *homes = tu_path(root, HOMES);
	for (unsigned i = 0; i < n; i += n / 10) {
		char *d;
		struct stat st;
		assert_true(asprintf(&d, "%s/u%05u", homes, i) >= 0);
		if (stat(d, &st) == 0 && (unsigned)st.st_uid == 10000 + i)
			s.dirs++;
		free(d);
	}
	free(homes);
	free(profile);
	tu_rmroot(root);
	return s;
}

static void
assert_flat(const char *what, struct scale small, struct scale big)
{
	print_message("%s: peak RSS create %ld -> %ld KiB, verify %ld -> %ld "
	    "KiB (1 000 -> 10 000 users)\n", what, small.create, big.create,
	    small.verify, big.verify);
	/* Ten times the users; the same memory, give or take allocator noise. */
	assert_true(big.create <= small.create + small.create / 4);
	assert_true(big.verify <= small.verify + small.verify / 4);
}

static void
test_memory_flat_at_10000_users(void **state)
{
	(void)state;
	TU_REQUIRE_ROOT();
	struct scale s1 = measure(1000, false);
	if (s1.create < 0) {
		print_message("skipped: jailctl/jailctl (uninstrumented) not built, "
		    "or ptrace not permitted\n");
		skip();
	}
	struct scale s2 = measure(10000, false);
	assert_int_equal(s1.dirs, 10);
	assert_int_equal(s2.dirs, 10);
	assert_flat("users=1000-59999", s1, s2);

	s1 = measure(1000, true);
	s2 = measure(10000, true);
	assert_int_equal(s1.dirs, 10);
	assert_int_equal(s2.dirs, 10);
	assert_flat("users=forward", s1, s2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forward_users_get_their_directory, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_drift_repaired_and_gone_user_kept, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_uid_range_selects_login_users, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_profile_check, tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_memory_flat_at_10000_users),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
