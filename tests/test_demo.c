/*
 * test_demo.c -- `make demo` (scripts/demo) removes its scratch root when
 * it is interrupted, not only when it ends.
 *
 * The demo is run with a stand-in for jailctl that says which scratch root
 * it was given and then waits; the demo's process group then gets the
 * signal, as a terminal's ^C or a hangup would deliver it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

/* Wait for path to exist (the stand-in has started), at most a minute. */
static void
wait_for(const char *path)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct stat st;

	for (int i = 0; i < 3000; i++) {
		if (stat(path, &st) == 0)
			return;
		nanosleep(&pause, NULL);
	}
	fail_msg("the demo never ran its jailctl (%s)", path);
}

static void
interrupt_demo(const char *dir, int sig)
{
	char *fake = tu_path(dir, "fakebin"), *marker = tu_path(dir, "marker");
	char *demo = tu_srcfile("scripts/demo"), *root;
	int status;
	struct stat st;
	pid_t pid;

	unlink(marker);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (chdir(tu_srcdir()) != 0)
			_exit(127);
		execl("/bin/sh", "sh", demo, fake, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	wait_for(marker);
	root = tu_read_file(marker);
	root[strcspn(root, "\n")] = '\0';
	assert_int_equal(strncmp(root, "/tmp/jailctl-demo.", 18), 0);
	assert_int_equal(stat(root, &st), 0);

	assert_int_equal(kill(-pid, sig), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Passed on: the caller sees the demo was interrupted. */
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), sig);
	if (stat(root, &st) == 0)
		print_error("signal %d: %s is still there\n", sig, root);
	assert_int_not_equal(stat(root, &st), 0);
	assert_int_equal(errno, ENOENT);
	free(root);
	free(demo);
	free(marker);
	free(fake);
}

static void
test_demo_cleans_up_on_signals(void **state)
{
	char tmpl[] = "/tmp/jailctl-demotest.XXXXXX", *script;
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_true(asprintf(&script, "#!/bin/sh\n"
	    "echo \"$2\" > %s/marker.tmp && mv %s/marker.tmp %s/marker\n"
	    "exec sleep 600\n", tmpl, tmpl, tmpl) > 0);
	tu_write(tmpl, "fakebin", script, 0755);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		interrupt_demo(tmpl, sigs[i]);
	free(script);
	tu_rmtree(tmpl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_cleans_up_on_signals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
