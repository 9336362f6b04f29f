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
 * adjustment), email exact after normalization (log2(0.85/0.00001) =
 * 16.38), birth_date missing (0).  With the default prior 1e-5 (-16.61),
 * W = 11.97 and P = 1/(1 + 2^-11.97) = 0.99975.
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

/*
 * at_least
 *		s >= threshold, allowing for rounding: robert/rupert is exactly 0.8
 *		in Jaro-Winkler (7/9 + 0.1 * 2 * 2/9) but computes as 0.7999...
 */
#define at_least(s, threshold) ((s) >= (threshold) - 1e-12)

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
	LV(AMBC_L_EXACT) | LV(AMBC_L_DIFFERENT),	/* handle */
	LV_EFPD,					/* address_line */
	LV_EFD,						/* city */
	LV_EFD,						/* postal_code */
	LV(AMBC_L_EXACT) | LV(AMBC_L_DIFFERENT)	/* region */
};

/*
 * Default parameters: m and u per field, levels in the order exact,
 * nickname, fuzzy, partial, different (0 where the field has no such
 * level).  Chosen for contact data with a few percent typos per field and
 * a few thousand distinct values per name field, and on the cautious side
 * (upsert_ambassador links on them until the first training): the place
 * fields (city, postal code, region, street line) say much the same thing,
 * so each is given modest weight.  amb.train_match_model replaces them
 * with estimates from the data.
 */
static const double default_m[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.80, 0.05, 0.08, 0.04, 0.03},	/* given_name */
	{0.85, 0, 0.08, 0.04, 0.03},	/* family_name */
	{0.85, 0, 0.08, 0.05, 0.02},	/* birth_date */
	{0.85, 0, 0.01, 0, 0.14},	/* email */
	{0.80, 0, 0.05, 0, 0.15},	/* phone */
	{0.75, 0, 0, 0, 0.25},		/* handle */
	{0.70, 0, 0.10, 0.05, 0.15},	/* address_line */
	{0.80, 0, 0.05, 0, 0.15},	/* city */
	{0.75, 0, 0.05, 0, 0.20},	/* postal_code */
	{0.90, 0, 0, 0, 0.10}		/* region */
};

static const double default_u[AMBC_NFIELDS][AMBC_NLEVELS] = {
	{0.01, 0.003, 0.01, 0.05, 0.927},	/* given_name */
	{0.003, 0, 0.005, 0.03, 0.962},	/* family_name */
	{0.0001, 0, 0.001, 0.02, 0.9789},	/* birth_date */
	{0.00001, 0, 0.000001, 0, 0.999989},	/* email */
	{0.00001, 0, 0.0001, 0, 0.99989},	/* phone */
	{0.00001, 0, 0, 0, 0.99999},	/* handle */
	{0.0001, 0, 0.0005, 0.005, 0.9944},	/* address_line */
	{0.05, 0, 0.01, 0, 0.94},	/* city */
	{0.02, 0, 0.03, 0, 0.95},	/* postal_code */
	{0.30, 0, 0, 0, 0.70}		/* region */
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

static inline bool
span_eq(ambc_span a, ambc_span b)
{
	size_t		i;

	if (a.len != b.len)
		return false;
	if (a.len > 32)
		return memcmp(a.p, b.p, a.len) == 0;
	/* short fields: cheaper than a call */
	for (i = 0; i < a.len; i++)
		if (a.p[i] != b.p[i])
			return false;
	return true;
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
	size_t		na;
	size_t		nb;
	double		r;

	/* the usual case, well-formed and short: jaro.c's fast paths */
	if (a.len <= MAXCP && b.len <= MAXCP &&
		ambc_jaro_winkler_utf8(a.p, a.len, b.p, b.len, &r) == AMBC_OK)
		return r;
	na = decode(a, ca);
	nb = decode(b, cb);
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
is_ascii(ambc_span s)
{
	size_t		i;

	for (i = 0; i < s.len; i++)
		if ((unsigned char) s.p[i] >= 0x80)
			return false;
	return true;
}

/*
 * widen
 *		The code points of s into cp (MAXCP entries): ASCII (the digits of
 *		dates, phone numbers and postal codes) copied byte by byte, anything
 *		else through decode.
 */
static size_t
widen(ambc_span s, int32_t *cp)
{
	size_t		i;

	if (s.len > MAXCP || !is_ascii(s))
		return decode(s, cp);
	for (i = 0; i < s.len; i++)
		cp[i] = (unsigned char) s.p[i];
	return s.len;
}

static bool
spans_within_one_edit(ambc_span a, ambc_span b)
{
	int32_t		ca[MAXCP];
	int32_t		cb[MAXCP];
	size_t		na = widen(a, ca);
	size_t		nb = widen(b, cb);

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
/*
 * alnum_index
 *		0..35 for an ASCII lower-case letter or digit, -1 for anything else.
 */
static int
alnum_index(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26 + (c - '0');
	return -1;
}

/*
 * alnum_bigrams
 *		The bigrams of s without its spaces as codes 0..1295, sorted, into
 *		g (MAXCP entries); their number, or -1 if s holds anything but ASCII
 *		lower-case letters, digits and spaces or is longer than MAXCP.
 */
static int
alnum_bigrams(ambc_span s, uint16_t *g)
{
	int			n = 0;
	int			prev = -1;
	size_t		i;
	int			k;

	if (s.len > MAXCP)
		return -1;
	for (i = 0; i < s.len; i++)
	{
		int			x;

		if (s.p[i] == ' ')
			continue;
		if ((x = alnum_index((unsigned char) s.p[i])) < 0)
			return -1;
		if (prev >= 0)
		{
			uint16_t	v = (uint16_t) (prev * 36 + x);

			/* insertion into the sorted prefix */
			for (k = n; k > 0 && g[k - 1] > v; k--)
				g[k] = g[k - 1];
			g[k] = v;
			n++;
		}
		prev = x;
	}
	return n;
}

/*
 * ambc_fs_address_grams
 *		See fsmodel.h.
 */
int
ambc_fs_address_grams(ambc_span address, uint16_t *out)
{
	if (address.p == NULL)
		return -1;
	return alnum_bigrams(address, out);
}

/*
 * dice_merge
 *		Dice coefficient of two sorted bigram code lists.
 */
static double
dice_merge(const uint16_t *ga, int na, const uint16_t *gb, int nb)
{
	int			i = 0;
	int			j = 0;
	int			common = 0;

	while (i < na && j < nb)
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
	return 2.0 * (double) common / (double) (na + nb);
}

/*
 * bigram_dice_alnum
 *		bigram_dice for two strings of ASCII lower-case letters, digits and
 *		spaces (what a normalized ASCII street line is): -1 if either holds
 *		anything else, -2 if either has fewer than two characters.
 */
static double
bigram_dice_alnum(ambc_span a, ambc_span b)
{
	uint16_t	ga[MAXCP];
	uint16_t	gb[MAXCP];
	int			na = alnum_bigrams(a, ga);
	int			nb = alnum_bigrams(b, gb);

	if (na < 0 || nb < 0)
		return -1;
	if (na == 0 || nb == 0)
		return -2;
	return dice_merge(ga, na, gb, nb);
}

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
	double		fast = bigram_dice_alnum(a, b);

	if (fast >= 0)
		return fast;
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
 * groups_meet
 *		True if the groups of names with hashes ha and hb meet, given their
 *		ranges in nk: {a} + names(a) against {b} + names(b).
 */
static bool
groups_meet(const ambc_fs_nicknames *nk, uint64_t ha, size_t alo, size_t ahi,
			uint64_t hb, size_t blo, size_t bhi)
{
	size_t		i;

	if (in_group(nk, hb, blo, bhi, ha))
		return true;
	for (i = alo; i < ahi; i++)
		if (in_group(nk, hb, blo, bhi, nk->name[i]))
			return true;
	return false;
}

/*
 * ambc_fs_nickname_match
 *		See fsmodel.h.
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
				bhi;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return true;
	if (nk == NULL || nk->n == 0)
		return false;
	ha = ambc_fs_name_hash(a, alen);
	hb = ambc_fs_name_hash(b, blen);
	nick_range(nk, ha, &alo, &ahi);
	nick_range(nk, hb, &blo, &bhi);
	return groups_meet(nk, ha, alo, ahi, hb, blo, bhi);
}

/*
 * ambc_fs_rec_prepare
 *		See fsmodel.h.
 */
void
ambc_fs_rec_prepare(ambc_fs_rec *r, const ambc_fs_nicknames *nk)
{
	static const int fields[2] = {AMBC_F_GIVEN, AMBC_F_FAMILY};
	int			k;

	for (k = 0; k < 2; k++)
	{
		ambc_span	s = r->f[fields[k]];
		size_t		lo = 0;
		size_t		hi = 0;

		r->name_hash[k] = 0;
		if (s.p != NULL && s.len > 0)
		{
			r->name_hash[k] = ambc_fs_name_hash(s.p, s.len);
			if (nk != NULL && nk->n > 0)
				nick_range(nk, r->name_hash[k], &lo, &hi);
		}
		r->nick_lo[k] = (uint32_t) lo;
		r->nick_hi[k] = (uint32_t) hi;
	}
	r->prepared = true;
}

/*
 * nickname_recs
 *		ambc_fs_nickname_match of name ia (0 given, 1 family) of ra and name
 *		ib of rb, both present and different, through the prepared lookups
 *		when there are.
 */
static bool
nickname_recs(const ambc_fs_nicknames *nk, const ambc_fs_rec *ra, int ia,
			  const ambc_fs_rec *rb, int ib)
{
	ambc_span	a = ra->f[ia == 0 ? AMBC_F_GIVEN : AMBC_F_FAMILY];
	ambc_span	b = rb->f[ib == 0 ? AMBC_F_GIVEN : AMBC_F_FAMILY];

	if (nk == NULL || nk->n == 0)
		return false;
	if (!ra->prepared || !rb->prepared)
		return ambc_fs_nickname_match(nk, a.p, a.len, b.p, b.len);
	return groups_meet(nk, ra->name_hash[ia], ra->nick_lo[ia], ra->nick_hi[ia],
					   rb->name_hash[ib], rb->nick_lo[ib], rb->nick_hi[ib]);
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
 * NameLevels
 *		The comparison of one pair of name words, at the given-name level
 *		(with nicknames and initials) and at the family-name level, from
 *		one similarity.
 */
typedef struct NameLevels
{
	int			given;
	int			family;
	float		sim;			/* -1 when not computed */
} NameLevels;

/*
 * cmp_name
 *		Compare name ia (0 given, 1 family) of ra with name ib of rb.  Both
 *		levels are symmetric in the two names.  Without want_given the
 *		given-name level is not worked out (it is the family one).
 */
static NameLevels
cmp_name(const ambc_fs_rec *ra, int ia, const ambc_fs_rec *rb, int ib,
		 const ambc_fs_nicknames *nk, bool want_given)
{
	ambc_span	a = ra->f[ia == 0 ? AMBC_F_GIVEN : AMBC_F_FAMILY];
	ambc_span	b = rb->f[ib == 0 ? AMBC_F_GIVEN : AMBC_F_FAMILY];
	NameLevels	r;
	double		s;

	r.sim = -1;
	if (missing(a) || missing(b))
	{
		r.given = r.family = AMBC_L_MISSING;
		return r;
	}
	if (span_eq(a, b))
	{
		r.given = r.family = AMBC_L_EXACT;
		return r;
	}
	s = jw(a, b);
	r.sim = (float) s;
	if (at_least(s, AMBC_FS_JW_FUZZY))
		r.family = AMBC_L_FUZZY;
	else if (at_least(s, AMBC_FS_JW_PARTIAL))
		r.family = AMBC_L_PARTIAL;
	else
		r.family = AMBC_L_DIFFERENT;
	if (!want_given)
		r.given = r.family;
	else if (nickname_recs(nk, ra, ia, rb, ib))
		r.given = AMBC_L_NICKNAME;
	else if (r.family == AMBC_L_DIFFERENT &&
			 (is_initial_of(a, b) || is_initial_of(b, a)))
		r.given = AMBC_L_PARTIAL;
	else
		r.given = r.family;
	return r;
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
 *		Level of two normalized addresses: fuzzy is the same mailbox name at
 *		a domain one edit away (a typo of the provider: "gmial.com").  A
 *		similar mailbox name is not fuzzy: mailbox names are made from
 *		people's names, so "karenking@" and "karenking9@" are as often two
 *		Karen Kings as one, and that evidence is the names' to give.
 */
static int
cmp_email(ambc_span a, ambc_span b)
{
	const char *at_a;
	const char *at_b;
	size_t		la;
	size_t		lb;
	ambc_span	da,
				db;

	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	at_a = memchr(a.p, '@', a.len);
	at_b = memchr(b.p, '@', b.len);
	if (at_a == NULL || at_b == NULL)
		return AMBC_L_DIFFERENT;
	la = (size_t) (at_a - a.p);
	lb = (size_t) (at_b - b.p);
	if (la != lb || memcmp(a.p, b.p, la) != 0)
		return AMBC_L_DIFFERENT;
	da.p = at_a + 1;
	da.len = a.len - la - 1;
	db.p = at_b + 1;
	db.len = b.len - lb - 1;
	return spans_within_one_edit(da, db) ? AMBC_L_FUZZY : AMBC_L_DIFFERENT;
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
	return at_least(s, AMBC_FS_JW_FUZZY) ? AMBC_L_FUZZY : AMBC_L_DIFFERENT;
}

/*
 * cmp_address
 *		exact (equal without spaces) | fuzzy | partial | different, by the
 *		bigram Dice coefficient.
 */
/*
 * first_number
 *		The first word of s made only of ASCII digits (the house number of a
 *		street line), or an absent span.
 */
static ambc_span
first_number(ambc_span s)
{
	size_t		i = 0;
	ambc_span	none = {NULL, 0};

	while (i < s.len)
	{
		size_t		j = i;
		bool		digits = true;

		while (j < s.len && s.p[j] != ' ')
		{
			if (s.p[j] < '0' || s.p[j] > '9')
				digits = false;
			j++;
		}
		if (digits && j > i)
		{
			ambc_span	r = {s.p + i, j - i};

			return r;
		}
		i = j + 1;
	}
	return none;
}

/*
 * house_numbers_differ
 *		True if both street lines have a house number and they differ:
 *		"107 oak street" and "247 oak street" are neighbours, not one
 *		address, however similar their text.
 */
static bool
house_numbers_differ(ambc_span a, ambc_span b)
{
	ambc_span	na = first_number(a);
	ambc_span	nb = first_number(b);

	return na.p != NULL && nb.p != NULL && !span_eq(na, nb);
}

static int
cmp_address(const ambc_fs_rec *ra, const ambc_fs_rec *rb, float *sim)
{
	ambc_span	a = ra->f[AMBC_F_ADDRESS];
	ambc_span	b = rb->f[AMBC_F_ADDRESS];
	double		s;

	*sim = -1;
	if (missing(a) || missing(b))
		return AMBC_L_MISSING;
	if (span_eq(a, b))
		return AMBC_L_EXACT;
	if (ra->addr_grams != NULL && rb->addr_grams != NULL &&
		ra->addr_ngrams > 0 && rb->addr_ngrams > 0)
		s = dice_merge(ra->addr_grams, ra->addr_ngrams, rb->addr_grams,
					   rb->addr_ngrams);
	else
		s = bigram_dice(a, b);
	*sim = (float) s;
	if (s >= 1.0)
		return AMBC_L_EXACT;
	if (at_least(s, AMBC_FS_DICE_FUZZY) && !house_numbers_differ(a, b))
		return AMBC_L_FUZZY;
	if (at_least(s, AMBC_FS_DICE_PARTIAL))
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
/*
 * span_cmp
 *		Byte order of two spans (a prefix sorts first).
 */
static int
span_cmp(ambc_span a, ambc_span b)
{
	size_t		n = a.len < b.len ? a.len : b.len;
	int			c = memcmp(a.p, b.p, n);

	if (c != 0)
		return c;
	return (a.len > b.len) - (a.len < b.len);
}

static ambc_span
span_min(ambc_span a, ambc_span b)
{
	return span_cmp(a, b) <= 0 ? a : b;
}

void
ambc_fs_compare(const ambc_fs_rec *a, const ambc_fs_rec *b,
				const ambc_fs_nicknames *nk, ambc_fs_cmp *out)
{
	int			g,
				f;
	float		gs,
				fs;

	{
		NameLevels	dg = cmp_name(a, 0, b, 0, nk, true);
		NameLevels	df = cmp_name(a, 1, b, 1, nk, false);

		g = dg.given;
		gs = dg.sim;
		f = df.family;
		fs = df.sim;
	}
	out->cross = 0;
	if (rank(g) + rank(f) > AMBC_L_EXACT &&
		!missing(a->f[AMBC_F_GIVEN]) && !missing(a->f[AMBC_F_FAMILY]) &&
		!missing(b->f[AMBC_F_GIVEN]) && !missing(b->f[AMBC_F_FAMILY]) &&
		(a->f[AMBC_F_GIVEN].p[0] == b->f[AMBC_F_FAMILY].p[0] ||
		 a->f[AMBC_F_FAMILY].p[0] == b->f[AMBC_F_GIVEN].p[0]))
	{
		/*
		 * The two crosswise pairs, and the two ways to read them: given
		 * slot from the first pair (cross 1) or from the second (cross 2).
		 * Choosing between them only by what they compare keeps the result
		 * the same whichever record comes first (cross 1 of (a, b) is cross
		 * 2 of (b, a)).
		 */
		NameLevels	p1 = cmp_name(a, 0, b, 1, nk, true);	/* a's given, b's family */
		NameLevels	p2 = cmp_name(a, 1, b, 0, nk, true);	/* a's family, b's given */
		int			r1 = rank(p1.given) + rank(p2.family);
		int			r2 = rank(p2.given) + rank(p1.family);
		int			pick;

		if (r1 != r2)
			pick = r1 < r2 ? 1 : 2;
		else if (p1.given != p2.given)
			pick = p1.given < p2.given ? 1 : 2;
		else
		{
			/* the same levels both ways: the smaller given-slot word */
			ambc_span	w1 = span_min(a->f[AMBC_F_GIVEN], b->f[AMBC_F_FAMILY]);
			ambc_span	w2 = span_min(a->f[AMBC_F_FAMILY], b->f[AMBC_F_GIVEN]);

			pick = span_cmp(w1, w2) <= 0 ? 1 : 2;
		}
		if ((pick == 1 ? r1 : r2) < rank(g) + rank(f))
		{
			out->cross = (uint8_t) pick;
			g = pick == 1 ? p1.given : p2.given;
			gs = pick == 1 ? p1.sim : p2.sim;
			f = pick == 1 ? p2.family : p1.family;
			fs = pick == 1 ? p2.sim : p1.sim;
		}
	}
	out->swapped = out->cross != 0;
	out->level[AMBC_F_GIVEN] = (uint8_t) g;
	out->sim[AMBC_F_GIVEN] = gs;
	out->level[AMBC_F_FAMILY] = (uint8_t) f;
	out->sim[AMBC_F_FAMILY] = fs;

	out->level[AMBC_F_BIRTH] = (uint8_t) cmp_birth(a->f[AMBC_F_BIRTH],
												   b->f[AMBC_F_BIRTH]);
	out->sim[AMBC_F_BIRTH] = -1;
	out->level[AMBC_F_EMAIL] = (uint8_t) cmp_email(a->f[AMBC_F_EMAIL],
												   b->f[AMBC_F_EMAIL]);
	out->sim[AMBC_F_EMAIL] = -1;
	out->level[AMBC_F_PHONE] = (uint8_t) cmp_edit(a->f[AMBC_F_PHONE],
												  b->f[AMBC_F_PHONE]);
	out->sim[AMBC_F_PHONE] = -1;
	if (missing(a->f[AMBC_F_HANDLE]) || missing(b->f[AMBC_F_HANDLE]))
		out->level[AMBC_F_HANDLE] = AMBC_L_MISSING;
	else
		out->level[AMBC_F_HANDLE] =
			span_eq(a->f[AMBC_F_HANDLE], b->f[AMBC_F_HANDLE]) ?
			AMBC_L_EXACT : AMBC_L_DIFFERENT;
	out->sim[AMBC_F_HANDLE] = -1;
	out->level[AMBC_F_ADDRESS] = (uint8_t) cmp_address(a, b,
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
 * packed records
 * ------------------------------------------------------------------------
 */

/* the spans of a packed record, in this order */
#define PACK_SPANS (AMBC_NFIELDS + 2)

typedef struct PackedHeader
{
	uint64_t	name_hash[2];
	float		tf[AMBC_NFIELDS];
	uint32_t	nick_lo[2];
	uint32_t	nick_hi[2];
	uint16_t	len[PACK_SPANS];	/* 0xFFFF: absent */
	int16_t		addr_ngrams;
	uint8_t		prepared;
	uint8_t		pad[5];
} PackedHeader;

#define ABSENT_LEN 0xFFFF

static ambc_span
pack_span(const ambc_fs_rec *r, int k)
{
	if (k < AMBC_NFIELDS)
		return r->f[k];
	return k == AMBC_NFIELDS ? r->given_key : r->family_key;
}

/*
 * ambc_fs_pack_size
 *		See fsmodel.h.
 */
size_t
ambc_fs_pack_size(const ambc_fs_rec *r)
{
	size_t		n = sizeof(PackedHeader);
	int			k;

	for (k = 0; k < PACK_SPANS; k++)
	{
		ambc_span	s = pack_span(r, k);

		if (s.p == NULL)
			continue;
		if (s.len >= ABSENT_LEN)
			return SIZE_MAX;
		n += s.len;
	}
	if (r->addr_grams != NULL && r->addr_ngrams > 0)
	{
		if (r->addr_ngrams > MAXCP)
			return SIZE_MAX;
		n = (n + 1) & ~(size_t) 1;
		n += (size_t) r->addr_ngrams * sizeof(uint16_t);
	}
	return (n + 7) & ~(size_t) 7;
}

/*
 * ambc_fs_pack
 *		See fsmodel.h.
 */
void
ambc_fs_pack(const ambc_fs_rec *r, void *dst)
{
	PackedHeader *h = dst;
	char	   *p = (char *) dst + sizeof(PackedHeader);
	int			k;

	memset(h, 0, sizeof(*h));
	memcpy(h->name_hash, r->name_hash, sizeof(h->name_hash));
	memcpy(h->tf, r->tf, sizeof(h->tf));
	memcpy(h->nick_lo, r->nick_lo, sizeof(h->nick_lo));
	memcpy(h->nick_hi, r->nick_hi, sizeof(h->nick_hi));
	h->prepared = r->prepared ? 1 : 0;
	for (k = 0; k < PACK_SPANS; k++)
	{
		ambc_span	s = pack_span(r, k);

		if (s.p == NULL)
		{
			h->len[k] = ABSENT_LEN;
			continue;
		}
		h->len[k] = (uint16_t) s.len;
		memcpy(p, s.p, s.len);
		p += s.len;
	}
	h->addr_ngrams = -1;
	if (r->addr_grams != NULL && r->addr_ngrams > 0)
	{
		size_t		off = (size_t) (p - (char *) dst);

		p = (char *) dst + ((off + 1) & ~(size_t) 1);
		memcpy(p, r->addr_grams, (size_t) r->addr_ngrams * sizeof(uint16_t));
		h->addr_ngrams = (int16_t) r->addr_ngrams;
	}
}

/*
 * ambc_fs_unpack
 *		See fsmodel.h.
 */
void
ambc_fs_unpack(const void *src, ambc_fs_rec *out)
{
	const PackedHeader *h = src;
	const char *p = (const char *) src + sizeof(PackedHeader);
	int			k;

	memcpy(out->name_hash, h->name_hash, sizeof(out->name_hash));
	memcpy(out->tf, h->tf, sizeof(out->tf));
	memcpy(out->nick_lo, h->nick_lo, sizeof(out->nick_lo));
	memcpy(out->nick_hi, h->nick_hi, sizeof(out->nick_hi));
	out->prepared = h->prepared != 0;
	for (k = 0; k < PACK_SPANS; k++)
	{
		ambc_span	s;

		if (h->len[k] == ABSENT_LEN)
		{
			s.p = NULL;
			s.len = 0;
		}
		else
		{
			s.p = p;
			s.len = h->len[k];
			p += s.len;
		}
		if (k < AMBC_NFIELDS)
			out->f[k] = s;
		else if (k == AMBC_NFIELDS)
			out->given_key = s;
		else
			out->family_key = s;
	}
	out->addr_ngrams = h->addr_ngrams;
	out->addr_grams = NULL;
	if (h->addr_ngrams > 0)
	{
		size_t		off = (size_t) (p - (const char *) src);

		out->addr_grams = (const uint16_t *) ((const char *) src +
											  ((off + 1) & ~(size_t) 1));
	}
}

/*
 * ambc_fs_packed_set_tf
 *		See fsmodel.h.
 */
void
ambc_fs_packed_set_tf(void *dst, int field, float tf)
{
	PackedHeader *h = dst;

	if (field >= 0 && field < AMBC_NFIELDS)
		h->tf[field] = tf;
}

/* ------------------------------------------------------------------------
 * weights
 * ------------------------------------------------------------------------
 */

/*
 * ambc_fs_cmp_name_fields
 *		See fsmodel.h.
 */
void
ambc_fs_cmp_name_fields(const ambc_fs_cmp *c, int slot, int *fa, int *fb)
{
	bool		given_slot = (slot == AMBC_F_GIVEN);

	*fa = *fb = slot;
	if (c->cross == 1)
	{
		/* given slot: a's given and b's family; family slot the other way */
		*fa = given_slot ? AMBC_F_GIVEN : AMBC_F_FAMILY;
		*fb = given_slot ? AMBC_F_FAMILY : AMBC_F_GIVEN;
	}
	else if (c->cross == 2)
	{
		*fa = given_slot ? AMBC_F_FAMILY : AMBC_F_GIVEN;
		*fb = given_slot ? AMBC_F_GIVEN : AMBC_F_FAMILY;
	}
}

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

				if (f <= AMBC_F_FAMILY && c->cross != 0)
					ambc_fs_cmp_name_fields(c, f, &fa, &fb);
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
