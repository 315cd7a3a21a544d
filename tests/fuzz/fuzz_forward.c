/*
 * fuzz_forward.c -- the .forward parser: lines as sendmail reads them, each
 * split into entries and classified, under a syntax chosen by the first
 * byte (BlankSub, OperatorChars and the mailer flags vary).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "forward_parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const operators[] = { NULL, ".:%@!^/[]+", ".:@[]", "" };
	struct fwd_syntax syn = { 0 };
	struct fwd_reader rd;
	char line[FWD_MAXLINE];
	bool cut;

	if (size < 1 || size > FUZZ_MAX_INPUT)
		return 0;
	syn.blank_sub = (data[0] & 1) ? '.' : ' ';
	syn.operators = operators[(data[0] >> 1) & 3];
	syn.local_prog = (data[0] & 8) == 0;
	syn.local_file = (data[0] & 16) == 0;
	syn.local_include = (data[0] & 32) == 0;
	syn.local_keepcase = (data[0] & 64) != 0;
	syn.prog_stripq = (data[0] & 128) == 0;
	syn.prog_keepcase = true;
	syn.file_stripq = true;
	syn.file_keepcase = true;
	fwd_reader_init(&rd, (const char *)data + 1, size - 1);
	while (fwd_reader_next(&rd, line, &cut)) {
		struct fwd_entry e;
		size_t pos = 0;

		if (!fwd_line_prepare(line))
			continue;
		while (fwd_next_entry(&syn, line, &pos, &e)) {
			if (e.kind == FWD_PROG || e.kind == FWD_FILE) {
				char *s = fwd_stripquotes(e.raw);
				free(s);
			}
			fwd_entry_clear(&e);
		}
	}
	return 0;
}
