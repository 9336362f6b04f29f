/*-------------------------------------------------------------------------
 *
 * fuzz_match.c
 *		libFuzzer target for matching two records: preparation
 *		(src/core/person.c), comparison and scoring (src/core/fsmodel.c) and
 *		blocking keys and candidates (src/core/block.c).
 *
 * Input: one flag byte (bit 0: use the nickname table; bits 1-3: term
 * frequencies), then two records separated by the byte 0x1E, each ten
 * fields separated by 0x1F: the nine raw fields of ambc_person_field and a
 * birth date.  A record that prepares is compared in its normalized form;
 * one that does not is compared raw (every field as given, malformed bytes
 * and all), since ambc_fs_compare must take any bytes.  Every field is an
 * exact-size heap copy.  The target aborts unless:
 *	- every level is one its field has, or missing; every similarity is -1
 *	  or in [0, 1];
 *	- a record compared with itself is exact in every field it has and
 *	  missing in the others, and not swapped;
 *	- comparing b with a gives the levels and similarities of a with b
 *	  for every field but the names, and for the names too when neither
 *	  way round is crosswise;
 *	- the pattern of a comparison gives its levels back;
 *	- the default model (with and without nicknames and term frequencies)
 *	  scores a probability in [0, 1], finite weights, and the probability
 *	  1 / (1 + 2^-total);
 *	- the blocking keys of a record and of an exact copy are equal, and
 *	  the candidates of (a, b, copy of a) are exactly the pairs that share
 *	  a key of one rule, with nothing left allocated.
 *
 * test/fuzz/fuzz_match.c
 *
 *-------------------------------------------------------------------------
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "fsmodel.h"
#include "person.h"
#include "utf8.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NRAW (AMBC_P_NFIELDS + 1)	/* the person fields and a birth date */

/* a record: its raw fields, its preparation, and the record compared */
typedef struct mrec
{
	char	   *raw[NRAW];
	size_t		len[NRAW];
	char	   *buf;
	ambc_person p;
	ambc_fs_rec r;
} mrec;

/*
 * load
 *		Split in[0..n) into the record's fields (exact-size copies), prepare
 *		it, and fill m->r from the preparation or else from the raw fields.
 *		Returns 0 if memory ran out.
 */
static int
load(const uint8_t *in, size_t n, mrec *m)
{
	ambc_span	sp[AMBC_P_NFIELDS];
	size_t		pos = 0;
	int			bad;
	const char *reason;
	int			i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < NRAW; i++)
	{
		const uint8_t *sep;
		size_t		l;

		if (pos > n)
			break;
		sep = i + 1 < NRAW ? memchr(in + pos, 0x1F, n - pos) : NULL;
		l = sep ? (size_t) (sep - (in + pos)) : n - pos;
		m->raw[i] = malloc(l ? l : 1);
		if (m->raw[i] == NULL)
			return 0;
		if (l > 0)
			memcpy(m->raw[i], in + pos, l);
		m->len[i] = l;
		pos += l + 1;
	}
	for (i = 0; i < AMBC_P_NFIELDS; i++)
	{
		sp[i].p = m->raw[i];
		sp[i].len = m->len[i];
	}
	m->buf = malloc(AMBC_PERSON_BUF);
	if (m->buf == NULL)
		return 0;

	if (ambc_person_prepare(sp, m->buf, &m->p, &bad, &reason) == AMBC_OK)
	{
		m->r.f[AMBC_F_GIVEN] = m->p.given;
		m->r.f[AMBC_F_FAMILY] = m->p.family;
		m->r.f[AMBC_F_EMAIL] = m->p.email;
		m->r.f[AMBC_F_PHONE] = m->p.phone;
		m->r.f[AMBC_F_HANDLE] = m->p.handle;
		m->r.f[AMBC_F_ADDRESS] = m->p.address;
		m->r.f[AMBC_F_CITY] = m->p.city;
		m->r.f[AMBC_F_POSTAL] = m->p.postal;
		m->r.f[AMBC_F_REGION] = m->p.region;
		m->r.given_key = m->p.given_key;
		m->r.family_key = m->p.family_key;
	}
	else
	{
		/* raw: the country field stands in for the family name */
		m->r.f[AMBC_F_GIVEN] = sp[AMBC_P_NAME];
		m->r.f[AMBC_F_FAMILY] = sp[AMBC_P_COUNTRY];
		m->r.f[AMBC_F_EMAIL] = sp[AMBC_P_EMAIL];
		m->r.f[AMBC_F_PHONE] = sp[AMBC_P_PHONE];
		m->r.f[AMBC_F_HANDLE] = sp[AMBC_P_HANDLE];
		m->r.f[AMBC_F_ADDRESS] = sp[AMBC_P_ADDRESS];
		m->r.f[AMBC_F_CITY] = sp[AMBC_P_CITY];
		m->r.f[AMBC_F_POSTAL] = sp[AMBC_P_POSTAL];
		m->r.f[AMBC_F_REGION] = sp[AMBC_P_REGION];
		m->r.given_key = sp[AMBC_P_HANDLE];
		m->r.family_key = sp[AMBC_P_REGION];
	}
	m->r.f[AMBC_F_BIRTH].p = m->raw[AMBC_P_NFIELDS];
	m->r.f[AMBC_F_BIRTH].len = m->len[AMBC_P_NFIELDS];
	return 1;
}

static void
unload(mrec *m)
{
	int			i;

	for (i = 0; i < NRAW; i++)
		free(m->raw[i]);
	free(m->buf);
}

static int
present(ambc_span s)
{
	return s.p != NULL && s.len > 0;
}

/*
 * check_levels
 *		Abort unless every level of c is one its field has, or missing, and
 *		every similarity is -1 or in [0, 1].
 */
static void
check_levels(const ambc_fs_cmp *c)
{
	int			f;

	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		if (c->level[f] != AMBC_L_MISSING &&
			!ambc_fs_has_level(f, c->level[f]))
			abort();
		if (c->sim[f] != -1 && !(c->sim[f] >= 0 && c->sim[f] <= 1))
			abort();
	}
}

/*
 * check_self
 *		A record against itself: exact where it has the field, missing
 *		where not, straight.
 */
static void
check_self(const ambc_fs_rec *r, const ambc_fs_nicknames *nk)
{
	ambc_fs_cmp c;
	int			f;

	ambc_fs_compare(r, r, nk, &c);
	check_levels(&c);
	if (c.swapped)
		abort();
	for (f = 0; f < AMBC_NFIELDS; f++)
		if (c.level[f] != (present(r->f[f]) ? AMBC_L_EXACT : AMBC_L_MISSING))
			abort();
}

/*
 * check_score
 *		Score c of a and b under model; abort unless the result is a
 *		probability made as fsmodel.h says.
 */
static void
check_score(const ambc_fs_model *model, const ambc_fs_rec *a,
			const ambc_fs_rec *b, const ambc_fs_cmp *c)
{
	ambc_fs_score d;
	double		p = ambc_fs_score_pair(model, a, b, c, &d);
	double		total = d.prior_weight;
	int			f;

	if (!(p >= 0 && p <= 1) || p != d.probability || !isfinite(d.total) ||
		!isfinite(d.prior_weight))
		abort();
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		if (!isfinite(d.weight[f]) || !isfinite(d.tf_adjust[f]))
			abort();
		if (c->level[f] == AMBC_L_MISSING && d.weight[f] != 0)
			abort();
		if (d.tf_adjust[f] != 0 &&
			(c->level[f] != AMBC_L_EXACT || !ambc_fs_tf_field(f)))
			abort();
		total += d.weight[f];
	}
	if (fabs(total - d.total) > 1e-9 * (1 + fabs(total)))
		abort();
	if (fabs(d.total) < 1000 &&
		fabs(p - 1 / (1 + exp2(-d.total))) > 1e-12)
		abort();
	if (ambc_fs_score_pair(model, a, b, c, NULL) != p)
		abort();
}

/* a small nickname table, sorted on first use */
static const char *const nick_text[][2] = {
	{"bob", "robert"}, {"rob", "robert"}, {"bobby", "robert"},
	{"bill", "william"}, {"will", "william"}, {"liz", "elizabeth"},
	{"beth", "elizabeth"}, {"jon", "john"}, {"johnny", "john"},
	{"jim", "james"}, {"kate", "katherine"}, {"kate", "catherine"}
};
#define NNICK (sizeof(nick_text) / sizeof(nick_text[0]))

static uint64_t nick_hash[NNICK];
static uint64_t name_hash[NNICK];
static ambc_fs_nicknames nick_table;

static void
init_nicknames(void)
{
	size_t		i,
				j;

	if (nick_table.n > 0)
		return;
	for (i = 0; i < NNICK; i++)
	{
		nick_hash[i] = ambc_fs_name_hash(nick_text[i][0],
										 strlen(nick_text[i][0]));
		name_hash[i] = ambc_fs_name_hash(nick_text[i][1],
										 strlen(nick_text[i][1]));
	}
	/* insertion sort by (nick, name) */
	for (i = 1; i < NNICK; i++)
		for (j = i; j > 0 &&
			 (nick_hash[j - 1] > nick_hash[j] ||
			  (nick_hash[j - 1] == nick_hash[j] &&
			   name_hash[j - 1] > name_hash[j])); j--)
		{
			uint64_t	t = nick_hash[j];

			nick_hash[j] = nick_hash[j - 1];
			nick_hash[j - 1] = t;
			t = name_hash[j];
			name_hash[j] = name_hash[j - 1];
			name_hash[j - 1] = t;
		}
	nick_table.nick = nick_hash;
	nick_table.name = name_hash;
	nick_table.n = NNICK;
}

/* an allocator that counts live blocks */
static long live_blocks;

static void *
counting_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p != NULL)
		live_blocks++;
	return p;
}

static void
counting_release(void *ctx, void *ptr)
{
	(void) ctx;
	if (ptr == NULL)
		abort();
	live_blocks--;
	free(ptr);
}

/*
 * share
 *		True if key arrays x and y have an equal non-zero key of one rule.
 */
static int
share(const uint64_t *x, const uint64_t *y)
{
	int			s,
				t;

	for (s = 0; s < AMBC_NKEYS; s++)
		for (t = 0; t < AMBC_NKEYS; t++)
			if (x[s] != 0 && x[s] == y[t] &&
				ambc_block_slot_rule(s) == ambc_block_slot_rule(t))
				return 1;
	return 0;
}

/*
 * check_blocking
 *		Keys of a, b and an exact copy of a; the candidates of the three.
 */
static void
check_blocking(const ambc_fs_rec *a, const ambc_fs_rec *b)
{
	uint64_t	keys[3 * AMBC_NKEYS];
	uint64_t	order[3];
	ambc_fs_rec copy = *a;
	char	   *own[AMBC_NFIELDS + 2];
	ambc_alloc	al = {counting_alloc, counting_release, NULL};
	uint64_t   *pairs = NULL;
	size_t		np = 0;
	ambc_block_stats st;
	int			want[3] = {0, 0, 0};	/* pairs 01, 02, 12 */
	int			got[3] = {0, 0, 0};
	int			f;
	size_t		k;
	int			ok = 1;

	memset(own, 0, sizeof(own));
	for (f = 0; f < AMBC_NFIELDS + 2; f++)
	{
		ambc_span  *s = f < AMBC_NFIELDS ? &copy.f[f] :
			f == AMBC_NFIELDS ? &copy.given_key : &copy.family_key;

		if (s->p == NULL)
			continue;
		own[f] = malloc(s->len ? s->len : 1);
		if (own[f] == NULL)
		{
			ok = 0;
			break;
		}
		if (s->len > 0)
			memcpy(own[f], s->p, s->len);
		s->p = own[f];
	}
	if (ok)
	{
		ambc_block_keys(a, keys);
		ambc_block_keys(b, keys + AMBC_NKEYS);
		ambc_block_keys(&copy, keys + 2 * AMBC_NKEYS);
		if (memcmp(keys, keys + 2 * AMBC_NKEYS,
				   AMBC_NKEYS * sizeof(uint64_t)) != 0)
			abort();
		for (f = 0; f < AMBC_NKEYS; f++)
			if (ambc_block_slot_rule(f) < 0)
				abort();
		order[0] = ambc_block_order(a);
		order[1] = ambc_block_order(b);
		order[2] = ambc_block_order(&copy);
		if (order[0] != order[2])
			abort();
		want[0] = share(keys, keys + AMBC_NKEYS);
		want[1] = share(keys, keys + 2 * AMBC_NKEYS);
		want[2] = share(keys + AMBC_NKEYS, keys + 2 * AMBC_NKEYS);

		/* no block can be oversized: at most 3 records * 3 slots */
		if (ambc_block_candidates(keys, order, 3, 64, 2, UINT64_MAX, &al,
								  &pairs, &np, &st) != AMBC_OK)
			abort();
		for (k = 0; k < np; k++)
		{
			if (pairs[k] == 1)
				got[0] = 1;
			else if (pairs[k] == 2)
				got[1] = 1;
			else if (pairs[k] == (((uint64_t) 1 << 32) | 2))
				got[2] = 1;
			else
				abort();
			if (k > 0 && pairs[k - 1] >= pairs[k])
				abort();
		}
		if (memcmp(want, got, sizeof(want)) != 0 || st.pairs != np)
			abort();
		if (pairs != NULL)
			counting_release(NULL, pairs);
		if (live_blocks != 0)
			abort();
	}
	for (f = 0; f < AMBC_NFIELDS + 2; f++)
		free(own[f]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep;
	size_t		alen;
	mrec		a,
				b;
	ambc_fs_cmp ab,
				ba;
	ambc_fs_model model;
	const ambc_fs_nicknames *nk;
	int			f;
	uint8_t		flags;

	if (size < 1)
		return 0;
	init_nicknames();
	flags = data[0];
	data++;
	size--;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	sep = memchr(data, 0x1E, size);
	alen = sep ? (size_t) (sep - data) : size;
	if (!load(data, alen, &a) ||
		!load(sep ? sep + 1 : data + size,
			  sep ? size - alen - 1 : 0, &b))
	{
		unload(&a);
		unload(&b);
		return 0;
	}
	nk = (flags & 1) ? &nick_table : NULL;

	/* term frequencies, from the flags */
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		static const float tfs[8] = {0, 0.5f, 1e-9f, 1.0f, 0.01f, 0, 1e-3f,
		0.2f};

		a.r.tf[f] = tfs[((flags >> 1) + f) & 7];
		b.r.tf[f] = tfs[((flags >> 4) + 3 * f) & 7];
	}

	check_self(&a.r, nk);
	check_self(&b.r, nk);
	ambc_fs_compare(&a.r, &b.r, nk, &ab);
	ambc_fs_compare(&b.r, &a.r, nk, &ba);
	check_levels(&ab);
	check_levels(&ba);
	for (f = 0; f < AMBC_NFIELDS; f++)
	{
		if ((f == AMBC_F_GIVEN || f == AMBC_F_FAMILY) &&
			(ab.swapped || ba.swapped))
			continue;
		if (ab.level[f] != ba.level[f] || ab.sim[f] != ba.sim[f])
			abort();
	}
	for (f = 0; f < AMBC_NFIELDS; f++)
		if (ambc_fs_pattern_level(ambc_fs_pattern(&ab), f) != ab.level[f])
			abort();

	ambc_fs_default_model(&model);
	check_score(&model, &a.r, &b.r, &ab);
	check_score(&model, &b.r, &a.r, &ba);
	model.nicknames = nk;
	model.tf_floor = (flags & 0x80) ? 1e-2 : 1e-6;
	check_score(&model, &a.r, &b.r, &ab);

	check_blocking(&a.r, &b.r);

	unload(&a);
	unload(&b);
	return 0;
}
