/*-------------------------------------------------------------------------
 *
 * block.c
 *		Blocking keys, candidate pairs, union-find.
 *
 * The rules are in block.h.  Candidate generation takes each rule in turn:
 * the records with a key for it are sorted by (key, order, index), and
 * each run of equal keys (a block) is paired all against all, or through a
 * sliding window when oversized.  A pair that shares a key of an earlier
 * rule, where that block was not oversized, was emitted there already and is
 * skipped; what repeats remain (pairs from oversized blocks) are removed by
 * sorting the pair array and dropping duplicates, so the result is exact.
 *
 * Memory: the pair array (8 bytes a pair, grown by doubling), a sort buffer
 * of the same size, and 24 bytes a record for the per-rule sort.
 *
 * src/core/block.c
 *
 *-------------------------------------------------------------------------
 */
#include "block.h"

#include "address.h"
#include "dmetaphone.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char *const rule_names[AMBC_NRULES] = {
	"email", "phone", "handle", "name+postal", "given+family", "birth+name",
	"birth+postal", "name+city", "street", "postal+street", "birth+city",
	"city+street", "birth+region", "number+street", "region+street"
};

/* the rule of each key slot; a rule's slots are adjacent */
static const int slot_rule[AMBC_NKEYS] = {
	0, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 13, 13,
	14, 14, 14
};

/* the most slots any rule has */
#define MAX_RULE_SLOTS 3

/*
 * ambc_block_key_name
 *		See block.h.
 */
const char *
ambc_block_key_name(int rule)
{
	return (rule >= 0 && rule < AMBC_NRULES) ? rule_names[rule] : "?";
}

/*
 * ambc_block_slot_rule
 *		See block.h.
 */
int
ambc_block_slot_rule(int slot)
{
	return (slot >= 0 && slot < AMBC_NKEYS) ? slot_rule[slot] : -1;
}

static int
present(ambc_span s)
{
	return s.p != NULL && s.len > 0;
}

/*
 * key_of
 *		Hash of the rule number and up to three spans (separated by a unit
 *		separator byte, which normalized text never contains); 0 if any
 *		span is missing.  Never returns 0 for a present key.
 */
static uint64_t
key_of(int rule, ambc_span a, ambc_span b, ambc_span c)
{
	/* parts are normalized fields: an email of at most 254 bytes is the
	 * longest; longer parts are cut, which only merges blocks */
	unsigned char buf[1024];
	size_t		len = 0;
	const ambc_span *parts[3];
	int			i;
	uint64_t	h;

	if (!present(a) || (b.p != NULL && !present(b)) ||
		(c.p != NULL && !present(c)))
		return 0;
	parts[0] = &a;
	parts[1] = &b;
	parts[2] = &c;
	buf[len++] = (unsigned char) rule;
	for (i = 0; i < 3; i++)
	{
		size_t		n = parts[i]->len;

		if (parts[i]->p == NULL)
			break;
		if (n > 300)
			n = 300;
		if (i > 0)
			buf[len++] = 0x1F;
		memcpy(buf + len, parts[i]->p, n);
		len += n;
	}
	h = (uint64_t) XXH3_64bits(buf, len);
	return h == 0 ? 1 : h;
}

static const ambc_span none = {NULL, 0};

/* the absent marker for key_of's optional parts is none; a missing value
 * that must be present is passed as this, which key_of rejects */
static const char empty_text[1] = {0};
static const ambc_span required_missing = {empty_text, 0};

/*
 * need
 *		s if present, else a span key_of rejects.
 */
static ambc_span
need(ambc_span s)
{
	return present(s) ? s : required_missing;
}

/*
 * street_number_keys
 *		Rule 13: the first all-digit word of the street line with the sound
 *		of each of its first three other words that are at least 3
 *		characters long and not designators ("street", "north"), into
 *		keys[0..3).  Word order does not matter, so lines whose parts were
 *		written in another order ("6 north avenue ashburton circuit", "6
 *		ashburton circuit north avenue") still meet.
 */
static void
street_word_keys(ambc_span a, ambc_span region, uint64_t keys[3],
				 uint64_t rkeys[3])
{
	ambc_span	number = {NULL, 0};
	size_t		i = 0;
	int			k = 0;

	keys[0] = keys[1] = keys[2] = 0;
	rkeys[0] = rkeys[1] = rkeys[2] = 0;
	if (!present(a))
		return;
	/* the number */
	while (i < a.len)
	{
		size_t		j = i;
		int			digits = 1;

		while (j < a.len && a.p[j] != ' ')
		{
			if (a.p[j] < '0' || a.p[j] > '9')
				digits = 0;
			j++;
		}
		if (digits && j > i)
		{
			number.p = a.p + i;
			number.len = j - i;
			break;
		}
		i = j + 1;
	}
	for (i = 0; i < a.len && k < 3;)
	{
		size_t		j = i;
		int			digits = 0;
		char		p[AMBC_DMETAPHONE_MAX];
		char		alt[AMBC_DMETAPHONE_MAX];
		size_t		plen = 0;
		size_t		alen;

		while (j < a.len && a.p[j] != ' ')
		{
			if (a.p[j] >= '0' && a.p[j] <= '9')
				digits = 1;
			j++;
		}
		if (!digits && j - i >= 3 &&
			!ambc_address_is_designator(a.p + i, j - i) &&
			ambc_double_metaphone(a.p + i, j - i, p, &plen, alt,
								  &alen) == AMBC_OK && plen > 0)
		{
			ambc_span	snd = {p, plen};

			if (number.p != NULL)
				keys[k] = key_of(13, number, snd, none);
			rkeys[k] = key_of(14, snd, need(region), none);
			k++;
		}
		i = j + 1;
	}
}

/*
 * ambc_block_keys
 *		See block.h.
 */
void
ambc_block_keys(const ambc_fs_rec *r, uint64_t keys[AMBC_NKEYS])
{
	ambc_span	gk = r->given_key;
	ambc_span	fk = r->family_key;
	ambc_span	birth = r->f[AMBC_F_BIRTH];
	ambc_span	postal = r->f[AMBC_F_POSTAL];
	ambc_span	city = r->f[AMBC_F_CITY];
	char		street[64];
	size_t		slen = 0;
	char		prefix[4];
	size_t		plen = 0;
	size_t		i;

	keys[0] = key_of(0, r->f[AMBC_F_EMAIL], none, none);
	keys[1] = key_of(1, r->f[AMBC_F_PHONE], none, none);
	keys[2] = key_of(2, r->f[AMBC_F_HANDLE], none, none);
	/* rules over "a name": one slot for each of the two name sounds, so
	 * that swapped names meet */
	keys[3] = key_of(3, gk, need(postal), none);
	keys[4] = key_of(3, fk, need(postal), none);
	/* the two name sounds in a fixed order, so swapped names meet */
	if (present(gk) && present(fk) &&
		(gk.len > fk.len ||
		 (gk.len == fk.len && memcmp(gk.p, fk.p, gk.len) > 0)))
		keys[5] = key_of(4, fk, gk, none);
	else
		keys[5] = key_of(4, need(gk), need(fk), none);
	keys[6] = key_of(5, birth, need(gk), none);
	keys[7] = key_of(5, birth, need(fk), none);
	keys[8] = key_of(6, birth, need(postal), none);
	keys[9] = key_of(7, gk, need(city), none);
	keys[10] = key_of(7, fk, need(city), none);

	/* street line without spaces (first 64 bytes), and its first letters */
	if (present(r->f[AMBC_F_ADDRESS]))
	{
		ambc_span	a = r->f[AMBC_F_ADDRESS];

		for (i = 0; i < a.len && slen < sizeof(street); i++)
		{
			char		c = a.p[i];

			if (c == ' ')
				continue;
			street[slen++] = c;
			if (plen < sizeof(prefix) && !(c >= '0' && c <= '9'))
				prefix[plen++] = c;
		}
	}
	{
		ambc_span	st = {street, slen};
		ambc_span	pf = {prefix, plen};

		if (slen < 6)
			st = required_missing;
		if (plen < sizeof(prefix))
			pf = required_missing;
		keys[11] = key_of(8, st, none, none);
		keys[12] = key_of(9, postal, pf, none);
		keys[13] = key_of(10, birth, need(city), none);
		keys[14] = key_of(11, city, pf, none);
		keys[15] = key_of(12, birth, need(r->f[AMBC_F_REGION]), none);
	}
	street_word_keys(r->f[AMBC_F_ADDRESS], r->f[AMBC_F_REGION], &keys[16],
					 &keys[19]);
}

/*
 * ambc_block_order
 *		See block.h: big-endian packing of up to 5 bytes of the family name
 *		and 3 of the given name, so integer order is text order.
 */
uint64_t
ambc_block_order(const ambc_fs_rec *r)
{
	uint64_t	o = 0;
	ambc_span	fam = r->f[AMBC_F_FAMILY];
	ambc_span	giv = r->f[AMBC_F_GIVEN];
	int			i;

	for (i = 0; i < 5; i++)
		o = (o << 8) | (uint64_t) (present(fam) && (size_t) i < fam.len ?
								   (unsigned char) fam.p[i] : 0);
	for (i = 0; i < 3; i++)
		o = (o << 8) | (uint64_t) (present(giv) && (size_t) i < giv.len ?
								   (unsigned char) giv.p[i] : 0);
	return o;
}

/* ------------------------------------------------------------------------
 * candidates
 * ------------------------------------------------------------------------
 */

typedef struct Entry
{
	uint64_t	key;
	uint64_t	order;
	uint32_t	idx;
} Entry;

static int
entry_cmp(const void *x, const void *y)
{
	const Entry *a = x;
	const Entry *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

typedef struct PairBuf
{
	uint64_t   *v;
	size_t		n;
	size_t		cap;
	uint64_t	max;
	const ambc_alloc *al;
	int			failed;
} PairBuf;

/*
 * push_pair
 *		Append (min, max) of i and j; grows by doubling.  Sets failed (and
 *		drops the pair) past max pairs or when the allocator fails.
 */
static void
push_pair(PairBuf *pb, uint32_t i, uint32_t j)
{
	if (pb->failed)
		return;
	if (pb->n == pb->cap)
	{
		size_t		ncap = pb->cap ? pb->cap * 2 : 4096;
		uint64_t   *nv;

		if (ncap > pb->max)
			ncap = (size_t) pb->max;
		if (ncap <= pb->n || ncap > SIZE_MAX / (2 * sizeof(uint64_t)))
		{
			pb->failed = 1;
			return;
		}
		nv = pb->al->alloc(pb->al->ctx, ncap * sizeof(uint64_t));
		if (nv == NULL)
		{
			pb->failed = 1;
			return;
		}
		if (pb->n > 0)
			memcpy(nv, pb->v, pb->n * sizeof(uint64_t));
		if (pb->v != NULL)
			pb->al->release(pb->al->ctx, pb->v);
		pb->v = nv;
		pb->cap = ncap;
	}
	pb->v[pb->n++] = i < j ? ((uint64_t) i << 32) | j : ((uint64_t) j << 32) | i;
}

/*
 * shares_slot_key
 *		True if records i and j have an equal key in slots [s0, s1).
 */
static int
shares_slot_key(const uint64_t *keys, uint32_t i, uint32_t j, int s0, int s1)
{
	int			x,
				y;

	for (x = s0; x < s1; x++)
	{
		uint64_t	k = keys[(size_t) i * AMBC_NKEYS + x];

		if (k == 0)
			continue;
		for (y = s0; y < s1; y++)
			if (k == keys[(size_t) j * AMBC_NKEYS + y])
				return 1;
	}
	return 0;
}

/*
 * seen_before
 *		True if records i and j share a key of a rule before rule, in a
 *		block that was compared all against all.
 */
static int
seen_before(const uint64_t *keys, const uint16_t *oversized, uint32_t i,
			uint32_t j, int rule)
{
	int			s0 = 0;

	while (s0 < AMBC_NKEYS && slot_rule[s0] < rule)
	{
		int			r = slot_rule[s0];
		int			s1 = s0;

		while (s1 < AMBC_NKEYS && slot_rule[s1] == r)
			s1++;
		if (!(oversized[i] & (1u << r)) && !(oversized[j] & (1u << r)) &&
			shares_slot_key(keys, i, j, s0, s1))
			return 1;
		s0 = s1;
	}
	return 0;
}

/*
 * ambc_sort_u64
 *		See block.h.  Six passes of 11 bits; passes over a digit that is the
 *		same in every element are skipped.
 */
void
ambc_sort_u64(uint64_t *v, uint64_t *tmp, size_t n)
{
	int			shift;
	uint64_t   *src = v;
	uint64_t   *dst = tmp;

	for (shift = 0; shift < 64; shift += 11)
	{
		size_t		count[2048];
		size_t		i;
		size_t		sum = 0;
		int			single = 0;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 2047]++;
		for (i = 0; i < 2048; i++)
		{
			size_t		c = count[i];

			if (c == n)
				single = 1;
			count[i] = sum;
			sum += c;
		}
		if (single)
			continue;
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 2047]++] = src[i];
		{
			uint64_t   *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != v)
		memcpy(v, src, n * sizeof(uint64_t));
}

/*
 * ambc_block_candidates
 *		See block.h.
 */
ambc_status
ambc_block_candidates(const uint64_t *keys, const uint64_t *order, size_t n,
					  uint32_t max_block, uint32_t window, uint64_t max_pairs,
					  const ambc_alloc *al, uint64_t **pairs, size_t *npairs,
					  ambc_block_stats *stats)
{
	Entry	   *ent;
	uint16_t   *oversized;
	PairBuf		pb;
	int			rule;

	memset(stats, 0, sizeof(*stats));
	*pairs = NULL;
	*npairs = 0;
	if (n > UINT32_MAX || n > SIZE_MAX / (MAX_RULE_SLOTS * sizeof(Entry)))
		return AMBC_LIMIT;
	if (max_block < 2)
		max_block = 2;
	if (window < 2)
		window = 2;
	if (n < 2)
		return AMBC_OK;

	ent = al->alloc(al->ctx, MAX_RULE_SLOTS * n * sizeof(Entry));
	oversized = al->alloc(al->ctx, n * sizeof(uint16_t));
	if (ent == NULL || oversized == NULL)
	{
		if (ent != NULL)
			al->release(al->ctx, ent);
		if (oversized != NULL)
			al->release(al->ctx, oversized);
		return AMBC_LIMIT;
	}
	memset(oversized, 0, n * sizeof(uint16_t));
	memset(&pb, 0, sizeof(pb));
	pb.al = al;
	pb.max = max_pairs;

	for (rule = 0; rule < AMBC_NRULES && !pb.failed; rule++)
	{
		size_t		m = 0;
		size_t		s;
		size_t		i;
		int			slot;
		uint64_t	before = pb.n;

		for (slot = 0; slot < AMBC_NKEYS; slot++)
		{
			if (slot_rule[slot] != rule)
				continue;
			for (i = 0; i < n; i++)
			{
				uint64_t	k = keys[i * AMBC_NKEYS + slot];

				if (k == 0)
					continue;
				ent[m].key = k;
				ent[m].order = order != NULL ? order[i] : 0;
				ent[m].idx = (uint32_t) i;
				m++;
			}
		}
		qsort(ent, m, sizeof(Entry), entry_cmp);
		/* a record with one key in two slots of the rule counts once */
		if (m > 1)
		{
			size_t		k = 1;

			for (i = 1; i < m; i++)
				if (ent[i].key != ent[k - 1].key || ent[i].idx != ent[k - 1].idx)
					ent[k++] = ent[i];
			m = k;
		}

		for (s = 0; s < m && !pb.failed;)
		{
			size_t		e = s + 1;
			size_t		g;
			size_t		p,
						q;

			while (e < m && ent[e].key == ent[s].key)
				e++;
			g = e - s;
			if (g > stats->largest)
				stats->largest = g;
			if (g <= max_block)
			{
				for (p = s; p < e; p++)
					for (q = p + 1; q < e; q++)
						if (ent[p].idx != ent[q].idx &&
							!seen_before(keys, oversized, ent[p].idx,
										 ent[q].idx, rule))
							push_pair(&pb, ent[p].idx, ent[q].idx);
			}
			else
			{
				stats->oversized++;
				for (p = s; p < e; p++)
					oversized[ent[p].idx] |= (uint16_t) (1u << rule);
				for (p = s; p < e; p++)
					for (q = p + 1; q < e && q < p + window; q++)
						if (ent[p].idx != ent[q].idx &&
							!seen_before(keys, oversized, ent[p].idx,
										 ent[q].idx, rule))
							push_pair(&pb, ent[p].idx, ent[q].idx);
			}
			s = e;
		}
		stats->rule_pairs[rule] = pb.n - before;
	}
	al->release(al->ctx, ent);
	al->release(al->ctx, oversized);
	if (pb.failed)
	{
		if (pb.v != NULL)
			al->release(al->ctx, pb.v);
		return AMBC_LIMIT;
	}
	stats->emitted = pb.n;

	/* sort and drop repeats */
	if (pb.n > 1)
	{
		uint64_t   *tmp = al->alloc(al->ctx, pb.n * sizeof(uint64_t));
		size_t		i;
		size_t		k = 1;

		if (tmp == NULL)
		{
			al->release(al->ctx, pb.v);
			return AMBC_LIMIT;
		}
		ambc_sort_u64(pb.v, tmp, pb.n);
		al->release(al->ctx, tmp);
		for (i = 1; i < pb.n; i++)
			if (pb.v[i] != pb.v[k - 1])
				pb.v[k++] = pb.v[i];
		pb.n = k;
	}
	stats->pairs = pb.n;
	*pairs = pb.v;
	*npairs = pb.n;
	return AMBC_OK;
}

/* ------------------------------------------------------------------------
 * union-find
 * ------------------------------------------------------------------------
 */

void
ambc_uf_init(uint32_t *parent, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		parent[i] = (uint32_t) i;
}

/*
 * ambc_uf_find
 *		Root of x, halving the path on the way.
 */
uint32_t
ambc_uf_find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x)
	{
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/*
 * ambc_uf_union
 *		Join the sets of a and b; the smaller root becomes the root.
 */
void
ambc_uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	uint32_t	ra = ambc_uf_find(parent, a);
	uint32_t	rb = ambc_uf_find(parent, b);

	if (ra < rb)
		parent[rb] = ra;
	else if (rb < ra)
		parent[ra] = rb;
}
