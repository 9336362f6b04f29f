/*-------------------------------------------------------------------------
 *
 * test_block.c
 *		Unit tests for blocking (src/core/block.c): keys, candidate pairs,
 *		radix sort and union-find.
 *
 * Keys are checked against the table of block.h: which fields each slot
 * needs (over every subset of the fields), which slots change with which
 * field, how swapped names and reordered street lines meet.  Candidate
 * pairs are checked against a direct computation of "the pairs of records
 * that share a key of one rule" on random keys, with and without oversized
 * blocks, through an allocator that counts live allocations and can be
 * made to fail at any call, so that every error path is seen to release
 * what it took.  Record fields are exact-size heap copies, so
 * AddressSanitizer sees any read past a span.
 *
 * test/unit/test_block.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>

#include "block.h"
#include "dmetaphone.h"
#include "unit.h"

#define LENGTHOF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The most key slots block.c lets a rule have (MAX_RULE_SLOTS there: it
 * sizes the per-rule sort buffer by it).  A rule with more slots would
 * overrun that buffer, so test_slot_rules fails if any rule has more.
 */
#define MAX_RULE_SLOTS 3

/* ------------------------------------------------------------------------
 * records
 * ------------------------------------------------------------------------
 */

/* inputs of the keys, in this order */
enum
{
	IN_GKEY = 0, IN_FKEY, IN_BIRTH, IN_EMAIL, IN_PHONE, IN_HANDLE,
	IN_ADDRESS, IN_CITY, IN_POSTAL, IN_REGION, NIN
};

static const char *const in_names[NIN] = {
	"given_key", "family_key", "birth", "email", "phone", "handle",
	"address", "city", "postal", "region"
};

/* which inputs each slot needs, by block.h's table */
#define B(i) (1u << (i))
static const unsigned slot_needs[AMBC_NKEYS] = {
	B(IN_EMAIL),				/* 0 email */
	B(IN_PHONE),				/* 1 phone */
	B(IN_HANDLE),				/* 2 handle */
	B(IN_GKEY) | B(IN_POSTAL),	/* 3 name+postal */
	B(IN_FKEY) | B(IN_POSTAL),	/* 4 */
	B(IN_GKEY) | B(IN_FKEY),	/* 5 given+family */
	B(IN_BIRTH) | B(IN_GKEY),	/* 6 birth+name */
	B(IN_BIRTH) | B(IN_FKEY),	/* 7 */
	B(IN_BIRTH) | B(IN_POSTAL),	/* 8 birth+postal */
	B(IN_GKEY) | B(IN_CITY),	/* 9 name+city */
	B(IN_FKEY) | B(IN_CITY),	/* 10 */
	B(IN_ADDRESS),				/* 11 street */
	B(IN_POSTAL) | B(IN_ADDRESS),	/* 12 postal+street */
	B(IN_BIRTH) | B(IN_CITY),	/* 13 birth+city */
	B(IN_CITY) | B(IN_ADDRESS),	/* 14 city+street */
	B(IN_BIRTH) | B(IN_REGION),	/* 15 birth+region */
	B(IN_ADDRESS), B(IN_ADDRESS), B(IN_ADDRESS),	/* 16-18 number+street */
	B(IN_REGION) | B(IN_ADDRESS), B(IN_REGION) | B(IN_ADDRESS),
	B(IN_REGION) | B(IN_ADDRESS)	/* 19-21 region+street */
};

/* a record whose spans are exact-size heap copies */
typedef struct brec
{
	ambc_fs_rec r;
	char	   *own[NIN];
} brec;

/*
 * span_of
 *		Where input i lives in an ambc_fs_rec.
 */
static ambc_span *
span_of(ambc_fs_rec *r, int i)
{
	switch (i)
	{
		case IN_GKEY:
			return &r->given_key;
		case IN_FKEY:
			return &r->family_key;
		case IN_BIRTH:
			return &r->f[AMBC_F_BIRTH];
		case IN_EMAIL:
			return &r->f[AMBC_F_EMAIL];
		case IN_PHONE:
			return &r->f[AMBC_F_PHONE];
		case IN_HANDLE:
			return &r->f[AMBC_F_HANDLE];
		case IN_ADDRESS:
			return &r->f[AMBC_F_ADDRESS];
		case IN_CITY:
			return &r->f[AMBC_F_CITY];
		case IN_POSTAL:
			return &r->f[AMBC_F_POSTAL];
		default:
			return &r->f[AMBC_F_REGION];
	}
}

/*
 * brec_set
 *		Fill b from v[0..NIN) (NULL: absent) and the names given and family
 *		(NULL: absent), as exact-size copies.
 */
static void
brec_set(brec *b, const char *const *v)
{
	int			i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < NIN; i++)
	{
		size_t		n;
		ambc_span  *s = span_of(&b->r, i);

		if (v[i] == NULL)
			continue;
		n = strlen(v[i]);
		b->own[i] = malloc(n ? n : 1);
		if (b->own[i] == NULL)
			continue;
		b->own[i][0] = 0;
		memcpy(b->own[i], v[i], n);
		s->p = b->own[i];
		s->len = n;
	}
}

static void
brec_free(brec *b)
{
	int			i;

	for (i = 0; i < NIN; i++)
		free(b->own[i]);
	memset(b, 0, sizeof(*b));
}

/* a record with every input */
static const char *const full[NIN] = {
	"JN", "SM0", "19800307", "john@example.com", "+15125550100", "jsmith",
	"12 baker oak elm street", "austin", "78701", "tx"
};

/*
 * keys_of
 *		The keys of the record v.
 */
static void
keys_of(const char *const *v, uint64_t keys[AMBC_NKEYS])
{
	brec		b;

	brec_set(&b, v);
	ambc_block_keys(&b.r, keys);
	brec_free(&b);
}

/* ------------------------------------------------------------------------
 * keys
 * ------------------------------------------------------------------------
 */

/*
 * A slot has a key exactly when all the fields it needs are present, for
 * every subset of the fields; a field that is present but empty is absent.
 */
static void
test_keys_presence(void)
{
	unsigned	mask;
	uint64_t	keys[AMBC_NKEYS];
	int			s;

	keys_of(full, keys);
	for (s = 0; s < AMBC_NKEYS; s++)
		CHECKF(keys[s] != 0, "slot %d of the full record", s);

	for (mask = 0; mask < (1u << NIN); mask++)
	{
		const char *v[NIN];
		const char *e[NIN];
		uint64_t	ek[AMBC_NKEYS];
		int			i;
		int			ok = 1;

		for (i = 0; i < NIN; i++)
		{
			v[i] = (mask & B(i)) ? full[i] : NULL;
			e[i] = (mask & B(i)) ? full[i] : "";
		}
		keys_of(v, keys);
		keys_of(e, ek);
		for (s = 0; s < AMBC_NKEYS; s++)
		{
			int			want = (slot_needs[s] & ~mask) == 0;

			if ((keys[s] != 0) != want || ek[s] != keys[s])
				ok = 0;
		}
		CHECKF(ok, "fields 0x%03X", mask);
	}
}

/*
 * Equal values give equal keys; changing one field changes exactly the
 * keys of the slots that need it; the rule number keeps the rules apart,
 * and the fields of a key are kept apart.
 */
static void
test_keys_values(void)
{
	static const char *const other[NIN] = {
		"JNS", "SMT", "19800308", "jon@example.com", "+15125550101",
		"jsmith2", "14 baker oak elm street", "boston", "78702", "ca"
	};
	uint64_t	k1[AMBC_NKEYS];
	uint64_t	k2[AMBC_NKEYS];
	int			i,
				s;

	keys_of(full, k1);
	keys_of(full, k2);
	CHECK(memcmp(k1, k2, sizeof(k1)) == 0);
	for (i = 0; i < NIN; i++)
	{
		const char *v[NIN];
		int			ok = 1;

		memcpy(v, full, sizeof(v));
		v[i] = other[i];
		keys_of(v, k2);
		for (s = 0; s < AMBC_NKEYS; s++)
		{
			/* the street number is only in the keys of 16-18 */
			int			depends = (slot_needs[s] & B(i)) != 0;

			if (i == IN_ADDRESS && s != 11 && s < 16)
				depends = 0;
			if (i == IN_ADDRESS && s >= 19)
				depends = 0;
			if (depends ? k1[s] == k2[s] : k1[s] != k2[s])
				ok = 0;
		}
		CHECKF(ok, "changing %s", in_names[i]);
	}

	/* the same text in two rules: different keys */
	{
		const char *v[NIN] = {NULL};
		uint64_t	k[AMBC_NKEYS];

		v[IN_GKEY] = "12345";
		v[IN_POSTAL] = "12345";
		v[IN_BIRTH] = "12345";
		v[IN_CITY] = "12345";
		keys_of(v, k);
		CHECK(k[3] != 0 && k[6] != 0 && k[8] != 0 && k[9] != 0 &&
			  k[13] != 0);
		CHECK(k[3] != k[6] && k[3] != k[8] && k[3] != k[9] &&
			  k[3] != k[13] && k[6] != k[8] && k[6] != k[13] &&
			  k[8] != k[13] && k[9] != k[13]);
	}
	/* the fields of a key are kept apart: "19800307" + "A", "1980030" + "7A" */
	{
		const char *v[NIN] = {NULL};
		uint64_t	ka[AMBC_NKEYS];
		uint64_t	kb[AMBC_NKEYS];

		v[IN_GKEY] = "A";
		v[IN_BIRTH] = "19800307";
		keys_of(v, ka);
		v[IN_GKEY] = "7A";
		v[IN_BIRTH] = "1980030";
		keys_of(v, kb);
		CHECK(ka[6] != 0 && kb[6] != 0 && ka[6] != kb[6]);
	}
}

/*
 * Swapped names: "John Smith" and "Smith John" have the same rule-4 key,
 * and meet in rules 3, 5 and 7 through the other name slot (one slot per
 * name sound).
 */
static void
test_keys_swapped_names(void)
{
	const char *a[NIN];
	const char *b[NIN];
	uint64_t	ka[AMBC_NKEYS];
	uint64_t	kb[AMBC_NKEYS];

	memcpy(a, full, sizeof(a));
	memcpy(b, full, sizeof(b));
	b[IN_GKEY] = full[IN_FKEY];
	b[IN_FKEY] = full[IN_GKEY];
	keys_of(a, ka);
	keys_of(b, kb);
	CHECK(ka[5] != 0 && ka[5] == kb[5]);
	CHECK(ka[3] == kb[4] && ka[4] == kb[3] && ka[3] != ka[4]);
	CHECK(ka[6] == kb[7] && ka[7] == kb[6] && ka[6] != ka[7]);
	CHECK(ka[9] == kb[10] && ka[10] == kb[9] && ka[9] != ka[10]);

	/* one name only: no rule-4 key, but rules 3, 5, 7 still meet */
	b[IN_GKEY] = full[IN_FKEY];
	b[IN_FKEY] = NULL;
	keys_of(b, kb);
	CHECK(kb[5] == 0 && kb[4] == 0 && kb[3] == ka[4] && kb[6] == ka[7] &&
		  kb[9] == ka[10]);

	/* equal name sounds: one key in both slots */
	a[IN_FKEY] = full[IN_GKEY];
	keys_of(a, ka);
	CHECK(ka[3] == ka[4] && ka[6] == ka[7] && ka[9] == ka[10] && ka[5] != 0);
}

/*
 * set_equal
 *		True if the keys a[0..n) and b[0..n) are the same multiset.
 */
static int
set_equal(const uint64_t *a, const uint64_t *b, int n)
{
	int			used[8] = {0};
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		for (j = 0; j < n; j++)
			if (!used[j] && a[i] == b[j])
			{
				used[j] = 1;
				break;
			}
		if (j == n)
			return 0;
	}
	return 1;
}

/*
 * Street word keys (rules 13 and 14): the sounds of the first three words
 * that are not designators, with the street number (13) or the region
 * (14); designators ("street", "north") and word order do not matter.
 */
static void
test_keys_street_words(void)
{
	static const struct
	{
		const char *a;
		const char *b;
		int			same13;		/* same keys in 16-18, as sets */
		int			same14;		/* same keys in 19-21, as sets */
		int			nwords;		/* words of a that give a key */
	}			cases[] = {
		{"6 north avenue ashburton circuit", "6 ashburton circuit north avenue",
		1, 1, 1},
		{"12 baker oak elm street", "12 elm oak baker street", 1, 1, 3},
		{"12 baker oak elm street", "12 baker oak elm", 1, 1, 3},
		{"12 main street", "12 main road", 1, 1, 1},
		{"12 main street north", "12 north main", 1, 1, 1},
		{"12 smith lane", "12 smyth lane", 1, 1, 1},	/* one sound */
		{"12 alpha bravo charlie delta", "12 alpha bravo charlie echo", 1, 1,
		3},
		{"12 ab main", "12 main", 1, 1, 1},	/* words of 3 or more letters */
		{"12 5th main", "12 main", 1, 1, 1},	/* words without digits */
		{"12 main street", "13 main street", 0, 1, 1},
		{"12 main street", "12 maine street", 1, 1, 1},	/* MN */
		{"12 main street", "12 oak street", 0, 0, 1},
		{"12 street road", "12 lane", 1, 1, 0},	/* only designators */
	};
	size_t		i;

	for (i = 0; i < LENGTHOF(cases); i++)
	{
		const char *va[NIN];
		const char *vb[NIN];
		uint64_t	ka[AMBC_NKEYS];
		uint64_t	kb[AMBC_NKEYS];
		int			n = 0;
		int			s;

		memcpy(va, full, sizeof(va));
		memcpy(vb, full, sizeof(vb));
		va[IN_ADDRESS] = cases[i].a;
		vb[IN_ADDRESS] = cases[i].b;
		keys_of(va, ka);
		keys_of(vb, kb);
		for (s = 16; s < 19; s++)
			n += ka[s] != 0;
		CHECKF(n == cases[i].nwords, "\"%s\": %d word keys", cases[i].a, n);
		CHECKF(set_equal(ka + 16, kb + 16, 3) == cases[i].same13,
			   "\"%s\" / \"%s\": rule 13", cases[i].a, cases[i].b);
		CHECKF(set_equal(ka + 19, kb + 19, 3) == cases[i].same14,
			   "\"%s\" / \"%s\": rule 14", cases[i].a, cases[i].b);
		/* the word keys fill the first slots */
		for (s = 16 + n; s < 19; s++)
			CHECK(ka[s] == 0 && ka[s + 3] == 0);
	}

	/* the number is the first all-digit word; none: no rule-13 key */
	{
		const char *v[NIN];
		uint64_t	ka[AMBC_NKEYS];
		uint64_t	kb[AMBC_NKEYS];

		memcpy(v, full, sizeof(v));
		v[IN_ADDRESS] = "apartment 4 12 main street";
		keys_of(v, ka);
		v[IN_ADDRESS] = "4 main street";
		keys_of(v, kb);
		CHECK(ka[16] != 0 && ka[16] == kb[16]);
		v[IN_ADDRESS] = "main street";
		keys_of(v, ka);
		CHECK(ka[16] == 0 && ka[17] == 0 && ka[18] == 0 && ka[19] != 0 &&
			  ka[19] == kb[19]);
		v[IN_REGION] = NULL;
		keys_of(v, ka);
		CHECK(ka[19] == 0);
	}

	/* rule 8 wants 6 characters without spaces, rules 9/11 four letters */
	{
		const char *v[NIN];
		uint64_t	k[AMBC_NKEYS];

		memcpy(v, full, sizeof(v));
		v[IN_ADDRESS] = "1 abcd";
		keys_of(v, k);
		CHECK(k[11] == 0 && k[12] != 0 && k[14] != 0);
		v[IN_ADDRESS] = "12 abcd";
		keys_of(v, k);
		CHECK(k[11] != 0);
		v[IN_ADDRESS] = "123 abc";
		keys_of(v, k);
		CHECK(k[11] != 0 && k[12] == 0 && k[14] == 0);
		/* "12 main st" and "12mainst" are one street */
		{
			uint64_t	k2[AMBC_NKEYS];

			v[IN_ADDRESS] = "12 main st";
			keys_of(v, k);
			v[IN_ADDRESS] = "12mainst";
			keys_of(v, k2);
			CHECK(k[11] == k2[11] && k[12] == k2[12] && k[14] == k2[14]);
			/* the prefix skips digits: "12 main" and "99 main" share 9, 11 */
			v[IN_ADDRESS] = "12 main";
			keys_of(v, k);
			v[IN_ADDRESS] = "99 main";
			keys_of(v, k2);
			CHECK(k[12] == k2[12] && k[14] == k2[14] && k[11] != k2[11]);
		}
	}
}

/*
 * Slots and rules: each slot's rule is block.h's, a rule's slots are
 * adjacent, every rule has a slot, and no rule has more than
 * MAX_RULE_SLOTS; the rule names.
 */
static void
test_slot_rules(void)
{
	static const int want[AMBC_NKEYS] = {
		0, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 13,
		14, 14, 14
	};
	static const char *const names[AMBC_NRULES] = {
		"email", "phone", "handle", "name+postal", "given+family",
		"birth+name", "birth+postal", "name+city", "street", "postal+street",
		"birth+city", "city+street", "birth+region", "number+street",
		"region+street"
	};
	int			count[AMBC_NRULES] = {0};
	int			s,
				r;

	for (s = 0; s < AMBC_NKEYS; s++)
	{
		r = ambc_block_slot_rule(s);
		CHECKF(r == want[s], "slot %d: rule %d", s, r);
		CHECK(r >= 0 && r < AMBC_NRULES);
		if (r >= 0 && r < AMBC_NRULES)
			count[r]++;
		if (s > 0)
			CHECK(r == ambc_block_slot_rule(s - 1) ||
				  r == ambc_block_slot_rule(s - 1) + 1);
	}
	CHECK(ambc_block_slot_rule(-1) == -1);
	CHECK(ambc_block_slot_rule(AMBC_NKEYS) == -1);
	CHECK(ambc_block_slot_rule(1000) == -1);
	for (r = 0; r < AMBC_NRULES; r++)
	{
		CHECKF(count[r] >= 1 && count[r] <= MAX_RULE_SLOTS,
			   "rule %d has %d slots", r, count[r]);
		CHECKF(strcmp(ambc_block_key_name(r), names[r]) == 0, "rule %d: %s",
			   r, ambc_block_key_name(r));
	}
	CHECK(ambc_block_key_name(-1) != NULL);
	CHECK(ambc_block_key_name(AMBC_NRULES) != NULL);
}

/*
 * Order keys: by the first bytes of the family name, then the given name,
 * so that sorting by them sorts by name.
 */
static void
test_block_order(void)
{
	static const char *const names[][2] = {
		/* family, given; in ascending order */
		{NULL, NULL}, {NULL, "zed"}, {"adams", "bob"}, {"adams", "carl"},
		{"smith", "ann"}, {"smith", "bob"}, {"smithers", "bz"},
		{"smyth", "ann"}, {"\xC3\xA9mile", "x"}
	};
	uint64_t	prev = 0;
	size_t		i;

	for (i = 0; i < LENGTHOF(names); i++)
	{
		ambc_fs_rec r;
		uint64_t	o;

		memset(&r, 0, sizeof(r));
		if (names[i][0] != NULL)
		{
			r.f[AMBC_F_FAMILY].p = names[i][0];
			r.f[AMBC_F_FAMILY].len = strlen(names[i][0]);
		}
		if (names[i][1] != NULL)
		{
			r.f[AMBC_F_GIVEN].p = names[i][1];
			r.f[AMBC_F_GIVEN].len = strlen(names[i][1]);
		}
		o = ambc_block_order(&r);
		if (i > 0)
			CHECKF(o > prev, "%zu: not after the previous name", i);
		else
			CHECK(o == 0);
		prev = o;
	}
	/* only the first 5 + 3 bytes count */
	{
		ambc_fs_rec a,
					b;

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		a.f[AMBC_F_FAMILY].p = "smithson";
		a.f[AMBC_F_FAMILY].len = 8;
		a.f[AMBC_F_GIVEN].p = "robert";
		a.f[AMBC_F_GIVEN].len = 6;
		b.f[AMBC_F_FAMILY].p = "smithers";
		b.f[AMBC_F_FAMILY].len = 8;
		b.f[AMBC_F_GIVEN].p = "robin";
		b.f[AMBC_F_GIVEN].len = 5;
		CHECK(ambc_block_order(&a) == ambc_block_order(&b));
	}
}

/* ------------------------------------------------------------------------
 * candidates
 * ------------------------------------------------------------------------
 */

/* an allocator that counts, and fails where told */
typedef struct counting
{
	long		live;			/* blocks not released */
	long		calls;			/* calls to alloc */
	long		fail_at;		/* fail this call (1-based); 0: never */
	int			fail_after;		/* and every later one */
	long		bad_release;	/* releases of NULL */
} counting;

static void *
counting_alloc(void *ctx, size_t size)
{
	counting   *c = ctx;
	void	   *p;

	c->calls++;
	if (c->fail_at > 0 && (c->calls == c->fail_at ||
						   (c->fail_after && c->calls > c->fail_at)))
		return NULL;
	p = malloc(size ? size : 1);
	if (p != NULL)
		c->live++;
	return p;
}

static void
counting_release(void *ctx, void *ptr)
{
	counting   *c = ctx;

	if (ptr == NULL)
	{
		c->bad_release++;
		return;
	}
	c->live--;
	free(ptr);
}

/* a uniform 32-bit value */
static uint32_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t) (*s >> 33);
}

/*
 * random_keys
 *		keys[n * AMBC_NKEYS]: each slot 0 with probability 1/3, else one of
 *		nvalues small values, the same values in every rule (so that equal
 *		values of different rules must not make pairs).
 */
static void
random_keys(uint64_t *seed, uint64_t *keys, size_t n, uint32_t nvalues)
{
	size_t		i;

	for (i = 0; i < n * AMBC_NKEYS; i++)
		keys[i] = (rnd(seed) % 3 == 0) ? 0 : 1 + rnd(seed) % nvalues;
}

/*
 * distinct_in_rules
 *		Clear any key of a record that repeats one of its earlier slots of
 *		the same rule.
 */
static void
distinct_in_rules(uint64_t *keys, size_t n)
{
	size_t		i;
	int			x,
				y;

	for (i = 0; i < n; i++)
		for (x = 0; x < AMBC_NKEYS; x++)
			for (y = 0; y < x; y++)
				if (ambc_block_slot_rule(x) == ambc_block_slot_rule(y) &&
					keys[i * AMBC_NKEYS + x] == keys[i * AMBC_NKEYS + y])
					keys[i * AMBC_NKEYS + x] = 0;
}

/*
 * brute_pairs
 *		Into want[n * n] (want[i * n + j], i < j): do records i and j share
 *		a key of one rule?  Returns the number of pairs.
 */
static size_t
brute_pairs(const uint64_t *keys, size_t n, unsigned char *want)
{
	size_t		i,
				j;
	size_t		count = 0;

	memset(want, 0, n * n);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
		{
			int			x,
						y;
			int			share = 0;

			for (x = 0; x < AMBC_NKEYS && !share; x++)
			{
				uint64_t	k = keys[i * AMBC_NKEYS + x];

				if (k == 0)
					continue;
				for (y = 0; y < AMBC_NKEYS; y++)
					if (keys[j * AMBC_NKEYS + y] == k &&
						ambc_block_slot_rule(x) == ambc_block_slot_rule(y))
					{
						share = 1;
						break;
					}
			}
			want[i * n + j] = (unsigned char) share;
			count += share;
		}
	return count;
}

/*
 * largest_block
 *		The most distinct records with one key value of one rule.
 */
static uint64_t
largest_block(const uint64_t *keys, size_t n)
{
	uint64_t	best = 0;
	size_t		i;
	int			s;

	for (i = 0; i < n; i++)
		for (s = 0; s < AMBC_NKEYS; s++)
		{
			uint64_t	k = keys[i * AMBC_NKEYS + s];
			uint64_t	count = 0;
			size_t		j;
			int			t;

			if (k == 0)
				continue;
			for (j = 0; j < n; j++)
				for (t = 0; t < AMBC_NKEYS; t++)
					if (keys[j * AMBC_NKEYS + t] == k &&
						ambc_block_slot_rule(t) == ambc_block_slot_rule(s))
					{
						count++;
						break;
					}
			if (count > best)
				best = count;
		}
	return best;
}

/*
 * check_pair_list
 *		pairs[0..np) are distinct pairs (i << 32) | j, i < j < n, in
 *		ascending order.
 */
static int
check_pair_list(const uint64_t *pairs, size_t np, size_t n)
{
	size_t		k;

	for (k = 0; k < np; k++)
	{
		uint64_t	i = pairs[k] >> 32;
		uint64_t	j = pairs[k] & 0xFFFFFFFFu;

		if (!(i < j && j < n))
			return 0;
		if (k > 0 && !(pairs[k - 1] < pairs[k]))
			return 0;
	}
	return 1;
}

/*
 * With no block over max_block the candidates are exactly the pairs that
 * share a key of one rule (a direct computation over all pairs), distinct,
 * i < j, sorted; equal values of different rules make no pair; the order
 * keys change nothing; and the statistics add up.
 */
static void
test_candidates_exact(void)
{
	static const struct
	{
		size_t		n;
		uint32_t	nvalues;
	}			sizes[] = {
		{2, 2}, {3, 1}, {10, 3}, {50, 20}, {200, 60}, {400, 400}, {300, 5000}
	};
	uint64_t	seed = 42;
	size_t		t;

	for (t = 0; t < LENGTHOF(sizes); t++)
	{
		size_t		n = sizes[t].n;
		uint64_t   *keys = malloc(n * AMBC_NKEYS * sizeof(uint64_t));
		uint64_t   *order = malloc(n * sizeof(uint64_t));
		unsigned char *want = malloc(n * n);
		counting	cnt = {0};
		ambc_alloc	al = {counting_alloc, counting_release, &cnt};
		int			round;

		CHECK(keys != NULL && order != NULL && want != NULL);
		if (keys == NULL || order == NULL || want == NULL)
		{
			free(keys);
			free(order);
			free(want);
			return;
		}
		for (round = 0; round < 3; round++)
		{
			uint64_t   *pairs = NULL;
			size_t		np = 99;
			ambc_block_stats st;
			size_t		nwant;
			size_t		k;
			size_t		i;
			int			found = 1;
			ambc_status s;
			uint64_t	rule_sum = 0;
			int			r;

			random_keys(&seed, keys, n, sizes[t].nvalues);
			if (round == 2)
				distinct_in_rules(keys, n);
			for (i = 0; i < n; i++)
				order[i] = rnd(&seed) % 7;
			nwant = brute_pairs(keys, n, want);
			s = ambc_block_candidates(keys, round == 1 ? NULL : order, n,
									  (uint32_t) n + 1, 2, UINT64_MAX, &al,
									  &pairs, &np, &st);
			CHECKF(s == AMBC_OK, "n %zu: %s", n, ambc_status_name(s));
			if (s != AMBC_OK)
				continue;
			CHECKF(np == nwant, "n %zu round %d: %zu pairs, want %zu", n,
				   round, np, nwant);
			CHECK(check_pair_list(pairs, np, n));
			for (k = 0; k < np; k++)
				if (!want[(pairs[k] >> 32) * n + (pairs[k] & 0xFFFFFFFFu)])
					found = 0;
			CHECK(found);
			CHECK(st.pairs == np && st.emitted >= st.pairs);
			for (r = 0; r < AMBC_NRULES; r++)
				rule_sum += st.rule_pairs[r];
			CHECK(rule_sum == st.emitted);
			/* statistics; a record's repeated keys: see test_repeated_keys */
			if (round == 2)
				CHECKF(st.oversized == 0 &&
					   st.largest == largest_block(keys, n),
					   "n %zu: largest %llu, want %llu", n,
					   (unsigned long long) st.largest,
					   (unsigned long long) largest_block(keys, n));
			CHECK(cnt.live == (pairs != NULL ? 1 : 0) && cnt.bad_release == 0);
			if (pairs != NULL)
				al.release(al.ctx, pairs);
			CHECK(cnt.live == 0);
		}
		free(keys);
		free(order);
		free(want);
	}
}

/* values of real records, for keys from ambc_block_keys */
static const char *const rec_values[NIN][5] = {
	{"JN", "SM0", "RPRT", NULL, ""},
	{"SM0", "JNS", "PRN", NULL, "JN"},
	{"19800307", "19800703", NULL, "", "19900101"},
	{"a@x.com", "b@x.com", NULL, NULL, ""},
	{"+15125550100", "+15125550101", NULL, NULL, NULL},
	{"bob", "jsmith", NULL, NULL, NULL},
	{"12 main street", "12 oak street", "12mainstreet", NULL,
	"6 north avenue ashburton circuit"},
	{"austin", "boston", NULL, "", "austin"},
	{"78701", "78702", NULL, NULL, "SW1A1AA"},
	{"tx", "ca", NULL, NULL, "tx"},
};

/*
 * The same against keys that ambc_block_keys makes from random records
 * built of a few values, so that swapped names, street words and every
 * rule take part.
 */
static void
test_candidates_records(void)
{
	enum
	{
		N = 300
	};
	uint64_t   *keys = malloc(N * AMBC_NKEYS * sizeof(uint64_t));
	unsigned char *want = malloc(N * N);
	uint64_t	seed = 7;
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	uint64_t   *pairs = NULL;
	size_t		np = 0;
	ambc_block_stats st;
	size_t		nwant;
	size_t		i;
	int			r;
	int			rules_used = 0;

	CHECK(keys != NULL && want != NULL);
	if (keys == NULL || want == NULL)
	{
		free(keys);
		free(want);
		return;
	}
	for (i = 0; i < N; i++)
	{
		const char *v[NIN];
		int			k;

		for (k = 0; k < NIN; k++)
			v[k] = rec_values[k][rnd(&seed) % 5];
		keys_of(v, keys + i * AMBC_NKEYS);
	}
	nwant = brute_pairs(keys, N, want);
	CHECK(ambc_block_candidates(keys, NULL, N, N, 2, UINT64_MAX, &al, &pairs,
								&np, &st) == AMBC_OK);
	CHECKF(np == nwant, "%zu pairs, want %zu", np, nwant);
	CHECK(check_pair_list(pairs, np, N));
	for (i = 0; i < np; i++)
		CHECK(want[(pairs[i] >> 32) * N + (pairs[i] & 0xFFFFFFFFu)]);
	/* every rule has blocks here, and finds no more than its own pairs */
	for (r = 0; r < AMBC_NRULES; r++)
	{
		uint64_t   *rk = calloc(N * AMBC_NKEYS, sizeof(uint64_t));
		size_t		rule_want;
		int			sl;

		if (rk == NULL)
			break;
		for (i = 0; i < N; i++)
			for (sl = 0; sl < AMBC_NKEYS; sl++)
				if (ambc_block_slot_rule(sl) == r)
					rk[i * AMBC_NKEYS + sl] = keys[i * AMBC_NKEYS + sl];
		rule_want = brute_pairs(rk, N, want);
		rules_used += rule_want > 0;
		CHECKF(st.rule_pairs[r] <= rule_want, "rule %d: %llu pairs of %zu", r,
			   (unsigned long long) st.rule_pairs[r], rule_want);
		free(rk);
	}
	CHECKF(rules_used == AMBC_NRULES, "%d rules have blocks", rules_used);
	if (pairs != NULL)
		al.release(al.ctx, pairs);
	CHECK(cnt.live == 0);
	free(keys);
	free(want);
}

/*
 * rank_of
 *		Position of record idx among the members of a block sorted by
 *		(order, index).
 */
static size_t
rank_of(const uint64_t *order, const uint32_t *members, size_t m, uint32_t idx)
{
	size_t		r = 0;
	size_t		k;

	for (k = 0; k < m; k++)
		if (order[members[k]] < order[idx] ||
			(order[members[k]] == order[idx] && members[k] < idx))
			r++;
	return r;
}

/*
 * An oversized block is paired through the sliding window: each record
 * with the next window - 1 in name order, so g records give
 * (window - 1) * (g - window + 1) + (window - 1) * (window - 2) / 2 pairs,
 * each between records at most window - 1 apart in that order; a block
 * of exactly max_block records is still paired all against all; small
 * blocks of other rules are unaffected; a pair found both ways is listed
 * once.
 */
static void
test_candidates_window(void)
{
	enum
	{
		N = 1000
	};
	uint64_t   *keys = calloc(N * AMBC_NKEYS, sizeof(uint64_t));
	uint64_t   *order = malloc(N * sizeof(uint64_t));
	uint32_t   *members = malloc(N * sizeof(uint32_t));
	uint64_t	seed = 99;
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	static const uint32_t windows[] = {2, 3, 5, 17};
	size_t		w;
	size_t		i;

	CHECK(keys != NULL && order != NULL && members != NULL);
	if (keys == NULL || order == NULL || members == NULL)
	{
		free(keys);
		free(order);
		free(members);
		return;
	}
	for (i = 0; i < N; i++)
	{
		keys[i * AMBC_NKEYS + 0] = 7;	/* one email for all */
		order[i] = rnd(&seed) % 100000;
		members[i] = (uint32_t) i;
	}
	for (w = 0; w < LENGTHOF(windows); w++)
	{
		uint32_t	win = windows[w];
		uint64_t   *pairs = NULL;
		size_t		np = 0;
		ambc_block_stats st;
		size_t		k;
		int			near = 1;

		CHECK(ambc_block_candidates(keys, order, N, 50, win, UINT64_MAX, &al,
									&pairs, &np, &st) == AMBC_OK);
		CHECKF(np == (size_t) (win - 1) * (N - win + 1) +
			   (size_t) (win - 1) * (win - 2) / 2, "window %u: %zu pairs",
			   win, np);
		CHECK(np <= (size_t) (win - 1) * N);
		CHECK(st.oversized == 1 && st.largest == N && st.pairs == np);
		CHECK(check_pair_list(pairs, np, N));
		for (k = 0; k < np; k++)
		{
			size_t		ri = rank_of(order, members, N,
									 (uint32_t) (pairs[k] >> 32));
			size_t		rj = rank_of(order, members, N,
									 (uint32_t) (pairs[k] & 0xFFFFFFFFu));

			if ((ri > rj ? ri - rj : rj - ri) >= win)
				near = 0;
		}
		CHECK(near);
		if (pairs != NULL)
			al.release(al.ctx, pairs);
		CHECK(cnt.live == 0);
	}

	/* small phone blocks of three beside the oversized email block */
	for (i = 0; i < N; i++)
		keys[i * AMBC_NKEYS + 1] = 1000 + i / 3;
	{
		uint64_t   *pairs = NULL;
		size_t		np = 0;
		ambc_block_stats st;
		size_t		k;
		size_t		triples = 0;

		CHECK(ambc_block_candidates(keys, order, N, 50, 3, UINT64_MAX, &al,
									&pairs, &np, &st) == AMBC_OK);
		CHECK(check_pair_list(pairs, np, N));
		/* every pair within a triple is there */
		for (i = 0; i + 2 < N; i += 3)
		{
			uint64_t	p01 = ((uint64_t) i << 32) | (i + 1);
			uint64_t	p02 = ((uint64_t) i << 32) | (i + 2);
			uint64_t	p12 = ((uint64_t) (i + 1) << 32) | (i + 2);
			int			got = 0;

			for (k = 0; k < np; k++)
				got += pairs[k] == p01 || pairs[k] == p02 || pairs[k] == p12;
			triples += got == 3;
		}
		CHECK(triples == N / 3);
		CHECK(np <= 2 * N + N && st.emitted >= np);
		if (pairs != NULL)
			al.release(al.ctx, pairs);
		CHECK(cnt.live == 0);
	}

	/* max_block itself is not oversized, one more is */
	{
		uint64_t	small[6 * AMBC_NKEYS];
		uint64_t   *pairs = NULL;
		size_t		np = 0;
		ambc_block_stats st;

		memset(small, 0, sizeof(small));
		for (i = 0; i < 6; i++)
			small[i * AMBC_NKEYS + 2] = 5;
		CHECK(ambc_block_candidates(small, NULL, 6, 6, 2, UINT64_MAX, &al,
									&pairs, &np, &st) == AMBC_OK &&
			  np == 15 && st.oversized == 0);
		if (pairs != NULL)
			al.release(al.ctx, pairs);
		pairs = NULL;
		CHECK(ambc_block_candidates(small, NULL, 6, 5, 2, UINT64_MAX, &al,
									&pairs, &np, &st) == AMBC_OK &&
			  np == 5 && st.oversized == 1);
		if (pairs != NULL)
			al.release(al.ctx, pairs);
		CHECK(cnt.live == 0);
	}
	free(keys);
	free(order);
	free(members);
}

/*
 * A record with one key value in several slots of a rule (a name whose
 * given and family sounds are equal, a street line with two words of one
 * sound) is still one record of that block: block.h sizes a block in
 * records ("a block ... of more than max_block records") and largest
 * counts records.  Three records, each with one key in two slots of rule
 * 3, make a block of 3: with max_block 3 it is paired all against all
 * (three pairs), not through the window.  The same with real keys: three
 * street lines whose three words all sound "MN" share one rule-13 key in
 * three slots each.
 */
static void
test_repeated_keys(void)
{
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	uint64_t	keys[3 * AMBC_NKEYS];
	uint64_t   *pairs = NULL;
	size_t		np = 0;
	ambc_block_stats st;
	size_t		i;

	memset(keys, 0, sizeof(keys));
	for (i = 0; i < 3; i++)
	{
		keys[i * AMBC_NKEYS + 3] = 42;
		keys[i * AMBC_NKEYS + 4] = 42;
	}
	CHECK(ambc_block_candidates(keys, NULL, 3, 3, 2, UINT64_MAX, &al, &pairs,
								&np, &st) == AMBC_OK);
	CHECKF(np == 3 && st.oversized == 0 && st.largest == 3,
		   "%zu pairs, %llu oversized, largest %llu", np,
		   (unsigned long long) st.oversized,
		   (unsigned long long) st.largest);
	if (pairs != NULL)
		al.release(al.ctx, pairs);

	{
		static const char *const lines[3] = {
			"12 main maine mane", "12 mane main maine", "12 maine mane main"
		};
		const char *v[NIN] = {NULL};

		for (i = 0; i < 3; i++)
		{
			v[IN_ADDRESS] = lines[i];
			keys_of(v, keys + i * AMBC_NKEYS);
		}
		CHECK(keys[16] != 0 && keys[16] == keys[17] && keys[17] == keys[18] &&
			  keys[16] == keys[AMBC_NKEYS + 16] &&
			  keys[16] == keys[2 * AMBC_NKEYS + 18] &&
			  keys[11] != keys[AMBC_NKEYS + 11]);
		for (i = 3; i <= 8; i++)
		{
			pairs = NULL;
			CHECK(ambc_block_candidates(keys, NULL, 3, (uint32_t) i, 2,
										UINT64_MAX, &al, &pairs, &np,
										&st) == AMBC_OK);
			CHECKF(np == 3 && st.oversized == 0,
				   "max_block %zu: %zu pairs, %llu oversized", i, np,
				   (unsigned long long) st.oversized);
			if (pairs != NULL)
				al.release(al.ctx, pairs);
		}
	}
	CHECK(cnt.live == 0);
}

/*
 * max_pairs: exactly enough succeeds; one fewer is AMBC_LIMIT with no
 * pairs and nothing left allocated; with more pairs than the first growth
 * of the pair array.
 */
static void
test_candidates_max_pairs(void)
{
	enum
	{
		N = 200
	};
	uint64_t   *keys = calloc(N * AMBC_NKEYS, sizeof(uint64_t));
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	uint64_t   *pairs = NULL;
	size_t		np = 0;
	size_t		need;
	ambc_block_stats st;
	size_t		i;
	static const uint64_t fewer[] = {0, 1, 100, 4095, 4096, 4097, 8191};

	CHECK(keys != NULL);
	if (keys == NULL)
		return;
	/* one block of 200 (19900 pairs) in one rule, groups of 2 in another */
	for (i = 0; i < N; i++)
	{
		keys[i * AMBC_NKEYS + 0] = 1;
		keys[i * AMBC_NKEYS + 1] = 10 + i / 2;
	}
	CHECK(ambc_block_candidates(keys, NULL, N, N, 2, UINT64_MAX, &al, &pairs,
								&np, &st) == AMBC_OK);
	need = np;
	CHECK(need == N * (N - 1) / 2 && st.emitted == need);
	if (pairs != NULL)
		al.release(al.ctx, pairs);

	pairs = NULL;
	CHECK(ambc_block_candidates(keys, NULL, N, N, 2, need, &al, &pairs, &np,
								&st) == AMBC_OK && np == need);
	if (pairs != NULL)
		al.release(al.ctx, pairs);
	CHECK(cnt.live == 0);
	for (i = 0; i <= LENGTHOF(fewer); i++)
	{
		uint64_t	max = i < LENGTHOF(fewer) ? fewer[i] : need - 1;
		ambc_status s;

		pairs = (uint64_t *) &cnt;	/* must be reset */
		np = 99;
		s = ambc_block_candidates(keys, NULL, N, N, 2, max, &al, &pairs, &np,
								  &st);
		CHECKF(s == AMBC_LIMIT && pairs == NULL && np == 0 && cnt.live == 0,
			   "max_pairs %llu: %s, %ld live", (unsigned long long) max,
			   ambc_status_name(s), cnt.live);
	}
	CHECK(cnt.bad_release == 0);
	free(keys);
}

/*
 * An allocator that fails: at each of the calls a successful run makes,
 * failing that call (or every call from there on) is AMBC_LIMIT with no
 * pairs and nothing left allocated.
 */
static void
test_candidates_alloc_failure(void)
{
	enum
	{
		N = 300
	};
	uint64_t   *keys = malloc(N * AMBC_NKEYS * sizeof(uint64_t));
	uint64_t   *order = malloc(N * sizeof(uint64_t));
	uint64_t	seed = 1234;
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	uint64_t   *pairs = NULL;
	size_t		np = 0;
	ambc_block_stats st;
	long		calls;
	long		k;
	size_t		i;

	CHECK(keys != NULL && order != NULL);
	if (keys == NULL || order == NULL)
	{
		free(keys);
		free(order);
		return;
	}
	random_keys(&seed, keys, N, 8);
	for (i = 0; i < N; i++)
		order[i] = rnd(&seed);
	/* with an oversized block or two, and more than 4096 pairs */
	CHECK(ambc_block_candidates(keys, order, N, 60, 4, UINT64_MAX, &al,
								&pairs, &np, &st) == AMBC_OK);
	calls = cnt.calls;
	CHECKF(np > 4096 && st.oversized > 0 && calls >= 5,
		   "%zu pairs, %llu oversized, %ld calls", np,
		   (unsigned long long) st.oversized, calls);
	if (pairs != NULL)
		al.release(al.ctx, pairs);
	CHECK(cnt.live == 0);

	for (k = 1; k <= calls; k++)
	{
		int			after;

		for (after = 0; after < 2; after++)
		{
			ambc_status s;

			cnt.calls = 0;
			cnt.fail_at = k;
			cnt.fail_after = after;
			pairs = (uint64_t *) &cnt;
			np = 99;
			s = ambc_block_candidates(keys, order, N, 60, 4, UINT64_MAX, &al,
									  &pairs, &np, &st);
			CHECKF(s == AMBC_LIMIT && pairs == NULL && np == 0 &&
				   cnt.live == 0, "failing call %ld%s: %s, %ld live", k,
				   after ? " on" : "", ambc_status_name(s), cnt.live);
		}
	}
	CHECK(cnt.bad_release == 0);
	free(keys);
	free(order);
}

/*
 * Small and empty inputs: no records, one record, records sharing nothing;
 * none of them leaves anything allocated.
 */
static void
test_candidates_small(void)
{
	counting	cnt = {0};
	ambc_alloc	al = {counting_alloc, counting_release, &cnt};
	uint64_t	keys[3 * AMBC_NKEYS];
	uint64_t   *pairs;
	size_t		np;
	ambc_block_stats st;
	size_t		n;
	int			s;

	memset(keys, 0, sizeof(keys));
	for (s = 0; s < AMBC_NKEYS; s++)
	{
		keys[s] = 1 + s;
		keys[AMBC_NKEYS + s] = 100 + s;
		keys[2 * AMBC_NKEYS + s] = s % 2 ? 0 : 200 + s;
	}
	for (n = 0; n <= 3; n++)
	{
		pairs = (uint64_t *) &cnt;
		np = 99;
		CHECK(ambc_block_candidates(keys, NULL, n, 2, 2, 0, &al, &pairs, &np,
									&st) == AMBC_OK);
		CHECK(np == 0 && st.pairs == 0);
		if (pairs != NULL && pairs != (uint64_t *) &cnt)
			al.release(al.ctx, pairs);
		CHECK(pairs != (uint64_t *) &cnt);
		CHECK(cnt.live == 0 && cnt.bad_release == 0);
	}
	/* two records sharing one key: one pair */
	keys[AMBC_NKEYS + 7] = keys[7];
	pairs = NULL;
	CHECK(ambc_block_candidates(keys, NULL, 3, 2, 2, 1, &al, &pairs, &np,
								&st) == AMBC_OK &&
		  np == 1 && pairs != NULL && pairs[0] == 1);
	if (pairs != NULL)
		al.release(al.ctx, pairs);
	CHECK(cnt.live == 0);
}

/* ------------------------------------------------------------------------
 * sort and union-find
 * ------------------------------------------------------------------------
 */

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t	a = *(const uint64_t *) x;
	uint64_t	b = *(const uint64_t *) y;

	return (a > b) - (a < b);
}

/*
 * ambc_sort_u64 against qsort: sizes 0, 1, 2 and up to 200,000; values
 * random over all 64 bits, over a few bits, in one 11-bit digit only, all
 * equal, already sorted, reversed; into exact-size arrays.
 */
static void
test_sort(void)
{
	static const size_t sizes[] = {0, 1, 2, 3, 10, 1000, 2049, 200000};
	uint64_t	seed = 77;
	size_t		s;
	int			kind;

	for (s = 0; s < LENGTHOF(sizes); s++)
		for (kind = 0; kind < 8; kind++)
		{
			size_t		n = sizes[s];
			uint64_t   *v = malloc((n ? n : 1) * sizeof(uint64_t));
			uint64_t   *tmp = malloc((n ? n : 1) * sizeof(uint64_t));
			uint64_t   *ref = malloc((n ? n : 1) * sizeof(uint64_t));
			size_t		i;

			CHECK(v != NULL && tmp != NULL && ref != NULL);
			if (v == NULL || tmp == NULL || ref == NULL)
			{
				free(v);
				free(tmp);
				free(ref);
				return;
			}
			for (i = 0; i < n; i++)
			{
				uint64_t	x = ((uint64_t) rnd(&seed) << 32) | rnd(&seed);

				switch (kind)
				{
					case 0:
						v[i] = x;
						break;
					case 1:
						v[i] = x % 4;
						break;
					case 2:
						v[i] = x & (2047ull << 33);	/* one digit */
						break;
					case 3:
						v[i] = 0xDEADBEEFCAFEull;	/* all equal */
						break;
					case 4:
						v[i] = i * 3;	/* sorted */
						break;
					case 5:
						v[i] = UINT64_MAX - i;	/* reversed */
						break;
					case 6:
						v[i] = x >> (rnd(&seed) % 64);	/* all magnitudes */
						break;
					default:
						v[i] = (x % 2) ? UINT64_MAX : 0;
						break;
				}
			}
			memcpy(ref, v, n * sizeof(uint64_t));
			qsort(ref, n, sizeof(uint64_t), cmp_u64);
			ambc_sort_u64(v, tmp, n);
			CHECKF(n == 0 || memcmp(v, ref, n * sizeof(uint64_t)) == 0,
				   "n %zu kind %d", n, kind);
			free(v);
			free(tmp);
			free(ref);
		}
}

/*
 * Union-find: after random unions, two elements have one root exactly
 * when they are connected, and the root is the smallest member; unions
 * within a set change nothing.
 */
static void
test_union_find(void)
{
	enum
	{
		N = 2000
	};
	uint32_t   *parent = malloc(N * sizeof(uint32_t));
	uint32_t   *label = malloc(N * sizeof(uint32_t));
	uint64_t	seed = 5;
	int			round;

	CHECK(parent != NULL && label != NULL);
	if (parent == NULL || label == NULL)
	{
		free(parent);
		free(label);
		return;
	}
	for (round = 0; round < 5; round++)
	{
		int			u;
		int			nunions = (round + 1) * N / 4;
		uint32_t	i;
		int			ok = 1;

		ambc_uf_init(parent, N);
		for (i = 0; i < N; i++)
		{
			label[i] = i;
			if (ambc_uf_find(parent, i) != i)
				ok = 0;
		}
		for (u = 0; u < nunions; u++)
		{
			uint32_t	a = rnd(&seed) % N;
			uint32_t	b = rnd(&seed) % N;
			uint32_t	la = label[a];
			uint32_t	lb = label[b];
			uint32_t	lo = la < lb ? la : lb;
			uint32_t	k;

			ambc_uf_union(parent, a, b);
			/* the model: relabel both sets with the smaller label */
			for (k = 0; k < N; k++)
				if (label[k] == la || label[k] == lb)
					label[k] = lo;
			if (u % 97 == 0)
				for (k = 0; k < N; k++)
					if (ambc_uf_find(parent, k) != label[k])
						ok = 0;
		}
		for (i = 0; i < N; i++)
			if (ambc_uf_find(parent, i) != label[i])
				ok = 0;
		/* the label is the smallest member of its set */
		for (i = 0; i < N; i++)
			if (label[i] > i || label[label[i]] != label[i])
				ok = 0;
		/* unions within a set change nothing */
		for (i = 0; i < N; i++)
			ambc_uf_union(parent, i, label[i]);
		for (i = 0; i < N; i++)
			if (ambc_uf_find(parent, i) != label[i])
				ok = 0;
		CHECKF(ok, "round %d", round);
	}
	/* a chain joined from the top: still rooted at 0 */
	ambc_uf_init(parent, N);
	{
		uint32_t	i;
		int			ok = 1;

		for (i = N - 1; i > 0; i--)
			ambc_uf_union(parent, i, i - 1);
		for (i = 0; i < N; i++)
			if (ambc_uf_find(parent, i) != 0)
				ok = 0;
		CHECK(ok);
	}
	free(parent);
	free(label);
}

int
main(void)
{
	static const unit_test tests[] = {
		UNIT(test_keys_presence),
		UNIT(test_keys_values),
		UNIT(test_keys_swapped_names),
		UNIT(test_keys_street_words),
		UNIT(test_slot_rules),
		UNIT(test_block_order),
		UNIT(test_candidates_exact),
		UNIT(test_candidates_records),
		UNIT(test_candidates_window),
		UNIT(test_repeated_keys),
		UNIT(test_candidates_max_pairs),
		UNIT(test_candidates_alloc_failure),
		UNIT(test_candidates_small),
		UNIT(test_sort),
		UNIT(test_union_find),
	};

	return unit_run(tests, (int) (sizeof(tests) / sizeof(tests[0])));
}
