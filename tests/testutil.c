/* testutil.c -- see testutil.h. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
    "smmta:x:115:121:Mail Transfer Agent:/var/lib/sendmail:/usr/sbin/nologin\n"
    "smmsp:x:116:122:Mail Submission Program:/var/lib/sendmail:/usr/sbin/nologin\n"
    "alice:x:1001:1001:Alice:/home/alice:/bin/bash\n"
    "bob:x:1002:1002:Bob:/home/bob:/bin/bash\n";
static const char group[] =
    "root:x:0:\ndaemon:x:1:\nmail:x:8:\nsmmta:x:121:\nsmmsp:x:122:smmta\n"
    "alice:x:1001:\nbob:x:1002:\n";

char *
tu_path(const char *root, const char *rel)
{
	char *p;

	while (*rel == '/')
		rel++;
	assert_true(asprintf(&p, "%s/%s", root, rel) > 0);
	return p;
}

static void
mkparents(const char *path)
{
	char *copy = strdup(path);

	for (char *s = copy + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(copy, 0755) != 0)
			assert_int_equal(errno, EEXIST);
		*s = '/';
	}
	free(copy);
}

void
tu_write(const char *root, const char *rel, const char *content, mode_t mode)
{
	char *p = tu_path(root, rel);
	int fd;

	mkparents(p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	free(p);
}

void
tu_append(const char *root, const char *rel, const char *line)
{
	char *p = tu_path(root, rel);
	FILE *f = fopen(p, "a");

	assert_non_null(f);
	fprintf(f, "%s\n", line);
	fclose(f);
	free(p);
}

char *
tu_mkroot(void)
{
	char tmpl[] = "/tmp/jailctl-test.XXXXXX";
	char *root;

	assert_non_null(mkdtemp(tmpl));
	root = strdup(tmpl);
	/* A root must look like one: root-owned, not writable by others. */
	assert_int_equal(chmod(root, 0755), 0);
	tu_write(root, "etc/passwd", passwd, 0644);
	tu_write(root, "etc/group", group, 0644);
	tu_write(root, "etc/shells", "/bin/sh\n/bin/bash\n/usr/bin/bash\n", 0644);
	tu_write(root, "etc/os-release", "ID=debian\nPRETTY_NAME=\"scratch\"\n", 0644);
	char *var = tu_path(root, "var");
	assert_int_equal(mkdir(var, 0755), 0);
	free(var);
	return root;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* Tests may leave immutable-looking modes behind: make it removable. */
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void
tu_rmroot(char *root)
{
	if (root == NULL)
		return;
	assert_int_equal(strncmp(root, "/tmp/", 5), 0);
	(void)nftw(root, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	free(root);
}

const char *
tu_srcdir(void)
{
	const char *s = getenv("JAILCTL_SRCDIR");

	return s != NULL ? s : ".";
}

char *
tu_srcfile(const char *rel)
{
	return tu_path(tu_srcdir(), rel);
}

static char *
slurp(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	return buf;
}

int
tu_runv(char **out, char **err, char *const argv[])
{
	const char *bin = getenv("JAILCTL_BIN");
	char tmpl_o[] = "/tmp/jailctl-out.XXXXXX", tmpl_e[] = "/tmp/jailctl-err.XXXXXX";
	int fo = mkstemp(tmpl_o), fe = mkstemp(tmpl_e), status;
	pid_t pid;

	assert_true(fo >= 0 && fe >= 0);
	unlink(tmpl_o);
	unlink(tmpl_e);
	if (bin == NULL)
		bin = "jailctl/jailctl";
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t n = 0;
		while (argv[n] != NULL)
			n++;
		char **av = calloc(n + 2, sizeof(*av));
		av[0] = (char *)bin;
		memcpy(av + 1, argv, n * sizeof(*av));
		dup2(fo, 1);
		dup2(fe, 2);
		/* Run from the source tree, so ./profiles is found. */
		if (chdir(tu_srcdir()) != 0)
			_exit(127);
		execv(bin, av);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	lseek(fo, 0, SEEK_SET);
	lseek(fe, 0, SEEK_SET);
	if (out != NULL)
		*out = slurp(fo);
	if (err != NULL)
		*err = slurp(fe);
	close(fo);
	close(fe);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

int
tu_run(char **out, char **err, ...)
{
	char *argv[64];
	size_t n = 0;
	va_list ap;

	va_start(ap, err);
	while ((argv[n] = va_arg(ap, char *)) != NULL)
		assert_true(++n < 63);
	va_end(ap);
	return tu_runv(out, err, argv);
}

json_t *
tu_run_json(int *status, ...)
{
	char *argv[64], *out, *err;
	size_t n = 0;
	va_list ap;
	json_error_t je;
	json_t *doc;

	va_start(ap, status);
	while ((argv[n] = va_arg(ap, char *)) != NULL)
		assert_true(++n < 61);
	va_end(ap);
	argv[n++] = (char *)"--format";
	argv[n++] = (char *)"json";
	argv[n] = NULL;
	*status = tu_runv(&out, &err, argv);
	doc = json_loads(out, 0, &je);
	if (doc == NULL)
		print_error("not JSON (%s): stdout=%s stderr=%s\n", je.text, out, err);
	assert_non_null(doc);
	free(out);
	free(err);
	return doc;
}

json_t *
tu_find_finding(json_t *doc, const char *id, const char *path)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		if (strcmp(json_string_value(json_object_get(f, "id")), id) != 0)
			continue;
		if (path != NULL && (json_string_value(json_object_get(f, "path")) == NULL ||
		    strcmp(json_string_value(json_object_get(f, "path")), path) != 0))
			continue;
		return f;
	}
	return NULL;
}

size_t
tu_count_findings(json_t *doc, const char *id, const char *path)
{
	json_t *f;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		const char *fp = json_string_value(json_object_get(f, "path"));
		if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0 &&
		    (path == NULL || (fp != NULL && strcmp(fp, path) == 0)))
			n++;
	}
	return n;
}

size_t
tu_problems(json_t *doc)
{
	json_t *f;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "findings"), i, f)
		if (strcmp(json_string_value(json_object_get(f, "severity")), "info") != 0)
			n++;
	return n;
}
