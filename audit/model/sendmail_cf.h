/*
 * sendmail_cf.h -- sendmail.cf read with sendmail's own rules.
 *
 * Continuation lines, column-1 comments, `O Name=value` lines with
 * case-insensitive names and unique abbreviations, single-letter options,
 * DontBlameSendmail flags that accumulate until `safe`, mailer lines where
 * only the first letter of a field name counts, and sendmail's built-in
 * default prog and *file* mailers when the file defines none
 * (sendmail-facts.md, 4).  Options the audits depend on carry sendmail's
 * own default when the file does not set them, and the line that set them.
 * This module only reads; audit_config() judges, and cf_default_identity()
 * resolves DefaultUser against a name service the caller supplies.
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

/*
 * One DefaultUser (`O DefaultUser=`, `Ou`) or default-group (`Og`, which
 * has no long name) setting.  sendmail applies them in file order over its
 * built-in choice, and a user name also resets the group, so only the
 * whole sequence says what DefUid/DefGid end up as.
 */
struct cf_defid {
	char option;		/* 'u' or 'g' */
	char *value;		/* as written */
	unsigned line;
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
	char *default_user;	/* DefaultUser (last value) or NULL */
	unsigned default_user_line;
	/* Every DefaultUser and `Og` line in file order (see struct
	 * cf_defid); cf_default_identity() replays them. */
	struct cf_defid *default_ids;
	size_t ndefault_ids;
	char *run_as_user;	/* RunAsUser or NULL */
	unsigned run_as_user_line;
	char *blank_sub;	/* BlankSub or NULL (binary default: space) */
	char *temp_file_mode;	/* TempFileMode as written, or NULL */
	long max_forward_entries;	/* 0 = unlimited */
	/*
	 * OperatorChars as prescan() tokenises with it.  sendmail builds its
	 * token tables once, at the first prescan() -- the first rewrite rule
	 * of the file -- from the OperatorChars option (no single-letter form:
	 * `Oo` is OldStyleHeaders) or, in a file below config level 7, from
	 * the $o macro (`Do...`), else from the binary default ".:@[]".  The
	 * value is munchstring()ed, macro-expanded and cut to 40 bytes as
	 * there; sendmail adds its own delimiters "()<>,;\r\n" itself.
	 */
	char *operator_chars;
	unsigned operator_chars_line;	/* O or D line it came from; 0: default */
	bool operator_chars_from_macro;	/* it is the $o macro */
	/* Last OperatorChars line after the tables were built: it changes
	 * nothing (0: none). */
	unsigned operator_chars_ignored_line;
	/* The last `Dj` line's value as sendmail stores it (munchstring()ed,
	 * not expanded: $w and $m are expanded where $j is used), or NULL. */
	char *macro_j;
	unsigned macro_j_line;
	long max_alias_recursion;	/* MaxAliasRecursion; default 10 */
	unsigned max_alias_recursion_line;	/* 0: default */
	bool dont_init_groups;	/* DontInitGroups; default false */
	unsigned dont_init_groups_line;	/* 0: default */
	/* SuperSafe=False (sendmail's SAFE_NO): a file delivery is not
	 * fsync()ed.  The default, True, Interactive and PostMilter fsync. */
	bool super_safe_off;
	unsigned super_safe_line;	/* 0: default */
	char **trusted_class;	/* class t members (T lines, Ct, Ft not read), NULL-terminated */
	struct cf_mailer prog;	/* Mprog, or the built-in default */
	struct cf_mailer local;	/* Mlocal; zeroed (name NULL) when the file has
				   none: sendmail has no built-in one and warns */
	/* M*file* (P=[FILE] delivers with mailfile(); its F=, U= and /=
	 * count there), or the built-in "*file*, P=[FILE], F=lsDFMPEouq9,
	 * T=X-Unix/X-Unix/X-Unix, A=FILE $u" (conf.c setupmailers()). */
	struct cf_mailer file_mailer;
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
/*
 * Why cf_load() failed, in words: -EINVAL is "not a regular file" (it was
 * never opened), -EFBIG "larger than 16 MiB"; otherwise strerror().
 */
const char *cf_refusal(int err);
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

/* sendmail's defaults for the options above. */
#define CF_DEFAULT_OPERATOR_CHARS ".:@[]"	/* parseaddr.c prescan() */
#define CF_DEFAULT_MAX_ALIAS_RECURSION 10	/* conf.c setdefaults() */
#define CF_MAX_OPERATOR_CHARS 40	/* what prescan()'s buffer keeps */
/*
 * Bounds on hostile input, each as sendmail has it: expand() works in a
 * MACBUFSIZE buffer and recurses MaxMacroRecursion times; at most 96
 * {long} macro names fit its one-byte ids.  Warnings past CF_MAX_WARNINGS
 * are counted in one last warning.
 */
#define CF_MACBUFSIZE 4096
#define CF_MAX_MACRO_RECURSION 10
#define CF_MAX_LONG_MACROS 96
#define CF_MAX_WARNINGS 100

/*
 * The passwd and group lookups sendmail would make (sm_getpwnam(),
 * sm_getpwuid(), getgrnam()), answered by the caller from the system
 * being audited.  Each returns 0 with the answer, or nonzero for "no such
 * entry"; names handed back are malloc'd.
 */
struct cf_nss {
	int (*user_by_name)(void *arg, const char *name, uid_t *uid,
	    gid_t *gid, char **canonical);
	int (*user_by_uid)(void *arg, uid_t uid, char **name);
	int (*group_by_name)(void *arg, const char *name, gid_t *gid);
	void *arg;
};

/* DefUid, DefGid and DefUser as sendmail ends up with them. */
struct cf_identity {
	uid_t uid;		/* (uid_t)-1 after an unknown DefaultUser name */
	gid_t gid;		/* (gid_t)-1 after an unknown group name */
	char *name;		/* DefUser, for initgroups(); malloc'd */
	unsigned line;		/* last line that changed any of it; 0: built in */
	/* What sendmail complained about while setting it ("line N: ..."),
	 * or NULL; malloc'd. */
	char *problem;
};

/*
 * setdefaults() (conf.c): the first of "mailnull", "sendmail", "daemon"
 * that exists with a uid other than 0, else 1:1 named after uid 1 (or
 * "nobody"); then every DefaultUser/`Og` setting in order as setoption()
 * applies it (readcf.c, options 'u' and 'g').
 */
void cf_default_identity(const struct sendmail_cf *cf,
    const struct cf_nss *nss, struct cf_identity *out);
void cf_identity_clear(struct cf_identity *id);

#endif
