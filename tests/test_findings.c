/*
 * test_findings.c -- the finding catalogue is complete and true.
 *
 * The sources are scanned for the string literals that are finding ids, so
 * a new id cannot land without its severity, title and remediation in
 * jailctl/findings.c and its entry in jailctl(8); and a catalogued id that
 * nothing emits any more is caught too.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "findings.h"

/* A string literal that may be a finding id, and where it was. */
struct literal {
	char *text;
	char *where;		/* "audit/x.c:12" */
	bool before_severity;	/* the next argument is a SEV_ constant */
};

struct scan {
	struct literal *v;
	size_t n;
};

/* family.word-word: the shape of every finding id. */
static bool
id_shaped(const char *s, size_t len)
{
	size_t i = 0, dot = 0;

	while (i < len && islower((unsigned char)s[i]))
		i++;
	if (i == 0 || i >= len || s[i] != '.')
		return false;
	dot = ++i;
	for (; i < len; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
		    !(s[i] == '-' && i > dot && s[i - 1] != '-'))
			return false;
	return i > dot && s[len - 1] != '-';
}

static bool
followed_by_severity(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != ',')
		return false;
	while (isspace((unsigned char)*p))
		p++;
	return strncmp(p, "SEV_", 4) == 0;
}

/* Every id-shaped string literal of one C file (comments skipped). */
static void
scan_file(struct scan *sc, const char *path, const char *shown)
{
	char *text = tu_read_file(path);
	const char *p = text, *line_start = text;
	unsigned line = 1;

	while (*p != '\0') {
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			for (const char *q = p; q < (end ? end : p + strlen(p)); q++)
				if (*q == '\n')
					line++;
			p = end != NULL ? end + 2 : p + strlen(p);
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			p += strcspn(p, "\n");
			continue;
		}
		if (*p == '\'') {
			for (p++; *p != '\0' && *p != '\''; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			if (*p != '\0')
				p++;
			continue;
		}
		if (*p == '"') {
			const char *start = ++p;
			for (; *p != '\0' && *p != '"' && *p != '\n'; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			size_t len = (size_t)(p - start);
			bool include = strncmp(line_start + strspn(line_start, " \t"),
			    "#include", 8) == 0;
			if (*p == '"')
				p++;
			if (!include && id_shaped(start, len)) {
				struct literal *l;
				sc->v = realloc(sc->v, (sc->n + 1) * sizeof(*sc->v));
				assert_non_null(sc->v);
				l = &sc->v[sc->n++];
				l->text = strndup(start, len);
				assert_true(asprintf(&l->where, "%s:%u", shown, line) > 0);
				l->before_severity = followed_by_severity(p);
			}
			continue;
		}
		if (*p == '\n') {
			line++;
			line_start = p + 1;
		}
		p++;
	}
	free(text);
}

/* Every .c and .h of the tool (the catalogue itself aside). */
static void
scan_sources(struct scan *sc)
{
	static const char *const dirs[] = { "jailctl", "audit" };

	for (size_t d = 0; d < 2; d++) {
		char *dir = tu_srcfile(dirs[d]);
		DIR *dp = opendir(dir);
		struct dirent *e;

		assert_non_null(dp);
		while ((e = readdir(dp)) != NULL) {
			size_t len = strlen(e->d_name);
			char *path, *shown;

			if (len < 3 || e->d_name[len - 2] != '.' ||
			    (e->d_name[len - 1] != 'c' && e->d_name[len - 1] != 'h') ||
			    strncmp(e->d_name, "findings.", 9) == 0)
				continue;
			assert_true(asprintf(&path, "%s/%s", dir, e->d_name) > 0);
			assert_true(asprintf(&shown, "%s/%s", dirs[d], e->d_name) > 0);
			scan_file(sc, path, shown);
			free(path);
			free(shown);
		}
		closedir(dp);
		free(dir);
	}
}

static void
scan_free(struct scan *sc)
{
	for (size_t i = 0; i < sc->n; i++) {
		free(sc->v[i].text);
		free(sc->v[i].where);
	}
	free(sc->v);
}

static bool
catalogued_family(const char *id)
{
	size_t n, flen = strcspn(id, ".");
	const struct finding_info *all = findings_all(&n);

	for (size_t i = 0; i < n; i++)
		if (strncmp(all[i].id, id, flen) == 0 && all[i].id[flen] == '.')
			return true;
	return false;
}

/*
 * An id-shaped literal is a finding id when its family is one the
 * catalogue knows (tree., cf., smrsh., ...) or, for a new family, when a
 * severity follows it as the next argument.
 */
static void
test_every_emitted_id_is_catalogued(void **state)
{
	struct scan sc = { NULL, 0 };
	unsigned missing = 0;

	(void)state;
	scan_sources(&sc);
	assert_true(sc.n > 50);
	for (size_t i = 0; i < sc.n; i++) {
		const struct literal *l = &sc.v[i];

		if (!catalogued_family(l->text) && !l->before_severity)
			continue;
		if (findings_lookup(l->text) == NULL) {
			print_message("%s: finding id '%s' is not in the catalogue: add "
			    "it to jailctl/findings.c (severity, title, remediation) "
			    "and to FINDINGS in jailctl.8\n", l->where, l->text);
			missing++;
		}
	}
	scan_free(&sc);
	assert_int_equal(missing, 0);
}

static void
test_every_catalogued_id_is_emitted(void **state)
{
	struct scan sc = { NULL, 0 };
	size_t n;
	const struct finding_info *all = findings_all(&n);
	unsigned stale = 0;

	(void)state;
	scan_sources(&sc);
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < sc.n && !found; j++)
			found = strcmp(sc.v[j].text, all[i].id) == 0;
		if (!found) {
			print_message("catalogue id '%s' is emitted nowhere in "
			    "jailctl/ or audit/: remove it from jailctl/findings.c\n",
			    all[i].id);
			stale++;
		}
	}
	scan_free(&sc);
	assert_int_equal(stale, 0);
}

/* Sorted (findings_lookup() searches it), unique, and every text usable. */
static void
test_catalogue_is_well_formed(void **state)
{
	size_t n;
	const struct finding_info *all = findings_all(&n);

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct finding_info *f = &all[i];
		size_t tl = strlen(f->title), rl = strlen(f->remediation);

		if (i > 0 && strcmp(all[i - 1].id, f->id) >= 0)
			fail_msg("catalogue not sorted or not unique at '%s'", f->id);
		assert_true(id_shaped(f->id, strlen(f->id)));
		assert_ptr_equal(findings_lookup(f->id), f);
		assert_true(f->commands != 0 && (f->commands & ~(unsigned)FCMD_ALL) == 0);
		if (tl == 0 || f->title[tl - 1] == '.' || strchr(f->title, '\n'))
			fail_msg("%s: title must be one line without a final period", f->id);
		if (rl == 0 || strchr(f->remediation, '\n'))
			fail_msg("%s: remediation must be one non-empty line", f->id);
		/* Every placeholder is one findings_remediation() fills in. */
		char *r = findings_remediation(f->id, "debian", "/var/mailjail");
		if (strstr(r, "{mc}") || strstr(r, "{rebuild}") || strstr(r, "{jail}"))
			fail_msg("%s: placeholder left in '%s'", f->id, r);
		free(r);
	}
	assert_null(findings_lookup("tree.nonexistent"));
	assert_null(findings_remediation("tree.nonexistent", "debian", NULL));
}

/* A cf finding says which sendmail.mc line to add and how to rebuild, per distribution. */
static void
test_cf_remediation_per_distribution(void **state)
{
	char *deb = findings_remediation("cf.prog-not-smrsh", "debian", NULL);
	char *rhel = findings_remediation("cf.prog-not-smrsh", "rhel", NULL);
	char *suse = findings_remediation("cf.prog-not-smrsh", "suse", NULL);
	char *other = findings_remediation("cf.prog-not-smrsh", "mysite", NULL);
	char *sfe = findings_remediation("cf.safefileenv-root", "debian", "/srv/jail");

	(void)state;
	assert_non_null(strstr(deb, "FEATURE(`smrsh')dnl"));
	assert_non_null(strstr(deb, "/etc/mail/sendmail.mc"));
	assert_non_null(strstr(deb, "sendmailconfig"));
	assert_non_null(strstr(rhel, "make -C /etc/mail"));
	assert_null(strstr(rhel, "sendmailconfig"));
	assert_non_null(strstr(suse, "/etc/sendmail.cf"));
	/* An unknown profile gets every distribution's way. */
	assert_non_null(strstr(other, "sendmailconfig"));
	assert_non_null(strstr(other, "SUSE"));
	assert_non_null(strstr(sfe, "define(`confSAFE_FILE_ENV', `/srv/jail')dnl"));
	free(deb);
	free(rhel);
	free(suse);
	free(other);
	free(sfe);
}

static void
test_command_bits(void **state)
{
	(void)state;
	assert_int_equal(findings_command_bits("verify"), FCMD_VERIFY);
	assert_int_equal(findings_command_bits("audit"), FCMD_AUDIT);
	assert_int_equal(findings_command_bits("audit smrsh"), FCMD_AUDIT_SMRSH);
	assert_int_equal(findings_command_bits("profile show"), 0);
	assert_int_equal(findings_command_bits(NULL), 0);
	assert_true(findings_lookup("cf.dbs")->commands & FCMD_AUDIT_CONFIG);
	assert_true(findings_lookup("tree.mode")->commands & FCMD_VERIFY);
}

static bool
id_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-';
}

/* Every id is documented in jailctl(8). */
static void
test_every_id_in_man_page(void **state)
{
	char *path = tu_srcfile("jailctl.8"), *man = tu_read_file(path);
	size_t n;
	const struct finding_info *all = findings_all(&n);
	unsigned undocumented = 0;

	(void)state;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(all[i].id);
		bool found = false;

		for (const char *p = man; !found && (p = strstr(p, all[i].id)) != NULL; p++)
			found = (p == man || !id_char(p[-1])) && !id_char(p[len]);
		if (!found) {
			print_message("finding id '%s' is not in jailctl.8\n", all[i].id);
			undocumented++;
		}
	}
	free(man);
	free(path);
	assert_int_equal(undocumented, 0);
}

/* Every finding of a JSON report carries its remediation. */
static void
test_json_findings_carry_remediation(void **state)
{
	char *root = *state, *src = tu_srcfile("tests/data/cf/sendmail.cf.debian12-default");
	char *cf = tu_read_file(src);
	int st;
	json_t *doc, *f;
	size_t i;

	tu_write(root, "etc/mail/sendmail.cf", cf, 0644);
	doc = tu_run_json(&st, "--root", root, "--profile", "debian", "audit", "config", NULL);
	assert_int_equal(st, 1);
	f = tu_expect_finding(doc, "cf.prog-not-smrsh", NULL, "high");
	assert_non_null(strstr(tu_str(f, "remediation"), "FEATURE(`smrsh')dnl"));
	assert_non_null(strstr(tu_str(f, "remediation"), "sendmailconfig"));
	json_array_foreach(json_object_get(doc, "findings"), i, f)
		assert_non_null(tu_str(f, "remediation"));
	json_decref(doc);
	free(cf);
	free(src);
}

/* jailctl explain: the catalogue for people and for the bash completion. */
static void
test_explain(void **state)
{
	char *out, *err;
	size_t n, lines = 0;
	const struct finding_info *all = findings_all(&n);

	(void)state;
	assert_int_equal(tu_run(&out, NULL, "explain", NULL), 0);
	for (const char *p = out; *p != '\0'; p += strcspn(p, "\n") + 1) {
		assert_true(lines < n);
		/* One line per id, in catalogue order: id first. */
		assert_int_equal(strncmp(p, all[lines].id, strlen(all[lines].id)), 0);
		lines++;
	}
	assert_int_equal(lines, n);
	free(out);
	assert_int_equal(tu_run(&out, NULL, "--profile", "rhel", "explain",
	    "cf.prog-not-smrsh", NULL), 0);
	assert_non_null(strstr(out, "cf.prog-not-smrsh: the prog mailer is not smrsh"));
	assert_non_null(strstr(out, "severity: high"));
	assert_non_null(strstr(out, "reported by: audit config"));
	assert_non_null(strstr(out, "make -C /etc/mail"));
	free(out);
	int st;
	json_t *doc = tu_run_json(&st, "explain", "tree.mode", NULL);
	assert_int_equal(st, 0);
	json_t *f = json_array_get(json_object_get(doc, "findings"), 0);
	assert_string_equal(tu_str(f, "severity"), "high");
	assert_non_null(tu_str(f, "severity_note"));
	assert_string_equal(tu_str(f, "remediation"), "jailctl verify --fix sets the mode");
	json_decref(doc);
	assert_int_equal(tu_run(NULL, &err, "explain", "tree.nonexistent", NULL), 2);
	assert_non_null(strstr(err, "unknown finding id 'tree.nonexistent'"));
	free(err);
}

/*
 * FINDINGS of jailctl(8), made from the catalogue: one list per set of
 * commands, each id with its severity, title, detail and remedy.
 */
static const struct {
	unsigned commands;
	const char *heading, *intro;
} man_groups[] = {
	{ FCMD_TREE, "The jail (create, verify)", NULL },
	{ FCMD_CREATE, "The smrsh directory's links (create)", NULL },
	{ FCMD_AUDIT_CONFIG, "sendmail.cf (audit config)",
	  "The path of every cf. finding is the sendmail.cf that was read." },
	{ FCMD_AUDIT_SMRSH, "smrsh (audit smrsh)",
	  "Every finding names the entry, its link chain (name -> hop => real path), "
	  "the resolved target and the reason." },
	{ FCMD_AUDIT_FORWARD, "~/.forward (audit forward)",
	  "The path of a finding is the .forward or :include: file; the message names "
	  "the user, the line and the entry as written, and what sendmail and smrsh "
	  "will do with it, in their own words where a bounce or log would show them." },
	{ FCMD_AUDIT_PIPE, "One command line (audit pipe)", NULL },
};

/*
 * Text lines for roff: each sentence on a line of its own, no control
 * character first, backslashes escaped.
 */
static void
roff_text(FILE *out, const char *s)
{
	bool line_start = true;

	for (; *s != '\0'; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		line_start = false;
		if (*s == '\\')
			fputs("\\e", out);
		else
			fputc(*s, out);
		if (strchr(".?!", *s) != NULL && s[1] == ' ' && s[2] != '\0') {
			fputc('\n', out);
			s++;
			line_start = true;
		}
	}
	fputc('\n', out);
}

static void
man_entry(FILE *out, const struct finding_info *f)
{
	char *t, *fix = findings_remediation(f->id, NULL, NULL);
	const char *detail = findings_detail(f->id);
	size_t len = strlen(fix);

	fprintf(out, ".It Sy %s Pq %s\n", f->id, severity_name(f->severity));
	if (f->severity_note != NULL)
		assert_true(asprintf(&t, "%s (%s).", f->title, f->severity_note) > 0);
	else
		assert_true(asprintf(&t, "%s.", f->title) > 0);
	roff_text(out, t);
	free(t);
	if (detail != NULL)
		roff_text(out, detail);
	assert_true(asprintf(&t, "Remedy: %s%s", fix, len > 0 && fix[len - 1] == '.' ? "" : ".") > 0);
	roff_text(out, t);
	free(t);
	free(fix);
}

static char *
render_findings_section(void)
{
	size_t n, len;
	const struct finding_info *all = findings_all(&n);
	char *buf = NULL;
	FILE *out = open_memstream(&buf, &len);
	unsigned done[64];
	size_t ndone = 0;

	assert_non_null(out);
	fputs(".Sh FINDINGS\n"
	    ".\\\" Made from jailctl/findings.c by 'make man-findings': edit the catalogue.\n"
	    "Finding ids are stable.\n"
	    "Each is listed with its severity (the highest, where it varies), what it\n"
	    "means and its remedy;\n"
	    ".Nm Cm explain Ar ID\n"
	    "prints the same, with the remedy filled in for the distribution of\n"
	    ".Fl -profile ,\n"
	    "and every JSON finding carries it as\n"
	    ".Ql remediation .\n", out);
	/* The known groups first, in their order, then any other set of commands. */
	for (size_t g = 0; g < sizeof(man_groups) / sizeof(man_groups[0]) + n; g++) {
		unsigned mask;
		char heading[160];

		if (g < sizeof(man_groups) / sizeof(man_groups[0])) {
			mask = man_groups[g].commands;
			snprintf(heading, sizeof(heading), "%s", man_groups[g].heading);
		} else {
			mask = all[g - sizeof(man_groups) / sizeof(man_groups[0])].commands;
			snprintf(heading, sizeof(heading), "%s%s%s%s%s%s%s",
			    mask == FCMD_ALL ? "Every command" : "Reported by",
			    mask != FCMD_ALL && (mask & FCMD_CREATE) ? " create" : "",
			    mask != FCMD_ALL && (mask & FCMD_VERIFY) ? " verify" : "",
			    mask != FCMD_ALL && (mask & FCMD_AUDIT_CONFIG) ? " audit-config" : "",
			    mask != FCMD_ALL && (mask & FCMD_AUDIT_SMRSH) ? " audit-smrsh" : "",
			    mask != FCMD_ALL && (mask & FCMD_AUDIT_FORWARD) ? " audit-forward" : "",
			    mask != FCMD_ALL && (mask & FCMD_AUDIT_PIPE) ? " audit-pipe" : "");
		}
		bool seen = false;
		for (size_t d = 0; d < ndone && !seen; d++)
			seen = done[d] == mask;
		if (seen)
			continue;
		assert_true(ndone < 64);
		done[ndone++] = mask;
		fprintf(out, ".Ss %s\n", heading);
		if (g < sizeof(man_groups) / sizeof(man_groups[0]) && man_groups[g].intro != NULL)
			roff_text(out, man_groups[g].intro);
		fputs(".Bl -tag -width Ds\n", out);
		for (size_t i = 0; i < n; i++)
			if (all[i].commands == mask)
				man_entry(out, &all[i]);
		fputs(".El\n", out);
	}
	fclose(out);
	return buf;
}

/* The FINDINGS section of jailctl(8): from ".Sh FINDINGS" to the next ".Sh". */
static void
findings_section_bounds(const char *man, size_t *start, size_t *end)
{
	const char *s = strstr(man, "\n.Sh FINDINGS\n"), *e;

	assert_non_null(s);
	s++;
	e = strstr(s + 1, "\n.Sh ");
	assert_non_null(e);
	*start = (size_t)(s - man);
	*end = (size_t)(e - man) + 1;
}

static void
test_man_findings_section_is_generated(void **state)
{
	char *path = tu_srcfile("jailctl.8"), *man = tu_read_file(path);
	char *want = render_findings_section();
	size_t start, end;

	(void)state;
	findings_section_bounds(man, &start, &end);
	if (end - start != strlen(want) || strncmp(man + start, want, end - start) != 0)
		fail_msg("FINDINGS in jailctl.8 is not what jailctl/findings.c says: "
		    "run 'make man-findings' (it rewrites the section)");
	free(want);
	free(man);
	free(path);
}

/* make man-findings: rewrite the section in place. */
static int
write_man_findings(void)
{
	char *path = tu_srcfile("jailctl.8"), *man = tu_read_file(path), *tmp;
	char *want = render_findings_section();
	size_t start, end;
	FILE *out;

	findings_section_bounds(man, &start, &end);
	assert_true(asprintf(&tmp, "%s.tmp", path) > 0);
	out = fopen(tmp, "w");
	assert_non_null(out);
	fprintf(out, "%.*s%s%s", (int)start, man, want, man + end);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(rename(tmp, path), 0);
	printf("%s: FINDINGS rewritten from the catalogue\n", path);
	free(tmp);
	free(want);
	free(man);
	free(path);
	return 0;
}

int
main(void)
{
	if (getenv("JAILCTL_WRITE_MAN") != NULL)
		return write_man_findings();

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_emitted_id_is_catalogued),
		cmocka_unit_test(test_every_catalogued_id_is_emitted),
		cmocka_unit_test(test_catalogue_is_well_formed),
		cmocka_unit_test(test_cf_remediation_per_distribution),
		cmocka_unit_test(test_command_bits),
		cmocka_unit_test(test_every_id_in_man_page),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_man_findings_section_is_generated),
		cmocka_unit_test_setup_teardown(test_json_findings_carry_remediation,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
