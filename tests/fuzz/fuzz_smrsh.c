/*
 * fuzz_smrsh.c -- smrsh's verdict (smrsh_judge) on the input as the text
 * after `smrsh -c`, against a small CMDDIR built once in a scratch root:
 * a program, a symlink to one, a dangling symlink, a directory and a
 * non-executable file.  The scratch root is removed at exit.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "smrsh_rules.h"

static char root[] = "/tmp/jailctl-fuzz.XXXXXX";
static int root_fd = -1;

static void
put(const char *rel, const char *text, mode_t mode)
{
	int fd = openat(root_fd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0 || write(fd, text, strlen(text)) < 0 || fchmod(fd, mode) != 0)
		abort();
	close(fd);
}

static void
cleanup(void)
{
	static const char *const files[] = {
		"etc/mail/smrsh/vacation", "etc/mail/smrsh/procmail",
		"etc/mail/smrsh/dangling", "etc/mail/smrsh/noexec",
		"usr/bin/procmail",
	};
	static const char *const dirs[] = {
		"etc/mail/smrsh/subdir", "etc/mail/smrsh", "etc/mail", "etc",
		"usr/bin", "usr",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		(void)unlinkat(root_fd, files[i], 0);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		(void)unlinkat(root_fd, dirs[i], AT_REMOVEDIR);
	(void)rmdir(root);
}

static void
setup(void)
{
	static const char *const dirs[] = { "etc", "etc/mail", "etc/mail/smrsh",
	    "etc/mail/smrsh/subdir", "usr", "usr/bin" };

	if (mkdtemp(root) == NULL || (root_fd = open(root, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		abort();
	atexit(cleanup);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdirat(root_fd, dirs[i], 0755) != 0)
			abort();
	put("etc/mail/smrsh/vacation", "#!/bin/sh\n", 0755);
	put("usr/bin/procmail", "#!/bin/sh\n", 0755);
	put("etc/mail/smrsh/noexec", "data\n", 0644);
	if (symlinkat("/usr/bin/procmail", root_fd, "etc/mail/smrsh/procmail") != 0 ||
	    symlinkat("/nowhere", root_fd, "etc/mail/smrsh/dangling") != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smrsh_env env = { 0 };
	struct smrsh_verdict v;
	char *cmd;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (root_fd < 0)
		setup();
	/* argv[2] is a C string: it ends at the first NUL. */
	cmd = malloc(size + 1);
	if (cmd == NULL)
		abort();
	memcpy(cmd, data, size);
	cmd[size] = '\0';
	env.root_fd = root_fd;
	env.cmddir = "/etc/mail/smrsh";
	env.argv0 = "smrsh";
	env.uid = 1001;
	env.gid = 1001;
	env.protected_symlinks = true;
	if (smrsh_judge(&env, cmd, &v) == 0)
		smrsh_verdict_free(&v);
	free(cmd);
	return 0;
}
