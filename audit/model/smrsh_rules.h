/*
 * smrsh_rules.h -- smrsh's accept/reject decision, reproduced exactly.
 *
 * Given the text smrsh receives after -c, predict what smrsh 8.17 does
 * (sendmail-facts.md, section 1): which CMDDIR programs it will run, in
 * order, or the exact refusal message and exit status it will produce.
 * Pure apart from the stat/access checks on CMDDIR entries, which are made
 * beneath the given root (absolute symlinks resolve inside it).
 *
 * Those checks are the kernel's, for the identity in smrsh_env rather than
 * for the caller: search permission on every directory walked, symlinks
 * followed (at most 40, fs.protected_symlinks if asked), POSIX access ACLs,
 * noexec mounts, and root passing X_OK on any x bit.  Not modelled: LSM
 * (SELinux, AppArmor) denials, idmapped mounts, capabilities of a non-root
 * uid, and ACLs when /proc is not mounted (the mode bits decide then).
 */
#ifndef JAILCTL_SMRSH_RULES_H
#define JAILCTL_SMRSH_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct smrsh_env {
	int root_fd;		/* O_DIRECTORY fd of --root */
	const char *cmddir;	/* CMDDIR as compiled in, absolute inside root */
	const char *argv0;	/* "smrsh": prefix of messages (from A=) */
	uid_t uid;		/* identity smrsh runs as, for the X_OK check */
	gid_t gid;
	const gid_t *groups;	/* supplementary groups */
	size_t ngroups;
	/*
	 * Optional (may be NULL): asked about a group not found in groups[],
	 * for callers that can test membership but not list it (names.h).
	 */
	bool (*in_group)(const void *arg, gid_t gid);
	const void *in_group_arg;
	/*
	 * Model fs.protected_symlinks=1 (the default on Debian, Fedora, SUSE):
	 * a symlink in a sticky world-writable directory is followed only by
	 * its owner or when it belongs to the directory's owner.
	 */
	bool protected_symlinks;
	/*
	 * Optional (may be NULL): the walks of CMDDIR entries made so far
	 * beneath root_fd (smrsh_cache_new()).  A walk records what the file
	 * system holds and which permission checks the kernel would make;
	 * those are answered for each identity, so one walk serves everyone.
	 */
	struct smrsh_cache *cache;
};

struct smrsh_cache;
struct smrsh_cache *smrsh_cache_new(int root_fd);
void smrsh_cache_free(struct smrsh_cache *c);
/* Walks made (not answered from the cache) so far, for the tests. */
unsigned long smrsh_cache_walks(const struct smrsh_cache *c);

/* What a warning is about. */
enum smrsh_warning_kind {
	SMRSH_WARN_SHELL,	/* text /bin/sh interprets that smrsh let through */
	SMRSH_WARN_PATH,	/* a written directory that smrsh drops */
	SMRSH_WARN_NOTHING_RUNS,	/* /bin/sh runs nothing of the line */
	/* how /bin/sh reads what the line says as written: quotes it removes,
	 * a `|| exit 75` after exec that never runs */
	SMRSH_WARN_NOTE,
};

struct smrsh_verdict {
	bool allowed;		/* handed to /bin/sh */
	int exit_status;	/* 0 when allowed; else 64 or 69 as smrsh exits */
	char *message;		/* smrsh's stderr line when refused, else NULL */
	char *shell_command;	/* what /bin/sh -c gets, when allowed */
	/* CMDDIR/name paths /bin/sh can reach, in order: smrsh checked them
	 * all, but programs after an exec, or in a line /bin/sh cannot parse,
	 * are not listed */
	char **runs;
	size_t nruns;
	char **warnings;	/* text /bin/sh will interpret, syntax errors ... */
	size_t nwarnings;
	unsigned char *warning_kinds;	/* enum smrsh_warning_kind, per warning */
};

/*
 * 0 on success (verdict filled, allowed or not), -errno on internal error
 * (-EINVAL: cmddir missing or relative; -EMFILE, -ENFILE, -ENOMEM, -EBADF
 * while resolving: the prediction would be meaningless).
 * A refused verdict has no shell_command, no runs and no warnings: the
 * message (raw bytes as smrsh prints them, without the newline) says it all.
 * Strings in the verdict are raw: escape them before printing.
 */
int smrsh_judge(const struct smrsh_env *env, const char *command,
    struct smrsh_verdict *out);
void smrsh_verdict_free(struct smrsh_verdict *v);

/*
 * The fs.protected_symlinks that applies to smrsh's lookups: the running
 * kernel's setting when ROOT is the running system's "/", else (an image)
 * the distributions' default, on.
 */
bool smrsh_protected_symlinks(bool real_root);

/* smrsh's limit on the command length for a given CMDDIR (982 for Debian). */
size_t smrsh_max_command(const char *cmddir);

#endif
