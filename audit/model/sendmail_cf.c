/*
 * sendmail_cf.c -- see sendmail_cf.h.
 *
 * The rules are sendmail 8.17's own (readcf.c: readcf(), translate_dollars(),
 * setoption(), makemailer(), munchstring(), makeargv(); util.c: fgetfolded();
 * conf.c: DontBlameSendmailValues[], setupmailers()), rewritten here so that
 * the audit predicts what the daemon will really do with a file, quirks
 * included: a second space after `O` makes the option unknown, a trailing
 * `/` is stripped from SafeFileEnvironment until nothing may be left, a
 * mailer line that lacks P= or A= (or a [FILE] mailer whose A= is not
 * "FILE x") is dropped whole, and OperatorChars counts only as it stood at
 * the first rewrite rule (parseaddr.c prescan() builds its token tables
 * once, on its first call).  DefaultUser is resolved by replaying
 * setdefaults() and setoption() (conf.c, readcf.c) against the caller's
 * passwd and group data.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "safefile.h"
#include "sendmail_cf.h"
#include "util.h"

/* ---------------------------------------------------------------------- */
/* DontBlameSendmail names, in conf.c's table order.                       */

static const struct {
	const char *name;
	int flag;		/* enum dbs_flag, or -1 for "safe" */
} dbs_table[] = {
	{ "Safe", -1 },
	{ "AssumeSafeChown", DBS_ASSUMESAFECHOWN },
	{ "GroupWritableDirPathSafe", DBS_GROUPWRITABLEDIRPATHSAFE },
	{ "GroupWritableForwardFileSafe", DBS_GROUPWRITABLEFORWARDFILESAFE },
	{ "GroupWritableIncludeFileSafe", DBS_GROUPWRITABLEINCLUDEFILESAFE },
	{ "GroupWritableAliasFile", DBS_GROUPWRITABLEALIASFILE },
	{ "WorldWritableAliasFile", DBS_WORLDWRITABLEALIASFILE },
	{ "ForwardFileInUnsafeDirPath", DBS_FORWARDFILEINUNSAFEDIRPATH },
	{ "IncludeFileInUnsafeDirPath", DBS_INCLUDEFILEINUNSAFEDIRPATH },
	{ "MapInUnsafeDirPath", DBS_MAPINUNSAFEDIRPATH },
	{ "LinkedAliasFileInWritableDir", DBS_LINKEDALIASFILEINWRITABLEDIR },
	{ "LinkedClassFileInWritableDir", DBS_LINKEDCLASSFILEINWRITABLEDIR },
	{ "LinkedForwardFileInWritableDir", DBS_LINKEDFORWARDFILEINWRITABLEDIR },
	{ "LinkedIncludeFileInWritableDir", DBS_LINKEDINCLUDEFILEINWRITABLEDIR },
	{ "LinkedMapInWritableDir", DBS_LINKEDMAPINWRITABLEDIR },
	{ "LinkedServiceSwitchFileInWritableDir",
	    DBS_LINKEDSERVICESWITCHFILEINWRITABLEDIR },
	{ "FileDeliveryToHardLink", DBS_FILEDELIVERYTOHARDLINK },
	{ "FileDeliveryToSymLink", DBS_FILEDELIVERYTOSYMLINK },
	{ "WriteMapToHardLink", DBS_WRITEMAPTOHARDLINK },
	{ "WriteMapToSymLink", DBS_WRITEMAPTOSYMLINK },
	{ "WriteStatsToHardLink", DBS_WRITESTATSTOHARDLINK },
	{ "WriteStatsToSymLink", DBS_WRITESTATSTOSYMLINK },
	{ "ForwardFileInGroupWritableDirPath",
	    DBS_FORWARDFILEINGROUPWRITABLEDIRPATH },
	{ "IncludeFileInGroupWritableDirPath",
	    DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH },
	{ "ClassFileInUnsafeDirPath", DBS_CLASSFILEINUNSAFEDIRPATH },
	{ "ErrorHeaderInUnsafeDirPath", DBS_ERRORHEADERINUNSAFEDIRPATH },
	{ "HelpFileInUnsafeDirPath", DBS_HELPFILEINUNSAFEDIRPATH },
	{ "ForwardFileInUnsafeDirPathSafe", DBS_FORWARDFILEINUNSAFEDIRPATHSAFE },
	{ "IncludeFileInUnsafeDirPathSafe", DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE },
	{ "RunProgramInUnsafeDirPath", DBS_RUNPROGRAMINUNSAFEDIRPATH },
	{ "RunWritableProgram", DBS_RUNWRITABLEPROGRAM },
	{ "NonRootSafeAddr", DBS_NONROOTSAFEADDR },
	{ "TrustStickyBit", DBS_TRUSTSTICKYBIT },
	{ "DontWarnForwardFileInUnsafeDirPath",
	    DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH },
	{ "InsufficientEntropy", DBS_INSUFFICIENTENTROPY },
	{ "GroupReadableSASLDBFile", DBS_GROUPREADABLESASLDBFILE },
	{ "GroupWritableSASLDBFile", DBS_GROUPWRITABLESASLDBFILE },
	{ "GroupWritableForwardFile", DBS_GROUPWRITABLEFORWARDFILE },
	{ "GroupWritableIncludeFile", DBS_GROUPWRITABLEINCLUDEFILE },
	{ "WorldWritableForwardFile", DBS_WORLDWRITABLEFORWARDFILE },
	{ "WorldWritableIncludeFile", DBS_WORLDWRITABLEINCLUDEFILE },
	{ "GroupReadableKeyFile", DBS_GROUPREADABLEKEYFILE },
	{ "GroupReadableDefaultAuthInfoFile",
	    DBS_GROUPREADABLEDEFAULTAUTHINFOFILE },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
cf_dbs_name(enum dbs_flag f)
{
	size_t i;

	for (i = 0; i < NELEM(dbs_table); i++)
		if (dbs_table[i].flag == (int)f)
			return dbs_table[i].name;
	return NULL;
}

int
cf_dbs_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(dbs_table); i++)
		if (strcasecmp(name, dbs_table[i].name) == 0)
			return dbs_table[i].flag < 0 ? -1 : dbs_table[i].flag;
	return -2;
}

/* ---------------------------------------------------------------------- */
/* Option names, in readcf.c's OptionTab order: abbreviations are resolved */
/* against the whole table exactly as setoption() does, so the order and   */
/* the set of names decide what is ambiguous.                              */

enum opt_id {
	OPT_OTHER,		/* known to sendmail, irrelevant to the audit */
	OPT_SAFEFILEENV,
	OPT_FORWARDPATH,
	OPT_DBS,
	OPT_TRUSTEDUSER,
	OPT_DEFAULTUSER,
	OPT_DEFAULTGROUP,	/* `Og`: no long name */
	OPT_RUNASUSER,
	OPT_BLANKSUB,
	OPT_TEMPFILEMODE,
	OPT_MAXFORWARD,
	OPT_UNSAFEGROUPWRITES,
	OPT_OPERATORCHARS,
	OPT_DONTINITGROUPS,
	OPT_MAXALIASRECURSION,
	OPT_SUPERSAFE,
};

static const struct optdef {
	const char *name;	/* "" for letters without a long name */
	char letter;		/* single-letter form, or 0 */
	enum opt_id id;
} opt_table[] = {
	{ "SevenBitInput", '7', OPT_OTHER },
	{ "EightBitMode", '8', OPT_OTHER },
	{ "AliasFile", 'A', OPT_OTHER },
	{ "AliasWait", 'a', OPT_OTHER },
	{ "BlankSub", 'B', OPT_BLANKSUB },
	{ "MinFreeBlocks", 'b', OPT_OTHER },
	{ "CheckpointInterval", 'C', OPT_OTHER },
	{ "HoldExpensive", 'c', OPT_OTHER },
	{ "DeliveryMode", 'd', OPT_OTHER },
	{ "ErrorHeader", 'E', OPT_OTHER },
	{ "ErrorMode", 'e', OPT_OTHER },
	{ "TempFileMode", 'F', OPT_TEMPFILEMODE },
	{ "SaveFromLine", 'f', OPT_OTHER },
	{ "MatchGECOS", 'G', OPT_OTHER },
	{ "", 'g', OPT_DEFAULTGROUP },		/* default gid */
	{ "HelpFile", 'H', OPT_OTHER },
	{ "MaxHopCount", 'h', OPT_OTHER },
	{ "ResolverOptions", 'I', OPT_OTHER },
	{ "IgnoreDots", 'i', OPT_OTHER },
	{ "ForwardPath", 'J', OPT_FORWARDPATH },
	{ "SendMimeErrors", 'j', OPT_OTHER },
	{ "ConnectionCacheSize", 'k', OPT_OTHER },
	{ "ConnectionCacheTimeout", 'K', OPT_OTHER },
	{ "UseErrorsTo", 'l', OPT_OTHER },
	{ "LogLevel", 'L', OPT_OTHER },
	{ "MeToo", 'm', OPT_OTHER },
	{ "", 'M', OPT_OTHER },			/* define macro */
	{ "CheckAliases", 'n', OPT_OTHER },
	{ "OldStyleHeaders", 'o', OPT_OTHER },
	{ "DaemonPortOptions", 'O', OPT_OTHER },
	{ "PrivacyOptions", 'p', OPT_OTHER },
	{ "PostmasterCopy", 'P', OPT_OTHER },
	{ "QueueFactor", 'q', OPT_OTHER },
	{ "QueueDirectory", 'Q', OPT_OTHER },
	{ "DontPruneRoutes", 'R', OPT_OTHER },
	{ "Timeout", 'r', OPT_OTHER },
	{ "StatusFile", 'S', OPT_OTHER },
	{ "SuperSafe", 's', OPT_SUPERSAFE },
	{ "QueueTimeout", 'T', OPT_OTHER },
	{ "TimeZoneSpec", 't', OPT_OTHER },
	{ "UserDatabaseSpec", 'U', OPT_OTHER },
	{ "DefaultUser", 'u', OPT_DEFAULTUSER },
	{ "FallbackMXhost", 'V', OPT_OTHER },
	{ "Verbose", 'v', OPT_OTHER },
	{ "TryNullMXList", 'w', OPT_OTHER },
	{ "QueueLA", 'x', OPT_OTHER },
	{ "RefuseLA", 'X', OPT_OTHER },
	{ "RecipientFactor", 'y', OPT_OTHER },
	{ "ForkEachJob", 'Y', OPT_OTHER },
	{ "ClassFactor", 'z', OPT_OTHER },
	{ "RetryFactor", 'Z', OPT_OTHER },
	{ "QueueSortOrder", 0, OPT_OTHER },
	{ "HostsFile", 0, OPT_OTHER },
	{ "MinQueueAge", 0, OPT_OTHER },
	{ "DefaultCharSet", 0, OPT_OTHER },
	{ "ServiceSwitchFile", 0, OPT_OTHER },
	{ "DialDelay", 0, OPT_OTHER },
	{ "NoRecipientAction", 0, OPT_OTHER },
	{ "SafeFileEnvironment", 0, OPT_SAFEFILEENV },
	{ "MaxMessageSize", 0, OPT_OTHER },
	{ "ColonOkInAddr", 0, OPT_OTHER },
	{ "MaxQueueRunSize", 0, OPT_OTHER },
	{ "MaxDaemonChildren", 0, OPT_OTHER },
	{ "DontExpandCnames", 0, OPT_OTHER },
	{ "MustQuoteChars", 0, OPT_OTHER },
	{ "SmtpGreetingMessage", 0, OPT_OTHER },
	{ "UnixFromLine", 0, OPT_OTHER },
	{ "OperatorChars", 0, OPT_OPERATORCHARS },
	{ "DontInitGroups", 0, OPT_DONTINITGROUPS },
	{ "SingleLineFromHeader", 0, OPT_OTHER },
	{ "AllowBogusHELO", 0, OPT_OTHER },
	{ "ConnectionRateThrottle", 0, OPT_OTHER },
	{ "UnsafeGroupWrites", 0, OPT_UNSAFEGROUPWRITES },
	{ "DoubleBounceAddress", 0, OPT_OTHER },
	{ "HostStatusDirectory", 0, OPT_OTHER },
	{ "SingleThreadDelivery", 0, OPT_OTHER },
	{ "RunAsUser", 0, OPT_RUNASUSER },
	{ "RrtImpliesDsn", 0, OPT_OTHER },
	{ "PidFile", 0, OPT_OTHER },
	{ "DontBlameSendmail", 0, OPT_DBS },
	{ "DontProbeInterfaces", 0, OPT_OTHER },
	{ "MaxRecipientsPerMessage", 0, OPT_OTHER },
	{ "DeadLetterDrop", 0, OPT_OTHER },
	{ "DontLockFilesForRead", 0, OPT_OTHER },
	{ "MaxAliasRecursion", 0, OPT_MAXALIASRECURSION },
	{ "ConnectOnlyTo", 0, OPT_OTHER },
	{ "TrustedUser", 0, OPT_TRUSTEDUSER },
	{ "MaxMimeHeaderLength", 0, OPT_OTHER },
	{ "ControlSocketName", 0, OPT_OTHER },
	{ "MaxHeadersLength", 0, OPT_OTHER },
	{ "MaxForwardEntries", 0, OPT_MAXFORWARD },
	{ "ProcessTitlePrefix", 0, OPT_OTHER },
	{ "DefaultAuthInfo", 0, OPT_OTHER },
	{ "AuthMechanisms", 0, OPT_OTHER },
	{ "ClientPortOptions", 0, OPT_OTHER },
	{ "DataFileBufferSize", 0, OPT_OTHER },
	{ "XscriptFileBufferSize", 0, OPT_OTHER },
	{ "LDAPDefaultSpec", 0, OPT_OTHER },
	{ "ServerCertFile", 0, OPT_OTHER },
	{ "ServerKeyFile", 0, OPT_OTHER },
	{ "ClientCertFile", 0, OPT_OTHER },
	{ "ClientKeyFile", 0, OPT_OTHER },
	{ "CACertFile", 0, OPT_OTHER },
	{ "CACertPath", 0, OPT_OTHER },
	{ "DHParameters", 0, OPT_OTHER },
	{ "InputMailFilters", 0, OPT_OTHER },
	{ "Milter", 0, OPT_OTHER },
	{ "AuthOptions", 0, OPT_OTHER },
	{ "QueueFileMode", 0, OPT_OTHER },
	{ "CertFingerprintAlgorithm", 0, OPT_OTHER },
	{ "CipherList", 0, OPT_OTHER },
	{ "RandFile", 0, OPT_OTHER },
	{ "TLSSrvOptions", 0, OPT_OTHER },
	{ "BadRcptThrottle", 0, OPT_OTHER },
	{ "DeliverByMin", 0, OPT_OTHER },
	{ "MaxQueueChildren", 0, OPT_OTHER },
	{ "MaxRunnersPerQueue", 0, OPT_OTHER },
	{ "DirectSubmissionModifiers", 0, OPT_OTHER },
	{ "NiceQueueRun", 0, OPT_OTHER },
	{ "SharedMemoryKey", 0, OPT_OTHER },
	{ "AuthMaxBits", 0, OPT_OTHER },
	{ "MailboxDatabase", 0, OPT_OTHER },
	{ "UseMSP", 0, OPT_OTHER },
	{ "DelayLA", 0, OPT_OTHER },
	{ "FastSplit", 0, OPT_OTHER },
	{ "SoftBounce", 0, OPT_OTHER },
	{ "SharedMemoryKeyFile", 0, OPT_OTHER },
	{ "RejectLogInterval", 0, OPT_OTHER },
	{ "RequiresDirfsync", 0, OPT_OTHER },
	{ "ConnectionRateWindowSize", 0, OPT_OTHER },
	{ "CRLFile", 0, OPT_OTHER },
	{ "FallbackSmartHost", 0, OPT_OTHER },
	{ "AuthRealm", 0, OPT_OTHER },
	{ "CRLPath", 0, OPT_OTHER },
	{ "HeloName", 0, OPT_OTHER },
	{ "MaxNOOPCommands", 0, OPT_OTHER },
	{ "ServerSSLOptions", 0, OPT_OTHER },
	{ "ClientSSLOptions", 0, OPT_OTHER },
	{ "MaxQueueAge", 0, OPT_OTHER },
	{ "RejectNUL", 0, OPT_OTHER },
	{ "UseCompressedIPv6Addresses", 0, OPT_OTHER },
	/* Added after 8.15 (names only matter for abbreviations). */
	{ "SSLEngine", 0, OPT_OTHER },
	{ "SSLEnginePath", 0, OPT_OTHER },
	{ "TLSFallbacktoClear", 0, OPT_OTHER },
	{ "SetCertAltnames", 0, OPT_OTHER },
	{ "DANE", 0, OPT_OTHER },
	{ "SMTPUTF8", 0, OPT_OTHER },
};

/* ---------------------------------------------------------------------- */
/* Small string helpers.                                                   */

struct strv {
	char **v;
	size_t n, cap;
};

static void
strv_add(struct strv *s, char *str)
{
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

/* The NULL-terminated array (an empty one when nothing was added). */
static char **
strv_finish(struct strv *s)
{
	if (s->v == NULL) {
		s->cap = 1;
		s->v = xcalloc(1, sizeof(*s->v));
	}
	return s->v;
}

static void
strv_free(char **v)
{
	char **p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

static bool
is_space(int c)
{
	return isascii(c) && isspace(c);
}

/* sendmail's atobool(): empty, or starting with t/T/y/Y, is true. */
static bool
atobool(const char *s)
{
	return *s == '\0' || strchr("tTyY", *s) != NULL;
}

static void
set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

/* atoi() as sendmail uses it for numbers, without its overflow. */
static long
sm_atoi(const char *s)
{
	long v = 0;
	bool neg = false;

	while (is_space(*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; isascii(*s) && isdigit(*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > (long)INT_MAX + 1)
			v = (long)INT_MAX + 1;
	}
	if (neg)
		v = -v;
	return v > INT_MAX ? INT_MAX : v;
}

/* ---------------------------------------------------------------------- */
/* The parse state.                                                         */

/* A macro defined by a D line (only what OperatorChars may need). */
struct macro {
	char *name;		/* "o", or the {long} name without braces */
	char *value;		/* munchstring()ed, as sendmail stores it */
	char *ivalue;		/* the same in expand()'s form (to_internal()) */
	unsigned line;
};

struct parser {
	struct sendmail_cf *cf;
	struct strv warnings;
	struct strv tclass;
	unsigned line;		/* first physical line of the logical line */
	struct macro *macros;	/* one per name: a D line replaces its value */
	size_t nmacros;
	size_t nlong;		/* of them {long} names */
	size_t nwarnings_dropped;	/* past CF_MAX_WARNINGS */
	char *opchars;		/* the OperatorChars option, munched, or NULL */
	unsigned opchars_line;
	bool tables_built;	/* prescan() has run: OperatorChars is fixed */
	bool ruleset;		/* an S line came: R lines are read */
	struct cf_defid *defids;
	size_t ndefids;
};

static void warnf(struct parser *ps, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warnf(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	/* A file of a million bad lines is not a million findings. */
	if (ps->warnings.n >= CF_MAX_WARNINGS) {
		ps->nwarnings_dropped++;
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ps->line > 0) {
		strv_add(&ps->warnings, xasprintf("line %u: %s", ps->line, msg));
		free(msg);
	} else {
		strv_add(&ps->warnings, msg);
	}
}

static void
mailer_clear(struct cf_mailer *m)
{
	free(m->name);
	free(m->path);
	free(m->flags);
	free(m->argv);
	free(m->dir);
	free(m->rootdir);
	free(m->user);
	strv_free(m->args);
	memset(m, 0, sizeof(*m));
}

static char *munch(const char *p, const char **endp, char delim);

/* ---------------------------------------------------------------------- */
/* Macros and OperatorChars.                                               */

static const struct macro *
macro_find(const struct parser *ps, const char *name)
{
	size_t i;

	for (i = ps->nmacros; i > 0; i--)
		if (strcmp(ps->macros[i - 1].name, name) == 0)
			return &ps->macros[i - 1];
	return NULL;
}

/*
 * macid_parse(): a macro name is one character, or {name}; "{x}" is the
 * same as "x".  Returns the name (malloc'd) and sets *end past it, or NULL
 * when there is none.
 */
static char *
macro_name(const char *p, const char **end)
{
	const char *close;

	if (*p == '\0')
		return NULL;
	if (*p != '{') {
		*end = p + 1;
		return xstrndup(p, 1);
	}
	close = strchr(p, '}');
	if (close == NULL || close == p + 1)
		return NULL;
	*end = close + 1;
	return xstrndup(p + 1, (size_t)(close - p - 1));
}

/*
 * expand()'s form of a value: a macro reference is MACROEXPAND and the
 * name ("x" or "{name}"), "$$" a plain dollar.  Conditionals ($?x ... $|
 * ... $.) and class or lookup operators are not evaluated: they are
 * dropped, with the macro name they take.
 */
#define MACROEXPAND '\201'

static char *
to_internal(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *q = out;

	for (; *s != '\0'; s++) {
		const char *ep;
		char *name;

		if (*s != '$' || s[1] == '\0') {
			*q++ = *s;
			continue;
		}
		s++;
		if (*s == '$') {
			*q++ = '$';
			continue;
		}
		if (strchr("?&=~", *s) != NULL) {
			/* an operator and the macro it names: skipped */
			name = macro_name(s + 1, &ep);
			free(name);
			s = name != NULL ? ep - 1 : s;
			continue;
		}
		if (strchr("|.", *s) != NULL)
			continue;
		name = macro_name(s, &ep);
		if (name == NULL)
			continue;
		free(name);
		*q++ = MACROEXPAND;
		memcpy(q, s, (size_t)(ep - s));
		q += ep - s;
		s = ep - 1;
	}
	*q = '\0';
	return out;
}

/* A D line: bp points after the `D`. */
static void
define_macro(struct parser *ps, const char *bp)
{
	const char *ep = bp;
	char *name = macro_name(bp, &ep);
	struct macro *m;

	if (name == NULL) {
		warnf(ps, "Name required for macro/class");
		return;
	}
	m = (struct macro *)macro_find(ps, name);
	if (m != NULL) {
		free(name);
		free(m->value);
		free(m->ivalue);
	} else {
		/*
		 * sendmail numbers {long} names in one byte after its own
		 * (macid_parse()); past that it refuses them.  Holding no
		 * more than that also keeps every lookup short.
		 */
		if (strlen(name) > 1 && ps->nlong >= CF_MAX_LONG_MACROS) {
			warnf(ps, "Macro/class {%.40s}: too many long names", name);
			free(name);
			return;
		}
		ps->nlong += strlen(name) > 1;
		ps->macros = xrealloc(ps->macros, (ps->nmacros + 1) * sizeof(*ps->macros));
		m = &ps->macros[ps->nmacros++];
		m->name = name;
	}
	m->value = munch(ep, NULL, '\0');
	m->ivalue = to_internal(m->value);
	m->line = ps->line;
}

/*
 * One expand() pass as sendmail makes it: every macro reference in src is
 * replaced by its value (an undefined one by nothing) into dst, which holds
 * CF_MACBUFSIZE - 1 bytes -- what does not fit is cut.  True when a value
 * brought in a reference of its own, which takes another pass.
 */
static bool
expand_pass(const struct parser *ps, const char *src, char *dst)
{
	char *xp = dst, *end = dst + CF_MACBUFSIZE - 1;
	bool recurse = false;

	for (; *src != '\0'; src++) {
		const struct macro *m;
		const char *ep;
		char *name;

		if (*src != MACROEXPAND) {
			if (xp < end)
				*xp++ = *src;
			continue;
		}
		name = macro_name(src + 1, &ep);
		if (name == NULL)
			continue;
		src = ep - 1;
		m = macro_find(ps, name);
		free(name);
		for (const char *q = m != NULL ? m->ivalue : ""; *q != '\0' && xp < end; q++) {
			recurse |= *q == MACROEXPAND;
			*xp++ = *q;
		}
	}
	*xp = '\0';
	return recurse;
}

/*
 * expand() for a value read from the file: pass after pass while a value
 * brings in more references, MaxMacroRecursion (10) times at most, each
 * pass within sendmail's buffer -- so a macro "bomb" costs at most that
 * many passes over CF_MACBUFSIZE bytes.  Macros sendmail defines itself at
 * run time ($w, $j, ...) are not known here.
 */
static char *
expand_value(struct parser *ps, const char *s)
{
	char *cur = to_internal(s), *next = xmalloc(CF_MACBUFSIZE);
	int level = 0;

	for (;;) {
		bool recurse = expand_pass(ps, cur, next);
		char *t = cur;

		cur = next;
		next = t;
		if (!recurse)
			break;
		if (level++ >= CF_MAX_MACRO_RECURSION) {
			warnf(ps, "expand: recursion too deep (%d max)",
			    CF_MAX_MACRO_RECURSION);
			break;
		}
		next = xrealloc(next, CF_MACBUFSIZE);
	}
	free(next);
	return cur;
}

/*
 * prescan()'s first call: from now on OperatorChars is what it is.  The
 * option wins; below config level 7 the $o macro stands in for it; else
 * the binary default.  expand() into prescan()'s 50-byte buffer, less room
 * for its own delimiters, keeps at most 40 bytes.
 */
static void
build_token_tables(struct parser *ps)
{
	struct sendmail_cf *cf = ps->cf;
	const struct macro *m;
	char *v;

	if (ps->tables_built)
		return;
	ps->tables_built = true;
	free(cf->operator_chars);
	cf->operator_chars_from_macro = false;
	if (ps->opchars != NULL) {
		v = expand_value(ps, ps->opchars);
		cf->operator_chars_line = ps->opchars_line;
	} else if (cf->config_level < 7 && (m = macro_find(ps, "o")) != NULL) {
		v = expand_value(ps, m->value);
		cf->operator_chars_line = m->line;
		cf->operator_chars_from_macro = true;
	} else {
		v = xstrdup(CF_DEFAULT_OPERATOR_CHARS);
		cf->operator_chars_line = 0;
	}
	if (strlen(v) > CF_MAX_OPERATOR_CHARS)
		v[CF_MAX_OPERATOR_CHARS] = '\0';
	cf->operator_chars = v;
}

/* ---------------------------------------------------------------------- */
/* translate_dollars(): what readcf() does to a line before reading it.    */

/*
 * From ConfigLevel 3 on, a `#` that is not the first character starts a
 * comment unless it is written `\#` (the backslash goes) or is a macro name
 * (`$#`).  The comment runs to the end of the physical line, so folded
 * continuation lines after it survive; white space before the `#` goes with
 * it.  Finally trailing white space of the whole line is stripped, which is
 * why a value can never end in a space.  `$` sequences are left as written.
 */
static void
translate_line(char *bp, long level)
{
	/*
	 * One pass, reading at r and writing at w <= r: removing the
	 * backslash of a `\#` or a comment by moving the rest of the line
	 * would cost time quadratic in the line (millions of `\#`, folded
	 * lines each with a comment).  What sendmail's in-place edits see
	 * before the current character is what has been written, at w.
	 */
	char *r = bp, *w = bp;

	while (*r != '\0') {
		if (*r == '$' && r[1] != '\0') {
			*w++ = *r++;	/* "$$", "$x", "$#": never a comment */
			*w++ = *r++;
			continue;
		}
		if (*r == '#' && w > bp && level >= 3) {
			if (w[-1] == '\\') {
				w[-1] = '#';	/* the backslash goes */
				r++;
				continue;
			}
			/* White space before the comment goes with it; the
			 * comment runs to the end of the physical line. */
			while (w > bp && is_space(w[-1]) && w[-1] != '\n')
				w--;
			r = strchr(r, '\n');
			if (r == NULL)
				break;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
	while (w > bp + 1 && is_space(w[-1]))
		*--w = '\0';
}

/* ---------------------------------------------------------------------- */
/* Options.                                                                */

static void
apply_dbs(struct parser *ps, const char *val)
{
	struct sendmail_cf *cf = ps->cf;
	const char *p = val;

	for (;;) {
		const char *w;
		char *word;
		int f;

		while (isascii(*p) && (isspace(*p) || ispunct(*p)))
			p++;
		if (*p == '\0')
			break;
		w = p;
		while (isascii(*p) && isalnum(*p))
			p++;
		word = xstrndup(w, (size_t)(p - w));
		/* sendmail overwrites the delimiter with NUL and steps past it,
		 * so a non-ASCII byte ends the word and is skipped too. */
		if (*p != '\0')
			p++;
		f = cf_dbs_lookup(word);
		if (f == -2) {
			warnf(ps, "readcf: DontBlameSendmail option: %s unrecognized",
			    word);
		} else if (f == -1) {
			cf->dbs = 0;
			memset(cf->dbs_line, 0, sizeof(cf->dbs_line));
		} else {
			cf->dbs |= (uint64_t)1 << f;
			cf->dbs_line[f] = ps->line;
		}
		free(word);
	}
}

static void
apply_option(struct parser *ps, const struct optdef *o, const char *val)
{
	struct sendmail_cf *cf = ps->cf;

	switch (o->id) {
	case OPT_SAFEFILEENV: {
		char *v;
		size_t n;

		set_str(&cf->safe_file_env_raw, val);
		cf->safe_file_env_raw_line = ps->line;
		/* setoption() returns before assigning when the value is empty
		 * or only slashes, so an earlier value stays in force. */
		n = strlen(val);
		while (n > 0 && val[n - 1] == '/')
			n--;
		if (n == 0)
			break;
		v = xstrndup(val, n);
		free(cf->safe_file_env);
		cf->safe_file_env = v;
		cf->safe_file_env_line = ps->line;
		break;
	}
	case OPT_FORWARDPATH:
		set_str(&cf->forward_path, val);
		cf->forward_path_line = ps->line;
		break;
	case OPT_DBS:
		apply_dbs(ps, val);
		break;
	case OPT_TRUSTEDUSER:
		set_str(&cf->trusted_user, val);
		break;
	case OPT_DEFAULTUSER:
	case OPT_DEFAULTGROUP:
		/* Resolved later, in order (cf_default_identity()). */
		if (o->id == OPT_DEFAULTUSER) {
			set_str(&cf->default_user, val);
			cf->default_user_line = ps->line;
		}
		ps->defids = xrealloc(ps->defids,
		    (ps->ndefids + 1) * sizeof(*ps->defids));
		ps->defids[ps->ndefids].option =
		    o->id == OPT_DEFAULTUSER ? 'u' : 'g';
		ps->defids[ps->ndefids].value = xstrdup(val);
		ps->defids[ps->ndefids].line = ps->line;
		ps->ndefids++;
		break;
	case OPT_OPERATORCHARS:
		/* setoption() warns whenever the variable is already set --
		 * by an earlier line, or by prescan() having run. */
		if (ps->opchars != NULL || ps->tables_built)
			warnf(ps, "Warning: OperatorChars is being redefined. It "
			    "should only be set before ruleset definitions.");
		free(ps->opchars);
		ps->opchars = munch(val, NULL, '\0');
		ps->opchars_line = ps->line;
		if (ps->tables_built)
			cf->operator_chars_ignored_line = ps->line;
		break;
	case OPT_DONTINITGROUPS:
		cf->dont_init_groups = atobool(val);
		cf->dont_init_groups_line = ps->line;
		break;
	case OPT_SUPERSAFE:
		/* readcf.c: Interactive and PostMilter by their first letter,
		 * anything else through atobool(); only SAFE_NO skips the
		 * fsync() of a file delivery */
		cf->super_safe_off = tolower((unsigned char)*val) != 'i' &&
		    tolower((unsigned char)*val) != 'p' && !atobool(val);
		cf->super_safe_line = ps->line;
		break;
	case OPT_MAXALIASRECURSION:
		cf->max_alias_recursion = sm_atoi(val);
		cf->max_alias_recursion_line = ps->line;
		break;
	case OPT_RUNASUSER:
		set_str(&cf->run_as_user, val);
		cf->run_as_user_line = ps->line;
		break;
	case OPT_BLANKSUB:
		set_str(&cf->blank_sub, val);
		break;
	case OPT_TEMPFILEMODE:
		set_str(&cf->temp_file_mode, val);
		break;
	case OPT_MAXFORWARD:
		cf->max_forward_entries = atol(val);
		break;
	case OPT_UNSAFEGROUPWRITES:
		/* The deprecated option sets the two ...FileSafe flags. */
		if (!atobool(val)) {
			cf->dbs |= (uint64_t)1 << DBS_GROUPWRITABLEFORWARDFILESAFE;
			cf->dbs |= (uint64_t)1 << DBS_GROUPWRITABLEINCLUDEFILESAFE;
			cf->dbs_line[DBS_GROUPWRITABLEFORWARDFILESAFE] = ps->line;
			cf->dbs_line[DBS_GROUPWRITABLEINCLUDEFILESAFE] = ps->line;
		}
		break;
	case OPT_OTHER:
		break;
	}
}

/*
 * An `O` line: bp points at the character after `O`.  `O Name=value` has
 * exactly one space; anything else is the single-letter form, so a tab or a
 * second space is read as an (unknown) option letter or name.
 */
static void
parse_option(struct parser *ps, char *bp)
{
	const struct optdef *o = NULL, *sel = NULL;
	char *name, *val, *eq, *end, *sub;
	size_t i, n;

	if (*bp != ' ') {
		for (i = 0; i < NELEM(opt_table); i++)
			if (opt_table[i].letter != 0 && opt_table[i].letter == *bp)
				break;
		if (i == NELEM(opt_table)) {
			warnf(ps, "readcf: unknown option name 0x%x",
			    (unsigned)(unsigned char)*bp);
			return;
		}
		apply_option(ps, &opt_table[i], *bp != '\0' ? bp + 1 : bp);
		return;
	}

	name = bp + 1;
	eq = strchr(name, '=');
	end = eq != NULL ? eq : name + strlen(name);
	while (end > name && end[-1] == ' ')
		end--;
	if (end == name) {
		warnf(ps, "readcf: null option name");
		return;
	}
	val = eq != NULL ? eq + 1 : name + strlen(name);
	while (*val == ' ')
		val++;
	*end = '\0';
	/* "Timeout.queuereturn": the part after the dot is a suboption,
	 * silently ignored by options that take none. */
	sub = strchr(name, '.');
	if (sub != NULL)
		*sub = '\0';

	n = strlen(name);
	for (i = 0; i < NELEM(opt_table); i++) {
		o = &opt_table[i];
		if (strncasecmp(o->name, name, n) != 0)
			continue;
		if (strlen(o->name) == n) {
			sel = NULL;	/* completely specified */
			break;
		}
		if (sel != NULL)
			break;		/* second prefix match: ambiguous */
		sel = o;
	}
	if (sel != NULL && i == NELEM(opt_table)) {
		o = sel;
	} else if (i == NELEM(opt_table)) {
		warnf(ps, "readcf: unknown option name %s", name);
		return;
	} else if (sel != NULL) {
		warnf(ps, "readcf: ambiguous option name %s (matches %s and %s)",
		    name, sel->name, o->name);
		return;
	}
	if (strlen(o->name) != n)
		warnf(ps, "Option %s used as abbreviation for %s", name, o->name);
	apply_option(ps, o, val);
}

/* ---------------------------------------------------------------------- */
/* Mailers.                                                                */

/*
 * munchstring(): copy up to the next unquoted, unescaped `delim`.  Double
 * quotes toggle quoting and vanish, a backslash makes the next character
 * literal (\r \n \f \b become control characters).  *endp is left at the
 * delimiter or the terminating NUL.
 */
static char *
munch(const char *p, const char **endp, char delim)
{
	/*
	 * Sized to the part taken, not to the rest of the line: a mailer
	 * line of a million fields would otherwise allocate its length a
	 * million times.
	 */
	size_t cap = 64, n = 0;
	char *out = xmalloc(cap);
	bool backslash = false, quoted = false;

	for (; *p != '\0'; p++) {
		char c;

		if (backslash) {
			backslash = false;
			switch (*p) {
			case 'r': c = '\r'; break;
			case 'n': c = '\n'; break;
			case 'f': c = '\f'; break;
			case 'b': c = '\b'; break;
			default: c = *p; break;
			}
		} else if (*p == '\\') {
			backslash = true;
			continue;
		} else if (*p == '"') {
			quoted = !quoted;
			continue;
		} else if (quoted || *p != delim) {
			c = *p;
		} else {
			break;
		}
		if (n + 1 >= cap)
			out = xrealloc(out, cap *= 2);
		out[n++] = c;
	}
	out[n] = '\0';
	if (endp != NULL)
		*endp = p;
	return out;
}

/* makeargv(): split on white space. */
static char **
split_words(const char *p)
{
	struct strv v = { 0 };

	while (*p != '\0') {
		const char *w = p;

		while (*p != '\0' && !is_space(*p))
			p++;
		strv_add(&v, xstrndup(w, (size_t)(p - w)));
		while (is_space(*p))
			p++;
	}
	return strv_finish(&v);
}

static char *
join_words(char **v)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; v[i] != NULL; i++)
		len += strlen(v[i]) + 1;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; v[i] != NULL; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, v[i]);
	}
	return s;
}

/*
 * makemailer()'s checks of the special P= values: a mailer that fails one
 * is not entered at all, so an earlier definition (or the built-in one)
 * stays in force.
 */
static bool
mailer_is_sane(struct parser *ps, const struct cf_mailer *m)
{
	char **a = m->args;

	if (strcmp(m->path, "[TCP]") == 0) {
		warnf(ps, "M%s: P=[TCP] must be replaced by P=[IPC]", m->name);
		return false;
	}
	if (strcmp(m->path, "[IPC]") == 0) {
		if (a[0] == NULL || a[1] == NULL || a[1][0] == '\0') {
			warnf(ps, "M%s: too few parameters for %s mailer", m->name,
			    m->path);
			return false;
		}
		if (strcmp(a[0], "TCP") != 0 && strcmp(a[0], "FILE") != 0)
			warnf(ps, "M%s: Warning: first argument in %s mailer must "
			    "be TCP or FILE", m->name, m->path);
	} else if (strcmp(m->path, "[FILE]") == 0) {
		/* deliver() takes the file name from the second word */
		if (a[0] == NULL || a[1] == NULL || a[2] != NULL) {
			warnf(ps, "M%s: too %s parameters for [FILE] mailer",
			    m->name, a[0] == NULL || a[1] == NULL ? "few" : "many");
			return false;
		}
		if (strcmp(a[0], "FILE") != 0) {
			warnf(ps, "M%s: first argument in [FILE] mailer must be "
			    "FILE", m->name);
			return false;
		}
	}
	return true;
}

static void
parse_mailer(struct parser *ps, const char *line)
{
	struct cf_mailer m = { 0 };
	const char *p = line;
	struct cf_mailer *slot = NULL;

	while (*p != '\0' && *p != ',' && !is_space(*p))
		p++;
	if (p == line) {
		warnf(ps, "name required for mailer");
		return;
	}
	m.name = xstrndup(line, (size_t)(p - line));
	if (*p != '\0')
		p++;
	m.line = ps->line;

	while (*p != '\0') {
		const char *end;
		char fcode, *val;

		while (*p != '\0' && (*p == ',' || is_space(*p)))
			p++;
		/* Only the first letter of the field name counts. */
		fcode = *p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p != '=') {
			warnf(ps, "mailer %s: `=' expected", m.name);
			mailer_clear(&m);
			return;
		}
		p++;
		while (is_space(*p))
			p++;
		val = munch(p, &end, ',');
		switch (fcode) {
		case 'P':
			if (*val != '\0')
				set_str(&m.path, val);
			break;
		case 'F': {
			/*
			 * sendmail sets bits: a flag given twice is set once.
			 * Kept that way, the string stays short however many
			 * F= fields a hostile line repeats.
			 */
			size_t n = m.flags ? strlen(m.flags) : 0;
			const char *f;

			m.flags = xrealloc(m.flags, n + strlen(val) + 1);
			m.flags[n] = '\0';
			for (f = val; *f != '\0'; f++)
				if (!is_space(*f) && memchr(m.flags, *f, n) == NULL) {
					m.flags[n++] = *f;
					m.flags[n] = '\0';
				}
			break;
		}
		case 'A':
			if (*val != '\0') {
				strv_free(m.args);
				free(m.argv);
				m.args = split_words(val);
				m.argv = join_words(m.args);
			}
			break;
		case 'D':
			if (*val == '\0')
				warnf(ps, "mailer %s: null working directory", m.name);
			else
				set_str(&m.dir, val);
			break;
		case '/':
			if (*val == '\0')
				warnf(ps, "mailer %s: null root directory", m.name);
			else
				set_str(&m.rootdir, val);
			break;
		case 'U':
			set_str(&m.user, val);
			break;
		case 'E':
			if (*val == '\0')
				warnf(ps, "mailer %s: null end-of-line string",
				    m.name);
			break;
		case 'C':
			if (*val == '\0')
				warnf(ps, "mailer %s: null charset", m.name);
			break;
		case 'Q':
			if (*val == '\0')
				warnf(ps, "mailer %s: null queue", m.name);
			break;
		case 'S': case 'R': case 'T': case 'M': case 'm': case 'r':
		case 'L': case 'N': case 'W':
			break;
		default:
			warnf(ps, "M%s: unknown mailer equate %c=", m.name, fcode);
			break;
		}
		free(val);
		p = end;
	}

	if (m.argv == NULL) {
		warnf(ps, "M%s: A= argument required", m.name);
		mailer_clear(&m);
		return;
	}
	if (m.path == NULL) {
		warnf(ps, "M%s: P= argument required", m.name);
		mailer_clear(&m);
		return;
	}
	if (m.flags == NULL)
		m.flags = xstrdup("");
	if (!mailer_is_sane(ps, &m)) {
		mailer_clear(&m);
		return;
	}

	/* A later definition of the same mailer replaces the earlier one;
	 * sendmail's symbol table ignores case in mailer names. */
	if (strcasecmp(m.name, "prog") == 0)
		slot = &ps->cf->prog;
	else if (strcasecmp(m.name, "local") == 0)
		slot = &ps->cf->local;
	else if (strcasecmp(m.name, "*file*") == 0)
		slot = &ps->cf->file_mailer;
	if (slot != NULL) {
		mailer_clear(slot);
		*slot = m;
	} else {
		mailer_clear(&m);
	}
}

static void
set_builtin_prog(struct cf_mailer *m)
{
	/* conf.c setupmailers(): "prog, P=/bin/sh, F=lsouDq9,
	 * T=X-Unix/X-Unix/X-Unix, A=sh -c $u". */
	memset(m, 0, sizeof(*m));
	m->name = xstrdup("prog");
	m->path = xstrdup("/bin/sh");
	m->flags = xstrdup("lsouDq9");
	m->args = split_words("sh -c $u");
	m->argv = join_words(m->args);
	m->builtin = true;
}

static void
set_builtin_file(struct cf_mailer *m)
{
	/* conf.c setupmailers(): "*file*, P=[FILE], F=lsDFMPEouq9,
	 * T=X-Unix/X-Unix/X-Unix, A=FILE $u". */
	memset(m, 0, sizeof(*m));
	m->name = xstrdup("*file*");
	m->path = xstrdup("[FILE]");
	m->flags = xstrdup("lsDFMPEouq9");
	m->args = split_words("FILE $u");
	m->argv = join_words(m->args);
	m->builtin = true;
}

/* ---------------------------------------------------------------------- */
/* Class t (T lines and Ct / C{t}).                                        */

static void
add_class_words(struct parser *ps, const char *p)
{
	while (*p != '\0') {
		const char *w;

		while (is_space(*p))
			p++;
		w = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		if (p > w)
			strv_add(&ps->tclass, xstrndup(w, (size_t)(p - w)));
	}
}

static void
parse_class(struct parser *ps, const char *p)
{
	/* macid_parse(): one character, or a {name}; {t} is class t. */
	if (*p == 't') {
		add_class_words(ps, p + 1);
	} else if (strncmp(p, "{t}", 3) == 0) {
		add_class_words(ps, p + 3);
	}
}

/* ---------------------------------------------------------------------- */
/* The line loop.                                                           */

static void
parse_line(struct parser *ps, char *bp)
{
	struct sendmail_cf *cf = ps->cf;

	/* A `#` in column 1 is a comment, even with continuation lines. */
	if (bp[0] == '#')
		return;
	translate_line(bp, cf->config_level);
	switch (bp[0]) {
	case '\0':
	case '#':
		break;
	case 'O':
		parse_option(ps, bp + 1);
		break;
	case 'M':
		parse_mailer(ps, bp + 1);
		break;
	case 'D':
		define_macro(ps, bp + 1);
		break;
	case 'S':
		ps->ruleset = true;
		break;
	case 'R':
		/* readcf() prescan()s a rule's left side -- and so fixes the
		 * token tables -- once a ruleset is selected and the rule has
		 * its TAB; other R lines are refused before that. */
		if (ps->ruleset && strchr(bp + 1, '\t') != NULL)
			build_token_tables(ps);
		break;
	case 'T':
		add_class_words(ps, bp + 1);
		break;
	case 'C':
		parse_class(ps, bp + 1);
		break;
	case 'V': {
		const char *p = bp + 1;

		while (is_space(*p))
			p++;
		if (!isascii(*p) || !isdigit(*p))
			warnf(ps, "invalid argument to V line: \"%.20s\"", bp + 1);
		else
			cf->config_level = strtol(p, NULL, 10);
		break;
	}
	case 'H': case 'F': case 'P': case 'Q': case 'K': case 'E': case 'X':
		break;		/* sendmail reads these; the audit does not */
	default:
		warnf(ps, "unknown configuration line \"%.80s\"", bp);
		break;
	}
}

struct sendmail_cf *
cf_parse(const char *buf, size_t len, const char *file)
{
	struct parser ps = { 0 };
	struct sendmail_cf *cf = xcalloc(1, sizeof(*cf));
	size_t pos = 0;
	unsigned lineno = 0;
	size_t i;
	struct strv names = { 0 };

	cf->file = xstrdup(file != NULL ? file : "");
	cf->max_alias_recursion = CF_DEFAULT_MAX_ALIAS_RECURSION;
	set_builtin_file(&cf->file_mailer);
	ps.cf = cf;

	/*
	 * fgetfolded(): a physical line starting with a space or TAB continues
	 * the previous one and the newline between them stays (as white
	 * space); CR LF counts as LF.  A NUL ends what sendmail sees of the
	 * logical line.
	 */
	while (pos < len) {
		char *line = xmalloc(1);
		size_t n = 0, cap = 1;
		unsigned first = lineno + 1;

		for (;;) {
			size_t start = pos, plen;
			const char *nl = memchr(buf + pos, '\n', len - pos);

			plen = (nl != NULL ? (size_t)(nl - buf) : len) - start;
			pos = nl != NULL ? (size_t)(nl - buf) + 1 : len;
			lineno++;
			if (plen > 0 && buf[start + plen - 1] == '\r')
				plen--;
			if (n + plen + 2 > cap) {
				cap = (n + plen + 2) * 2;
				line = xrealloc(line, cap);
			}
			memcpy(line + n, buf + start, plen);
			n += plen;
			if (pos >= len || (buf[pos] != ' ' && buf[pos] != '\t'))
				break;
			line[n++] = '\n';
		}
		line[n] = '\0';
		ps.line = first;
		parse_line(&ps, line);
		free(line);
	}
	ps.line = 0;
	/* no rule at all: the tables are built when the first address is
	 * parsed, from what the file left */
	build_token_tables(&ps);

	if (cf->prog.name == NULL)
		set_builtin_prog(&cf->prog);
	if (cf->local.name == NULL)
		warnf(&ps, "No local mailer defined");

	for (i = 0; i < NELEM(dbs_table); i++)
		if (dbs_table[i].flag >= 0 && cf_dbs(cf, dbs_table[i].flag))
			strv_add(&names, xstrdup(dbs_table[i].name));
	cf->dbs_names = strv_finish(&names);
	if (ps.nwarnings_dropped > 0)
		strv_add(&ps.warnings, xasprintf("%zu more warnings not listed",
		    ps.nwarnings_dropped));
	cf->nwarnings = ps.warnings.n;
	cf->warnings = strv_finish(&ps.warnings);
	cf->trusted_class = strv_finish(&ps.tclass);
	cf->default_ids = ps.defids;
	cf->ndefault_ids = ps.ndefids;
	/* $j: a Dj line replaces the canonical name sendmail found itself */
	{
		const struct macro *j = macro_find(&ps, "j");

		if (j != NULL) {
			cf->macro_j = xstrdup(j->value);
			cf->macro_j_line = j->line;
		}
	}
	for (i = 0; i < ps.nmacros; i++) {
		free(ps.macros[i].name);
		free(ps.macros[i].value);
		free(ps.macros[i].ivalue);
	}
	free(ps.macros);
	free(ps.opchars);
	return cf;
}

/* ---------------------------------------------------------------------- */
/* Reading the file.                                                        */

int
cf_load(int root_fd, const char *path, struct sendmail_cf **out)
{
	struct stat st;
	char *buf;
	size_t len = 0, cap;
	int fd, pfd, r;

	*out = NULL;
	/*
	 * Pinned with O_PATH and checked before it is opened for reading: a
	 * FIFO or device planted in place of the file is never opened (it
	 * could hang the audit, or opening it could act on a device).
	 */
	pfd = open_beneath(root_fd, path, O_PATH, true);
	if (pfd < 0)
		return pfd;
	if (fstat(pfd, &st) < 0) {
		r = -errno;
		(void)close(pfd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		(void)close(pfd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (st.st_size > (off_t)CF_MAX_SIZE) {
		(void)close(pfd);
		return -EFBIG;
	}
	fd = reopen_pinned(pfd);
	(void)close(pfd);
	if (fd < 0)
		return fd;
	/* Read to EOF, not just st_size bytes (the file may be growing), but
	 * never more than the cap. */
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > CF_MAX_SIZE) {
				free(buf);
				(void)close(fd);
				return -EFBIG;
			}
			cap = cap * 2 > CF_MAX_SIZE + 1 ? CF_MAX_SIZE + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			free(buf);
			(void)close(fd);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	(void)close(fd);

	*out = cf_parse(buf, len, path);
	free(buf);
	(*out)->mode = st.st_mode;
	(*out)->uid = st.st_uid;
	(*out)->gid = st.st_gid;
	return 0;
}

const char *
cf_refusal(int err)
{
	if (err == -EINVAL)
		return "not a regular file";
	if (err == -EFBIG)
		return "larger than 16 MiB";
	return strerror(-err);
}

void
cf_free(struct sendmail_cf *cf)
{
	if (cf == NULL)
		return;
	free(cf->file);
	free(cf->safe_file_env);
	free(cf->safe_file_env_raw);
	free(cf->forward_path);
	strv_free(cf->dbs_names);
	free(cf->trusted_user);
	free(cf->default_user);
	for (size_t i = 0; i < cf->ndefault_ids; i++)
		free(cf->default_ids[i].value);
	free(cf->default_ids);
	free(cf->run_as_user);
	free(cf->blank_sub);
	free(cf->temp_file_mode);
	free(cf->macro_j);
	free(cf->operator_chars);
	strv_free(cf->trusted_class);
	mailer_clear(&cf->prog);
	mailer_clear(&cf->local);
	mailer_clear(&cf->file_mailer);
	strv_free(cf->warnings);
	free(cf);
}

bool
cf_prog_is_smrsh(const struct sendmail_cf *cf)
{
	const char *p = cf->prog.path, *base;

	if (p == NULL)
		return false;
	base = strrchr(p, '/');
	base = base != NULL ? base + 1 : p;
	return strcmp(base, "smrsh") == 0;
}

/* ---------------------------------------------------------------------- */
/* DefaultUser.                                                            */

static void
identity_problem(struct cf_identity *id, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
identity_problem(struct cf_identity *id, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg, *all;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	all = xasprintf("%s%sline %u: %s", id->problem ? id->problem : "",
	    id->problem ? "; " : "", line, msg);
	free(msg);
	free(id->problem);
	id->problem = all;
}

static void
set_name(struct cf_identity *id, char *name)
{
	free(id->name);
	id->name = name;
}

/* setdefuser(): DefUser is the name of DefUid, or "nobody". */
static void
name_from_uid(struct cf_identity *id, const struct cf_nss *nss)
{
	char *name = NULL;

	if (nss->user_by_uid(nss->arg, id->uid, &name) != 0 || name == NULL) {
		free(name);
		name = xstrdup("nobody");
	}
	set_name(id, name);
}

/* setoption() 'g' (also reached from 'u' with a group part, as opt 'u'). */
static void
apply_group(struct cf_identity *id, const struct cf_nss *nss, char opt,
    const char *val, unsigned line)
{
	gid_t gid;

	if (isascii(*val) && isdigit(*val)) {
		id->gid = (gid_t)sm_atoi(val);
		return;
	}
	id->gid = (gid_t)-1;
	if (nss->group_by_name(nss->arg, val, &gid) != 0)
		identity_problem(id, line, "readcf: option %c: unknown group %s",
		    opt, val);
	else
		id->gid = gid;
}

/* setoption() 'u': "user", "uid", each optionally ".group", "/group" or ":group". */
static void
apply_user(struct cf_identity *id, const struct cf_nss *nss, const char *val,
    unsigned line)
{
	char *copy = xstrdup(val), *group = strpbrk(copy, "./:");
	char *canonical = NULL;
	uid_t uid;
	gid_t gid;

	if (group != NULL)
		*group++ = '\0';
	if (isascii(*copy) && isdigit(*copy)) {
		/* only the uid: DefGid stays as it was */
		id->uid = (uid_t)sm_atoi(copy);
		name_from_uid(id, nss);
	} else {
		id->uid = (uid_t)-1;
		if (nss->user_by_name(nss->arg, copy, &uid, &gid, &canonical) != 0) {
			/* the group part is not looked at either */
			identity_problem(id, line, "readcf: option u: unknown user "
			    "%s", copy);
			free(canonical);
			free(copy);
			return;
		}
		id->uid = uid;
		id->gid = gid;
		set_name(id, canonical != NULL ? canonical : xstrdup(copy));
	}
	if (group != NULL && *group != '\0')
		apply_group(id, nss, 'u', group, line);
	free(copy);
}

void
cf_default_identity(const struct sendmail_cf *cf, const struct cf_nss *nss,
    struct cf_identity *out)
{
	static const char *const builtin[] = { "mailnull", "sendmail", "daemon" };
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < NELEM(builtin); i++) {
		char *canonical = NULL;
		uid_t uid;
		gid_t gid;

		if (nss->user_by_name(nss->arg, builtin[i], &uid, &gid,
		    &canonical) == 0 && uid != 0) {
			out->uid = uid;
			out->gid = gid;
			out->name = canonical != NULL ? canonical :
			    xstrdup(builtin[i]);
			break;
		}
		free(canonical);
	}
	if (out->name == NULL) {
		out->uid = 1;
		out->gid = 1;
		name_from_uid(out, nss);
	}
	for (i = 0; i < cf->ndefault_ids; i++) {
		const struct cf_defid *d = &cf->default_ids[i];

		out->line = d->line;
		if (d->option == 'u')
			apply_user(out, nss, d->value, d->line);
		else
			apply_group(out, nss, 'g', d->value, d->line);
	}
}

void
cf_identity_clear(struct cf_identity *id)
{
	free(id->name);
	free(id->problem);
	memset(id, 0, sizeof(*id));
}
