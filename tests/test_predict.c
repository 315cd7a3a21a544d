/*
 * test_predict.c -- the model's interface (model/predict.h): what sendmail
 * does with one entry for one user, asked directly, without an audit
 * around it.  The facts are those the corpus of test_forward.c and the
 * end-to-end suite check against the real sendmail; here the question is
 * that the prediction carries them in its own fields.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "predict.h"

static const char cf_smrsh[] =
    "V10/Berkeley\n"
    "O ForwardPath=$z/.forward\n"
    "O SafeFileEnvironment=/var/mailjail\n"
    "O DefaultUser=mail:mail\n"
    "O TempFileMode=0640\n"
    "Djmailhost.example.org\n"
    "Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S, "
    "S=EnvFromSMTP/HdrFromL, R=EnvToL/HdrToL,\n"
    "\t\tT=DNS/RFC822/X-Unix,\n"
    "\t\tA=mail.local -l\n"
    "Mprog,\t\tP=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9, "
    "S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=$z:/,\n"
    "\t\tT=X-Unix/X-Unix/X-Unix,\n"
    "\t\tA=smrsh -c $u\n";

/* Debian's stock prog mailer: /bin/sh -c. */
static const char cf_sh[] =
    "V10/Berkeley\n"
    "Djmailhost.example.org\n"
    "Mprog,\t\tP=/bin/sh, F=lsDFMoqeu9, S=EnvFromL/HdrFromL, "
    "R=EnvToL/HdrToL, D=$z:/,\n"
    "\t\tT=X-Unix/X-Unix/X-Unix,\n"
    "\t\tA=sh -c $u\n";

static const char script[] = "#!/bin/sh\nexit 0\n";

struct fixture {
	char *root;
	int root_fd;
	struct sm_model m;
	struct sm_recipient r;
};

static void
scratch(struct fixture *f, const char *cf)
{
	f->root = tu_mkroot();
	tu_write(f->root, "etc/mail/sendmail.cf", cf, 0644);
	tu_write(f->root, "etc/hostname", "mailhost.example.org\n", 0644);
	tu_mkdir(f->root, "home", 0755);
	tu_mkdir(f->root, "home/alice", 0755);
	tu_chown(f->root, "home/alice", 1001, 1001);
	tu_mkdir(f->root, "var/mailjail", 0755);
	tu_mkdir(f->root, "var/mailjail/home", 0755);
	tu_mkdir(f->root, "var/mailjail/home/alice", 0755);
	tu_chown(f->root, "var/mailjail/home/alice", 1001, 1001);
	tu_mkdir(f->root, "usr", 0755);
	tu_mkdir(f->root, "usr/bin", 0755);
	tu_write(f->root, "usr/bin/procmail", script, 0755);
	tu_mkdir(f->root, "etc/mail/smrsh", 0755);
	tu_symlink(f->root, "/usr/bin/procmail", "etc/mail/smrsh/procmail");
	f->root_fd = tu_open_root(f->root);
}

static void
open_model(struct fixture *f, const char *user)
{
	struct passwd pw = { 0 };
	struct pw_copy c = { 0 };

	assert_int_equal(sm_model_open(&f->m, f->root_fd, false,
	    "/etc/mail/sendmail.cf", "/etc/mail/smrsh"), 0);
	assert_int_equal(pw_find_name(f->root_fd, false, user, &c), 0);
	pw.pw_name = c.name;
	pw.pw_dir = c.dir;
	pw.pw_shell = c.shell;
	pw.pw_uid = c.uid;
	pw.pw_gid = c.gid;
	sm_recipient_init(&f->r, &pw);
	pw_copy_clear(&c);
	sm_recipient_resolve(&f->m, &f->r);
}

static void
done(struct fixture *f)
{
	sm_recipient_clear(&f->r);
	sm_model_close(&f->m);
	close(f->root_fd);
	tu_rmroot(f->root);
}

static struct sm_source
own_address(const struct fixture *f)
{
	struct sm_source s = { &f->r.ctl, f->r.pw.name };

	return s;
}

/* A scratch root with this sendmail.cf, the model open, alice's own
 * address as the source of her entries. */
static struct sm_source
alice_under(struct fixture *f, const char *cf)
{
	scratch(f, cf);
	open_model(f, "alice");
	return own_address(f);
}

/* @brief "|/usr/bin/procmail -f-" with procmail linked in smrsh's
 * directory: smrsh runs its link, as alice, and nothing differs. */
static void
test_pipe_procmail_runs(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_pipe p;

	(void)state;
	src = alice_under(&f, cf_smrsh);
	sm_predict_pipe(&f.m, &f.r, &src, "/usr/bin/procmail -f-", &p);
	assert_int_equal(p.outcome, SM_PIPE_RUNS);
	assert_int_equal(p.uid, 1001);
	assert_string_equal(p.mailer, "/usr/libexec/sendmail/smrsh");
	assert_int_equal(p.verdict.nruns, 1);
	assert_non_null(strstr(p.verdict.runs[0], "procmail"));
	assert_non_null(p.sh_c);
	assert_non_null(strstr(p.sh_c, "procmail -f-"));
	assert_int_equal(p.ndiffers, 0);
	assert_false(p.runs_nothing);
	sm_pipe_free(&p);
	done(&f);
}

/* @brief A program smrsh's directory lacks: refused in smrsh's words. */
static void
test_pipe_smrsh_refuses(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_pipe p;

	(void)state;
	src = alice_under(&f, cf_smrsh);
	sm_predict_pipe(&f.m, &f.r, &src, "/usr/bin/fetchmail", &p);
	assert_int_equal(p.outcome, SM_PIPE_SMRSH_REFUSES);
	assert_false(p.verdict.allowed);
	assert_non_null(p.verdict.message);
	assert_non_null(strstr(p.verdict.message, "fetchmail"));
	sm_pipe_free(&p);
	done(&f);
}

/* @brief A shell not in /etc/shells: recipient() refuses every program,
 * and the bounce names $j. */
static void
test_pipe_bad_shell_refused(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_pipe p;

	(void)state;
	scratch(&f, cf_smrsh);
	tu_write(f.root, "etc/shells", "/bin/sh\n", 0644);
	open_model(&f, "alice");
	assert_true(f.r.bogus_shell);
	src = own_address(&f);
	sm_predict_pipe(&f.m, &f.r, &src, "/usr/bin/procmail", &p);
	assert_int_equal(p.outcome, SM_PIPE_REFUSED);
	assert_int_equal(p.refused.kind, SM_REFUSED_SHELL);
	assert_string_equal(p.refused.bounce, "550 5.7.1 User "
	    "alice@mailhost.example.org doesn't have a valid shell for "
	    "mailing to programs");
	sm_pipe_free(&p);
	done(&f);
}

/* @brief Not smrsh: the line is the string "sh -c" gets, unfiltered. */
static void
test_pipe_unfiltered(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_pipe p;

	(void)state;
	src = alice_under(&f, cf_sh);
	sm_predict_pipe(&f.m, &f.r, &src, "cat > /tmp/x; rm -rf ~", &p);
	assert_int_equal(p.outcome, SM_PIPE_UNFILTERED);
	assert_string_equal(p.mailer, "/bin/sh");
	assert_string_equal(p.sh_c, "cat > /tmp/x; rm -rf ~");
	assert_int_equal(p.uid, 1001);
	sm_pipe_free(&p);
	done(&f);
}

/* @brief audit pipe's layer: no sendmail.cf means smrsh is assumed. */
static void
test_judge_command_without_cf(void **state)
{
	struct fixture f;
	struct smrsh_env env = { 0 };
	struct sm_pipe p = { 0 };

	(void)state;
	scratch(&f, cf_smrsh);
	env.root_fd = f.root_fd;
	env.cmddir = "/etc/mail/smrsh";
	env.argv0 = "smrsh";
	env.uid = 1001;
	env.gid = 1001;
	assert_int_equal(sm_judge_command(NULL, &env, "procmail -f-", &p), 0);
	assert_int_equal(p.outcome, SM_PIPE_RUNS);
	assert_ptr_equal(p.sh_c, p.verdict.shell_command);
	sm_pipe_free(&p);
	close(f.root_fd);
	tu_rmroot(f.root);
}

/* @brief A file entry under SafeFileEnvironment: created inside the
 * jail, as alice, with TempFileMode. */
static void
test_file_created_in_jail(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_file p;

	(void)state;
	src = alice_under(&f, cf_smrsh);
	sm_predict_file(&f.m, &f.r, &src, "/home/alice/mbox", &p);
	assert_int_equal(p.outcome, SM_FILE_WRITES);
	assert_true(p.res.create);
	assert_int_equal(p.res.create_mode, 0640);
	assert_string_equal(p.res.target, "/var/mailjail/home/alice/mbox");
	assert_int_equal(p.id.uid, 1001);
	assert_string_equal(p.jail_word, "SafeFileEnvironment");
	sm_file_free(&p);
	done(&f);
}

/* @brief A missing directory in the jail: "Can't create output". */
static void
test_file_fails(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_file p;

	(void)state;
	src = alice_under(&f, cf_smrsh);
	sm_predict_file(&f.m, &f.r, &src, "/nowhere/mbox", &p);
	assert_int_equal(p.outcome, SM_FILE_FAILS);
	assert_non_null(p.why);
	assert_false(p.res.transient);
	sm_file_free(&p);
	done(&f);
}

/* @brief /dev/null is discarded, whatever the jail. */
static void
test_file_devnull(void **state)
{
	struct fixture f;
	struct sm_source src;
	struct sm_file p;

	(void)state;
	src = alice_under(&f, cf_smrsh);
	sm_predict_file(&f.m, &f.r, &src, "/dev/null", &p);
	assert_int_equal(p.outcome, SM_FILE_DISCARDED);
	sm_file_free(&p);
	done(&f);
}

/* @brief `\alice`: mail.local appends to /var/mail/alice. */
static void
test_local_copy(void **state)
{
	struct fixture f;
	struct sm_local_copy p;

	(void)state;
	scratch(&f, cf_smrsh);
	open_model(&f, "alice");
	sm_predict_local_copy(&f.m, "alice", &p);
	assert_false(p.no_mailer);
	assert_string_equal(p.argv, "mail.local -l");
	assert_non_null(strstr(p.where, "/var/mail/alice"));
	sm_local_copy_free(&p);
	done(&f);
}

/* @brief An :include: owned by root runs as the .forward user: foreign,
 * trusted; one of alice's own is not foreign. */
static void
test_include_owner(void **state)
{
	struct fixture f;
	struct stat st = { 0 };
	bool trusted;

	(void)state;
	scratch(&f, cf_smrsh);
	open_model(&f, "alice");
	st.st_uid = 0;
	assert_true(sm_include_foreign(&f.m, &f.r, &st, &trusted));
	assert_true(trusted);
	st.st_uid = 1002;
	assert_true(sm_include_foreign(&f.m, &f.r, &st, &trusted));
	assert_false(trusted);
	st.st_uid = 1001;
	assert_false(sm_include_foreign(&f.m, &f.r, &st, &trusted));
	done(&f);
}

/* @brief $z, $u, $w and $j as forward() expands ForwardPath. */
static void
test_expand(void **state)
{
	struct fixture f;
	const char *elem = "$z/.forward.$w:$u@$j";
	char *s;

	(void)state;
	scratch(&f, cf_smrsh);
	open_model(&f, "alice");
	s = sm_expand(&f.m, "alice", "/home/alice", elem, strlen(elem));
	assert_string_equal(s, "/home/alice/.forward.mailhost:"
	    "alice@mailhost.example.org");
	free(s);
	done(&f);
}

/* @brief An unreadable sendmail.cf is the model's error, nothing held. */
static void
test_no_cf(void **state)
{
	struct sm_model m;
	char *root = tu_mkroot();
	int fd = tu_open_root(root);

	(void)state;
	assert_true(sm_model_open(&m, fd, false, "/etc/mail/sendmail.cf",
	    NULL) < 0);
	close(fd);
	tu_rmroot(root);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_procmail_runs),
		cmocka_unit_test(test_pipe_smrsh_refuses),
		cmocka_unit_test(test_pipe_bad_shell_refused),
		cmocka_unit_test(test_pipe_unfiltered),
		cmocka_unit_test(test_judge_command_without_cf),
		cmocka_unit_test(test_file_created_in_jail),
		cmocka_unit_test(test_file_fails),
		cmocka_unit_test(test_file_devnull),
		cmocka_unit_test(test_local_copy),
		cmocka_unit_test(test_include_owner),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_no_cf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
