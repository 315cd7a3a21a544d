/*
 * audit_forward.c -- `jailctl audit forward`: what every user's ~/.forward
 * will really do, predicted with sendmail's and smrsh's own rules.
 *
 * For each passwd entry (streamed; --user limits it): expand ForwardPath
 * the way forward() does and take the first file include() would accept
 * (forward_include.c); say why the others are skipped; read the file as
 * the user; parse every line as sendmail does (forward_parse.c) and report
 * entries that will not do what they look like; follow :include: files
 * with the same checks, sendmail's duplicate suppression and its alias
 * depth limit; judge pipes with smrsh's rules (smrsh_rules.c) or flag them
 * when the prog mailer is a plain shell; resolve file targets inside the
 * SafeFileEnvironment (or the *file* mailer's /=) and name every reason a
 * delivery would end in "Can't create output" (filetarget.c).
 *
 * Everything sendmail takes from sendmail.cf comes from the file as
 * sendmail_cf.c reads it, sendmail's own default included: OperatorChars
 * and BlankSub (the parse), MaxAliasRecursion (the :include: depth),
 * DontInitGroups (supplementary groups), DefaultUser (replayed over
 * setdefaults()' choice against ROOT's passwd and group), the local, prog
 * and *file* mailers.
 *
 * Finding ids and what they mean are listed in jailctl(8).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "audit.h"
#include "filetarget.h"
#include "forward_include.h"
#include "forward_parse.h"
#include "fsident.h"
#include "jailctl.h"
#include "profile.h"
#include "report.h"
#include "safefile.h"
#include "sendmail_cf.h"
#include "sm_host.h"
#include "smrsh_rules.h"
#include "dbent.h"
#include "users.h"
#include "util.h"

/* More than any real .forward; beyond it the rest is not audited. */
#define READ_CAP (1024 * 1024)
/* Distinct :include: files remembered per user (duplicate suppression). */
#define MAX_INCLUDES 256
/*
 * What one user's .forward and its includes may cost the audit, whatever
 * they hold: bytes read, entries judged, findings reported.  Far above
 * any real .forward or mailing-list include; past any of them the user's
 * audit stops and one forward.too-much finding says what was skipped.
 */
#define USER_MAX_BYTES (4 * 1024 * 1024)
#define USER_MAX_ENTRIES 20000
#define USER_MAX_FINDINGS 100

struct user;

struct run {
	struct context *ctx;
	struct report *rep;
	/* The entry being judged, as written: the key of its findings. */
	const char *key;
	struct sendmail_cf *cf;
	int root_fd;
	bool nss;			/* the root is the real "/" */
	struct fwd_syntax syn;
	struct fi_env fi;
	struct ft_env ft;
	struct shells *shells;
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
	const char *cmddir;		/* smrsh program directory */
	bool prog_specific;		/* prog mailer F=S: always its U= */
	bool prog_has_user;		/* prog mailer U= given */
	uid_t prog_uid;			/* U= */
	gid_t prog_gid;
	char *prog_user;
	bool protected_symlinks;
	struct user *user;		/* the user being audited, or NULL */
	/* forward_file_targets(): each file target goes here, not to rep. */
	fwd_target_fn *visit;
	void *visit_arg;
};

/* Who a delivery runs as. */
struct ident {
	uid_t uid;
	gid_t gid;
	/* for initgroups(); points into run or user; NULL: none (F=S) */
	const char *name;
	gid_t *groups;			/* initgroups(name, gid) */
	size_t ngroups;
};

/* One recipient being audited. */
struct user {
	struct pw_copy pw;
	bool bogus_shell;
	gid_t *groups;			/* initgroups(name, gid) */
	size_t ngroups;
	struct ident file_id;		/* mailfile(): file entries */
	struct ident prog_id;		/* openmailer(): program entries */
	char **includes;		/* :include: files seen (sendmail dedups) */
	size_t nincludes;
	struct fi_ctl ctl;		/* the user's own address */
	unsigned refused;		/* program/file entries refused for ctl */
	/* The user's budget (USER_MAX_*): spent, and what was skipped. */
	size_t bytes;
	unsigned long entries, findings;
	bool stopped;			/* a bound was reached: skip the rest */
	unsigned long skipped_files, skipped_findings;
	size_t skipped_bytes;
};

/* Where an entry comes from, for messages. */
struct origin {
	const char *file;
	unsigned line;
	struct fi_ctl *ctl;		/* q_alias of the entries */
	unsigned *refused;
	const char *paddr;		/* q_paddr of the controlling address */
	int level;			/* aliaslevel of the entries */
};

/*
 * A finding; the message is printf-style.  While a user is audited
 * (run->user), the user's findings past USER_MAX_FINDINGS are counted,
 * not reported.  A .forward raises one id for several entries, so the
 * entry being judged (run->key) is the key.
 */
static void emit(struct run *run, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void
emit(struct run *run, const char *id, enum severity sev, const char *path,
    const char *expected, const char *actual, const char *fmt, ...)
{
	struct user *u = run->user;
	va_list ap;
	char *msg;

	if (u != NULL && u->findings++ >= USER_MAX_FINDINGS) {
		u->skipped_findings++;
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	report_findingk(run->rep, id, run->key, sev, path, expected, actual,
	    "%s", msg);
	free(msg);
}

/* ---------------------------------------------------------------------- */
/* Set-up: what sendmail.cf and the root say.                             */

static bool
has_flag(const char *flags, char c)
{
	return flags != NULL && strchr(flags, c) != NULL;
}

/* A "user[:group]" or "uid[:gid]" option, as DefaultUser is written. */
static void
parse_user_option(struct run *run, const char *val, uid_t *uid, gid_t *gid,
    char **name)
{
	char *copy = xstrdup(val), *colon = strchr(copy, ':'), *end;
	struct pw_copy pw = { 0 };
	unsigned long n;

	if (colon != NULL)
		*colon++ = '\0';
	n = strtoul(copy, &end, 10);
	if (*copy != '\0' && *end == '\0') {
		*uid = (uid_t)n;
		if (pw_find_uid(run->root_fd, run->nss, *uid, &pw) == 0) {
			*gid = pw.gid;
			*name = xstrdup(pw.name);
		}
	} else if (pw_find_name(run->root_fd, run->nss, copy, &pw) == 0) {
		*uid = pw.uid;
		*gid = pw.gid;
		*name = xstrdup(pw.name);
	}
	pw_copy_clear(&pw);
	if (colon != NULL && *colon != '\0') {
		n = strtoul(colon, &end, 10);
		if (*end == '\0')
			*gid = (gid_t)n;
		else
			(void)grp_find_name(run->root_fd, run->nss, colon, gid);
	}
	free(copy);
}

static uid_t
user_option_uid(struct run *run, const char *val)
{
	uid_t uid = 0;
	gid_t gid = 0;
	char *name = NULL;

	parse_user_option(run, val, &uid, &gid, &name);
	free(name);
	return uid;
}

/*
 * A mailer's U= as makemailer() reads it: a user name (letters, digits,
 * '-', '_') gives uid and gid, a number only the uid; after one separator
 * a group name or number replaces the gid.  An unknown user leaves both
 * unset (sendmail: "mailer U= flag: unknown user"), an unknown group
 * keeps the user's.
 */
static void
parse_mailer_user(struct run *run, const char *val, bool *has_uid, uid_t *uid,
    bool *has_gid, gid_t *gid)
{
	const char *p = val;
	struct pw_copy pw = { 0 };

	*has_uid = *has_gid = false;
	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		const char *q = p;
		char *name;

		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_", *p) != NULL))
			p++;
		name = xstrndup(q, (size_t)(p - q));
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
		if (*name == '\0' ||
		    pw_find_name(run->root_fd, run->nss, name, &pw) != 0) {
			free(name);
			return;
		}
		free(name);
		*uid = pw.uid;
		*gid = pw.gid;
		*has_uid = *has_gid = true;
		pw_copy_clear(&pw);
	} else {
		char *end;

		*uid = (uid_t)strtol(p, &end, 0);
		*has_uid = true;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return;
	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		const char *q = p;
		char *name;
		gid_t g;

		/* (sendmail's loop would run past the end: strchr() finds
		 * the NUL too) */
		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_.", *p) != NULL))
			p++;
		name = xstrndup(q, (size_t)(p - q));
		if (*name != '\0' &&
		    grp_find_name(run->root_fd, run->nss, name, &g) == 0) {
			*gid = g;
			*has_gid = true;
		}
		free(name);
	} else {
		*gid = (gid_t)strtol(p, NULL, 0);
		*has_gid = true;
	}
}

/* cf_default_identity()'s questions, answered from ROOT. */
static int
nss_user_by_name(void *arg, const char *name, uid_t *uid, gid_t *gid,
    char **canonical)
{
	struct run *run = arg;
	struct pw_copy pw = { 0 };

	if (pw_find_name(run->root_fd, run->nss, name, &pw) != 0)
		return -1;
	*uid = pw.uid;
	*gid = pw.gid;
	*canonical = xstrdup(pw.name);
	pw_copy_clear(&pw);
	return 0;
}

static int
nss_user_by_uid(void *arg, uid_t uid, char **name)
{
	struct run *run = arg;
	struct pw_copy pw = { 0 };

	if (pw_find_uid(run->root_fd, run->nss, uid, &pw) != 0)
		return -1;
	*name = xstrdup(pw.name);
	pw_copy_clear(&pw);
	return 0;
}

static int
nss_group_by_name(void *arg, const char *name, gid_t *gid)
{
	struct run *run = arg;

	return grp_find_name(run->root_fd, run->nss, name, gid) == 0 ? 0 : -1;
}

/* $j and $w as sendmail determines them (sm_host.h). */
static void
read_hostname(struct run *run)
{
	struct sm_host h;

	sm_host_find(run->root_fd, run->nss, run->cf, &h);
	run->host = h.j;
	run->shorthost = h.w;
	run->host_source = h.source;
}

static bool
group_member_root(void *arg, gid_t gid, const char *user)
{
	struct run *run = arg;

	return grp_is_member(run->root_fd, run->nss, gid, user);
}

static int
setup(struct run *run, struct context *ctx, struct report *rep)
{
	const char *cfpath = ctx->opt.cf;
	struct sendmail_cf *cf;
	struct cf_nss nss = { nss_user_by_name, nss_user_by_uid,
	    nss_group_by_name, NULL };
	struct cf_identity def;
	uid_t trusted = 0;
	int r;

	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->rep = rep;
	run->root_fd = ctx->root_fd;
	run->nss = ctx->real_root;
	if (cfpath == NULL && ctx->profile != NULL)
		cfpath = ctx->profile->sendmail_cf;
	if (cfpath == NULL)
		cfpath = "/etc/mail/sendmail.cf";
	r = cf_load(ctx->root_fd, cfpath, &cf);
	if (r < 0) {
		/*
		 * Without sendmail.cf nothing about a .forward can be
		 * predicted (ForwardPath, the prog mailer, the jail): a
		 * finding that names the file, not an unexplained error.
		 */
		report_findingf(rep, "forward.no-config", SEV_MEDIUM, cfpath, NULL,
		    cf_refusal(r), "sendmail.cf cannot be read, so no .forward can be "
		    "audited");
		return 1;
	}
	run->cf = cf;

	read_hostname(run);
	run->shells = shells_load(run->root_fd);
	if (cf->trusted_user != NULL)
		trusted = user_option_uid(run, cf->trusted_user);

	/* DefUid/DefGid/DefUser: setdefaults() and every DefaultUser line */
	nss.arg = run;
	cf_default_identity(cf, &nss, &def);
	run->def_uid = def.uid;
	run->def_gid = def.gid;
	run->def_user = def.name;
	run->def_problem = def.problem;
	if (cf->run_as_user != NULL) {
		char *name = NULL;

		parse_user_option(run, cf->run_as_user, &run->runas_uid,
		    &run->runas_gid, &name);
		free(name);
	}
	run->dont_init_groups = cf->dont_init_groups;

	run->syn.blank_sub = cf->blank_sub != NULL && cf->blank_sub[0] != '\0' ?
	    cf->blank_sub[0] : ' ';
	run->syn.operators = cf->operator_chars;
	run->syn.local_prog = has_flag(cf->local.flags, '|');
	run->syn.local_file = has_flag(cf->local.flags, '/');
	run->syn.local_include = has_flag(cf->local.flags, ':');
	run->syn.local_keepcase = has_flag(cf->local.flags, 'u');
	run->syn.prog_stripq = has_flag(cf->prog.flags, 's');
	run->syn.prog_keepcase = has_flag(cf->prog.flags, 'u');
	run->syn.file_stripq = has_flag(cf->file_mailer.flags, 's');
	run->syn.file_keepcase = has_flag(cf->file_mailer.flags, 'u');
	run->file_specific = has_flag(cf->file_mailer.flags, 'S');
	if (cf->file_mailer.user != NULL)
		parse_mailer_user(run, cf->file_mailer.user, &run->file_has_uid,
		    &run->file_uid, &run->file_has_gid, &run->file_gid);

	run->fi.root_fd = run->root_fd;
	run->fi.nss = run->nss;
	run->fi.sf.root_fd = run->root_fd;
	run->fi.sf.gw_dirpath_safe = cf_dbs(cf, DBS_GROUPWRITABLEDIRPATHSAFE);
	run->fi.sf.trust_sticky = cf_dbs(cf, DBS_TRUSTSTICKYBIT);
	run->fi.sf.dont_init_groups = cf->dont_init_groups;
	run->fi.sf.trusted_uid = trusted;
	run->fi.sf.member = group_member_root;
	run->fi.sf.member_arg = run;
	run->fi.cf = cf;
	run->fi.def_uid = run->def_uid;
	run->fi.def_gid = run->def_gid;
	run->fi.def_user = run->def_user;
	run->fi.nonroot_daemon = cf->run_as_user != NULL &&
	    user_option_uid(run, cf->run_as_user) != 0;
	run->fi.shells = run->shells;
	run->fi.trusted_class = cf->trusted_class;
	/* "ConfigLevel <= 1": every shell is acceptable */
	run->fi.check_shells = cf->config_level > 1;
	run->fi.read_cap = READ_CAP;

	run->ft.root_fd = run->root_fd;
	run->ft.safe_file_env = cf->safe_file_env;
	run->ft.dbs_symlink = cf_dbs(cf, DBS_FILEDELIVERYTOSYMLINK);
	run->ft.dbs_hardlink = cf_dbs(cf, DBS_FILEDELIVERYTOHARDLINK);
	run->ft.dont_init_groups = cf->dont_init_groups;
	run->ft.trusted_uid = trusted;
	/* TempFileMode; the daemon's default is 0600 (real uid == euid) */
	run->ft.file_mode = 0600;
	if (cf->temp_file_mode != NULL) {
		char *end;
		unsigned long m = strtoul(cf->temp_file_mode, &end, 8);

		if (end != cf->temp_file_mode)
			run->ft.file_mode = (mode_t)(m & 07777);
	}

	run->smrsh = cf_prog_is_smrsh(cf);
	run->prog_path = cf->prog.path != NULL ? cf->prog.path : "/bin/sh";
	run->argv0 = cf->prog.args != NULL && cf->prog.args[0] != NULL ?
	    cf->prog.args[0] : "smrsh";
	run->prog_specific = has_flag(cf->prog.flags, 'S');
	if (cf->prog.user != NULL) {
		run->prog_has_user = true;
		parse_user_option(run, cf->prog.user, &run->prog_uid,
		    &run->prog_gid, &run->prog_user);
	}
	run->cmddir = ctx->opt.smrsh_dir;
	if (run->cmddir == NULL && ctx->profile != NULL)
		run->cmddir = ctx->profile->smrsh.dir;
	run->protected_symlinks = smrsh_protected_symlinks(ctx->real_root);
	return 0;
}

static void
teardown(struct run *run)
{
	cf_free(run->cf);
	shells_free(run->shells);
	free(run->host);
	free(run->shorthost);
	free(run->host_source);
	free(run->def_user);
	free(run->def_problem);
	free(run->prog_user);
}

/* ---------------------------------------------------------------------- */
/* Per user.                                                               */

static void
user_clear(struct user *u)
{
	size_t i;

	pw_copy_clear(&u->pw);
	free(u->groups);
	free(u->file_id.groups);
	free(u->prog_id.groups);
	for (i = 0; i < u->nincludes; i++)
		free(u->includes[i]);
	free(u->includes);
	fi_ctl_clear(&u->ctl);
	memset(u, 0, sizeof(*u));
}

/*
 * initgroups(name, gid) -- unless DontInitGroups is set or there is no
 * name to ask with, when sendmail's setgroups() leaves only gid.
 */
static void
ident_groups(struct run *run, struct ident *id)
{
	int r = -1;

	id->groups = NULL;
	id->ngroups = 0;
	if (id->name != NULL && !run->dont_init_groups)
		r = grp_list(run->root_fd, run->nss, id->name, id->gid,
		    &id->groups, &id->ngroups);
	if (r < 0 || id->ngroups == 0) {
		free(id->groups);
		id->groups = xmalloc(sizeof(gid_t));
		id->groups[0] = id->gid;
		id->ngroups = 1;
	}
}

/*
 * The identities deliveries run as.  mailfile() (files), with the *file*
 * mailer's flags and U=: with F=S always its U= (else RunAsUser's ids)
 * and no initgroups(); otherwise the user unless it is root, else the
 * mailer's U=, else DefaultUser, the group likewise (an address with
 * DefUid and gid 0 is an alias: DefaultUser's group); last, uid or gid 0
 * become DefaultUser's -- files are never written as root.  openmailer()
 * (programs): the mailer's U= with F=S; else the user unless it is root;
 * else U=, else DefaultUser.  (A set-user-ID P= program would run as its
 * owner; smrsh is not one, and this is not modelled.)
 */
static void
delivery_identities(struct run *run, struct user *u)
{
	struct ident *f = &u->file_id, *p = &u->prog_id;

	if (run->file_specific) {
		f->name = NULL;
		f->uid = run->file_has_uid ? run->file_uid : run->runas_uid;
		f->gid = run->file_has_gid ? run->file_gid : run->runas_gid;
	} else {
		if (u->pw.uid != 0) {
			f->uid = u->pw.uid;
			f->name = u->pw.name;
		} else {
			f->uid = run->file_has_uid ? run->file_uid : run->def_uid;
			f->name = run->def_user;
		}
		if (u->pw.uid == run->def_uid && u->pw.gid == 0) {
			f->gid = run->def_gid;
			f->name = run->def_user;
		} else if (u->pw.uid != 0) {
			f->gid = u->pw.gid;
		} else {
			f->gid = run->file_has_gid ? run->file_gid : run->def_gid;
		}
	}
	/* "last ditch": SFF_ROOTOK is not set for file deliveries */
	if (f->uid == 0)
		f->uid = run->def_uid;
	if (f->gid == 0)
		f->gid = run->def_gid;
	ident_groups(run, f);

	if (run->prog_specific) {
		p->uid = run->prog_has_user ? run->prog_uid : 0;
		p->gid = run->prog_has_user ? run->prog_gid : 0;
		p->name = run->prog_has_user && run->prog_user ? run->prog_user :
		    "root";
	} else if (u->pw.uid != 0) {
		p->uid = u->pw.uid;
		p->gid = u->pw.gid;
		p->name = u->pw.name;
	} else if (run->prog_has_user) {
		p->uid = run->prog_uid;
		p->gid = run->prog_gid;
		p->name = run->prog_user ? run->prog_user : run->def_user;
	} else {
		p->uid = run->def_uid;
		p->gid = run->def_gid;
		p->name = run->def_user;
	}
	ident_groups(run, p);
}

/*
 * $z, $u, $h, $w, $j as forward() and deliver() define them (uval is what
 * $u stands for: the user, or a file entry); other macros are empty.
 */
static char *
expand_path(struct run *run, const char *uval, const char *home,
    const char *elem, size_t len)
{
	size_t cap = len + 64, n = 0, i;
	char *out = xmalloc(cap);

	for (i = 0; i < len; i++) {
		const char *v = NULL;
		char one[2] = { 0, 0 };
		size_t vl;

		if (elem[i] == '$' && i + 1 < len) {
			char m = elem[++i];

			if (m == 'z')
				v = home;
			else if (m == 'u')
				v = uval;
			else if (m == 'w')
				v = run->shorthost;
			else if (m == 'j')
				v = run->host;
			else if (m == '$')
				v = "$";
			else if (m == '{') {
				while (i + 1 < len && elem[i] != '}')
					i++;
				v = "";
			} else
				v = "";	/* $h is empty for a plain user */
		} else {
			one[0] = elem[i];
			v = one;
		}
		vl = strlen(v);
		if (n + vl + 1 > cap) {
			cap = (n + vl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, v, vl);
		n += vl;
	}
	out[n] = '\0';
	if (n > SF_MAXPATHLEN)
		out[SF_MAXPATHLEN] = '\0';
	return out;
}

static bool
include_seen(struct user *u, const char *path)
{
	size_t i;

	for (i = 0; i < u->nincludes; i++)
		if (strcmp(u->includes[i], path) == 0)
			return true;
	return false;
}

static void audit_contents(struct run *run, struct user *u,
    const struct origin *org, const struct fi_file *file, bool forwarding);

/* ---------------------------------------------------------------------- */
/* Entries.                                                                */

static const char *
kind_word(enum fwd_kind k)
{
	return k == FWD_PROG ? "programs" : "files";
}

/*
 * recipient(): a program or file entry is refused when its controlling
 * address has a bad shell or was marked unsafe.  Returns true if refused.
 */
static bool
refused_by_ctl(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct fi_ctl *ctl = org->ctl;
	char *bounce;

	if (ctl->bogus_shell) {
		if (ctl->ruser == NULL)
			bounce = xasprintf("550 5.7.1 UID %lu is an unknown user: "
			    "cannot mail to %s", (unsigned long)ctl->uid,
			    kind_word(e->kind));
		else
			bounce = xasprintf("550 5.7.1 User %s@%s doesn't have a "
			    "valid shell for mailing to %s", ctl->ruser,
			    run->host, kind_word(e->kind));
		emit(run, "forward.bad-shell", SEV_MEDIUM, org->file, NULL, bounce,
		    "user %s, line %u: `%s` is refused: %s; the bounce says: %s "
		    "($j is %s: %s)", u->pw.name, org->line, e->raw,
		    ctl->bogus_why != NULL ? ctl->bogus_why :
		    "the user's shell is not in /etc/shells", bounce,
		    run->host, run->host_source);
		free(bounce);
		(*org->refused)++;
		return true;
	}
	if (ctl->unsafe) {
		char *why = NULL;
		size_t i;

		for (i = 0; i < ctl->nunsafe; i++) {
			char *t = xasprintf("%s%s%s", why ? why : "", why ? "; " : "",
			    ctl->unsafe_why[i]);

			free(why);
			why = t;
		}
		bounce = xasprintf("550 5.7.1 Address %s is unsafe for mailing "
		    "to %s", org->paddr, kind_word(e->kind));
		emit(run, "forward.unsafe-user", SEV_MEDIUM, org->file, NULL,
		    bounce, "user %s, line %u: `%s` is refused because sendmail "
		    "marked %s unsafe (%s); the bounce says: %s", u->pw.name,
		    org->line, e->raw, org->paddr, why ? why : "", bounce);
		free(why);
		free(bounce);
		(*org->refused)++;
		return true;
	}
	return false;
}

/*
 * The command words smrsh will look up, as written (before its basename
 * rule), in order: mirrors smrsh's loop without its checks, skipping the
 * "exec" prefix and the "exit"/"echo" built-ins.
 */
static size_t
written_commands(const char *cmd, char ***out)
{
	const char *q = cmd;
	char **v = NULL;
	size_t n = 0;

	for (;;) {
		const char *end, *p;
		size_t wl;

		while (*q != '\0' && isspace((unsigned char)*q))
			q++;
		if (*q == '\0')
			break;
		end = strpbrk(q, " \t");
		if (end == NULL)
			end = q + strlen(q);
		wl = (size_t)(end - q);
		if (wl == 4 && strncmp(q, "exec", 4) == 0 && *end != '\0') {
			q = end;
			continue;
		}
		if (!((wl == 4 && strncmp(q, "exit", 4) == 0) ||
		    (wl == 4 && strncmp(q, "echo", 4) == 0))) {
			v = xrealloc(v, (n + 1) * sizeof(char *));
			v[n++] = xstrndup(q, wl);
		}
		/* the next "&&" or "||" starts another command */
		for (p = end; *p != '\0'; p++) {
			unsigned char c = (unsigned char)*p & 0x7f;

			if (strchr("<|>^();&`$\r\n", c) != NULL && c != '\0')
				break;
		}
		if (*p == '\0')
			break;
		if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
			q = p + 2;
			continue;
		}
		break;
	}
	*out = v;
	return n;
}

static bool
same_file(int root_fd, const char *a, const char *b)
{
	struct stat sa, sb;

	return sf_stat_in_root(root_fd, a, true, &sa) == 0 &&
	    sf_stat_in_root(root_fd, b, true, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void
audit_pipe(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct smrsh_verdict v = { 0 };
	struct smrsh_env env;
	char **written = NULL;
	size_t nw, i;
	int r;

	if (refused_by_ctl(run, u, org, e))
		return;
	if (!run->smrsh) {
		emit(run, "forward.pipe-no-smrsh", SEV_HIGH, org->file, NULL,
		    e->target, "user %s, line %u: `%s` runs an arbitrary shell "
		    "command as uid %lu: the prog mailer is %s, not smrsh, and "
		    "gets `%s`", u->pw.name, org->line, e->raw,
		    (unsigned long)u->prog_id.uid, run->prog_path, e->target);
		return;
	}
	if (run->cmddir == NULL || run->cmddir[0] != '/') {
		emit(run, "forward.pipe-unknown", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: the smrsh program directory is not "
		    "known (profile or --smrsh-dir), so smrsh's verdict cannot be "
		    "predicted", u->pw.name, org->line, e->raw);
		return;
	}
	memset(&env, 0, sizeof(env));
	env.root_fd = run->root_fd;
	env.cmddir = run->cmddir;
	env.argv0 = run->argv0;
	env.uid = u->prog_id.uid;
	env.gid = u->prog_id.gid;
	env.groups = u->prog_id.groups;
	env.ngroups = u->prog_id.ngroups;
	env.protected_symlinks = run->protected_symlinks;
	r = smrsh_judge(&env, e->target, &v);
	if (r < 0) {
		emit(run, "forward.pipe-unknown", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: smrsh's verdict cannot be predicted: "
		    "%s", u->pw.name, org->line, e->raw, strerror(-r));
		return;
	}
	if (!v.allowed) {
		char *bounce = xasprintf("%s / 554 5.0.0 Service unavailable",
		    v.message ? v.message : "");

		emit(run, "forward.pipe-refused", SEV_MEDIUM, org->file, NULL,
		    bounce, "user %s, line %u: smrsh refuses `%s` (exit %d): the "
		    "message bounces with \"%s\"", u->pw.name, org->line, e->raw,
		    v.exit_status, v.message ? v.message : "");
		free(bounce);
		smrsh_verdict_free(&v);
		return;
	}
	{
		char *runs = NULL;
		bool nothing = false;

		for (i = 0; i < v.nruns; i++) {
			char *t = xasprintf("%s%s%s", runs ? runs : "",
			    runs ? ", " : "", v.runs[i]);

			free(runs);
			runs = t;
		}
		for (i = 0; i < v.nwarnings; i++)
			nothing |= v.warning_kinds[i] == SMRSH_WARN_NOTHING_RUNS;
		emit(run, "forward.pipe-runs", SEV_INFO, org->file, NULL,
		    v.shell_command, "user %s, line %u: `%s` runs %s as uid %lu "
		    "(/bin/sh -c `%s`)", u->pw.name, org->line, e->raw,
		    runs ? runs : nothing ? "nothing" : "only shell built-ins",
		    (unsigned long)u->prog_id.uid,
		    v.shell_command ? v.shell_command : "");
		free(runs);
	}
	nw = written_commands(e->target, &written);
	/*
	 * smrsh dropping the directory of a written path is how it works:
	 * worth a word only when the file it runs instead is another one.
	 */
	for (i = 0; i < nw && nw == v.nruns; i++) {
		struct stat st;

		if (strchr(written[i], '/') == NULL ||
		    strcmp(written[i], v.runs[i]) == 0 ||
		    same_file(run->root_fd, written[i], v.runs[i]))
			continue;
		if (sf_stat_in_root(run->root_fd, written[i], true, &st) < 0)
			emit(run, "forward.pipe-path-differs", SEV_INFO, org->file,
			    written[i], v.runs[i], "user %s, line %u: `%s` names "
			    "%s, which does not exist here; smrsh ignores the "
			    "directory and runs %s", u->pw.name, org->line,
			    e->raw, written[i], v.runs[i]);
		else
			emit(run, "forward.pipe-path-differs", SEV_LOW, org->file,
			    written[i], v.runs[i], "user %s, line %u: `%s` names "
			    "%s, but smrsh ignores the directory and runs %s, a "
			    "different file", u->pw.name, org->line, e->raw,
			    written[i], v.runs[i]);
	}
	for (i = 0; i < nw; i++)
		free(written[i]);
	free(written);
	for (i = 0; i < v.nwarnings; i++) {
		/* said above, once, as pipe-path-differs */
		if (v.warning_kinds[i] == SMRSH_WARN_PATH)
			continue;
		emit(run, "forward.pipe-warning",
		    v.warning_kinds[i] == SMRSH_WARN_NOTE ? SEV_INFO : SEV_LOW,
		    org->file, NULL, NULL, "user %s, line %u: `%s`: %s",
		    u->pw.name, org->line, e->raw, v.warnings[i]);
	}
	smrsh_verdict_free(&v);
}

static void
audit_file(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	const struct cf_mailer *fm = &run->cf->file_mailer;
	struct ft_ident id = { u->file_id.uid, u->file_id.gid, u->file_id.name,
	    u->file_id.groups, u->file_id.ngroups };
	struct ft_env env = run->ft;
	struct ft_result res;
	char *filename, *rootdir = NULL;
	const char *jail_word;
	int r;

	if (refused_by_ctl(run, u, org, e))
		return;
	/* deliver() hands a [FILE] mailer's address to mailfile(); any other
	 * P= is run as a program */
	if (strcmp(fm->path, "[FILE]") != 0) {
		emit(run, "forward.unreadable", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: the *file* mailer (line %u) has "
		    "P=%s, not [FILE]: sendmail runs that program instead of "
		    "writing a file, which is not predicted", u->pw.name,
		    org->line, e->raw, fm->line, fm->path);
		return;
	}
	/* the file name is A='s second word, $u being the entry and $z the
	 * home directory ("FILE $u" in the built-in mailer) */
	filename = expand_path(run, e->target, u->pw.dir, fm->args[1],
	    strlen(fm->args[1]));
	if (filename[0] == '\0') {
		emit(run, "forward.file-fails", SEV_MEDIUM, org->file, NULL,
		    "empty filename specification", "user %s, line %u: `%s` "
		    "fails: the *file* mailer's A= (line %u) gives an empty file "
		    "name (\"empty filename specification for mailer %s\")",
		    u->pw.name, org->line, e->raw, fm->line, fm->name);
		free(filename);
		return;
	}
	/* mailfile(): the mailer's /= (macros expanded) counts only without
	 * a SafeFileEnvironment */
	if (env.safe_file_env == NULL && fm->rootdir != NULL) {
		rootdir = expand_path(run, e->target, u->pw.dir, fm->rootdir,
		    strlen(fm->rootdir));
		if (rootdir[0] != '/') {
			emit(run, "forward.unreadable", SEV_LOW, org->file, NULL,
			    NULL, "user %s, line %u: `%s`: the *file* mailer's /=%s "
			    "(line %u) is relative to sendmail's queue directory; "
			    "the delivery is not predicted", u->pw.name, org->line,
			    e->raw, rootdir, fm->line);
			free(rootdir);
			free(filename);
			return;
		}
		env.rootdir = rootdir;
	}
	/* an unknown DefaultUser name leaves DefUid -1: setuid() fails */
	if (id.uid == (uid_t)-1 || id.gid == (gid_t)-1) {
		char *why = xasprintf("the delivery runs as uid %ld, gid %ld "
		    "(%s), which setgid()/setuid() refuse", (long)(int)id.uid,
		    (long)(int)id.gid, run->def_problem ? run->def_problem :
		    "DefaultUser");

		emit(run, "forward.file-fails", SEV_MEDIUM, org->file, NULL, why,
		    "user %s, line %u: writing %s for `%s` fails with \"a "
		    "temporary error, the message stays queued\" (the bounce "
		    "gives no reason): %s", u->pw.name, org->line, filename,
		    e->raw, why);
		free(why);
		free(rootdir);
		free(filename);
		return;
	}
	r = ft_resolve(&env, filename, &id, &res);
	free(rootdir);
	env.rootdir = NULL;
	if (r == 0 && run->visit != NULL) {
		if (!res.devnull)
			run->visit(run->visit_arg, u->pw.name, u->pw.uid,
			    u->pw.gid, res.target);
		ft_result_free(&res);
		free(filename);
		return;
	}
	if (r < 0) {
		emit(run, "forward.unreadable", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: the delivery cannot be predicted: %s",
		    u->pw.name, org->line, e->raw, strerror(-r));
		free(filename);
		return;
	}
	if (res.devnull) {
		emit(run, "forward.file-target", SEV_INFO, org->file, NULL,
		    "/dev/null", "user %s, line %u: `%s` discards the message",
		    u->pw.name, org->line, e->raw);
		ft_result_free(&res);
		free(filename);
		return;
	}
	jail_word = res.by_rootdir ? "*file* mailer's root directory (/=)" :
	    "SafeFileEnvironment";
	if (res.odd_prefix)
		emit(run, "forward.file-prefix", SEV_MEDIUM, org->file, filename,
		    res.target, "user %s, line %u: `%s` starts with the %s %s "
		    "only as a string: sendmail strips those bytes and writes %s",
		    u->pw.name, org->line, e->raw, jail_word, res.jail,
		    res.target);
	if (res.nreasons > 0) {
		char *why = NULL;
		size_t i;

		for (i = 0; i < res.nreasons; i++) {
			char *t = xasprintf("%s%s%s", why ? why : "", why ? "; " : "",
			    res.reasons[i]);

			free(why);
			why = t;
		}
		emit(run, "forward.file-fails", SEV_MEDIUM, org->file, NULL, why,
		    "user %s, line %u: writing %s for `%s` fails with \"%s\" "
		    "(the bounce gives no reason): %s", u->pw.name, org->line,
		    res.target, e->raw, res.transient ?
		    "a temporary error, the message stays queued" :
		    "550 5.0.0 Can't create output", why);
		free(why);
	} else if (res.special != NULL) {
		emit(run, "forward.file-special", SEV_MEDIUM, org->file, filename,
		    res.target, "user %s, line %u: `%s`: no SafeFileEnvironment "
		    "is in force, so sendmail writes to a file that is not a "
		    "regular file, as uid %lu: %s", u->pw.name, org->line,
		    e->raw, (unsigned long)u->file_id.uid, res.special);
	} else {
		char mode[64] = "";

		if (res.create)
			snprintf(mode, sizeof(mode), ", mode %04o less sendmail's "
			    "umask", (unsigned)res.create_mode);
		emit(run, "forward.file-target", SEV_INFO, org->file, filename,
		    res.target, "user %s, line %u: `%s` %s %s as uid %lu%s%s%s%s",
		    u->pw.name, org->line, e->raw,
		    res.create ? "creates" : "appends to", res.target,
		    (unsigned long)u->file_id.uid, mode,
		    res.relocated && !res.odd_prefix ? " (the path is taken "
		    "inside the " : "", res.relocated && !res.odd_prefix ?
		    jail_word : "", res.relocated && !res.odd_prefix ? ")" : "");
	}
	ft_result_free(&res);
	free(filename);
}

/*
 * Not root, the audit reads as the auditor, not as the file's owner: a
 * file the auditor may not read says nothing about what sendmail -- which
 * reads it as the user -- can do with it.
 */
static bool
auditor_blind(int r)
{
	return (r == EACCES || r == EPERM) && !fsid_possible();
}

/*
 * `\user`: recipient() skips aliases and that user's .forward, and the
 * local mailer delivers to the mailbox (tested: `\bob` plus a pipe on one
 * line reached both).  Say which mailer takes it and with what argv.
 */
static void
audit_local_copy(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	const struct cf_mailer *m = &run->cf->local;
	char *argv = NULL, *where = NULL;
	const char *base;
	size_t i;

	if (m->name == NULL) {
		emit(run, "forward.local-copy", SEV_MEDIUM, org->file, NULL,
		    e->target, "user %s, line %u: `%s` asks for a copy in %s's "
		    "own mailbox, but sendmail.cf defines no local mailer: "
		    "sendmail cannot deliver it", u->pw.name, org->line, e->raw,
		    e->target);
		return;
	}
	for (i = 0; m->args != NULL && m->args[i] != NULL; i++) {
		const char *w = strcmp(m->args[i], "$u") == 0 ? e->target :
		    m->args[i];
		char *t = xasprintf("%s%s%s", argv ? argv : "", argv ? " " : "", w);

		free(argv);
		argv = t;
	}
	base = m->path != NULL && strrchr(m->path, '/') != NULL ?
	    strrchr(m->path, '/') + 1 : m->path != NULL ? m->path : "";
	/* Debian's mail.local has /var/mail compiled in (strings). */
	if (strcmp(base, "mail.local") == 0)
		where = xasprintf(", which appends to /var/mail/%s", e->target);
	/* deliver(): an A= without $u makes the mailer speak (L)SMTP */
	for (i = 0; m->args != NULL && m->args[i] != NULL; i++)
		if (strcmp(m->args[i], "$u") == 0)
			break;
	if (m->args == NULL || m->args[i] == NULL) {
		char *t = xasprintf(" (no $u in A=: it is handed %s over LMTP "
		    "or SMTP)%s", e->target, where != NULL ? where : "");

		free(where);
		where = t;
	}
	emit(run, "forward.local-copy", SEV_INFO, org->file, NULL, e->target,
	    "user %s, line %u: `%s` also delivers a copy to %s's own mailbox, "
	    "with no alias or .forward lookup for %s: the local mailer (line "
	    "%u) runs %s as `%s`%s%s%s", u->pw.name, org->line, e->raw,
	    e->target, e->target, m->line, m->path != NULL ? m->path : "?",
	    argv != NULL ? argv : "", where != NULL ? where : "",
	    m->rootdir != NULL ? ", chrooted to " : "",
	    m->rootdir != NULL ? m->rootdir : "");
	free(argv);
	free(where);
}

/* "carol (uid 1003)" from ROOT's passwd, or "uid 1003". */
static char *
user_text(struct run *run, uid_t uid)
{
	struct pw_copy pw = { 0 };
	char *t;

	if (pw_find_uid(run->root_fd, run->nss, uid, &pw) == 0 && pw.name != NULL)
		t = xasprintf("%s (uid %lu)", pw.name, (unsigned long)uid);
	else
		t = xasprintf("uid %lu", (unsigned long)uid);
	pw_copy_clear(&pw);
	return t;
}

/*
 * An :include: named from a .forward runs its programs and writes its
 * files as the .forward user, whoever owns it (include() adopts the
 * owner only without a controlling user; tested): its owner decides what
 * runs in this user's name, once recipient() accepted the owner's shell
 * (include(): usershellok() of the owner).  Root or TrustedUser: medium;
 * anyone else: high.
 */
static void
include_owner(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e, const struct stat *st)
{
	bool trusted = st->st_uid == 0 ||
	    (run->fi.sf.trusted_uid != 0 && st->st_uid == run->fi.sf.trusted_uid);
	char *owner, *self;

	if (st->st_uid == u->pw.uid)
		return;
	owner = user_text(run, st->st_uid);
	self = xasprintf("%s (uid %lu)", u->pw.name, (unsigned long)u->pw.uid);
	emit(run, "forward.include-owner", trusted ? SEV_MEDIUM : SEV_HIGH,
	    org->file, u->pw.name, owner, "user %s, line %u: `%s` belongs to "
	    "%s%s: its programs and files run as %s, so %s decides what "
	    "runs in %s's name", u->pw.name, org->line, e->raw, owner,
	    st->st_uid != 0 && trusted ? ", the TrustedUser" : "",
	    self, owner, u->pw.name);
	free(owner);
	free(self);
}

static void
audit_include(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct fi_user ca = { u->pw.name, u->pw.uid, u->pw.gid, u->bogus_shell,
	    u->groups, u->ngroups };
	const char *path = e->target;
	struct fi_ctl ctl;
	struct fi_file file;
	struct origin sub;
	unsigned refused = 0;
	char *where = NULL;
	int r;

	if (path[0] != '/') {
		emit(run, "forward.include-relative", SEV_MEDIUM, org->file, NULL,
		    path, "user %s, line %u: `%s` names a relative path: sendmail "
		    "opens it relative to its queue directory", u->pw.name,
		    org->line, e->raw);
		return;
	}
	if (include_seen(u, path)) {
		emit(run, "forward.include-loop", SEV_LOW, org->file, NULL, path,
		    "user %s, line %u: `%s` was already included: sendmail "
		    "suppresses the duplicate and does not read it again",
		    u->pw.name, org->line, e->raw);
		return;
	}
	if (u->stopped || u->bytes >= USER_MAX_BYTES) {
		/* not even read: the user's budget is spent */
		u->skipped_files++;
		u->stopped = true;
		return;
	}
	if (u->nincludes >= MAX_INCLUDES) {
		emit(run, "forward.too-large", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: more than %d :include: files; the rest is "
		    "not audited", u->pw.name, org->line, MAX_INCLUDES);
		return;
	}
	u->includes = xrealloc(u->includes, (u->nincludes + 1) * sizeof(char *));
	u->includes[u->nincludes++] = xstrdup(path);

	fi_ctl_init(&ctl, NULL, u->pw.uid, false);
	r = fi_include(&run->fi, &ca, path, false, &ctl, &file, &where);
	if (r < 0) {
		emit(run, "forward.unreadable", SEV_LOW, path, NULL, NULL,
		    "user %s: %s cannot be audited: %s", u->pw.name, path,
		    strerror(-r));
	} else if (auditor_blind(r)) {
		emit(run, "forward.unreadable", SEV_LOW, path, NULL, sf_errstring(r),
		    "user %s, line %u: the auditor could not read %s (%s); "
		    "sendmail reads it as %s, so it is not known whether it can",
		    u->pw.name, org->line, path, sf_errstring(r), u->pw.name);
	} else if (r > 0) {
		bool t = sf_transient(r);
		char *bounce = xasprintf("%s Cannot open %s: %s",
		    t ? "451 4.2.4" : "550 5.2.4", path, sf_errstring(r));

		if (where != NULL && strcmp(where, path) == 0) {
			free(where);
			where = NULL;
		}
		emit(run, "forward.include-failed", SEV_MEDIUM, org->file, NULL,
		    bounce, "user %s, line %u: `%s` cannot be used%s%s%s: %s",
		    u->pw.name, org->line, e->raw, where ? " (at " : "",
		    where ? where : "", where ? ")" : "", bounce);
		free(bounce);
	} else {
		/* with the owner's shell refused (or the file unsafe),
		 * no program or file of it runs: bad-shell says so */
		if (!ctl.bogus_shell && !ctl.unsafe)
			include_owner(run, u, org, e, &file.st);
		sub.file = path;
		sub.line = 0;
		sub.ctl = &ctl;
		sub.refused = &refused;
		sub.paddr = e->raw;
		sub.level = org->level + 1;
		audit_contents(run, u, &sub, &file, false);
		if (ctl.unsafe && refused == 0)
			emit(run, "forward.unsafe-user", SEV_LOW, path, NULL, NULL,
			    "user %s: sendmail marks `%s` unsafe (%s); it has no "
			    "program or file entries now, but any it gets will be "
			    "refused", u->pw.name, e->raw, ctl.unsafe_why[0]);
		fi_file_free(&file);
	}
	free(where);
	fi_ctl_clear(&ctl);
}

/*
 * A file entry that the built-in *file* mailer (F=s: quotes stripped,
 * F=u: case kept) would take as written, but this one changes: what its
 * flags do (malloc'd), or NULL when the flags are not the reason.
 */
static char *
file_flags_change(const struct run *run, const struct fwd_entry *e)
{
	char *builtin;
	bool same;

	if (e->kind != FWD_FILE ||
	    (run->syn.file_stripq && run->syn.file_keepcase))
		return NULL;
	/* what the built-in mailer would have: e->user with F=u (the case
	 * as written) is not kept, so re-parse with the built-in's flags */
	{
		struct fwd_syntax syn = run->syn;
		struct fwd_entry b;
		size_t pos = 0;

		syn.file_stripq = syn.file_keepcase = true;
		if (fwd_next_entry(&syn, e->raw, &pos, &b) != 1)
			return NULL;
		builtin = b.target != NULL ? xstrdup(b.target) : NULL;
		fwd_entry_clear(&b);
	}
	same = builtin != NULL && strcmp(builtin, e->naive) == 0;
	free(builtin);
	if (!same)
		return NULL;
	if (!run->syn.file_stripq && !run->syn.file_keepcase)
		return xstrdup("has neither 's' nor 'u': the quotes stay and the "
		    "name is lowercased");
	if (!run->syn.file_stripq)
		return xstrdup("has no 's': the quotes stay in the file name");
	return xstrdup("has no 'u': the file name is lowercased");
}

static void
audit_entry(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e, bool first, bool indented)
{
	if (e->dropped) {
		/* a lone "(comment)" is skipped silently, as it should be */
		if (e->error != NULL)
			emit(run, "forward.syntax", SEV_MEDIUM, org->file, NULL,
			    e->error, "user %s, line %u: sendmail rejects `%s` and "
			    "skips it: %s", u->pw.name, org->line, e->raw, e->error);
		return;
	}
	if (e->kind == FWD_BAD) {
		emit(run, "forward.syntax", SEV_MEDIUM, org->file, NULL, e->error,
		    "user %s, line %u: `%s` bounces: %s", u->pw.name, org->line,
		    e->raw, e->error ? e->error : "bad address");
		return;
	}
	/* recipient(): "aliaslevel > MaxAliasRecursion" */
	if (org->level > run->cf->max_alias_recursion) {
		char src[64];

		if (run->cf->max_alias_recursion_line > 0)
			snprintf(src, sizeof(src), "line %u of sendmail.cf",
			    run->cf->max_alias_recursion_line);
		else
			snprintf(src, sizeof(src), "sendmail's default");
		emit(run, "forward.include-depth", SEV_MEDIUM, org->file, NULL,
		    NULL, "user %s, line %u: `%s` is %d :include: levels deep "
		    "and MaxAliasRecursion is %ld (%s): sendmail bounces it with "
		    "\"554 aliasing/forwarding loop broken (%d aliases deep; %ld "
		    "max)\"", u->pw.name, org->line, e->raw, org->level - 1,
		    run->cf->max_alias_recursion, src, org->level,
		    run->cf->max_alias_recursion);
		return;
	}
	if (e->error != NULL)
		emit(run, "forward.syntax", SEV_LOW, org->file, NULL, e->error,
		    "user %s, line %u: sendmail complains about `%s` (%s) and "
		    "uses it as `%s`", u->pw.name, org->line, e->raw, e->error,
		    e->user ? e->user : "");

	if (e->starts_comment) {
		const char *id = first && indented ? "forward.indented-comment" :
		    "forward.trailing-comment";
		const char *what = first && indented ? "an indented comment" :
		    "a comment after a comma";

		if (e->kind == FWD_REMOTE)
			emit(run, id, SEV_MEDIUM, org->file, NULL, e->user,
			    "user %s, line %u: `%s` is %s, which sendmail reads as "
			    "an address: a copy goes to `%s` at %s", u->pw.name,
			    org->line, e->raw, what, e->user, e->target);
		else
			emit(run, id, SEV_MEDIUM, org->file, NULL, e->target,
			    "user %s, line %u: `%s` is %s, which sendmail reads as "
			    "the address `%s`: that part bounces with \"User "
			    "unknown\"", u->pw.name, org->line, e->raw, what,
			    e->target);
		return;
	}
	if (e->looks_special && e->kind == FWD_REMOTE) {
		emit(run, "forward.unquoted", SEV_HIGH, org->file, NULL, e->user,
		    "user %s, line %u: `%s` has an unquoted '%c': sendmail mails "
		    "the message to `%s` at %s instead; write it in double "
		    "quotes", u->pw.name, org->line, e->raw, e->remote_op,
		    e->user, e->target);
		return;
	}
	if (e->looks_special && e->kind == FWD_LOCAL && e->list_syntax) {
		emit(run, "forward.unquoted", SEV_MEDIUM, org->file, NULL,
		    e->target, "user %s, line %u: `%s` has an unquoted ':': "
		    "sendmail reads the text up to it as list syntax and drops "
		    "it, leaving the local address `%s`; write it in double "
		    "quotes", u->pw.name, org->line, e->raw, e->target);
		return;
	}
	if (e->glued_comment) {
		emit(run, "forward.trailing-comment", SEV_MEDIUM, org->file, NULL,
		    e->target ? e->target : e->user, "user %s, line %u: the "
		    "comment in `%s` is part of the entry: sendmail uses `%s`",
		    u->pw.name, org->line, e->raw,
		    e->target ? e->target : e->user);
	} else if (e->looks_special && e->naive != NULL &&
	    strcmp(e->naive, e->target) != 0 &&
	    (e->kind == FWD_PROG || e->kind == FWD_FILE ||
	    e->kind == FWD_INCLUDE)) {
		char *why = file_flags_change(run, e);

		if (why != NULL)
			emit(run, "forward.unquoted", SEV_MEDIUM, org->file,
			    e->naive, e->target, "user %s, line %u: `%s`: the "
			    "*file* mailer (F=%s, line %u) %s: sendmail makes it "
			    "`%s`", u->pw.name, org->line, e->raw,
			    run->cf->file_mailer.flags, run->cf->file_mailer.line,
			    why, e->target);
		else
			emit(run, "forward.unquoted", SEV_MEDIUM, org->file,
			    e->naive, e->target, "user %s, line %u: `%s` is not "
			    "(entirely) in double quotes: sendmail makes it `%s`",
			    u->pw.name, org->line, e->raw, e->target);
		free(why);
	}

	switch (e->kind) {
	case FWD_PROG:
		audit_pipe(run, u, org, e);
		break;
	case FWD_FILE:
		audit_file(run, u, org, e);
		break;
	case FWD_INCLUDE:
		audit_include(run, u, org, e);
		break;
	case FWD_LOCAL:
		if (e->backslash)
			audit_local_copy(run, u, org, e);
		break;
	default:
		break;
	}
}

static void
audit_contents(struct run *run, struct user *u, const struct origin *org,
    const struct fi_file *file, bool forwarding)
{
	struct fwd_reader rd;
	char line[FWD_MAXLINE];
	struct origin here = *org;
	long count = 0, max = run->cf->max_forward_entries;
	bool cut, was_cut = false;

	if (file->truncated)
		emit(run, "forward.too-large", SEV_LOW, org->file, NULL, NULL,
		    "user %s: %s is larger than %d bytes; only the start is "
		    "audited", u->pw.name, org->file, READ_CAP);
	size_t len = file->len;
	bool cut_here = false;

	if (u->stopped || u->bytes >= USER_MAX_BYTES) {
		u->skipped_files++;
		u->stopped = true;
		return;
	}
	if (len > USER_MAX_BYTES - u->bytes) {
		/* this much is still audited; then the user's audit stops */
		len = USER_MAX_BYTES - u->bytes;
		u->skipped_bytes += file->len - len;
		cut_here = true;
	}
	u->bytes += len;
	fwd_reader_init(&rd, file->data, len);
	for (;;) {
		struct fwd_entry e;
		size_t pos = 0, at = rd.pos;
		bool first = true, indented;

		if (!fwd_reader_next(&rd, line, &cut))
			break;
		if (u->stopped || u->entries >= USER_MAX_ENTRIES) {
			u->skipped_bytes += len - at;
			u->stopped = true;
			break;
		}

		here.line = rd.lineno;
		if (cut && !was_cut)
			emit(run, "forward.long-line", SEV_MEDIUM, org->file, NULL,
			    NULL, "user %s, line %u: longer than %d bytes: sendmail "
			    "cuts it there and reads the rest as a line of its own",
			    u->pw.name, rd.lineno, FWD_MAXLINE - 1);
		was_cut = cut;
		if (!fwd_line_prepare(line))
			continue;
		indented = isspace((unsigned char)line[0]);
		while (fwd_next_entry(&run->syn, line, &pos, &e)) {
			u->entries++;
			if (!e.dropped)
				count++;
			const char *outer = run->key;

			run->key = e.raw;
			audit_entry(run, u, &here, &e, first, indented);
			run->key = outer;
			first = false;
			fwd_entry_clear(&e);
		}
		if (forwarding && max > 0 && count >= max) {
			emit(run, "forward.max-entries", SEV_LOW, org->file, NULL,
			    NULL, "user %s, line %u: MaxForwardEntries (%ld) "
			    "reached: sendmail stops reading %s here", u->pw.name,
			    rd.lineno, max, org->file);
			break;
		}
	}
	if (cut_here)
		u->stopped = true;
}

/* The one finding that says what a user's budget left out. */
static void
too_much(struct run *run, const struct user *u)
{
	char *skipped = xasprintf("%zu bytes, %lu files and %lu findings",
	    u->skipped_bytes, u->skipped_files, u->skipped_findings);

	emit(run, "forward.too-much", SEV_MEDIUM, NULL, NULL, skipped,
	    "user %s: the audit of one user stops at %d MiB read, %d entries "
	    "judged or %d findings; not audited: %zu more bytes and %lu more "
	    "files; not reported: %lu more findings", u->pw.name,
	    USER_MAX_BYTES >> 20, USER_MAX_ENTRIES, USER_MAX_FINDINGS,
	    u->skipped_bytes, u->skipped_files, u->skipped_findings);
	free(skipped);
}

/* forward(): try each ForwardPath file until include() accepts one. */
static int
audit_user(struct run *run, const struct passwd *pw)
{
	const char *fp = run->cf->forward_path ? run->cf->forward_path :
	    "$z/.forward";
	struct user u = { 0 };
	char **paths = NULL;
	size_t npaths = 0, i;
	const char *home;
	bool any = false, transient = false, used = false;
	int r = 0;

	pw_copy_set(&u.pw, pw);
	run->user = &u;
	/* "/" is "", and no home at all is "/no/such/directory" */
	if (u.pw.dir[0] == '\0') {
		emit(run, "forward.no-home", SEV_LOW, NULL, NULL, NULL,
		    "user %s has no home directory: every delivery to it logs "
		    "\"554 5.3.0 forward: no home\" and looks for "
		    "/no/such/directory/.forward", u.pw.name);
		home = "/no/such/directory";
	} else if (strcmp(u.pw.dir, "/") == 0)
		home = "";
	else
		home = u.pw.dir;

	for (const char *p = fp; p != NULL;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *path = expand_path(run, u.pw.name, home, p, len);
		struct stat st;

		p = colon ? colon + 1 : NULL;
		/* empty expansions are skipped; relative ones were reported */
		if (path[0] != '/') {
			free(path);
			continue;
		}
		paths = xrealloc(paths, (npaths + 1) * sizeof(char *));
		paths[npaths++] = path;
		/*
		 * A file that is not there changes nothing anywhere below.  Only
		 * the name itself is looked at (lstat): what a symlink points to
		 * is judged as the user, never looked up as root.
		 */
		if (sf_stat_in_root(run->root_fd, path, false, &st) != ENOENT)
			any = true;
	}
	if (!any)
		goto out;

	u.bogus_shell = run->fi.check_shells &&
	    !shells_ok(run->shells, u.pw.name, u.pw.shell, run->cf->trusted_class);
	fi_ctl_init(&u.ctl, u.pw.name, u.pw.uid, u.bogus_shell);
	if (u.bogus_shell)
		u.ctl.bogus_why = xasprintf("the shell %s of %s is not in "
		    "/etc/shells%s", u.pw.shell, u.pw.name,
		    shells_from_file(run->shells) ? "" : " (missing: only "
		    "/bin/sh, /usr/bin/sh, /bin/csh and /usr/bin/csh count)");
	if (grp_list(run->root_fd, run->nss, u.pw.name, u.pw.gid, &u.groups,
	    &u.ngroups) < 0) {
		u.groups = xmalloc(sizeof(gid_t));
		u.groups[0] = u.pw.gid;
		u.ngroups = 1;
	}
	delivery_identities(run, &u);

	for (i = 0; i < npaths && !used; i++) {
		struct fi_user ca = { u.pw.name, u.pw.uid, u.pw.gid, u.bogus_shell,
		    u.groups, u.ngroups };
		struct fi_file file;
		struct stat st;
		char *where = NULL;

		r = fi_include(&run->fi, &ca, paths[i], true, &u.ctl, &file,
		    &where);
		if (r < 0 &&
		    sf_stat_in_root(run->root_fd, paths[i], false, &st) == ENOENT) {
			/* not there: whatever failed, there is nothing to audit */
		} else if (r < 0) {
			emit(run, "forward.unreadable", SEV_LOW, paths[i], NULL, NULL,
			    "user %s: %s cannot be audited: %s", u.pw.name,
			    paths[i], strerror(-r));
			r = 0;
		} else if (r == 0) {
			struct origin org = { paths[i], 0, &u.ctl, &u.refused,
			    u.pw.name, 1 };

			used = true;
			audit_contents(run, &u, &org, &file, true);
			fi_file_free(&file);
			if (u.ctl.unsafe && u.refused == 0)
				emit(run, "forward.unsafe-user", SEV_LOW, paths[i],
				    NULL, NULL, "user %s: sendmail marks the address "
				    "unsafe (%s); there are no program or file "
				    "entries now, but any will be refused",
				    u.pw.name, u.ctl.unsafe_why[0]);
		} else if (r == ENOENT ||
		    sf_stat_in_root(run->root_fd, paths[i], false, &st) == ENOENT) {
			/*
			 * Not there: sendmail moves on, and so do we.  Its own test
			 * is include()'s ENOENT, as the user; a link into a place
			 * the user cannot search is EACCES for it, whether or not
			 * the target exists, so root's view of the target must not
			 * decide (it would also tell what the user cannot know).
			 */
		} else if (auditor_blind(r)) {
			emit(run, "forward.unreadable", SEV_LOW, paths[i], NULL,
			    sf_errstring(r), "user %s: the auditor could not read "
			    "%s (%s); sendmail reads it as %s, so it is not known "
			    "whether sendmail uses it", u.pw.name, paths[i],
			    sf_errstring(r), u.pw.name);
		} else if (sf_transient(r)) {
			transient = true;
			emit(run, "forward.ignored", SEV_MEDIUM, paths[i],
			    NULL, sf_errstring(r), "user %s: sendmail cannot open "
			    "%s now (%s)", u.pw.name, paths[i], sf_errstring(r));
		} else {
			if (where != NULL && strcmp(where, paths[i]) == 0) {
				free(where);
				where = NULL;
			}
			emit(run, "forward.ignored", SEV_MEDIUM, paths[i], NULL,
			    sf_errstring(r), "user %s: sendmail ignores %s: %s%s%s%s",
			    u.pw.name, paths[i], sf_errstring(r),
			    where ? " (" : "", where ? where : "",
			    where ? ")" : "");
		}
		free(where);
		r = 0;
	}
	if (!used && transient)
		emit(run, "forward.ignored", SEV_MEDIUM, NULL, NULL, NULL,
		    "user %s: no .forward could be opened and one failed "
		    "temporarily: sendmail queues the message (\"transient "
		    ".forward open error\")", u.pw.name);
out:
	run->user = NULL;
	if (u.stopped || u.skipped_findings > 0)
		too_much(run, &u);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	user_clear(&u);
	return r;
}

static bool
wanted(const struct context *ctx, const char *name, bool *found)
{
	size_t i;

	if (ctx->opt.nusers == 0)
		return true;
	for (i = 0; i < ctx->opt.nusers; i++) {
		if (strcmp(ctx->opt.users[i], name) == 0) {
			found[i] = true;
			return true;
		}
	}
	return false;
}

/*
 * The audit, or with visit set only the file targets: returns 0, -errno,
 * or 1 when sendmail.cf could not be read (reported; nothing audited).
 */
static int
forward_run(struct context *ctx, struct report *rep, fwd_target_fn *visit,
    void *visit_arg)
{
	struct run run;
	struct pw_iter *it = NULL;
	const struct passwd *pw;
	bool *found;
	size_t i;
	int r;

	r = setup(&run, ctx, rep);
	if (r != 0)
		return r;
	run.visit = visit;
	run.visit_arg = visit_arg;
	if (run.cf->forward_path != NULL && run.cf->forward_path[0] == '\0') {
		emit(&run, "forward.disabled", SEV_INFO, run.cf->file, NULL, NULL,
		    "ForwardPath is empty (line %u): sendmail reads no .forward "
		    "files", run.cf->forward_path_line);
		teardown(&run);
		return 0;
	}
	if (run.cf->forward_path != NULL) {
		for (const char *p = run.cf->forward_path; p != NULL;) {
			const char *colon = strchr(p, ':');
			size_t len = colon ? (size_t)(colon - p) : strlen(p);

			if (len > 0 && p[0] != '/' && p[0] != '$')
				emit(&run, "forward.path-relative", SEV_LOW,
				    run.cf->file, NULL, NULL, "ForwardPath element "
				    "`%.*s` (line %u) is relative: sendmail looks for "
				    "it in its queue directory; it is not audited",
				    (int)len, p, run.cf->forward_path_line);
			p = colon ? colon + 1 : NULL;
		}
	}
	if (!fsid_possible())
		emit(&run, "forward.not-root", SEV_INFO, NULL, NULL, NULL,
		    "not running as root: files are read, and access is judged, "
		    "as the auditing user instead of each .forward's owner");

	found = xcalloc(ctx->opt.nusers + 1, sizeof(bool));
	r = pw_iter_open(run.root_fd, run.nss, &it);
	if (r < 0)
		/* Said here: the caller knows only the errno. */
		fprintf(stderr, "jailctl: audit forward: cannot read ROOT/etc/passwd: %s\n",
		    r == -EINVAL ? "not a regular file (or a symlink)" : strerror(-r));
	while (r >= 0 && (r = pw_iter_next(it, &pw)) > 0) {
		struct passwd copy;

		if (!wanted(ctx, pw->pw_name, found))
			continue;
		/* the iterator's buffer is reused by nested lookups: copy */
		struct pw_copy c;

		pw_copy_set(&c, pw);
		copy.pw_name = c.name;
		copy.pw_dir = c.dir;
		copy.pw_shell = c.shell;
		copy.pw_uid = c.uid;
		copy.pw_gid = c.gid;
		copy.pw_passwd = NULL;
		copy.pw_gecos = NULL;
		r = audit_user(&run, &copy);
		pw_copy_clear(&c);
		report_checked(rep, 1);
	}
	long long skip_at;
	size_t skip_len;
	unsigned long skipped = pw_iter_skipped(it, &skip_at, &skip_len);
	if (skipped > 0)
		emit(&run, "passwd.long-line", SEV_MEDIUM, "/etc/passwd", NULL, NULL,
		    "%lu entr%s larger than %u MiB not read (the first a line of "
		    "%zu bytes at byte %lld): their users' .forward files are "
		    "not audited", skipped, skipped == 1 ? "y" : "ies",
		    DBENT_MAX >> 20, skip_len, skip_at);
	pw_iter_close(it);
	for (i = 0; r >= 0 && i < ctx->opt.nusers; i++)
		if (!found[i])
			emit(&run, "forward.unknown-user", SEV_LOW, NULL, NULL, NULL,
			    "user %s is not in the passwd database",
			    ctx->opt.users[i]);
	free(found);
	teardown(&run);
	return r < 0 ? r : 0;
}

int
audit_forward(struct context *ctx, struct report *rep)
{
	int r = forward_run(ctx, rep, NULL, NULL);

	return r < 0 ? r : 0;	/* > 0: reported, nothing to audit */
}

/*
 * The same model, with every finding dropped: findings are the audit's
 * business, and the caller wants only where mail is written.
 */
int
forward_file_targets(struct context *ctx, fwd_target_fn *fn, void *arg)
{
	struct report_header h = { "audit forward", NULL, ctx->opt.root, NULL,
	    false };
	FILE *null = fopen("/dev/null", "we");
	struct report *rep;
	int r;

	if (null == NULL)
		return -errno;
	rep = report_new(&h, FORMAT_TEXT, true, null);
	r = forward_run(ctx, rep, fn, arg);
	(void)report_finish(rep);
	fclose(null);
	return r;
}
