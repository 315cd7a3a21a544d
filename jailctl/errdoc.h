/*
 * errdoc.h -- with --format json, an error is a JSON document too.
 *
 * A run that ends in an error (exit status 2) prints, on stdout and instead
 * of anything the command had printed there, exactly one document
 *
 *	{ "jailctl": VERSION, "command": WORD or null, "ok": false,
 *	  "changed": false, "error": "the message" }
 *
 * so that a consumer's JSON parser works whatever happened.  The message is
 * what the command printed on stderr (which still gets it).  This is the one
 * error path for every command: main wraps the whole run.
 */
#ifndef JAILCTL_ERRDOC_H
#define JAILCTL_ERRDOC_H

#include <stdbool.h>

/* Does the command line ask for --format json (the last --format wins)? */
bool errdoc_wanted(int argc, char *const argv[]);

/* Run run(argc, argv) and turn an exit status 2 into the error document. */
int errdoc_run(int argc, char **argv, int (*run)(int, char **));

/* The command word, once main knows it (for the document's "command"). */
void errdoc_command(const char *word);

/*
 * What a run printed on stderr as one line: "jailctl: " prefixes and the
 * "(see 'jailctl --help')" hint dropped, lines joined with "; ".  Never
 * empty.  Malloc'd.
 */
char *errdoc_message(const char *stderr_text);

#endif
