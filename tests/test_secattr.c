/*
 * test_secattr.c -- ACLs, default ACLs, SELinux contexts and file
 * capabilities: applied, drift found with the right id, fixed, idempotent,
 * cross-checked with getfacl, getfattr and getcap.
 *
 * Every object lives in a scratch root under /tmp.  The scratch root's
 * passwd has a user "jmail" (uid 64242) that the host does not know, so an
 * ACL naming it proves that names come from the root, not from NSS.
 * Setting ACLs on files we do not own, security.selinux and
 * security.capability needs root: those tests skip otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sys/capability.h>

#include "testutil.h"

#include "acl_attr.h"
#include "drift.h"
#include "jailctl.h"
#include "label.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"

#define JMAIL_ID 64242
#define SPOOL_CTX "system_u:object_r:mail_spool_t:s0"
#define VAR_CTX "system_u:object_r:var_t:s0"
#define LOCK_CTX "system_u:object_r:jailtest_lock_t:s0"

struct fx {
	char *root;
	int root_fd;
	struct names *names;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->root = tu_mkroot();
	tu_append(f->root, "etc/passwd",
	    "jmail:x:64242:64242:jail mail:/nonexistent:/usr/sbin/nologin");
	tu_append(f->root, "etc/group", "jmail:x:64242:");
	f->root_fd = tu_open_root(f->root);
	f->names = names_load(f->root_fd, false);
	assert_non_null(f->names);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	names_free(f->names);
	close(f->root_fd);
	tu_rmroot(f->root);
	free(f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* One run of the engine as secattr sees it: a JSON report in memory. */
struct pass {
	struct tu_report r;	/* r.rep: where secattr reports */
	struct drift_sink sink;
};

static void
pass_begin(struct pass *p, enum drift_mode mode, bool dry_run)
{
	struct report_header h = { "test", NULL, "/", NULL, dry_run };

	tu_report_begin(&p->r, &h);
	p->sink = (struct drift_sink){ p->r.rep, mode, dry_run, NULL };
}

static json_t *
pass_end(struct pass *p, int *status)
{
	return tu_report_end(&p->r, status);
}

static size_t
nchanges(json_t *doc, const char *attribute)
{
	json_t *c;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "changes"), i, c)
		if (attribute == NULL || strcmp(json_string_value(
		    json_object_get(c, "attribute")), attribute) == 0)
			n++;
	return n;
}

static struct secattr_ctx *
sc_open(struct fx *f, enum selinux_mode mode, const char *fc,
    struct report *rep, int *err)
{
	struct context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.opt.root = f->root;	/* not "/": the scratch root's policy, if any */
	ctx.opt.selinux = mode;
	ctx.opt.file_contexts = fc;
	ctx.root_fd = f->root_fd;
	ctx.names = f->names;
	return secattr_open(&ctx, rep, err);
}

/* A string literal where struct secattrs wants char *. */
#define S(x) ((char *)(x))

/* Create ROOT/rel (a file, or a directory when dir) with mode; open it. */
static int
make_obj(struct fx *f, const char *rel, bool dir, mode_t mode)
{
	const char *name;
	int parent = tu_open_parent(f->root, rel, &name), fd;

	if (dir) {
		assert_int_equal(mkdirat(parent, name, 0700), 0);
		fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	} else {
		fd = openat(parent, name, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
	}
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	close(parent);
	return fd;
}

/*
 * Output of an independent command run on ROOT/rel: "PREFIX 'PATH'"
 * (scratch paths hold no quote), stderr discarded.
 */
static char *
tool(struct fx *f, const char *prefix, const char *rel)
{
	char *p = tu_path(f->root, rel), *cmd, *out = NULL;
	size_t len = 0;
	FILE *pipe, *mem;
	char buf[4096];
	size_t n;

	assert_true(asprintf(&cmd, "%s '%s' 2>/dev/null", prefix, p) > 0);
	pipe = popen(cmd, "r");
	assert_non_null(pipe);
	mem = open_memstream(&out, &len);
	while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
		fwrite(buf, 1, n, mem);
	(void)pclose(pipe);
	fclose(mem);
	free(cmd);
	free(p);
	return out;
}

static mode_t
mode_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_mode & 07777;
}

/* One pass of secattr_check_entry in `mode`; returns the report. */
static json_t *
entry_pass(struct secattr_ctx **scp, struct fx *f, enum drift_mode mode,
    bool dry, int fd, const struct secattrs *a, mode_t pmode, const char *path,
    int *status)
{
	struct pass p;
	struct stat st;
	int err = 0;

	pass_begin(&p, mode, dry);
	struct secattr_ctx *sc = scp != NULL && *scp != NULL ? *scp :
	    sc_open(f, SELINUX_OFF, NULL, p.r.rep, &err);
	assert_non_null(sc);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(secattr_check_entry(sc, &p.sink, fd, &st, a, pmode, path), 0);
	if (scp == NULL || *scp == NULL)
		secattr_close(sc);
	return pass_end(&p, status);
}

/* ------------------------------------------------------------------ */
/* ACL text                                                            */

static void
test_acl_parse_uses_root_names(void **state)
{
	struct fx *f = *state;
	struct acl_spec s;
	struct acl_list l;
	char *err, *text;

	assert_int_equal(acl_spec_parse("g:jmail:r-x,u:jmail:rwx", f->names, &s, &err), 0);
	assert_int_equal(s.named.n, 2);
	assert_int_equal(s.named.e[0].tag, ACL_USER);
	assert_int_equal(s.named.e[0].id, JMAIL_ID);
	assert_int_equal(s.named.e[0].perm, 7);
	assert_int_equal(s.named.e[1].tag, ACL_GROUP);
	assert_int_equal(s.named.e[1].perm, 5);
	acl_spec_complete(&s, 7, 5, 0, &l);
	text = acl_list_text(&l, f->names);
	assert_string_equal(text, "u::rwx,u:jmail:rwx,g::r-x,g:jmail:r-x,m::rwx,o::---");
	free(text);
	acl_list_free(&l);
	acl_spec_free(&s);

	/* A host user the root does not have is unknown: no NSS under --root. */
	assert_int_equal(acl_spec_parse("u:nobody:r--", f->names, &s, &err), -ENOENT);
	assert_non_null(strstr(err, "unknown user 'nobody'"));
	free(err);
	assert_int_equal(acl_spec_parse("g:nosuchgroup:r--", f->names, &s, &err), -ENOENT);
	free(err);

	/* Numeric ids, long tag names, "m:rwx" and "other::r-x" as setfacl takes them. */
	assert_int_equal(acl_spec_parse("user:4000:r-x, mask:rwx ,other::r--",
	    f->names, &s, &err), 0);
	assert_int_equal(s.named.e[0].id, 4000);
	assert_int_equal(s.mask, 7);
	assert_int_equal(s.other, 4);
	acl_spec_free(&s);

	/* Syntax-only check without names. */
	assert_int_equal(acl_spec_parse("u:whoever:rw-", NULL, &s, &err), 0);
	acl_spec_free(&s);

	static const char *const bad[] = {
		"u:jmail:rwq", "u:jmail", "x::r", "d:u:jmail:rwx", "u:jmail:rwxr",
		"u:jmail:r,u:jmail:w", "u:64242:r,u:jmail:w", "u::rwx,u::r--",
		"", ",u::rwx", "u::rwx,", "u::rwx,,o::r", "m:x:rwx", "u:a:b:c", "u:jmail:",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = NULL;
		if (acl_spec_parse(bad[i], f->names, &s, &err) == 0)
			fail_msg("accepted bad ACL '%s'", bad[i]);
		assert_non_null(err);
		free(err);
	}
	assert_int_equal(acl_spec_parse("none", f->names, &s, &err), 0);
	assert_true(s.none);
	assert_false(acl_spec_extended(&s));
}

/* secattr_validate on one attribute set; returns the problem count. */
static int
validate(struct fx *f, const char *acl, const char *dacl, const char *caps,
    const char *context, bool is_dir, mode_t mode, bool has_mode, char **out)
{
	struct secattrs a = { S(acl), S(dacl), S(context), S(caps), 7 };
	size_t len;
	char *buf = NULL;
	FILE *errs = open_memstream(&buf, &len);
	int n = secattr_validate(&a, is_dir, mode, has_mode, f->names,
	    "test.profile", errs);

	fclose(errs);
	if (out != NULL)
		*out = buf;
	else
		free(buf);
	return n;
}

static void
test_validate_mask_rule(void **state)
{
	struct fx *f = *state;
	char *out;

	/* Named entry wider than the group bits: mask rwx vs group r-x. */
	assert_int_equal(validate(f, "u:jmail:rwx", NULL, NULL, NULL, false, 0750,
	    true, &out), 1);
	assert_int_equal(strncmp(out, "test.profile:7: acl: the ACL mask rwx", 37), 0);
	assert_non_null(strstr(out, "group bits r-x of mode 0750"));
	free(out);
	/* Saying so with m:: makes it consistent (effective r-x). */
	assert_int_equal(validate(f, "u:jmail:rwx,m::r-x", NULL, NULL, NULL, false,
	    0750, true, NULL), 0);
	assert_int_equal(validate(f, "u:jmail:rwx", NULL, NULL, NULL, false, 0770,
	    true, NULL), 0);
	/* An explicit mask that is not the group bits. */
	assert_int_equal(validate(f, "u:jmail:r-x,m::rwx", NULL, NULL, NULL, false,
	    0750, true, NULL), 1);
	/* g:: is free (it lives in the ACL), as long as the mask covers it. */
	assert_int_equal(validate(f, "g::r--,u:jmail:r-x", NULL, NULL, NULL, false,
	    0750, true, NULL), 0);
	/* u:: and o:: are the mode's. */
	assert_int_equal(validate(f, "u::r-x,u:jmail:r-x", NULL, NULL, NULL, false,
	    0750, true, NULL), 1);
	assert_int_equal(validate(f, "o::r--", NULL, NULL, NULL, false, 0750, true,
	    NULL), 1);
	/* Without named entries or mask, g:: is the group bits. */
	assert_int_equal(validate(f, "g::rwx", NULL, NULL, NULL, false, 0750, true,
	    NULL), 1);
	assert_int_equal(validate(f, "u::rwx,g::r-x,o::---", NULL, NULL, NULL, false,
	    0750, true, NULL), 0);
	assert_int_equal(validate(f, "none", NULL, NULL, NULL, false, 0750, true,
	    NULL), 0);
	assert_int_equal(validate(f, "u:nobody:r--", NULL, NULL, NULL, false, 0750,
	    true, &out), 1);
	assert_non_null(strstr(out, "test.profile:7: acl: unknown user 'nobody'"));
	free(out);

	/* Content rules: no mode; the mask must be written and not denied. */
	assert_int_equal(validate(f, "u:jmail:rw-", NULL, NULL, NULL, false, 0, false,
	    NULL), 1);
	assert_int_equal(validate(f, "u:jmail:rw-,m::rw-", NULL, NULL, NULL, false, 0,
	    false, NULL), 0);
	assert_int_equal(validate(f, "u:jmail:rw-,m::rw-", NULL, NULL, NULL, false,
	    0022, false, NULL), 1);
	assert_int_equal(validate(f, "u:jmail:r--,m::r--", NULL, NULL, NULL, false,
	    0022, false, NULL), 0);
}

static void
test_validate_other_attributes(void **state)
{
	struct fx *f = *state;
	char *out;

	/* Default ACLs: directories only. */
	assert_int_equal(validate(f, NULL, "u:jmail:rwx", NULL, NULL, false, 0640,
	    true, NULL), 1);
	assert_int_equal(validate(f, NULL, "u:jmail:rwx", NULL, NULL, true, 0750,
	    true, NULL), 0);
	assert_int_equal(validate(f, NULL, "none", NULL, NULL, true, 0750, true,
	    NULL), 0);
	assert_int_equal(validate(f, NULL, "u:jmail:rwz", NULL, NULL, true, 0750,
	    true, NULL), 1);
	/* Capabilities: files only, cap_from_text syntax. */
	assert_int_equal(validate(f, NULL, NULL, "cap_net_raw+ep", NULL, false, 0755,
	    true, NULL), 0);
	assert_int_equal(validate(f, NULL, NULL, "cap_net_raw+ep", NULL, true, 0755,
	    true, NULL), 1);
	assert_int_equal(validate(f, NULL, NULL, "none", NULL, true, 0755, true,
	    NULL), 0);
	assert_int_equal(validate(f, NULL, NULL, "cap_no_such_thing+ep", NULL, false,
	    0755, true, NULL), 1);
	/* Contexts. */
	static const char *const good[] = {
		"policy", "policy:/var/spool/mail", "policy:/", SPOOL_CTX,
		"system_u:object_r:mail_spool_t", "user_u:object_r:t:s0-s0:c0.c1023",
	};
	static const char *const bad[] = {
		"policy:var/mail", "policy:/var/../etc", "policy:/var/", "policy:/a//b",
		"system_u:object_r", "a:b:c:", "a b:r:t", "::t", "Policy",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (validate(f, NULL, NULL, NULL, good[i], false, 0640, true, NULL) != 0)
			fail_msg("rejected context '%s'", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (validate(f, NULL, NULL, NULL, bad[i], false, 0640, true, NULL) != 1)
			fail_msg("accepted context '%s'", bad[i]);
	/* Every problem is counted, and untrusted text is escaped. */
	assert_int_equal(validate(f, "u:x\033]0;pwned\a:rwx", NULL, "bogus",
	    "bad\033context", false, 0640, true, &out), 3);
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "\\x1b"));
	free(out);
}

/* ------------------------------------------------------------------ */
/* Access ACLs                                                         */

static void
test_acl_applied_drift_fixed_idempotent(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("u:jmail:rwx,g:jmail:r-x") };
	const char *rel = "var/mailjail/box";
	char *out;
	int fd, st;
	json_t *doc, *fi;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, rel, false, 0770);

	/* create: applied, as a change, not a finding. */
	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &a, 0770, "/var/mailjail/box", &st);
	assert_int_equal(nchanges(doc, "acl"), 1);
	assert_int_equal(tu_nfindings(doc), 0);
	json_decref(doc);
	out = tool(f, "getfacl -n -p --", rel);
	assert_non_null(strstr(out, "user:64242:rwx"));
	assert_non_null(strstr(out, "group:64242:r-x"));
	assert_non_null(strstr(out, "mask::rwx"));
	free(out);
	assert_int_equal(mode_of(fd), 0770);

	/* A second create changes nothing. */
	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &a, 0770, "/var/mailjail/box", &st);
	assert_int_equal(nchanges(doc, NULL), 0);
	assert_int_equal(tu_nfindings(doc), 0);
	json_decref(doc);

	/* Someone adds an entry the profile does not name. */
	free(tool(f, "setfacl -m u:65534:r-- --", rel));
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0770, "/var/mailjail/box", &st);
	assert_int_equal(st, 1);
	assert_int_equal(tu_count_findings(doc, "tree.acl", "/var/mailjail/box"), 1);
	fi = tu_find_finding(doc, "tree.acl", NULL);
	assert_string_equal(tu_str(fi, "severity"), "medium");
	assert_non_null(strstr(tu_str(fi, "actual"), "u:65534:r--"));
	assert_null(strstr(tu_str(fi, "expected"), "65534"));
	assert_non_null(strstr(tu_str(fi, "expected"), "u:jmail:rwx"));
	json_decref(doc);
	out = tool(f, "getfacl -n -p --", rel);
	assert_non_null(strstr(out, "user:65534:r--"));	/* verify never writes */
	free(out);

	/* --fix removes it; the next verify is clean. */
	doc = entry_pass(NULL, f, DRIFT_FIX, false, fd, &a, 0770, "/var/mailjail/box", &st);
	assert_int_equal(st, 0);
	fi = tu_find_finding(doc, "tree.acl", NULL);
	assert_non_null(fi);
	assert_true(json_is_true(json_object_get(fi, "fixed")));
	json_decref(doc);
	out = tool(f, "getfacl -n -p --", rel);
	assert_null(strstr(out, "65534"));
	assert_non_null(strstr(out, "user:64242:rwx"));
	free(out);
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0770, "/var/mailjail/box", &st);
	assert_int_equal(tu_nfindings(doc), 0);
	assert_int_equal(st, 0);
	json_decref(doc);
	close(fd);
}

/*
 * The engine's order (chmod, then ACL) run twice over a file that starts
 * with a different mode and ACL: the mask rule means the second round
 * changes nothing, neither the mode nor the ACL.
 */
static void
test_mask_rule_no_flip_flop(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("g::r--,u:jmail:r-x") };
	const mode_t want = 0750;
	int fd, st;
	json_t *doc;
	char *out;

	TU_REQUIRE_ROOT();
	assert_int_equal(validate(f, a.acl, NULL, NULL, NULL, false, want, true, NULL), 0);
	fd = make_obj(f, "var/mailjail/flip", false, 0777);
	free(tool(f, "setfacl -m u:64242:rwx,g::rwx --", "var/mailjail/flip"));
	for (int round = 0; round < 2; round++) {
		bool chmodded = mode_of(fd) != want;

		if (chmodded)
			assert_int_equal(fchmod(fd, want), 0);
		assert_true(round == 0 || !chmodded);
		doc = entry_pass(NULL, f, DRIFT_FIX, false, fd, &a, want,
		    "/var/mailjail/flip", &st);
		assert_int_equal(nchanges(doc, "acl"), round == 0 ? 1 : 0);
		json_decref(doc);
		assert_int_equal(mode_of(fd), want);
	}
	out = tool(f, "getfacl -n -p --", "var/mailjail/flip");
	assert_non_null(strstr(out, "group::r--"));
	assert_non_null(strstr(out, "mask::r-x"));
	assert_non_null(strstr(out, "user:64242:r-x"));
	free(out);
	close(fd);
}

/* "none": extended entries go, the mode stays. */
static void
test_acl_none_removes_entries(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("none") };
	int fd, st;
	json_t *doc;
	char *out;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, "var/mailjail/plain", false, 0640);
	free(tool(f, "setfacl -m u:65534:rwx --", "var/mailjail/plain"));
	assert_int_equal(fchmod(fd, 0640), 0);	/* the engine settles the mode first */
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0640, "/p", &st);
	assert_int_equal(tu_count_findings(doc, "tree.acl", "/p"), 1);
	json_decref(doc);
	doc = entry_pass(NULL, f, DRIFT_FIX, false, fd, &a, 0640, "/p", &st);
	assert_int_equal(nchanges(doc, "acl"), 1);
	json_decref(doc);
	out = tool(f, "getfacl -n -p --", "var/mailjail/plain");
	assert_null(strstr(out, "65534"));
	assert_null(strstr(out, "mask::"));
	free(out);
	assert_int_equal(mode_of(fd), 0640);
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0640, "/p", &st);
	assert_int_equal(tu_nfindings(doc), 0);
	json_decref(doc);
	close(fd);
}

/* One handle across checks whose attribute text changes in place: what
 * is checked is always the current text, never a cached older one. */
static void
test_same_buffer_new_text(void **state)
{
	struct fx *f = *state;
	char text[64] = "u:jmail:rwx";
	struct secattrs a = { .acl = text };
	struct secattr_ctx *sc = NULL;
	struct pass p;
	int fd, err;
	json_t *doc;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, "var/mailjail/reuse", false, 0770);
	pass_begin(&p, DRIFT_CREATE, false);
	sc = sc_open(f, SELINUX_OFF, NULL, p.r.rep, &err);
	json_decref(pass_end(&p, NULL));
	doc = entry_pass(&sc, f, DRIFT_CREATE, false, fd, &a, 0770, "/r", NULL);
	assert_int_equal(nchanges(doc, "acl"), 1);
	json_decref(doc);
	strcpy(text, "none");
	doc = entry_pass(&sc, f, DRIFT_CREATE, false, fd, &a, 0770, "/r", NULL);
	assert_int_equal(nchanges(doc, "acl"), 1);
	json_decref(doc);
	char *out = tool(f, "getfacl -n -p --", "var/mailjail/reuse");
	assert_null(strstr(out, "64242"));
	free(out);
	secattr_close(sc);
	close(fd);
}

/*
 * An entry whose mode drifted: the mask chmod() wrote restates the mode,
 * which the engine reports (tree.mode) and --fix sets first, so the ACL
 * is judged as that chmod leaves it: no tree.acl for the mode alone, and
 * a dry run predicts what the real run does.  An ACL that also differs
 * in what the mode does not decide is reported, shown as the disk has it.
 */
static void
test_verify_with_mode_drift_reports_profile_acl(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("u:jmail:r-x") };
	int fd, st;
	json_t *doc, *fi;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, "var/mailjail/drift", false, 0750);
	json_decref(entry_pass(NULL, f, DRIFT_CREATE, false, fd, &a, 0750, "/d", &st));
	assert_int_equal(fchmod(fd, 0770), 0);	/* writes the mask */
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0750, "/d", &st);
	tu_expect_no_finding(doc, "tree.acl", "/d");
	json_decref(doc);
	tu_set_acl_fd(fd, "u::rwx,u:64242:r-x,u:65534:r--,g::r-x,m::rwx,o::---");
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &a, 0750, "/d", &st);
	fi = tu_find_finding(doc, "tree.acl", "/d");
	assert_non_null(fi);
	assert_string_equal(tu_str(fi, "expected"),
	    "u::rwx,u:jmail:r-x,g::r-x,m::r-x,o::---");
	assert_string_equal(tu_str(fi, "actual"),
	    "u::rwx,u:jmail:r-x,u:65534:r--,g::r-x,m::rwx,o::---");
	json_decref(doc);
	close(fd);
}

static void
test_dry_run_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("u:jmail:r--"), .caps = S("none"),
	    .context = S(SPOOL_CTX) };
	struct secattr_ctx *sc;
	struct pass p;
	struct stat st0;
	json_t *doc;
	char *before, *after;
	int fd, err;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, "var/mailjail/dry", false, 0740);
	before = tool(f, "getfattr -d -m - --", "var/mailjail/dry");
	pass_begin(&p, DRIFT_FIX, true);
	sc = sc_open(f, SELINUX_AUTO, NULL, p.r.rep, &err);
	assert_non_null(sc);
	assert_int_equal(fstat(fd, &st0), 0);
	assert_int_equal(secattr_check_entry(sc, &p.sink, fd, &st0, &a, 0740, "/dry"), 0);
	secattr_close(sc);
	doc = pass_end(&p, NULL);
	assert_int_equal(nchanges(doc, "acl"), 1);
	assert_int_equal(nchanges(doc, "context"), 1);
	assert_int_equal(nchanges(doc, "caps"), 0);	/* none wanted, none there */
	assert_false(json_is_true(json_object_get(tu_find_finding(doc, "tree.acl",
	    "/dry"), "fixed")));
	json_decref(doc);
	after = tool(f, "getfattr -d -m - --", "var/mailjail/dry");
	assert_string_equal(before, after);
	free(before);
	free(after);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* Default ACLs                                                        */

static void
test_default_acl_inherited(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .acl = S("u:jmail:r-x"), .default_acl = S("u:jmail:rwx") };
	struct secattrs none = { .default_acl = S("none") };
	int fd, st, nf;
	json_t *doc;
	char *out, *p;

	TU_REQUIRE_ROOT();
	assert_int_equal(validate(f, a.acl, a.default_acl, NULL, NULL, true, 0750,
	    true, NULL), 0);
	fd = make_obj(f, "var/mailjail/spool", true, 0750);
	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &a, 0750, "/spool", &st);
	assert_int_equal(nchanges(doc, "acl"), 1);
	assert_int_equal(nchanges(doc, "default-acl"), 1);
	json_decref(doc);
	out = tool(f, "getfacl -n -p -d --", "var/mailjail/spool");
	/* getfacl -d prints the default entries without a "default:" prefix. */
	assert_non_null(strstr(out, "\nuser:64242:rwx\n"));
	assert_non_null(strstr(out, "\ngroup::r-x\n"));
	assert_non_null(strstr(out, "\nmask::rwx\n"));
	assert_non_null(strstr(out, "\nother::---\n"));
	free(out);

	/* A file created inside afterwards inherits the entries. */
	p = tu_path(f->root, "var/mailjail/spool/alice");
	nf = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	assert_true(nf >= 0);
	close(nf);
	free(p);
	out = tool(f, "getfacl -n -p --", "var/mailjail/spool/alice");
	assert_non_null(strstr(out, "user:64242:rwx"));
	assert_non_null(strstr(out, "mask::rw-"));	/* from the create mode 0660 */
	free(out);

	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &a, 0750, "/spool", &st);
	assert_int_equal(nchanges(doc, NULL), 0);
	json_decref(doc);

	/* default-acl=none: drift, fixed, gone. */
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &none, 0750, "/spool", &st);
	assert_int_equal(tu_count_findings(doc, "tree.default-acl", "/spool"), 1);
	json_decref(doc);
	json_decref(entry_pass(NULL, f, DRIFT_FIX, false, fd, &none, 0750, "/spool", &st));
	out = tool(f, "getfacl -n -p -d --", "var/mailjail/spool");
	assert_null(strstr(out, "user::"));
	assert_non_null(strstr(out, "# owner: 0"));	/* the tool did run */
	free(out);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* SELinux                                                             */

static void
test_fixture_lookups(void **state)
{
	char *fc = tu_srcfile("tests/data/file_contexts");
	struct selabel_handle *h;
	int err = 0;
	static const struct { const char *path; mode_t type; const char *want; } t[] = {
		{ "/var/spool/mail", S_IFDIR, SPOOL_CTX },
		{ "/var/spool/mail/alice", S_IFREG, SPOOL_CTX },
		{ "/var/mail/alice", S_IFREG, SPOOL_CTX },
		/* regular expression + "--": regular files only */
		{ "/var/spool/mail/alice.lock", S_IFREG, LOCK_CTX },
		{ "/var/spool/mail/alice.lock", S_IFDIR, SPOOL_CTX },
		{ "/usr/sbin/smrsh", S_IFREG, "system_u:object_r:shell_exec_t:s0" },
		{ "/usr/sbin/smrsh", S_IFLNK, NULL },
		{ "/usr/libexec/sendmail/smrsh", S_IFREG, "system_u:object_r:bin_t:s0" },
		{ "/var/mailjail", S_IFDIR, VAR_CTX },
		{ "/var/spool/clientmqueue/qf1", S_IFREG, "system_u:object_r:mqueue_spool_t:s0" },
		{ "/etc/mail/smrsh", S_IFDIR, "system_u:object_r:etc_mail_t:s0" },
		{ "/etc/smrsh", S_IFDIR, "system_u:object_r:etc_t:s0" },
	};

	(void)state;
	h = label_open_file(fc, &err);
	assert_non_null(h);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *con = NULL;
		int r = label_lookup(h, t[i].path, t[i].type, &con);
		if (t[i].want == NULL) {
			assert_int_equal(r, -ENOENT);
			continue;
		}
		if (r != 0 || strcmp(con, t[i].want) != 0)
			fail_msg("%s (%o): got %s, wanted %s", t[i].path,
			    (unsigned)t[i].type, r == 0 ? con : strerror(-r), t[i].want);
		free(con);
	}
	label_close(h);
	free(fc);

	/* Equivalence: the anchor maps to AS, what lies below to AS/REST. */
	char *p = label_equiv_path("/var/spool/mail", "/var/mailjail", "/var/mailjail");
	assert_string_equal(p, "/var/spool/mail");
	free(p);
	p = label_equiv_path("/var/spool/mail", "/var/mailjail", "/var/mailjail/a/b");
	assert_string_equal(p, "/var/spool/mail/a/b");
	free(p);
	p = label_equiv_path("/var/spool/mail", "/var/mail", "/var/mailjail/x");
	assert_string_equal(p, "/var/spool/mail");
	free(p);
	p = label_equiv_path("/srv", "/", "/x");
	assert_string_equal(p, "/srv/x");
	free(p);
}

static char *
label_of(struct fx *f, const char *rel)
{
	char *v = tool(f, "getfattr --only-values -n security.selinux --",
	    rel);
	/* The kernel keeps the trailing NUL that libselinux writes. */
	return v;
}

static void
test_context_explicit_without_selinux(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .context = S(SPOOL_CTX) };
	struct secattr_ctx *sc;
	struct pass p;
	struct stat st;
	json_t *doc, *fi;
	char *v;
	int fd, err, status;

	TU_REQUIRE_ROOT();
	fd = make_obj(f, "var/mailjail/labelled", false, 0640);
	/* auto, no policy in the scratch root: one notice, explicit still applies. */
	pass_begin(&p, DRIFT_CREATE, false);
	sc = sc_open(f, SELINUX_AUTO, NULL, p.r.rep, &err);
	assert_non_null(sc);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(secattr_check(sc, &p.sink, fd, &st, &a, "/l"), 0);
	assert_int_equal(secattr_check(sc, &p.sink, fd, &st, &a, "/l"), 0);
	secattr_close(sc);
	doc = pass_end(&p, &status);
	assert_int_equal(status, 0);	/* the notice is not a failure */
	assert_int_equal(tu_count_findings(doc, "selinux.unavailable", NULL), 1);
	assert_string_equal(tu_str(tu_find_finding(doc, "selinux.unavailable", NULL),
	    "severity"), "info");
	assert_int_equal(nchanges(doc, "context"), 1);	/* second check: nothing */
	json_decref(doc);
	v = label_of(f, "var/mailjail/labelled");
	assert_string_equal(v, SPOOL_CTX);
	free(v);

	/* Relabelled behind our back: drift, fixed, clean. */
	free(tool(f, "setfattr -n security.selinux -v " VAR_CTX " --",
	    "var/mailjail/labelled"));
	struct secattr_ctx *off = NULL;
	doc = entry_pass(&off, f, DRIFT_VERIFY, false, fd, &a, 0640, "/l", &status);
	assert_int_equal(tu_nfindings(doc), 0);	/* --selinux off: silently skipped */
	json_decref(doc);
	for (int i = 0; i < 3; i++) {
		enum drift_mode m = i == 1 ? DRIFT_FIX : DRIFT_VERIFY;
		pass_begin(&p, m, false);
		sc = sc_open(f, SELINUX_AUTO, NULL, NULL, &err);
		assert_int_equal(secattr_check(sc, &p.sink, fd, &st, &a, "/l"), 0);
		secattr_close(sc);
		doc = pass_end(&p, &status);
		fi = tu_find_finding(doc, "tree.context", "/l");
		if (i == 0) {
			assert_non_null(fi);
			assert_string_equal(tu_str(fi, "expected"), SPOOL_CTX);
			assert_string_equal(tu_str(fi, "actual"), VAR_CTX);
			assert_int_equal(status, 1);
		} else if (i == 1) {
			assert_true(json_is_true(json_object_get(fi, "fixed")));
		} else {
			assert_null(fi);
			assert_int_equal(status, 0);
		}
		json_decref(doc);
	}
	v = label_of(f, "var/mailjail/labelled");
	assert_string_equal(v, SPOOL_CTX);
	free(v);
	close(fd);
}

/* policy and policy:/PATH through the fixture, on an entry and a content rule. */
static void
test_context_policy_equivalence(void **state)
{
	struct fx *f = *state;
	char *fc;
	struct secattrs dir_as = { .context = S("policy:/var/spool/mail") };
	struct secattrs dir_own = { .context = S("policy") };
	struct secattr_ctx *sc;
	struct pass p;
	struct stat st;
	json_t *doc;
	int jail, box, lock, sub, err;
	char *v;

	TU_REQUIRE_ROOT();
	fc = tu_srcfile("tests/data/file_contexts");
	jail = make_obj(f, "var/mailjail", true, 0755);
	box = make_obj(f, "var/mailjail/alice", false, 0600);
	lock = make_obj(f, "var/mailjail/alice.lock", false, 0600);
	sub = make_obj(f, "var/mailjail/old.lock", true, 0700);

	pass_begin(&p, DRIFT_CREATE, false);
	sc = sc_open(f, SELINUX_REQUIRE, fc, p.r.rep, &err);
	assert_non_null(sc);
	assert_int_equal(fstat(jail, &st), 0);
	assert_int_equal(secattr_check_entry(sc, &p.sink, jail, &st, &dir_as, 0755,
	    "/var/mailjail"), 0);
	assert_int_equal(secattr_check_content(sc, &p.sink, box, &st, &dir_as,
	    "/var/mailjail", "/var/mailjail/alice"), 0);
	assert_int_equal(secattr_check_content(sc, &p.sink, lock, &st, &dir_as,
	    "/var/mailjail", "/var/mailjail/alice.lock"), 0);
	assert_int_equal(secattr_check_content(sc, &p.sink, sub, &st, &dir_as,
	    "/var/mailjail", "/var/mailjail/old.lock"), 0);
	secattr_close(sc);
	doc = pass_end(&p, NULL);
	assert_int_equal(nchanges(doc, "context"), 4);
	assert_int_equal(tu_count_findings(doc, "selinux.unavailable", NULL), 0);
	json_decref(doc);

	v = label_of(f, "var/mailjail");
	assert_string_equal(v, SPOOL_CTX);
	free(v);
	v = label_of(f, "var/mailjail/alice");
	assert_string_equal(v, SPOOL_CTX);
	free(v);
	v = label_of(f, "var/mailjail/alice.lock");
	assert_string_equal(v, LOCK_CTX);
	free(v);
	v = label_of(f, "var/mailjail/old.lock");	/* a directory: "--" does not apply */
	assert_string_equal(v, SPOOL_CTX);
	free(v);

	/* "policy": the jail's own path, which the policy leaves at var_t. */
	pass_begin(&p, DRIFT_VERIFY, false);
	sc = sc_open(f, SELINUX_AUTO, fc, p.r.rep, &err);
	assert_int_equal(secattr_check_entry(sc, &p.sink, jail, &st, &dir_own, 0755,
	    "/var/mailjail"), 0);
	assert_int_equal(secattr_check_entry(sc, &p.sink, jail, &st, &dir_as, 0755,
	    "/var/mailjail"), 0);
	secattr_close(sc);
	doc = pass_end(&p, NULL);
	assert_int_equal(tu_nfindings(doc), 1);
	assert_string_equal(tu_str(tu_find_finding(doc, "tree.context", NULL),
	    "expected"), VAR_CTX);
	json_decref(doc);
	close(jail);
	close(box);
	close(lock);
	close(sub);
	free(fc);
}

static void
test_selinux_modes_and_root_policy(void **state)
{
	struct fx *f = *state;
	struct secattrs a = { .context = S("policy:/var/spool/mail") };
	struct secattr_ctx *sc;
	struct pass p;
	struct stat st;
	json_t *doc;
	int err, fd, status;
	char *fc = tu_srcfile("tests/data/file_contexts"), *text, *t;

	/* No policy in the root. */
	err = 0;
	assert_null(sc_open(f, SELINUX_REQUIRE, NULL, NULL, &err));
	assert_int_equal(err, -ENOTSUP);
	assert_null(sc_open(f, SELINUX_AUTO, "/nonexistent/file_contexts", NULL, &err));
	assert_int_equal(err, -ENOENT);
	pass_begin(&p, DRIFT_VERIFY, false);
	sc = sc_open(f, SELINUX_OFF, NULL, p.r.rep, &err);
	assert_non_null(sc);
	secattr_close(sc);
	doc = pass_end(&p, &status);
	assert_int_equal(tu_nfindings(doc), 0);	/* off: not even a notice */
	json_decref(doc);

	/* The root's own policy: etc/selinux/config -> TYPE -> file_contexts,
	 * with TYPE an absolute symlink that must resolve inside the root. */
	text = tu_read_file(fc);
	assert_true(text[0] != '\0');
	tu_write(f->root, "etc/selinux/config", "SELINUX=enforcing\n"
	    "SELINUXTYPE=jailtest\n", 0644);
	tu_write(f->root, "etc/selinux/real/contexts/files/file_contexts", text, 0644);
	free(text);
	tu_symlink(f->root, "/etc/selinux/real", "etc/selinux/jailtest");
	pass_begin(&p, DRIFT_VERIFY, false);
	sc = sc_open(f, SELINUX_REQUIRE, NULL, p.r.rep, &err);
	assert_non_null(sc);
	fd = make_obj(f, "var/mailjail", true, 0755);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(secattr_check(sc, &p.sink, fd, &st, &a, "/var/mailjail"), 0);
	secattr_close(sc);
	doc = pass_end(&p, NULL);
	/* Unlabelled, and the root's policy says what it should be. */
	assert_string_equal(tu_str(tu_find_finding(doc, "tree.context", NULL),
	    "expected"), SPOOL_CTX);
	json_decref(doc);
	close(fd);

	/* file_contexts itself a symlink: refused, not followed. */
	t = tu_path(f->root, "etc/selinux/real/contexts/files/file_contexts");
	char *moved = tu_path(f->root, "etc/selinux/real/contexts/files/fc.real");
	assert_int_equal(rename(t, moved), 0);
	assert_int_equal(symlink("fc.real", t), 0);
	assert_null(sc_open(f, SELINUX_AUTO, NULL, NULL, &err));
	assert_int_equal(err, -ELOOP);
	free(t);
	free(moved);

	/* A config naming a policy that is not installed: unavailable. */
	tu_write(f->root, "etc/selinux/config", "SELINUXTYPE=missing\n", 0644);
	pass_begin(&p, DRIFT_VERIFY, false);
	sc = sc_open(f, SELINUX_AUTO, NULL, p.r.rep, &err);
	assert_non_null(sc);
	secattr_close(sc);
	doc = pass_end(&p, &status);
	assert_int_equal(tu_count_findings(doc, "selinux.unavailable", NULL), 1);
	assert_int_equal(status, 0);
	json_decref(doc);
	free(fc);
}

/*
 * libselinux opens file_contexts' companions (.local, .homedirs, .subs,
 * .subs_dist and each one's .bin) by name next to it.  Under --root they
 * are the root's files: a symlink among them, whose target the kernel
 * resolves against the host's / (or climbs out of ROOT with ..), must not
 * make the host's rules the root's.
 */
static void
test_root_policy_companions_stay_in_root(void **state)
{
	struct fx *f = *state;
	static const char *const companions[] = {
		"file_contexts.local", "file_contexts.subs", "file_contexts.bin",
	};
	char outside[] = "/tmp/jailctl-host.XXXXXX", *host, *fc, *text;
	struct selabel_handle *h;
	char *con;
	int err;

	assert_non_null(mkdtemp(outside));
	host = tu_path(outside, "host_fc");
	/* What "the host" says: a rule, and a substitution, of its own. */
	tu_write(outside, "host_fc", "/var/spool/mail(/.*)?\t"
	    "system_u:object_r:host_leak_t:s0\n", 0644);
	fc = tu_srcfile("tests/data/file_contexts");
	text = tu_read_file(fc);
	tu_write(f->root, "etc/selinux/config", "SELINUXTYPE=t\n", 0644);
	tu_write(f->root, "etc/selinux/t/contexts/files/file_contexts", text, 0644);
	/* Without companions, the root's own answer. */
	err = 0;
	h = label_open_root(f->root_fd, &err);
	assert_non_null(h);
	assert_int_equal(label_lookup(h, "/var/spool/mail", S_IFDIR, &con), 0);
	assert_string_equal(con, SPOOL_CTX);
	free(con);
	label_close(h);
	for (size_t i = 0; i < sizeof(companions) / sizeof(companions[0]); i++) {
		char *rel;

		assert_true(asprintf(&rel, "etc/selinux/t/contexts/files/%s",
		    companions[i]) > 0);
		tu_symlink(f->root, host, rel);
		err = 0;
		h = label_open_root(f->root_fd, &err);
		if (h != NULL) {
			con = NULL;
			(void)label_lookup(h, "/var/spool/mail", S_IFDIR, &con);
			if (con != NULL && strstr(con, "host_leak_t") != NULL)
				print_error("%s: the host's rule was used\n", companions[i]);
			assert_true(con == NULL || strstr(con, "host_leak_t") == NULL);
			free(con);
			label_close(h);
		}
		/* Refused outright: something installed but unusable. */
		assert_null(h);
		assert_int_equal(err, -ELOOP);
		tu_unlink(f->root, rel);
		free(rel);
	}
	free(text);
	free(fc);
	tu_rmtree(outside);
	free(host);
}

/* ------------------------------------------------------------------ */
/* Capabilities                                                        */

static int
copy_true(struct fx *f, const char *rel)
{
	int in = open("/bin/true", O_RDONLY | O_CLOEXEC), out;
	char buf[65536];
	ssize_t n;
	char *p = tu_path(f->root, rel);

	assert_true(in >= 0);
	out = open(p, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	assert_true(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	close(in);
	free(p);
	return out;
}

static bool
have_getcap(void)
{
	return system("command -v getcap >/dev/null 2>&1") == 0;
}

static void
test_caps_reported_and_fixed(void **state)
{
	struct fx *f = *state;
	struct secattrs none = { .acl = S("u:jmail:r-x"), .caps = S("none"),
	    .context = S(SPOOL_CTX) };
	struct secattrs bind = { .caps = S("cap_net_bind_service+ep") };
	struct secattr_ctx *sc;
	struct pass p;
	struct stat st;
	json_t *doc, *fi;
	cap_t c;
	int fd, err, status;
	char *out;

	TU_REQUIRE_ROOT();
	tu_write(f->root, "usr/sbin/.keep", "", 0644);
	fd = copy_true(f, "usr/sbin/tool");
	c = cap_from_text("cap_net_raw+ep");
	assert_int_equal(cap_set_fd(fd, c), 0);
	cap_free(c);

	/* verify: reported with the right id and severity, worst first, then
	 * in the order checked: capabilities (high), ACL, label. */
	pass_begin(&p, DRIFT_VERIFY, false);
	sc = sc_open(f, SELINUX_AUTO, NULL, NULL, &err);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(secattr_check(sc, &p.sink, fd, &st, &none, "/usr/sbin/tool"), 0);
	secattr_close(sc);
	doc = pass_end(&p, &status);
	assert_int_equal(status, 1);
	assert_int_equal(tu_nfindings(doc), 3);
	json_t *arr = json_object_get(doc, "findings");
	assert_string_equal(tu_str(json_array_get(arr, 0), "id"), "tree.caps");
	assert_string_equal(tu_str(json_array_get(arr, 1), "id"), "tree.acl");
	assert_string_equal(tu_str(json_array_get(arr, 2), "id"), "tree.context");
	fi = tu_find_finding(doc, "tree.caps", "/usr/sbin/tool");
	assert_string_equal(tu_str(fi, "severity"), "high");
	assert_string_equal(tu_str(fi, "expected"), "none");
	assert_string_equal(tu_str(fi, "actual"), "cap_net_raw=ep");
	json_decref(doc);

	/* --fix with caps=none removes them. */
	doc = entry_pass(NULL, f, DRIFT_FIX, false, fd, &(struct secattrs){ .caps = S("none") },
	    0755, "/usr/sbin/tool", &status);
	assert_int_equal(nchanges(doc, "caps"), 1);
	json_decref(doc);
	assert_null(cap_get_fd(fd));
	if (have_getcap()) {
		out = tool(f, "getcap --", "usr/sbin/tool");
		assert_null(strstr(out, "cap_"));
		free(out);
	}
	doc = entry_pass(NULL, f, DRIFT_VERIFY, false, fd, &(struct secattrs){ .caps = S("none") },
	    0755, "/usr/sbin/tool", &status);
	assert_int_equal(tu_nfindings(doc), 0);
	json_decref(doc);

	/* A set the profile names is applied, once. */
	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &bind, 0755, "/t", &status);
	assert_int_equal(nchanges(doc, "caps"), 1);
	json_decref(doc);
	if (have_getcap()) {
		out = tool(f, "getcap --", "usr/sbin/tool");
		assert_non_null(strstr(out, "cap_net_bind_service=ep"));
		free(out);
	}
	doc = entry_pass(NULL, f, DRIFT_CREATE, false, fd, &bind, 0755, "/t", &status);
	assert_int_equal(nchanges(doc, NULL), 0);
	json_decref(doc);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acl_parse_uses_root_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_mask_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_other_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl_applied_drift_fixed_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mask_rule_no_flip_flop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl_none_removes_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_buffer_new_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_with_mode_drift_reports_profile_acl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_acl_inherited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixture_lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_explicit_without_selinux, setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_policy_equivalence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selinux_modes_and_root_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_policy_companions_stay_in_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caps_reported_and_fixed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
