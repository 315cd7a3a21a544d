/*
 * test_forward.c -- `jailctl audit forward`: sendmail's .forward handling
 * predicted, checked against a fixture corpus and module by module.
 *
 * The corpus (tests/data/forward/ *.case) builds a scratch root per case --
 * passwd, shells, homes and files with the modes and owners sendmail cares
 * about, a sendmail.cf -- runs the audit into a JSON report and asserts the
 * findings: every `expect:` line must match a finding of its own, and every
 * finding must be claimed by an `expect:` line or counted by an
 * `expect-count:` line, so an extra finding fails the case too.  The
 * format is described in tests/data/forward/README.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "audit.h"
#include "forward_parse.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "safefile.h"
#include "users.h"

/* ---------------------------------------------------------------------- */
/* Running the audit on a scratch root.                                    */

static const char default_cf[] =
    "V10/Berkeley\n"
    "O DontBlameSendmail=,AssumeSafeChown,ForwardFileInGroupWritableDirPath,"
    "GroupWritableForwardFileSafe,GroupWritableIncludeFileSafe,"
    "IncludeFileInGroupWritableDirPath,DontWarnForwardFileInUnsafeDirPath,"
    "TrustStickyBit,NonRootSafeAddr,GroupWritableIncludeFile,"
    "GroupReadableDefaultAuthInfoFile\n"
    "O ForwardPath=$z/.forward.$w:$z/.forward\n"
    "O SafeFileEnvironment=/var/mailjail\n"
    "O DefaultUser=mail:mail\n"
    "O TrustedUser=smmta\n"
    "O TempFileMode=0640\n"
    "O BlankSub=.\n"
    "O OperatorChars=.:%@!^/[]+\n"
    "Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S, "
    "S=EnvFromSMTP/HdrFromL, R=EnvToL/HdrToL,\n"
    "\t\tT=DNS/RFC822/X-Unix,\n"
    "\t\tA=mail.local -l\n";

static const char smrsh_mailer[] =
    "Mprog,\t\tP=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9, "
    "S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=$z:/,\n"
    "\t\tT=X-Unix/X-Unix/X-Unix,\n"
    "\t\tA=smrsh -c $u\n";

/* uid and gid of "user[:group]" (names from the scratch root, or numbers). */
static void
owner_of(const char *root, const char *spec, uid_t *uid, gid_t *gid)
{
	char *copy = strdup(spec), *colon = strchr(copy, ':'), *end;
	int fd = tu_open_root(root);
	struct names *n = names_load(fd, false);

	if (colon != NULL)
		*colon++ = '\0';
	if (names_uid(n, copy, uid) == 0) {
		assert_int_equal(names_user_gid(n, *uid, gid), 0);
	} else {
		*uid = (uid_t)strtoul(copy, &end, 10);
		if (*end != '\0')
			fail_msg("unknown owner %s", copy);
		*gid = (gid_t)*uid;
	}
	if (colon != NULL && names_gid(n, colon, gid) != 0)
		*gid = (gid_t)strtoul(colon, NULL, 10);
	names_free(n);
	close(fd);
	free(copy);
}

/* Owner ("user[:group]", NULL: root) and then mode of ROOT/rel. */
static void
set_owner_mode(const char *root, const char *rel, const char *owner,
    mode_t mode)
{
	uid_t uid = 0;
	gid_t gid = 0;

	if (owner != NULL)
		owner_of(root, owner, &uid, &gid);
	tu_chown(root, rel, uid, gid);
	/* chown clears a file's set-id bits: the mode goes on last. */
	tu_chmod(root, rel, mode);
}

/*
 * A device node or socket just made: owner and mode set by name, since
 * opening it (set_owner_mode's way) would open the device itself.
 */
static void
set_node_owner_mode(const char *root, const char *rel, const char *owner,
    mode_t mode)
{
	char *p = tu_path(root, rel);
	uid_t uid = 0;
	gid_t gid = 0;

	if (owner != NULL)
		owner_of(root, owner, &uid, &gid);
	assert_int_equal(lchown(p, uid, gid), 0);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

/* ROOT/rel with content, mode and owner (parents made 0755). */
static void
put_file(const char *root, const char *rel, mode_t mode, const char *owner,
    const char *content, size_t len)
{
	tu_write_bytes(root, rel, content, len, mode);
	set_owner_mode(root, rel, owner, mode);
}

static void
put_dir(const char *root, const char *rel, mode_t mode, const char *owner)
{
	tu_mkdir(root, rel, mode);
	set_owner_mode(root, rel, owner, mode);
}

/* The scratch root every corpus case starts from. */
static char *
base_root(void)
{
	char *root = tu_mkroot();
	static const char script[] = "#!/bin/sh\nexit 0\n";

	tu_write(root, "etc/hostname", "mailhost.example.org\n", 0644);
	put_dir(root, "home", 0755, NULL);
	put_dir(root, "home/alice", 0755, "alice");
	put_dir(root, "home/bob", 0755, "bob");
	put_dir(root, "var/mailjail", 0755, NULL);
	put_dir(root, "var/mailjail/home", 0755, NULL);
	put_dir(root, "var/mailjail/home/alice", 0755, "alice");
	put_file(root, "usr/bin/procmail", 0755, NULL, script, strlen(script));
	put_file(root, "usr/bin/vacation", 0755, NULL, script, strlen(script));
	put_dir(root, "etc/mail/smrsh", 0755, NULL);
	put_file(root, "etc/mail/smrsh/vacation", 0755, NULL, script,
	    strlen(script));
	tu_symlink(root, "/usr/bin/procmail", "etc/mail/smrsh/procmail");
	return root;
}

/*
 * Run audit_forward on root (users: NULL-terminated --user list or NULL)
 * and return the parsed JSON document.
 */
static json_t *
run_audit(const char *root, const char **users, int *rc)
{
	struct profile prof;
	struct context ctx;
	struct report_header h = { "audit forward", "test", root, NULL, false };
	struct tu_report rep;
	json_t *doc;
	int r;

	memset(&prof, 0, sizeof(prof));
	prof.name = (char *)"test";
	prof.sendmail_cf = (char *)"/etc/mail/sendmail.cf";
	prof.smrsh.dir = (char *)"/etc/mail/smrsh";
	memset(&ctx, 0, sizeof(ctx));
	ctx.opt.root = root;
	ctx.opt.format = FORMAT_JSON;
	ctx.opt.users = users;
	for (ctx.opt.nusers = 0; users != NULL && users[ctx.opt.nusers] != NULL;)
		ctx.opt.nusers++;
	ctx.profile = &prof;
	ctx.root_fd = tu_open_root(root);

	tu_report_begin(&rep, &h);
	r = audit_forward(&ctx, rep.rep);
	if (rc != NULL)
		*rc = r;
	else
		assert_int_equal(r, 0);
	doc = tu_report_end(&rep, NULL);
	close(ctx.root_fd);
	return doc;
}

static void
dump_findings(json_t *doc)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		print_message("  %s [%s] path=%s actual=%s expected=%s\n    %s\n",
		    tu_str(f, "id"), tu_str(f, "severity"), tu_str(f, "path"),
		    tu_str(f, "actual"), tu_str(f, "expected"),
		    tu_str(f, "message"));
	}
}

/* ---------------------------------------------------------------------- */
/* The corpus.                                                             */

/* "key=value" (exact) or "key~text" (substring) against one finding. */
static bool
cond_matches(json_t *f, const char *cond)
{
	const char *op = strpbrk(cond, "=~");
	char key[32];
	const char *have;
	size_t kl = 0;

	if (op == NULL || (kl = (size_t)(op - cond)) >= sizeof(key))
		fail_msg("bad condition '%s'", cond);
	memcpy(key, cond, kl);
	key[kl] = '\0';
	have = tu_str(f, key);
	if (have == NULL)
		return strcmp(op + 1, "null") == 0;
	return *op == '=' ? strcmp(have, op + 1) == 0 :
	    strstr(have, op + 1) != NULL;
}

/* Split "ID | cond | cond" in place. */
static size_t
split_expect(char *s, char **v, size_t max)
{
	size_t n = 0;

	while (s != NULL && n < max) {
		char *bar = strstr(s, " | ");

		if (bar != NULL)
			*bar = '\0';
		v[n++] = s;
		s = bar != NULL ? bar + 3 : NULL;
	}
	return n;
}

/* Backslash escapes in write: texts: \n \t \r \\ \xHH. */
static size_t
unescape(const char *s, char *out)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			out[n++] = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'r': out[n++] = '\r'; break;
		case 'x': {
			char hex[3] = { s[1], s[2], 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			s += 2;
			break;
		}
		default: out[n++] = *s; break;
		}
	}
	out[n] = '\0';
	return n;
}

struct casefile {
	char **lines;
	size_t n;
};

static void
read_lines(const char *path, struct casefile *cf)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	assert_non_null(f);
	cf->lines = NULL;
	cf->n = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		cf->lines = realloc(cf->lines, (cf->n + 1) * sizeof(char *));
		cf->lines[cf->n++] = strdup(line);
	}
	free(line);
	fclose(f);
}

static void
run_case(const char *path)
{
	struct casefile cf;
	char *root = base_root();
	char *cftext = strdup(default_cf);
	bool prog_set = false;
	const char *users[16];
	size_t nusers = 0, i;
	char *expects[128];
	size_t nexpects = 0;
	struct { char *id; size_t n; } counts[32];
	size_t ncounts = 0;
	json_t *doc, *f;
	bool *claimed, ok = true;
	size_t nf;

	read_lines(path, &cf);
	for (i = 0; i < cf.n; i++) {
		char *l = cf.lines[i], *arg, a1[512], a2[512], a3[512];

		if (l[0] == '#' || l[0] == '\0')
			continue;
		arg = strchr(l, ':');
		if (arg == NULL)
			fail_msg("%s:%zu: no directive", path, i + 1);
		*arg++ = '\0';
		while (*arg == ' ')
			arg++;
		if (strcmp(l, "cf") == 0) {
			char *t;

			if (strncmp(arg, "Mprog", 5) == 0)
				prog_set = true;
			assert_true(asprintf(&t, "%s%s\n", cftext, arg) > 0);
			free(cftext);
			cftext = t;
		} else if (strcmp(l, "cf-drop") == 0) {
			/* remove the default lines starting with arg */
			char *t = calloc(1, strlen(cftext) + 1), *s = cftext;

			while (*s != '\0') {
				char *nl = strchr(s, '\n');
				size_t ll = nl ? (size_t)(nl - s) + 1 : strlen(s);

				if (strncmp(s, arg, strlen(arg)) != 0)
					strncat(t, s, ll);
				s += ll;
			}
			free(cftext);
			cftext = t;
		} else if (strcmp(l, "passwd") == 0 || strcmp(l, "group") == 0) {
			tu_append(root, strcmp(l, "passwd") == 0 ? "etc/passwd" :
			    "etc/group", arg);
		} else if (strcmp(l, "shells") == 0) {
			char *buf = malloc(strlen(arg) + 1);

			if (strcmp(arg, "-") == 0) {
				tu_unlink(root, "etc/shells");
			} else {
				size_t n = unescape(arg, buf);

				put_file(root, "etc/shells", 0644, NULL, buf, n);
			}
			free(buf);
		} else if (strcmp(l, "mkdir") == 0) {
			unsigned mode;

			assert_int_equal(sscanf(arg, "%511s %o %511s", a1, &mode, a2),
			    3);
			put_dir(root, a1, mode, a2);
		} else if (strcmp(l, "write") == 0) {
			unsigned mode;
			int off = 0;
			char *buf;
			size_t n;

			assert_true(sscanf(arg, "%511s %o %511s %n", a1, &mode, a2,
			    &off) >= 3);
			buf = malloc(strlen(arg) + 1);
			n = unescape(off > 0 ? arg + off : "", buf);
			put_file(root, a1, mode, a2, buf, n);
			free(buf);
		} else if (strcmp(l, "acl") == 0) {
			/* an access ACL in acl(5) text (numeric ids) */
			assert_int_equal(sscanf(arg, "%511s %511s", a1, a2), 2);
			tu_set_acl(root, a1, a2);
		} else if (strcmp(l, "forward") == 0) {
			unsigned mode;
			char *content = strdup("");

			assert_int_equal(sscanf(arg, "%511s %o %511s", a1, &mode, a2),
			    3);
			for (i++; i < cf.n && strcmp(cf.lines[i], "end") != 0; i++) {
				char *t;

				assert_true(asprintf(&t, "%s%s\n", content,
				    cf.lines[i]) > 0);
				free(content);
				content = t;
			}
			put_file(root, a1, mode, a2, content, strlen(content));
			free(content);
		} else if (strcmp(l, "symlink") == 0) {
			a3[0] = '\0';
			assert_true(sscanf(arg, "%511s %511s %511s", a1, a2, a3) >= 2);
			tu_symlink(root, a2, a1);
			if (a3[0] != '\0') {
				uid_t uid;
				gid_t gid;

				owner_of(root, a3, &uid, &gid);
				tu_chown(root, a1, uid, gid);
			}
		} else if (strcmp(l, "hardlink") == 0) {
			assert_int_equal(sscanf(arg, "%511s %511s", a1, a2), 2);
			tu_link(root, a2, a1);
		} else if (strcmp(l, "mkfifo") == 0) {
			unsigned mode;

			assert_int_equal(sscanf(arg, "%511s %o %511s", a1, &mode, a2),
			    3);
			tu_mkfifo(root, a1, mode);
			set_owner_mode(root, a1, a2, mode);
		} else if (strcmp(l, "mkchr") == 0 || strcmp(l, "mkblk") == 0) {
			/* a character or block device (MAJOR MINOR); needs root.
			 * The audit never opens it (O_PATH, stat). */
			unsigned mode, ma, mi;
			char *p;

			assert_int_equal(sscanf(arg, "%511s %o %511s %u %u", a1,
			    &mode, a2, &ma, &mi), 5);
			p = tu_path(root, a1);
			assert_int_equal(mknod(p, (l[2] == 'c' ? S_IFCHR : S_IFBLK) |
			    mode, makedev(ma, mi)), 0);
			free(p);
			set_node_owner_mode(root, a1, a2, mode);
		} else if (strcmp(l, "mksock") == 0) {
			/* a Unix socket file, as bind() leaves it */
			struct sockaddr_un sa = { .sun_family = AF_UNIX };
			unsigned mode;
			char *p;
			int sfd;

			assert_int_equal(sscanf(arg, "%511s %o %511s", a1, &mode, a2),
			    3);
			p = tu_path(root, a1);
			assert_true(strlen(p) < sizeof(sa.sun_path));
			strcpy(sa.sun_path, p);
			sfd = socket(AF_UNIX, SOCK_STREAM, 0);
			assert_true(sfd >= 0);
			assert_int_equal(bind(sfd, (struct sockaddr *)&sa, sizeof(sa)),
			    0);
			close(sfd);
			free(p);
			set_node_owner_mode(root, a1, a2, mode);
		} else if (strcmp(l, "user") == 0) {
			users[nusers++] = strdup(arg);
			assert_true(nusers < 15);
		} else if (strcmp(l, "expect") == 0) {
			expects[nexpects++] = strdup(arg);
			assert_true(nexpects < 128);
		} else if (strcmp(l, "expect-count") == 0) {
			unsigned n;

			assert_int_equal(sscanf(arg, "%511s %u", a1, &n), 2);
			counts[ncounts].id = strdup(a1);
			counts[ncounts++].n = n;
		} else {
			fail_msg("%s:%zu: unknown directive '%s'", path, i + 1, l);
		}
	}
	if (!prog_set) {
		char *t;

		assert_true(asprintf(&t, "%s%s", cftext, smrsh_mailer) > 0);
		free(cftext);
		cftext = t;
	}
	tu_write(root, "etc/mail/sendmail.cf", cftext, 0644);
	users[nusers] = NULL;

	doc = run_audit(root, nusers > 0 ? users : NULL, NULL);
	nf = json_array_size(json_object_get(doc, "findings"));
	claimed = calloc(nf + 1, sizeof(bool));

	for (size_t e = 0; e < nexpects; e++) {
		char *v[16];
		char *copy = strdup(expects[e]);
		size_t nv = split_expect(copy, v, 16), k;
		bool matched = false;

		json_array_foreach(json_object_get(doc, "findings"), k, f) {
			bool all = !claimed[k] && strcmp(tu_str(f, "id"), v[0]) == 0;

			for (size_t c = 1; all && c < nv; c++)
				all = cond_matches(f, v[c]);
			if (all) {
				claimed[k] = true;
				matched = true;
				break;
			}
		}
		if (!matched) {
			print_message("%s: no finding for: %s\n", path, expects[e]);
			ok = false;
		}
		free(copy);
	}
	for (size_t c = 0; c < ncounts; c++) {
		size_t n = tu_count_findings(doc, counts[c].id, NULL);

		if (n != counts[c].n) {
			print_message("%s: %zu %s findings, expected %zu\n", path, n,
			    counts[c].id, counts[c].n);
			ok = false;
		}
	}
	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		const char *id = tu_str(f, "id");
		bool counted = false;

		for (size_t c = 0; c < ncounts; c++)
			counted |= strcmp(counts[c].id, id) == 0;
		if (!claimed[i] && !counted) {
			print_message("%s: unexpected finding %s: %s\n", path, id,
			    tu_str(f, "message"));
			ok = false;
		}
	}
	if (getenv("FORWARD_CASE_DUMP") != NULL)
		dump_findings(doc);
	if (!ok) {
		print_message("%s: all findings:\n", path);
		dump_findings(doc);
		fail_msg("%s failed", path);
	}

	free(claimed);
	json_decref(doc);
	for (i = 0; i < nexpects; i++)
		free(expects[i]);
	for (i = 0; i < ncounts; i++)
		free(counts[i].id);
	for (i = 0; i < nusers; i++)
		free((char *)users[i]);
	for (i = 0; i < cf.n; i++)
		free(cf.lines[i]);
	free(cf.lines);
	free(cftext);
	tu_rmroot(root);
}

static void
test_corpus(void **state)
{
	glob_t g;
	char *pattern;

	(void)state;
	TU_REQUIRE_ROOT();
	pattern = tu_srcfile("tests/data/forward/*.case");
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 30);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		print_message("case %s\n", strrchr(g.gl_pathv[i], '/') + 1);
		run_case(g.gl_pathv[i]);
	}
	globfree(&g);
	free(pattern);
}

/* ---------------------------------------------------------------------- */
/* The parser, against what sendmail was seen doing (sendmail-facts 3.4).  */

enum {
	P_SC = 1, P_GC = 2, P_US = 4, P_SUB = 8, P_SPEC = 16, P_BS = 32,
	P_DROP = 64, P_ERR = 128,
};

struct pcase {
	const char *line;
	enum fwd_kind kind;
	const char *target;	/* NULL: not checked */
	unsigned flags;
};

static const struct fwd_syntax debian = {
	'.', ".:%@!^/[]+", true, true, true, false, true, true, true, true,
};

static const struct pcase pcases[] = {
	/* BlankSub between words of an unquoted program (tested on Debian) */
	{ "|/usr/bin/recorder gina-unquoted x", FWD_PROG,
	  "/usr/bin/recorder.gina-unquoted.x", P_US | P_SUB | P_SPEC },
	/* a trailing comment glued onto a quoted program's last argument */
	{ "\"|recorder uma\" # trailing comment", FWD_PROG,
	  "recorder uma#.trailing.comment", P_GC | P_US | P_SUB | P_SPEC },
	{ "  # indented comment", FWD_LOCAL, "#.indented.comment",
	  P_SC | P_US | P_SUB },
	/* quotes and backslashes as stripquotes() leaves them */
	{ "\"|vacation \\\"a b\\\"\"", FWD_PROG, "vacation \"a b\"",
	  P_SPEC | P_BS },
	{ "\"|/usr/bin/procmail -f-\"", FWD_PROG, "/usr/bin/procmail -f-",
	  P_SPEC },
	{ "\"|vacation 'x y'\"", FWD_PROG, "vacation 'x y'", P_SPEC },
	{ "\"|exec /usr/bin/procmail || exit 75\"", FWD_PROG,
	  "exec /usr/bin/procmail || exit 75", P_SPEC },
	/* only one leading '|' goes */
	{ "\"||prog\"", FWD_PROG, "|prog", P_SPEC },
	{ "|\"prog a\"", FWD_PROG, "prog a", P_SPEC },
	/* \user: local, no aliasing; the backslash is stripped */
	{ "\\bob", FWD_LOCAL, "bob", P_BS },
	/* an unquoted '@' sends it to that host */
	{ "|vacation -f bob@example.com", FWD_REMOTE, "example.com",
	  P_US | P_SUB | P_SPEC },
	{ "bob@example.com", FWD_REMOTE, "example.com", 0 },
	{ "Bob Smith <bob@x.org>", FWD_REMOTE, "x.org", P_US },
	/* operators swallow the blank next to them: "-f /tmp/x" */
	{ "|prog -f /tmp/x", FWD_PROG, "prog.-f/tmp/x", P_US | P_SUB | P_SPEC },
	{ "/var/mailjailbreak/x", FWD_FILE, "/var/mailjailbreak/x", P_SPEC },
	{ "\"/home/u/my file\"", FWD_FILE, "/home/u/my file", P_SPEC },
	{ "/home/u/my file", FWD_FILE, "/home/u/my.file", P_US | P_SUB | P_SPEC },
	/* :include: is case-insensitive; its path keeps real blanks */
	{ ":include:/home/x/list", FWD_INCLUDE, "/home/x/list", P_SPEC },
	{ ":INCLUDE:/home/x/list", FWD_INCLUDE, "/home/x/list", P_SPEC },
	{ "\":include:/home/x/my list\"", FWD_INCLUDE, "/home/x/my list",
	  P_SPEC },
	{ ":include: /home/x/my  list", FWD_INCLUDE, "/home/x/my list",
	  P_US | P_SPEC },
	/* (comments) vanish */
	{ "bob (Robert)", FWD_LOCAL, "bob", P_US },
	{ "(only a comment)", FWD_BAD, NULL, P_DROP },
	/* unbalanced quote: patched, complained about, used */
	{ "\"|vacation", FWD_PROG, "vacation", P_SPEC | P_ERR },
	/* control characters outside quotes make it a bad address */
	{ "bo\x01" "b", FWD_BAD, NULL, P_ERR },
	/* a user part is lowercased by the local mailer (no F=u) */
	{ "BoB", FWD_LOCAL, "bob", 0 },
	/* ...but not by the prog mailer (F=u) */
	{ "\"|Vacation X\"", FWD_PROG, "Vacation X", P_SPEC },
	/*
	 * Ruleset 3 of the m4-generated cf (canonify), checked with Debian's
	 * sendmail -bt: an unquoted ':' is list/group syntax and everything
	 * up to the first one goes; a trailing ';' goes; '!' is a UUCP path
	 * and '%' the percent hack, both to another host.  Not inside <>,
	 * not for "::" or :include:, not when quoted or escaped.
	 */
	{ "|vacation:x", FWD_LOCAL, "x", P_SPEC },
	{ "/tmp/a:b", FWD_LOCAL, "b", P_SPEC },
	{ "\"|vac\":x", FWD_LOCAL, "x", P_SPEC },
	{ "|vacation x:y z", FWD_LOCAL, "y.z", P_US | P_SUB | P_SPEC },
	{ "a:|prog x", FWD_PROG, "prog.x", P_US | P_SUB },
	{ "|vacation;", FWD_PROG, "vacation", P_SPEC },
	{ "|vac:", FWD_BAD, NULL, P_SPEC | P_ERR },
	{ "|a%b%c", FWD_REMOTE, "c", P_SPEC },
	{ "|a.b!c", FWD_REMOTE, "|a.b", P_SPEC },
	{ "|a!b!c", FWD_REMOTE, "|a.UUCP", P_SPEC },
	{ "|v <x:y>", FWD_LOCAL, "x:y", P_US | P_SPEC },
	{ "|a::b", FWD_PROG, "a::b", P_SPEC },
	{ "|vac\\:x", FWD_PROG, "vac:x", P_SPEC | P_BS },
	{ "\"|vacation:x\"", FWD_PROG, "vacation:x", P_SPEC },
};

static void
test_parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];
		char line[FWD_MAXLINE];
		struct fwd_entry e;
		size_t pos = 0;
		unsigned flags;

		snprintf(line, sizeof(line), "%s", c->line);
		assert_true(fwd_line_prepare(line));
		assert_int_equal(fwd_next_entry(&debian, line, &pos, &e), 1);
		flags = (e.starts_comment ? P_SC : 0) |
		    (e.glued_comment ? P_GC : 0) |
		    (e.unquoted_space ? P_US : 0) | (e.blanksub ? P_SUB : 0) |
		    (e.looks_special ? P_SPEC : 0) | (e.backslash ? P_BS : 0) |
		    (e.dropped ? P_DROP : 0) | (e.error ? P_ERR : 0);
		if (e.kind != c->kind || flags != c->flags ||
		    (c->target != NULL && (e.target == NULL ||
		    strcmp(e.target, c->target) != 0)))
			fail_msg("'%s': kind %d flags %#x target '%s', expected "
			    "kind %d flags %#x target '%s'", c->line, e.kind, flags,
			    e.target ? e.target : "(null)", c->kind, c->flags,
			    c->target ? c->target : "(null)");
		fwd_entry_clear(&e);
		assert_int_equal(fwd_next_entry(&debian, line, &pos, &e), 0);
	}
}

/* With BlankSub unset (the binary default) the blank stays a blank. */
static void
test_parse_default_blanksub(void **state)
{
	struct fwd_syntax syn = debian;
	char line[] = "|/usr/bin/recorder gina x";
	struct fwd_entry e;
	size_t pos = 0;

	(void)state;
	syn.blank_sub = ' ';
	assert_int_equal(fwd_next_entry(&syn, line, &pos, &e), 1);
	assert_string_equal(e.target, "/usr/bin/recorder gina x");
	fwd_entry_clear(&e);
}

/* Without '|' in the local mailer's flags, "|x" is just a user name. */
static void
test_parse_local_flags(void **state)
{
	struct fwd_syntax syn = debian;
	char line[] = "\"|prog\", /tmp/f, :include:/x";
	struct fwd_entry e;
	size_t pos = 0;

	(void)state;
	syn.local_prog = syn.local_file = syn.local_include = false;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(fwd_next_entry(&syn, line, &pos, &e), 1);
		assert_int_equal(e.kind, FWD_LOCAL);
		fwd_entry_clear(&e);
	}
	assert_int_equal(fwd_next_entry(&syn, line, &pos, &e), 0);
}

static void
test_parse_commas(void **state)
{
	char line[] = " ,\\alice , \"|prog a,b\",, bob@x ,";
	const char *want[] = { "\\alice", "\"|prog a,b\"", "bob@x" };
	struct fwd_entry e;
	size_t pos = 0, n = 0;

	(void)state;
	while (fwd_next_entry(&debian, line, &pos, &e)) {
		assert_true(n < 3);
		assert_string_equal(e.raw, want[n]);
		n++;
		fwd_entry_clear(&e);
	}
	assert_int_equal(n, 3);
}

static void
test_parse_too_long(void **state)
{
	char line[600];
	struct fwd_entry e;
	size_t pos = 0;

	(void)state;
	/* 255 bytes pass invalidaddr(), 256 do not */
	snprintf(line, sizeof(line), "\"|%0252d\"", 0);
	assert_int_equal(strlen(line), 255);
	assert_int_equal(fwd_next_entry(&debian, line, &pos, &e), 1);
	assert_false(e.dropped);
	assert_int_equal(e.kind, FWD_PROG);
	fwd_entry_clear(&e);
	snprintf(line, sizeof(line), "  \"|%0253d\", bob", 0);
	pos = 0;
	assert_int_equal(fwd_next_entry(&debian, line, &pos, &e), 1);
	assert_int_equal(strlen(e.raw), 256);
	assert_true(e.dropped);
	assert_non_null(strstr(e.error, "too long (255 bytes max)"));
	fwd_entry_clear(&e);
	/* the next entry is still parsed */
	assert_int_equal(fwd_next_entry(&debian, line, &pos, &e), 1);
	assert_string_equal(e.target, "bob");
	fwd_entry_clear(&e);
}

static void
test_reader(void **state)
{
	static char text[5000];
	struct fwd_reader rd;
	char line[FWD_MAXLINE];
	bool cut;
	size_t n;

	(void)state;
	n = (size_t)snprintf(text, sizeof(text),
	    "a\r\nb\rc\n# comment\n  # indented\nx #@# cut\nx#@#kept\n");
	memset(text + n, 'q', 2500);
	n += 2500;
	memcpy(text + n, "\nlast", 5);
	n += 5;
	fwd_reader_init(&rd, text, n);

	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_string_equal(line, "a");		/* CRLF */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_string_equal(line, "b\rc");		/* a lone CR stays */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_false(fwd_line_prepare(line));		/* column-1 comment */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_true(fwd_line_prepare(line));		/* not a comment */
	assert_string_equal(line, "  # indented");
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_true(fwd_line_prepare(line));
	assert_string_equal(line, "x");		/* " #@# " comment */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_true(fwd_line_prepare(line));
	assert_string_equal(line, "x#@#kept");	/* needs a blank before */
	/* 2500 bytes: 2047, then the rest as a line of its own */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_true(cut);
	assert_int_equal(strlen(line), FWD_MAXLINE - 1);
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_false(cut);
	assert_int_equal(strlen(line), 2500 - (FWD_MAXLINE - 1));
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_string_equal(line, "last");		/* no final newline */
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 0);
	assert_int_equal(rd.lineno, 9);

	/*
	 * Exactly 2047 bytes and a newline: fgets() leaves the newline for
	 * the next call, which reads an empty line -- nothing of the line is
	 * cut off, so it is not a long line.
	 */
	memset(text, 'q', FWD_MAXLINE - 1);
	memcpy(text + FWD_MAXLINE - 1, "\nnext\n", 6);
	fwd_reader_init(&rd, text, FWD_MAXLINE - 1 + 6);
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_false(cut);
	assert_int_equal(strlen(line), FWD_MAXLINE - 1);
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_false(cut);
	assert_string_equal(line, "");
	assert_int_equal(fwd_reader_next(&rd, line, &cut), 1);
	assert_string_equal(line, "next");
	assert_int_equal(rd.lineno, 3);
}

static void
test_stripquotes(void **state)
{
	char *s;

	(void)state;
	s = fwd_stripquotes("\"a b\" \\\"c\\\\d\\");
	assert_string_equal(s, "a b \"c\\d");
	free(s);
}

/* ---------------------------------------------------------------------- */
/* /etc/shells, read as sendmail's usershellok() reads it.                 */

static void
test_shells(void **state)
{
	char *root = tu_mkroot();
	struct shells *s;
	int fd;
	char *const trusted[] = { (char *)"Daemon", NULL };

	(void)state;
	tu_write(root, "etc/shells",
	    "# /bin/zsh is commented\n"
	    "   /bin/ksh   # trailing\n"
	    "junk/bin/tcsh\n"
	    "/bin/dash#x\n"
	    "no slash here\n", 0644);
	fd = tu_open_root(root);
	s = shells_load(fd);
	assert_true(shells_from_file(s));
	assert_false(shells_ok(s, "u", "/bin/zsh", NULL));
	assert_true(shells_ok(s, "u", "/bin/ksh", NULL));
	/* skips to the first '/', whatever is before it */
	assert_true(shells_ok(s, "u", "/bin/tcsh", NULL));
	assert_true(shells_ok(s, "u", "/bin/dash", NULL));
	assert_false(shells_ok(s, "u", "/bin/sh", NULL));
	assert_true(shells_ok(s, "u", "", NULL));	/* empty shell */
	/* class t members pass whatever their shell */
	assert_true(shells_ok(s, "daemon", "/usr/sbin/nologin", trusted));
	shells_free(s);

	tu_write(root, "etc/shells", "/SENDMAIL/ANY/SHELL/\n", 0644);
	s = shells_load(fd);
	assert_true(shells_ok(s, "u", "/usr/sbin/nologin", NULL));
	shells_free(s);

	/* no file: only sendmail's four built-in shells */
	tu_unlink(root, "etc/shells");
	s = shells_load(fd);
	assert_false(shells_from_file(s));
	assert_true(shells_ok(s, "u", "/bin/csh", NULL));
	assert_true(shells_ok(s, "u", "/usr/bin/sh", NULL));
	assert_false(shells_ok(s, "u", "/bin/bash", NULL));
	shells_free(s);
	close(fd);
	tu_rmroot(root);
}

/* ---------------------------------------------------------------------- */
/* safefile()/safedirpath() details that the corpus does not isolate.      */

static void
test_safedirpath(void **state)
{
	char *root;
	int fd;
	struct sf_env env = { 0 };
	struct sf_who who = { 1001, 1001, "alice", false };
	char *where = NULL;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	fd = tu_open_root(root);
	env.root_fd = fd;
	put_dir(root, "srv/gw", 0775, "alice");
	put_dir(root, "srv/sticky", 01777, NULL);
	put_dir(root, "srv/sticky/ok", 0755, "alice");

	assert_int_equal(sf_safedirpath(&env, "/home/alice", &who,
	    SF_SAFEDIRPATH, NULL), 0);
	assert_int_equal(sf_safedirpath(&env, "/srv/gw", &who, SF_SAFEDIRPATH,
	    &where), SF_E_GWDIR);
	assert_string_equal(where, "/srv/gw");
	free(where);
	where = NULL;
	env.gw_dirpath_safe = true;
	assert_int_equal(sf_safedirpath(&env, "/srv/gw", &who, SF_SAFEDIRPATH,
	    NULL), 0);
	/* the sticky bit only counts with TrustStickyBit */
	assert_int_equal(sf_safedirpath(&env, "/srv/sticky/ok", &who,
	    SF_SAFEDIRPATH, NULL), SF_E_WWDIR);
	env.trust_sticky = true;
	assert_int_equal(sf_safedirpath(&env, "/srv/sticky/ok", &who,
	    SF_SAFEDIRPATH, NULL), 0);
	/* without SAFEDIRPATH and not root: only a warning */
	env.trust_sticky = false;
	assert_int_equal(sf_safedirpath(&env, "/srv/sticky/ok", &who, 0, NULL),
	    0);
	/* a symlinked directory: its target's path is judged */
	tu_symlink(root, "/srv/gw", "home/link");
	tu_symlink(root, "../srv/sticky/ok", "home/rel");
	env.gw_dirpath_safe = false;
	assert_int_equal(sf_safedirpath(&env, "/home/link", &who,
	    SF_SAFEDIRPATH, NULL), SF_E_GWDIR);
	assert_int_equal(sf_safedirpath(&env, "/home/rel", &who,
	    SF_SAFEDIRPATH, NULL), SF_E_WWDIR);
	/* root without ROOTOK needs o+x everywhere */
	put_dir(root, "srv/private", 0750, NULL);
	who.uid = 0;
	who.gid = 0;
	who.euid_root = true;
	assert_int_equal(sf_safedirpath(&env, "/srv/private", &who, 0, NULL),
	    EACCES);
	assert_int_equal(sf_safedirpath(&env, "/srv/private", &who, SF_ROOTOK,
	    NULL), 0);
	close(fd);
	tu_rmroot(root);
}

static void
test_safefile(void **state)
{
	char *root;
	int fd;
	struct sf_env env = { 0 };
	struct sf_who who = { 1001, 1001, "alice", false };
	struct stat st;
	long fw = SF_REGONLY | SF_MUSTOWN | SF_ROOTOK | SF_NOGWFILES |
	    SF_NOWWFILES | SF_NOPATHCHECK;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	fd = tu_open_root(root);
	env.root_fd = fd;
	env.trusted_uid = 115;	/* smmta */
	put_file(root, "f/own", 0644, "alice", "x", 1);
	put_file(root, "f/root", 0600, NULL, "x", 1);
	put_file(root, "f/root644", 0644, NULL, "x", 1);
	put_file(root, "f/smmta", 0644, "smmta", "x", 1);
	put_file(root, "f/bob", 0644, "bob", "x", 1);
	put_file(root, "f/gw", 0664, "alice", "x", 1);
	put_file(root, "f/exec", 0744, "alice", "x", 1);
	assert_int_equal(sf_safefile(&env, "/f/own", &who, fw, S_IRUSR, &st,
	    NULL), 0);
	/* root's 0600 file: MUSTOWN allows root, but alice cannot read it */
	assert_int_equal(sf_safefile(&env, "/f/root", &who, fw, S_IRUSR, &st,
	    NULL), EACCES);
	assert_int_equal(sf_safefile(&env, "/f/root644", &who, fw, S_IRUSR, &st,
	    NULL), 0);
	assert_int_equal(sf_safefile(&env, "/f/smmta", &who, fw, S_IRUSR, &st,
	    NULL), 0);
	assert_int_equal(sf_safefile(&env, "/f/bob", &who, fw, S_IRUSR, &st,
	    NULL), EACCES);
	assert_int_equal(sf_safefile(&env, "/f/gw", &who, fw, S_IRUSR, &st,
	    NULL), SF_E_GWFILE);
	/* an x bit only matters for writing */
	assert_int_equal(sf_safefile(&env, "/f/exec", &who, fw, S_IRUSR, &st,
	    NULL), 0);
	assert_int_equal(sf_safefile(&env, "/f/exec", &who, 0, S_IWUSR, &st,
	    NULL), SF_E_ISEXEC);
	/* creating: the parent's mode bits decide, and nothing exists yet */
	assert_int_equal(sf_safefile(&env, "/home/alice/new", &who, SF_CREAT,
	    S_IWUSR, &st, NULL), 0);
	assert_int_equal(st.st_mode, 0);
	assert_int_equal(sf_safefile(&env, "/home/bob/new", &who, SF_CREAT,
	    S_IWUSR, &st, NULL), EACCES);
	assert_int_equal(sf_safefile(&env, "/nodir/new", &who, SF_CREAT,
	    S_IWUSR, &st, NULL), ENOENT);
	assert_string_equal(sf_errstring(SF_E_NOSLINK),
	    "Symbolic links not allowed");
	assert_string_equal(sf_errstring(EACCES), "Permission denied");
	close(fd);
	tu_rmroot(root);
}

/* ---------------------------------------------------------------------- */
/* End to end details.                                                     */

/* --user limits the audit, and an unknown name is reported. */
static void
test_user_filter(void **state)
{
	char *root;
	const char *only_bob[] = { "bob", "nosuch", NULL };
	json_t *doc;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice", "\"|cat x\"\n", 9);
	put_file(root, "home/bob/.forward", 0644, "bob", "\"|cat y\"\n", 9);
	doc = run_audit(root, NULL, NULL);
	assert_int_equal(tu_count_findings(doc, "forward.pipe-refused", NULL), 2);
	json_decref(doc);
	doc = run_audit(root, only_bob, NULL);
	assert_int_equal(tu_count_findings(doc, "forward.pipe-refused", NULL), 1);
	assert_non_null(tu_find_finding(doc, "forward.pipe-refused",
	    "/home/bob/.forward"));
	assert_non_null(tu_find_finding(doc, "forward.unknown-user", NULL));
	json_decref(doc);
	tu_rmroot(root);
}

/* A line longer than MAXLINE-1 is cut; the rest is parsed on its own. */
static void
test_long_line(void **state)
{
	char *root, *text;
	json_t *doc, *f;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	/* 2040 blanks, then a quoted entry that straddles byte 2047 */
	text = malloc(4000);
	memset(text, ' ', 2040);
	strcpy(text + 2040, "\"|vacation alice\"\n");
	put_file(root, "home/alice/.forward", 0644, "alice", text, strlen(text));
	doc = run_audit(root, NULL, NULL);
	assert_non_null(tu_find_finding(doc, "forward.long-line", NULL));
	/* the first piece ends inside the quotes: `"|vacat` */
	assert_int_equal(tu_count_findings(doc, "forward.syntax", NULL), 2);
	f = tu_find_finding(doc, "forward.pipe-refused", NULL);
	assert_non_null(f);
	assert_non_null(strstr(tu_str(f, "actual"), "\"vacat\" not available"));
	assert_null(tu_find_finding(doc, "forward.pipe-runs", NULL));
	json_decref(doc);
	free(text);
	tu_rmroot(root);
}

/*
 * Reading is safe: a FIFO is never opened for reading in a way that
 * blocks, and what the user cannot read never reaches the report.
 */
static void
test_reading_is_safe(void **state)
{
	char *root, *dump;
	json_t *doc, *f;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	tu_mkfifo(root, "home/alice/.forward", 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
	/* root-owned is allowed for a .forward, but bob cannot read 0600 */
	put_file(root, "home/bob/.forward", 0600, NULL,
	    "\"|secret-program --password=hunter2\"\n", 38);
	alarm(20);	/* a blocking open would hang the test */
	doc = run_audit(root, NULL, NULL);
	alarm(0);
	f = tu_find_finding(doc, "forward.ignored", "/home/alice/.forward");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "Regular files only");
	f = tu_find_finding(doc, "forward.ignored", "/home/bob/.forward");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "Permission denied");
	dump = json_dumps(doc, 0);
	assert_null(strstr(dump, "hunter2"));
	assert_null(strstr(dump, "secret-program"));
	free(dump);
	json_decref(doc);

	/*
	 * Mode bits that sendmail's own arithmetic accepts (other may read),
	 * but an ACL entry that denies bob: only the kernel, asked with bob's
	 * identity, keeps the audit out -- as it keeps sendmail out.
	 */
	tu_unlink(root, "home/bob/.forward");
	put_file(root, "home/bob/.forward", 0644, NULL,
	    "\"|secret-program --password=hunter2\"\n", 38);
	tu_set_acl(root, "home/bob/.forward", "u::rw-,u:1002:---,g::r--,m::r--,o::r--");
	doc = run_audit(root, NULL, NULL);
	f = tu_find_finding(doc, "forward.ignored", "/home/bob/.forward");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "Permission denied");
	dump = json_dumps(doc, 0);
	assert_null(strstr(dump, "hunter2"));
	free(dump);
	json_decref(doc);
	tu_rmroot(root);
}

/* A child blocked opening ROOT/rel for writing: it exits once a reader opens it. */
static pid_t
fifo_writer(const char *root, const char *rel)
{
	char *p = tu_path(root, rel);
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(p, O_WRONLY);

		_exit(fd >= 0 ? 0 : 1);
	}
	free(p);
	return pid;
}

static bool
exited(pid_t pid)
{
	int st;

	return waitpid(pid, &st, WNOHANG) == pid;
}

static void
stop_child(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	(void)waitpid(pid, &st, 0);
}

/*
 * A .forward swapped for a FIFO (or a device) after sendmail's checks but
 * before the read is never opened: the audit pins what it judged, checks
 * it is that regular file, and only then opens it.  A FIFO shows an open:
 * a writer blocked on it is released.  The swap is raced for real against
 * whole audits, and the helper is asserted on directly as well.
 */
static void
test_swapped_file_never_opened(void **state)
{
	char *root;
	pid_t writer, swapper;
	struct stat st;
	int root_fd, fd = -1, i;
	const char *users[] = { "alice", NULL };
	bool opened = false;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/reg", 0644, "alice", "bob\n", 4);
	tu_mkfifo(root, "home/alice/fifo", 0644);
	tu_chown(root, "home/alice/fifo", 1001, 1001);
	tu_link(root, "home/alice/reg", "home/alice/.forward");
	writer = fifo_writer(root, "home/alice/fifo");
	usleep(100000);
	assert_false(exited(writer));

	/* the helper: a FIFO that matches the judgement is still refused */
	root_fd = tu_open_root(root);
	assert_int_equal(sf_stat_in_root(root_fd, "/home/alice/fifo", true, &st),
	    0);
	assert_int_equal(sf_open_judged(root_fd, "/home/alice/fifo", true, &st,
	    &fd), SF_E_FILECHANGE);
	assert_int_equal(fd, -1);
	/* ...and another object than the one judged is refused */
	assert_int_equal(sf_open_judged(root_fd, "/home/alice/.forward", true,
	    &st, &fd), SF_E_FILECHANGE);
	/* the judged regular file opens */
	assert_int_equal(sf_stat_in_root(root_fd, "/home/alice/reg", true, &st),
	    0);
	assert_int_equal(sf_open_judged(root_fd, "/home/alice/reg", true, &st,
	    &fd), 0);
	assert_true(fd >= 0);
	close(fd);
	close(root_fd);

	/* the race: .forward alternates between the file and the FIFO */
	swapper = fork();
	assert_true(swapper >= 0);
	if (swapper == 0) {
		char *h = tu_path(root, "home/alice");
		int d = open(h, O_PATH | O_DIRECTORY);

		for (;;) {
			(void)linkat(d, "reg", d, ".r", 0);
			(void)renameat(d, ".r", d, ".forward");
			(void)linkat(d, "fifo", d, ".f", 0);
			(void)renameat(d, ".f", d, ".forward");
		}
	}
	for (i = 0; i < 1000 && !opened; i++) {
		json_decref(run_audit(root, users, NULL));
		opened = exited(writer);
	}
	stop_child(swapper);
	if (opened)
		fail_msg("the audit opened the FIFO swapped in for .forward "
		    "(after %d audits)", i);
	stop_child(writer);
	tu_rmroot(root);
}

/*
 * ROOT's own files (passwd, group, shells, hostname) are opened only when
 * they are regular files: a FIFO in their place is neither waited on nor
 * opened (a writer blocked on it stays blocked).
 */
static void
test_system_files_never_opened_unless_regular(void **state)
{
	static const char *const fifos[] = {
		"etc/shells", "etc/hostname", "etc/group",
	};
	pid_t writers[3];
	char *root;
	json_t *doc;
	size_t i;
	int r;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice",
	    "\"|vacation x\"\n", 14);
	for (i = 0; i < 3; i++) {
		tu_unlink(root, fifos[i]);
		tu_mkfifo(root, fifos[i], 0644);
		writers[i] = fifo_writer(root, fifos[i]);
	}
	usleep(100000);
	alarm(20);
	doc = run_audit(root, NULL, NULL);
	alarm(0);
	/* no /etc/shells to read: sendmail's built-in list refuses bash */
	assert_non_null(tu_find_finding(doc, "forward.bad-shell",
	    "/home/alice/.forward"));
	json_decref(doc);
	usleep(100000);
	for (i = 0; i < 3; i++) {
		if (exited(writers[i]))
			fail_msg("%s (a FIFO) was opened", fifos[i]);
		stop_child(writers[i]);
	}

	tu_unlink(root, "etc/passwd");
	tu_mkfifo(root, "etc/passwd", 0644);
	writers[0] = fifo_writer(root, "etc/passwd");
	usleep(100000);
	alarm(20);
	json_decref(run_audit(root, NULL, &r));
	alarm(0);
	assert_true(r < 0);
	usleep(100000);
	if (exited(writers[0]))
		fail_msg("etc/passwd (a FIFO) was opened");
	stop_child(writers[0]);
	tu_rmroot(root);
}

/*
 * openat2() with RESOLVE_IN_ROOT fails with EAGAIN when a rename anywhere
 * on the system raced a ".." in its walk; the kernel asks the caller to
 * retry.  On a mail server the queue renames all day: a lookup must not
 * turn that into "cannot open now" (a transient error) or "not there".
 * testutil's syscall() stands in for libc's to stage it.
 */


static void
test_openat2_eagain_is_retried(void **state)
{
	const char *users[] = { "alice", NULL };
	struct stat st;
	char *root;
	json_t *doc;
	int root_fd;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice",
	    "\"|vacation x\"\n", 14);
	root_fd = tu_open_root(root);
	tu_fail_openat2(EAGAIN, 3);
	assert_int_equal(sf_stat_in_root(root_fd, "/home/alice/.forward", true,
	    &st), 0);
	assert_int_equal(tu_openat2_failures_left(), 0);
	close(root_fd);

	/* every lookup of the audit meets it once */
	for (int n = 1; n <= 40; n++) {
		tu_fail_openat2(EAGAIN, n);
		doc = run_audit(root, users, NULL);
		if (tu_find_finding(doc, "forward.pipe-runs",
		    "/home/alice/.forward") == NULL || tu_nfindings(doc) != 1) {
			tu_dump(doc);
			fail_msg("an EAGAIN from openat2() (call %d) changed the "
			    "report", n);
		}
		json_decref(doc);
	}
	tu_fail_openat2(EAGAIN, 0);
	tu_rmroot(root);
}

/* The identity is back to root after the audit. */
static void
test_identity_restored(void **state)
{
	char *root;
	json_t *doc;
	gid_t groups[64], groups0[64];
	int n0, n1;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice",
	    "\"|vacation x\", /home/alice/mbox\n", 32);
	/* an identity that cannot be taken (setfsuid(-1) only asks): the
	 * switch fails half-way, after setgroups(), and must be undone */
	tu_append(root, "etc/passwd",
	    "ghost:x:4294967295:1001::/home/ghost:/bin/sh");
	put_dir(root, "home/ghost", 0755, NULL);
	put_file(root, "home/ghost/.forward", 0644, NULL, "\"|vacation g\"\n",
	    14);
	n0 = getgroups(64, groups0);
	doc = run_audit(root, NULL, NULL);
	n1 = getgroups(64, groups);
	assert_int_equal(n0, n1);
	assert_memory_equal(groups0, groups, (size_t)n0 * sizeof(gid_t));
	assert_int_equal(setfsuid((uid_t)-1), 0);
	assert_int_equal(setfsgid((gid_t)-1), 0);
	assert_non_null(tu_find_finding(doc, "forward.pipe-runs",
	    "/home/alice/.forward"));
	assert_non_null(tu_find_finding(doc, "forward.file-target", NULL));
	assert_non_null(tu_find_finding(doc, "forward.unreadable",
	    "/home/ghost/.forward"));
	/* .forward.mailhost does not exist: nothing to say about it */
	assert_int_equal(tu_count_findings(doc, "forward.unreadable", NULL), 1);
	json_decref(doc);
	tu_rmroot(root);
}

/*
 * Streaming: the peak memory of an audit over many users does not grow
 * with their number.  Each run is measured in a fresh process (this test
 * program re-executed with --peak-rss ROOT), with ASan's quarantine off so
 * that freed memory is reused as it would be without the sanitizer;
 * 1 000 and 90 000 users, each with a .forward-less home, are compared.
 */
/* A "VmXXX:  N kB" line of /proc/self/status. */
static long
status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

static int
peak_rss_child(const char *root)
{
	long start;
	json_t *doc;
	FILE *f;

	/* reset the high-water mark: the audit's own peak is measured */
	f = fopen("/proc/self/clear_refs", "w");
	assert_non_null(f);
	fputs("5", f);
	fclose(f);
	start = status_kb("VmRSS:");
	doc = run_audit(root, NULL, NULL);
	json_decref(doc);
	printf("%ld\n", status_kb("VmHWM:") - start);
	return 0;
}

static long
child_peak_kb(const char *root)
{
	int fds[2];
	pid_t pid;
	char buf[64] = "";
	ssize_t n;
	int st;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *argv[] = { (char *)"test_forward", (char *)"--peak-rss",
		    (char *)root, NULL };

		dup2(fds[1], 1);
		close(fds[0]);
		setenv("ASAN_OPTIONS", "quarantine_size_mb=0:detect_leaks=0", 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_true(n > 0);
	return strtol(buf, NULL, 10);
}

static void
make_users(const char *root, unsigned n)
{
	char *p = tu_path(root, "etc/passwd");
	FILE *f = fopen(p, "a");

	assert_non_null(f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "u%u:x:%u:%u::/home/u%u:/bin/sh\n", i, 20000 + i,
		    20000 + i, i);
	fclose(f);
	free(p);
}

static void
test_streaming(void **state)
{
	char *small = tu_mkroot(), *large = tu_mkroot();
	long a, b;

	(void)state;
	tu_write(small, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_write(large, "etc/mail/sendmail.cf", default_cf, 0644);
	make_users(small, 1000);
	make_users(large, 90000);
	a = child_peak_kb(small);
	b = child_peak_kb(large);
	print_message("peak growth: %ld KiB (1k users), %ld KiB (90k users)\n",
	    a, b);
	/* 90 times the users: fixed allocator noise (ASan: ~1.6 MiB), no growth
	 * per user (40 bytes kept per user would add 3.5 MiB) */
	assert_true(b <= a + 3072);
	tu_rmroot(small);
	tu_rmroot(large);
}

/* No sendmail.cf: one finding that names it, exit 1, not an unexplained error. */
/*
 * The finding that says what sendmail does with an entry carries the
 * model's prediction; the findings that only explain do not.
 */
static void
test_prediction_object(void **state)
{
	static const char fwd[] = "\"|/usr/bin/procmail -f-\", "
	    "/home/alice/mbox, \\alice, \"|/usr/bin/nosuch\"\n";
	char *root;
	json_t *doc, *f, *p;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice", fwd, strlen(fwd));
	doc = run_audit(root, NULL, NULL);

	f = tu_find_finding(doc, "forward.pipe-runs", "/home/alice/.forward");
	assert_non_null(f);
	p = json_object_get(f, "prediction");
	assert_non_null(p);
	assert_string_equal(tu_str(p, "user"), "alice");
	assert_string_equal(tu_str(p, "delivery"), "pipe");
	assert_string_equal(tu_str(p, "outcome"), "runs");
	assert_string_equal(tu_str(p, "entry"), "\"|/usr/bin/procmail -f-\"");
	assert_int_equal(json_integer_value(json_object_get(p, "uid")), 1001);
	assert_int_equal(json_integer_value(json_object_get(p, "line")), 1);
	assert_true(json_is_true(json_object_get(p, "allowed")));
	assert_string_equal(tu_str(p, "sh_c"), tu_str(f, "actual"));
	assert_int_equal(json_array_size(json_object_get(p, "runs")), 1);

	f = tu_find_finding(doc, "forward.pipe-refused", "/home/alice/.forward");
	assert_non_null(f);
	p = json_object_get(f, "prediction");
	assert_string_equal(tu_str(p, "outcome"), "smrsh-refuses");
	assert_true(json_is_false(json_object_get(p, "allowed")));
	assert_non_null(strstr(tu_str(p, "reason"), "nosuch"));

	f = tu_find_finding(doc, "forward.file-target", "/home/alice/.forward");
	assert_non_null(f);
	p = json_object_get(f, "prediction");
	assert_string_equal(tu_str(p, "delivery"), "file");
	assert_string_equal(tu_str(p, "outcome"), "creates");
	assert_string_equal(tu_str(p, "target"), "/var/mailjail/home/alice/mbox");
	assert_string_equal(tu_str(p, "mode"), "0640");
	assert_int_equal(json_integer_value(json_object_get(p, "uid")), 1001);

	f = tu_find_finding(doc, "forward.local-copy", "/home/alice/.forward");
	assert_non_null(f);
	p = json_object_get(f, "prediction");
	assert_string_equal(tu_str(p, "delivery"), "local-copy");
	assert_string_equal(tu_str(p, "outcome"), "delivers");
	assert_string_equal(tu_str(p, "to"), "alice");
	json_decref(doc);
	tu_rmroot(root);
}

/*
 * A plain, correct .forward on a correctly hardened host: "|procmail -f-"
 * with procmail linked in smrsh's directory.  `jailctl audit forward`
 * exits 0, and its one finding (smrsh runs its own link) is info.
 */
static void
test_plain_forward_exits_0(void **state)
{
	static const char fwd[] = "\"|/usr/bin/procmail -f-\"\n";
	char *root;
	json_t *doc, *f;

	(void)state;
	TU_REQUIRE_ROOT();
	root = base_root();
	tu_write(root, "etc/mail/sendmail.cf", default_cf, 0644);
	tu_append(root, "etc/mail/sendmail.cf", smrsh_mailer);
	put_file(root, "home/alice/.forward", 0644, "alice", fwd, strlen(fwd));
	doc = tu_run_json_expect(0, "--root", root, "--profile", "debian",
	    "audit", "forward", NULL);
	assert_int_equal(tu_nfindings(doc), 1);
	f = tu_expect_finding(doc, "forward.pipe-runs", "/home/alice/.forward",
	    "info");
	assert_string_equal(tu_str(f, "actual"), "/etc/mail/smrsh/procmail -f-");
	json_decref(doc);
	tu_rmroot(root);
}

static void
test_missing_cf_is_a_finding(void **state)
{
	char *root = tu_mkroot();
	int st;
	json_t *doc;

	(void)state;
	doc = tu_run_json(&st, "--root", root, "--profile", "debian", "--cf",
	    "/etc/mail/none.cf", "audit", "forward", NULL);
	assert_int_equal(st, 1);
	tu_expect_finding(doc, "forward.no-config", "/etc/mail/none.cf", "medium");
	json_decref(doc);
	tu_rmroot(root);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_parse_default_blanksub),
		cmocka_unit_test(test_parse_local_flags),
		cmocka_unit_test(test_parse_commas),
		cmocka_unit_test(test_parse_too_long),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_stripquotes),
		cmocka_unit_test(test_shells),
		cmocka_unit_test(test_safedirpath),
		cmocka_unit_test(test_safefile),
		cmocka_unit_test(test_user_filter),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_reading_is_safe),
		cmocka_unit_test(test_swapped_file_never_opened),
		cmocka_unit_test(test_system_files_never_opened_unless_regular),
		cmocka_unit_test(test_openat2_eagain_is_retried),
		cmocka_unit_test(test_identity_restored),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_missing_cf_is_a_finding),
		cmocka_unit_test(test_prediction_object),
		cmocka_unit_test(test_plain_forward_exits_0),
	};

	if (argc == 3 && strcmp(argv[1], "--peak-rss") == 0)
		return peak_rss_child(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
