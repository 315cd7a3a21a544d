/*
 * dangerous.h -- programs that must never be reachable through smrsh.
 *
 * smrsh's whole promise is that a mail-controlled command line can only run
 * the programs in its directory with mail-controlled arguments.  A program
 * that turns its arguments into commands (a shell, an interpreter, env,
 * find -exec, an editor's !cmd, a network relay, sudo ...) ends that promise,
 * so the audit recognises them by name (the entry's own name, and the final
 * target's) and by content (multi-call binaries, #! scripts).
 */
#ifndef JAILCTL_DANGEROUS_H
#define JAILCTL_DANGEROUS_H

#include <stdbool.h>
#include <sys/stat.h>

enum danger {
	DANGER_NONE,
	DANGER_SHELL,		/* sh, bash, dash, zsh ... */
	DANGER_INTERPRETER,	/* perl, python, awk, sed, tclsh ... */
	DANGER_RUNNER,		/* env, xargs, find, nohup, timeout ... */
	DANGER_MULTICALL,	/* busybox, toybox, coreutils single binary */
	DANGER_EDITOR,		/* vi, ed, emacs, less: shell escapes */
	DANGER_NETWORK,		/* nc, socat, ssh, curl: outside connections */
	DANGER_PRIVILEGE,	/* su, sudo, doas, pkexec */
	DANGER_DEBUGGER,	/* gdb, strace: run any program */
};

/*
 * Classify a program by the last component of its name.  Exact names, plus
 * families that carry version suffixes (perl5.36, python3.11, php8.2, lua5.4,
 * tclsh8.6 ...), compared case-insensitively.
 */
enum danger dangerous_name(const char *name);
/* "a shell", "a language interpreter", ... */
const char *danger_text(enum danger d);
/* True for the kinds that run whatever command their arguments name. */
bool danger_runs_commands(enum danger d);

/* What the bytes of a regular file say it is. */
struct program_info {
	bool elf;		/* starts with \177ELF */
	const char *multicall;	/* marker found ("BusyBox", ...), or NULL */
	bool script;		/* starts with #! */
	char *interpreter;	/* the #! program, as written (malloc'd) */
	char *interp_arg;	/* the rest of the #! line, or NULL */
	bool truncated;		/* larger than the scan limit: tail not read */
};

/* Bytes of a file scanned for multi-call markers, at most. */
#define PROGRAM_SCAN_LIMIT (64L * 1024 * 1024)

/*
 * Inspect the regular file open for reading at fd (st is its fstat): read
 * the #! line (the kernel's 256-byte limit) and, for ELF files, stream the
 * file in chunks looking for multi-call markers.  Returns 0 or -errno.
 */
int program_inspect(int fd, const struct stat *st, struct program_info *out);
void program_info_free(struct program_info *pi);

#endif
