/*
 * jailctl -- provision, verify and audit sendmail's SafeFileEnvironment jail
 * and smrsh setup.
 *
 * main parses the options (they may stand before or after the command word)
 * and finds the verb in the verb table below.  Each verb declares what it
 * takes and what it needs: its words, the options that go with it, whether
 * it loads a profile and which of the profile's names must exist on the
 * root, whether it changes the tree, and the capabilities it keeps.  main
 * checks the command line against that first (a usage error never waits on
 * a profile), drops to the verb's capabilities, and only then opens the
 * root, loads what the verb declared and hands a struct context to it.
 * Nothing below main prints usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "ansible_module.h"
#include "errdoc.h"
#include "escape.h"
#include "jailctl.h"
#include "names.h"
#include "privs.h"
#include "profile.h"
#include "profile_dropins.h"
#include "profile_find.h"
#include "setid.h"
#include "testhook.h"
#include "util.h"
#include "waivers.h"

static const char usage_text[] =
    "usage: jailctl [options] create\n"
    "       jailctl [options] verify [--fix]\n"
    "       jailctl [options] audit [config | smrsh | forward]\n"
    "       jailctl [options] audit pipe -- COMMAND\n"
    "       jailctl [options] profile list | profile show [NAME] | profile check FILE\n"
    "       jailctl [options] explain [ID ...]\n"
    "       jailctl --help | --version\n"
    "       jailctl ARGSFILE\n"
    "options: -p, --profile NAME|FILE   -r, --root DIR   -j, --jail DIR\n"
    "         --format text|json|xccdf   -q, --quiet   -n, --dry-run\n"
    "         --cf FILE   --smrsh-dir DIR   --user NAME\n"
    "         --file-contexts PATH   --selinux auto|require|off\n"
    "         --fail-on info|low|medium|high|none   --waivers FILE\n"
    "         --syslog   --output FILE\n"
    "exit status: 0 compliant or done, 1 findings remain, 2 error\n";

enum {
	OPT_FORMAT = 256, OPT_FIX, OPT_CF, OPT_SMRSH_DIR, OPT_USER,
	OPT_FILE_CONTEXTS, OPT_SELINUX, OPT_FAIL_ON, OPT_WAIVERS, OPT_SYSLOG,
	OPT_OUTPUT,
};

static const struct option long_options[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "root", required_argument, NULL, 'r' },
	{ "jail", required_argument, NULL, 'j' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "cf", required_argument, NULL, OPT_CF },
	{ "smrsh-dir", required_argument, NULL, OPT_SMRSH_DIR },
	{ "user", required_argument, NULL, OPT_USER },
	{ "file-contexts", required_argument, NULL, OPT_FILE_CONTEXTS },
	{ "selinux", required_argument, NULL, OPT_SELINUX },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "waivers", required_argument, NULL, OPT_WAIVERS },
	{ "syslog", no_argument, NULL, OPT_SYSLOG },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/*
 * The options a verb may take beyond the global ones (--profile, --root,
 * --format, --quiet), as bits; main records which were given.
 */
enum {
	O_JAIL = 1 << 0,
	O_DRY_RUN = 1 << 1,
	O_FIX = 1 << 2,
	O_CF = 1 << 3,
	O_SMRSH_DIR = 1 << 4,
	O_USER = 1 << 5,
	O_SELINUX = 1 << 6,	/* --selinux and --file-contexts */
	O_XCCDF = 1 << 7,	/* --format xccdf: findings against rules */
	O_FAIL_ON = 1 << 8,
	O_WAIVERS = 1 << 9,
	O_SYSLOG = 1 << 10,
	O_OUTPUT = 1 << 11,
};

static const char *const option_names[] = {
	"--jail", "--dry-run", "--fix", "--cf", "--smrsh-dir", "--user",
	"--selinux or --file-contexts", "--format xccdf",
	"--fail-on", "--waivers", "--syslog", "--output",
};

/* Where a verb's profile comes from. */
enum verb_profile {
	VP_NONE,		/* no profile */
	VP_DEFAULT,		/* --profile, else detected from os-release */
	VP_NAME_ARG,		/* profile show [NAME]: the word, else as VP_DEFAULT */
	VP_FILE_ARG,		/* profile check FILE: that file */
	VP_UNLESS_SMRSH_DIR,	/* audit pipe: only for its smrsh directory */
};

struct verb {
	const char *word, *sub;	/* "audit", "smrsh"; sub NULL: none */
	bool fix;		/* the verify --fix row */
	int min_args, max_args;	/* words after word (and sub); -1: no limit */
	unsigned options;	/* O_* it takes */
	enum verb_profile profile;
	unsigned names;		/* PROFILE_NAMES_* that must exist on the root */
	bool changes_tree;	/* unless --dry-run: the exclusive lock, privs_tree */
	const struct privset *privs;	/* kept while it runs (without --dry-run) */
	int (*run)(struct context *, int, char **);
	const char *usage;
};

/* What the report does: failing, accepted risks, logs, a report file. */
#define O_REPORT (O_FAIL_ON | O_WAIVERS | O_SYSLOG | O_OUTPUT)
#define O_TREE	(O_JAIL | O_DRY_RUN | O_SELINUX | O_XCCDF | O_REPORT)
#define O_AUDIT	(O_JAIL | O_CF | O_SMRSH_DIR | O_USER | O_SELINUX | O_XCCDF | \
		 O_REPORT)

/*
 * The verbs.  run gets the words after the command word (so `audit smrsh`
 * hands cmd_audit "smrsh"); min_args and max_args count the words after
 * the verb's own.  A verb that changes the tree runs with privs_tree, but
 * with --dry-run it only reads and gets privs_reading like the rest.
 */
static const struct verb verbs[] = {
	{ "create", NULL, false, 0, 0, O_TREE, VP_DEFAULT, PROFILE_NAMES_JAIL,
	    true, &privs_tree, cmd_create, "create" },
	{ "verify", NULL, false, 0, 0, O_TREE, VP_DEFAULT, PROFILE_NAMES_JAIL,
	    false, &privs_reading, cmd_verify, "verify [--fix]" },
	{ "verify", NULL, true, 0, 0, O_TREE | O_FIX, VP_DEFAULT, PROFILE_NAMES_JAIL,
	    true, &privs_tree, cmd_verify, "verify [--fix]" },
	{ "audit", NULL, false, 0, 0, O_AUDIT, VP_DEFAULT, PROFILE_NAMES_SMRSH,
	    false, &privs_reading, cmd_audit, "audit [config | smrsh | forward]" },
	{ "audit", "config", false, 0, 0, O_JAIL | O_CF | O_XCCDF | O_REPORT,
	    VP_DEFAULT, 0,
	    false, &privs_reading, cmd_audit, "audit config" },
	{ "audit", "smrsh", false, 0, 0, O_JAIL | O_SMRSH_DIR | O_SELINUX | O_XCCDF |
	    O_REPORT,
	    VP_DEFAULT, PROFILE_NAMES_SMRSH, false, &privs_reading, cmd_audit,
	    "audit smrsh" },
	{ "audit", "forward", false, 0, 0, O_JAIL | O_CF | O_SMRSH_DIR | O_USER |
	    O_XCCDF | O_REPORT,
	    VP_DEFAULT, 0, false, &privs_reading, cmd_audit, "audit forward" },
	{ "audit", "pipe", false, 1, -1, O_SMRSH_DIR | O_USER, VP_UNLESS_SMRSH_DIR, 0,
	    false, &privs_reading, cmd_audit, "audit pipe -- COMMAND" },
	{ "profile", "list", false, 0, 0, 0, VP_NONE, 0,
	    false, &privs_reading, cmd_profile, "profile list" },
	{ "profile", "show", false, 0, 1, O_JAIL, VP_NAME_ARG, 0,
	    false, &privs_reading, cmd_profile, "profile show [NAME]" },
	{ "profile", "check", false, 1, 1, 0, VP_FILE_ARG, PROFILE_NAMES_ALL,
	    false, &privs_reading, cmd_profile, "profile check FILE" },
	{ "explain", NULL, false, 0, -1, O_JAIL, VP_NONE, 0,
	    false, &privs_reading, cmd_explain, "explain [ID ...]" },
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("jailctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n(see 'jailctl --help')\n", stderr);
	return EXIT_ERROR;
}

/* Parse options; returns -1 to go on, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o, unsigned *given)
{
	int c;

	while ((c = getopt_long(argc, argv, "+p:r:j:qnhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'r': o->root = optarg; break;
		case 'j': o->jail = optarg; *given |= O_JAIL; break;
		case 'q': o->quiet = true; break;
		case 'n': o->dry_run = true; *given |= O_DRY_RUN; break;
		case OPT_FIX: o->fix = true; *given |= O_FIX; break;
		case OPT_CF: o->cf = optarg; *given |= O_CF; break;
		case OPT_SMRSH_DIR: o->smrsh_dir = optarg; *given |= O_SMRSH_DIR; break;
		case OPT_FILE_CONTEXTS:
			o->file_contexts = optarg;
			*given |= O_SELINUX;
			break;
		case OPT_USER:
			o->users = xrealloc(o->users, (o->nusers + 2) * sizeof(*o->users));
			o->users[o->nusers++] = optarg;
			o->users[o->nusers] = NULL;
			*given |= O_USER;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else if (strcmp(optarg, "xccdf") == 0)
				o->format = FORMAT_XCCDF;
			else
				return usage_error("--format must be text, json or xccdf");
			/* the last --format counts */
			*given = (o->format == FORMAT_XCCDF ? *given | O_XCCDF :
			    *given & ~(unsigned)O_XCCDF);
			break;
		case OPT_SELINUX:
			if (strcmp(optarg, "auto") == 0)
				o->selinux = SELINUX_AUTO;
			else if (strcmp(optarg, "require") == 0)
				o->selinux = SELINUX_REQUIRE;
			else if (strcmp(optarg, "off") == 0)
				o->selinux = SELINUX_OFF;
			else
				return usage_error("--selinux must be auto, require or off");
			*given |= O_SELINUX;
			break;
		case OPT_FAIL_ON:
			o->fail_on = report_parse_fail_on(optarg);
			if (o->fail_on < 0)
				return usage_error("--fail-on must be info, low, "
				    "medium, high or none");
			*given |= O_FAIL_ON;
			break;
		case OPT_WAIVERS: o->waivers = optarg; *given |= O_WAIVERS; break;
		case OPT_SYSLOG: o->syslog = true; *given |= O_SYSLOG; break;
		case OPT_OUTPUT: o->output = optarg; *given |= O_OUTPUT; break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("jailctl %s\n", JAILCTL_VERSION);
			return EXIT_OK;
		default:
			return usage_error("invalid option");
		}
	}
	return -1;
}

/*
 * Options may follow the command word: parse, take one positional word at a
 * time, parse again.  A `--` ends option parsing for good (audit pipe).
 */
static int
parse_command_line(int argc, char **argv, struct options *o, unsigned *given,
    char ***words, int *nwords)
{
	char **w = xcalloc((size_t)argc + 1, sizeof(*w));
	int n = 0, r;

	o->root = "/";
	o->format = FORMAT_TEXT;
	o->selinux = SELINUX_AUTO;
	o->fail_on = SEV_LOW;
	optind = 1;
	for (;;) {
		r = parse_options(argc, argv, o, given);
		if (r >= 0) {
			free(w);
			return r;
		}
		if (optind > 1 && strcmp(argv[optind - 1], "--") == 0) {
			while (optind < argc)
				w[n++] = argv[optind++];
			break;
		}
		if (optind >= argc)
			break;
		w[n++] = argv[optind++];
	}
	*words = w;
	*nwords = n;
	return -1;
}

/* The row for word [sub]; the --fix row of a verb when fix and it has one. */
static const struct verb *
lookup(const char *word, const char *sub, bool fix)
{
	const struct verb *found = NULL;

	for (size_t i = 0; i < NVERBS; i++) {
		const struct verb *c = &verbs[i];

		if (strcmp(c->word, word) != 0 ||
		    (c->sub == NULL) != (sub == NULL) ||
		    (sub != NULL && strcmp(c->sub, sub) != 0))
			continue;
		if (found == NULL || c->fix == fix)
			found = c;
	}
	return found;
}

/* Does word take a second word (audit smrsh, profile list)? */
static bool
has_subwords(const char *word)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].word, word) == 0 && verbs[i].sub != NULL)
			return true;
	return false;
}

/* "audit: unknown word 'x' (config, smrsh, ...)", or "expected ..." */
static int
subword_error(const char *word, const char *bad)
{
	char *choices = xstrdup(""), *e, *t;
	int r;

	for (size_t i = 0; i < NVERBS; i++) {
		const struct verb *c = &verbs[i];

		if (strcmp(c->word, word) != 0 || c->sub == NULL)
			continue;
		t = xasprintf("%s%s%s", choices, *choices ? ", " : "", c->sub);
		free(choices);
		choices = t;
	}
	if ((t = strrchr(choices, ',')) != NULL) {
		/* "list, show or check" */
		*t = '\0';
		t = xasprintf("%s or%s", choices, t + 1);
		free(choices);
		choices = t;
	}
	if (bad == NULL) {
		r = usage_error("%s: expected %s", word, choices);
	} else {
		e = escape_text(bad);
		r = usage_error("%s: unknown word '%s' (%s)", word, e, choices);
		free(e);
	}
	free(choices);
	return r;
}

/*
 * The verb the words name, or NULL after a usage error (*status set).
 * Checks the word counts and the options given against the verb's.
 */
static const struct verb *
find_verb(int nwords, char **words, unsigned given, int *status)
{
	const char *word = words[0], *sub = NULL;
	bool fix = (given & O_FIX) != 0;
	const struct verb *v;
	int nargs;

	if (lookup(word, NULL, fix) == NULL && !has_subwords(word)) {
		char *e = escape_text(word);
		*status = usage_error("unknown command '%s'", e);
		free(e);
		return NULL;
	}
	if (has_subwords(word) && nwords >= 2) {
		if (lookup(word, words[1], fix) == NULL) {
			*status = subword_error(word, words[1]);
			return NULL;
		}
		sub = words[1];
	}
	v = lookup(word, sub, fix);
	if (v == NULL) {
		*status = subword_error(word, NULL);
		return NULL;
	}
	nargs = nwords - 1 - (sub != NULL);
	if (nargs < v->min_args || (v->max_args >= 0 && nargs > v->max_args)) {
		*status = usage_error("%s%s%s: %s (usage: jailctl %s)", word,
		    sub ? " " : "", sub ? sub : "",
		    nargs > v->min_args ? "too many arguments" :
		    v->min_args == 1 && v->max_args < 0 ? "no COMMAND" :
		    "too few arguments", v->usage);
		return NULL;
	}
	for (unsigned bit = 0; bit < sizeof(option_names) / sizeof(option_names[0]); bit++) {
		if ((given & (1u << bit)) == 0 || (v->options & (1u << bit)) != 0)
			continue;
		if ((1u << bit) == O_FIX)
			*status = usage_error("--fix goes with verify");
		else if ((1u << bit) == O_XCCDF)
			/* XCCDF reports findings against rules: profile and
			 * audit pipe have none. */
			*status = usage_error("--format xccdf goes with create, verify "
			    "and audit");
		else
			*status = usage_error("%s does not go with %s%s%s",
			    option_names[bit], word, sub ? " " : "", sub ? sub : "");
		return NULL;
	}
	return v;
}

/*
 * Load the profile the verb declared (ctx->profile stays NULL for
 * VP_NONE) and resolve the names it needs.  0 or an exit status.
 */
static int
load_profile(struct context *ctx, const struct verb *v, char **args)
{
	const char *arg = ctx->opt.profile;
	char *file;

	switch (v->profile) {
	case VP_NONE:
		return 0;
	case VP_UNLESS_SMRSH_DIR:
		if (ctx->opt.smrsh_dir != NULL)
			return 0;
		break;
	case VP_NAME_ARG:
		if (args[0] != NULL)
			arg = args[0];
		break;
	case VP_FILE_ARG:
		arg = args[0];
		break;
	case VP_DEFAULT:
		break;
	}
	if (v->profile == VP_FILE_ARG && strchr(arg, '/') == NULL) {
		/* check takes a FILE: "debian.profile" means ./debian.profile */
		file = xasprintf("./%s", arg);
	} else {
		file = profile_locate(arg, ctx->root_fd, stderr);
		if (file == NULL)
			return EXIT_ERROR;
	}
	/* profile check shows every problem, names included, in one run. */
	unsigned problems = 0;
	bool every = v->profile == VP_FILE_ARG;
	size_t ndropins;
	char **dropins = profile_dropins(file, &ndropins);

	ctx->profile = profile_parse_layers(file, dropins, ndropins, stderr,
	    every ? &problems : NULL);
	profile_dropins_free(dropins, ndropins);
	free(file);
	if (ctx->profile == NULL)
		return EXIT_ERROR;
	problems += profile_resolve(ctx->profile, ctx->names, v->names, ctx->opt.root,
	    every, stderr);
	if (problems > 0)
		return EXIT_ERROR;
	if (ctx->opt.jail != NULL && profile_set_jail(ctx->profile, ctx->opt.jail) < 0)
		return usage_error("--jail must be an absolute path below /, "
		    "without '.' or '..'");
	return 0;
}

/*
 * What the report does about failing, waivers, syslog and --output.  Verbs
 * that report findings read the root's waivers file (or --waivers).
 * 0, or an exit status after saying why (a bad waivers file).
 */
static int
configure_report(struct context *ctx, const struct verb *v)
{
	struct report_config rc = { .fail_on = ctx->opt.fail_on,
	    .syslog = ctx->opt.syslog, .output = ctx->opt.output,
	    .now = time(NULL) };
	char today[16];
	struct tm tm;

	if ((v->options & O_WAIVERS) != 0) {
		gmtime_r(&rc.now, &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		ctx->waivers = waivers_load(ctx->root_fd, ctx->opt.waivers != NULL ?
		    ctx->opt.waivers : JAILCTL_WAIVERS_FILE, ctx->opt.waivers == NULL,
		    today, stderr);
		if (ctx->waivers == NULL)
			return EXIT_ERROR;
		rc.waivers = ctx->waivers;
	}
	report_configure(&rc);
	return 0;
}

static int
run_command_line(int argc, char **argv)
{
	struct context ctx = { .root_fd = -1 };
	char **words = NULL, **args, *name = NULL;
	int nwords = 0, status, r;
	unsigned given = 0;
	struct stat st, slash;
	const struct verb *v;

	status = parse_command_line(argc, argv, &ctx.opt, &given, &words, &nwords);
	if (status >= 0)
		return status;
	if (nwords == 0) {
		free(words);
		free(ctx.opt.users);
		return usage_error("no command given");
	}
	errdoc_command(words[0]);
	v = find_verb(nwords, words, given, &status);
	if (v == NULL)
		goto out;
	args = words + 1 + (v->sub != NULL);
	name = xasprintf("%s%s%s", v->word, v->sub ? " " : "", v->sub ? v->sub : "");

	/*
	 * A verb that changes the tree sets owners first of all: without
	 * CAP_CHOWN it would leave a half-owned tree and a page of EPERMs.
	 */
	ctx.changes_tree = v->changes_tree && !ctx.opt.dry_run;
	if (ctx.changes_tree && !privs_have(CAP_CHOWN)) {
		fprintf(stderr, "jailctl: %s: cannot change owners (no CAP_CHOWN): "
		    "run it as root, or try --dry-run\n", name);
		status = EXIT_ERROR;
		goto out;
	}
	/* Give up what the verb does not need before touching anything. */
	r = privs_keep(ctx.changes_tree ? v->privs : &privs_reading);
	if (r < 0) {
		fprintf(stderr, "jailctl: cannot drop privileges: %s\n", strerror(-r));
		status = EXIT_ERROR;
		goto out;
	}

	ctx.root_fd = open(ctx.opt.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ctx.root_fd < 0 || fstat(ctx.root_fd, &st) != 0) {
		char *e = escape_text(ctx.opt.root);
		fprintf(stderr, "jailctl: cannot open root '%s': %s\n", e, strerror(errno));
		free(e);
		status = EXIT_ERROR;
		goto out;
	}
	/* Only at the real root may names come from NSS as well. */
	ctx.real_root = stat("/", &slash) == 0 && slash.st_dev == st.st_dev &&
	    slash.st_ino == st.st_ino;
	ctx.names = names_load(ctx.root_fd, ctx.real_root);

	status = load_profile(&ctx, v, args);
	if (status != 0)
		goto out;
	status = configure_report(&ctx, v);
	if (status != 0)
		goto out;
	testhook_dump_status(name);
	status = v->run(&ctx, nwords - 1, words + 1);
out:
	free(name);
	profile_free(ctx.profile);
	names_free(ctx.names);
	waivers_free(ctx.waivers);
	if (ctx.root_fd >= 0)
		close(ctx.root_fd);
	free(words);
	free(ctx.opt.users);
	return status;
}

/* Append what fd holds (from its start) to out. */
static void
copy_back(int fd, FILE *out)
{
	char buf[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, out);
}

/*
 * The Ansible module runs several command lines in one go (create, then
 * the audits), but a verb's privilege drop cannot be undone: after create
 * the audits could no longer read as each user.  So each runs in a child
 * of its own, and what it printed is copied onto our stdout and stderr
 * (which the module captures).
 */
static int
run_in_child(int argc, char **argv)
{
	int out = memfd_create("jailctl-stdout", MFD_CLOEXEC);
	int err = memfd_create("jailctl-stderr", MFD_CLOEXEC);
	int status = EXIT_ERROR, wst = 0;
	pid_t pid = -1;

	fflush(stdout);
	fflush(stderr);
	if (out >= 0 && err >= 0)
		pid = fork();
	if (pid < 0) {
		fprintf(stderr, "jailctl: cannot start the command: %s\n", strerror(errno));
		goto done;
	}
	if (pid == 0) {
		FILE *o = fdopen(out, "w"), *e = fdopen(err, "w");

		if (o == NULL || e == NULL)
			_exit(EXIT_ERROR);
		stdout = o;
		stderr = e;
		status = run_command_line(argc, argv);
		_exit(fflush(o) == 0 && fflush(e) == 0 ? status : EXIT_ERROR);
	}
	pid_t r;
	while ((r = waitpid(pid, &wst, 0)) < 0 && errno == EINTR)
		;
	copy_back(out, stdout);
	copy_back(err, stderr);
	if (r == pid && WIFEXITED(wst))
		status = WEXITSTATUS(wst);
	else
		fprintf(stderr, "jailctl: the command did not end normally\n");
done:
	closep(&out);
	closep(&err);
	return status;
}

int
main(int argc, char **argv)
{
	/* Set-id use is refused before anything is looked at (setid.h). */
	if (setid_refuse() != 0)
		return EXIT_ERROR;
	/* `jailctl ARGSFILE`: run as an Ansible module (ansible_module.h). */
	char *module_args = ansible_module_args(argc, argv);

	if (module_args != NULL)
		return ansible_module_main(module_args, run_in_child);
	if (errdoc_wanted(argc, argv))
		return errdoc_run(argc, argv, run_command_line);
	return run_command_line(argc, argv);
}
