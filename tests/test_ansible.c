/*
 * test_ansible.c -- jailctl as an Ansible module, through the real
 * ansible-playbook against localhost (connection local), on scratch roots:
 * as a binary module (library/jailctl is the jailctl under test) and through
 * the collection's shim (scripts/ansible on ANSIBLE_COLLECTIONS_PATH, with
 * executable set to the same binary).  The playbooks live in tests/ansible/;
 * its callback_plugins/record.py prints every task's result and the recap
 * as one JSON document.
 * Skipped, with a message, when ansible-playbook is not installed
 * (scripts/deps installs ansible-core where it can).
 *
 * Nothing is written to the invoking user's ~/.ansible: HOME, ANSIBLE_HOME
 * and the temporary directories point into the scratch directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define JAIL "/var/mailjail"
#define SPOOL JAIL "/var/spool/mail"

static const char *const modules[] = { "binary module", "collection module" };

struct fx {
	char *dir;		/* scratch: home, temp, library, the two roots */
	char *roots[2];		/* for the binary module, for the shim */
	char *bin;		/* the jailctl under test, absolute */
	char *src;		/* the source tree, absolute */
};

static char *
absolute(const char *path)
{
	char buf[PATH_MAX];

	if (realpath(path, buf) == NULL)
		fail_msg("realpath %s: %s", path, strerror(errno));
	return strdup(buf);
}

static char *
join(const char *a, const char *b)
{
	char *s;

	assert_true(asprintf(&s, "%s/%s", a, b) > 0);
	return s;
}

/* Is a command on PATH? */
static bool
on_path(const char *cmd)
{
	const char *path = getenv("PATH");
	char *copy = strdup(path != NULL ? path : "/usr/bin:/bin"), *save = NULL;
	bool found = false;

	for (char *d = strtok_r(copy, ":", &save); d != NULL && !found;
	    d = strtok_r(NULL, ":", &save)) {
		char *p = join(d, cmd);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

static void
copy_file(const char *from, const char *to, mode_t mode)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	char buf[65536];
	ssize_t n;

	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	assert_int_equal(close(out), 0);
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char tmpl[] = "/tmp/jailctl-ansible.XXXXXX";
	const char *bin = getenv("JAILCTL_BIN");

	if (geteuid() != 0 || !on_path("ansible-playbook")) {
		free(fx);
		*state = NULL;
		return 0;
	}
	assert_non_null(mkdtemp(tmpl));
	fx->dir = strdup(tmpl);
	fx->src = absolute(tu_srcdir());
	fx->bin = bin != NULL ? absolute(bin) : join(fx->src, "jailctl/jailctl");
	for (int i = 0; i < 2; i++)
		fx->roots[i] = tu_mkroot();
	static const char *const dirs[] = { "home", "tmp", "remote-tmp", "library" };
	for (size_t i = 0; i < 4; i++) {
		char *d = join(fx->dir, dirs[i]);
		assert_int_equal(mkdir(d, 0700), 0);
		free(d);
	}
	char *lib = join(fx->dir, "library/jailctl");
	copy_file(fx->bin, lib, 0755);
	free(lib);
	/* The playbooks' variables. */
	char *prof = join(fx->src, "profiles/debian.profile");
	json_t *vars = json_pack("{s:s, s:s, s:s, s:s}", "root_binary", fx->roots[0],
	    "root_shim", fx->roots[1], "profile", prof, "jailctl_bin", fx->bin);
	char *vpath = join(fx->dir, "vars.json");
	assert_int_equal(json_dump_file(vars, vpath, 0), 0);
	json_decref(vars);
	free(vpath);
	free(prof);
	/* An empty configuration: no ansible.cfg of the host's applies. */
	tu_write(fx->dir, "ansible.cfg", "", 0644);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	if (fx == NULL)
		return 0;
	for (int i = 0; i < 2; i++)
		tu_rmroot(fx->roots[i]);
	tu_rmtree(fx->dir);
	free(fx->dir);
	free(fx->bin);
	free(fx->src);
	free(fx);
	return 0;
}

static struct fx *
fixture(void **state)
{
	if (*state == NULL) {
		print_message("skipped: %s\n", geteuid() != 0 ? "needs root" :
		    "ansible-playbook is not installed and scripts/deps could not "
		    "install ansible-core");
		skip();
	}
	return *state;
}

static void
set_env(const struct fx *fx, const char *name, const char *rel)
{
	char *v = rel[0] == '/' ? strdup(rel) : join(fx->dir, rel);

	setenv(name, v, 1);
	free(v);
}

/*
 * Run an Ansible command (argv[0] looked up on PATH) in the scratch
 * environment; returns its exit status, with stdout and stderr.
 */
static int
run_ansible(const struct fx *fx, const char *const argv[], char **out, char **err)
{
	char *out_path = join(fx->dir, "stdout"), *err_path = join(fx->dir, "stderr");
	char *colls = join(fx->src, "scripts/ansible");
	char *cbs = join(fx->src, "tests/ansible/callback_plugins");
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		set_env(fx, "HOME", "home");
		set_env(fx, "ANSIBLE_HOME", "home/.ansible");
		set_env(fx, "ANSIBLE_LOCAL_TEMP", "tmp");
		set_env(fx, "ANSIBLE_REMOTE_TEMP", "remote-tmp");
		set_env(fx, "ANSIBLE_LIBRARY", "library");
		set_env(fx, "ANSIBLE_CONFIG", "ansible.cfg");
		set_env(fx, "ANSIBLE_COLLECTIONS_PATH", colls);
		set_env(fx, "ANSIBLE_CALLBACK_PLUGINS", cbs);
		setenv("ANSIBLE_STDOUT_CALLBACK", "record", 1);
		setenv("ANSIBLE_NOCOLOR", "1", 1);
		setenv("ANSIBLE_RETRY_FILES_ENABLED", "false", 1);
		setenv("ANSIBLE_LOCALHOST_WARNING", "false", 1);
		setenv("ANSIBLE_INVENTORY_UNPARSED_WARNING", "false", 1);
		setenv("ANSIBLE_COLLECTIONS_SCAN_SYS_PATH", "false", 1);
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 ||
		    chdir(fx->dir) != 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*out = tu_read_file(out_path);
	*err = tu_read_file(err_path);
	free(out_path);
	free(err_path);
	free(colls);
	free(cbs);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * ansible-playbook [--check] [--diff] tests/ansible/PLAYBOOK against
 * localhost; returns the record callback's document.
 */
static json_t *
playbook(const struct fx *fx, const char *name, bool check, bool diff)
{
	const char *argv[12];
	char *book, *vars, *out, *err;
	int n = 0, status;

	assert_true(asprintf(&book, "%s/tests/ansible/%s", fx->src, name) > 0);
	assert_true(asprintf(&vars, "@%s/vars.json", fx->dir) > 0);
	argv[n++] = "ansible-playbook";
	argv[n++] = "-i";
	argv[n++] = "localhost,";
	argv[n++] = "-c";
	argv[n++] = "local";
	argv[n++] = "-e";
	argv[n++] = vars;
	if (check)
		argv[n++] = "--check";
	if (diff)
		argv[n++] = "--diff";
	argv[n++] = book;
	argv[n] = NULL;
	status = run_ansible(fx, argv, &out, &err);
	json_t *doc = json_loads(out, 0, NULL);
	/* Tasks fail with ignore_errors: the run itself must still succeed. */
	if (doc == NULL || status != 0)
		fail_msg("ansible-playbook %s (status %d):\n%s\n%s", name, status,
		    out, err);
	free(out);
	free(err);
	free(book);
	free(vars);
	return doc;
}

/* The result of the task with this name on localhost. */
static json_t *
task(json_t *run, const char *name)
{
	size_t i, j;
	json_t *play, *t;

	json_array_foreach(json_object_get(run, "plays"), i, play) {
		json_array_foreach(json_object_get(play, "tasks"), j, t) {
			if (strcmp(tu_str(json_object_get(t, "task"), "name"), name) == 0)
				return json_object_get(json_object_get(t, "hosts"),
				    "localhost");
		}
	}
	fail_msg("no task '%s' in the run", name);
	return NULL;
}

static bool
flag(json_t *res, const char *key)
{
	return json_is_true(json_object_get(res, key));
}

static void
expect_in(const char *what, const char *text, const char *part)
{
	if (text == NULL || strstr(text, part) == NULL)
		fail_msg("%s \"%s\" does not contain \"%s\"", what,
		    text != NULL ? text : "(none)", part);
}

static json_int_t
stat_of(json_t *run, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(
	    json_object_get(run, "stats"), "localhost"), key));
}

/*
 * state=present: --check --diff predicts and touches nothing; the first
 * run changes, the second is ok with changed=0; unfixable drift fails in
 * --check and in the real run, naming the finding.
 */
static void
test_present(void **state)
{
	struct fx *fx = fixture(state);
	json_t *run, *res;

	run = playbook(fx, "present.yml", true, true);
	for (int i = 0; i < 2; i++) {
		res = task(run, modules[i]);
		if (!flag(res, "changed") || flag(res, "failed"))
			fail_msg("%s in --check: %s", modules[i], tu_str(res, "msg"));
		json_t *d = json_array_get(json_object_get(res, "diff"), 0);
		expect_in("diff before", tu_str(d, "before"), SPOOL " absent\n");
		expect_in("diff after", tu_str(d, "after"),
		    SPOOL " created, directory root:mail 2775\n");
		assert_int_equal(tu_mode(fx->roots[i], JAIL), (mode_t)-1);
	}
	json_decref(run);

	run = playbook(fx, "present.yml", false, false);
	for (int i = 0; i < 2; i++) {
		res = task(run, modules[i]);
		assert_true(flag(res, "changed"));
		assert_false(flag(res, "failed"));
		assert_int_equal(tu_mode(fx->roots[i], SPOOL), 02775);
	}
	assert_int_equal(stat_of(run, "changed"), 2);
	json_decref(run);

	run = playbook(fx, "present.yml", false, false);
	assert_int_equal(stat_of(run, "changed"), 0);
	assert_int_equal(stat_of(run, "ok"), 2);
	assert_int_equal(stat_of(run, "failures"), 0);
	assert_int_equal(stat_of(run, "ignored"), 0);
	json_decref(run);

	/* Drift: the spool's mode (fixable), a mailbox of bob's named alice (not). */
	for (int i = 0; i < 2; i++) {
		tu_chmod(fx->roots[i], SPOOL, 0777);
		tu_write(fx->roots[i], SPOOL "/alice", "", 0600);
		tu_chown(fx->roots[i], SPOOL "/alice", 1002, 8);
	}
	for (int check = 1; check >= 0; check--) {
		run = playbook(fx, "present.yml", check, false);
		for (int i = 0; i < 2; i++) {
			res = task(run, modules[i]);
			assert_true(flag(res, "failed"));
			assert_true(flag(res, "changed"));
			expect_in("msg", tu_str(res, "msg"), SPOOL "/alice");
			expect_in("msg", tu_str(res, "msg"), "[content.owner]");
			assert_int_equal(tu_mode(fx->roots[i], SPOOL), check ? 0777 : 02775);
		}
		json_decref(run);
	}
}

/* A fake smrsh: an ELF header, then the strings a real one holds. */
static void
write_smrsh(const char *root)
{
	static const char *const strs[] = { "/lib64/ld-linux-x86-64.so.2",
		"/bin/sh", "/usr/bin:/bin", "Usage: %s -c command", "/etc/mail/smrsh",
		"%s/%s", "<|>^();&`$\r\n" };
	char buf[512] = "\177ELF\2\1\1";
	size_t n = 64;

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		memcpy(buf + n, strs[i], strlen(strs[i]) + 1);
		n += strlen(strs[i]) + 1;
	}
	tu_write_bytes(root, "usr/libexec/sendmail/smrsh", buf, n, 0755);
}

/*
 * A mail setup every audit passes: Debian's sendmail.cf with smrsh and the
 * jail, minus its DontBlameSendmail line; smrsh; the jail made by create.
 */
static void
clean_setup(const char *root)
{
	char *cf_path = tu_srcfile("tests/data/cf/sendmail.cf.debian12-smrsh-jail");
	char *cf = tu_read_file(cf_path), *dbs = strstr(cf, "\nO DontBlameSendmail=");
	char *out = NULL, *err = NULL;

	assert_non_null(dbs);
	memmove(dbs, strchr(dbs + 1, '\n'), strlen(strchr(dbs + 1, '\n')) + 1);
	tu_write(root, "etc/mail/sendmail.cf", cf, 0644);
	write_smrsh(root);
	assert_int_equal(tu_run(NULL, NULL, "-r", root, "-p", "debian", "create",
	    NULL), 0);
	if (tu_run(&out, &err, "-r", root, "-p", "debian", "audit", NULL) != 0)
		fail_msg("the clean setup is not clean:\n%s%s", out, err);
	free(out);
	free(err);
	free(cf);
	free(cf_path);
}

/*
 * state=audited passes a clean setup and runs (not skipped) in check mode;
 * it fails on drift and changes nothing; a bad parameter fails clearly.
 */
static void
test_audited(void **state)
{
	struct fx *fx = fixture(state);
	json_t *run, *res;

	for (int i = 0; i < 2; i++)
		clean_setup(fx->roots[i]);
	run = playbook(fx, "audited.yml", true, false);
	for (int i = 0; i < 2; i++) {
		res = task(run, modules[i]);
		if (flag(res, "failed") || flag(res, "changed") || flag(res, "skipped"))
			fail_msg("%s, audited in --check: %s", modules[i],
			    tu_str(res, "msg"));
		expect_in("msg", tu_str(res, "msg"), "pass the audit");
		assert_true(json_is_array(json_object_get(res, "findings")));

		char *bad;
		assert_true(asprintf(&bad, "%s, bad parameter", modules[i]) > 0);
		res = task(run, bad);
		assert_true(flag(res, "failed"));
		expect_in("msg", tu_str(res, "msg"), "Unsupported parameters");
		expect_in("msg", tu_str(res, "msg"), "fail_at");
		free(bad);
	}
	json_decref(run);

	for (int i = 0; i < 2; i++)
		tu_chmod(fx->roots[i], SPOOL, 0777);
	run = playbook(fx, "audited.yml", false, false);
	for (int i = 0; i < 2; i++) {
		res = task(run, modules[i]);
		assert_true(flag(res, "failed"));
		assert_false(flag(res, "changed"));
		expect_in("msg", tu_str(res, "msg"), "[tree.mode]");
		assert_int_equal(tu_mode(fx->roots[i], SPOOL), 0777);
	}
	json_decref(run);
}

/* ansible-doc shows the shim's documentation; the example playbook parses. */
static void
test_collection_documented(void **state)
{
	struct fx *fx = fixture(state);
	char *site = join(fx->src, "scripts/ansible/site.yml"), *out, *err;
	const char *doc[] = { "ansible-doc", "-t", "module", "jailctl.jailctl.jailctl",
	    NULL };
	const char *syntax[] = { "ansible-playbook", "-i", "localhost,",
	    "--syntax-check", site, NULL };

	if (run_ansible(fx, doc, &out, &err) != 0)
		fail_msg("ansible-doc:\n%s\n%s", out, err);
	static const char *const says[] = { "state", "audited", "fail_on",
	    "executable", "EXAMPLES", "RETURN VALUES", "findings" };
	for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++)
		expect_in("ansible-doc", out, says[i]);
	free(out);
	free(err);
	if (run_ansible(fx, syntax, &out, &err) != 0)
		fail_msg("site.yml:\n%s\n%s", out, err);
	free(out);
	free(err);
	free(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_present, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collection_documented, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
