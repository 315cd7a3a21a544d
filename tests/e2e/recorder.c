/*
 * recorder.c -- the program sendmail runs in the end-to-end harness.
 *
 * Linked into the smrsh directory (as "rec") and used as the local mailer,
 * it writes down what really ran: one line per run appended to /e2e/ran.log
 * (uid, gid, cwd, argv, each field escaped) and the message it was handed
 * saved as a new file in /e2e/in, where the harness finds the bounce.
 * Messages are sent one at a time, so the runs logged since a message was
 * sent are that message's.  Paths are the chroot's.  Exits 0.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes outside printable ASCII, '\\' and '|' become \xHH: one line per run. */
static void
put_escaped(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7e || c == '\\' || c == '|')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

int
main(int argc, char **argv)
{
	char cwd[4096], msg[64], buf[65536];
	ssize_t n;
	int out;
	FILE *log;

	/* Each sendmail runs in a PID namespace of its own: pids repeat. */
	snprintf(msg, sizeof msg, "/e2e/in/msg.XXXXXX");
	out = mkstemp(msg);
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
		if (out >= 0 && write(out, buf, (size_t)n) != n)
			break;
	if (out >= 0)
		close(out);
	if (getcwd(cwd, sizeof cwd) == NULL)
		strcpy(cwd, "?");
	log = fopen("/e2e/ran.log", "a");
	if (log == NULL)
		return 0;
	fprintf(log, "uid=%ld|gid=%ld|msg=%s|cwd=", (long)getuid(),
	    (long)getgid(), msg);
	put_escaped(log, cwd);
	for (int i = 0; i < argc; i++) {
		fputs("|", log);
		put_escaped(log, argv[i]);
	}
	fputs("\n", log);
	fclose(log);
	return 0;
}
