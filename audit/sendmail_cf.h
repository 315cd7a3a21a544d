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
#include <stddef.h>
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
	DBS_DONTINITGROUPS,	/* reserved: conf.c has no such name, never set */
	/* The rest of conf.c's DontBlameSendmailValues[] (8.17). */
	DBS_GROUPWRITABLEALIASFILE,
	DBS_WORLDWRITABLEALIASFILE,
	DBS_MAPINUNSAFEDIRPATH,
	DBS_LINKEDALIASFILEINWRITABLEDIR,
	DBS_LINKEDCLASSFILEINWRITABLEDIR,
	DBS_LINKEDMAPINWRITABLEDIR,
	DBS_LINKEDSERVICESWITCHFILEINWRITABLEDIR,
	DBS_WRITEMAPTOHARDLINK,
	DBS_WRITEMAPTOSYMLINK,
	DBS_WRITESTATSTOHARDLINK,
	DBS_WRITESTATSTOSYMLINK,
	DBS_CLASSFILEINUNSAFEDIRPATH,
	DBS_ERRORHEADERINUNSAFEDIRPATH,
	DBS_HELPFILEINUNSAFEDIRPATH,
	DBS_INSUFFICIENTENTROPY,
	DBS_GROUPREADABLESASLDBFILE,
	DBS_GROUPWRITABLESASLDBFILE,
	DBS_GROUPREADABLEKEYFILE,
	DBS_GROUPREADABLEDEFAULTAUTHINFOFILE,
	DBS__COUNT_MIN,
	DBS__COUNT = DBS__COUNT_MIN
};

struct cf_mailer {
	char *name;		/* "prog", "local", "*file*" */
	char *path;		/* P= */
	char *flags;		/* F= letters */
	char *argv;		/* A= as written ("smrsh -c $u") */
	char *dir;		/* D= or NULL */
	char *rootdir;		/* /= or NULL */
	char *user;		/* U= or NULL */
	char **args;		/* A= split into words as makeargv() does, NULL-terminated */
	unsigned line;		/* 0 when built in */
	bool builtin;		/* sendmail's compiled-in default, not from the file */
};

struct sendmail_cf {
	char *file;		/* path inside ROOT, as read */
	/* SafeFileEnvironment after sendmail's trailing-slash rule; NULL when
	 * absent, empty, or "/" (which sendmail ignores). */
	char *safe_file_env;
	char *safe_file_env_raw;	/* last value as written, NULL if never set */
	unsigned safe_file_env_line;	/* line that set safe_file_env (0: none) */
	unsigned safe_file_env_raw_line;	/* line of safe_file_env_raw (0: none) */
	/* ForwardPath: NULL = option absent (binary default "$z/.forward"),
	 * "" = explicitly empty (.forward is off). */
	char *forward_path;
	unsigned forward_path_line;
	uint64_t dbs;		/* bit (1 << enum dbs_flag) per set flag */
	/* The set flags in conf.c's table order, spelt as documented
	 * ("AssumeSafeChown"; sendmail compares case-insensitively),
	 * NULL-terminated. */
	char **dbs_names;
	unsigned dbs_line[DBS__COUNT];	/* line that last set each flag */
	char *trusted_user;	/* TrustedUser or NULL */
	char *default_user;	/* DefaultUser or NULL */
	char *run_as_user;	/* RunAsUser or NULL */
	unsigned run_as_user_line;
	char *blank_sub;	/* BlankSub or NULL (binary default: space) */
	char *temp_file_mode;	/* TempFileMode as written, or NULL */
	long max_forward_entries;	/* 0 = unlimited */
	char **trusted_class;	/* class t members (T lines, Ct, Ft not read), NULL-terminated */
	struct cf_mailer prog;	/* Mprog, or the built-in default */
	struct cf_mailer local;	/* Mlocal; zeroed (name NULL) when the file has
				   none: sendmail has no built-in one and warns */
	char **warnings;	/* what sendmail itself would warn about while reading
				   (abbreviations, unknown names), NULL-terminated;
				   each starts with "line N: " when it has a line */
	size_t nwarnings;
	long config_level;	/* from the V line (0 before one) */
	/* The file as opened (fstat).  sendmail also warns "dangerous write
	 * permissions" when it is group- or world-writable; that is left to
	 * the caller (not in warnings). */
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

/*
 * Read `path` (absolute, resolved beneath root_fd without following
 * symlinks out of it).  Returns 0 and *out, or -errno; on a parse problem
 * that sendmail would survive, records a warning instead of failing.
 * Errors of the file itself: -ENOENT/-ENOTDIR (missing), -EISDIR, -EINVAL
 * (not a regular file: FIFO, device, socket; opened O_NONBLOCK so a FIFO
 * cannot hang the caller), -EFBIG (larger than CF_MAX_SIZE).
 */
int cf_load(int root_fd, const char *path, struct sendmail_cf **out);
void cf_free(struct sendmail_cf *cf);

/*
 * Parse a sendmail.cf held in memory (len bytes, NULs allowed; `file` is
 * only recorded).  Never fails short of memory; mode/uid/gid stay 0.
 */
struct sendmail_cf *cf_parse(const char *buf, size_t len, const char *file);

/* Largest file cf_load() reads (-EFBIG beyond). */
#define CF_MAX_SIZE (16u * 1024 * 1024)

/* The documented spelling of a flag ("GroupWritableForwardFile"), or NULL
 * for DBS_DONTINITGROUPS and out-of-range values. */
const char *cf_dbs_name(enum dbs_flag f);
/* Flag for a name (case-insensitive), -1 for "safe", -2 when unknown. */
int cf_dbs_lookup(const char *name);

static inline bool
cf_dbs(const struct sendmail_cf *cf, enum dbs_flag f)
{
	return (cf->dbs >> f) & 1u;
}

/* True when the prog mailer's P= has basename "smrsh". */
bool cf_prog_is_smrsh(const struct sendmail_cf *cf);

#endif
