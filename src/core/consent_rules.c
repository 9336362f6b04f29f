/*-------------------------------------------------------------------------
 *
 * consent_rules.c
 *		The rules of the consent ledger, as pure functions.
 *
 * See consent_rules.h for the rules.  Worked example: a 14-year-old's
 * sale_sharing.  Nothing recorded; a "pending" asked by the person (rule 3:
 * none -> any; rule 5: no opt-out yet) sets the head to pending, own; a
 * "granted" with source, method and evidence of what was shown follows
 * (pending -> granted; rule 4: 13 to 15, after the person's own pending:
 * the two steps).  Had the grant come first, or after a "pending" recorded
 * with method "parental", it would be AMBC_CR_MINOR_TWO_STEP.
 *
 * src/core/consent_rules.c
 *
 *-------------------------------------------------------------------------
 */
#include "consent_rules.h"

#include "bizdays.h"

#define USECS_PER_DAY INT64_C(86400000000)

/* rule 3: allowed[from][to] */
static const bool allowed[AMBC_CS_NSTATES][AMBC_CS_NSTATES] = {
	/* to: granted, denied, withdrawn, pending */
	{true, true, true, false},	/* from granted */
	{true, false, false, true}, /* from denied */
	{true, false, false, true}, /* from withdrawn */
	{true, true, false, false}	/* from pending */
};

static const char *const verdict_names[] = {
	"ok", "erased", "future", "backwards", "transition", "no_evidence",
	"minor_parental", "minor_two_step", "reask", "gpc_shape", "gpc_two_step"
};

/*
 * ambc_consent_verdict_name
 *		See consent_rules.h.
 */
const char *
ambc_consent_verdict_name(ambc_consent_verdict v)
{
	if ((int) v < 0 || (size_t) v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return "?";
	return verdict_names[v];
}

static bool
valid_state(int s)
{
	return s >= 0 && s < AMBC_CS_NSTATES;
}

static bool
is_optout(int s)
{
	return s == AMBC_CS_DENIED || s == AMBC_CS_WITHDRAWN;
}

/*
 * ambc_consent_transition_allowed
 *		See consent_rules.h.
 */
bool
ambc_consent_transition_allowed(int from, int to)
{
	if (!valid_state(to))
		return false;
	if (from == AMBC_CS_NONE)
		return true;
	if (!valid_state(from))
		return false;
	return allowed[from][to];
}

/*
 * ambc_consent_head_init
 *		See consent_rules.h.
 */
void
ambc_consent_head_init(ambc_consent_head *h)
{
	h->state = AMBC_CS_NONE;
	h->since = AMBC_NO_TIME;
	h->since_id = 0;
	h->last_optout = AMBC_NO_TIME;
	h->gpc = false;
	h->pending_own = false;
}

/*
 * floor_div
 *		a / b rounded towards minus infinity (b > 0).
 */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b) != 0 && (a < 0))
		q--;
	return q;
}

/*
 * days_from_civil
 *		The day number (0 = 2000-01-01) of y-m-d in the proleptic Gregorian
 *		calendar, for any int year (astronomical: 0 is 1 BC); m in 1..12.
 *		H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 *		(days_from_civil), shifted from 1970 to 2000 (10957 days).
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	int64_t		yoe;
	int64_t		doy;
	int64_t		doe;

	y -= (m <= 2);
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 - 10957;
}

/*
 * ambc_add_months
 *		See consent_rules.h.  Works on any year (int64 month arithmetic);
 *		a result beyond the int64 range saturates.
 */
int64_t
ambc_add_months(int64_t t, int n)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t		day;
	int64_t		rest;
	int			y,
				m,
				d;
	int64_t		total;
	int64_t		ny;
	int			nm;
	int			last;
	int64_t		nd;
	int64_t		out;

	if (t == AMBC_NO_TIME)
		return AMBC_NO_TIME;
	/* day and time of day without a product that leaves the int64 range */
	day = floor_div(t, USECS_PER_DAY);
	rest = t % USECS_PER_DAY;
	if (rest < 0)
		rest += USECS_PER_DAY;
	/* every int64 microsecond time is within int32 days */
	ambc_day_to_ymd((int32_t) day, &y, &m, &d);
	total = (int64_t) y * 12 + (m - 1) + n;
	ny = floor_div(total, 12);
	nm = (int) (total - ny * 12) + 1;
	last = mdays[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0));
	if (d > last)
		d = last;
	nd = days_from_civil(ny, nm, d);
	/* before day 0, count from the end of the day, so the first day fits */
	if (nd < 0 ?
		(__builtin_mul_overflow(nd + 1, USECS_PER_DAY, &out) ||
		 __builtin_add_overflow(out, rest - USECS_PER_DAY, &out)) :
		(__builtin_mul_overflow(nd, USECS_PER_DAY, &out) ||
		 __builtin_add_overflow(out, rest, &out)) ||
		out == AMBC_NO_TIME)
		return n >= 0 ? INT64_MAX : INT64_MIN + 1;
	return out;
}

/*
 * ambc_age_years
 *		See consent_rules.h.
 */
int
ambc_age_years(int32_t birth, int64_t t)
{
	int64_t		day = floor_div(t, USECS_PER_DAY);
	int			by,
				bm,
				bd,
				y,
				m,
				d;
	int			age;

	if (day < birth || day > INT32_MAX)
		return -1;
	ambc_day_to_ymd(birth, &by, &bm, &bd);
	ambc_day_to_ymd((int32_t) day, &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age;
}

/*
 * ambc_consent_check
 *		See consent_rules.h.
 */
ambc_consent_verdict
ambc_consent_check(const ambc_consent_head *h, const ambc_consent_event *e,
				   int64_t now, int64_t skew, bool import_mode)
{
	bool		grant = (e->state == AMBC_CS_GRANTED);
	bool		minor_two_step;

	if (e->erased)
		return AMBC_CR_ERASED;
	if (!valid_state(e->state))
		return AMBC_CR_TRANSITION;
	if (e->occurred == AMBC_NO_TIME)
		return AMBC_CR_BACKWARDS;	/* -infinity: before everything */
	if (now != AMBC_NO_TIME && e->occurred > now)
	{
		int64_t		ahead;

		if (__builtin_sub_overflow(e->occurred, now, &ahead) || skew < 0 || ahead > skew)
			return AMBC_CR_FUTURE;
	}
	if (e->gpc && (!e->sale_sharing || !is_optout(e->state)))
		return AMBC_CR_GPC_SHAPE;
	if (grant && (!e->has_source || !e->has_method || !e->shown))
		return AMBC_CR_NO_EVIDENCE;
	if (grant && e->sale_sharing && e->age >= 0 && e->age < 13 &&
		(!e->parental || !e->parent_verified))
		return AMBC_CR_MINOR_PARENTAL;
	if (import_mode)
		return AMBC_CR_OK;

	if (h->since != AMBC_NO_TIME && e->occurred < h->since)
		return AMBC_CR_BACKWARDS;
	if (!e->gpc && !ambc_consent_transition_allowed(h->state, e->state))
		return AMBC_CR_TRANSITION;
	minor_two_step = (e->age >= 13 && e->age < 16);
	/* the two steps: the person's own request, or under 13 the parent's */
	if (grant && e->sale_sharing && (minor_two_step || h->gpc) &&
		!(h->state == AMBC_CS_PENDING &&
		  (h->pending_own || (e->age >= 0 && e->age < 13))))
		return minor_two_step ? AMBC_CR_MINOR_TWO_STEP : AMBC_CR_GPC_TWO_STEP;
	if (e->state == AMBC_CS_PENDING && e->sale_sharing &&
		h->last_optout != AMBC_NO_TIME && !e->consumer_initiated &&
		e->occurred < ambc_add_months(h->last_optout, 12))
		return AMBC_CR_REASK;
	return AMBC_CR_OK;
}

/*
 * ambc_consent_apply
 *		See consent_rules.h.
 */
void
ambc_consent_apply(ambc_consent_head *h, const ambc_consent_event *e)
{
	if (is_optout(e->state) &&
		(h->last_optout == AMBC_NO_TIME || e->occurred > h->last_optout))
		h->last_optout = e->occurred;
	if (e->gpc)
		h->gpc = true;
	if (h->since != AMBC_NO_TIME &&
		(e->occurred < h->since || (e->occurred == h->since && e->id < h->since_id)))
		return;					/* older history (import mode) */
	h->state = e->state;
	h->since = e->occurred;
	h->since_id = e->id;
	h->pending_own = (e->state == AMBC_CS_PENDING && !e->parental);
}
