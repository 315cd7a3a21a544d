/*
 * cmd_profile.c -- `jailctl profile list | show [NAME] | check FILE`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fsutil.h"
#include "jailctl.h"
#include "profile.h"
#include "profile_find.h"
#include "report.h"
#include "util.h"

static json_t *
jmode(mode_t m)
{
	char buf[8];

	mode_string(m, buf);
	return json_string(buf);
}

/* A users= entry's selector as written ("forward", "1000-59999"), or NULL. */
static char *
users_text(const struct entry *e)
{
	if (e->users == USERS_FORWARD)
		return xstrdup("forward");
	if (e->users == USERS_UIDS)
		return xasprintf("%u-%u", (unsigned)e->users_min,
		    (unsigned)e->users_max);
	return NULL;
}

/* The resolved profile as the keys of `profile show --format json`. */
static void
profile_to_report(const struct profile *p, struct report *rep)
{
	json_t *smrsh = json_object(), *entries = json_array(), *content = json_array();

	report_set(rep, "name", report_json_text(p->name));
	report_set(rep, "description", report_json_text(p->description));
	report_set(rep, "file", report_json_text(p->file));
	json_t *dropins = json_array();
	for (size_t i = 1; i < p->nsources; i++)
		json_array_append_new(dropins, report_json_text(p->sources[i]));
	report_set(rep, "dropins", dropins);
	report_set(rep, "match", report_json_list(p->match));
	report_set(rep, "sendmail_cf", report_json_text(p->sendmail_cf));
	report_set(rep, "mail_user", report_json_text(p->mail_user));
	report_set(rep, "mail_group", report_json_text(p->mail_group));
	json_object_set_new(smrsh, "binary", report_json_text(p->smrsh.binary));
	json_object_set_new(smrsh, "dir", report_json_text(p->smrsh.dir));
	json_object_set_new(smrsh, "dir_owner", report_json_text(p->smrsh.dir_owner));
	json_object_set_new(smrsh, "dir_group", report_json_text(p->smrsh.dir_group));
	json_object_set_new(smrsh, "dir_mode", p->smrsh.dir_mode == (mode_t)-1 ?
	    json_null() : jmode(p->smrsh.dir_mode));
	json_object_set_new(smrsh, "allow", report_json_list(p->smrsh.allow));
	json_object_set_new(smrsh, "deny", report_json_list(p->smrsh.deny));
	json_object_set_new(smrsh, "search", report_json_list(p->smrsh.search));
	report_set(rep, "smrsh", smrsh);
	report_set(rep, "jail", report_json_text(p->jail));
	for (size_t i = 0; i < p->nentries; i++) {
		const struct entry *e = &p->entries[i];
		json_t *o = json_object();

		char *path = path_join(p->jail, e->path);

		json_object_set_new(o, "path", report_json_text(path));
		free(path);
		json_object_set_new(o, "type", json_string(e->type == ENTRY_DIR ? "dir" : "file"));
		json_object_set_new(o, "owner", report_json_text(e->owner));
		json_object_set_new(o, "group", report_json_text(e->group));
		json_object_set_new(o, "mode", jmode(e->mode));
		json_object_set_new(o, "acl", report_json_text(e->attrs.acl));
		json_object_set_new(o, "default_acl", report_json_text(e->attrs.default_acl));
		json_object_set_new(o, "context", report_json_text(e->attrs.context));
		json_object_set_new(o, "caps", report_json_text(e->attrs.caps));
		json_object_set_new(o, "source", report_json_text(e->file));
		json_object_set_new(o, "line", json_integer(e->line));
		char *users = users_text(e);
		json_object_set_new(o, "users", report_json_text(users));
		free(users);
		json_array_append_new(entries, o);
	}
	report_set(rep, "entries", entries);
	for (size_t i = 0; i < p->ncontent; i++) {
		const struct content_rule *c = &p->content[i];
		json_t *o = json_object();
		char *dir = path_join(p->jail, c->dir);

		json_object_set_new(o, "dir", report_json_text(dir));
		free(dir);
		json_object_set_new(o, "type", json_string(c->regular ? "file" : "any"));
		json_object_set_new(o, "links", c->max_links ?
		    json_integer((json_int_t)c->max_links) : json_null());
		json_object_set_new(o, "deny", jmode(c->deny));
		json_object_set_new(o, "owner", report_json_text(
		    c->owner_rule == OWNER_ANY ? "any" :
		    c->owner_rule == OWNER_NAMED_AFTER_FILE ? "%name" : c->owner));
		json_object_set_new(o, "group", report_json_text(c->group ? c->group : "any"));
		json_object_set_new(o, "acl", report_json_text(c->attrs.acl));
		json_object_set_new(o, "context", report_json_text(c->attrs.context));
		json_object_set_new(o, "caps", report_json_text(c->attrs.caps));
		json_object_set_new(o, "source", report_json_text(c->file));
		json_object_set_new(o, "line", json_integer(c->line));
		json_array_append_new(content, o);
	}
	report_set(rep, "content", content);
}

/*
 * Escaped text for printing; the copies live until the next profile_print
 * (a profile is small, and this keeps the printing code readable).
 */
static char **escaped;
static size_t nescaped;

static const char *
E(const char *s)
{
	escaped = xrealloc(escaped, (nescaped + 1) * sizeof(*escaped));
	return escaped[nescaped++] = escape_text(s);
}

static void
free_escaped(void)
{
	for (size_t i = 0; i < nescaped; i++)
		free(escaped[i]);
	free(escaped);
	escaped = NULL;
	nescaped = 0;
}

static void
print_attrs(const struct secattrs *a)
{
	if (a->acl)
		printf(" acl=%s", E(a->acl));
	if (a->default_acl)
		printf(" default-acl=%s", E(a->default_acl));
	if (a->context)
		printf(" context=%s", E(a->context));
	if (a->caps)
		printf(" caps=%s", E(a->caps));
}

/* End an entry's line with the file and line it came from. */
static void
print_source(const char *file, unsigned line)
{
	printf("  # %s:%u\n", E(file), line);
}

/*
 * The resolved profile in the profile grammar, jail paths made absolute,
 * drop-ins merged; each entry says which file and line it came from.
 */
static void
profile_print(const struct profile *p)
{
	printf("# %s, from %s\n", E(p->name), E(p->file));
	for (size_t i = 1; i < p->nsources; i++)
		printf("# drop-in %s\n", E(p->sources[i]));
	printf("name %s\n", E(p->name));
	if (p->description)
		printf("description %s\n", E(p->description));
	if (p->match) {
		printf("match");
		for (char **m = p->match; *m; m++)
			printf(" %s", E(*m));
		printf("\n");
	}
	if (p->sendmail_cf)
		printf("sendmail-cf %s\n", E(p->sendmail_cf));
	if (p->mail_user)
		printf("mail-user %s\n", E(p->mail_user));
	if (p->mail_group)
		printf("mail-group %s\n", E(p->mail_group));
	printf("jail %s\n", E(p->jail));
	if (p->smrsh.binary) {
		printf("smrsh-binary %s", E(p->smrsh.binary));
		print_attrs(&p->smrsh.binary_attrs);
		printf("\n");
	}
	if (p->smrsh.dir) {
		printf("smrsh-dir %s", E(p->smrsh.dir));
		if (p->smrsh.dir_owner)
			printf(" %s %s %04o", E(p->smrsh.dir_owner), E(p->smrsh.dir_group),
			    (unsigned)p->smrsh.dir_mode);
		print_attrs(&p->smrsh.dir_attrs);
		printf("\n");
	}
	for (int k = 0; k < 3; k++) {
		char **v = k == 0 ? p->smrsh.allow : k == 1 ? p->smrsh.deny :
		    p->smrsh.search;
		if (v == NULL)
			continue;
		printf("%s", k == 0 ? "smrsh-allow" : k == 1 ? "smrsh-deny" :
		    "smrsh-search");
		for (; *v; v++)
			printf(" %s", E(*v));
		printf("\n");
	}
	for (size_t i = 0; i < p->nentries; i++) {
		const struct entry *e = &p->entries[i];
		char *path = path_join(p->jail, e->path);

		printf("%-4s %-32s %s %s %04o", e->type == ENTRY_DIR ? "dir" : "file",
		    E(path), E(e->owner), E(e->group), (unsigned)e->mode);
		print_attrs(&e->attrs);
		char *users = users_text(e);
		if (users != NULL)
			printf(" users=%s", users);
		free(users);
		print_source(e->file, e->line);
		free(path);
	}
	for (size_t i = 0; i < p->ncontent; i++) {
		const struct content_rule *c = &p->content[i];
		char *dir = path_join(p->jail, c->dir);

		printf("content %s type=%s", E(dir), c->regular ? "file" : "any");
		if (c->max_links)
			printf(" links=%lu", c->max_links);
		printf(" deny=%04o owner=%s group=%s", (unsigned)c->deny,
		    c->owner_rule == OWNER_ANY ? "any" :
		    c->owner_rule == OWNER_NAMED_AFTER_FILE ? "%name" : E(c->owner),
		    c->group ? E(c->group) : "any");
		print_attrs(&c->attrs);
		print_source(c->file, c->line);
		free(dir);
	}
	free_escaped();
}

static int
profile_list_cmd(struct context *ctx)
{
	size_t n;
	struct profile_info *v = profile_list(&n);
	struct report_header h = { "profile list", NULL, ctx->opt.root, NULL, false };

	if (n == 0) {
		/* Nothing installed is not an empty answer: say where we looked. */
		char *where = profile_search_text();
		fprintf(stderr, "jailctl: profile list: no profiles found in %s\n", where);
		free(where);
		profile_list_free(v, n);
		return EXIT_ERROR;
	}

	if (ctx->opt.format == FORMAT_JSON) {
		struct report *rep = report_new(&h, FORMAT_JSON, false, stdout);
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "name", report_json_text(v[i].name));
			json_object_set_new(o, "file", report_json_text(v[i].file));
			json_object_set_new(o, "description", report_json_text(v[i].description));
			json_object_set_new(o, "match", report_json_list(v[i].match));
			json_array_append_new(a, o);
		}
		report_set(rep, "profiles", a);
		profile_list_free(v, n);
		return report_finish(rep);
	}
	for (size_t i = 0; i < n; i++) {
		/* The name is a file name found on disk: escaped like the rest. */
		char *name = escape_text(v[i].name);
		char *d = escape_text(v[i].description ? v[i].description : "");
		char *f = escape_text(v[i].file);
		printf("%-10s %s (%s)\n", name, d, f);
		free(name);
		free(d);
		free(f);
	}
	profile_list_free(v, n);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_ERROR;
}

int
cmd_profile(struct context *ctx, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "jailctl: profile: expected list, show or check\n");
		return EXIT_ERROR;
	}
	if (strcmp(argv[0], "list") == 0 && argc == 1)
		return profile_list_cmd(ctx);
	if (strcmp(argv[0], "show") == 0 && argc <= 2) {
		/* main loaded the profile: from NAME, --profile or detection. */
		struct report_header h = { "profile show", ctx->profile->name,
		    ctx->opt.root, ctx->profile->jail, false };

		if (ctx->opt.format == FORMAT_TEXT) {
			profile_print(ctx->profile);
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_ERROR;
		}
		struct report *rep = report_new(&h, FORMAT_JSON, false, stdout);
		profile_to_report(ctx->profile, rep);
		return report_finish(rep);
	}
	if (strcmp(argv[0], "check") == 0 && argc == 2) {
		/* main validated it already, with the root's names. */
		if (!ctx->opt.quiet) {
			char *e = escape_text(argv[1]);
			printf("%s: ok\n", e);
			free(e);
		}
		return EXIT_OK;
	}
	fprintf(stderr, "jailctl: profile: usage: profile list | profile show [NAME] | "
	    "profile check FILE\n");
	return EXIT_ERROR;
}
