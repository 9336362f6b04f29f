/*-------------------------------------------------------------------------
 *
 * test_dmetaphone.c
 *		Unit tests for Double Metaphone (src/core/dmetaphone.c).
 *
 * The reference vectors are the dmetaphone and dmetaphone_alt rows of
 * phonetic.csv (Apache commons-codec's DoubleMetaphone2Test list, which
 * PostgreSQL 15's fuzzystrmatch reproduces), read from the directory named
 * by the environment variable AMB_VECTORS, else ../shared/vectors relative
 * to the repository root, where the test runs.  Every row is checked, and
 * fewer than MIN_ROWS rows of either kind fail the test, so a missing or
 * empty file cannot pass.  The rest covers the C interface: malformed
 * UTF-8, empty and non-letter input, folding of non-ASCII letters, the
 * length limit, 1 MB inputs, every byte value and determinism.
 *
 * test/unit/test_dmetaphone.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "dmetaphone.h"
#include "utf8.h"
#include "unit.h"

/* rows of each kind that the vectors file must hold */
#define MIN_ROWS 1200

/* bytes written after each key buffer to catch overruns */
#define GUARD 8

/* largest number of fields a CSV record may have */
#define CSV_MAX_FIELDS 8

/* a CSV field: a slice of the record buffer (quotes already undone) */
typedef struct csv_field
{
	const char *s;
	size_t		len;
} csv_field;

/* the two keys of one input, with guard bytes after each */
typedef struct dm_result
{
	ambc_status st;
	char		p[AMBC_DMETAPHONE_MAX + GUARD];
	char		a[AMBC_DMETAPHONE_MAX + GUARD];
	size_t		plen;
	size_t		alen;
} dm_result;

/*
 * key_ok
 *		True if key[0..len) is a valid key: at most AMBC_DMETAPHONE_MAX bytes
 *		of A-Z and '0'.
 */
static bool
key_ok(const char *key, size_t len)
{
	size_t		i;

	if (len > AMBC_DMETAPHONE_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!((key[i] >= 'A' && key[i] <= 'Z') || key[i] == '0'))
			return false;
	return true;
}

/*
 * dm
 *		Encode s[0..len) into r, checking the guard bytes and, on AMBC_OK, the
 *		key alphabet.
 */
static void
dm(const char *s, size_t len, dm_result *r)
{
	int			i;

	memset(r->p, '#', sizeof(r->p));
	memset(r->a, '#', sizeof(r->a));
	r->plen = r->alen = 99;
	r->st = ambc_double_metaphone(s, len, r->p, &r->plen, r->a, &r->alen);
	for (i = AMBC_DMETAPHONE_MAX; i < AMBC_DMETAPHONE_MAX + GUARD; i++)
		CHECK(r->p[i] == '#' && r->a[i] == '#');
	if (r->st == AMBC_OK)
	{
		CHECK(key_ok(r->p, r->plen));
		CHECK(key_ok(r->a, r->alen));
	}
}

/*
 * same_keys
 *		True if two results have the same status and the same keys.
 */
static bool
same_keys(const dm_result *x, const dm_result *y)
{
	return x->st == y->st && x->plen == y->plen && x->alen == y->alen &&
		memcmp(x->p, y->p, x->plen) == 0 && memcmp(x->a, y->a, x->alen) == 0;
}

/*
 * expect
 *		Check that NUL-terminated s codes to primary p and alternate a.
 */
static void
expect(const char *s, const char *p, const char *a)
{
	dm_result	r;

	dm(s, strlen(s), &r);
	CHECKF(r.st == AMBC_OK && r.plen == strlen(p) && r.alen == strlen(a) &&
		   memcmp(r.p, p, r.plen) == 0 && memcmp(r.a, a, r.alen) == 0,
		   "\"%s\": got %s %.*s / %.*s, want %s / %s", s,
		   ambc_status_name(r.st), (int) (r.plen <= 4 ? r.plen : 0), r.p,
		   (int) (r.alen <= 4 ? r.alen : 0), r.a, p, a);
}

/*
 * expect_same
 *		Check that NUL-terminated s and t code to the same keys.
 */
static void
expect_same(const char *s, const char *t)
{
	dm_result	x;
	dm_result	y;

	dm(s, strlen(s), &x);
	dm(t, strlen(t), &y);
	CHECKF(x.st == AMBC_OK && same_keys(&x, &y),
		   "\"%s\" %.*s/%.*s vs \"%s\" %.*s/%.*s", s,
		   (int) (x.plen <= 4 ? x.plen : 0), x.p,
		   (int) (x.alen <= 4 ? x.alen : 0), x.a, t,
		   (int) (y.plen <= 4 ? y.plen : 0), y.p,
		   (int) (y.alen <= 4 ? y.alen : 0), y.a);
}

/*
 * read_file
 *		Read the whole of path into a malloc'd buffer (caller frees); NULL if
 *		it cannot be read.
 */
static char *
read_file(const char *path, size_t *len)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf = NULL;
	size_t		cap = 0;
	size_t		n = 0;
	size_t		got;

	if (f == NULL)
		return NULL;
	for (;;)
	{
		if (n == cap)
		{
			char	   *nbuf;

			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap);
			if (nbuf == NULL)
			{
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nbuf;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

/*
 * csv_record
 *		Parse one RFC 4180 record starting at buf[*pos], undoing quotes in
 *		place (a field only ever shrinks), into at most CSV_MAX_FIELDS
 *		fields.  Quoted fields may hold commas, doubled quotes and line
 *		breaks; spaces are data.  Advances *pos past the record's line break
 *		and returns the number of fields, or -1 on a malformed record.
 */
static int
csv_record(char *buf, size_t len, size_t *pos, csv_field *fields)
{
	size_t		i = *pos;
	int			nf = 0;

	for (;;)
	{
		char	   *out = buf + i;
		size_t		flen = 0;

		if (nf == CSV_MAX_FIELDS)
			return -1;
		if (i < len && buf[i] == '"')
		{
			i++;
			for (;;)
			{
				if (i >= len)
					return -1;	/* unterminated quote */
				if (buf[i] == '"')
				{
					if (i + 1 < len && buf[i + 1] == '"')
					{
						out[flen++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				out[flen++] = buf[i++];
			}
		}
		else
		{
			while (i < len && buf[i] != ',' && buf[i] != '\n' && buf[i] != '\r')
				out[flen++] = buf[i++];
		}
		fields[nf].s = out;
		fields[nf].len = flen;
		nf++;
		if (i < len && buf[i] == ',')
		{
			i++;
			continue;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		else if (i < len)
			return -1;			/* junk after a closing quote */
		*pos = i;
		return nf;
	}
}

/*
 * field_is
 *		True if f holds exactly the NUL-terminated s.
 */
static bool
field_is(const csv_field *f, const char *s)
{
	return f->len == strlen(s) && memcmp(f->s, s, f->len) == 0;
}

/* the reference vectors: every dmetaphone and dmetaphone_alt row */
static void
test_vectors(void)
{
	const char *dir = getenv("AMB_VECTORS");
	char		path[4096];
	char	   *buf;
	size_t		len = 0;
	size_t		pos = 0;
	csv_field	f[CSV_MAX_FIELDS];
	int			nf;
	int			nprimary = 0;
	int			nalt = 0;
	int			okprimary = 0;
	int			okalt = 0;
	int			shown = 0;
	int			bad_records = 0;

	if (dir == NULL || *dir == '\0')
		dir = "../shared/vectors";
	snprintf(path, sizeof(path), "%s/phonetic.csv", dir);
	buf = read_file(path, &len);
	CHECKF(buf != NULL, "cannot read %s", path);
	if (buf == NULL)
		return;

	/* the header names the columns we use */
	nf = csv_record(buf, len, &pos, f);
	CHECK(nf >= 3 && field_is(&f[0], "algorithm") &&
		  field_is(&f[1], "input") && field_is(&f[2], "expected"));

	while (pos < len)
	{
		bool		alt;
		dm_result	r;
		const char *got;
		size_t		gotlen;

		nf = csv_record(buf, len, &pos, f);
		if (nf < 0)
		{
			bad_records++;
			break;
		}
		if (nf < 3)
			continue;
		if (field_is(&f[0], "dmetaphone"))
			alt = false;
		else if (field_is(&f[0], "dmetaphone_alt"))
			alt = true;
		else
			continue;

		dm(f[1].s, f[1].len, &r);
		got = alt ? r.a : r.p;
		gotlen = alt ? r.alen : r.plen;
		if (r.st == AMBC_OK && gotlen == f[2].len &&
			memcmp(got, f[2].s, gotlen) == 0)
		{
			if (alt)
				okalt++;
			else
				okprimary++;
		}
		else if (shown++ < 20)
			fprintf(stderr, "  %s(\"%.*s\"): got %s \"%.*s\", want \"%.*s\"\n",
					alt ? "dmetaphone_alt" : "dmetaphone",
					(int) f[1].len, f[1].s, ambc_status_name(r.st),
					(int) (gotlen <= 4 ? gotlen : 0), got,
					(int) f[2].len, f[2].s);
		if (alt)
			nalt++;
		else
			nprimary++;
	}
	free(buf);

	printf("# %s: %d of %d primary, %d of %d alternate agree\n", path,
		   okprimary, nprimary, okalt, nalt);
	CHECK(bad_records == 0);
	CHECKF(nprimary >= MIN_ROWS, "only %d dmetaphone rows", nprimary);
	CHECKF(nalt >= MIN_ROWS, "only %d dmetaphone_alt rows", nalt);
	CHECK(okprimary == nprimary);
	CHECK(okalt == nalt);
}

/* the worked examples of the header and a few classic names */
static void
test_known_values(void)
{
	expect("Smith", "SM0", "XMT");
	expect("Schmidt", "XMT", "SMT");
	expect("gumbo", "KMP", "KMP");	/* fuzzystrmatch's regression test */
	expect("Thompson", "TMPS", "TMPS");
	expect("Xavier", "SF", "SFR");
	expect("Jose", "HS", "HS");
	expect("Michael", "MKL", "MXL");
	expect("Caesar", "SSR", "SSR");
	expect("Wright", "RT", "RT");
	expect("Knight", "NT", "NT");
	expect("Filipowicz", "FLPT", "FLPF");
	expect("Zhao", "J", "J");
	/*
	 * Where commons-codec and fuzzystrmatch disagree (outside the vectors),
	 * commons-codec's keys; J at the end adds nothing to the alternate key,
	 * where commons-codec adds a space
	 */
	expect("Witz", "ATS", "FTS");
	expect("Wiczek", "AKSK", "FKTS");
	expect("Rogiers", "RJRS", "RJRS");
	expect("Raj", "RJ", "R");
	/* lower and upper case are the same letters */
	expect_same("mcdonald", "MCDONALD");
	expect_same("o'brien", "O'BRIEN");
}

/* Ç, Ñ and other non-ASCII letters */
static void
test_folding(void)
{
	/* Ç and Ñ code on their own, like commons-codec */
	expect("\xC3\x87", "S", "S");
	expect("\xC3\xA7", "S", "S");
	expect("\xC3\x91", "N", "N");
	expect("\xC3\xB1", "N", "N");
	expect("Fran\xC3\xA7ois", "FRNS", "FRNS");
	/* Ç is not a C: no CI rule, and the A after it is not initial */
	expect("\xC3\x87" "IA", "S", "S");
	expect("CIA", "S", "X");
	/* ÑN is two N codes, where NN is one */
	expect("A\xC3\x91N", "ANN", "ANN");
	expect("ANN", "AN", "AN");
	/* decomposed forms are the same letters */
	expect_same("Fran\xC3\xA7ois", "Franc\xCC\xA7ois");
	expect_same("Pe\xC3\xB1" "a", "Pen\xCC\x83" "a");
	/* other diacritics are stripped */
	expect_same("M\xC3\xBCller", "Muller");
	expect_same("Jos\xC3\xA9", "Jose");
	expect_same("\xC3\x89MILE", "EMILE");
	expect_same("Dvo\xC5\x99\xC3\xA1k", "Dvorak");
	expect_same("Stra\xC3\x9F" "e", "Strasse");
	expect_same("\xC5\x81ukasz", "Lukasz");
	expect_same("\xC3\x98stergaard", "Ostergaard");
	expect_same("\xC3\x86lfric", "AElfric");
	expect_same("\xC3\x9E\xC3\xB3r", "Thor");
	expect_same("Gu\xC3\xB0mundsson", "Gudmundsson");
	/* a soft hyphen or a zero-width joiner vanishes */
	expect_same("Schr\xC2\xAD" "oeder", "Schroeder");
	/* letters of other scripts read as spaces */
	expect_same("Mac\xCE\xB1Gregor", "Mac Gregor");
	expect("\xE5\xB1\xB1\xE7\x94\xB0", "", "");
	/* spaces and controls at either end are trimmed */
	expect_same("  \t Smith \n", "Smith");
	expect_same("\xC2\xA0Smith\xC2\xA0", "Smith");
}

/* malformed UTF-8 anywhere is rejected, even past the length limit */
static void
test_bad_utf8(void)
{
	static const char *const bad[] = {
		"\x80", "\xC3", "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF",
		"\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x90\x80\x80",
		"\xF8\x88\x80\x80\x80", "\xFE", "\xFF", "Smith\xE2\x82",
		"\xE2\x82Smith", "Sm\xC3(th",
	};
	size_t		i;
	size_t		big = 100000;
	char	   *s = malloc(big + 1);
	dm_result	r;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		dm(bad[i], strlen(bad[i]), &r);
		CHECKF(r.st == AMBC_BAD_UTF8, "bad[%zu]", i);
	}
	memset(s, 'a', big);
	s[big] = (char) 0xC3;
	dm(s, big + 1, &r);
	CHECK(r.st == AMBC_BAD_UTF8);
	dm(s, big, &r);
	CHECK(r.st == AMBC_OK);
	free(s);
}

/* text that codes to nothing gives two empty keys and AMBC_OK */
static void
test_empty(void)
{
	static const char *const none[] = {
		"", " ", "   ", "!!!", "H", "W", "-", "\t\n", "12345",
		"\xE2\x80\x94", "\xCC\x81",
	};
	size_t		i;
	dm_result	r;

	for (i = 0; i < sizeof(none) / sizeof(none[0]); i++)
	{
		dm(none[i], strlen(none[i]), &r);
		CHECKF(r.st == AMBC_OK && r.plen == 0 && r.alen == 0, "none[%zu]", i);
	}
	/* a zero length with a pointer to data reads nothing */
	dm("Smith", 0, &r);
	CHECK(r.st == AMBC_OK && r.plen == 0 && r.alen == 0);
}

/* only the first AMBC_DMETAPHONE_MAX_INPUT folded bytes are read */
static void
test_limit(void)
{
	char		s[2 * AMBC_DMETAPHONE_MAX_INPUT];
	dm_result	x;
	dm_result	y;

	/* silent letters up to the limit, then consonants */
	memset(s, 'A', sizeof(s));
	memcpy(s + AMBC_DMETAPHONE_MAX_INPUT - 2, "BD", 2);
	memcpy(s + AMBC_DMETAPHONE_MAX_INPUT, "MNT", 3);
	dm(s, AMBC_DMETAPHONE_MAX_INPUT, &x);
	CHECK(x.st == AMBC_OK && x.plen == 3 && memcmp(x.p, "APT", 3) == 0);
	dm(s, sizeof(s), &y);
	CHECK(same_keys(&x, &y));
	/* leading spaces do not count against the limit */
	memset(s, ' ', sizeof(s));
	memcpy(s + sizeof(s) - 5, "Smith", 5);
	expect_same("Smith", "Smith");
	dm(s, sizeof(s), &x);
	CHECK(x.st == AMBC_OK && x.plen == 3 && memcmp(x.p, "SM0", 3) == 0);
}

/* 1 MB inputs finish quickly and code their first letters */
static void
test_big(void)
{
	size_t		big = 1024 * 1024;
	char	   *s = malloc(big);
	clock_t		t0 = clock();
	dm_result	r;
	size_t		i;

	memset(s, 'a', big);
	dm(s, big, &r);
	CHECK(r.st == AMBC_OK && r.plen == 1 && r.p[0] == 'A');

	/* "é" repeated: 2 bytes each */
	for (i = 0; i + 1 < big; i += 2)
	{
		s[i] = (char) 0xC3;
		s[i + 1] = (char) 0xA9;
	}
	dm(s, big, &r);
	CHECK(r.st == AMBC_OK && r.plen == 1 && r.p[0] == 'A');

	/* a megabyte of spaces, then a name */
	memset(s, ' ', big);
	memcpy(s + big - 7, "Schmidt", 7);
	dm(s, big, &r);
	CHECK(r.st == AMBC_OK && r.plen == 3 && memcmp(r.p, "XMT", 3) == 0);

	/* a megabyte of consonants and non-ASCII punctuation */
	for (i = 0; i + 3 <= big; i += 3)
		memcpy(s + i, (i / 3) % 2 ? "\xE2\x80\x94" : "bcd", 3);
	for (; i < big; i++)
		s[i] = 'x';
	dm(s, big, &r);
	CHECK(r.st == AMBC_OK && r.plen == 4);

	CHECKF((double) (clock() - t0) / CLOCKS_PER_SEC < 10.0, "%.2f s",
		   (double) (clock() - t0) / CLOCKS_PER_SEC);
	free(s);
}

/* every single byte, alone and inside a name */
static void
test_every_byte(void)
{
	int			b;
	char		s[8];
	dm_result	r;

	for (b = 0; b < 256; b++)
	{
		s[0] = (char) b;
		dm(s, 1, &r);
		CHECKF(r.st == (b < 0x80 ? AMBC_OK : AMBC_BAD_UTF8), "byte %d", b);

		memcpy(s, "Sm?th", 5);
		s[2] = (char) b;
		dm(s, 5, &r);
		CHECKF(r.st == (b < 0x80 ? AMBC_OK : AMBC_BAD_UTF8), "byte %d", b);
		if (b < 0x80 && !((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')))
			CHECKF(r.plen >= 1 && r.p[0] == 'S', "byte %d", b);
	}
	/* a NUL byte is a non-letter, not the end of the text */
	dm("Mac\0Gregor", 10, &r);
	CHECK(r.st == AMBC_OK && r.plen == 4 && memcmp(r.p, "MKKR", 4) == 0);
}

/* the same input always gives the same keys, whatever the buffers held */
static void
test_determinism(void)
{
	static const char *const names[] = {
		"Smith", "Schmidt", "Fran\xC3\xA7ois", "Gallegos", "Jankelowicz",
		"McLaughlin", "Bacchus", "Ghislane", "Breaux", "Arnow", "",
	};
	size_t		i;
	int			rep;
	dm_result	x;
	dm_result	y;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
	{
		dm(names[i], strlen(names[i]), &x);
		for (rep = 0; rep < 3; rep++)
		{
			dm(names[i], strlen(names[i]), &y);
			CHECKF(same_keys(&x, &y), "%s", names[i]);
		}
	}
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_vectors),
		UNIT(test_known_values),
		UNIT(test_folding),
		UNIT(test_bad_utf8),
		UNIT(test_empty),
		UNIT(test_limit),
		UNIT(test_big),
		UNIT(test_every_byte),
		UNIT(test_determinism),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}
