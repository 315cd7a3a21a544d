/*
 * test_install.c -- `make install DESTDIR=... PREFIX=/usr` and what it leaves.
 *
 * The source tree is copied to a scratch directory and installed from
 * there (built at -O0 to keep it quick), so the tree under test keeps its
 * own build.  The installed units, cron file, completion and man pages must
 * name the installed paths; the units must pass systemd-analyze verify; the
 * cron.d line must work in cron's environment (PATH=/usr/bin:/bin) against
 * a scratch root; `make uninstall` must take everything away again.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

struct fixture {
	char *scratch;		/* holds src/ (the copy) and dest/ (DESTDIR) */
	char *dest;
};

static struct fixture fx;

/* Run a shell command; returns its exit status, stdout+stderr in *out. */
static int
sh(char **out, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *full;
	FILE *p;
	size_t len = 0, n;
	char buf[4096];
	int st;

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) > 0);
	va_end(ap);
	assert_true(asprintf(&full, "(%s) 2>&1", cmd) > 0);
	p = popen(full, "r");
	assert_non_null(p);
	char *acc = strdup("");
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		acc = realloc(acc, len + n + 1);
		memcpy(acc + len, buf, n);
		len += n;
		acc[len] = '\0';
	}
	st = pclose(p);
	free(cmd);
	free(full);
	if (out != NULL)
		*out = acc;
	else
		free(acc);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *
dest_file(const char *rel)
{
	return tu_path(fx.dest, rel);
}

static char *
read_dest(const char *rel)
{
	char *p = dest_file(rel), *text;
	struct stat st;

	if (lstat(p, &st) != 0)
		fail_msg("not installed: %s", rel);
	assert_true(S_ISREG(st.st_mode));
	text = tu_read_file(p);
	free(p);
	return text;
}

static mode_t
dest_mode(const char *rel)
{
	char *p = dest_file(rel);
	struct stat st;

	assert_int_equal(lstat(p, &st), 0);
	free(p);
	return st.st_mode & 07777;
}

/* Copy the sources and install them once for every test of this file. */
static int
setup_install(void **state)
{
	char *log;

	(void)state;
	fx.scratch = tu_mkroot();
	fx.dest = tu_path(fx.scratch, "dest");
	if (sh(&log, "mkdir '%s/src' && tar -C '%s' --exclude=./build --exclude=./.git "
	    "--exclude=./jailctl/jailctl -cf - . | tar -C '%s/src' -xf - && "
	    "make -C '%s/src' -j2 install DESTDIR='%s' PREFIX=/usr CFLAGS=-O0",
	    fx.scratch, tu_srcdir(), fx.scratch, fx.scratch, fx.dest) != 0) {
		print_error("make install failed:\n%s\n", log);
		free(log);
		return -1;
	}
	free(log);
	return 0;
}

static int
teardown_install(void **state)
{
	(void)state;
	free(fx.dest);
	tu_rmroot(fx.scratch);
	return 0;
}

static void
test_installed_tree(void **state)
{
	(void)state;
	assert_int_equal(dest_mode("usr/sbin/jailctl"), 0755);
	free(read_dest("usr/share/jailctl/profiles/debian.profile"));

	char *svc = read_dest("usr/lib/systemd/system/jailctl-audit.service");
	assert_non_null(strstr(svc, "\nExecStart=/usr/sbin/jailctl --syslog --output "
	    "/var/lib/jailctl/report.json --quiet audit\n"));
	assert_non_null(strstr(svc, "\nExecStart=/usr/sbin/jailctl --syslog --output "
	    "/var/lib/jailctl/verify.json --quiet verify\n"));
	assert_non_null(strstr(svc, "\nStateDirectory=jailctl\n"));
	/* Users' homes stay readable: the audit reads every ~/.forward. */
	assert_null(strstr(svc, "ProtectHome=yes"));
	assert_null(strstr(svc, "ProtectHome=tmpfs"));
	assert_null(strstr(svc, "InaccessiblePaths"));
	free(svc);
	char *timer = read_dest("usr/lib/systemd/system/jailctl-audit.timer");
	assert_non_null(strstr(timer, "\nOnCalendar="));
	assert_non_null(strstr(timer, "\nRandomizedDelaySec="));
	assert_non_null(strstr(timer, "\nWantedBy=timers.target\n"));
	free(timer);

	/* cron.d wants 0644 and an absolute path: its PATH has no sbin. */
	assert_int_equal(dest_mode("etc/cron.d/jailctl"), 0644);
	char *cron = read_dest("etc/cron.d/jailctl");
	assert_non_null(strstr(cron, " root "));
	assert_non_null(strstr(cron, "/usr/sbin/jailctl --quiet verify"));
	free(cron);

	char *dir, *rel;
	assert_int_equal(sh(&dir, "pkg-config --variable=completionsdir bash-completion "
	    "2>/dev/null || echo /usr/share/bash-completion/completions"), 0);
	dir[strcspn(dir, "\n")] = '\0';
	assert_true(asprintf(&rel, "%s/jailctl", dir) > 0);
	char *comp = read_dest(rel);
	assert_non_null(strstr(comp, "complete -F _jailctl jailctl"));
	free(comp);
	free(rel);
	free(dir);

	/* Every installed text names the installed paths, never the defaults. */
	char *hits;
	assert_int_equal(sh(&hits, "grep -rlI /usr/local '%s/usr/share/man' "
	    "'%s/usr/lib/systemd' '%s/etc' || true", fx.dest, fx.dest, fx.dest), 0);
	if (*hits != '\0')
		fail_msg("installed files still name /usr/local:\n%s", hits);
	free(hits);
	char *man = read_dest("usr/share/man/man8/jailctl.8");
	assert_non_null(strstr(man, "/usr/share/jailctl/profiles"));
	assert_non_null(strstr(man, "/usr/lib/systemd/system/jailctl-audit.service"));
	free(man);
}

/* The bash completion loads and offers commands, profiles and finding ids. */
static void
test_completion(void **state)
{
	char *out, *dir;

	(void)state;
	if (access("/usr/share/bash-completion/bash_completion", R_OK) != 0) {
		print_message("skipped: bash-completion is not installed\n");
		return;
	}
	assert_int_equal(sh(&dir, "pkg-config --variable=completionsdir bash-completion "
	    "2>/dev/null || echo /usr/share/bash-completion/completions"), 0);
	dir[strcspn(dir, "\n")] = '\0';
	/* COMP_* as bash sets them, for `jailctl <words>`; print COMPREPLY. */
	static const char complete[] =
	    "cd '%s/src' && bash -c '. /usr/share/bash-completion/bash_completion; . \"%s%s/jailctl\"; "
	    "words=(%s); COMP_WORDS=(\"${words[@]}\"); COMP_CWORD=$((${#words[@]} - 1)); "
	    "COMP_LINE=\"${words[*]}\"; COMP_POINT=${#COMP_LINE}; _jailctl; "
	    "printf \"%%s\\n\" \"${COMPREPLY[@]}\"'";
	char *bin = dest_file("usr/sbin/jailctl");
	char *w;

	assert_true(asprintf(&w, "%s \"\"", bin) > 0);
	assert_int_equal(sh(&out, complete, fx.scratch, fx.dest, dir, w), 0);
	assert_non_null(strstr(out, "verify\n"));
	assert_non_null(strstr(out, "explain\n"));
	free(out);
	free(w);
	assert_true(asprintf(&w, "%s --for", bin) > 0);
	assert_int_equal(sh(&out, complete, fx.scratch, fx.dest, dir, w), 0);
	assert_non_null(strstr(out, "--format\n"));
	free(out);
	free(w);
	assert_true(asprintf(&w, "%s explain cf.safefileenv-r", bin) > 0);
	assert_int_equal(sh(&out, complete, fx.scratch, fx.dest, dir, w), 0);
	assert_string_equal(out, "cf.safefileenv-relative\ncf.safefileenv-root\n");
	free(out);
	free(w);
	/* Profile names come from jailctl itself (here: the source tree's). */
	assert_true(asprintf(&w, "%s --profile de", bin) > 0);
	assert_int_equal(sh(&out, complete, fx.scratch, fx.dest, dir, w), 0);
	assert_string_equal(out, "debian\n");
	free(out);
	free(w);
	free(bin);
	free(dir);
}

static void
test_systemd_analyze_verify(void **state)
{
	char *out, *svc;

	(void)state;
	if (sh(NULL, "command -v systemd-analyze") != 0) {
		print_message("skipped: systemd-analyze is not installed\n");
		return;
	}
	/* verify checks that ExecStart exists: point it at the DESTDIR binary. */
	assert_int_equal(sh(NULL, "mkdir -p '%s/units' && sed 's|=/usr/sbin/jailctl|=%s/usr/sbin/jailctl|' "
	    "'%s/usr/lib/systemd/system/jailctl-audit.service' > '%s/units/jailctl-audit.service' && "
	    "cp '%s/usr/lib/systemd/system/jailctl-audit.timer' '%s/units/'",
	    fx.scratch, fx.dest, fx.dest, fx.scratch, fx.dest, fx.scratch), 0);
	svc = tu_path(fx.scratch, "units/jailctl-audit.service");
	/* Unknown or misspelt directives are only warnings: none may appear. */
	int st = sh(&out, "systemd-analyze verify --man=no '%s' '%s/units/jailctl-audit.timer'",
	    svc, fx.scratch);
	if (st != 0 || *out != '\0')
		fail_msg("systemd-analyze verify (exit %d):\n%s", st, out);
	free(out);
	free(svc);
}

/* The cron.d line, as cron runs it: /bin/sh, PATH=/usr/bin:/bin, nothing else. */
static void
test_cron_line_in_crons_environment(void **state)
{
	(void)state;
	TU_REQUIRE_ROOT();

	char *cron = read_dest("etc/cron.d/jailctl"), *line = NULL, *out, *cmd;
	char *root = tu_mkroot(), *bin = dest_file("usr/sbin/jailctl");
	char *profile = dest_file("usr/share/jailctl/profiles/debian.profile");
	/* The job: the one line that starts with a time, not a comment or variable. */
	for (char *l = strtok(cron, "\n"); l != NULL; l = strtok(NULL, "\n"))
		if (isdigit((unsigned char)*l) || *l == '*' || *l == '@')
			line = l;
	assert_non_null(line);
	/* Minute, hour, day, month, weekday, user (root), then the command. */
	char *p = line;
	for (int field = 0; field < 6; field++) {
		if (field == 5)
			assert_true(strncmp(p, "root ", 5) == 0);
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
	}
	/* Aim the installed binary at a scratch root, with the installed profile. */
	char *with_root;
	assert_true(asprintf(&with_root, "%s --root %s --profile %s", bin, root, profile) > 0);
	char *job = strdup(""), *pos, *next;
	unsigned uses = 0;
	for (; (pos = strstr(p, "/usr/sbin/jailctl")) != NULL; p = pos + strlen("/usr/sbin/jailctl")) {
		assert_true(asprintf(&next, "%s%.*s%s", job, (int)(pos - p), p, with_root) > 0);
		free(job);
		job = next;
		uses++;
	}
	assert_true(asprintf(&next, "%s%s", job, p) > 0);
	free(job);
	job = next;
	assert_int_equal(uses, 2);	/* verify, then audit */
	assert_int_equal(sh(NULL, "'%s' --root '%s' --profile '%s' create", bin, root, profile), 0);

	assert_true(asprintf(&cmd, "cd / && env -i PATH=/usr/bin:/bin /bin/sh -c \"$JOB\"") > 0);
	setenv("JOB", job, 1);
	int st = sh(&out, "%s", cmd);
	unsetenv("JOB");
	/* The jail is as the profile wants: verify is silent.  The audit has
	 * no sendmail.cf to read: findings, exit 1, and cron mails them. */
	if (st != 1 || strstr(out, "not found") != NULL || strstr(out, "tree.") != NULL ||
	    strstr(out, "cf.missing") == NULL)
		fail_msg("cron job (exit %d):\n%s\n%s", st, job, out);
	free(out);
	/* Drift: now verify speaks too. */
	tu_chmod(root, "var/mailjail/var/spool/mqueue", 0777);
	setenv("JOB", job, 1);
	st = sh(&out, "%s", cmd);
	unsetenv("JOB");
	assert_int_equal(st, 1);
	assert_non_null(strstr(out, "tree.mode"));
	free(out);
	free(cmd);
	free(job);
	free(with_root);
	free(profile);
	free(bin);
	free(cron);
	tu_rmroot(root);
}

/* README shows the cron.d job exactly as it is shipped. */
static void
test_readme_shows_shipped_cron_line(void **state)
{
	char *path = tu_srcfile("scripts/cron/jailctl"), *cron = tu_read_file(path);
	char *rpath = tu_srcfile("README.md"), *readme = tu_read_file(rpath);
	bool found = false;

	(void)state;
	for (char *l = strtok(cron, "\n"); l != NULL; l = strtok(NULL, "\n"))
		if (isdigit((unsigned char)*l)) {
			if (strstr(readme, l) == NULL)
				fail_msg("README.md does not show the shipped cron line:\n%s", l);
			found = true;
		}
	assert_true(found);
	free(cron);
	free(path);
	free(readme);
	free(rpath);
}

/* Last: uninstall leaves no file behind. */
static void
test_uninstall(void **state)
{
	char *left;

	(void)state;
	assert_int_equal(sh(NULL, "make -C '%s/src' uninstall DESTDIR='%s' PREFIX=/usr",
	    fx.scratch, fx.dest), 0);
	assert_int_equal(sh(&left, "find '%s' ! -type d", fx.dest), 0);
	if (*left != '\0')
		fail_msg("make uninstall left:\n%s", left);
	free(left);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed_tree),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_systemd_analyze_verify),
		cmocka_unit_test(test_cron_line_in_crons_environment),
		cmocka_unit_test(test_readme_shows_shipped_cron_line),
		cmocka_unit_test(test_uninstall),
	};

	return cmocka_run_group_tests(tests, setup_install, teardown_install);
}
