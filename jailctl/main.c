/*
 * jailctl -- provision, verify and audit sendmail's SafeFileEnvironment jail
 * and smrsh setup.
 *
 * main parses the options (they may stand before or after the command word),
 * opens the root, loads the root's user and group names and the profile, and
 * hands a struct context to the command.  Nothing below main prints usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "ansible_module.h"
#include "errdoc.h"
#include "escape.h"
#include "jailctl.h"
#include "names.h"
#include "privs.h"
#include "profile.h"
#include "profile_find.h"
#include "util.h"

static const char usage_text[] =
    "usage: jailctl [options] create\n"
    "       jailctl [options] verify [--fix]\n"
    "       jailctl [options] audit [config | smrsh | forward]\n"
    "       jailctl [options] audit pipe -- COMMAND\n"
    "       jailctl [options] profile list | profile show [NAME] | profile check FILE\n"
    "       jailctl --help | --version\n"
    "options: -p, --profile NAME|FILE   -r, --root DIR   -j, --jail DIR\n"
    "         --format text|json|xccdf   -q, --quiet   -n, --dry-run\n"
    "         --cf FILE   --smrsh-dir DIR   --user NAME\n"
    "         --file-contexts PATH   --selinux auto|require|off\n"
    "exit status: 0 compliant or done, 1 findings remain, 2 error\n";

enum {
	OPT_FORMAT = 256, OPT_FIX, OPT_CF, OPT_SMRSH_DIR, OPT_USER,
	OPT_FILE_CONTEXTS, OPT_SELINUX,
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
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

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
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "+p:r:j:qnhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'r': o->root = optarg; break;
		case 'j': o->jail = optarg; break;
		case 'q': o->quiet = true; break;
		case 'n': o->dry_run = true; break;
		case OPT_FIX: o->fix = true; break;
		case OPT_CF: o->cf = optarg; break;
		case OPT_SMRSH_DIR: o->smrsh_dir = optarg; break;
		case OPT_FILE_CONTEXTS: o->file_contexts = optarg; break;
		case OPT_USER:
			o->users = xrealloc(o->users, (o->nusers + 2) * sizeof(*o->users));
			o->users[o->nusers++] = optarg;
			o->users[o->nusers] = NULL;
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
			break;
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
parse_command_line(int argc, char **argv, struct options *o, char ***words, int *nwords)
{
	char **w = xcalloc((size_t)argc + 1, sizeof(*w));
	int n = 0, r;

	o->root = "/";
	o->format = FORMAT_TEXT;
	o->selinux = SELINUX_AUTO;
	optind = 1;
	for (;;) {
		r = parse_options(argc, argv, o);
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

static bool
needs_profile(int n, char **w)
{
	if (strcmp(w[0], "profile") == 0)
		return n >= 2 && (strcmp(w[1], "show") == 0 ||
		    (strcmp(w[1], "check") == 0 && n == 3));
	return true;
}

static int
run_command_line(int argc, char **argv)
{
	struct context ctx = { .root_fd = -1 };
	char **words = NULL, *file = NULL;
	int nwords = 0, status;
	struct stat st;

	status = parse_command_line(argc, argv, &ctx.opt, &words, &nwords);
	if (status >= 0)
		return status;
	if (nwords == 0) {
		free(words);
		return usage_error("no command given");
	}
	const char *cmd = words[0];
	errdoc_command(cmd);
	int (*run)(struct context *, int, char **) =
	    strcmp(cmd, "create") == 0 ? cmd_create :
	    strcmp(cmd, "verify") == 0 ? cmd_verify :
	    strcmp(cmd, "audit") == 0 ? cmd_audit :
	    strcmp(cmd, "profile") == 0 ? cmd_profile : NULL;
	if (run == NULL) {
		char *e = escape_text(cmd);
		status = usage_error("unknown command '%s'", e);
		free(e);
		goto out;
	}
	/* XCCDF reports findings against rules: profile and audit pipe have none. */
	if (ctx.opt.format == FORMAT_XCCDF && (run == cmd_profile ||
	    (nwords > 1 && strcmp(words[1], "pipe") == 0))) {
		status = usage_error("--format xccdf goes with create, verify and audit");
		goto out;
	}
	if (ctx.opt.fix && run != cmd_verify) {
		status = usage_error("--fix goes with verify");
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
	struct stat slash;
	ctx.real_root = stat("/", &slash) == 0 && slash.st_dev == st.st_dev &&
	    slash.st_ino == st.st_ino;
	ctx.names = names_load(ctx.root_fd, ctx.real_root);

	if (needs_profile(nwords, words)) {
		const char *arg = ctx.opt.profile;
		if (strcmp(cmd, "profile") == 0 && nwords == 3)
			arg = words[2];
		if (strcmp(cmd, "profile") == 0 && strcmp(words[1], "check") == 0 &&
		    strchr(arg, '/') == NULL) {
			/* check takes a FILE: "debian.profile" means ./debian.profile */
			file = xasprintf("./%s", arg);
		} else {
			file = profile_locate(arg, ctx.root_fd, stderr);
		}
		if (file == NULL) {
			status = EXIT_ERROR;
			goto out;
		}
		ctx.profile = profile_load(file, ctx.names, stderr);
		if (ctx.profile == NULL) {
			status = EXIT_ERROR;
			goto out;
		}
		if (ctx.opt.jail != NULL && profile_set_jail(ctx.profile, ctx.opt.jail) < 0) {
			status = usage_error("--jail must be an absolute path below /, "
			    "without '.' or '..'");
			goto out;
		}
	}
	/*
	 * Reading commands give up every privilege to change things before
	 * they look at anything.
	 */
	bool mutating = (run == cmd_create || (run == cmd_verify && ctx.opt.fix)) &&
	    !ctx.opt.dry_run;
	if (!mutating) {
		int r = privs_drop_to_reading();
		if (r < 0) {
			fprintf(stderr, "jailctl: cannot drop privileges: %s\n", strerror(-r));
			status = EXIT_ERROR;
			goto out;
		}
	}
	status = run(&ctx, nwords - 1, words + 1);
out:
	profile_free(ctx.profile);
	names_free(ctx.names);
	if (ctx.root_fd >= 0)
		close(ctx.root_fd);
	free(file);
	free(words);
	free(ctx.opt.users);
	return status;
}

int
main(int argc, char **argv)
{
	/* `jailctl ARGSFILE`: run as an Ansible module (ansible_module.h). */
	char *module_args = ansible_module_args(argc, argv);

	if (module_args != NULL)
		return ansible_module_main(module_args, run_command_line);
	if (errdoc_wanted(argc, argv))
		return errdoc_run(argc, argv, run_command_line);
	return run_command_line(argc, argv);
}
