/*-------------------------------------------------------------------------
 *
 * fsmodel.c
 *		Fellegi-Sunter record matching: comparisons, weights, EM.
 *
 * The model and its fields are described in fsmodel.h.  Everything here is
 * a pure function of its arguments; the only memory is fixed stack buffers
 * of AMBC_FS_FIELD_MAX_CP code points per field.
 *
 * Worked example (default parameters): "Robert Smith" born 1980-03-07 with
 * bob.smith+etsy@gmail.com, against "SMITH, Bob" with bobsmith@gmail.com and
 * no birth date.  Names normalize to "robert smith" and "bob smith", so
 * given_name is at the nickname level (weight log2(0.05/0.003) = 4.06),
 * family_name exact (log2(0.85/0.003) = 8.15, less any term-frequency
 * adjustment), email exact after normalization (log2(0.8/0.00001) = 16.29),
 * birth_date missing (0).  With the default prior 1e-5 (-16.61), W = 11.89
 * and P = 1/(1 + 2^-11.89) = 0.99976.
 *
 * src/core/fsmodel.c
 *
 *-------------------------------------------------------------------------
 */
#include "fsmodel.h"

#include <math.h>
#include <string.h>
#include <xxhash.h>

#include "jaro.h"
#include "utf8.h"

#define MAXCP AMBC_FS_FIELD_MAX_CP

static const char *const field_names[AMBC_NFIELDS] = {
	"given_name", "family_name", "birth_date", "email", "phone", "handle",
	"address_line", "city", "postal_code", "region"
};

static const char *const level_names[AMBC_NLEVELS + 1] = {
	"exact", "nickname", "fuzzy", "partial", "different", "missing"
};

/* which levels each field has: bit l set for level l */
#define LV(l) (1u << (l))
#define LV_EFD (LV(AMBC_L_EXACT) | LV(AMBC_L_FUZZY) | LV(AMBC_L_DIFFERENT))
#define LV_EFPD (LV_EFD | LV(AMBC_L_PARTIAL))

static const unsigned field_levels[AMBC_NFIELDS] = {
	LV_EFPD | LV(AMBC_L_NICKNAME),	/* given_name */
	LV_EFPD,					/* family_name */
	LV_EFPD,					/* birth_date */
	LV_EFD,						/* email */
	LV_EFD,						/* phone */
	LV_EFD,						/* handle */
	LV_EFPD,					/* address_line */
	LV_EFD,						/* city */
	LV_EFD,						/* postal_code */
	LV(AMBC_L_EXACT) | LV(AMBC_L_DIFFERENT)	/* region */
};

/*
 * Default parameters: m and u per field, levels in the order exact,
 * nickname, fuzzy, partial, different (0 where the field has no such
 * level).  Chosen for contact data with a few percent typos per field and
 * a few thousand distinct values per name field; amb.train_match_model
 * replaces them with estimates from the data.
 */
static const double default_m[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.80, 0.05, 0.08, 0.04, 0.03},	/* given_name */
	{0.85, 0, 0.08, 0.04, 0.03},	/* family_name */
	{0.85, 0, 0.08, 0.04, 0.03},	/* birth_date */
	{0.80, 0, 0.05, 0, 0.15},	/* email */
	{0.80, 0, 0.05, 0, 0.15},	/* phone */
	{0.75, 0, 0.05, 0, 0.20},	/* handle */
	{0.70, 0, 0.10, 0.05, 0.15},	/* address_line */
	{0.80, 0, 0.05, 0, 0.15},	/* city */
	{0.75, 0, 0.05, 0, 0.20},	/* postal_code */
	{0.90, 0, 0, 0, 0.10}		/* region */
};

static const double default_u[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.01, 0.003, 0.01, 0.05, 0.927},	/* given_name */
	{0.003, 0, 0.005, 0.03, 0.962},	/* family_name */
	{0.0001, 0, 0.001, 0.02, 0.9789},	/* birth_date */
	{0.00001, 0, 0.0001, 0, 0.99989},	/* email */
	{0.00001, 0, 0.0001, 0, 0.99989},	/* phone */
	{0.00001, 0, 0.0001, 0, 0.99989},	/* handle */
	{0.0001, 0, 0.0005, 0.005, 0.9944},	/* address_line */
	{0.02, 0, 0.01, 0, 0.97},	/* city */
	{0.01, 0, 0.02, 0, 0.97},	/* postal_code */
	{0.20, 0, 0, 0, 0.80}		/* region */
};

#define DEFAULT_PRIOR 1e-5
#define DEFAULT_TF_FLOOR 1e-6

/* smallest probability EM keeps */
#define EM_FLOOR 1e-6

/*
 * ambc_fs_field_name, ambc_fs_level_name
 *		See fsmodel.h.  Out-of-range values give "?".
 */
const char *
ambc_fs_field_name(int field)
{
	return (field >= 0 && field < AMBC_NFIELDS) ? field_names[field] : "?";
}

const char *
ambc_fs_level_name(int level)
{
	return (level >= 0 && level <= AMBC_NLEVELS) ? level_names[level] : "?";
}

/*
 * name_index
 *		Index of s[0..len) in names[0..n), or -1.
 */
static int
name_index(const char *const *names, int n, const char *s, size_t len)
{
	int			i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return i;
	return -1;
}

int
ambc_fs_field_from_name(const char *s, size_t len)
{
	return name_index(field_names, AMBC_NFIELDS, s, len);
}

int
ambc_fs_level_from_name(const char *s, size_t len)
{
	return name_index(level_names, AMBC_NLEVELS, s, len);
}

/*
 * ambc_fs_has_level
 *		See fsmodel.h.
 */
bool
ambc_fs_has_level(int field, int level)
{
	if (field < 0 || field >= AMBC_NFIELDS || level < 0 ||
		level >= AMBC_NLEVELS)
		return false;
	return (field_levels[field] & LV(level)) != 0;
}

/*
 * ambc_fs_tf_field
 *		See fsmodel.h.
 */
bool
ambc_fs_tf_field(int field)
{
	return field == AMBC_F_GIVEN || field == AMBC_F_FAMILY ||
		field == AMBC_F_CITY || field == AMBC_F_POSTAL;
}

/*
 * ambc_fs_default_model
 *		See fsmodel.h.
 */
void
ambc_fs_default_model(ambc_fs_model *model)
{
	memcpy(model->m, default_m, sizeof(default_m));
	memcpy(model->u, default_u, sizeof(default_u));
	model->prior = DEFAULT_PRIOR;
	model->tf_floor = DEFAULT_TF_FLOOR;
	model->nicknames = NULL;
}

/*
 * ambc_fs_name_hash
 *		See fsmodel.h.
 */
uint64_t
ambc_fs_name_hash(const char *s, size_t len)
{
	return (uint64_t) XXH3_64bits(s, len);
}

/* ------------------------------------------------------------------------
 * string helpers
 * ------------------------------------------------------------------------
 */

/*
 * decode
 *		Up to MAXCP code points of s into cp; returns how many.  Malformed
 *		UTF-8 is taken byte by byte, so the function is total.
 */
static size_t
decode(ambc_span s, int32_t *cp)
{
	size_t		pos = 0;
	size_t		n = 0;

	while (pos < s.len && n < MAXCP)
	{
		unsigned char c = (unsigned char) s.p[pos];

		if (c < 0x80 || ambc_utf8_next(s.p, s.len, &pos, &cp[n]) != AMBC_OK)
		{
			cp[n] = c;
			pos++;
		}
		n++;
	}
	return n;
}

/*
 * decode_nospace
 *		As decode, skipping spaces.
 */
static size_t
decode_nospace(ambc_span s, int32_t *cp)
{
	size_t		n = decode(s, cp);
	size_t		i;
	size_t		k = 0;

	for (i = 0; i < n; i++)
		if (cp[i] != ' ')
			cp[k++] = cp[i];
	return k;
}

static bool
span_eq(ambc_span a, ambc_span b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/*
 * jw
 *		Jaro-Winkler similarity of two spans (first MAXCP code points).
 */
static double
jw(ambc_span a, ambc_span b)
{
	int32_t		ca[MAXCP];
	int32_t		cb[MAXCP];
	unsigned char scratch[2 * MAXCP];
	size_t		na = decode(a, ca);
	size_t		nb = decode(b, cb);

	return ambc_jaro_winkler(ca, na, cb, nb, scratch);
}

/*
 * within_one_edit
 *		True if a and b differ by at most one insertion, deletion,
 *		substitution or transposition of adjacent code points (that is,
 *		their Damerau-Levenshtein distance is at most 1).
 */
static bool
within_one_edit(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	size_t		i = 0;

	if (na > nb + 1 || nb > na + 1)
		return false;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (i == na && i == nb)
		return true;
	if (na == nb)
	{
		/* substitution at i, or transposition of i and i + 1 */
		if (memcmp(a + i + 1, b + i + 1, (na - i - 1) * sizeof(int32_t)) == 0)
			return true;
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
			memcmp(a + i + 2, b + i + 2, (na - i - 2) * sizeof(int32_t)) == 0;
	}
	if (na > nb)
		return memcmp(a + i + 1, b + i, (nb - i) * sizeof(int32_t)) == 0;
	return memcmp(a + i, b + i + 1, (na - i) * sizeof(int32_t)) == 0;
}

static bool
spans_within_one_edit(ambc_span a, ambc_span b)
{
	int32_t		ca[MAXCP];
	int32_t		cb[MAXCP];
	size_t		na = decode(a, ca);
	size_t		nb = decode(b, cb);

	return within_one_edit(ca, na, cb, nb);
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t	a = *(const uint64_t *) x;
	uint64_t	b = *(const uint64_t *) y;

	return (a > b) - (a < b);
}

/*
 * sort_u64
 *		Insertion sort for the short bigram lists (at most MAXCP).
 */
static void
sort_u64(uint64_t *v, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		uint64_t	x = v[i];
		size_t		j = i;

		while (j > 0 && cmp_u64(&v[j - 1], &x) > 0)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/*
 * bigram_dice
 *		Dice coefficient 2|A & B| / (|A| + |B|) of the multisets of adjacent
 *		code-point pairs of a and b without their spaces.  Swapped parts of
 *		a line ("hurley street lakes estate" / "lakes estate hurley street")
 *		lose only the bigrams at their joins, and split or glued words
 *		("pridhamstreet") none.  Strings of one code point compare equal or
 *		not.
 */
static double
bigram_dice(ambc_span a, ambc_span b)
{
	int32_t		ca[MAXCP];
	int32_t		cb[MAXCP];
	uint64_t	ga[MAXCP];
	uint64_t	gb[MAXCP];
	size_t		na = decode_nospace(a, ca);
	size_t		nb = decode_nospace(b, cb);
	size_t		i;
	size_t		j;
	size_t		common = 0;

	if (na < 2 || nb < 2)
		return (na == nb && memcmp(ca, cb, na * sizeof(int32_t)) == 0) ? 1.0 : 0.0;
	for (i = 0; i + 1 < na; i++)
		ga[i] = ((uint64_t) (uint32_t) ca[i] << 32) | (uint32_t) ca[i + 1];
	for (i = 0; i + 1 < nb; i++)
		gb[i] = ((uint64_t) (uint32_t) cb[i] << 32) | (uint32_t) cb[i + 1];
	sort_u64(ga, na - 1);
	sort_u64(gb, nb - 1);
	i = j = 0;
	while (i < na - 1 && j < nb - 1)
	{
		if (ga[i] == gb[j])
		{
			common++;
			i++;
			j++;
		}
		else if (ga[i] < gb[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double) common / (double) (na - 1 + nb - 1);
}

/* ------------------------------------------------------------------------
 * nicknames
 * ------------------------------------------------------------------------
 */

/*
 * nick_range
 *		The range [*lo, *hi) of nk's entries whose nick is h.
 */
static void
nick_range(const ambc_fs_nicknames *nk, uint64_t h, size_t *lo, size_t *hi)
{
	size_t		a = 0;
	size_t		b = nk->n;

	while (a < b)
	{
		size_t		mid = a + (b - a) / 2;

		if (nk->nick[mid] < h)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = nk->n;
	while (a < b)
	{
		size_t		mid = a + (b - a) / 2;

		if (nk->nick[mid] <= h)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

/*
 * in_group
 *		True if name hash x is in the group of h: x == h, or h is a
 *		nickname of x.
 */
static bool
in_group(const ambc_fs_nicknames *nk, uint64_t h, size_t lo, size_t hi,
		 uint64_t x)
{
	size_t		i;

	if (x == h)
		return true;
	for (i = lo; i < hi; i++)
		if (nk->name[i] == x)
			return true;
	return false;
}

/*
 * ambc_fs_nickname_match
 *		See fsmodel.h.  The groups are {a} + names(a) and {b} + names(b).
 */
bool
ambc_fs_nickname_match(const ambc_fs_nicknames *nk, const char *a,
					   size_t alen, const char *b, size_t blen)
{
	uint64_t	ha;
	uint64_t	hb;
	size_t		alo,
				ahi,
				blo,
				bhi,
				i;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return true;
	if (nk == NULL || nk->n == 0)
		return false;
	ha = ambc_fs_name_hash(a, alen);
	hb = ambc_fs_name_hash(b, blen);
	nick_range(nk, ha, &alo, &ahi);
	nick_range(nk, hb, &blo, &bhi);
	if (in_group(nk, hb, blo, bhi, ha))
		return true;
	for (i = alo; i < ahi; i++)
		if (in_group(nk, hb, blo, bhi, nk->name[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------------------
 * field comparisons
 * ------------------------------------------------------------------------
 */

static bool
missing(ambc_span s)
{
	return s.p == NULL || s.len == 0;
}

/*
 * first_cp_len
 *		Byte length of the first code point of a non-empty span (1 if
 *		malformed).
 */
static size_t
first_cp_len(ambc_span s)
{
	size_t		pos = 0;
	int32_t		cp;

	if (ambc_utf8_next(s.p, s.len, &pos, &cp) != AMBC_OK)
		return 1;
	return pos;
}

/*
 * is_initial_of
 *		True if a is a single character and b starts with it.
 */
static bool
is_initial_of(ambc_span a, ambc_span b)
{
	size_t		n = first_cp_len(a);

	return n == a.len && b.len > n && memcmp(a.p, b.p, n) == 0;
}

/*
 * cmp_name
 *		Level of two given names (given = true) or family names.
 */
static int
cmp_name(ambc_span a, ambc_span b, bool given, const ambc_fs_nicknames *nk,
		 float *sim)
{
	double		s;

	*sim = -1;
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	if (given && nk != NULL &&
		ambc_fs_nickname_match(nk, a.p, a.len, b.p, b.len))
		return AMBC_L_NICKNAME;
	s = jw(a, b);
	*sim = (float) s;
	if (s >= AMBC_FS_JW_FUZZY)
		return AMBC_L_FUZZY;
	if (s >= AMBC_FS_JW_PARTIAL)
		return AMBC_L_PARTIAL;
	if (given && (is_initial_of(a, b) || is_initial_of(b, a)))
		return AMBC_L_PARTIAL;
	return AMBC_L_DIFFERENT;
}

/*
 * cmp_birth
 *		Level of two dates written YYYYMMDD.
 */
static int
cmp_birth(ambc_span a, ambc_span b)
{
	int			same;

	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	if (spans_within_one_edit(a, b))
		return AMBC_L_FUZZY;
	if (a.len != 8 || b.len != 8)
		return AMBC_L_DIFFERENT;
	/* day and month swapped: YYYY MM DD */
	if (memcmp(a.p, b.p, 4) == 0 && memcmp(a.p + 4, b.p + 6, 2) == 0 &&
		memcmp(a.p + 6, b.p + 4, 2) == 0)
		return AMBC_L_FUZZY;
	same = (memcmp(a.p, b.p, 4) == 0) + (memcmp(a.p + 4, b.p + 4, 2) == 0) +
		(memcmp(a.p + 6, b.p + 6, 2) == 0);
	return same >= 2 ? AMBC_L_PARTIAL : AMBC_L_DIFFERENT;
}

/*
 * cmp_email
 *		Level of two normalized addresses.
 */
static int
cmp_email(ambc_span a, ambc_span b, float *sim)
{
	const char *at_a;
	const char *at_b;
	ambc_span	la,
				lb;

	*sim = -1;
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	at_a = memchr(a.p, '@', a.len);
	at_b = memchr(b.p, '@', b.len);
	if (at_a == NULL || at_b == NULL)
		return AMBC_L_DIFFERENT;
	la.p = a.p;
	la.len = (size_t) (at_a - a.p);
	lb.p = b.p;
	lb.len = (size_t) (at_b - b.p);
	if (span_eq(la, lb))
		return AMBC_L_FUZZY;	/* same mailbox name, another provider */
	if (a.len - la.len == b.len - lb.len &&
		memcmp(at_a, at_b, a.len - la.len) == 0)
	{
		double		s = jw(la, lb);

		*sim = (float) s;
		if (s >= AMBC_FS_JW_FUZZY)
			return AMBC_L_FUZZY;
	}
	return AMBC_L_DIFFERENT;
}

/*
 * cmp_edit
 *		exact | fuzzy (one edit) | different.
 */
static int
cmp_edit(ambc_span a, ambc_span b)
{
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	return spans_within_one_edit(a, b) ? AMBC_L_FUZZY : AMBC_L_DIFFERENT;
}

/*
 * cmp_jw
 *		exact | fuzzy (JW >= AMBC_FS_JW_FUZZY) | different.
 */
static int
cmp_jw(ambc_span a, ambc_span b, float *sim)
{
	double		s;

	*sim = -1;
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	s = jw(a, b);
	*sim = (float) s;
	return s >= AMBC_FS_JW_FUZZY ? AMBC_L_FUZZY : AMBC_L_DIFFERENT;
}

/*
 * cmp_address
 *		exact (equal without spaces) | fuzzy | partial | different, by the
 *		bigram Dice coefficient.
 */
static int
cmp_address(ambc_span a, ambc_span b, float *sim)
{
	double		s;

	*sim = -1;
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	s = bigram_dice(a, b);
	*sim = (float) s;
	if (s >= 1.0)
		return AMBC_L_EXACT;
	if (s >= AMBC_FS_DICE_FUZZY)
		return AMBC_L_FUZZY;
	if (s >= AMBC_FS_DICE_PARTIAL)
		return AMBC_L_PARTIAL;
	return AMBC_L_DIFFERENT;
}

/* rank of a level for choosing the name orientation; missing is worst */
static int
rank(int level)
{
	return level == AMBC_L_MISSING ? AMBC_L_DIFFERENT : level;
}

/*
 * ambc_fs_compare
 *		See fsmodel.h.
 */
void
ambc_fs_compare(const ambc_fs_rec *a, const ambc_fs_rec *b,
				const ambc_fs_nicknames *nk, ambc_fs_cmp *out)
{
	int			g,
				f;
	float		gs,
				fs;

	out->swapped = false;
	g = cmp_name(a->f[AMBC_F_GIVEN], b->f[AMBC_F_GIVEN], true, nk, &gs);
	f = cmp_name(a->f[AMBC_F_FAMILY], b->f[AMBC_F_FAMILY], false, nk, &fs);
	if (rank(g) + rank(f) > AMBC_L_EXACT &&
		!missing(a->f[AMBC_F_GIVEN]) && !missing(a->f[AMBC_F_FAMILY]) &&
		!missing(b->f[AMBC_F_GIVEN]) && !missing(b->f[AMBC_F_FAMILY]))
	{
		float		xgs,
					xfs;
		int			xg = cmp_name(a->f[AMBC_F_GIVEN], b->f[AMBC_F_FAMILY],
								  true, nk, &xgs);
		int			xf = cmp_name(a->f[AMBC_F_FAMILY], b->f[AMBC_F_GIVEN],
								  false, nk, &xfs);

		if (rank(xg) + rank(xf) < rank(g) + rank(f))
		{
			g = xg;
			f = xf;
			gs = xgs;
			fs = xfs;
			out->swapped = true;
		}
	}
	out->level[AMBC_F_GIVEN] = (uint8_t) g;
	out->sim[AMBC_F_GIVEN] = gs;
	out->level[AMBC_F_FAMILY] = (uint8_t) f;
	out->sim[AMBC_F_FAMILY] = fs;

	out->level[AMBC_F_BIRTH] = (uint8_t) cmp_birth(a->f[AMBC_F_BIRTH],
												   b->f[AMBC_F_BIRTH]);
	out->sim[AMBC_F_BIRTH] = -1;
	out->level[AMBC_F_EMAIL] = (uint8_t) cmp_email(a->f[AMBC_F_EMAIL],
												   b->f[AMBC_F_EMAIL],
												   &out->sim[AMBC_F_EMAIL]);
	out->level[AMBC_F_PHONE] = (uint8_t) cmp_edit(a->f[AMBC_F_PHONE],
												  b->f[AMBC_F_PHONE]);
	out->sim[AMBC_F_PHONE] = -1;
	out->level[AMBC_F_HANDLE] = (uint8_t) cmp_jw(a->f[AMBC_F_HANDLE],
												 b->f[AMBC_F_HANDLE],
												 &out->sim[AMBC_F_HANDLE]);
	out->level[AMBC_F_ADDRESS] = (uint8_t) cmp_address(a->f[AMBC_F_ADDRESS],
													   b->f[AMBC_F_ADDRESS],
													   &out->sim[AMBC_F_ADDRESS]);
	out->level[AMBC_F_CITY] = (uint8_t) cmp_jw(a->f[AMBC_F_CITY],
											   b->f[AMBC_F_CITY],
											   &out->sim[AMBC_F_CITY]);
	out->level[AMBC_F_POSTAL] = (uint8_t) cmp_edit(a->f[AMBC_F_POSTAL],
												   b->f[AMBC_F_POSTAL]);
	out->sim[AMBC_F_POSTAL] = -1;
	if (missing(a->f[AMBC_F_REGION]) || missing(b->f[AMBC_F_REGION]))
		out->level[AMBC_F_REGION] = AMBC_L_MISSING;
	else
		out->level[AMBC_F_REGION] =
			span_eq(a->f[AMBC_F_REGION], b->f[AMBC_F_REGION]) ?
			AMBC_L_EXACT : AMBC_L_DIFFERENT;
	out->sim[AMBC_F_REGION] = -1;
}

/* ------------------------------------------------------------------------
 * weights
 * ------------------------------------------------------------------------
 */

/*
 * safe_log2_ratio
 *		log2(m / u) with both kept away from 0.
 */
static double
safe_log2_ratio(double m, double u)
{
	if (!(m > 1e-12))
		m = 1e-12;
	if (!(u > 1e-12))
		u = 1e-12;
	return log2(m / u);
}

/*
 * ambc_fs_score_pair
 *		See fsmodel.h.  For an exact agreement on a term-frequency field the
 *		u of the level is replaced by the value's frequency: the larger of
 *		the two records' (they agree, but a swapped name compares a given
 *		name's frequency with a family name's), kept at or above tf_floor.
 */
double
ambc_fs_score_pair(const ambc_fs_model *model, const ambc_fs_rec *a,
				   const ambc_fs_rec *b, const ambc_fs_cmp *c,
				   ambc_fs_score *detail)
{
	double		prior = model->prior;
	double		total;
	double		prob;
	int			f;

	if (!(prior > 1e-300))
		prior = 1e-300;
	if (!(prior < 1.0))
		prior = 1.0 - 1e-16;
	total = log2(prior / (1.0 - prior));
	if (detail != NULL)
		detail->prior_weight = total;

	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		int			l = c->level[f];
		double		w = 0;
		double		adj = 0;

		if (l < AMBC_NLEVELS)
		{
			w = safe_log2_ratio(model->m[f][l], model->u[f][l]);
			if (l == AMBC_L_EXACT && ambc_fs_tf_field(f))
			{
				int			fa = f;
				int			fb = f;
				double		tf;

				if (c->swapped && f == AMBC_F_GIVEN)
					fb = AMBC_F_FAMILY;
				else if (c->swapped && f == AMBC_F_FAMILY)
					fb = AMBC_F_GIVEN;
				if (a->tf[fa] > 0 && b->tf[fb] > 0)
				{
					tf = a->tf[fa] > b->tf[fb] ? a->tf[fa] : b->tf[fb];
					if (tf < model->tf_floor)
						tf = model->tf_floor;
					adj = safe_log2_ratio(model->u[f][l], tf);
					w += adj;
				}
			}
		}
		if (detail != NULL)
		{
			detail->weight[f] = w;
			detail->tf_adjust[f] = adj;
		}
		total += w;
	}
	/* 2^-W overflows a double below -1023; the probability is then 0 */
	if (total > 1000)
		prob = 1.0;
	else if (total < -1000)
		prob = 0.0;
	else
		prob = 1.0 / (1.0 + exp2(-total));
	if (detail != NULL)
	{
		detail->total = total;
		detail->probability = prob;
	}
	return prob;
}

/* ------------------------------------------------------------------------
 * patterns and estimation
 * ------------------------------------------------------------------------
 */

#define BASE (AMBC_NLEVELS + 1)

/*
 * ambc_fs_pattern
 *		See fsmodel.h.  6^10 < 2^32.
 */
uint32_t
ambc_fs_pattern(const ambc_fs_cmp *c)
{
	uint32_t	p = 0;
	int			f;

	for (f = AMBC_NFIELDS - 1; f >= 0; f--)
		p = p * BASE + (c->level[f] <= AMBC_NLEVELS ? c->level[f] : AMBC_L_MISSING);
	return p;
}

int
ambc_fs_pattern_level(uint32_t pattern, int field)
{
	int			f;

	for (f = 0; f < field; f++)
		pattern /= BASE;
	return (int) (pattern % BASE);
}

/*
 * ambc_fs_u_from_counts
 *		See fsmodel.h.
 */
void
ambc_fs_u_from_counts(const double counts[AMBC_NFIELDS][AMBC_NLEVELS],
					  double u[AMBC_NFIELDS][AMBC_NLEVELS])
{
	int			f,
				l;

	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		double		total = 0;
		int			nlev = 0;

		for (l = 0; l < AMBC_NLEVELS; l++)
			if (ambc_fs_has_level(f, l))
			{
				total += counts[f][l];
				nlev++;
			}
		for (l = 0; l < AMBC_NLEVELS; l++)
			u[f][l] = ambc_fs_has_level(f, l) ?
				(counts[f][l] + 0.5) / (total + 0.5 * nlev) : 0;
	}
}

/*
 * normalize_floor
 *		Make p[f][*] a distribution over the field's levels with every level
 *		at least EM_FLOOR.
 */
static void
normalize_floor(double p[AMBC_NFIELDS][AMBC_NLEVELS], int f)
{
	double		total = 0;
	int			l;

	for (l = 0; l < AMBC_NLEVELS; l++)
	{
		if (!ambc_fs_has_level(f, l))
		{
			p[f][l] = 0;
			continue;
		}
		if (!(p[f][l] >= EM_FLOOR))
			p[f][l] = EM_FLOOR;
		total += p[f][l];
	}
	for (l = 0; l < AMBC_NLEVELS; l++)
		p[f][l] /= total;
}

/*
 * ambc_fs_em
 *		See fsmodel.h.  Each iteration: E-step, the posterior match
 *		probability of each pattern from the current m, v and lambda; M-step,
 *		m(f,l) and v(f,l) as the posterior-weighted shares of level l among
 *		the patterns where f is not missing, lambda as the mean posterior.
 */
void
ambc_fs_em(const uint32_t *pattern, const double *count, size_t npat,
		   double m[AMBC_NFIELDS][AMBC_NLEVELS],
		   double v[AMBC_NFIELDS][AMBC_NLEVELS], double *lambda,
		   int max_iter, double tol, ambc_fs_em_result *result)
{
	int			it;
	int			f,
				l;
	double		lam = *lambda;
	double		change = 0;

	result->iterations = 0;
	result->converged = false;
	result->max_change = 0;

	if (!(lam > EM_FLOOR && lam < 1 - EM_FLOOR))
		lam = 0.5;
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		normalize_floor(m, f);
		normalize_floor(v, f);
	}

	for (it = 0; it < max_iter; it++)
	{
		double		mm[AMBC_NFIELDS][AMBC_NLEVELS];
		double		vv[AMBC_NFIELDS][AMBC_NLEVELS];
		double		lw[AMBC_NFIELDS][AMBC_NLEVELS];
		double		sum_r = 0;
		double		sum_n = 0;
		double		prior_w = log2(lam / (1 - lam));
		size_t		i;

		memset(mm, 0, sizeof(mm));
		memset(vv, 0, sizeof(vv));
		for (f = 0; f < AMBC_NFIELDS; f++)
			for (l = 0; l < AMBC_NLEVELS; l++)
				lw[f][l] = ambc_fs_has_level(f, l) ? log2(m[f][l] / v[f][l]) : 0;

		for (i = 0; i < npat; i++)
		{
			uint32_t	p = pattern[i];
			int			lv[AMBC_NFIELDS];
			double		w = prior_w;
			double		r;

			for (f = 0; f < AMBC_NFIELDS; f++)
			{
				lv[f] = (int) (p % BASE);
				p /= BASE;
				if (lv[f] < AMBC_NLEVELS)
					w += lw[f][lv[f]];
			}
			r = w > 1000 ? 1.0 : w < -1000 ? 0.0 : 1.0 / (1.0 + exp2(-w));
			sum_r += count[i] * r;
			sum_n += count[i];
			for (f = 0; f < AMBC_NFIELDS; f++)
				if (lv[f] < AMBC_NLEVELS)
				{
					mm[f][lv[f]] += count[i] * r;
					vv[f][lv[f]] += count[i] * (1 - r);
				}
		}
		if (sum_n <= 0)
			break;

		change = 0;
		for (f = 0; f < AMBC_NFIELDS; f++)
		{
			double		tm = 0;
			double		tv = 0;
			double		old_m[AMBC_NLEVELS];
			double		old_v[AMBC_NLEVELS];

			memcpy(old_m, m[f], sizeof(old_m));
			memcpy(old_v, v[f], sizeof(old_v));
			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				tm += mm[f][l];
				tv += vv[f][l];
			}
			/* a field never compared keeps its values */
			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				if (!ambc_fs_has_level(f, l))
					continue;
				if (tm > 0)
					m[f][l] = mm[f][l] / tm;
				if (tv > 0)
					v[f][l] = vv[f][l] / tv;
			}
			normalize_floor(m, f);
			normalize_floor(v, f);
			for (l = 0; l < AMBC_NLEVELS; l++)
			{
				if (fabs(m[f][l] - old_m[l]) > change)
					change = fabs(m[f][l] - old_m[l]);
				if (fabs(v[f][l] - old_v[l]) > change)
					change = fabs(v[f][l] - old_v[l]);
			}
		}
		{
			double		nl = sum_r / sum_n;

			if (nl < EM_FLOOR)
				nl = EM_FLOOR;
			if (nl > 1 - EM_FLOOR)
				nl = 1 - EM_FLOOR;
			if (fabs(nl - lam) > change)
				change = fabs(nl - lam);
			lam = nl;
		}
		result->iterations = it + 1;
		if (change < tol)
		{
			result->converged = true;
			break;
		}
	}
	*lambda = lam;
	result->lambda = lam;
	result->max_change = change;
}
