/*
 * test_manpages.c -- the manual pages are clean and say what the program does.
 *
 * mandoc -Tlint -W warning prints nothing for any page; jailctl(8)'s
 * SYNOPSIS renders exactly as `jailctl --help` reads; every option and
 * command --help names is documented in jailctl(8).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"

/* Output of a shell command (stdout and stderr), and its exit status. */
static char *
capture(int *status, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *buf = NULL;
	size_t len = 0, n;
	char chunk[4096];
	FILE *p, *out = open_memstream(&buf, &len);

	va_start(ap, fmt);
	assert_true(vasprintf(&cmd, fmt, ap) > 0);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, out);
	int st = pclose(p);
	fclose(out);
	free(cmd);
	if (status != NULL)
		*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf;
}

static bool
have_mandoc(void)
{
	int st;

	free(capture(&st, "command -v mandoc >/dev/null 2>&1"));
	if (st != 0)
		print_message("skipped: mandoc is not installed\n");
	return st == 0;
}

static bool
is_man_page(const char *name)
{
	size_t len = strlen(name);

	return len > 2 && name[len - 2] == '.' && name[len - 1] >= '1' && name[len - 1] <= '8';
}

static void
test_lint_every_page(void **state)
{
	static const char *const dirs[] = { ".", "doc" };
	unsigned pages = 0;

	(void)state;
	if (!have_mandoc())
		return;
	for (size_t d = 0; d < 2; d++) {
		char *dir = tu_srcfile(dirs[d]);
		DIR *dp = opendir(dir);
		struct dirent *e;

		while (dp != NULL && (e = readdir(dp)) != NULL) {
			if (!is_man_page(e->d_name))
				continue;
			char *out = capture(NULL, "mandoc -Tlint -W warning '%s/%s' 2>&1",
			    dir, e->d_name);
			if (*out != '\0')
				fail_msg("mandoc -Tlint -W warning %s/%s:\n%s", dirs[d],
				    e->d_name, out);
			free(out);
			pages++;
		}
		if (dp != NULL)
			closedir(dp);
		free(dir);
	}
	assert_true(pages >= 2);
}

/* Collapse runs of blanks, drop leading and trailing ones. */
static void
squeeze(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++)
		if (*r != ' ' || (w > s && w[-1] != ' '))
			*w++ = *r;
	while (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

static void
test_synopsis_reads_as_help(void **state)
{
	char *help, *page, *path = tu_srcfile("jailctl.8");
	char *want[32], *got[32];
	size_t nwant = 0, ngot = 0;

	(void)state;
	if (!have_mandoc())
		return;
	assert_int_equal(tu_run(&help, NULL, "--help", NULL), 0);
	/* The usage lines: "usage: jailctl ..." and the indented ones after it. */
	for (char *l = strtok(help, "\n"); l != NULL; l = strtok(NULL, "\n")) {
		if (strncmp(l, "usage:", 6) == 0)
			l += 6;
		else if (*l != ' ' || nwant == 0)
			break;
		squeeze(l);
		assert_true(nwant < 32);
		want[nwant++] = l;
	}
	/* Rendered SYNOPSIS, wide enough that nothing wraps, overstrike removed. */
	page = capture(NULL, "mandoc -Tascii -Owidth=400 '%s' | sed 's/.\\x08//g' | "
	    "sed -n '/^SYNOPSIS/,/^[A-Z]/p'", path);
	for (char *l = strtok(page, "\n"); l != NULL; l = strtok(NULL, "\n")) {
		if (*l != ' ')
			continue;
		squeeze(l);
		assert_true(ngot < 32);
		got[ngot++] = l;
	}
	for (size_t i = 0; i < nwant || i < ngot; i++)
		if (i >= nwant || i >= ngot || strcmp(want[i], got[i]) != 0)
			fail_msg("SYNOPSIS line %zu is \"%s\", --help says \"%s\"", i + 1,
			    i < ngot ? got[i] : "(none)", i < nwant ? want[i] : "(none)");
	free(page);
	free(help);
	free(path);
}

/* Every --option and command word of --help has its place in jailctl(8). */
static void
test_help_is_documented(void **state)
{
	char *help, *path = tu_srcfile("jailctl.8"), *man = tu_read_file(path);
	unsigned missing = 0;

	(void)state;
	assert_int_equal(tu_run(&help, NULL, "--help", NULL), 0);
	for (const char *p = help; (p = strstr(p, "--")) != NULL; ) {
		size_t len = 2 + strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
		char *flag;

		/* mdoc writes --name as "Fl -name" (or "Fl p , -name"). */
		assert_true(asprintf(&flag, " %.*s", (int)len - 1, p + 1) > 0);
		bool found = false;
		for (const char *m = man; !found && (m = strstr(m, flag)) != NULL; m++)
			found = strchr(" \n", m[strlen(flag)]) != NULL;
		if (len > 2 && !found) {
			print_message("jailctl(8) does not document %.*s\n", (int)len, p);
			missing++;
		}
		free(flag);
		p += len;
	}
	static const char *const commands[] = { "create", "verify", "audit", "profile" };
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char *item;
		assert_true(asprintf(&item, ".It Cm %s", commands[i]) > 0);
		if (strstr(help, commands[i]) != NULL && strstr(man, item) == NULL) {
			print_message("jailctl(8) has no '%s'\n", item);
			missing++;
		}
		free(item);
	}
	free(help);
	free(man);
	free(path);
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint_every_page),
		cmocka_unit_test(test_synopsis_reads_as_help),
		cmocka_unit_test(test_help_is_documented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
