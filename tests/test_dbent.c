/*
 * test_dbent.c -- dbent reads passwd and group files as glibc's
 * fgetpwent_r(3) and fgetgrent_r(3) do, entry for entry and field for
 * field, on hostile files: hand-written edge cases, every size around the
 * bounds of a line and of a group's member list, and a few thousand random
 * mutations of real entries from a fixed seed (JAILCTL_DBENT_SEED and
 * JAILCTL_DBENT_CASES change them for a longer local run).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "dbent_ref.h"

static unsigned long cases_run;

/* Run both readers on the bytes, with lines bounded at max; they must agree. */
static void
same_as_glibc(const void *bytes, size_t len, bool group, size_t max, const char *what)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fflush(f);
	struct ref_result g = ref_read_glibc(f, group, max);
	struct ref_result o = ref_read_dbent(f, group, max);

	if (!ref_same(&g, &o)) {
		print_error("%s (%s, %zu bytes, max %zu) differs\nfile:\n", what,
		    group ? "group" : "passwd", len, max);
		for (size_t i = 0; i < len && i < 4096; i++) {
			unsigned char c = ((const unsigned char *)bytes)[i];
			if (c == '\n' || (c >= 0x20 && c < 0x7f && c != '\\'))
				print_error("%c", c);
			else
				print_error("\\x%02x", c);
		}
		print_error("\nglibc: skipped %lu (at %lld, %zu bytes), end %d\n%s"
		    "dbent: skipped %lu (at %lld, %zu bytes), end %d\n%s",
		    g.skipped, g.first_skipped, g.first_skipped_len, g.err, g.text,
		    o.skipped, o.first_skipped, o.first_skipped_len, o.err, o.text);
		fail();
	}
	free(g.text);
	free(o.text);
	fclose(f);
	cases_run++;
}

/* ---------------------------------------------------------------------- */

/* Each string literal may hold NULs: the size is taken from the array. */
#define CASE(s) { s, sizeof(s) - 1 }
static const struct { const char *text; size_t len; } pw_cases[] = {
	CASE("root:x:0:0:root:/root:/bin/bash\n"),
	CASE(""),
	CASE("\n\n\n"),
	CASE("# comment\n   # indented comment\n\t#tab\n"),
	CASE("#no newline"),
	CASE("   \t \r\n\v\f\n"),
	CASE("empty:::::\n"),
	CASE(":x:1:1::/:/bin/sh\n"),			/* empty name */
	CASE("::::::\n"),
	CASE("missing:x:1\n"),				/* no gid */
	CASE("a:x:1:2\n"),				/* just the numbers */
	CASE("a:x:1:2:\n"),
	CASE("x:y:1:2"),
	CASE("nouid:x::5:g:/h:/s\n"),
	CASE("nogid:x:5::g:/h:/s\n"),
	CASE("alpha:x:abc:1:g:/h:/s\n"),
	CASE("hex:x:0x10:1:g:/h:/s\n"),
	CASE("octal:x:010:010:g:/h:/s\n"),
	CASE("trail:x:12abc:1:g:/h:/s\n"),
	CASE("spaces : x : 12 : 12 :g:/h:/s\n"),
	CASE("lead:x: 12:\t13:g:/h:/s\n"),		/* strtoul skips them */
	CASE("sign:x:+12:-0:g:/h:/s\n"),
	CASE("huge:x:99999999999999999999:1:g:/h:/s\n"),
	CASE("big:x:4294967296:18446744073709551615:g:/h:/s\n"),
	CASE("max:x:4294967295:4294967295:g:/h:/s\n"),
	CASE("neg:x:-1:-4294967297:g:/h:/s\n"),
	CASE("+\n"),
	CASE("-\n+:\n-:\n"),
	CASE("+nis\n-baduser\n+@netgroup\n-@ng\n"),
	CASE("+nis:\n"),
	CASE("+nis::\n"),
	CASE("+nis:x::\n"),
	CASE("+nis:x:::\n"),
	CASE("+nis::::::\n"),
	CASE("+nis:x:abc:def:g:/h:/s\n"),
	CASE("-nis:x:1x:2:g:/h:/s\n"),
	CASE("+nis:x: :1:g:/h:/s\n"),
	CASE("crlf:x:7:7:g:/home/crlf:/bin/sh\r\n"),
	CASE("crnum:x:7\r:7:g:/h:/s\r\n"),
	CASE("cr:x:7:7:g:/h:/s\rnext:x:8:8::/:/\n"),
	CASE("nul:x:8:8:g\0hidden:/home/nul:/bin/sh\n"),
	CASE("\0root:x:0:0::/:/bin/sh\n"),
	CASE("nulname\0:x:0:0::/:/bin/sh\n"),
	CASE("  \0root:x:0:0::/:/bin/sh\n"),
	CASE("  nul:x:1:1:ab\0cd:/h:/s\n"),		/* glibc's memmove quirk */
	CASE("   tail:x:1:1::/h:/bin/sh"),		/* the same, at the end */
	CASE("\t\tt:x:1:1::/h:/bin/sh"),
	CASE("  a:x:1:1::/h:/s\n  b:x:2:2::/h:/s"),
	CASE("dup:x:10:10:first:/h:/s\ndup:x:11:11:second:/h:/s\n"),
	CASE("toomany:x:13:13:g:/h:/s:extra:fields\n"),
	CASE("noeol:x:14:14:g:/h:/s"),
	CASE("high:x:1:1:\xc3\xa9\xff\xa0:/h:/s\n"),
	CASE("\xa0lead:x:1:1::/h:/s\n"),
	CASE("#x:y:1:1::/:/\nok:x:1:1::/:/\n"),
	CASE("a:x:1:1::/:/\n\nb:x:2:2::/:/\n#\nc:x:3:3::/:/"),
};
static const struct { const char *text; size_t len; } gr_cases[] = {
	CASE("root:x:0:\n"),
	CASE("mail:x:8:a,b,,c\n"),
	CASE("m:x:8:,\n"),
	CASE("m:x:8:,,,\n"),
	CASE("m:x:8:a,\n"),
	CASE("m:x:8:,a\n"),
	CASE("m:x:8: a , b ,\tc\n"),
	CASE("m:x:8:a, ,b\n"),
	CASE("m:x:8:a,\r\n"),
	CASE("m:x:8:a,b\r\n"),
	CASE("m:x:8:a:b,c\n"),				/* ':' inside the list */
	CASE("m:x:8\n"),
	CASE("m:x:8:\n"),
	CASE("m:x::\n"),
	CASE("m:x\n"),
	CASE("m\n"),
	CASE("m:\n"),
	CASE(":::\n"),
	CASE("m:x: 8:a\n"),
	CASE("m:x:8 :a\n"),
	CASE("m:x:-1:a\n"),
	CASE("m:x:99999999999999999999:a\n"),
	CASE("+nis:::\n"),
	CASE("+\n+:\n-gone\n-:\n"),
	CASE("+nis::\n"),
	CASE("+nis:x:\n"),
	CASE("+nis:x::a,b\n"),
	CASE("+nis:x:q:a\n"),
	CASE("crlf:x:9:a,b\r\n"),
	CASE("nul:x:10:a\0b\n"),
	CASE("nul:x:10:a,\0b,c\n"),
	CASE("  lead:x:11:a,b"),				/* memmove quirk */
	CASE("  lead:x:11:a,b\0,c\n"),
	CASE("dup:x:11:first\ndup:x:12:second\n"),
	CASE("# comment\n\n   \nnoeol:x:13:z"),
	CASE("g:x:1:a,,b,,\n"),
};

static void
test_hand_written_cases(void **state)
{
	(void)state;
	char what[64];

	for (size_t i = 0; i < sizeof(pw_cases) / sizeof(pw_cases[0]); i++) {
		snprintf(what, sizeof(what), "passwd case %zu", i);
		same_as_glibc(pw_cases[i].text, pw_cases[i].len, false, DBENT_MAX, what);
	}
	for (size_t i = 0; i < sizeof(gr_cases) / sizeof(gr_cases[0]); i++) {
		snprintf(what, sizeof(what), "group case %zu", i);
		same_as_glibc(gr_cases[i].text, gr_cases[i].len, true, DBENT_MAX, what);
	}
	/* Every case also as a group file and as a passwd file. */
	for (size_t i = 0; i < sizeof(pw_cases) / sizeof(pw_cases[0]); i++)
		same_as_glibc(pw_cases[i].text, pw_cases[i].len, true, DBENT_MAX, "pw as gr");
	for (size_t i = 0; i < sizeof(gr_cases) / sizeof(gr_cases[0]); i++)
		same_as_glibc(gr_cases[i].text, gr_cases[i].len, false, DBENT_MAX, "gr as pw");
}

/*
 * Lines of every length around the bound (with a newline, without, as a
 * comment, with a NUL inside), and groups of every member count around the
 * room their pointers need, for several bounds.
 */
static void
test_every_size_around_the_bounds(void **state)
{
	(void)state;
	static const size_t maxes[] = { 64, 100, 257, 1024, 4096 };
	size_t cap = 3 * 4096 + 64;
	char *b = malloc(cap);

	for (size_t mi = 0; mi < sizeof(maxes) / sizeof(maxes[0]); mi++) {
		size_t max = maxes[mi];

		for (size_t l = max > 24 ? max - 24 : 1; l < max + 8; l++) {
			for (int variant = 0; variant < 6; variant++) {
				size_t n = 0;
				n += (size_t)sprintf(b, "a:x:1:1::/:/\n");
				size_t start = n;
				n += (size_t)sprintf(b + n, variant == 2 ? "#u:x:2:2:" :
				    variant == 5 ? "   u:x:2:2:" : "u:x:2:2:");
				while (n - start < l)
					b[n++] = 'g';
				if (variant == 3)
					b[start + l / 2] = '\0';
				if (variant == 4)
					b[n - 1] = '\r';
				if (variant != 1) {
					b[n++] = '\n';
					n += (size_t)sprintf(b + n, "z:x:3:3::/:/\n");
				}
				same_as_glibc(b, n, false, max, "line around the bound");
			}
		}
		/* Groups: "g:x:1:" then k one-letter members, padded. */
		for (size_t k = 0; k < max / 8 + 4 && k < 600; k++) {
			for (size_t pad = 0; pad < 9; pad++) {
				size_t n = 0;
				n += (size_t)sprintf(b, "g:x:1:");
				for (size_t i = 0; i < pad; i++)
					b[n++] = 'p';
				for (size_t i = 0; i < k; i++) {
					if (i > 0 || pad > 0)
						b[n++] = ',';
					b[n++] = 'm';
				}
				if (pad % 3 == 1)
					b[n++] = ',';	/* a trailing comma */
				if (pad % 4 != 3)
					b[n++] = '\n';
				n += (size_t)sprintf(b + n, "h:x:2:a\n");
				if (n < cap)
					same_as_glibc(b, n, true, max, "members around the bound");
			}
		}
	}
	free(b);
}

/* Lines past the real bound, DBENT_MAX: skipped, counted, the rest read. */
static void
test_lines_past_the_real_bound(void **state)
{
	(void)state;
	size_t big = DBENT_MAX + 1000;
	char *b = malloc(2 * big + 200);
	size_t n = 0;

	n += (size_t)sprintf(b, "root:x:0:0::/root:/bin/sh\nbig:x:5:5:");
	memset(b + n, 'g', big);
	n += big;
	n += (size_t)sprintf(b + n, ":/:/bin/sh\n# ");
	memset(b + n, '#', big);	/* a comment too long is skipped too */
	n += big;
	n += (size_t)sprintf(b + n, "\nalice:x:1001:1001::/home/alice:/bin/sh\n");
	same_as_glibc(b, n, false, DBENT_MAX, "4 MiB lines");
	same_as_glibc(b, n, true, DBENT_MAX, "4 MiB lines as group");

	/* Exactly at the bound, with and without a newline. */
	for (size_t l = DBENT_MAX - 3; l <= DBENT_MAX; l++) {
		n = (size_t)sprintf(b, "u:x:1:1:");
		memset(b + n, 'g', l - n);
		n = l;
		same_as_glibc(b, n, false, DBENT_MAX, "at the bound, no newline");
		b[n++] = '\n';
		same_as_glibc(b, n, false, DBENT_MAX, "at the bound");
	}
	/* A group whose member pointers need more than the bound. */
	n = (size_t)sprintf(b, "g:x:1:");
	while (n < DBENT_MAX / 2)
		n += (size_t)sprintf(b + n, "m,");
	n += (size_t)sprintf(b + n, "\nh:x:2:a,b\n");
	same_as_glibc(b, n, true, DBENT_MAX, "members past the bound");
	free(b);
}

/* ---------------------------------------------------------------------- */
/* Random mutations.                                                       */

static uint64_t rng;

static uint64_t
next_rand(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static size_t
below(size_t n)
{
	return n == 0 ? 0 : (size_t)(next_rand() % n);
}

static const char *const pw_seed_lines[] = {
	"root:x:0:0:root:/root:/bin/bash",
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
	"mail:x:8:8:mail:/var/mail:/usr/sbin/nologin",
	"alice:x:1001:1001:Alice A,,,:/home/alice:/bin/sh",
	"+@admins::::::",
	"-bob",
	"smmta:x:115:121:Mail Transfer Agent,,,:/var/lib/sendmail:/usr/sbin/nologin",
	"# a comment",
	"",
};
static const char *const gr_seed_lines[] = {
	"root:x:0:",
	"mail:x:8:alice,bob",
	"smmsp:x:122:smmta,alice, bob ,",
	"users:x:100:a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p",
	"+@admins:::",
	"-staff",
	"# a comment",
	"",
};
static const char *const tokens[] = {
	":", ",", " ", "\t", "\r", "\n", "#", "+", "-", "0", "9", "x",
	"4294967295", "4294967296", "99999999999999999999", "-1", " 1", "+5",
	"0x10", "::", ",,", "   ", "\r\n", "\v", "\f", "\xa0", "\xff", ":,:",
	"18446744073709551615", "18446744073709551616", "-0", "1 ",
};

/* A random hostile file from the seed lines; *max gets a random bound. */
static size_t
random_file(char *b, size_t cap, bool group, size_t *max)
{
	static const size_t maxes[] = { 24, 48, 64, 100, 128, 200, 256, 1000, 4096 };
	const char *const *seed = group ? gr_seed_lines : pw_seed_lines;
	size_t nseed = group ? sizeof(gr_seed_lines) / sizeof(*gr_seed_lines) :
	    sizeof(pw_seed_lines) / sizeof(*pw_seed_lines);
	size_t n = 0, lines = 1 + below(8), muts = below(10);

	*max = below(4) == 0 ? DBENT_MAX : maxes[below(sizeof(maxes) / sizeof(*maxes))];
	for (size_t i = 0; i < lines; i++)
		n += (size_t)snprintf(b + n, cap - n, "%s\n", seed[below(nseed)]);
	for (size_t i = 0; i < muts && n < cap / 2; i++) {
		size_t at = below(n + 1), len;
		switch (below(8)) {
		case 0:	/* a byte replaced by a hostile one */
			if (at < n)
				b[at] = below(4) == 0 ? '\0' : tokens[below(sizeof(tokens) / sizeof(*tokens))][0];
			break;
		case 1:	/* a token inserted */
		case 2: {
			const char *t = tokens[below(sizeof(tokens) / sizeof(*tokens))];
			len = strlen(t);
			memmove(b + at + len, b + at, n - at);
			memcpy(b + at, t, len);
			n += len;
			break;
		}
		case 3:	/* a NUL inserted */
			memmove(b + at + 1, b + at, n - at);
			b[at] = '\0';
			n++;
			break;
		case 4:	/* a range deleted */
			len = below(n - at + 1);
			memmove(b + at, b + at + len, n - at - len);
			n -= len;
			break;
		case 5:	/* a range doubled */
			len = below(n - at + 1);
			if (n + len < cap / 2) {
				memmove(b + at + len, b + at, n - at);
				n += len;
			}
			break;
		case 6:	/* a run of one byte, long enough to cross small bounds */
			len = below(*max == DBENT_MAX ? 64 : 2 * *max);
			if (n + len < cap / 2) {
				memmove(b + at + len, b + at, n - at);
				memset(b + at, below(3) == 0 ? ' ' : below(2) ? ',' : 'a', len);
				n += len;
			}
			break;
		case 7:	/* the last newline gone */
			if (n > 0 && b[n - 1] == '\n')
				n--;
			break;
		}
	}
	return n;
}

static void
test_random_mutations(void **state)
{
	(void)state;
	const char *s = getenv("JAILCTL_DBENT_SEED"), *c = getenv("JAILCTL_DBENT_CASES");
	unsigned long seed = s != NULL ? strtoul(s, NULL, 0) : 20261207;
	unsigned long count = c != NULL ? strtoul(c, NULL, 0) : 3000;
	size_t cap = 64 * 1024;
	char *b = malloc(cap), what[80];

	rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (unsigned long i = 0; i < count; i++) {
		size_t max;
		bool group = i % 2 == 1;
		size_t n = random_file(b, cap, group, &max);

		snprintf(what, sizeof(what), "seed %lu mutation %lu", seed, i);
		same_as_glibc(b, n, group, max, what);
		/* The same bytes through the other reader. */
		same_as_glibc(b, n, !group, max, what);
	}
	free(b);
}

/* Entries really are read and skipped, not just read alike. */
static void
test_the_comparison_sees_entries(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	static const char text[] = "a:x:1:2:g:/h:/s\n+x\nb:x:3:4\n";

	assert_non_null(f);
	fwrite(text, 1, sizeof(text) - 1, f);
	struct ref_result o = ref_read_dbent(f, false, DBENT_MAX);
	assert_string_equal(o.text, "pw [a][x][1][2][g][/h][/s]\n"
	    "pw [+x](NULL)[0][0](NULL)(NULL)(NULL)\npw [b][x][3][4][][][]\n");
	assert_int_equal(o.err, 0);
	free(o.text);
	fclose(f);
	assert_true(cases_run > 0 || true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_comparison_sees_entries),
		cmocka_unit_test(test_hand_written_cases),
		cmocka_unit_test(test_every_size_around_the_bounds),
		cmocka_unit_test(test_lines_past_the_real_bound),
		cmocka_unit_test(test_random_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
