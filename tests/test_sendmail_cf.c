/*
 * test_sendmail_cf.c -- sendmail.cf read with sendmail 8.17's rules.
 *
 * The fixtures in tests/data/cf are what m4 makes of Debian 12's stock
 * sendmail.mc (and of the same with FEATURE(smrsh) and a jail), plus a
 * RHEL-style file; the small cases are written inline, one rule each.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "sendmail_cf.h"

/* ---------------------------------------------------------------------- */

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;

	assert_non_null(f);
	assert_non_null(mem);
	while ((c = fgetc(f)) != EOF)
		fputc(c, mem);
	fclose(f);
	fclose(mem);
	return buf;
}

static struct sendmail_cf *
parse(const char *text)
{
	struct sendmail_cf *cf = cf_parse(text, strlen(text), "test.cf");

	assert_non_null(cf);
	return cf;
}

/* Load a fixture through cf_load() from ROOT/etc/mail/sendmail.cf. */
static struct sendmail_cf *
load_fixture(const char *name)
{
	char *rel, *src, *text, *root = tu_mkroot();
	struct sendmail_cf *cf = NULL;
	int fd, r;

	assert_true(asprintf(&rel, "tests/data/cf/%s", name) > 0);
	src = tu_srcfile(rel);
	text = slurp(src);
	tu_write(root, "etc/mail/sendmail.cf", text, 0644);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	r = cf_load(fd, "/etc/mail/sendmail.cf", &cf);
	assert_int_equal(r, 0);
	close(fd);
	tu_rmroot(root);
	free(text);
	free(src);
	free(rel);
	return cf;
}

static size_t
count(char **v)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	return n;
}

/* The warning that mentions `needle`, or NULL. */
static const char *
warning_with(const struct sendmail_cf *cf, const char *needle)
{
	for (size_t i = 0; cf->warnings[i] != NULL; i++)
		if (strstr(cf->warnings[i], needle) != NULL)
			return cf->warnings[i];
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* The fixtures.                                                            */

static void
test_debian_default(void **state)
{
	struct sendmail_cf *cf = load_fixture("sendmail.cf.debian12-default");
	static const char *const dbs[] = {
		/* Debian's line, in conf.c's table order. */
		"AssumeSafeChown", "GroupWritableForwardFileSafe",
		"GroupWritableIncludeFileSafe", "ForwardFileInGroupWritableDirPath",
		"IncludeFileInGroupWritableDirPath", "NonRootSafeAddr",
		"TrustStickyBit", "DontWarnForwardFileInUnsafeDirPath",
		"GroupWritableIncludeFile", "GroupReadableDefaultAuthInfoFile",
	};

	(void)state;
	assert_string_equal(cf->file, "/etc/mail/sendmail.cf");
	assert_int_equal(cf->config_level, 10);

	/* Mprog on line 1844, folded over three lines. */
	assert_false(cf->prog.builtin);
	assert_int_equal(cf->prog.line, 1844);
	assert_string_equal(cf->prog.path, "/bin/sh");
	assert_string_equal(cf->prog.flags, "lsDFMoqeu9");
	assert_string_equal(cf->prog.argv, "sh -c $u");
	assert_int_equal(count(cf->prog.args), 3);
	assert_string_equal(cf->prog.args[0], "sh");
	assert_string_equal(cf->prog.dir, "$z:/");
	assert_false(cf_prog_is_smrsh(cf));
	assert_string_equal(cf->local.path, "/usr/sbin/sensible-mda");

	/* O SafeFileEnvironment=/ (line 446): sendmail ignores it. */
	assert_null(cf->safe_file_env);
	assert_string_equal(cf->safe_file_env_raw, "/");
	assert_int_equal(cf->safe_file_env_raw_line, 446);
	assert_int_equal(cf->safe_file_env_line, 0);

	/* The DBS line starts with an empty item; all ten names count. */
	assert_int_equal(count(cf->dbs_names), 10);
	for (size_t i = 0; i < 10; i++)
		assert_string_equal(cf->dbs_names[i], dbs[i]);
	assert_true(cf_dbs(cf, DBS_FORWARDFILEINGROUPWRITABLEDIRPATH));
	assert_false(cf_dbs(cf, DBS_GROUPWRITABLEFORWARDFILE));
	assert_int_equal(cf->dbs_line[DBS_TRUSTSTICKYBIT], 84);

	assert_string_equal(cf->forward_path, "$z/.forward.$w:$z/.forward");
	assert_int_equal(cf->forward_path_line, 237);
	assert_string_equal(cf->trusted_user, "smmta");
	assert_string_equal(cf->default_user, "mail:mail");
	assert_string_equal(cf->temp_file_mode, "0640");
	assert_string_equal(cf->blank_sub, ".");
	assert_null(cf->run_as_user);

	assert_int_equal(count(cf->trusted_class), 3);
	assert_string_equal(cf->trusted_class[0], "root");
	assert_string_equal(cf->trusted_class[2], "uucp");

	/* Every line of the stock file is one sendmail reads silently. */
	assert_int_equal(cf->nwarnings, 0);
	assert_null(cf->warnings[0]);
	cf_free(cf);
}

static void
test_debian_smrsh_jail(void **state)
{
	struct sendmail_cf *cf = load_fixture("sendmail.cf.debian12-smrsh-jail");

	(void)state;
	assert_string_equal(cf->prog.path, "/usr/libexec/sendmail/smrsh");
	assert_string_equal(cf->prog.argv, "smrsh -c $u");
	assert_true(cf_prog_is_smrsh(cf));
	assert_string_equal(cf->safe_file_env, "/var/mailjail");
	assert_string_equal(cf->safe_file_env_raw, "/var/mailjail");
	assert_int_equal(cf->safe_file_env_line, 448);
	assert_string_equal(cf->forward_path,
	    "$z/.forward.$w+$h:$z/.forward+$h:$z/.forward.$w:$z/.forward");
	assert_int_equal(cf->nwarnings, 0);
	cf_free(cf);
}

static void
test_rhel_style(void **state)
{
	struct sendmail_cf *cf = load_fixture("sendmail.cf.rhel-style");

	(void)state;
	assert_string_equal(cf->prog.path, "/usr/sbin/smrsh");
	assert_true(cf_prog_is_smrsh(cf));
	assert_string_equal(cf->local.path, "/usr/bin/procmail");
	assert_string_equal(cf->local.argv, "procmail -t -Y -a $h -d $u");
	/* Commented out: never set. */
	assert_null(cf->safe_file_env_raw);
	assert_int_equal(cf->dbs, 0);
	assert_string_equal(cf->default_user, "8:12");
	assert_int_equal(cf->nwarnings, 0);
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* Option names.                                                            */

static void
test_abbreviation(void **state)
{
	struct sendmail_cf *cf = parse(
	    "O SafeFileEnv=/x\n"
	    "O Trust=smmta\n"
	    "O safefileenvironment=/y\n"
	    "O SharedMemoryKey=7\n");
	const char *w;

	(void)state;
	/* Case-insensitive, and the later line wins. */
	assert_string_equal(cf->safe_file_env, "/y");
	assert_int_equal(cf->safe_file_env_line, 3);
	assert_string_equal(cf->trusted_user, "smmta");
	w = warning_with(cf, "SafeFileEnv ");
	assert_non_null(w);
	assert_string_equal(w, "line 1: Option SafeFileEnv used as abbreviation "
	    "for SafeFileEnvironment");
	assert_non_null(warning_with(cf,
	    "Option Trust used as abbreviation for TrustedUser"));
	/* A full name that is also a prefix of another is not ambiguous. */
	assert_null(warning_with(cf, "SharedMemoryKey"));
	/* Two abbreviation warnings and "No local mailer defined". */
	assert_int_equal(cf->nwarnings, 3);
	cf_free(cf);
}

static void
test_ambiguous_and_unknown(void **state)
{
	struct sendmail_cf *cf = parse(
	    "O Dont=GroupWritableForwardFile\n"
	    "O SafeFileEnvironmentX=/x\n"
	    "O =/x\n");

	(void)state;
	assert_int_equal(cf->dbs, 0);
	assert_null(cf->safe_file_env_raw);
	assert_non_null(warning_with(cf, "line 1: readcf: ambiguous option "
	    "name Dont (matches DontPruneRoutes and DontExpandCnames)"));
	assert_non_null(warning_with(cf, "line 2: readcf: unknown option name "
	    "SafeFileEnvironmentX"));
	assert_non_null(warning_with(cf, "line 3: readcf: null option name"));
	cf_free(cf);
}

static void
test_double_space_after_O(void **state)
{
	struct sendmail_cf *cf = parse(
	    "O  SafeFileEnvironment=/var/mailjail\n"
	    "O\tForwardPath=/x\n");

	(void)state;
	/* The second space becomes part of the name: unknown, nothing set. */
	assert_null(cf->safe_file_env);
	assert_null(cf->safe_file_env_raw);
	assert_non_null(warning_with(cf, "line 1: readcf: unknown option name  "
	    "SafeFileEnvironment"));
	/* A tab is read as the single-letter option 0x9. */
	assert_null(cf->forward_path);
	assert_non_null(warning_with(cf, "line 2: readcf: unknown option name 0x9"));
	cf_free(cf);
}

static void
test_single_letter_and_suboption(void **state)
{
	struct sendmail_cf *cf = parse(
	    "OJ/var/forward/$u\n"
	    "OF0600\n"
	    "Oumail:mail\n"
	    "OB.\n"
	    "O SafeFileEnvironment.whatever=/z\n"
	    "O ForwardPath\n");

	(void)state;
	assert_string_equal(cf->temp_file_mode, "0600");
	assert_string_equal(cf->default_user, "mail:mail");
	assert_string_equal(cf->blank_sub, ".");
	/* SafeFileEnvironment takes no suboption; sendmail ignores ".whatever". */
	assert_string_equal(cf->safe_file_env, "/z");
	/* No '=': the value is empty, and an empty ForwardPath turns
	 * .forward off (not the same as absent). */
	assert_non_null(cf->forward_path);
	assert_string_equal(cf->forward_path, "");
	assert_int_equal(cf->forward_path_line, 6);
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* Lines.                                                                   */

static void
test_continuation_lines(void **state)
{
	struct sendmail_cf *cf = parse(
	    "Mlocal, P=/bin/true, A=true\n"
	    "Mprog,\tP=/usr/sbin/smrsh,\n"
	    "\tF=lsDFMoqeu9,\r\n"
	    " \tA=smrsh\n"
	    "\t\t-c $u\n"
	    "O DontBlameSendmail=GroupWritableForwardFile\n"
	    "\tWorldWritableForwardFile\n"
	    "#O SafeFileEnvironment=/commented\n"
	    "\tstill part of the comment\n"
	    "\n"
	    "O TrustedUser=smmta\n");

	(void)state;
	assert_int_equal(cf->prog.line, 2);
	assert_string_equal(cf->prog.path, "/usr/sbin/smrsh");
	assert_string_equal(cf->prog.flags, "lsDFMoqeu9");
	/* The newline between folded lines is white space to makeargv(). */
	assert_string_equal(cf->prog.argv, "smrsh -c $u");
	assert_true(cf_dbs(cf, DBS_GROUPWRITABLEFORWARDFILE));
	assert_true(cf_dbs(cf, DBS_WORLDWRITABLEFORWARDFILE));
	assert_int_equal(cf->dbs_line[DBS_WORLDWRITABLEFORWARDFILE], 6);
	assert_null(cf->safe_file_env_raw);
	assert_string_equal(cf->trusted_user, "smmta");
	assert_int_equal(cf->nwarnings, 0);
	cf_free(cf);
}

static void
test_inline_comments(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	/* From V3 on, " # ..." ends the value; "\#" is a literal '#'. */
	cf = parse("V10/Berkeley\n"
	    "O SafeFileEnvironment=/var/mailjail   # the jail\n"
	    "O ForwardPath=/var/fwd/\\#$u\n"
	    "O TempFileMode=0600 \t \n");
	assert_string_equal(cf->safe_file_env, "/var/mailjail");
	assert_string_equal(cf->forward_path, "/var/fwd/#$u");
	/* Trailing white space never survives. */
	assert_string_equal(cf->temp_file_mode, "0600");
	cf_free(cf);

	/* Before any V line the level is 0 and '#' is ordinary text. */
	cf = parse("O SafeFileEnvironment=/var/mailjail # the jail\n");
	assert_string_equal(cf->safe_file_env, "/var/mailjail # the jail");
	cf_free(cf);
}

static void
test_unknown_line_type(void **state)
{
	struct sendmail_cf *cf = parse("Zsomething odd\n"
	    "Mlocal, P=/bin/true, A=true\n");

	(void)state;
	assert_int_equal(cf->nwarnings, 1);
	assert_string_equal(cf->warnings[0],
	    "line 1: unknown configuration line \"Zsomething odd\"");
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* DontBlameSendmail and SafeFileEnvironment.                              */

static void
test_dbs_accumulates_until_safe(void **state)
{
	struct sendmail_cf *cf = parse(
	    "O DontBlameSendmail=GroupWritableForwardFile,LinkedForwardFileInWritableDir\n"
	    "O DontBlameSendmail=safe\n"
	    "O DontBlameSendmail=,ForwardFileInUnsafeDirPath; TrustStickyBit\n"
	    "O DontBlameSendmail=worldwritableforwardfile bogusname,\n"
	    "O UnsafeGroupWrites=False\n");

	(void)state;
	assert_false(cf_dbs(cf, DBS_GROUPWRITABLEFORWARDFILE));
	assert_false(cf_dbs(cf, DBS_LINKEDFORWARDFILEINWRITABLEDIR));
	assert_int_equal(cf->dbs_line[DBS_GROUPWRITABLEFORWARDFILE], 0);
	assert_true(cf_dbs(cf, DBS_FORWARDFILEINUNSAFEDIRPATH));
	assert_true(cf_dbs(cf, DBS_TRUSTSTICKYBIT));
	assert_true(cf_dbs(cf, DBS_WORLDWRITABLEFORWARDFILE));
	assert_int_equal(cf->dbs_line[DBS_WORLDWRITABLEFORWARDFILE], 4);
	/* The deprecated UnsafeGroupWrites=False sets the two ...FileSafe. */
	assert_true(cf_dbs(cf, DBS_GROUPWRITABLEFORWARDFILESAFE));
	assert_true(cf_dbs(cf, DBS_GROUPWRITABLEINCLUDEFILESAFE));
	assert_int_equal(count(cf->dbs_names), 5);
	assert_non_null(warning_with(cf, "line 4: readcf: DontBlameSendmail "
	    "option: bogusname unrecognized"));
	cf_free(cf);
}

static void
test_dbs_names(void **state)
{
	int named = 0;

	(void)state;
	for (int f = 0; f < DBS__COUNT; f++) {
		const char *n = cf_dbs_name((enum dbs_flag)f);

		if (f == DBS_DONTINITGROUPS) {
			assert_null(n);
			continue;
		}
		assert_non_null(n);
		assert_int_equal(cf_dbs_lookup(n), f);
		named++;
	}
	/* conf.c 8.17 has 42 flags besides "safe". */
	assert_int_equal(named, 42);
	assert_int_equal(cf_dbs_lookup("SAFE"), -1);
	assert_int_equal(cf_dbs_lookup("dontinitgroups"), -2);
	assert_int_equal(cf_dbs_lookup("truststickybit"), DBS_TRUSTSTICKYBIT);
}

static void
test_safefileenv_slash_does_not_clear(void **state)
{
	struct sendmail_cf *cf = parse(
	    "O SafeFileEnvironment=/var/mailjail//\n"
	    "O SafeFileEnvironment=/\n"
	    "O SafeFileEnvironment=\n"
	    "O SafeFileEnvironment=///\n");

	(void)state;
	assert_string_equal(cf->safe_file_env, "/var/mailjail");
	assert_int_equal(cf->safe_file_env_line, 1);
	assert_string_equal(cf->safe_file_env_raw, "///");
	assert_int_equal(cf->safe_file_env_raw_line, 4);
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* Mailers.                                                                 */

static void
test_builtin_prog(void **state)
{
	struct sendmail_cf *cf = parse("O ForwardPath=$z/.forward\n");

	(void)state;
	assert_true(cf->prog.builtin);
	assert_int_equal(cf->prog.line, 0);
	assert_string_equal(cf->prog.path, "/bin/sh");
	assert_string_equal(cf->prog.flags, "lsouDq9");
	assert_string_equal(cf->prog.argv, "sh -c $u");
	assert_false(cf_prog_is_smrsh(cf));
	/* Nor is there a default local mailer. */
	assert_null(cf->local.name);
	assert_non_null(warning_with(cf, "No local mailer defined"));
	cf_free(cf);
}

static void
test_broken_prog_lines_leave_builtin(void **state)
{
	struct sendmail_cf *cf = parse(
	    "Mlocal, P=/bin/true, A=true\n"
	    "Mprog, P=/usr/sbin/smrsh, F=lsDFMoqeu9\n"
	    "Mprog, P=/usr/sbin/smrsh, A=smrsh -c $u,\n"
	    "Mprog, p=/usr/sbin/smrsh, A=smrsh -c $u\n");

	(void)state;
	/* No A=; a trailing comma; a lower-case p (not a field sendmail
	 * knows): each line is dropped whole, the built-in stays. */
	assert_true(cf->prog.builtin);
	assert_string_equal(cf->prog.path, "/bin/sh");
	assert_non_null(warning_with(cf, "line 2: Mprog: A= argument required"));
	assert_non_null(warning_with(cf, "line 3: mailer prog: `=' expected"));
	assert_non_null(warning_with(cf, "line 4: Mprog: unknown mailer equate p="));
	assert_non_null(warning_with(cf, "line 4: Mprog: P= argument required"));
	cf_free(cf);
}

static void
test_long_field_names(void **state)
{
	struct sendmail_cf *cf = parse(
	    "Mprog, Path=/usr/sbin/smrsh, Flags=lsDFMoqeu9, Directory=$z:/,\n"
	    "\tUser=mail:mail, /=/var/mailjail, Argv=smrsh -c $u\n");

	(void)state;
	assert_false(cf->prog.builtin);
	assert_string_equal(cf->prog.path, "/usr/sbin/smrsh");
	assert_string_equal(cf->prog.flags, "lsDFMoqeu9");
	assert_string_equal(cf->prog.dir, "$z:/");
	assert_string_equal(cf->prog.user, "mail:mail");
	assert_string_equal(cf->prog.rootdir, "/var/mailjail");
	assert_string_equal(cf->prog.argv, "smrsh -c $u");
	assert_true(cf_prog_is_smrsh(cf));
	cf_free(cf);
}

static void
test_quoted_commas(void **state)
{
	struct sendmail_cf *cf = parse(
	    "Mprog, P=\"/opt/odd,dir/smrsh\", F=lsu,"
	    " A=smrsh -c \"a, b\" x\\,y $u, D=/tmp\n");

	(void)state;
	/* Quotes vanish, backslash escapes: the comma inside stays. */
	assert_string_equal(cf->prog.path, "/opt/odd,dir/smrsh");
	assert_true(cf_prog_is_smrsh(cf));
	assert_string_equal(cf->prog.argv, "smrsh -c a, b x,y $u");
	assert_int_equal(count(cf->prog.args), 6);
	assert_string_equal(cf->prog.args[3], "b");
	assert_string_equal(cf->prog.args[4], "x,y");
	assert_string_equal(cf->prog.dir, "/tmp");
	cf_free(cf);
}

static void
test_trusted_class(void **state)
{
	struct sendmail_cf *cf = parse("Troot daemon\nCt uucp\nC{t} news\nCw host\n");

	(void)state;
	assert_int_equal(count(cf->trusted_class), 4);
	assert_string_equal(cf->trusted_class[1], "daemon");
	assert_string_equal(cf->trusted_class[3], "news");
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* Opening the file beneath the root.                                       */

struct scratch {
	char *dir;		/* mkdtemp: root/ and a file outside it */
	char *root;
	int root_fd;
};

static int
scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));
	char tmpl[] = "/tmp/jailctl-cf-XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	s->dir = strdup(tmpl);
	assert_true(asprintf(&s->root, "%s/root", s->dir) > 0);
	assert_int_equal(mkdir(s->root, 0755), 0);
	s->root_fd = open(s->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(s->root_fd >= 0);
	*state = s;
	return 0;
}

static int
scratch_teardown(void **state)
{
	struct scratch *s = *state;

	close(s->root_fd);
	tu_rmroot(s->dir);
	free(s->root);
	free(s);
	return 0;
}

static void
test_load_stays_beneath_root(void **state)
{
	struct scratch *s = *state;
	struct sendmail_cf *cf = NULL;
	char *p;

	/* A real cf outside the root, and links in the root aiming at it. */
	tu_write(s->dir, "outside.cf", "O SafeFileEnvironment=/outside\n", 0644);
	tu_write(s->root, "etc/mail/real.cf", "O SafeFileEnvironment=/inside\n",
	    0644);
	p = tu_path(s->root, "etc/mail/sendmail.cf");
	assert_int_equal(symlink("/etc/mail/real.cf", p), 0);
	free(p);
	p = tu_path(s->root, "etc/mail/escape.cf");
	assert_int_equal(symlink("../../../outside.cf", p), 0);
	free(p);

	/* An absolute link resolves inside the root. */
	assert_int_equal(cf_load(s->root_fd, "/etc/mail/sendmail.cf", &cf), 0);
	assert_string_equal(cf->safe_file_env, "/inside");
	cf_free(cf);

	/* ".." stops at the root: ROOT/outside.cf, which does not exist. */
	assert_int_equal(cf_load(s->root_fd, "/etc/mail/escape.cf", &cf), -ENOENT);
	assert_null(cf);
	assert_int_equal(cf_load(s->root_fd, "/../outside.cf", &cf), -ENOENT);
}

static void
test_load_refuses_odd_files(void **state)
{
	struct scratch *s = *state;
	struct sendmail_cf *cf = NULL;
	char *p;
	int fd;

	/* A FIFO must neither hang the audit nor be read. */
	p = tu_path(s->root, "fifo.cf");
	assert_int_equal(mkfifo(p, 0644), 0);
	free(p);
	assert_int_equal(cf_load(s->root_fd, "/fifo.cf", &cf), -EINVAL);

	p = tu_path(s->root, "dir.cf");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	assert_int_equal(cf_load(s->root_fd, "/dir.cf", &cf), -EISDIR);

	/* Larger than the cap (sparse, so it costs nothing). */
	p = tu_path(s->root, "huge.cf");
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)CF_MAX_SIZE + 1), 0);
	close(fd);
	free(p);
	assert_int_equal(cf_load(s->root_fd, "/huge.cf", &cf), -EFBIG);

	assert_int_equal(cf_load(s->root_fd, "/missing.cf", &cf), -ENOENT);
	assert_null(cf);
}

static void
test_load_records_mode_and_nul(void **state)
{
	struct scratch *s = *state;
	struct sendmail_cf *cf = NULL;
	static const char text[] = "O SafeFileEnvironment=/a\0/b\nO TrustedUser=x\n";
	char *p = tu_path(s->root, "nul.cf");
	int fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0664);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	assert_int_equal(fchmod(fd, 0664), 0);
	close(fd);
	free(p);
	assert_int_equal(cf_load(s->root_fd, "/nul.cf", &cf), 0);
	assert_int_equal(cf->mode & 07777, 0664);
	/* sendmail's C strings end at the NUL; the next line is read. */
	assert_string_equal(cf->safe_file_env, "/a");
	assert_string_equal(cf->trusted_user, "x");
	cf_free(cf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_default),
		cmocka_unit_test(test_debian_smrsh_jail),
		cmocka_unit_test(test_rhel_style),
		cmocka_unit_test(test_abbreviation),
		cmocka_unit_test(test_ambiguous_and_unknown),
		cmocka_unit_test(test_double_space_after_O),
		cmocka_unit_test(test_single_letter_and_suboption),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_inline_comments),
		cmocka_unit_test(test_unknown_line_type),
		cmocka_unit_test(test_dbs_accumulates_until_safe),
		cmocka_unit_test(test_dbs_names),
		cmocka_unit_test(test_safefileenv_slash_does_not_clear),
		cmocka_unit_test(test_builtin_prog),
		cmocka_unit_test(test_broken_prog_lines_leave_builtin),
		cmocka_unit_test(test_long_field_names),
		cmocka_unit_test(test_quoted_commas),
		cmocka_unit_test(test_trusted_class),
		cmocka_unit_test_setup_teardown(test_load_stays_beneath_root,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_odd_files,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_load_records_mode_and_nul,
		    scratch_setup, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
