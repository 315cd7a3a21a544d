/* dangerous.c -- see dangerous.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dangerous.h"
#include "util.h"

struct known {
	const char *name;
	enum danger kind;
};

/*
 * Exact names.  The list is documented in jailctl(8); the reason for each
 * group is the same: given mail-controlled arguments, the program runs a
 * command, evaluates code, escapes to a shell, or gains privilege.
 */
static const struct known exact[] = {
	/* Shells. */
	{ "sh", DANGER_SHELL }, { "bash", DANGER_SHELL },
	{ "rbash", DANGER_SHELL }, { "dash", DANGER_SHELL },
	{ "ash", DANGER_SHELL }, { "ksh", DANGER_SHELL },
	{ "ksh93", DANGER_SHELL }, { "mksh", DANGER_SHELL },
	{ "lksh", DANGER_SHELL }, { "pdksh", DANGER_SHELL },
	{ "zsh", DANGER_SHELL }, { "csh", DANGER_SHELL },
	{ "tcsh", DANGER_SHELL }, { "fish", DANGER_SHELL },
	{ "yash", DANGER_SHELL }, { "posh", DANGER_SHELL },
	{ "rc", DANGER_SHELL }, { "es", DANGER_SHELL },
	{ "elvish", DANGER_SHELL }, { "nu", DANGER_SHELL },
	{ "xonsh", DANGER_SHELL },
	/* Interpreters and languages without a version family. */
	{ "irb", DANGER_INTERPRETER }, { "expect", DANGER_INTERPRETER },
	{ "node", DANGER_INTERPRETER }, { "nodejs", DANGER_INTERPRETER },
	{ "deno", DANGER_INTERPRETER }, { "bun", DANGER_INTERPRETER },
	{ "awk", DANGER_INTERPRETER }, { "gawk", DANGER_INTERPRETER },
	{ "mawk", DANGER_INTERPRETER }, { "nawk", DANGER_INTERPRETER },
	{ "original-awk", DANGER_INTERPRETER }, { "busybox-awk", DANGER_INTERPRETER },
	{ "sed", DANGER_INTERPRETER }, { "gsed", DANGER_INTERPRETER },
	{ "m4", DANGER_INTERPRETER }, { "dc", DANGER_INTERPRETER },
	{ "gdbserver", DANGER_DEBUGGER }, { "java", DANGER_INTERPRETER },
	{ "jshell", DANGER_INTERPRETER }, { "osascript", DANGER_INTERPRETER },
	{ "pwsh", DANGER_SHELL }, { "rscript", DANGER_INTERPRETER },
	{ "r", DANGER_INTERPRETER }, { "octave", DANGER_INTERPRETER },
	{ "uudecode", DANGER_INTERPRETER },	/* smrsh/README names it */
	/* Programs that run the command their arguments name. */
	{ "env", DANGER_RUNNER }, { "xargs", DANGER_RUNNER },
	{ "find", DANGER_RUNNER }, { "nohup", DANGER_RUNNER },
	{ "timeout", DANGER_RUNNER }, { "nice", DANGER_RUNNER },
	{ "ionice", DANGER_RUNNER }, { "chrt", DANGER_RUNNER },
	{ "taskset", DANGER_RUNNER }, { "setsid", DANGER_RUNNER },
	{ "stdbuf", DANGER_RUNNER }, { "script", DANGER_RUNNER },
	{ "time", DANGER_RUNNER }, { "watch", DANGER_RUNNER },
	{ "flock", DANGER_RUNNER }, { "chroot", DANGER_RUNNER },
	{ "unshare", DANGER_RUNNER }, { "nsenter", DANGER_RUNNER },
	{ "make", DANGER_RUNNER }, { "gmake", DANGER_RUNNER },
	{ "git", DANGER_RUNNER }, { "tar", DANGER_RUNNER },
	{ "zip", DANGER_RUNNER }, { "rsync", DANGER_RUNNER },
	{ "parallel", DANGER_RUNNER }, { "run-parts", DANGER_RUNNER },
	{ "exec", DANGER_RUNNER }, { "command", DANGER_RUNNER },
	{ "xdg-open", DANGER_RUNNER }, { "at", DANGER_RUNNER },
	{ "batch", DANGER_RUNNER }, { "crontab", DANGER_RUNNER },
	{ "systemd-run", DANGER_RUNNER }, { "dbus-send", DANGER_RUNNER },
	{ "rlwrap", DANGER_RUNNER }, { "procmail-shell", DANGER_RUNNER },
	/* Multi-call binaries: argv[0] or argv[1] picks a shell among others. */
	{ "busybox", DANGER_MULTICALL }, { "toybox", DANGER_MULTICALL },
	{ "coreutils", DANGER_MULTICALL },
	/* Editors and pagers with shell escapes. */
	{ "vi", DANGER_EDITOR }, { "vim", DANGER_EDITOR },
	{ "vim.basic", DANGER_EDITOR }, { "vim.tiny", DANGER_EDITOR },
	{ "nvim", DANGER_EDITOR }, { "view", DANGER_EDITOR },
	{ "rvim", DANGER_EDITOR }, { "nvi", DANGER_EDITOR },
	{ "elvis", DANGER_EDITOR }, { "ed", DANGER_EDITOR },
	{ "red", DANGER_EDITOR }, { "ex", DANGER_EDITOR },
	{ "emacs", DANGER_EDITOR }, { "nano", DANGER_EDITOR },
	{ "rnano", DANGER_EDITOR }, { "pico", DANGER_EDITOR },
	{ "joe", DANGER_EDITOR }, { "jed", DANGER_EDITOR },
	{ "mg", DANGER_EDITOR }, { "less", DANGER_EDITOR },
	{ "more", DANGER_EDITOR }, { "most", DANGER_EDITOR },
	{ "man", DANGER_EDITOR },
	/* Network relays and fetchers. */
	{ "nc", DANGER_NETWORK }, { "ncat", DANGER_NETWORK },
	{ "netcat", DANGER_NETWORK }, { "nc.openbsd", DANGER_NETWORK },
	{ "nc.traditional", DANGER_NETWORK }, { "socat", DANGER_NETWORK },
	{ "telnet", DANGER_NETWORK }, { "ssh", DANGER_NETWORK },
	{ "scp", DANGER_NETWORK }, { "sftp", DANGER_NETWORK },
	{ "curl", DANGER_NETWORK }, { "wget", DANGER_NETWORK },
	{ "ftp", DANGER_NETWORK }, { "tftp", DANGER_NETWORK },
	{ "openssl", DANGER_NETWORK },
	/* Privilege changers. */
	{ "su", DANGER_PRIVILEGE }, { "sudo", DANGER_PRIVILEGE },
	{ "sudoedit", DANGER_PRIVILEGE }, { "doas", DANGER_PRIVILEGE },
	{ "pkexec", DANGER_PRIVILEGE }, { "runuser", DANGER_PRIVILEGE },
	{ "setpriv", DANGER_PRIVILEGE }, { "sg", DANGER_PRIVILEGE },
	{ "newgrp", DANGER_PRIVILEGE }, { "capsh", DANGER_PRIVILEGE },
	/* Debuggers and tracers run any program they are given. */
	{ "gdb", DANGER_DEBUGGER }, { "strace", DANGER_DEBUGGER },
	{ "ltrace", DANGER_DEBUGGER }, { "valgrind", DANGER_DEBUGGER },
	{ "lldb", DANGER_DEBUGGER },
};

/*
 * Families: the name itself or the name followed by anything (perl5.36,
 * python3.11, php8.2, lua5.4, luajit, tclsh8.6, wish8.6, pypy3, guile-3.0).
 * A prefix match is deliberately broad: perldoc and pydoc run pagers and
 * code too, and a false alarm here costs a look, a miss costs the system.
 */
static const struct known family[] = {
	{ "perl", DANGER_INTERPRETER }, { "python", DANGER_INTERPRETER },
	{ "pypy", DANGER_INTERPRETER }, { "ruby", DANGER_INTERPRETER },
	{ "jruby", DANGER_INTERPRETER }, { "jython", DANGER_INTERPRETER },
	{ "php", DANGER_INTERPRETER }, { "lua", DANGER_INTERPRETER },
	{ "tclsh", DANGER_INTERPRETER }, { "wish", DANGER_INTERPRETER },
	{ "guile", DANGER_INTERPRETER }, { "node", DANGER_INTERPRETER },
	{ "pwsh", DANGER_SHELL },
};

enum danger
dangerous_name(const char *name)
{
	const char *base;
	size_t i;

	if (name == NULL)
		return DANGER_NONE;
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	if (*base == '\0')
		return DANGER_NONE;
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcasecmp(base, exact[i].name) == 0)
			return exact[i].kind;
	for (i = 0; i < sizeof(family) / sizeof(family[0]); i++)
		if (strncasecmp(base, family[i].name, strlen(family[i].name)) == 0)
			return family[i].kind;
	return DANGER_NONE;
}

const char *
danger_text(enum danger d)
{
	switch (d) {
	case DANGER_NONE:
		return "an ordinary program";
	case DANGER_SHELL:
		return "a shell";
	case DANGER_INTERPRETER:
		return "a language interpreter";
	case DANGER_RUNNER:
		return "a program that runs other commands";
	case DANGER_MULTICALL:
		return "a multi-call binary that includes a shell";
	case DANGER_EDITOR:
		return "an editor or pager with shell escapes";
	case DANGER_NETWORK:
		return "a network tool";
	case DANGER_PRIVILEGE:
		return "a privilege-changing program";
	case DANGER_DEBUGGER:
		return "a debugger or tracer that runs any program";
	}
	return "an unknown kind of program";
}

bool
danger_runs_commands(enum danger d)
{
	return d != DANGER_NONE && d != DANGER_SHELL &&
	    d != DANGER_INTERPRETER;
}

/*
 * Strings that only multi-call binaries carry: BusyBox's banner, the phrase
 * both BusyBox and toybox print in their usage, toybox's own usage line, and
 * the option of coreutils built as a single binary (it contains env, nohup,
 * timeout, chroot ...).
 */
static const char *const markers[] = {
	"BusyBox v", "multi-call binary", "multicall binary", "usage: toybox",
	"--coreutils-prog=",
};

#define CHUNK 65536
#define MAX_MARKER 32

static int
read_fully(int fd, char *buf, size_t len, off_t off, size_t *got)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done,
		    off + (off_t)done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	*got = done;
	return 0;
}

/*
 * Stream the file in chunks, keeping the last MAX_MARKER-1 bytes of one
 * chunk in front of the next so a marker split across chunks is found.
 */
static int
scan_markers(int fd, const struct stat *st, struct program_info *out)
{
	char *buf = xmalloc(CHUNK + MAX_MARKER);
	size_t keep = 0, i;
	off_t off = 0;
	int r = 0;

	while (off < st->st_size && off < PROGRAM_SCAN_LIMIT) {
		size_t got;

		r = read_fully(fd, buf + keep, CHUNK, off, &got);
		if (r < 0 || got == 0)
			break;
		off += (off_t)got;
		for (i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
			if (memmem(buf, keep + got, markers[i],
			    strlen(markers[i])) != NULL) {
				out->multicall = markers[i];
				goto out;
			}
		}
		if (keep + got >= MAX_MARKER - 1) {
			memmove(buf, buf + keep + got - (MAX_MARKER - 1),
			    MAX_MARKER - 1);
			keep = MAX_MARKER - 1;
		} else {
			keep += got;
		}
	}
	if (off < st->st_size)
		out->truncated = true;
out:
	free(buf);
	return r;
}

/* Split "#!  /usr/bin/perl -w\n" the way execve does. */
static void
parse_shebang(const char *line, size_t len, struct program_info *out)
{
	const char *p = line + 2, *end = line + len, *q, *e;
	const char *nl = memchr(line, '\n', len);

	if (nl != NULL)
		end = nl;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	q = p;
	while (q < end && *q != ' ' && *q != '\t')
		q++;
	out->script = true;
	out->interpreter = xstrndup(p, (size_t)(q - p));
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	e = end;
	while (e > q && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (e > q)
		out->interp_arg = xstrndup(q, (size_t)(e - q));
}

int
program_inspect(int fd, const struct stat *st, struct program_info *out)
{
	char head[256];
	size_t got;
	int r;

	memset(out, 0, sizeof(*out));
	if (!S_ISREG(st->st_mode))
		return -EINVAL;
	/* 256 bytes is the kernel's limit for a #! line (BINPRM_BUF_SIZE). */
	r = read_fully(fd, head, sizeof(head), 0, &got);
	if (r < 0)
		return r;
	if (got >= 2 && head[0] == '#' && head[1] == '!') {
		parse_shebang(head, got, out);
		return 0;
	}
	if (got >= 4 && memcmp(head, "\177ELF", 4) == 0) {
		out->elf = true;
		return scan_markers(fd, st, out);
	}
	return 0;
}

void
program_info_free(struct program_info *pi)
{
	free(pi->interpreter);
	free(pi->interp_arg);
	memset(pi, 0, sizeof(*pi));
}
