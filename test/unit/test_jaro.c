/*-------------------------------------------------------------------------
 *
 * test_jaro.c
 *		Unit tests for Jaro / Jaro-Winkler (src/core/jaro.c) and UTF-8
 *		decoding limits (src/core/utf8.c).
 *
 * The full published vectors are checked in SQL by the dedup suite; these
 * are the worked examples and the edge cases of the C interface.
 *
 * test/unit/test_jaro.c
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "jaro.h"
#include "utf8.h"
#include "unit.h"

static double
jw(const char *a, const char *b)
{
	double		r = -1.0;

	CHECK(ambc_jaro_winkler_utf8(a, strlen(a), b, strlen(b), &r) == AMBC_OK);
	return r;
}

/* published values (jellyfish testdata, Winkler 1994), 1e-9 tolerance */
static void
test_known_values(void)
{
	CHECK(fabs(jw("martha", "marhta") - 0.9611111111) < 1e-9);
	CHECK(fabs(jw("dixon", "dicksonx") - 0.8133333333) < 1e-9);
	CHECK(fabs(jw("dwayne", "duane") - 0.84) < 1e-9);
	CHECK(fabs(jw("William", "Williams") - 0.975) < 1e-9);
	CHECK(jw("abc", "xyz") == 0.0);
	CHECK(jw("", "") == 1.0);
	CHECK(jw("", "a") == 0.0);
	CHECK(jw("same", "same") == 1.0);
	/* code points, not bytes: one accented letter is one character */
	CHECK(fabs(jw("caf\xC3\xA9", "cafe") - jw("cafx", "cafe")) < 1e-12);
}

static void
test_symmetry_and_bounds(void)
{
	static const char *words[] = {"", "a", "ab", "abc", "martha", "marhta",
		"jellyfish", "smellyfish", "crate", "trace", "dicksonx", "dixon",
	"\xC3\xA9t\xC3\xA9", "ete", "\xED\x95\x9C\xEA\xB5\xAD"};
	size_t		n = sizeof(words) / sizeof(words[0]);
	size_t		i,
				j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		ab = jw(words[i], words[j]);
			double		ba = jw(words[j], words[i]);

			CHECKF(ab >= 0.0 && ab <= 1.0, "%s/%s", words[i], words[j]);
			CHECKF(fabs(ab - ba) < 1e-12, "%s/%s", words[i], words[j]);
			if (i == j)
				CHECK(ab == 1.0);
		}
}

/* malformed input wins over the size limit, whichever comes first */
static void
test_limits(void)
{
	size_t		big = AMBC_JARO_MAX_CP + 10;
	char	   *s = malloc(big + 1);
	double		r;

	memset(s, 'a', big);
	CHECK(ambc_jaro_winkler_utf8(s, big, "a", 1, &r) == AMBC_LIMIT);
	CHECK(ambc_jaro_winkler_utf8("a", 1, s, big, &r) == AMBC_LIMIT);
	s[big] = (char) 0xC3;		/* malformed, past the limit */
	CHECK(ambc_jaro_winkler_utf8(s, big + 1, "a", 1, &r) == AMBC_BAD_UTF8);
	CHECK(ambc_jaro_winkler_utf8("\xC3", 1, s, big, &r) == AMBC_BAD_UTF8);
	CHECK(ambc_jaro_winkler_utf8(s, big, "\xC3", 1, &r) == AMBC_BAD_UTF8);
	CHECK(ambc_jaro_winkler_utf8(s, AMBC_JARO_MAX_CP, s, AMBC_JARO_MAX_CP, &r) == AMBC_OK &&
		  r == 1.0);
	free(s);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_known_values),
		UNIT(test_symmetry_and_bounds),
		UNIT(test_limits),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}
