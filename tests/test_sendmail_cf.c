/*
 * test_sendmail_cf.c -- sendmail.cf read with sendmail 8.17's rules.
 *
 * The fixtures in tests/data/cf are what m4 makes of Debian 12's stock
 * sendmail.mc (and of the same with FEATURE(smrsh) and a jail), plus a
 * RHEL-style file; the small cases are written inline, one rule each.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "sendmail_cf.h"

/* ---------------------------------------------------------------------- */

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
	text = tu_read_file(src);
	tu_write(root, "etc/mail/sendmail.cf", text, 0644);
	fd = tu_open_root(root);
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

	/* What the .forward audit takes from the file. */
	assert_string_equal(cf->operator_chars, ".:%@!^/[]+");
	assert_int_equal(cf->operator_chars_line, 470);
	assert_false(cf->operator_chars_from_macro);
	assert_int_equal(cf->operator_chars_ignored_line, 0);
	/* "#O MaxAliasRecursion=10", "#O DontInitGroups=False": defaults */
	assert_int_equal(cf->max_alias_recursion, 10);
	assert_int_equal(cf->max_alias_recursion_line, 0);
	assert_false(cf->dont_init_groups);
	assert_int_equal(cf->dont_init_groups_line, 0);
	assert_int_equal(cf->default_user_line, 383);
	assert_int_equal(cf->ndefault_ids, 1);
	assert_true(cf->file_mailer.builtin);
	assert_string_equal(cf->file_mailer.path, "[FILE]");

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
/* OperatorChars, MaxAliasRecursion, DontInitGroups.                        */

static void
test_operator_chars_defaults(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	/* Nothing set: parseaddr.c's ".:@[]". */
	cf = parse("V10/Berkeley\n");
	assert_string_equal(cf->operator_chars, ".:@[]");
	assert_int_equal(cf->operator_chars_line, 0);
	assert_false(cf->operator_chars_from_macro);
	cf_free(cf);

	/* Below level 7 the $o macro stands in, braces or not... */
	cf = parse("V6/Berkeley\nDo.:%@!^=/[]\n");
	assert_string_equal(cf->operator_chars, ".:%@!^=/[]");
	assert_int_equal(cf->operator_chars_line, 2);
	assert_true(cf->operator_chars_from_macro);
	cf_free(cf);
	cf = parse("V6\nD{o}.:-\n");
	assert_string_equal(cf->operator_chars, ".:-");
	cf_free(cf);

	/* ...from level 7 on it is just a macro. */
	cf = parse("V7/Berkeley\nDo.:%@!^=/[]\n");
	assert_string_equal(cf->operator_chars, ".:@[]");
	assert_false(cf->operator_chars_from_macro);
	cf_free(cf);

	/* The option beats the macro at any level. */
	cf = parse("V6\nDo.:%\nO OperatorChars=.:!\n");
	assert_string_equal(cf->operator_chars, ".:!");
	assert_int_equal(cf->operator_chars_line, 3);
	assert_false(cf->operator_chars_from_macro);
	cf_free(cf);
}

static void
test_operator_chars_option_rules(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	/* Case-insensitive name, abbreviation accepted with sendmail's
	 * warning; munchstring(): the quotes go, a backslash escapes. */
	cf = parse("O operatorch=\".:\"\\\"@\n");
	assert_string_equal(cf->operator_chars, ".:\"@");
	assert_int_equal(cf->operator_chars_line, 1);
	assert_non_null(warning_with(cf, "line 1: Option operatorch used as "
	    "abbreviation for OperatorChars"));
	cf_free(cf);

	/* There is no single-letter form: `Oo` is OldStyleHeaders. */
	cf = parse("Oo.:%@!^/[]+\n");
	assert_string_equal(cf->operator_chars, ".:@[]");
	assert_int_equal(cf->operator_chars_line, 0);
	assert_int_equal(cf->nwarnings, 1);	/* only "No local mailer" */
	cf_free(cf);

	/* Macros are expanded, "$$" is a dollar; 40 bytes at most. */
	cf = parse("D{ops}%!\nDx^\nO OperatorChars=.:${ops}$x$$\n");
	assert_string_equal(cf->operator_chars, ".:%!^$");
	cf_free(cf);
	cf = parse("O OperatorChars=.:%@!^/[]+.:%@!^/[]+.:%@!^/[]+.:%@!^/[]+.:\n");
	assert_int_equal(strlen(cf->operator_chars), CF_MAX_OPERATOR_CHARS);
	cf_free(cf);

	/* An empty value is a value: only sendmail's own delimiters remain. */
	cf = parse("O OperatorChars=\n");
	assert_string_equal(cf->operator_chars, "");
	assert_int_equal(cf->operator_chars_line, 1);
	cf_free(cf);
}

/* The first rewrite rule fixes the token tables; later lines only warn. */
static void
test_operator_chars_after_rules(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	cf = parse(
	    "O OperatorChars=.:%@\n"
	    "S0\n"
	    "R$+\t$@ $1\n"
	    "O OperatorChars=.:-\n");
	assert_string_equal(cf->operator_chars, ".:%@");
	assert_int_equal(cf->operator_chars_line, 1);
	assert_int_equal(cf->operator_chars_ignored_line, 4);
	assert_non_null(warning_with(cf, "line 4: Warning: OperatorChars is "
	    "being redefined."));
	cf_free(cf);

	/* Nothing set before the rule: the default is fixed there. */
	cf = parse("S0\nR$+\t$@ $1\nO OperatorChars=.:-\n");
	assert_string_equal(cf->operator_chars, ".:@[]");
	assert_int_equal(cf->operator_chars_ignored_line, 3);
	cf_free(cf);

	/* R lines sendmail refuses before prescan() (no S line yet, no TAB)
	 * fix nothing; a second definition before the rules still warns. */
	cf = parse(
	    "R$+\t$@ $1\n"
	    "S0\n"
	    "R$+ $@ $1\n"
	    "O OperatorChars=.:%\n"
	    "O OperatorChars=.:-\n"
	    "R$+\t$@ $1\n");
	assert_string_equal(cf->operator_chars, ".:-");
	assert_int_equal(cf->operator_chars_line, 5);
	assert_int_equal(cf->operator_chars_ignored_line, 0);
	assert_non_null(warning_with(cf, "line 5: Warning: OperatorChars is "
	    "being redefined."));
	cf_free(cf);
}

static void
test_max_alias_recursion(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	cf = parse("V10\n");
	assert_int_equal(cf->max_alias_recursion, CF_DEFAULT_MAX_ALIAS_RECURSION);
	assert_int_equal(cf->max_alias_recursion_line, 0);
	cf_free(cf);

	cf = parse("O MaxAliasRecursion=3\nO maxaliasrec=  25x\n");
	assert_int_equal(cf->max_alias_recursion, 25);	/* atoi() */
	assert_int_equal(cf->max_alias_recursion_line, 2);
	assert_non_null(warning_with(cf, "line 2: Option maxaliasrec used as "
	    "abbreviation for MaxAliasRecursion"));
	cf_free(cf);

	/* Not a number: atoi() says 0, and every alias level is too deep. */
	cf = parse("O MaxAliasRecursion=ten\n");
	assert_int_equal(cf->max_alias_recursion, 0);
	assert_int_equal(cf->max_alias_recursion_line, 1);
	cf_free(cf);
}

static void
test_dont_init_groups(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	cf = parse("V10\n");
	assert_false(cf->dont_init_groups);
	assert_int_equal(cf->dont_init_groups_line, 0);
	cf_free(cf);

	/* atobool(): t/T/y/Y or empty is true; the later line wins. */
	cf = parse("O DontInitGroups=True\n");
	assert_true(cf->dont_init_groups);
	assert_int_equal(cf->dont_init_groups_line, 1);
	cf_free(cf);
	cf = parse("O dontinitgroups\n");
	assert_true(cf->dont_init_groups);
	cf_free(cf);
	cf = parse("O DontInit=yes\nO DontInitGroups=False\n");
	assert_false(cf->dont_init_groups);
	assert_int_equal(cf->dont_init_groups_line, 2);
	assert_non_null(warning_with(cf, "Option DontInit used as abbreviation "
	    "for DontInitGroups"));
	cf_free(cf);
	cf = parse("O DontInitGroups=1\n");
	assert_false(cf->dont_init_groups);
	cf_free(cf);
}

/*
 * SuperSafe: only False (SAFE_NO) leaves out the fsync() of a file
 * delivery; sendmail with -O SuperSafe=False delivered into a FIFO and a
 * 1:3 device node that stay queued with True.
 */
static void
test_super_safe(void **state)
{
	static const struct {
		const char *cf;
		bool off;
	} cases[] = {
		{ "V10\n", false },			/* binary default: True */
		{ "O SuperSafe=True\n", false },	/* Debian's line */
		{ "O SuperSafe=False\n", true },
		{ "O SuperSafe=no\n", true },
		{ "O SuperSafe=0\n", true },		/* atobool: not t/T/y/Y */
		{ "O SuperSafe\n", false },		/* empty: true */
		{ "O SuperSafe=Interactive\n", false },
		{ "O SuperSafe=postmilter\n", false },
		{ "Osf\n", true },			/* the short letter */
		{ "O SuperSafe=False\nO SuperSafe=True\n", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sendmail_cf *cf = parse(cases[i].cf);

		if (cf->super_safe_off != cases[i].off)
			fail_msg("%s: super_safe_off %d", cases[i].cf,
			    cf->super_safe_off);
		assert_int_equal(cf->super_safe_line,
		    strcmp(cases[i].cf, "V10\n") == 0 ? 0 :
		    strchr(cases[i].cf, '\n')[1] != '\0' ? 2 : 1);
		cf_free(cf);
	}
}

/* ---------------------------------------------------------------------- */
/* The *file* mailer.                                                       */

static void
test_file_mailer(void **state)
{
	struct sendmail_cf *cf;

	(void)state;
	/* None in the file: conf.c's built-in one. */
	cf = parse("V10\n");
	assert_true(cf->file_mailer.builtin);
	assert_int_equal(cf->file_mailer.line, 0);
	assert_string_equal(cf->file_mailer.name, "*file*");
	assert_string_equal(cf->file_mailer.path, "[FILE]");
	assert_string_equal(cf->file_mailer.flags, "lsDFMPEouq9");
	assert_string_equal(cf->file_mailer.argv, "FILE $u");
	assert_int_equal(count(cf->file_mailer.args), 2);
	assert_null(cf->file_mailer.rootdir);
	assert_null(cf->file_mailer.user);
	cf_free(cf);

	/* One in the file replaces it (the name ignores case). */
	cf = parse(
	    "V10\n"
	    "M*FILE*,\tP=[FILE], F=lsDFMPEoq9S, U=mail:mail,\n"
	    "\t/=/var/mailjail/, A=FILE $u\n");
	assert_false(cf->file_mailer.builtin);
	assert_int_equal(cf->file_mailer.line, 2);
	assert_string_equal(cf->file_mailer.flags, "lsDFMPEoq9S");
	assert_string_equal(cf->file_mailer.user, "mail:mail");
	assert_string_equal(cf->file_mailer.rootdir, "/var/mailjail/");
	assert_string_equal(cf->file_mailer.args[1], "$u");
	cf_free(cf);
}

/* makemailer() refuses a [FILE] (or [TCP], [IPC]) mailer with the wrong
 * A=; the definition in force before stays. */
static void
test_file_mailer_refused(void **state)
{
	struct sendmail_cf *cf = parse(
	    "M*file*, P=[FILE], F=lsDFMPEouq9, /=/first, A=FILE $u\n"
	    "M*file*, P=[FILE], F=X, A=FILE\n"
	    "M*file*, P=[FILE], F=X, A=FILE $u extra\n"
	    "M*file*, P=[FILE], F=X, A=file $u\n"
	    "Mprog, P=[TCP], A=TCP $h\n"
	    "Mprog, P=[IPC], A=TCP\n"
	    "Mlocal, P=[IPC], A=SMTP $h\n");

	(void)state;
	assert_string_equal(cf->file_mailer.rootdir, "/first");
	assert_int_equal(cf->file_mailer.line, 1);
	assert_non_null(warning_with(cf, "line 2: M*file*: too few parameters "
	    "for [FILE] mailer"));
	assert_non_null(warning_with(cf, "line 3: M*file*: too many parameters "
	    "for [FILE] mailer"));
	assert_non_null(warning_with(cf, "line 4: M*file*: first argument in "
	    "[FILE] mailer must be FILE"));
	assert_true(cf->prog.builtin);
	assert_non_null(warning_with(cf, "line 5: Mprog: P=[TCP] must be "
	    "replaced by P=[IPC]"));
	assert_non_null(warning_with(cf, "line 6: Mprog: too few parameters "
	    "for [IPC] mailer"));
	/* A wrong first word of an [IPC] mailer only warns. */
	assert_string_equal(cf->local.path, "[IPC]");
	assert_non_null(warning_with(cf, "line 7: Mlocal: Warning: first "
	    "argument in [IPC] mailer must be TCP or FILE"));
	cf_free(cf);
}

/* ---------------------------------------------------------------------- */
/* DefaultUser.                                                             */

struct fake_pw {
	const char *name;
	uid_t uid;
	gid_t gid;
};

struct fake_nss {
	const struct fake_pw *users;
	size_t nusers;
	const struct fake_pw *groups;	/* name and gid */
	size_t ngroups;
};

static int
fake_user_by_name(void *arg, const char *name, uid_t *uid, gid_t *gid,
    char **canonical)
{
	const struct fake_nss *f = arg;

	for (size_t i = 0; i < f->nusers; i++) {
		if (strcmp(f->users[i].name, name) == 0) {
			*uid = f->users[i].uid;
			*gid = f->users[i].gid;
			*canonical = strdup(name);
			return 0;
		}
	}
	return -1;
}

static int
fake_user_by_uid(void *arg, uid_t uid, char **name)
{
	const struct fake_nss *f = arg;

	for (size_t i = 0; i < f->nusers; i++) {
		if (f->users[i].uid == uid) {
			*name = strdup(f->users[i].name);
			return 0;
		}
	}
	return -1;
}

static int
fake_group_by_name(void *arg, const char *name, gid_t *gid)
{
	const struct fake_nss *f = arg;

	for (size_t i = 0; i < f->ngroups; i++) {
		if (strcmp(f->groups[i].name, name) == 0) {
			*gid = f->groups[i].gid;
			return 0;
		}
	}
	return -1;
}

static const struct fake_pw debian_users[] = {
	{ "root", 0, 0 }, { "daemon", 1, 1 }, { "mail", 8, 8 },
	{ "smmta", 115, 121 },
};
static const struct fake_pw debian_groups[] = {	/* uid unused */
	{ "root", 0, 0 }, { "adm", 0, 4 }, { "mail", 0, 8 }, { "smmsp", 0, 122 },
};

/* DefaultUser from `text` against the given passwd/group. */
static void
identity(const char *text, const struct fake_pw *users, size_t nusers,
    struct cf_identity *id)
{
	struct fake_nss f = { users, nusers, debian_groups,
	    sizeof(debian_groups) / sizeof(debian_groups[0]) };
	struct cf_nss nss = { fake_user_by_name, fake_user_by_uid,
	    fake_group_by_name, &f };
	struct sendmail_cf *cf = parse(text);

	cf_default_identity(cf, &nss, id);
	cf_free(cf);
}

#define DEBIAN_USERS debian_users, sizeof(debian_users) / sizeof(debian_users[0])

/* Without DefaultUser: mailnull, sendmail, daemon -- first with uid != 0. */
static void
test_default_identity_builtin(void **state)
{
	static const struct fake_pw with_mailnull[] = {
		{ "daemon", 1, 1 }, { "sendmail", 26, 26 }, { "mailnull", 47, 47 },
	};
	static const struct fake_pw root_mailnull[] = {
		{ "mailnull", 0, 0 }, { "daemon", 2, 3 },
	};
	static const struct fake_pw nobody_at_all[] = { { "root", 0, 0 } };
	static const struct fake_pw uid1[] = { { "bin", 1, 1 } };
	struct cf_identity id;

	(void)state;
	identity("V10\n", with_mailnull, 3, &id);
	assert_int_equal(id.uid, 47);
	assert_int_equal(id.gid, 47);
	assert_string_equal(id.name, "mailnull");
	assert_int_equal(id.line, 0);
	assert_null(id.problem);
	cf_identity_clear(&id);

	/* a uid-0 mailnull is skipped */
	identity("V10\n", root_mailnull, 2, &id);
	assert_int_equal(id.uid, 2);
	assert_int_equal(id.gid, 3);
	assert_string_equal(id.name, "daemon");
	cf_identity_clear(&id);

	/* none: 1:1, named after uid 1, or "nobody" */
	identity("V10\n", nobody_at_all, 1, &id);
	assert_int_equal(id.uid, 1);
	assert_int_equal(id.gid, 1);
	assert_string_equal(id.name, "nobody");
	cf_identity_clear(&id);
	identity("V10\n", uid1, 1, &id);
	assert_string_equal(id.name, "bin");
	cf_identity_clear(&id);
}

static void
test_default_identity_options(void **state)
{
	struct cf_identity id;

	(void)state;
	/* user:group, and the other separators sendmail accepts */
	identity("O DefaultUser=mail:adm\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, 8);
	assert_int_equal(id.gid, 4);
	assert_string_equal(id.name, "mail");
	assert_int_equal(id.line, 1);
	cf_identity_clear(&id);
	identity("O DefaultUser=mail.adm\n", DEBIAN_USERS, &id);
	assert_int_equal(id.gid, 4);
	cf_identity_clear(&id);
	identity("Oumail/4\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, 8);
	assert_int_equal(id.gid, 4);
	cf_identity_clear(&id);

	/* a name brings its group; a number only the uid (the group stays
	 * daemon's here) and its name from passwd */
	identity("O DefaultUser=mail\n", DEBIAN_USERS, &id);
	assert_int_equal(id.gid, 8);
	cf_identity_clear(&id);
	identity("O DefaultUser=8\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, 8);
	assert_int_equal(id.gid, 1);
	assert_string_equal(id.name, "mail");
	cf_identity_clear(&id);
	identity("O DefaultUser=4242\n", DEBIAN_USERS, &id);
	assert_string_equal(id.name, "nobody");
	cf_identity_clear(&id);

	/* RHEL's "8:12" */
	identity("O DefaultUser=8:12\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, 8);
	assert_int_equal(id.gid, 12);
	cf_identity_clear(&id);

	/* order matters: `Og` before a user name is overwritten, after it
	 * wins */
	identity("Og4\nO DefaultUser=mail\n", DEBIAN_USERS, &id);
	assert_int_equal(id.gid, 8);
	assert_int_equal(id.line, 2);
	cf_identity_clear(&id);
	identity("O DefaultUser=mail\nOgadm\n", DEBIAN_USERS, &id);
	assert_int_equal(id.gid, 4);
	assert_int_equal(id.line, 2);
	cf_identity_clear(&id);
}

static void
test_default_identity_unknown(void **state)
{
	struct cf_identity id;

	(void)state;
	/* An unknown user: DefUid becomes -1, the group part is not read,
	 * DefGid and DefUser stay. */
	identity("O DefaultUser=nosuch:adm\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, (uid_t)-1);
	assert_int_equal(id.gid, 1);
	assert_string_equal(id.name, "daemon");
	assert_non_null(id.problem);
	assert_string_equal(id.problem, "line 1: readcf: option u: unknown user "
	    "nosuch");
	cf_identity_clear(&id);

	/* An unknown group: DefGid -1 (reported as option u when it came
	 * with the user, as g on its own). */
	identity("O DefaultUser=mail:nosuch\nOgnone\n", DEBIAN_USERS, &id);
	assert_int_equal(id.uid, 8);
	assert_int_equal(id.gid, (gid_t)-1);
	assert_string_equal(id.problem, "line 1: readcf: option u: unknown group "
	    "nosuch; line 2: readcf: option g: unknown group none");
	cf_identity_clear(&id);
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
	tu_mkdir(s->dir, "root", 0755);
	s->root_fd = tu_open_root(s->root);
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

	/* A real cf outside the root, and links in the root aiming at it. */
	tu_write(s->dir, "outside.cf", "O SafeFileEnvironment=/outside\n", 0644);
	tu_write(s->root, "etc/mail/real.cf", "O SafeFileEnvironment=/inside\n",
	    0644);
	tu_symlink(s->root, "/etc/mail/real.cf", "etc/mail/sendmail.cf");
	tu_symlink(s->root, "../../../outside.cf", "etc/mail/escape.cf");

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
	int fd;

	/*
	 * A FIFO must neither hang the audit nor be opened at all: a writer
	 * blocked on it would be released by an open for reading.
	 */
	tu_mkfifo(s->root, "fifo.cf", 0644);
	{
		char *p = tu_path(s->root, "fifo.cf");
		pid_t writer = fork();
		int st;

		assert_true(writer >= 0);
		if (writer == 0)
			_exit(open(p, O_WRONLY) >= 0 ? 0 : 1);
		free(p);
		usleep(100000);
		assert_int_equal(cf_load(s->root_fd, "/fifo.cf", &cf), -EINVAL);
		usleep(100000);
		assert_int_equal(waitpid(writer, &st, WNOHANG), 0);
		kill(writer, SIGKILL);
		assert_int_equal(waitpid(writer, &st, 0), writer);
	}

	tu_mkdir(s->root, "dir.cf", 0755);
	assert_int_equal(cf_load(s->root_fd, "/dir.cf", &cf), -EISDIR);

	/* Larger than the cap (sparse, so it costs nothing). */
	fd = tu_create(s->root, "huge.cf", "", 0, 0644);
	assert_int_equal(ftruncate(fd, (off_t)CF_MAX_SIZE + 1), 0);
	close(fd);
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

	tu_write_bytes(s->root, "nul.cf", text, sizeof(text) - 1, 0664);
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
		cmocka_unit_test(test_operator_chars_defaults),
		cmocka_unit_test(test_operator_chars_option_rules),
		cmocka_unit_test(test_operator_chars_after_rules),
		cmocka_unit_test(test_max_alias_recursion),
		cmocka_unit_test(test_dont_init_groups),
		cmocka_unit_test(test_super_safe),
		cmocka_unit_test(test_file_mailer),
		cmocka_unit_test(test_file_mailer_refused),
		cmocka_unit_test(test_default_identity_builtin),
		cmocka_unit_test(test_default_identity_options),
		cmocka_unit_test(test_default_identity_unknown),
		cmocka_unit_test_setup_teardown(test_load_stays_beneath_root,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_odd_files,
		    scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_load_records_mode_and_nul,
		    scratch_setup, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
