/*-------------------------------------------------------------------------
 *
 * unit.h
 *		A minimal table-driven test runner for the amb core.
 *
 * Each TEST is a function; a test passes when none of its CHECKs fail.  The
 * runner prints one TAP-like line per test and ends with "N passed, N failed",
 * which ./amb test adds to its totals.  A test that makes no check at all is
 * counted as failed, so a test cannot pass on no data.
 *
 * test/unit/unit.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef AMB_UNIT_H
#define AMB_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*unit_fn) (void);

static int	unit_checks;
static int	unit_failures;

#define CHECK(cond) \
	do { \
		unit_checks++; \
		if (!(cond)) \
		{ \
			unit_failures++; \
			if (unit_failures < 20) \
				fprintf(stderr, "  %s:%d: check failed: %s\n", \
						__FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECKF(cond, ...) \
	do { \
		unit_checks++; \
		if (!(cond)) \
		{ \
			unit_failures++; \
			if (unit_failures < 20) \
			{ \
				fprintf(stderr, "  %s:%d: check failed: %s: ", \
						__FILE__, __LINE__, #cond); \
				fprintf(stderr, __VA_ARGS__); \
				fputc('\n', stderr); \
			} \
		} \
	} while (0)

typedef struct unit_test
{
	const char *name;
	unit_fn		fn;
} unit_test;

#define UNIT(fn) {#fn, fn}

static int
unit_run(const unit_test *tests, int ntests)
{
	int			passed = 0;
	int			failed = 0;
	int			i;

	for (i = 0; i < ntests; i++)
	{
		unit_checks = 0;
		unit_failures = 0;
		tests[i].fn();
		if (unit_failures == 0 && unit_checks > 0)
		{
			passed++;
			printf("ok %d - %s (%d checks)\n", i + 1, tests[i].name, unit_checks);
		}
		else
		{
			failed++;
			printf("not ok %d - %s (%d of %d checks failed)\n", i + 1,
				   tests[i].name, unit_failures, unit_checks);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}

#endif							/* AMB_UNIT_H */
