/*
 * jailctl.h -- what the command line decided, handed to every command.
 */
#ifndef JAILCTL_JAILCTL_H
#define JAILCTL_JAILCTL_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* Exit statuses, for every command (documented in jailctl(8)). */
enum {
	EXIT_OK = 0,		/* compliant, or done */
	EXIT_FINDINGS = 1,	/* findings remain */
	EXIT_ERROR = 2,		/* usage, invalid profile, I/O failure */
};

enum selinux_mode { SELINUX_AUTO, SELINUX_REQUIRE, SELINUX_OFF };

struct options {
	const char *profile;	/* -p NAME|FILE, or NULL: detect */
	const char *root;	/* -r DIR, default "/" */
	const char *jail;	/* -j DIR, or NULL: from the profile */
	enum report_format format;
	bool quiet;
	bool dry_run;
	bool fix;		/* verify --fix */
	const char *cf;		/* --cf FILE: sendmail.cf override */
	const char *smrsh_dir;	/* --smrsh-dir DIR: CMDDIR override */
	const char **users;	/* --user NAME (repeatable), NULL-terminated */
	size_t nusers;
	const char *file_contexts;	/* --file-contexts PATH */
	enum selinux_mode selinux;
	int fail_on;		/* --fail-on: report_config.fail_on */
	const char *waivers;	/* --waivers FILE, or NULL: the default */
	bool syslog;		/* --syslog */
	const char *output;	/* --output FILE */
};

struct profile;
struct names;

/* Everything a command needs; built by main before dispatch. */
struct context {
	struct options opt;
	int root_fd;		/* O_DIRECTORY fd of --root */
	bool real_root;		/* --root is the running system's "/" */
	bool changes_tree;	/* the verb changes the tree (not --dry-run) */
	struct names *names;	/* ROOT's passwd and group */
	struct profile *profile;	/* loaded and validated */
	struct waivers *waivers;	/* ROOT's waivers file, or --waivers */
};

/* Commands: args are the words after the command word. Return an exit status. */
int cmd_create(struct context *ctx, int argc, char **argv);
int cmd_verify(struct context *ctx, int argc, char **argv);
int cmd_profile(struct context *ctx, int argc, char **argv);
int cmd_audit(struct context *ctx, int argc, char **argv);
int cmd_explain(struct context *ctx, int argc, char **argv);

#endif
