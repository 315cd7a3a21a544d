/*
 * ansible_module.h -- `jailctl ARGSFILE`: jailctl as an Ansible module.
 *
 * Ansible runs a binary module with one argument, the path of a file that
 * holds the task's parameters as a JSON object.  When that is the whole
 * command line, jailctl reads the parameters, runs the same command lines
 * it runs from a shell through main's own code (state=present: create,
 * state=audited: verify and the audits; _ansible_check_mode adds
 * --dry-run), each in a forked child so that each keeps the privileges of
 * its own verb (no exec: the same program image), and prints exactly one
 * JSON object on stdout:
 *
 *	changed, failed, msg, rc, findings, changes, summary, profile, jail,
 *	diff (with _ansible_diff), warnings (when a command said something)
 *
 * Bad parameters and errors are failed:true with a msg; nothing but that
 * object ever reaches stdout or stderr.  Parameters and results are
 * documented in jailctl(8) and in the collection's module documentation.
 */
#ifndef JAILCTL_ANSIBLE_MODULE_H
#define JAILCTL_ANSIBLE_MODULE_H

/*
 * The arguments file's text when the command line is `jailctl FILE` and FILE
 * is a regular file whose first non-blank character is '{'; else NULL.
 */
char *ansible_module_args(int argc, char *const argv[]);

/*
 * Act as the module with these arguments (freed here), running commands
 * through run (main's command line).  Returns the exit status: 0, or 1 when
 * the task failed.
 */
int ansible_module_main(char *args, int (*run)(int, char **));

#endif
