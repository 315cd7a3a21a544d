/*
 * test_smrsh_conformance.c -- smrsh_judge() against the real Debian smrsh.
 *
 * scripts/fetch-smrsh provides the binary (JAILCTL_SMRSH, a cached copy,
 * or one unpacked from `apt-get download sendmail-bin`).  Each line of
 * smrsh_cases.h is then run through that smrsh in a chroot: a scratch
 * directory holding the shared CMDDIR tree, smrsh, dash and the libraries
 * ldd names for them.  There /bin/sh is a dash script that records the
 * command smrsh hands it before running it, and every CMDDIR program
 * appends its name to /ran.log, so the test sees what smrsh let through,
 * byte for byte, and what then really ran.  Identities other than root are
 * real uids set in the child after chroot().
 *
 * Needs root (chroot, setuid); skips otherwise or without a binary.
 * Nothing outside the scratch directory is written.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "smrsh_rules.h"
#include "smrsh_cases.h"

/* Where Debian installs smrsh; inside the chroot we use the same path. */
#define SMRSH_IN_ROOT "usr/libexec/sendmail/smrsh"
#define DASH_HOST "/bin/dash"

/* /bin/sh in the chroot: record argv[2] (smrsh runs "/bin/sh -c CMD"), run it. */
static const char recorder[] =
    "#!/bin/dash\n"
    "printf '%s' \"$2\" > /sh.log\n"
    "exec /bin/dash -c \"$2\"\n";

struct buf {
	char *data;
	size_t len;
};

static void
buf_read_all(struct buf *b, int fd)
{
	char chunk[4096];
	ssize_t n;

	b->data = NULL;
	b->len = 0;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n >= 0);
		if (n == 0)
			break;
		b->data = realloc(b->data, b->len + (size_t)n + 1);
		assert_non_null(b->data);
		memcpy(b->data + b->len, chunk, (size_t)n);
		b->len += (size_t)n;
	}
	if (b->data == NULL) {
		b->data = calloc(1, 1);
		assert_non_null(b->data);
	}
	b->data[b->len] = '\0';
}

/* Run argv (a host program), capture stdout; returns the wait status. */
static int
capture(char *const argv[], struct buf *out)
{
	int pfd[2], status;
	pid_t pid;

	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	buf_read_all(out, pfd[0]);
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

/* Copy host file `src` (following links: we want the bytes) to root/dst. */
static void
install_file(int root_fd, const char *src, const char *dst, mode_t mode)
{
	char *dir = strdup(dst), *base;
	char chunk[65536];
	int in, out, dfd;
	ssize_t n;

	assert_non_null(dir);
	base = strrchr(dir, '/');
	if (base != NULL) {
		*base++ = '\0';
		dfd = tu_mkdirs_at(root_fd, dir);
	} else {
		base = dir;
		dfd = dup(root_fd);
	}
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		fail_msg("cannot read %s: %s", src, strerror(errno));
	out = openat(dfd, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	assert_true(out >= 0);
	while ((n = read(in, chunk, sizeof chunk)) > 0)
		assert_int_equal(write(out, chunk, (size_t)n), n);
	assert_int_equal(n, 0);
	assert_int_equal(fchmod(out, mode), 0);
	close(in);
	close(out);
	close(dfd);
	free(dir);
}

/* Copy every shared object ldd names for `binary` into the root. */
static void
install_libraries(int root_fd, const char *binary)
{
	char *argv[] = { (char *)"ldd", (char *)binary, NULL };
	struct buf out;
	char *line, *save = NULL;
	int status = capture(argv, &out);

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("ldd %s failed", binary);
	for (line = strtok_r(out.data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		/* "libc.so.6 => /lib/.../libc.so.6 (0x...)" or
		 * "/lib64/ld-linux-x86-64.so.2 (0x...)"; vdso has no path. */
		char *path = strchr(line, '/');
		size_t len;

		if (path == NULL)
			continue;
		len = strcspn(path, " \t(");
		path[len] = '\0';
		install_file(root_fd, path, path + 1, 0755);
	}
	free(out.data);
}

/* The host's fs.protected_symlinks: it governs the real smrsh's walk. */
static bool
host_protected_symlinks(void)
{
	char c = '0';
	int fd = open("/proc/sys/fs/protected_symlinks", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &c, 1) != 1)
			c = '0';
		close(fd);
	}
	return c != '0';
}

struct fixture {
	char path[64];
	int root_fd;
	bool acl_ok;		/* the scratch file system took POSIX ACLs */
	char *smrsh;		/* host path of the binary under test */
};

/* Locate the binary via scripts/fetch-smrsh; NULL (and why) if none. */
static char *
fetch_smrsh(void)
{
	const char *src = getenv("JAILCTL_SRCDIR");
	char script[4096];
	char *argv[] = { script, NULL };
	struct buf out;
	int status;

	snprintf(script, sizeof script, "%s/scripts/fetch-smrsh",
	    src != NULL ? src : ".");
	if (access(script, X_OK) != 0) {
		print_message("skipped: %s not found (run from the source tree "
		    "or set JAILCTL_SRCDIR)\n", script);
		return NULL;
	}
	status = capture(argv, &out);
	out.data[strcspn(out.data, "\n")] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out.data[0] == '\0') {
		print_message("skipped: no smrsh binary: scripts/fetch-smrsh "
		    "failed (see its message above)\n");
		free(out.data);
		return NULL;
	}
	return out.data;
}

static int
setup(void **state)
{
	struct fixture *f;
	char *smrsh;

	if (geteuid() != 0) {
		print_message("skipped: running the real smrsh needs root "
		    "(chroot and setuid)\n");
		*state = NULL;
		return 0;
	}
	if ((smrsh = fetch_smrsh()) == NULL) {
		*state = NULL;
		return 0;
	}
	f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->smrsh = smrsh;
	strcpy(f->path, "/tmp/jailctl-smrsh-conf.XXXXXX");
	assert_non_null(mkdtemp(f->path));
	f->root_fd = open(f->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(f->root_fd >= 0);

	f->acl_ok = build_smrsh_tree(f->root_fd, true);
	install_file(f->root_fd, f->smrsh, SMRSH_IN_ROOT, 0755);
	install_file(f->root_fd, DASH_HOST, "bin/dash", 0755);
	install_libraries(f->root_fd, f->smrsh);
	install_libraries(f->root_fd, DASH_HOST);
	{
		int bin = openat(f->root_fd, "bin", O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);

		assert_true(bin >= 0);
		fx_file(bin, "sh", 0755, recorder, 0, 0, true);
		close(bin);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f == NULL)
		return 0;
	close(f->root_fd);
	tu_rmtree(f->path);
	free(f->smrsh);
	free(f);
	return 0;
}

/* An empty, world-writable log file at the top of the root. */
static void
reset_log(int root_fd, const char *name)
{
	int fd = openat(root_fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0666);

	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0666), 0);
	close(fd);
}

static char *
read_log(int root_fd, const char *name)
{
	int fd = openat(root_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct buf b;

	assert_true(fd >= 0);
	buf_read_all(&b, fd);
	close(fd);
	return b.data;
}

struct outcome {
	int status;		/* wait status */
	struct buf err;		/* smrsh's stderr (and the shell's) */
	char *shell;		/* what /bin/sh was given; "" if it never ran */
	char *ran;		/* /ran.log: one program name per line */
};

/* Run the real smrsh in the chroot as `ids`, the way sendmail runs it. */
static void
run_smrsh(const struct fixture *f, const struct case_ids *ids,
    const char *command, struct outcome *o)
{
	int efd[2], devnull;
	pid_t pid;

	reset_log(f->root_fd, "sh.log");
	reset_log(f->root_fd, "ran.log");
	assert_int_equal(pipe2(efd, O_CLOEXEC), 0);
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(devnull >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = { (char *)"smrsh", (char *)"-c", (char *)command, NULL };
		char *envp[] = { (char *)"PATH=/usr/bin:/bin", NULL };

		dup2(devnull, STDIN_FILENO);
		dup2(devnull, STDOUT_FILENO);
		dup2(efd[1], STDERR_FILENO);
		if (chroot(f->path) != 0 || chdir("/") != 0 ||
		    setgroups(ids->ngroups, ids->groups) != 0 ||
		    setresgid(ids->gid, ids->gid, ids->gid) != 0 ||
		    setresuid(ids->uid, ids->uid, ids->uid) != 0)
			_exit(120);
		alarm(20);	/* nothing here should take more than a moment */
		execve("/" SMRSH_IN_ROOT, argv, envp);
		_exit(121);
	}
	close(efd[1]);
	close(devnull);
	buf_read_all(&o->err, efd[0]);
	close(efd[0]);
	assert_int_equal(waitpid(pid, &o->status, 0), pid);
	o->shell = read_log(f->root_fd, "sh.log");
	o->ran = read_log(f->root_fd, "ran.log");
}

/* Program names /bin/sh should have run, one per line. */
static char *
expected_ran(const struct smrsh_case *c, const struct smrsh_verdict *v)
{
	size_t len = 1, i, dlen = strlen(CMDDIR "/");
	char *s, *p;

	if (c->ran != NULL) {
		s = calloc(strlen(c->ran) + 2, 1);
		assert_non_null(s);
		for (p = s, i = 0; c->ran[i] != '\0'; i++)
			*p++ = c->ran[i] == ' ' ? '\n' : c->ran[i];
		if (p != s)
			*p = '\n';
		return s;
	}
	for (i = 0; i < v->nruns; i++)
		len += strlen(v->runs[i]) + 1;
	s = p = calloc(len, 1);
	assert_non_null(s);
	for (i = 0; i < v->nruns; i++) {
		const char *name = v->runs[i] + dlen;

		p = stpcpy(p, name);
		*p++ = '\n';
	}
	return s;
}

/* Prints each difference; returns how many there were. */
static int
compare(size_t idx, const struct smrsh_case *c, const char *command,
    const struct smrsh_verdict *v, const struct outcome *o)
{
	bool sh_ran = o->shell[0] != '\0';
	int bad = 0;

#define DIFF(...) case_diff(idx, &bad, __VA_ARGS__)
	if (WIFSIGNALED(o->status)) {
		DIFF("smrsh died of signal %d", WTERMSIG(o->status));
		return bad;
	}
	if (WEXITSTATUS(o->status) == 120 || WEXITSTATUS(o->status) == 121) {
		DIFF("could not start smrsh in the chroot (%d)",
		    WEXITSTATUS(o->status));
		return bad;
	}
	if (v->allowed != sh_ran)
		DIFF("predicted %s, smrsh %s (exit %d, stderr [%s])",
		    v->allowed ? "allowed" : "refused",
		    sh_ran ? "ran /bin/sh" : "refused",
		    WEXITSTATUS(o->status), o->err.data);
	if (v->allowed && sh_ran) {
		char *ran = expected_ran(c, v);

		if (strcmp(o->shell, v->shell_command) != 0)
			DIFF("shell command [%s], predicted [%s]", o->shell,
			    v->shell_command);
		if (strcmp(o->ran, ran) != 0)
			DIFF("programs run [%s], expected [%s]", o->ran, ran);
		free(ran);
	}
	if (!v->allowed && !sh_ran) {
		size_t mlen = strlen(v->message);

		if (WEXITSTATUS(o->status) != v->exit_status)
			DIFF("exit %d, predicted %d", WEXITSTATUS(o->status),
			    v->exit_status);
		if (o->err.len != mlen + 1 || memcmp(o->err.data, v->message,
		    mlen) != 0 || o->err.data[mlen] != '\n')
			DIFF("stderr [%s], predicted [%s\\n]", o->err.data,
			    v->message);
	}
	(void)command;
#undef DIFF
	return bad;
}

/* Every shared command line, predicted and then run through the real smrsh. */
static void
test_conformance(void **state)
{
	struct fixture *f = *state;
	bool protected = host_protected_symlinks();
	size_t i, matched = 0, skipped = 0;
	int bad_total = 0;

	if (f == NULL)
		skip();
	assert_true(NSMRSH_CASES >= 50);
	for (i = 0; i < NSMRSH_CASES; i++) {
		const struct smrsh_case *c = &smrsh_cases[i];
		struct case_ids ids = case_ids(c->who, true);
		struct smrsh_env env = case_env(f->root_fd, &ids, protected);
		struct smrsh_verdict v;
		struct outcome o;
		char *command;
		int bad;

		if (c->acl && !f->acl_ok) {
			skipped++;
			continue;
		}
		command = case_command(c);
		assert_int_equal(smrsh_judge(&env, command, &v), 0);
		run_smrsh(f, &ids, command, &o);
		bad = compare(i, c, command, &v, &o);
		if (bad == 0)
			matched++;
		bad_total += bad;
		smrsh_verdict_free(&v);
		free(o.err.data);
		free(o.shell);
		free(o.ran);
		free(command);
	}
	fprintf(stderr, "test_smrsh_conformance: %zu of %zu command lines match "
	    "the real smrsh (fs.protected_symlinks=%d)\n", matched,
	    (size_t)NSMRSH_CASES - skipped, protected);
	if (skipped > 0)
		fprintf(stderr, "test_smrsh_conformance: %zu ACL lines skipped: "
		    "no POSIX ACLs in /tmp\n", skipped);
	assert_int_equal(bad_total, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_conformance, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
