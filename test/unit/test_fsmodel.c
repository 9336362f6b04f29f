/*-------------------------------------------------------------------------
 *
 * test_fsmodel.c
 *		Unit tests for Fellegi-Sunter matching (src/core/fsmodel.c):
 *		comparison levels, nicknames, scores, patterns, and EM.
 *
 * Every field of every record is an exact-size heap copy, so
 * AddressSanitizer sees any read past a span.  The comparison tests follow
 * the table of fsmodel.h field by field, with cases on both sides of each
 * threshold (and exactly on it, where the similarity is a simple fraction),
 * and check each level both ways round.  The score tests recompute the
 * weights from the model; the EM test draws 20,000 comparison patterns from
 * a known two-class model with a seeded generator and checks that EM,
 * started from the default parameters, finds the share of matches and the m
 * and v probabilities again.
 *
 * test/unit/test_fsmodel.c
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <time.h>

#include "fsmodel.h"
#include "jaro.h"
#include "utf8.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * records
 * ------------------------------------------------------------------------
 */

/* a record whose fields are exact-size heap copies */
typedef struct trec
{
	ambc_fs_rec r;
	char	   *own[AMBC_NFIELDS];
} trec;

/*
 * trec_set_n
 *		Fill t from f[0..AMBC_NFIELDS) with lengths len (NULL: absent),
 *		term frequencies 0.
 */
static void
trec_set_n(trec *t, const char *const *f, const size_t *len)
{
	int			i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < AMBC_NFIELDS; i++)
	{
		if (f[i] == NULL)
			continue;
		t->own[i] = malloc(len[i] ? len[i] : 1);
		if (t->own[i] == NULL)
			continue;
		t->own[i][0] = 0;
		if (len[i] > 0)
			memcpy(t->own[i], f[i], len[i]);
		t->r.f[i].p = t->own[i];
		t->r.f[i].len = len[i];
	}
}

static void
trec_set(trec *t, const char *const *f)
{
	size_t		len[AMBC_NFIELDS];
	int			i;

	for (i = 0; i < AMBC_NFIELDS; i++)
		len[i] = f[i] ? strlen(f[i]) : 0;
	trec_set_n(t, f, len);
}

static void
trec_free(trec *t)
{
	int			i;

	for (i = 0; i < AMBC_NFIELDS; i++)
		free(t->own[i]);
	memset(t, 0, sizeof(*t));
}

/*
 * level2
 *		The level of field for values a and b (NULL: absent) in records that
 *		have nothing else, compared both ways round, which must agree (level
 *		and similarity); *sim gets the similarity.
 */
static int
level2(int field, const char *a, const char *b, const ambc_fs_nicknames *nk,
	   float *sim)
{
	const char *fa[AMBC_NFIELDS] = {NULL};
	const char *fb[AMBC_NFIELDS] = {NULL};
	trec		ta,
				tb;
	ambc_fs_cmp ab,
				ba;

	fa[field] = a;
	fb[field] = b;
	trec_set(&ta, fa);
	trec_set(&tb, fb);
	ambc_fs_compare(&ta.r, &tb.r, nk, &ab);
	ambc_fs_compare(&tb.r, &ta.r, nk, &ba);
	CHECKF(ab.level[field] == ba.level[field] &&
		   ab.sim[field] == ba.sim[field],
		   "%s \"%s\" / \"%s\": %s one way, %s the other",
		   ambc_fs_field_name(field), a ? a : "(absent)", b ? b : "(absent)",
		   ambc_fs_level_name(ab.level[field]),
		   ambc_fs_level_name(ba.level[field]));
	CHECK(!ab.swapped && !ba.swapped);
	if (sim != NULL)
		*sim = ab.sim[field];
	trec_free(&ta);
	trec_free(&tb);
	return ab.level[field];
}

/*
 * jw_of
 *		Jaro-Winkler similarity of two UTF-8 strings, for the thresholds.
 */
static double
jw_of(const char *a, const char *b)
{
	double		s = -1;

	CHECK(ambc_jaro_winkler_utf8(a, strlen(a), b, strlen(b), &s) == AMBC_OK);
	return s;
}

typedef struct level_case
{
	int			field;
	const char *a;
	const char *b;
	int			level;
} level_case;

/*
 * expected_level
 *		The level a case expects, for a field that has it; a field without
 *		it (the table of fsmodel.h, which test_names_and_tables pins) can
 *		only say "different".
 */
static int
expected_level(int field, int level)
{
	if (level == AMBC_L_MISSING || ambc_fs_has_level(field, level))
		return level;
	return AMBC_L_DIFFERENT;
}

/*
 * check_levels
 *		Run a table of level cases without nicknames; for a fuzzy or partial
 *		level from a Jaro-Winkler field, the similarity is the Jaro-Winkler
 *		of the two values.
 */
static void
check_levels(const level_case *cases, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		float		sim = 0;
		int			l = level2(cases[i].field, cases[i].a, cases[i].b, NULL,
							   &sim);
		int			want = expected_level(cases[i].field, cases[i].level);

		CHECKF(l == want, "%s \"%s\" / \"%s\": %s, want %s",
			   ambc_fs_field_name(cases[i].field),
			   cases[i].a ? cases[i].a : "(absent)",
			   cases[i].b ? cases[i].b : "(absent)", ambc_fs_level_name(l),
			   ambc_fs_level_name(want));
		if (l == AMBC_L_MISSING || (l == AMBC_L_EXACT &&
									strcmp(cases[i].a, cases[i].b) == 0))
			CHECKF(sim == -1, "case %zu: sim %g", i, sim);
		if ((l == AMBC_L_FUZZY || l == AMBC_L_PARTIAL) &&
			(cases[i].field == AMBC_F_GIVEN ||
			 cases[i].field == AMBC_F_FAMILY ||
			 cases[i].field == AMBC_F_HANDLE ||
			 cases[i].field == AMBC_F_CITY))
			CHECKF(fabs(sim - (float) jw_of(cases[i].a, cases[i].b)) < 1e-6,
				   "case %zu: sim %g", i, sim);
	}
}

/* ------------------------------------------------------------------------
 * names, tables, defaults
 * ------------------------------------------------------------------------
 */

/* the fields' levels, as the table of fsmodel.h gives them */
static const char *const field_levels[AMBC_NFIELDS] = {
	"ENFPD", "EFPD", "EFPD", "EFD", "EFD", "ED", "EFPD", "EFD", "EFD", "ED"
};

/*
 * Names of fields and levels, both ways; which field has which level; and
 * which fields are adjusted for term frequency.
 */
static void
test_names_and_tables(void)
{
	static const char *const fields[AMBC_NFIELDS] = {
		"given_name", "family_name", "birth_date", "email", "phone",
		"handle", "address_line", "city", "postal_code", "region"
	};
	static const char *const levels[AMBC_NLEVELS] = {
		"exact", "nickname", "fuzzy", "partial", "different"
	};
	static const char letters[AMBC_NLEVELS] = {'E', 'N', 'F', 'P', 'D'};
	int			f,
				l;

	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		CHECK(strcmp(ambc_fs_field_name(f), fields[f]) == 0);
		CHECK(ambc_fs_field_from_name(fields[f], strlen(fields[f])) == f);
		for (l = 0; l < AMBC_NLEVELS; l++)
			CHECKF(ambc_fs_has_level(f, l) ==
				   (strchr(field_levels[f], letters[l]) != NULL),
				   "%s %s", fields[f], levels[l]);
		CHECK(!ambc_fs_has_level(f, AMBC_L_MISSING));
		CHECK(ambc_fs_tf_field(f) ==
			  (f == AMBC_F_GIVEN || f == AMBC_F_FAMILY ||
			   f == AMBC_F_CITY || f == AMBC_F_POSTAL));
	}
	for (l = 0; l < AMBC_NLEVELS; l++)
	{
		CHECK(strcmp(ambc_fs_level_name(l), levels[l]) == 0);
		CHECK(ambc_fs_level_from_name(levels[l], strlen(levels[l])) == l);
	}
	CHECK(strcmp(ambc_fs_level_name(AMBC_L_MISSING), "missing") == 0);
	CHECK(ambc_fs_field_from_name("given", 5) == -1);
	CHECK(ambc_fs_field_from_name("given_names", 11) == -1);
	CHECK(ambc_fs_field_from_name("given_name", 9) == -1);
	CHECK(ambc_fs_field_from_name("", 0) == -1);
	CHECK(ambc_fs_level_from_name("Exact", 5) == -1);
	CHECK(ambc_fs_level_from_name("exact", 4) == -1);
	CHECK(ambc_fs_has_level(-1, 0) == false);
	CHECK(ambc_fs_has_level(AMBC_NFIELDS, 0) == false);
	CHECK(ambc_fs_has_level(0, -1) == false);
	CHECK(ambc_fs_field_name(-1) != NULL);
	CHECK(ambc_fs_field_name(AMBC_NFIELDS) != NULL);
	CHECK(ambc_fs_level_name(AMBC_NLEVELS + 1) != NULL);
}

/*
 * The default model: for each field m and u are distributions over its
 * levels (0 elsewhere, positive on each level), exact agreement weighs for
 * a match and disagreement against; the prior is in (0, 1).
 */
static void
test_default_model(void)
{
	ambc_fs_model m;
	int			f,
				l;

	memset(&m, 0xFF, sizeof(m));
	ambc_fs_default_model(&m);
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		double		sm = 0,
					su = 0;

		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			if (ambc_fs_has_level(f, l))
				CHECKF(m.m[f][l] > 0 && m.m[f][l] < 1 && m.u[f][l] > 0 &&
					   m.u[f][l] < 1, "%s %s", ambc_fs_field_name(f),
					   ambc_fs_level_name(l));
			else
				CHECK(m.m[f][l] == 0 && m.u[f][l] == 0);
			sm += m.m[f][l];
			su += m.u[f][l];
		}
		CHECKF(fabs(sm - 1) < 1e-9 && fabs(su - 1) < 1e-9, "%s: %g %g",
			   ambc_fs_field_name(f), sm, su);
		CHECK(m.m[f][AMBC_L_EXACT] > m.u[f][AMBC_L_EXACT]);
		CHECK(m.m[f][AMBC_L_DIFFERENT] < m.u[f][AMBC_L_DIFFERENT]);
	}
	CHECK(m.prior > 0 && m.prior < 1);
	CHECK(m.tf_floor > 0 && m.tf_floor < 1);
	CHECK(m.nicknames == NULL);
}

/* ------------------------------------------------------------------------
 * comparison levels
 * ------------------------------------------------------------------------
 */

static const level_case given_cases[] = {
	{AMBC_F_GIVEN, "john", "john", AMBC_L_EXACT},
	{AMBC_F_GIVEN, "jon", "john", AMBC_L_FUZZY},	/* JW 0.933 */
	{AMBC_F_GIVEN, "martinez", "martins", AMBC_L_FUZZY},	/* 0.9214 */
	{AMBC_F_GIVEN, "nicolas", "nikolas", AMBC_L_FUZZY},	/* 0.9238 */
	{AMBC_F_GIVEN, "mueller", "muller", AMBC_L_PARTIAL},	/* 0.9175 */
	{AMBC_F_GIVEN, "martinez", "marten", AMBC_L_PARTIAL},	/* 0.9167 */
	{AMBC_F_GIVEN, "michelle", "mueller", AMBC_L_PARTIAL},	/* 0.8018 */
	{AMBC_F_GIVEN, "jo", "john", AMBC_L_PARTIAL},	/* 0.8667 */
	{AMBC_F_GIVEN, "joanna", "johnson", AMBC_L_DIFFERENT},	/* 0.7968 */
	{AMBC_F_GIVEN, "bob", "robert", AMBC_L_DIFFERENT},	/* no table */
	{AMBC_F_GIVEN, "john", "jane", AMBC_L_DIFFERENT},
	{AMBC_F_GIVEN, "John", "john", AMBC_L_PARTIAL},	/* bytes, not case */
	/* a one-letter initial of the other name is partial */
	{AMBC_F_GIVEN, "j", "john", AMBC_L_PARTIAL},	/* JW 0.775 */
	{AMBC_F_GIVEN, "john", "j", AMBC_L_PARTIAL},
	{AMBC_F_GIVEN, "j", "jo", AMBC_L_PARTIAL},
	{AMBC_F_GIVEN, "j", "j", AMBC_L_EXACT},
	{AMBC_F_GIVEN, "j", "k", AMBC_L_DIFFERENT},
	{AMBC_F_GIVEN, "j", "mary", AMBC_L_DIFFERENT},
	{AMBC_F_GIVEN, "j", "ajohn", AMBC_L_DIFFERENT},
	{AMBC_F_GIVEN, "jo", "jonathanxyz", AMBC_L_DIFFERENT},	/* not one letter */
	{AMBC_F_GIVEN, "\xC3\xA9", "\xC3\xA9mile", AMBC_L_PARTIAL},	/* é, émile */
	{AMBC_F_GIVEN, "e", "\xC3\xA9mile", AMBC_L_DIFFERENT},
	{AMBC_F_GIVEN, "\xE7\x8E\x8B", "\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E",
	AMBC_L_PARTIAL},			/* 王 / 王小明 */
	/* missing */
	{AMBC_F_GIVEN, NULL, "john", AMBC_L_MISSING},
	{AMBC_F_GIVEN, "", "john", AMBC_L_MISSING},
	{AMBC_F_GIVEN, NULL, NULL, AMBC_L_MISSING},
	{AMBC_F_GIVEN, "", "", AMBC_L_MISSING},
};

static const level_case family_cases[] = {
	{AMBC_F_FAMILY, "smith", "smith", AMBC_L_EXACT},
	{AMBC_F_FAMILY, "smith", "smithe", AMBC_L_FUZZY},	/* 0.9667 */
	{AMBC_F_FAMILY, "lopez", "lopes", AMBC_L_FUZZY},	/* exactly 0.92 */
	{AMBC_F_FAMILY, "mueller", "muller", AMBC_L_PARTIAL},
	{AMBC_F_FAMILY, "smith", "smyth", AMBC_L_PARTIAL},	/* 0.8933 */
	{AMBC_F_FAMILY, "jean", "jensen", AMBC_L_PARTIAL},	/* exactly 0.80 */
	{AMBC_F_FAMILY, "joanna", "johnson", AMBC_L_DIFFERENT},
	/* no initials, no nicknames for family names */
	{AMBC_F_FAMILY, "j", "johnson", AMBC_L_DIFFERENT},
	{AMBC_F_FAMILY, "s", "smith", AMBC_L_DIFFERENT},
	{AMBC_F_FAMILY, "smith", NULL, AMBC_L_MISSING},
};

static const level_case birth_cases[] = {
	{AMBC_F_BIRTH, "19800307", "19800307", AMBC_L_EXACT},
	/* one edit */
	{AMBC_F_BIRTH, "19800307", "19800308", AMBC_L_FUZZY},
	{AMBC_F_BIRTH, "19800307", "19850307", AMBC_L_FUZZY},
	{AMBC_F_BIRTH, "19800307", "19800370", AMBC_L_FUZZY},	/* transposed */
	{AMBC_F_BIRTH, "19800307", "91800307", AMBC_L_FUZZY},
	{AMBC_F_BIRTH, "19800307", "1980037", AMBC_L_FUZZY},	/* deleted */
	{AMBC_F_BIRTH, "19800307", "198003071", AMBC_L_FUZZY},	/* inserted */
	/* day and month swapped */
	{AMBC_F_BIRTH, "19800307", "19800703", AMBC_L_FUZZY},
	{AMBC_F_BIRTH, "19801203", "19800312", AMBC_L_FUZZY},
	{AMBC_F_BIRTH, "19801203", "19810312", AMBC_L_DIFFERENT},	/* and year */
	/* two of year, month and day */
	{AMBC_F_BIRTH, "19800307", "19800315", AMBC_L_PARTIAL},	/* day */
	{AMBC_F_BIRTH, "19800307", "19801107", AMBC_L_PARTIAL},	/* month */
	{AMBC_F_BIRTH, "19800307", "19750307", AMBC_L_PARTIAL},	/* year */
	{AMBC_F_BIRTH, "19800307", "20010911", AMBC_L_DIFFERENT},
	{AMBC_F_BIRTH, "19800307", "19811215", AMBC_L_DIFFERENT},	/* none */
	{AMBC_F_BIRTH, "19800307", "20000307", AMBC_L_PARTIAL},	/* month, day */
	{AMBC_F_BIRTH, "1980", "19800307", AMBC_L_DIFFERENT},	/* not a date */
	{AMBC_F_BIRTH, "19800307", NULL, AMBC_L_MISSING},
	{AMBC_F_BIRTH, "", "19800307", AMBC_L_MISSING},
};

static const level_case contact_cases[] = {
	/* email */
	{AMBC_F_EMAIL, "bob@example.com", "bob@example.com", AMBC_L_EXACT},
	/* fuzzy: the same mailbox name at a domain one edit away */
	{AMBC_F_EMAIL, "bob@gmail.com", "bob@gmail.co", AMBC_L_FUZZY},
	{AMBC_F_EMAIL, "bob@gmail.com", "bob@gmial.com", AMBC_L_FUZZY},
	{AMBC_F_EMAIL, "bob@hotmail.com", "bob@hotmaill.com", AMBC_L_FUZZY},
	/* another provider, or a similar mailbox name, is different */
	{AMBC_F_EMAIL, "bob@gmail.com", "bob@yahoo.com", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bob@gmail.com", "bob@gmail.co.uk", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bobsmith@gmail.com", "bobsmyth@gmail.com",
	AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "karenking@hotmail.com", "karenking9@hotmail.com",
	AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bobsmith@gmail.com", "bobsmyth@yahoo.com",
	AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bob@gmail.com", "rob@gmail.com", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "mueller@x.de", "muller@x.de", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "martinez@x.es", "martins@x.es", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bob", "bob@x.com", AMBC_L_DIFFERENT},
	{AMBC_F_EMAIL, "bob@x.com", NULL, AMBC_L_MISSING},
	/* phone: one edit */
	{AMBC_F_PHONE, "+15125550100", "+15125550100", AMBC_L_EXACT},
	{AMBC_F_PHONE, "+15125550100", "+15125550101", AMBC_L_FUZZY},
	{AMBC_F_PHONE, "+15125550100", "+15125551000", AMBC_L_FUZZY},
	{AMBC_F_PHONE, "+15125550100", "+151255501000", AMBC_L_FUZZY},
	{AMBC_F_PHONE, "+15125550100", "+1512555010", AMBC_L_FUZZY},
	{AMBC_F_PHONE, "+15125550100", "+15125550111", AMBC_L_DIFFERENT},
	{AMBC_F_PHONE, "+15125550100", "+15125501001", AMBC_L_DIFFERENT},
	{AMBC_F_PHONE, NULL, "+15125550100", AMBC_L_MISSING},
	/* handle */
	{AMBC_F_HANDLE, "bobsmith_makes", "bobsmith_makes", AMBC_L_EXACT},
	/* handles have no similar level: made from names, like mailboxes */
	{AMBC_F_HANDLE, "bobsmith_makes", "bobsmith_make", AMBC_L_DIFFERENT},
	{AMBC_F_HANDLE, "lopez", "lopes", AMBC_L_DIFFERENT},
	{AMBC_F_HANDLE, "mueller", "muller", AMBC_L_DIFFERENT},
	{AMBC_F_HANDLE, "a", "ab", AMBC_L_DIFFERENT},
	{AMBC_F_HANDLE, "", "ab", AMBC_L_MISSING},
	/* city */
	{AMBC_F_CITY, "saint louis", "saint louis", AMBC_L_EXACT},
	{AMBC_F_CITY, "saint louis", "saint lois", AMBC_L_FUZZY},
	{AMBC_F_CITY, "austin", "boston", AMBC_L_DIFFERENT},
	{AMBC_F_CITY, "mueller", "muller", AMBC_L_DIFFERENT},
	{AMBC_F_CITY, NULL, "austin", AMBC_L_MISSING},
	/* postal code: one edit */
	{AMBC_F_POSTAL, "78701", "78701", AMBC_L_EXACT},
	{AMBC_F_POSTAL, "78701", "78702", AMBC_L_FUZZY},
	{AMBC_F_POSTAL, "78701", "87701", AMBC_L_FUZZY},
	{AMBC_F_POSTAL, "78701", "7870", AMBC_L_FUZZY},
	{AMBC_F_POSTAL, "78701", "78799", AMBC_L_DIFFERENT},
	{AMBC_F_POSTAL, "SW1A1AA", "SW1A1AB", AMBC_L_FUZZY},
	{AMBC_F_POSTAL, "78701", "", AMBC_L_MISSING},
	/* region: exact or not */
	{AMBC_F_REGION, "tx", "tx", AMBC_L_EXACT},
	{AMBC_F_REGION, "tx", "tz", AMBC_L_DIFFERENT},
	{AMBC_F_REGION, "tx", "TX", AMBC_L_DIFFERENT},
	{AMBC_F_REGION, "new south wales", "new south wale", AMBC_L_DIFFERENT},
	{AMBC_F_REGION, NULL, "tx", AMBC_L_MISSING},
};

/*
 * Street lines by the Dice coefficient of their character bigrams without
 * spaces.  "abcdefghijk" has 10 bigrams; a line of 11 letters sharing 9,
 * 8, 7, 6 or 5 of them has Dice 0.9, 0.8 (exactly the fuzzy threshold),
 * 0.7, 0.6 (exactly the partial threshold), 0.5.
 */
static const level_case address_cases[] = {
	{AMBC_F_ADDRESS, "12 main street", "12 main street", AMBC_L_EXACT},
	{AMBC_F_ADDRESS, "12 main street", "12mainstreet", AMBC_L_EXACT},
	{AMBC_F_ADDRESS, "12 pridham street", "12 pridhamstreet", AMBC_L_EXACT},
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefghijx", AMBC_L_FUZZY},	/* 0.9 */
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefghixy", AMBC_L_FUZZY},	/* 0.8 */
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefghxyz", AMBC_L_PARTIAL},	/* 0.7 */
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefgxyzw", AMBC_L_PARTIAL},	/* 0.6 */
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefxyzwv", AMBC_L_DIFFERENT},	/* 0.5 */
	{AMBC_F_ADDRESS, "abcdefghijk", "abcdefghijkl", AMBC_L_FUZZY},	/* 20/21 */
	/* swapped parts lose only the bigrams at their joins */
	{AMBC_F_ADDRESS, "hurley street lakes estate",
	"lakes estate hurley street", AMBC_L_FUZZY},	/* 42/44 */
	{AMBC_F_ADDRESS, "6 north avenue ashburton circuit",
	"6 ashburton circuit north avenue", AMBC_L_FUZZY},
	/* bigrams are a multiset */
	{AMBC_F_ADDRESS, "aaaa", "aa", AMBC_L_DIFFERENT},	/* 2/4 */
	{AMBC_F_ADDRESS, "a", "a", AMBC_L_EXACT},
	{AMBC_F_ADDRESS, "a", "b", AMBC_L_DIFFERENT},
	{AMBC_F_ADDRESS, "a", "ab", AMBC_L_DIFFERENT},
	{AMBC_F_ADDRESS, "a b", "ab", AMBC_L_EXACT},
	{AMBC_F_ADDRESS, "12 main street", "99 other road", AMBC_L_DIFFERENT},
	{AMBC_F_ADDRESS, NULL, "12 main street", AMBC_L_MISSING},
};

/* given names: the table of fsmodel.h, initials included */
static void
test_given_levels(void)
{
	check_levels(given_cases, LENGTHOF(given_cases));
}

/* family names: no nickname level, no initials */
static void
test_family_levels(void)
{
	check_levels(family_cases, LENGTHOF(family_cases));
}

/* birth dates: one edit, day and month swapped, two of three parts */
static void
test_birth_levels(void)
{
	check_levels(birth_cases, LENGTHOF(birth_cases));
}

/* email, phone, handle, city, postal code, region */
static void
test_contact_levels(void)
{
	check_levels(contact_cases, LENGTHOF(contact_cases));
	/* the mailbox-name rule records no similarity */
	{
		float		sim = 0;

		CHECK(level2(AMBC_F_EMAIL, "bob@gmail.com", "bob@gmial.com", NULL,
					 &sim) == AMBC_L_FUZZY && sim == -1);
	}
}

/* street lines: bigram Dice, exactly at and around both thresholds */
static void
test_address_levels(void)
{
	float		sim = 0;

	check_levels(address_cases, LENGTHOF(address_cases));
	CHECK(level2(AMBC_F_ADDRESS, "abcdefghijk", "abcdefghixy", NULL, &sim) ==
		  AMBC_L_FUZZY && fabs(sim - 0.8) < 1e-6);
	CHECK(level2(AMBC_F_ADDRESS, "abcdefghijk", "abcdefgxyzw", NULL, &sim) ==
		  AMBC_L_PARTIAL && fabs(sim - 0.6) < 1e-6);
	CHECK(level2(AMBC_F_ADDRESS, "hurley street lakes estate",
				 "lakes estate hurley street", NULL, &sim) == AMBC_L_FUZZY &&
		  fabs(sim - 42.0 / 44.0) < 1e-6);
	CHECK(level2(AMBC_F_ADDRESS, "aaaa", "aa", NULL, &sim) ==
		  AMBC_L_DIFFERENT && fabs(sim - 0.5) < 1e-6);
}

/*
 * Exactly on a Jaro-Winkler threshold: fsmodel.h says fuzzy is "JW >=
 * 0.92" and partial "JW >= 0.80", so a similarity equal to a threshold is
 * at that level.  Each pair below has, by the definition in jaro.c, a JW of
 * exactly 0.92 or 0.80:
 *	lopez/lopes	   m = 4, t = 0: jaro = 13/15, l = 4: 13/15 + 0.4 * 2/15 = 0.92
 *	john/jonathan  m = 4, t = 0: jaro = 3/4,   l = 3: 3/4 + 0.3 * 1/4 = 0.80
 *	jean/jensen	   m = 3, t = 0: jaro = 3/4,   l = 3: likewise 0.80
 *	robert/rupert  m = 4, t = 0: jaro = 7/9,   l = 1: 7/9 + 0.1 * 2/9 = 0.80
 *	barker/becker  m = 4, t = 0: jaro = 7/9,   l = 1: likewise 0.80
 * The last two come out of double arithmetic as 0.79999999999999993.
 */
static void
test_jw_thresholds_exact(void)
{
	static const level_case at[] = {
		{AMBC_F_GIVEN, "lopez", "lopes", AMBC_L_FUZZY},
		{AMBC_F_GIVEN, "john", "jonathan", AMBC_L_PARTIAL},
		{AMBC_F_FAMILY, "jean", "jensen", AMBC_L_PARTIAL},
		{AMBC_F_GIVEN, "robert", "rupert", AMBC_L_PARTIAL},
		{AMBC_F_FAMILY, "barker", "becker", AMBC_L_PARTIAL},
		{AMBC_F_HANDLE, "lopez", "lopes", AMBC_L_FUZZY},
		{AMBC_F_CITY, "lopez", "lopes", AMBC_L_FUZZY},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(at); i++)
	{
		int			l = level2(at[i].field, at[i].a, at[i].b, NULL, NULL);
		int			want = expected_level(at[i].field, at[i].level);

		CHECKF(l == want, "%s \"%s\" / \"%s\" (JW %.17g): %s, want %s",
			   ambc_fs_field_name(at[i].field), at[i].a, at[i].b,
			   jw_of(at[i].a, at[i].b), ambc_fs_level_name(l),
			   ambc_fs_level_name(want));
	}
}

/*
 * Crosswise names: "SMITH JOHN" against "John Smith" is taken as swapped
 * when that is strictly better by the sum of level ranks, and only when
 * both records have both names.
 */
static void
test_crosswise(void)
{
	static const struct
	{
		const char *ag,
				   *af,
				   *bg,
				   *bf;
		bool		swapped;
		int			given,
					family;
	}			cases[] = {
		{"john", "smith", "smith", "john", true, AMBC_L_EXACT, AMBC_L_EXACT},
		{"john", "smith", "smyth", "jon", true, AMBC_L_FUZZY,
		AMBC_L_PARTIAL},
		{"john", "smith", "john", "smith", false, AMBC_L_EXACT,
		AMBC_L_EXACT},
		{"john", "smith", "jon", "smith", false, AMBC_L_FUZZY,
		AMBC_L_EXACT},
		/* a tie is not swapped */
		{"john", "smith", "xavier", "yolanda", false, AMBC_L_DIFFERENT,
		AMBC_L_DIFFERENT},
		{"ann", "ann", "ann", "ann", false, AMBC_L_EXACT, AMBC_L_EXACT},
		{"ann", "lee", "lee", "ann", true, AMBC_L_EXACT, AMBC_L_EXACT},
		/* as good crosswise as straight: not swapped */
		{"lee", "lee", "lee", "ann", false, AMBC_L_EXACT, AMBC_L_DIFFERENT},
		/* a missing name: no crosswise comparison */
		{"john", "smith", "smith", NULL, false, AMBC_L_DIFFERENT,
		AMBC_L_MISSING},
		{"john", NULL, "smith", "john", false, AMBC_L_DIFFERENT,
		AMBC_L_MISSING},
		{"john", "smith", "", "john", false, AMBC_L_MISSING,
		AMBC_L_DIFFERENT},
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		const char *fa[AMBC_NFIELDS] = {cases[i].ag, cases[i].af};
		const char *fb[AMBC_NFIELDS] = {cases[i].bg, cases[i].bf};
		trec		ta,
					tb;
		ambc_fs_cmp c;

		trec_set(&ta, fa);
		trec_set(&tb, fb);
		ambc_fs_compare(&ta.r, &tb.r, NULL, &c);
		CHECKF(c.swapped == cases[i].swapped &&
			   c.level[AMBC_F_GIVEN] == cases[i].given &&
			   c.level[AMBC_F_FAMILY] == cases[i].family,
			   "case %zu: %s %s %s", i, c.swapped ? "swapped" : "straight",
			   ambc_fs_level_name(c.level[AMBC_F_GIVEN]),
			   ambc_fs_level_name(c.level[AMBC_F_FAMILY]));
		trec_free(&ta);
		trec_free(&tb);
	}
}

/* values of each field for random records */
static const char *const pool[AMBC_NFIELDS][8] = {
	{"john", "jon", "j", "bob", "robert", "mary", NULL, ""},
	{"smith", "smyth", "johnson", "jones", "j", "mary", NULL, "lee"},
	{"19800307", "19800703", "19800308", "19810307", "1980", NULL, "",
	"19800315"},
	{"bob@gmail.com", "bob@yahoo.com", "bobsmith@gmail.com",
	"bobsmyth@gmail.com", "x", NULL, "", "rob@gmail.com"},
	{"+15125550100", "+15125550101", "+15125551000", "+4420", NULL, "",
	"+15125550111", "+1"},
	{"bobsmith", "bobsmyth", "bob", "x", NULL, "", "lopez", "lopes"},
	{"12 main street", "12mainstreet", "12 main road", "abcdefghijk",
	"abcdefghixy", NULL, "", "a"},
	{"saint louis", "saint lois", "austin", "boston", NULL, "", "a", "ab"},
	{"78701", "78702", "87701", "7870", NULL, "", "SW1A1AA", "78799"},
	{"tx", "ca", "TX", NULL, "", "tx", "ny", "new york"},
};

/*
 * random_trec
 *		A record of values from the pool.
 */
static void
random_trec(uint32_t *seed, trec *t)
{
	const char *f[AMBC_NFIELDS];
	int			i;

	for (i = 0; i < AMBC_NFIELDS; i++)
	{
		*seed = *seed * 1103515245u + 12345u;
		f[i] = pool[i][(*seed >> 8) % 8];
	}
	trec_set(t, f);
}

/*
 * Symmetry: comparing b with a gives what comparing a with b gives for
 * every field, the names included (crosswise or not); every level is one its
 * field has, or missing, and a fuzzy or partial similarity is in [0, 1].
 */
static void
test_symmetry(void)
{
	uint32_t	seed = 99;
	int			iter;
	int			straight = 0;
	int			crosswise = 0;
	int			bad = 0;

	for (iter = 0; iter < 20000; iter++)
	{
		trec		ta,
					tb;
		ambc_fs_cmp ab,
					ba;
		int			f;
		int			ok = 1;

		random_trec(&seed, &ta);
		random_trec(&seed, &tb);
		ambc_fs_compare(&ta.r, &tb.r, NULL, &ab);
		ambc_fs_compare(&tb.r, &ta.r, NULL, &ba);
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			int			names = (f == AMBC_F_GIVEN || f == AMBC_F_FAMILY);

			if (!(ab.level[f] == AMBC_L_MISSING ||
				  ambc_fs_has_level(f, ab.level[f])))
				ok = 0;
			if ((ab.level[f] == AMBC_L_FUZZY ||
				 ab.level[f] == AMBC_L_PARTIAL) &&
				ab.sim[f] != -1 && !(ab.sim[f] >= 0 && ab.sim[f] <= 1))
				ok = 0;
			(void) names;
			/* names too: the crosswise choice does not depend on order */
			if (ab.level[f] != ba.level[f] || ab.sim[f] != ba.sim[f])
				ok = 0;
		}
		/* cross 1 of (a, b) is cross 2 of (b, a) */
		if (ab.swapped != ba.swapped ||
			(ab.cross != 0 && ab.cross + ba.cross != 3))
			ok = 0;
		if (ab.swapped || ba.swapped)
			crosswise++;
		else
			straight++;
		CHECKF(ok, "iteration %d", iter);
		if (!ok)
			bad++;
		trec_free(&ta);
		trec_free(&tb);
	}
	CHECK(bad == 0);
	CHECK(straight > 10000 && crosswise > 500);
}

/*
 * The match probability of two records does not depend on which is
 * passed first.  With crosswise names it does: for a = "j smith" and b =
 * "smith johnson", comparing a with b pairs "j" with "johnson" as given
 * names (partial: an initial) and "smith" with "smith" (exact), while b
 * with a pairs "smith" with "smith" as given names and "johnson" with "j"
 * as family names (different, for family names have no initials).
 */
static void
test_crosswise_symmetry(void)
{
	static const char *const pairs[][4] = {
		{"j", "smith", "smith", "johnson"},
		{"john", "smith", "smith", "jon"},
		{"bob", "smith", "smith", "robert"},
		{"ann", "lee", "lee", "ann"},
	};
	ambc_fs_nicknames nk;
	uint64_t	hn[1];
	uint64_t	hf[1];
	ambc_fs_model model;
	size_t		i;

	hn[0] = ambc_fs_name_hash("bob", 3);
	hf[0] = ambc_fs_name_hash("robert", 6);
	nk.nick = hn;
	nk.name = hf;
	nk.n = 1;
	ambc_fs_default_model(&model);
	for (i = 0; i < LENGTHOF(pairs); i++)
	{
		const char *fa[AMBC_NFIELDS] = {pairs[i][0], pairs[i][1]};
		const char *fb[AMBC_NFIELDS] = {pairs[i][2], pairs[i][3]};
		trec		ta,
					tb;
		ambc_fs_cmp ab,
					ba;
		double		pab,
					pba;

		trec_set(&ta, fa);
		trec_set(&tb, fb);
		ambc_fs_compare(&ta.r, &tb.r, &nk, &ab);
		ambc_fs_compare(&tb.r, &ta.r, &nk, &ba);
		pab = ambc_fs_score_pair(&model, &ta.r, &tb.r, &ab, NULL);
		pba = ambc_fs_score_pair(&model, &tb.r, &ta.r, &ba, NULL);
		CHECKF(ab.swapped == ba.swapped && fabs(pab - pba) <= 1e-12 * pab,
			   "\"%s %s\" / \"%s %s\": %s %s/%s p=%g, reversed %s %s/%s p=%g",
			   pairs[i][0], pairs[i][1], pairs[i][2], pairs[i][3],
			   ab.swapped ? "crosswise" : "straight",
			   ambc_fs_level_name(ab.level[0]),
			   ambc_fs_level_name(ab.level[1]), pab,
			   ba.swapped ? "crosswise" : "straight",
			   ambc_fs_level_name(ba.level[0]),
			   ambc_fs_level_name(ba.level[1]), pba);
		trec_free(&ta);
		trec_free(&tb);
	}
}

/*
 * Malformed UTF-8: ambc_fs_compare is total, bytes that are equal are
 * exact, and fsmodel.h says malformed text "compares by bytes and is never
 * fuzzy".
 */
static void
test_malformed(void)
{
	static const level_case cases[] = {
		{AMBC_F_GIVEN, "smith\xFF", "smith\xFE", AMBC_L_DIFFERENT},
		{AMBC_F_GIVEN, "smith\xFF", "smith", AMBC_L_DIFFERENT},
		{AMBC_F_FAMILY, "\xC3" "abcdef", "\xC3" "abcdeg", AMBC_L_DIFFERENT},
		{AMBC_F_BIRTH, "1980030\xFF", "19800307", AMBC_L_DIFFERENT},
		{AMBC_F_EMAIL, "bobsmith\xFF@x.com", "bobsmith\xFE@x.com",
		AMBC_L_DIFFERENT},
		{AMBC_F_PHONE, "+1512555010\xFF", "+15125550100", AMBC_L_DIFFERENT},
		{AMBC_F_HANDLE, "bobsmith\xED\xA0\x80", "bobsmith",
		AMBC_L_DIFFERENT},
		{AMBC_F_ADDRESS, "12 main street\xFF", "12 main street",
		AMBC_L_DIFFERENT},
		{AMBC_F_CITY, "saint louis\xC0\x80", "saint louis", AMBC_L_DIFFERENT},
		{AMBC_F_POSTAL, "7870\xFF", "78701", AMBC_L_DIFFERENT},
	};
	size_t		i;
	int			f;

	/*
	 * Normalized fields are never malformed; the header promises only that
	 * such bytes are compared byte by byte: totally, symmetrically, and as
	 * a field of the same bytes in well-formed Latin-1-like text would be
	 * (each bad byte one character).
	 */
	for (i = 0; i < LENGTHOF(cases); i++)
	{
		int			l = level2(cases[i].field, cases[i].a, cases[i].b, NULL,
							   NULL);
		int			r = level2(cases[i].field, cases[i].b, cases[i].a, NULL,
							   NULL);

		CHECKF(l == r && l != AMBC_L_EXACT && l != AMBC_L_MISSING &&
			   (l == AMBC_L_MISSING || ambc_fs_has_level(cases[i].field, l) ||
				l == AMBC_L_NICKNAME),
			   "%s \"%s\" / \"%s\": %s / %s",
			   ambc_fs_field_name(cases[i].field), cases[i].a, cases[i].b,
			   ambc_fs_level_name(l), ambc_fs_level_name(r));
	}
	/* equal malformed bytes are equal */
	for (f = 0; f < AMBC_NFIELDS; f++)
		CHECKF(level2(f, "\xFF\xC3", "\xFF\xC3", NULL, NULL) == AMBC_L_EXACT,
			   "%s", ambc_fs_field_name(f));
}

/*
 * Every byte value as a whole field, against itself and against 'a': the
 * comparison is total and symmetric, and equal bytes are exact.
 */
static void
test_every_byte(void)
{
	int			c;

	for (c = 0; c < 256; c++)
	{
		int			f;
		char		s[2] = {(char) c, 0};
		size_t		lens[AMBC_NFIELDS];
		const char *fa[AMBC_NFIELDS];
		const char *fb[AMBC_NFIELDS];
		trec		ta,
					tb;
		ambc_fs_cmp ab,
					ba;

		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			fa[f] = s;
			fb[f] = "a";
			lens[f] = 1;
		}
		trec_set_n(&ta, fa, lens);
		trec_set_n(&tb, fb, lens);
		ambc_fs_compare(&ta.r, &ta.r, NULL, &ab);
		for (f = 0; f < AMBC_NFIELDS; f++)
			CHECKF(ab.level[f] == AMBC_L_EXACT, "byte 0x%02X %s", c,
				   ambc_fs_field_name(f));
		CHECK(!ab.swapped);
		ambc_fs_compare(&ta.r, &tb.r, NULL, &ab);
		ambc_fs_compare(&tb.r, &ta.r, NULL, &ba);
		for (f = 0; f < AMBC_NFIELDS; f++)
			if (c >= 0x80)
				CHECKF(ab.level[f] == ba.level[f] &&
					   ab.level[f] != AMBC_L_EXACT, "byte 0x%02X, %s", c,
					   ambc_fs_field_name(f));
			else
			CHECKF(ab.level[f] == ba.level[f] &&
				   ab.level[f] == (c == 'a' ? AMBC_L_EXACT :
								   f == AMBC_F_PHONE || f == AMBC_F_POSTAL ||
								   f == AMBC_F_BIRTH ? AMBC_L_FUZZY :
								   AMBC_L_DIFFERENT),
				   "byte 0x%02X against a, %s: %s", c, ambc_fs_field_name(f),
				   ambc_fs_level_name(ab.level[f]));
		trec_free(&ta);
		trec_free(&tb);
	}
}

/*
 * Long fields: the comparisons look at the first AMBC_FS_FIELD_MAX_CP code
 * points, so two values equal that far but different after are fuzzy with
 * similarity 1, never exact; megabyte fields take bounded time.
 */
static void
test_long_fields(void)
{
	size_t		size = 1024 * 1024;
	char	   *a = malloc(size);
	char	   *b = malloc(size);
	size_t		lens[AMBC_NFIELDS];
	const char *fa[AMBC_NFIELDS];
	const char *fb[AMBC_NFIELDS];
	trec		ta,
				tb;
	ambc_fs_cmp c;
	int			f;
	clock_t		t0;

	CHECK(a != NULL && b != NULL);
	if (a == NULL || b == NULL)
	{
		free(a);
		free(b);
		return;
	}
	memset(a, 'a', size);
	memset(b, 'a', size);
	b[size - 1] = 'b';
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		fa[f] = a;
		fb[f] = b;
		lens[f] = AMBC_FS_FIELD_MAX_CP + 1;
	}
	b[AMBC_FS_FIELD_MAX_CP] = 'b';
	trec_set_n(&ta, fa, lens);
	trec_set_n(&tb, fb, lens);
	ambc_fs_compare(&ta.r, &tb.r, NULL, &c);
	CHECK(c.level[AMBC_F_GIVEN] == AMBC_L_FUZZY &&
		  c.sim[AMBC_F_GIVEN] == 1.0f);
	CHECK(c.level[AMBC_F_CITY] == AMBC_L_FUZZY);
	CHECK(c.level[AMBC_F_PHONE] == AMBC_L_EXACT ||
		  c.level[AMBC_F_PHONE] == AMBC_L_FUZZY);
	CHECK(c.level[AMBC_F_REGION] == AMBC_L_DIFFERENT);
	trec_free(&ta);
	trec_free(&tb);

	for (f = 0; f < AMBC_NFIELDS; f++)
		lens[f] = size;
	trec_set_n(&ta, fa, lens);
	trec_set_n(&tb, fb, lens);
	t0 = clock();
	ambc_fs_compare(&ta.r, &tb.r, NULL, &c);
	ambc_fs_compare(&ta.r, &ta.r, NULL, &c);
	CHECK((double) (clock() - t0) / CLOCKS_PER_SEC < 2.0);
	for (f = 0; f < AMBC_NFIELDS; f++)
		CHECK(c.level[f] == AMBC_L_EXACT);
	trec_free(&ta);
	trec_free(&tb);
	free(a);
	free(b);
}

/* ------------------------------------------------------------------------
 * nicknames
 * ------------------------------------------------------------------------
 */

typedef struct nick_pair
{
	uint64_t	nick;
	uint64_t	name;
} nick_pair;

static int
nick_pair_cmp(const void *x, const void *y)
{
	const nick_pair *a = x;
	const nick_pair *b = y;

	if (a->nick != b->nick)
		return a->nick < b->nick ? -1 : 1;
	return (a->name > b->name) - (a->name < b->name);
}

/*
 * build_nicknames
 *		A table from (nick, name) text pairs, sorted as fsmodel.h says: by
 *		nick then name, on their hashes.  nicks and names hold n entries.
 */
static void
build_nicknames(const char *const (*pairs)[2], size_t n, uint64_t *nicks,
				uint64_t *names, ambc_fs_nicknames *nk)
{
	nick_pair  *v = malloc((n ? n : 1) * sizeof(nick_pair));
	size_t		i;

	CHECK(v != NULL);
	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
	{
		v[i].nick = ambc_fs_name_hash(pairs[i][0], strlen(pairs[i][0]));
		v[i].name = ambc_fs_name_hash(pairs[i][1], strlen(pairs[i][1]));
	}
	qsort(v, n, sizeof(nick_pair), nick_pair_cmp);
	for (i = 0; i < n; i++)
	{
		nicks[i] = v[i].nick;
		names[i] = v[i].name;
	}
	nk->nick = nicks;
	nk->name = names;
	nk->n = n;
	free(v);
}

static const char *const nick_table[][2] = {
	{"bob", "robert"}, {"rob", "robert"}, {"bobby", "robert"},
	{"robbie", "robert"}, {"bobbie", "robert"}, {"bobbie", "roberta"},
	{"bill", "william"}, {"will", "william"}, {"billy", "william"},
	{"liz", "elizabeth"}, {"beth", "elizabeth"}, {"betty", "elizabeth"},
	{"peggy", "margaret"}, {"maggie", "margaret"}, {"meg", "margaret"},
};

/*
 * Nicknames: a nickname and its name, both ways; two nicknames of one
 * name; a name is its own group; groups meet only through a name they
 * share (not a chain); no table means only equal names match.
 */
static void
test_nicknames(void)
{
	uint64_t	nicks[LENGTHOF(nick_table)];
	uint64_t	names[LENGTHOF(nick_table)];
	ambc_fs_nicknames nk;
	ambc_fs_nicknames empty = {NULL, NULL, 0};
	static const struct
	{
		const char *a;
		const char *b;
		bool		match;
	}			cases[] = {
		{"bob", "robert", true},
		{"robert", "bob", true},
		{"bob", "rob", true},		/* two nicknames of one name */
		{"rob", "bobby", true},
		{"liz", "beth", true},
		{"betty", "elizabeth", true},
		{"peggy", "meg", true},
		{"bobbie", "roberta", true},
		{"bobbie", "rob", true},	/* through robert */
		{"roberta", "rob", false},	/* no common name */
		{"roberta", "robert", false},
		{"bob", "bill", false},
		{"bob", "william", false},
		{"elizabeth", "margaret", false},
		{"zed", "zed", true},		/* a name is its own group */
		{"zed", "zak", false},
		{"bob", "bob", true},
		{"Bob", "robert", false},	/* hashes of the lower-case names */
		{"", "", true},
		{"", "bob", false},
	};
	size_t		i;

	build_nicknames(nick_table, LENGTHOF(nick_table), nicks, names, &nk);
	for (i = 0; i < LENGTHOF(cases); i++)
	{
		CHECKF(ambc_fs_nickname_match(&nk, cases[i].a, strlen(cases[i].a),
									  cases[i].b, strlen(cases[i].b)) ==
			   cases[i].match, "\"%s\" / \"%s\"", cases[i].a, cases[i].b);
		CHECKF(ambc_fs_nickname_match(&nk, cases[i].b, strlen(cases[i].b),
									  cases[i].a, strlen(cases[i].a)) ==
			   cases[i].match, "\"%s\" / \"%s\"", cases[i].b, cases[i].a);
		/* without a table, only equal names */
		CHECK(ambc_fs_nickname_match(NULL, cases[i].a, strlen(cases[i].a),
									 cases[i].b, strlen(cases[i].b)) ==
			  (strcmp(cases[i].a, cases[i].b) == 0));
		CHECK(ambc_fs_nickname_match(&empty, cases[i].a, strlen(cases[i].a),
									 cases[i].b, strlen(cases[i].b)) ==
			  (strcmp(cases[i].a, cases[i].b) == 0));
	}

	/* the hash is XXH3 of the bytes: stable, and length-aware */
	CHECK(ambc_fs_name_hash("bob", 3) == ambc_fs_name_hash("bobby", 3));
	CHECK(ambc_fs_name_hash("bob", 3) != ambc_fs_name_hash("bob", 2));
	CHECK(ambc_fs_name_hash("bob", 3) != ambc_fs_name_hash("rob", 3));

	/* the nickname level, in given names only, crosswise too */
	{
		float		sim;

		CHECK(level2(AMBC_F_GIVEN, "bob", "robert", &nk, &sim) ==
			  AMBC_L_NICKNAME);
		CHECK(level2(AMBC_F_GIVEN, "bob", "rob", &nk, &sim) ==
			  AMBC_L_NICKNAME);
		CHECK(level2(AMBC_F_GIVEN, "bob", "robert", NULL, &sim) ==
			  AMBC_L_DIFFERENT);
		CHECK(level2(AMBC_F_GIVEN, "bob", "bob", &nk, &sim) ==
			  AMBC_L_EXACT);
		/* the table comes before the spelling */
		CHECK(level2(AMBC_F_GIVEN, "robbie", "robert", &nk, &sim) ==
			  AMBC_L_NICKNAME);
		CHECK(level2(AMBC_F_FAMILY, "bob", "robert", &nk, &sim) ==
			  AMBC_L_DIFFERENT);
	}
	{
		const char *fa[AMBC_NFIELDS] = {"bob", "smith"};
		const char *fb[AMBC_NFIELDS] = {"smith", "robert"};
		trec		ta,
					tb;
		ambc_fs_cmp c;

		trec_set(&ta, fa);
		trec_set(&tb, fb);
		ambc_fs_compare(&ta.r, &tb.r, &nk, &c);
		CHECK(c.swapped && c.level[AMBC_F_GIVEN] == AMBC_L_NICKNAME &&
			  c.level[AMBC_F_FAMILY] == AMBC_L_EXACT);
		trec_free(&ta);
		trec_free(&tb);
	}
}

/*
 * A bigger table of made-up names against a direct search of the pairs:
 * the binary search finds every group, whatever the hash order.
 */
static void
test_nickname_table_search(void)
{
	enum
	{
		NNAMES = 200, NPAIRS = 600
	};
	static char text[NNAMES][16];
	static const char *pairs[NPAIRS][2];
	static int	pi[NPAIRS][2];
	static uint64_t nicks[NPAIRS];
	static uint64_t names[NPAIRS];
	ambc_fs_nicknames nk;
	uint32_t	seed = 5;
	int			i,
				a,
				b;
	int			matches = 0;
	int			bad = 0;

	for (i = 0; i < NNAMES; i++)
		snprintf(text[i], sizeof(text[i]), "name%d", i);
	for (i = 0; i < NPAIRS; i++)
	{
		seed = seed * 1103515245u + 12345u;
		pi[i][0] = (int) ((seed >> 8) % NNAMES);
		seed = seed * 1103515245u + 12345u;
		pi[i][1] = (int) ((seed >> 8) % (NNAMES / 4));	/* few formal names */
		pairs[i][0] = text[pi[i][0]];
		pairs[i][1] = text[pi[i][1]];
	}
	build_nicknames(pairs, NPAIRS, nicks, names, &nk);
	for (i = 1; i < NPAIRS; i++)
		CHECK(nicks[i - 1] < nicks[i] ||
			  (nicks[i - 1] == nicks[i] && names[i - 1] <= names[i]));
	for (a = 0; a < NNAMES; a++)
		for (b = 0; b < NNAMES; b++)
		{
			/* groups: {x} and every name x is a nickname of */
			int			want = (a == b);
			int			p,
						q;

			for (p = 0; p < NPAIRS && !want; p++)
			{
				if (pi[p][0] == a && pi[p][1] == b)
					want = 1;
				if (pi[p][0] == b && pi[p][1] == a)
					want = 1;
				if (pi[p][0] != a)
					continue;
				for (q = 0; q < NPAIRS && !want; q++)
					if (pi[q][0] == b && pi[q][1] == pi[p][1])
						want = 1;
			}
			if (ambc_fs_nickname_match(&nk, text[a], strlen(text[a]),
									   text[b], strlen(text[b])) != want)
				bad++;
			matches += want;
		}
	CHECKF(bad == 0, "%d disagreements", bad);
	CHECK(matches > 2 * NNAMES);
}

/* ------------------------------------------------------------------------
 * scores
 * ------------------------------------------------------------------------
 */

/*
 * Scores: each weight is log2(m/u) of the field's level, a missing field
 * weighs 0, the prior weight is log2(p0/(1 - p0)), the total is their sum
 * and the probability 1/(1 + 2^-total), which is also the return value.
 */
static void
test_score_weights(void)
{
	ambc_fs_model model;
	uint32_t	seed = 3;
	int			iter;

	ambc_fs_default_model(&model);
	for (iter = 0; iter < 2000; iter++)
	{
		trec		ta,
					tb;
		ambc_fs_cmp c;
		ambc_fs_score d;
		double		p;
		double		total;
		int			f;
		int			ok = 1;

		random_trec(&seed, &ta);
		random_trec(&seed, &tb);
		ambc_fs_compare(&ta.r, &tb.r, NULL, &c);
		memset(&d, 0xFF, sizeof(d));
		p = ambc_fs_score_pair(&model, &ta.r, &tb.r, &c, &d);
		total = log2(model.prior / (1 - model.prior));
		if (fabs(d.prior_weight - total) > 1e-9)
			ok = 0;
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			int			l = c.level[f];
			double		w = l == AMBC_L_MISSING ? 0 :
				log2(model.m[f][l] / model.u[f][l]);

			if (fabs(d.weight[f] - w) > 1e-9 || d.tf_adjust[f] != 0)
				ok = 0;
			total += w;
		}
		if (fabs(d.total - total) > 1e-9 ||
			fabs(d.probability - 1 / (1 + exp2(-total))) > 1e-12 ||
			p != d.probability || !(p >= 0 && p <= 1))
			ok = 0;
		/* no detail: the same probability */
		if (ambc_fs_score_pair(&model, &ta.r, &tb.r, &c, NULL) != p)
			ok = 0;
		CHECKF(ok, "iteration %d", iter);
		trec_free(&ta);
		trec_free(&tb);
	}

	/* nothing compared: the prior */
	{
		ambc_fs_cmp c;
		ambc_fs_rec r;
		ambc_fs_score d;
		int			f;

		memset(&r, 0, sizeof(r));
		for (f = 0; f < AMBC_NFIELDS; f++)
			c.level[f] = AMBC_L_MISSING;
		c.swapped = false;
		CHECK(fabs(ambc_fs_score_pair(&model, &r, &r, &c, &d) - model.prior) <
			  1e-12 * model.prior);
		for (f = 0; f < AMBC_NFIELDS; f++)
			CHECK(d.weight[f] == 0 && d.tf_adjust[f] == 0);
		CHECK(d.total == d.prior_weight);

		/* everything exact: near 1; everything different: near 0 */
		for (f = 0; f < AMBC_NFIELDS; f++)
			c.level[f] = AMBC_L_EXACT;
		CHECK(ambc_fs_score_pair(&model, &r, &r, &c, NULL) > 0.999999);
		for (f = 0; f < AMBC_NFIELDS; f++)
			c.level[f] = AMBC_L_DIFFERENT;
		CHECK(ambc_fs_score_pair(&model, &r, &r, &c, NULL) < 1e-9);
	}
}

/*
 * The worked example of fsmodel.c: "Robert Smith" with
 * bob.smith+etsy@gmail.com against "SMITH, Bob" with bobsmith@gmail.com
 * (both normalized), no birth date on one side, with "bob" a nickname of
 * "robert": W = 11.97, P = 0.99975.
 */
static void
test_worked_example(void)
{
	const char *fa[AMBC_NFIELDS] = {"robert", "smith", "19800307",
	"bobsmith@gmail.com"};
	const char *fb[AMBC_NFIELDS] = {"bob", "smith", NULL,
	"bobsmith@gmail.com"};
	static const char *const pairs[][2] = {{"bob", "robert"}};
	uint64_t	nicks[1];
	uint64_t	names[1];
	ambc_fs_nicknames nk;
	ambc_fs_model model;
	trec		ta,
				tb;
	ambc_fs_cmp c;
	ambc_fs_score d;
	double		p;

	build_nicknames(pairs, 1, nicks, names, &nk);
	ambc_fs_default_model(&model);
	model.nicknames = &nk;
	trec_set(&ta, fa);
	trec_set(&tb, fb);
	ambc_fs_compare(&ta.r, &tb.r, model.nicknames, &c);
	p = ambc_fs_score_pair(&model, &ta.r, &tb.r, &c, &d);
	CHECK(c.level[AMBC_F_GIVEN] == AMBC_L_NICKNAME &&
		  c.level[AMBC_F_FAMILY] == AMBC_L_EXACT &&
		  c.level[AMBC_F_BIRTH] == AMBC_L_MISSING &&
		  c.level[AMBC_F_EMAIL] == AMBC_L_EXACT && !c.swapped);
	CHECKF(fabs(d.weight[AMBC_F_GIVEN] - 4.06) < 0.01 &&
		   fabs(d.weight[AMBC_F_FAMILY] - 8.15) < 0.01 &&
		   fabs(d.weight[AMBC_F_EMAIL] - 16.38) < 0.01 &&
		   fabs(d.prior_weight + 16.61) < 0.01 &&
		   fabs(d.total - 11.97) < 0.01, "total %g", d.total);
	CHECKF(fabs(p - 0.99975) < 0.00001 &&
		   fabs(p - 1 / (1 + exp2(-d.total))) < 1e-15, "p %.6f", p);
	trec_free(&ta);
	trec_free(&tb);
}

/*
 * Term frequencies: an exact agreement on given or family name, city or
 * postal code is worth log2(m / tf) when both records' frequencies are
 * known (the larger of the two, at least tf_floor); nothing changes for
 * other levels, other fields, or an unknown frequency; crosswise names use
 * the frequencies of the values compared.
 */
static void
test_term_frequency(void)
{
	ambc_fs_model model;
	int			f;

	ambc_fs_default_model(&model);
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		ambc_fs_rec a,
					b;
		ambc_fs_cmp c;
		ambc_fs_score d;
		int			g;
		double		base = log2(model.m[f][AMBC_L_EXACT] /
								model.u[f][AMBC_L_EXACT]);

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		for (g = 0; g < AMBC_NFIELDS; g++)
			c.level[g] = AMBC_L_MISSING;
		c.swapped = false;
		c.level[f] = AMBC_L_EXACT;
		a.tf[f] = 0.01f;
		b.tf[f] = 0.02f;
		ambc_fs_score_pair(&model, &a, &b, &c, &d);
		if (ambc_fs_tf_field(f))
			CHECKF(fabs(d.weight[f] -
						log2(model.m[f][AMBC_L_EXACT] / (double) 0.02f)) <
				   1e-9 &&
				   fabs(d.tf_adjust[f] -
						log2(model.u[f][AMBC_L_EXACT] / (double) 0.02f)) <
				   1e-9, "%s: %g", ambc_fs_field_name(f), d.weight[f]);
		else
			CHECKF(d.tf_adjust[f] == 0 && fabs(d.weight[f] - base) < 1e-12,
				   "%s adjusted", ambc_fs_field_name(f));

		/* one frequency unknown */
		b.tf[f] = 0;
		ambc_fs_score_pair(&model, &a, &b, &c, &d);
		CHECK(d.tf_adjust[f] == 0 && fabs(d.weight[f] - base) < 1e-12);
		a.tf[f] = 0;
		b.tf[f] = 0.5f;
		ambc_fs_score_pair(&model, &a, &b, &c, &d);
		CHECK(d.tf_adjust[f] == 0 && fabs(d.weight[f] - base) < 1e-12);

		/* not exact */
		a.tf[f] = 0.01f;
		b.tf[f] = 0.02f;
		for (g = 1; g < AMBC_NLEVELS; g++)
		{
			if (!ambc_fs_has_level(f, g))
				continue;
			c.level[f] = (uint8_t) g;
			ambc_fs_score_pair(&model, &a, &b, &c, &d);
			CHECK(d.tf_adjust[f] == 0 &&
				  fabs(d.weight[f] - log2(model.m[f][g] / model.u[f][g])) <
				  1e-12);
		}

		/* below the floor */
		c.level[f] = AMBC_L_EXACT;
		a.tf[f] = 1e-9f;
		b.tf[f] = 1e-9f;
		ambc_fs_score_pair(&model, &a, &b, &c, &d);
		if (ambc_fs_tf_field(f))
			CHECK(fabs(d.weight[f] -
					   log2(model.m[f][AMBC_L_EXACT] / model.tf_floor)) <
				  1e-9);
		model.tf_floor = 1e-3;
		ambc_fs_score_pair(&model, &a, &b, &c, &d);
		if (ambc_fs_tf_field(f))
			CHECK(fabs(d.weight[f] - log2(model.m[f][AMBC_L_EXACT] / 1e-3)) <
				  1e-9);
		model.tf_floor = 1e-6;
		CHECK(fabs(d.total - d.prior_weight - d.weight[f]) < 1e-9);
	}

	/* crosswise: given against family */
	{
		const char *fa[AMBC_NFIELDS] = {"john", "smith"};
		const char *fb[AMBC_NFIELDS] = {"smith", "john"};
		trec		ta,
					tb;
		ambc_fs_cmp c;
		ambc_fs_score d;

		trec_set(&ta, fa);
		trec_set(&tb, fb);
		ta.r.tf[AMBC_F_GIVEN] = 0.01f;	/* john */
		ta.r.tf[AMBC_F_FAMILY] = 0.001f;	/* smith */
		tb.r.tf[AMBC_F_GIVEN] = 0.002f;	/* smith */
		tb.r.tf[AMBC_F_FAMILY] = 0.02f;	/* john */
		ambc_fs_compare(&ta.r, &tb.r, NULL, &c);
		ambc_fs_score_pair(&model, &ta.r, &tb.r, &c, &d);
		CHECK(c.swapped);
		CHECK(fabs(d.weight[AMBC_F_GIVEN] -
				   log2(model.m[AMBC_F_GIVEN][0] / (double) 0.02f)) < 1e-9);
		CHECK(fabs(d.weight[AMBC_F_FAMILY] -
				   log2(model.m[AMBC_F_FAMILY][0] / (double) 0.002f)) < 1e-9);
		trec_free(&ta);
		trec_free(&tb);
	}
}

/*
 * Scores are total: for any levels, any probabilities in [0, 1] (zeros
 * included) and any prior, the probability is finite and in [0, 1] and
 * every weight finite.
 */
static void
test_score_bounds(void)
{
	static const double priors[] = {1e-5, 0.5, 0, 1, 1e-300, 1 - 1e-17,
	-1, 2};
	uint32_t	seed = 17;
	int			iter;
	int			bad = 0;

	for (iter = 0; iter < 20000; iter++)
	{
		ambc_fs_model model;
		ambc_fs_cmp c;
		ambc_fs_rec a,
					b;
		ambc_fs_score d;
		double		p;
		int			f,
					l;

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		ambc_fs_default_model(&model);
		model.prior = priors[iter % LENGTHOF(priors)];
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				seed = seed * 1103515245u + 12345u;
				if (iter % 3 == 0)
					model.m[f][l] = ((seed >> 8) % 5 == 0) ? 0 :
						((seed >> 8) % 1000) / 999.0;
				seed = seed * 1103515245u + 12345u;
				if (iter % 3 == 0)
					model.u[f][l] = ((seed >> 8) % 5 == 0) ? 0 :
						((seed >> 8) % 1000) / 999.0;
			}
			seed = seed * 1103515245u + 12345u;
			c.level[f] = (uint8_t) ((seed >> 8) % (AMBC_NLEVELS + 1));
			a.tf[f] = (float) (((seed >> 12) % 4) / 4.0);
			b.tf[f] = (float) (((seed >> 16) % 4) / 7.0);
		}
		c.swapped = (seed >> 20) % 2;
		p = ambc_fs_score_pair(&model, &a, &b, &c, &d);
		for (f = 0; f < AMBC_NFIELDS; f++)
			if (!isfinite(d.weight[f]))
				bad++;
		if (!(p >= 0 && p <= 1) || !isfinite(d.total) ||
			!isfinite(d.prior_weight))
			bad++;
		CHECKF(bad == 0, "iteration %d: p %g, total %g", iter, p, d.total);
	}
	CHECKF(bad == 0, "%d bad scores", bad);
}

/* ------------------------------------------------------------------------
 * patterns, u, EM
 * ------------------------------------------------------------------------
 */

/*
 * Patterns: every combination of levels (missing included) encodes to a
 * number from which each level comes back; all exact is 0, all missing
 * 6^10 - 1; distinct comparisons give distinct patterns.
 */
static void
test_patterns(void)
{
	uint32_t	seed = 23;
	int			iter;
	int			bad = 0;
	ambc_fs_cmp c;
	int			f;

	for (iter = 0; iter < 100000; iter++)
	{
		ambc_fs_cmp d;
		uint32_t	p,
					q;

		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			seed = seed * 1103515245u + 12345u;
			c.level[f] = (uint8_t) ((seed >> 8) % (AMBC_NLEVELS + 1));
		}
		p = ambc_fs_pattern(&c);
		for (f = 0; f < AMBC_NFIELDS; f++)
			if (ambc_fs_pattern_level(p, f) != c.level[f])
				bad++;
		/* change one field: another pattern */
		d = c;
		f = (int) ((seed >> 4) % AMBC_NFIELDS);
		d.level[f] = (uint8_t) ((d.level[f] + 1) % (AMBC_NLEVELS + 1));
		q = ambc_fs_pattern(&d);
		if (q == p || ambc_fs_pattern_level(q, f) != d.level[f])
			bad++;
		CHECKF(bad == 0, "iteration %d: pattern %u", iter, p);
	}
	CHECK(bad == 0);
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_EXACT;
	CHECK(ambc_fs_pattern(&c) == 0);
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_MISSING;
	CHECK(ambc_fs_pattern(&c) == 60466175u);	/* 6^10 - 1 */
	/* field 0 is the lowest digit */
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_EXACT;
	c.level[0] = AMBC_L_DIFFERENT;
	CHECK(ambc_fs_pattern(&c) == AMBC_L_DIFFERENT);
	c.level[0] = AMBC_L_EXACT;
	c.level[1] = AMBC_L_FUZZY;
	CHECK(ambc_fs_pattern(&c) == 6 * AMBC_L_FUZZY);
	/* a level out of range reads as missing */
	c.level[1] = 200;
	CHECK(ambc_fs_pattern_level(ambc_fs_pattern(&c), 1) == AMBC_L_MISSING);
}

/*
 * u from counts: add-one-half smoothing over the field's own levels, so
 * every level has u > 0, the levels of a field sum to 1, levels a field
 * does not have are 0, and their counts are ignored.
 */
static void
test_u_from_counts(void)
{
	double		counts[AMBC_NFIELDS][AMBC_NLEVELS];
	double		u[AMBC_NFIELDS][AMBC_NLEVELS];
	uint32_t	seed = 31;
	int			iter;
	int			f,
				l;

	/* a worked example: email E=1, F=0, D=3, and 100 "nickname" ignored */
	memset(counts, 0, sizeof(counts));
	counts[AMBC_F_EMAIL][AMBC_L_EXACT] = 1;
	counts[AMBC_F_EMAIL][AMBC_L_DIFFERENT] = 3;
	counts[AMBC_F_EMAIL][AMBC_L_NICKNAME] = 100;
	ambc_fs_u_from_counts(counts, u);
	CHECK(fabs(u[AMBC_F_EMAIL][AMBC_L_EXACT] - 1.5 / 5.5) < 1e-12);
	CHECK(fabs(u[AMBC_F_EMAIL][AMBC_L_FUZZY] - 0.5 / 5.5) < 1e-12);
	CHECK(fabs(u[AMBC_F_EMAIL][AMBC_L_DIFFERENT] - 3.5 / 5.5) < 1e-12);
	CHECK(u[AMBC_F_EMAIL][AMBC_L_NICKNAME] == 0 &&
		  u[AMBC_F_EMAIL][AMBC_L_PARTIAL] == 0);
	/* no counts at all: uniform over the levels */
	CHECK(fabs(u[AMBC_F_GIVEN][AMBC_L_EXACT] - 0.2) < 1e-12);
	CHECK(fabs(u[AMBC_F_REGION][AMBC_L_EXACT] - 0.5) < 1e-12);

	for (iter = 0; iter < 1000; iter++)
	{
		for (f = 0; f < AMBC_NFIELDS; f++)
			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				seed = seed * 1103515245u + 12345u;
				counts[f][l] = ((seed >> 8) % 3 == 0) ? 0 :
					(double) ((seed >> 8) % 100000) * (iter % 2 ? 1e6 : 1);
			}
		ambc_fs_u_from_counts(counts, u);
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			double		sum = 0;
			int			ok = 1;

			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				if (ambc_fs_has_level(f, l) ? !(u[f][l] > 0) : u[f][l] != 0)
					ok = 0;
				sum += u[f][l];
			}
			CHECKF(ok && fabs(sum - 1) < 1e-9, "iteration %d %s", iter,
				   ambc_fs_field_name(f));
		}
	}
}

/* the true two-class model of the EM test: m, v and missing rates */
static const double em_m[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.80, 0.05, 0.08, 0.04, 0.03},
	{0.85, 0, 0.08, 0.04, 0.03},
	{0.85, 0, 0.08, 0.04, 0.03},
	{0.70, 0, 0.10, 0, 0.20},
	{0.60, 0, 0.10, 0, 0.30},
	{0.50, 0, 0.10, 0, 0.40},
	{0.60, 0, 0.15, 0.10, 0.15},
	{0.85, 0, 0.05, 0, 0.10},
	{0.80, 0, 0.05, 0, 0.15},
	{0.95, 0, 0, 0, 0.05}
};
static const double em_v[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.10, 0.01, 0.05, 0.14, 0.70},
	{0.30, 0, 0.10, 0.10, 0.50},
	{0.01, 0, 0.02, 0.07, 0.90},
	{0.001, 0, 0.01, 0, 0.989},
	{0.002, 0, 0.01, 0, 0.988},
	{0.001, 0, 0.02, 0, 0.979},
	{0.05, 0, 0.05, 0.10, 0.80},
	{0.40, 0, 0.05, 0, 0.55},
	{0.30, 0, 0.10, 0, 0.60},
	{0.60, 0, 0, 0, 0.40}
};
static const double em_missing[AMBC_NFIELDS] = {
	0.1, 0.1, 0.5, 0.3, 0.4, 0.6, 0.3, 0.1, 0.1, 0.1
};

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t	a = *(const uint32_t *) x;
	uint32_t	b = *(const uint32_t *) y;

	return (a > b) - (a < b);
}

/* a uniform double in [0, 1) */
static double
uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (double) (*s >> 11) / 9007199254740992.0;
}

/*
 * EM recovers a known model: 20,000 candidate pairs, 20% of them matches,
 * each field's level drawn from m (matches) or v (non-matches) or missing;
 * counted as distinct patterns and given to ambc_fs_em started from the
 * default m, u and prior.  It converges, finds the share of matches within
 * 0.01, and m and v within 0.02 of the shares in the sample.
 */
static void
test_em_recovers(void)
{
	enum
	{
		NPAIRS = 20000
	};
	uint32_t   *pat = malloc(NPAIRS * sizeof(uint32_t));
	uint32_t   *up = malloc(NPAIRS * sizeof(uint32_t));
	double	   *cnt = malloc(NPAIRS * sizeof(double));
	double		mcount[AMBC_NFIELDS][AMBC_NLEVELS];
	double		vcount[AMBC_NFIELDS][AMBC_NLEVELS];
	double		mn[AMBC_NFIELDS];
	double		vn[AMBC_NFIELDS];
	uint64_t	seed = 20240601;
	ambc_fs_model model;
	ambc_fs_em_result res;
	double		lambda;
	size_t		npat = 0;
	int			nmatch = 0;
	int			i,
				f,
				l;
	double		worst_m = 0,
				worst_v = 0;

	CHECK(pat != NULL && up != NULL && cnt != NULL);
	if (pat == NULL || up == NULL || cnt == NULL)
	{
		free(pat);
		free(up);
		free(cnt);
		return;
	}
	memset(mcount, 0, sizeof(mcount));
	memset(vcount, 0, sizeof(vcount));
	memset(mn, 0, sizeof(mn));
	memset(vn, 0, sizeof(vn));
	for (i = 0; i < NPAIRS; i++)
	{
		ambc_fs_cmp c;
		int			match = uniform(&seed) < 0.2;

		nmatch += match;
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			const double *p = match ? em_m[f] : em_v[f];
			double		r = uniform(&seed);
			double		acc = 0;
			double		sum = 0;

			if (uniform(&seed) < em_missing[f])
			{
				c.level[f] = AMBC_L_MISSING;
				continue;
			}
			/* over the levels the field has (fsmodel.h's table) */
			for (l = 0; l < AMBC_NLEVELS; l++)
				if (ambc_fs_has_level(f, l))
					sum += p[l];
			r *= sum;
			for (l = 0; l < AMBC_NLEVELS - 1; l++)
			{
				if (!ambc_fs_has_level(f, l))
					continue;
				acc += p[l];
				if (r < acc && p[l] > 0)
					break;
			}
			c.level[f] = (uint8_t) l;
			if (match)
			{
				mcount[f][l]++;
				mn[f]++;
			}
			else
			{
				vcount[f][l]++;
				vn[f]++;
			}
		}
		pat[i] = ambc_fs_pattern(&c);
	}
	qsort(pat, NPAIRS, sizeof(uint32_t), cmp_u32);
	for (i = 0; i < NPAIRS; i++)
	{
		if (npat > 0 && up[npat - 1] == pat[i])
			cnt[npat - 1]++;
		else
		{
			up[npat] = pat[i];
			cnt[npat] = 1;
			npat++;
		}
	}
	CHECK(npat > 1000 && npat < NPAIRS);

	ambc_fs_default_model(&model);
	lambda = model.prior;
	memset(&res, 0, sizeof(res));
	ambc_fs_em(up, cnt, npat, model.m, model.u, &lambda, 500, 1e-7, &res);
	CHECKF(res.converged && res.iterations > 1 && res.iterations < 500 &&
		   res.max_change < 1e-7, "%d iterations, converged %d, change %g",
		   res.iterations, res.converged, res.max_change);
	CHECKF(fabs(lambda - (double) nmatch / NPAIRS) < 0.01 &&
		   res.lambda == lambda, "lambda %g, share %g", lambda,
		   (double) nmatch / NPAIRS);
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		double		sm = 0,
					sv = 0;

		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			if (!ambc_fs_has_level(f, l))
			{
				CHECK(model.m[f][l] == 0 && model.u[f][l] == 0);
				continue;
			}
			if (fabs(model.m[f][l] - mcount[f][l] / mn[f]) > worst_m)
				worst_m = fabs(model.m[f][l] - mcount[f][l] / mn[f]);
			if (fabs(model.u[f][l] - vcount[f][l] / vn[f]) > worst_v)
				worst_v = fabs(model.u[f][l] - vcount[f][l] / vn[f]);
			CHECK(model.m[f][l] >= 0.9e-6 && model.u[f][l] >= 0.9e-6);
			sm += model.m[f][l];
			sv += model.u[f][l];
		}
		CHECK(fabs(sm - 1) < 1e-9 && fabs(sv - 1) < 1e-9);
	}
	CHECKF(worst_m < 0.02, "m off by %g", worst_m);
	CHECKF(worst_v < 0.02, "v off by %g", worst_v);

	/* from another start, the same answer */
	{
		ambc_fs_model m2;
		double		lam2 = 0.5;
		double		worst = 0;

		ambc_fs_default_model(&m2);
		ambc_fs_em(up, cnt, npat, m2.m, m2.u, &lam2, 500, 1e-9, &res);
		for (f = 0; f < AMBC_NFIELDS; f++)
			for (l = 0; l < AMBC_NLEVELS; l++)
				if (fabs(m2.m[f][l] - model.m[f][l]) > worst)
					worst = fabs(m2.m[f][l] - model.m[f][l]);
		CHECKF(res.converged && fabs(lam2 - lambda) < 1e-4 && worst < 1e-4,
			   "lambda %g vs %g, m %g apart", lam2, lambda, worst);
	}

	/* one iteration only: not converged, and says so */
	{
		ambc_fs_model m3;
		double		lam3 = 0.1;

		ambc_fs_default_model(&m3);
		ambc_fs_em(up, cnt, npat, m3.m, m3.u, &lam3, 1, 1e-12, &res);
		CHECK(res.iterations == 1 && !res.converged && res.max_change > 0);
	}
	free(pat);
	free(up);
	free(cnt);
}

/*
 * check_distributions
 *		m and v are distributions over each field's levels, every level at
 *		or about the floor of 1e-6, and lambda is in (0, 1).
 */
static int
check_distributions(double m[AMBC_NFIELDS][AMBC_NLEVELS],
					double v[AMBC_NFIELDS][AMBC_NLEVELS], double lambda)
{
	int			f,
				l;

	if (!(lambda > 0 && lambda < 1))
		return 0;
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		double		sm = 0,
					sv = 0;

		for (l = 0; l < AMBC_NLEVELS; l++)
		{
			if (!ambc_fs_has_level(f, l))
			{
				if (m[f][l] != 0 || v[f][l] != 0)
					return 0;
				continue;
			}
			if (!(m[f][l] >= 0.9e-6 && v[f][l] >= 0.9e-6))
				return 0;
			sm += m[f][l];
			sv += v[f][l];
		}
		if (!(fabs(sm - 1) < 1e-9 && fabs(sv - 1) < 1e-9))
			return 0;
	}
	return 1;
}

/*
 * EM on degenerate input: no patterns (nothing moves, no iteration, not
 * converged), one pattern, patterns with no weight, only missing fields
 * (nothing to learn: m and v keep their values), a starting lambda
 * outside (0, 1); the results are always distributions with finite
 * weights.
 */
static void
test_em_degenerate(void)
{
	ambc_fs_model model;
	ambc_fs_model start;
	ambc_fs_em_result res;
	double		lambda;
	uint32_t	pattern[2];
	double		count[2];
	ambc_fs_cmp c;
	int			f;
	static const double lambdas[] = {0, 1, -3, 7, 0.3};
	size_t		i;

	ambc_fs_default_model(&start);

	/* no patterns */
	model = start;
	lambda = 0.3;
	memset(&res, 0x7F, sizeof(res));
	ambc_fs_em(pattern, count, 0, model.m, model.u, &lambda, 100, 1e-9, &res);
	CHECK(res.iterations == 0 && !res.converged && lambda == 0.3);
	CHECK(check_distributions(model.m, model.u, lambda));
	CHECK(memcmp(model.m, start.m, sizeof(model.m)) == 0 ||
		  fabs(model.m[0][0] - start.m[0][0]) < 1e-12);

	/* one pattern, everything exact, from several starting lambdas */
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_EXACT;
	pattern[0] = ambc_fs_pattern(&c);
	count[0] = 1000;
	for (i = 0; i < LENGTHOF(lambdas); i++)
	{
		model = start;
		lambda = lambdas[i];
		ambc_fs_em(pattern, count, 1, model.m, model.u, &lambda, 200, 1e-9,
				   &res);
		CHECKF(check_distributions(model.m, model.u, lambda) &&
			   res.iterations >= 1 && res.iterations <= 200,
			   "lambda %g: now %g, %d iterations", lambdas[i], lambda,
			   res.iterations);
		/* all of it is one class, whose m says "exact" */
		CHECK(model.m[AMBC_F_EMAIL][AMBC_L_EXACT] > 0.99);
	}

	/* patterns that weigh nothing */
	model = start;
	lambda = 0.3;
	count[0] = 0;
	ambc_fs_em(pattern, count, 1, model.m, model.u, &lambda, 100, 1e-9, &res);
	CHECK(check_distributions(model.m, model.u, lambda) && lambda == 0.3);

	/* only missing fields: nothing is learnt */
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_MISSING;
	pattern[0] = ambc_fs_pattern(&c);
	count[0] = 500;
	model = start;
	lambda = 0.3;
	ambc_fs_em(pattern, count, 1, model.m, model.u, &lambda, 100, 1e-9, &res);
	CHECK(check_distributions(model.m, model.u, lambda));
	CHECK(res.converged && fabs(lambda - 0.3) < 1e-9);
	for (f = 0; f < AMBC_NFIELDS; f++)
		CHECK(fabs(model.m[f][0] - start.m[f][0]) < 1e-9 &&
			  fabs(model.u[f][0] - start.u[f][0]) < 1e-9);

	/* two opposite patterns, m and v starting equal */
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_DIFFERENT;
	pattern[1] = ambc_fs_pattern(&c);
	for (f = 0; f < AMBC_NFIELDS; f++)
		c.level[f] = AMBC_L_EXACT;
	pattern[0] = ambc_fs_pattern(&c);
	count[0] = count[1] = 10;
	model = start;
	memcpy(model.u, model.m, sizeof(model.m));
	lambda = 0.5;
	ambc_fs_em(pattern, count, 2, model.m, model.u, &lambda, 100, 1e-9, &res);
	CHECK(check_distributions(model.m, model.u, lambda));
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_names_and_tables),
		UNIT(test_default_model),
		UNIT(test_given_levels),
		UNIT(test_family_levels),
		UNIT(test_birth_levels),
		UNIT(test_contact_levels),
		UNIT(test_address_levels),
		UNIT(test_jw_thresholds_exact),
		UNIT(test_crosswise),
		UNIT(test_symmetry),
		UNIT(test_crosswise_symmetry),
		UNIT(test_malformed),
		UNIT(test_every_byte),
		UNIT(test_long_fields),
		UNIT(test_nicknames),
		UNIT(test_nickname_table_search),
		UNIT(test_score_weights),
		UNIT(test_worked_example),
		UNIT(test_term_frequency),
		UNIT(test_score_bounds),
		UNIT(test_patterns),
		UNIT(test_u_from_counts),
		UNIT(test_em_recovers),
		UNIT(test_em_degenerate),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}
