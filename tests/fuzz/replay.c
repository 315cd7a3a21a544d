/*
 * replay.c -- run a fuzz target over files, without libFuzzer.
 *
 *   fuzz_TARGET-replay FILE|DIR...
 *
 * Each regular file (a directory: each regular file in it) is read and
 * handed to LLVMFuzzerTestOneInput() once; sanitizer reports abort.  Prints
 * how many inputs ran.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	buf = malloc(FUZZ_MAX_INPUT + 1);
	if (buf == NULL)
		abort();
	n = fread(buf, 1, FUZZ_MAX_INPUT + 1, f);
	fclose(f);
	if (n <= FUZZ_MAX_INPUT)
		LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long runs = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) != 0)
				return 2;
			runs++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			return 2;
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (de->d_name[0] == '.')
				continue;
			if (asprintf(&p, "%s/%s", argv[i], de->d_name) < 0)
				abort();
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
				if (run_file(p) != 0)
					return 2;
				runs++;
			}
			free(p);
		}
		closedir(d);
	}
	printf("%s: %lu inputs replayed\n", argv[0], runs);
	return 0;
}
