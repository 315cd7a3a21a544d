/*
 * predict.h -- the model of sendmail: what sendmail does with one entry of
 * a user's .forward (or of an :include: file) for that user.
 *
 * One place answers "what does sendmail do with this entry for this
 * user", returning a prediction in sendmail's own terms: the kind of
 * delivery, whether it is refused and in which words sendmail refuses it,
 * for a pipe what the prog mailer (smrsh or a plain shell) runs and as
 * whom, for a file what mailfile() does to the target, for `\user` where
 * the local copy goes, for an :include: who decides what it runs.  The
 * audits (audit_forward.c, audit_pipe.c) turn predictions into findings:
 * severity, ids and remedies are theirs, never the model's.
 *
 * The model is built from sendmail.cf as sendmail_cf.c reads it and from
 * ROOT's passwd, group, shells and hosts; the modules behind it
 * (forward_include.c: ForwardPath candidates and include(); forward_parse.c:
 * the entries of a line; smrsh_rules.c: smrsh; filetarget.c and safefile.c:
 * file delivery under SafeFileEnvironment; sm_host.c: $j and $w) answer
 * the narrower questions.  Nothing here prints or reports.
 */
#ifndef JAILCTL_PREDICT_H
#define JAILCTL_PREDICT_H

#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "filetarget.h"
#include "forward_include.h"
#include "forward_parse.h"
#include "sendmail_cf.h"
#include "sm_host.h"
#include "smrsh_rules.h"
#include "users.h"

/* Bytes of a .forward or :include: read at most: more than any real one. */
#define SM_READ_CAP (1024 * 1024)

/*
 * sendmail as configured under ROOT.  The audits read its fields (the
 * sendmail.cf values, $j, the syntax a line is parsed with); only the
 * model's functions change them.
 */
struct sm_model {
	struct sendmail_cf *cf;
	int root_fd;
	bool nss;			/* the root is the real "/" */
	struct fwd_syntax syn;		/* how a .forward line is parsed */
	struct fi_env fi;		/* include(): .forward and :include: */
	struct ft_env ft;		/* mailfile(): file entries */
	struct shells *shells;
	struct grp_db *groups;		/* ROOT's group file, read once */
	char *host;			/* $j, MyHostName */
	char *shorthost;		/* $w */
	char *host_source;		/* where $j came from, in words */
	char *def_user;			/* DefUser, DefUid, DefGid */
	uid_t def_uid;
	gid_t def_gid;
	char *def_problem;		/* sendmail's complaint about DefaultUser */
	uid_t runas_uid;		/* RunAsUser, 0 when unset */
	gid_t runas_gid;
	bool dont_init_groups;		/* DontInitGroups */
	/* The *file* mailer (sendmail.cf's M*file*, or the built-in one). */
	bool file_specific;		/* F=S: always its U= (or RunAsUser) */
	bool file_has_uid, file_has_gid;	/* U= gave a uid / a gid */
	uid_t file_uid;
	gid_t file_gid;
	bool smrsh;			/* prog mailer is smrsh */
	const char *prog_path;		/* P= */
	const char *argv0;		/* A= first word */
	const char *cmddir;		/* smrsh program directory, or NULL */
	bool prog_specific;		/* prog mailer F=S: always its U= */
	bool prog_has_user;		/* prog mailer U= given */
	uid_t prog_uid;			/* U= */
	gid_t prog_gid;
	char *prog_user;
	bool protected_symlinks;	/* fs.protected_symlinks, for smrsh */
	struct smrsh_cache *smrsh_walks;	/* CMDDIR entries walked so far */
	struct sm_stat_memo *root_stats;	/* root's stat() of program paths */
};

/*
 * Read ROOT/cfpath (sendmail.cf) and what the model needs from ROOT;
 * cmddir is smrsh's program directory (NULL: not known).  Returns 0, or
 * cf_load()'s -errno / refusal (cf_refusal() says it in words) when
 * sendmail.cf cannot be read; then nothing is to be freed.
 */
int sm_model_open(struct sm_model *m, int root_fd, bool real_root,
    const char *cfpath, const char *cmddir);
void sm_model_close(struct sm_model *m);

/*
 * A ForwardPath element or the *file* mailer's A=/= word with $z (home),
 * $u (uval), $w and $j expanded as forward() and deliver() do; other
 * macros are empty.  Cut at sendmail's MAXPATHLEN.  malloc'd.
 */
char *sm_expand(const struct sm_model *m, const char *uval, const char *home,
    const char *elem, size_t len);

/* Who a delivery runs as. */
struct sm_ident {
	uid_t uid;
	gid_t gid;
	/* for initgroups(); points into the model or the recipient; NULL:
	 * none (F=S) */
	const char *name;
	gid_t *groups;			/* initgroups(name, gid) */
	size_t ngroups;
};

/* A local user whose .forward sendmail reads (a passwd identity). */
struct sm_recipient {
	struct pw_copy pw;
	bool bogus_shell;		/* recipient(): QBOGUSSHELL */
	gid_t *groups;			/* initgroups(name, gid) */
	size_t ngroups;
	struct sm_ident file_id;	/* mailfile(): file entries */
	struct sm_ident prog_id;	/* openmailer(): program entries */
	struct fi_ctl ctl;		/* the user's own address */
};

/* The passwd entry only; sm_recipient_resolve() does the rest. */
void sm_recipient_init(struct sm_recipient *r, const struct passwd *pw);
/* Shell check, groups and the identities deliveries take. */
void sm_recipient_resolve(const struct sm_model *m, struct sm_recipient *r);
void sm_recipient_clear(struct sm_recipient *r);
/* As include() is asked for this recipient's files. */
struct fi_user sm_recipient_ca(const struct sm_recipient *r);

/*
 * Where an entry comes from: the address whose flags decide program and
 * file entries (q_alias: the user for the .forward, the :include: for its
 * entries) and how sendmail names it (q_paddr).
 */
struct sm_source {
	const struct fi_ctl *ctl;
	const char *paddr;
};

/* recipient(): a program or file entry refused for its controlling address. */
enum sm_refusal {
	SM_ACCEPTED,
	SM_REFUSED_SHELL,		/* QBOGUSSHELL: no valid shell */
	SM_REFUSED_UNSAFE,		/* QUNSAFEADDR: marked unsafe */
};

struct sm_refused {
	enum sm_refusal kind;
	char *bounce;			/* sendmail's words ("550 5.7.1 ...") */
	char *why;			/* the reasons, joined with "; " */
};

/* ---- program entries ("|command") ------------------------------------ */

enum sm_pipe_outcome {
	SM_PIPE_REFUSED,	/* recipient() refuses it: see refused */
	SM_PIPE_UNFILTERED,	/* the prog mailer is not smrsh: P= gets it all */
	SM_PIPE_NO_CMDDIR,	/* smrsh, but its directory is not known */
	SM_PIPE_UNKNOWN,	/* smrsh's verdict could not be computed: error */
	SM_PIPE_SMRSH_REFUSES,	/* smrsh refuses it: verdict.message, exit */
	SM_PIPE_RUNS,		/* smrsh hands /bin/sh -c verdict.shell_command */
};

/* A program named with a directory that smrsh drops for its own link. */
struct sm_path_differs {
	char *written;			/* as the entry names it */
	const char *runs;		/* what smrsh runs (points into verdict) */
	bool exists;			/* written exists inside ROOT */
};

struct sm_pipe {
	enum sm_pipe_outcome outcome;
	struct sm_refused refused;	/* SM_PIPE_REFUSED */
	const char *mailer;		/* P= of the prog mailer */
	uid_t uid;			/* the identity it runs as */
	/* the exact string /bin/sh -c gets (smrsh's, or the line itself
	 * for a "sh -c $u" mailer), or NULL */
	const char *sh_c;
	int error;			/* SM_PIPE_UNKNOWN: -errno */
	struct smrsh_verdict verdict;	/* SM_PIPE_SMRSH_REFUSES, SM_PIPE_RUNS */
	bool runs_nothing;		/* a warning says nothing runs */
	/* SM_PIPE_RUNS: written paths that are not what smrsh runs */
	struct sm_path_differs *differs;
	size_t ndiffers;
};

/* The prog mailer's verdict on command (the entry without its '|'). */
void sm_predict_pipe(const struct sm_model *m, const struct sm_recipient *r,
    const struct sm_source *src, const char *command, struct sm_pipe *p);
void sm_pipe_free(struct sm_pipe *p);

/*
 * The layer under sm_predict_pipe() for a question with no recipient
 * (`audit pipe`): the prog mailer's verdict on command for the identity
 * env gives smrsh (its directory, uid, groups; argv0 is taken from A=).
 * cf NULL: sendmail.cf is unknown, and smrsh is assumed.  Sets outcome
 * (SM_PIPE_UNFILTERED, SM_PIPE_SMRSH_REFUSES or SM_PIPE_RUNS), sh_c
 * (pointing into command or the verdict) and the verdict; mailer and uid
 * are the caller's.  Returns 0, or -errno when smrsh's verdict cannot be
 * computed.
 */
int sm_judge_command(const struct sendmail_cf *cf, struct smrsh_env *env,
    const char *command, struct sm_pipe *p);

/*
 * recipient()'s shell check for a user known only by the passwd entry:
 * with ConfigLevel above 1, a shell not in ROOT's /etc/shells (or $=t)
 * refuses every program.  Returns true with *bounce (malloc'd) in
 * sendmail's words, $j in *host and *shells_missing when /etc/shells
 * could not be read.  cf NULL: the check is made as with ConfigLevel 10.
 */
bool sm_shell_refuses_programs(int root_fd, bool real_root,
    const struct sendmail_cf *cf, const struct pw_copy *pw, char **bounce,
    struct sm_host *host, bool *shells_missing);

/* ---- file entries ("/path") ------------------------------------------ */

enum sm_file_outcome {
	SM_FILE_REFUSED,	/* recipient() refuses it: see refused */
	SM_FILE_NOT_FILE_MAILER,/* the *file* mailer's P= is not [FILE] */
	SM_FILE_EMPTY_NAME,	/* A= gives an empty file name */
	SM_FILE_ROOTDIR_RELATIVE,/* /= is relative (to the queue directory) */
	SM_FILE_BAD_IDENTITY,	/* uid or gid -1: setuid()/setgid() fail */
	SM_FILE_UNKNOWN,	/* the delivery could not be predicted: error */
	SM_FILE_DISCARDED,	/* /dev/null */
	SM_FILE_FAILS,		/* "Can't create output" or deferred: res */
	SM_FILE_SPECIAL,	/* no jail: a non-regular file is written: res */
	SM_FILE_WRITES,		/* appends to or creates res.target */
};

struct sm_file {
	enum sm_file_outcome outcome;
	struct sm_refused refused;	/* SM_FILE_REFUSED */
	char *filename;			/* the name mailfile() gets */
	char *rootdir;			/* SM_FILE_ROOTDIR_RELATIVE: the /= */
	struct sm_ident id;		/* who writes it (groups not owned) */
	char *why;			/* SM_FILE_BAD_IDENTITY, SM_FILE_FAILS */
	int error;			/* SM_FILE_UNKNOWN: -errno */
	const char *jail_word;		/* "SafeFileEnvironment" or the /= */
	struct ft_result res;		/* DISCARDED, FAILS, SPECIAL, WRITES */
};

/* mailfile() for the entry's target (quotes and '/' as parsed). */
void sm_predict_file(const struct sm_model *m, const struct sm_recipient *r,
    const struct sm_source *src, const char *target, struct sm_file *p);
void sm_file_free(struct sm_file *p);

/*
 * What this *file* mailer's F= does to a file entry that the built-in
 * one (F=s, F=u) would take as written, in words (malloc'd), or NULL
 * when its flags are not why the entry changes.
 */
char *sm_file_flags_change(const struct sm_model *m,
    const struct fwd_entry *e);

/* ---- `\user`: a copy in the user's own mailbox ------------------------ */

struct sm_local_copy {
	bool no_mailer;			/* sendmail.cf defines no local mailer */
	const struct cf_mailer *mailer;	/* the local mailer */
	char *argv;			/* its A= with $u expanded */
	char *where;			/* where it delivers, in words, or NULL */
};

void sm_predict_local_copy(const struct sm_model *m, const char *user,
    struct sm_local_copy *p);
void sm_local_copy_free(struct sm_local_copy *p);

/* ---- :include: files --------------------------------------------------- */

/*
 * An :include: named from a .forward runs its programs and writes its
 * files as the .forward user, whoever owns it: is it owned by someone
 * else (then *trusted: root or TrustedUser)?
 */
bool sm_include_foreign(const struct sm_model *m,
    const struct sm_recipient *r, const struct stat *st, bool *trusted);

#endif
