/*
 * sendmail_cf.h -- sendmail.cf read with sendmail's own rules.
 *
 * Continuation lines, column-1 comments, `O Name=value` lines with
 * case-insensitive names and unique abbreviations, single-letter options,
 * DontBlameSendmail flags that accumulate until `safe`, mailer lines where
 * only the first letter of a field name counts, and sendmail's built-in
 * default prog mailer when the file defines none (sendmail-facts.md, 4).
 * This module only reads; audit_config() judges.
 */
#ifndef JAILCTL_SENDMAIL_CF_H
#define JAILCTL_SENDMAIL_CF_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* DontBlameSendmail flags (sendmail's conf.c names, compared case-insensitively). */
enum dbs_flag {
	DBS_ASSUMESAFECHOWN,
	DBS_GROUPWRITABLEDIRPATHSAFE,
	DBS_TRUSTSTICKYBIT,
	DBS_NONROOTSAFEADDR,
	DBS_FORWARDFILEINUNSAFEDIRPATH,
	DBS_FORWARDFILEINGROUPWRITABLEDIRPATH,
	DBS_FORWARDFILEINUNSAFEDIRPATHSAFE,
	DBS_GROUPWRITABLEFORWARDFILE,
	DBS_GROUPWRITABLEFORWARDFILESAFE,
	DBS_WORLDWRITABLEFORWARDFILE,
	DBS_LINKEDFORWARDFILEINWRITABLEDIR,
	DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH,
	DBS_INCLUDEFILEINUNSAFEDIRPATH,
	DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH,
	DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE,
	DBS_GROUPWRITABLEINCLUDEFILE,
	DBS_GROUPWRITABLEINCLUDEFILESAFE,
	DBS_WORLDWRITABLEINCLUDEFILE,
	DBS_LINKEDINCLUDEFILEINWRITABLEDIR,
	DBS_FILEDELIVERYTOSYMLINK,
	DBS_FILEDELIVERYTOHARDLINK,
	DBS_RUNPROGRAMINUNSAFEDIRPATH,
	DBS_RUNWRITABLEPROGRAM,
	DBS_DONTINITGROUPS,
	/* ... the implementation may add every other conf.c name after these ... */
	DBS__COUNT_MIN
};

struct cf_mailer {
	char *name;		/* "prog", "local", "*file*" */
	char *path;		/* P= */
	char *flags;		/* F= letters */
	char *argv;		/* A= as written ("smrsh -c $u") */
	char *dir;		/* D= or NULL */
	char *rootdir;		/* /= or NULL */
	char *user;		/* U= or NULL */
	unsigned line;		/* 0 when built in */
	bool builtin;		/* sendmail's compiled-in default, not from the file */
};

struct sendmail_cf {
	char *file;		/* path inside ROOT, as read */
	/* SafeFileEnvironment after sendmail's trailing-slash rule; NULL when
	 * absent, empty, or "/" (which sendmail ignores). */
	char *safe_file_env;
	char *safe_file_env_raw;	/* last value as written, NULL if never set */
	unsigned safe_file_env_line;
	/* ForwardPath: NULL = option absent (binary default "$z/.forward"),
	 * "" = explicitly empty (.forward is off). */
	char *forward_path;
	unsigned forward_path_line;
	uint64_t dbs;		/* bit (1 << enum dbs_flag) per set flag */
	char **dbs_names;	/* the set flags as conf.c spells them, NULL-terminated */
	char *trusted_user;	/* TrustedUser or NULL */
	char *default_user;	/* DefaultUser or NULL */
	char *run_as_user;	/* RunAsUser or NULL */
	char *blank_sub;	/* BlankSub or NULL (binary default: space) */
	char *temp_file_mode;	/* TempFileMode as written, or NULL */
	long max_forward_entries;	/* 0 = unlimited */
	char **trusted_class;	/* class t members (T lines, Ct, Ft not read), NULL-terminated */
	struct cf_mailer prog;	/* Mprog, or the built-in default */
	struct cf_mailer local;	/* Mlocal, or the built-in default */
	char **warnings;	/* what sendmail itself would warn about while reading
				   (abbreviations, unknown names), NULL-terminated */
};

/*
 * Read `path` (absolute, resolved beneath root_fd without following
 * symlinks out of it).  Returns 0 and *out, or -errno; on a parse problem
 * that sendmail would survive, records a warning instead of failing.
 */
int cf_load(int root_fd, const char *path, struct sendmail_cf **out);
void cf_free(struct sendmail_cf *cf);

static inline bool
cf_dbs(const struct sendmail_cf *cf, enum dbs_flag f)
{
	return (cf->dbs >> f) & 1u;
}

/* True when the prog mailer's P= has basename "smrsh". */
bool cf_prog_is_smrsh(const struct sendmail_cf *cf);

#endif
