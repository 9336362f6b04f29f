#!/usr/bin/env bash
# bench/incentive_simulate.sh — amb.simulate_incentives over ten million referrals.
#
# Data (generated in SQL, deterministic: setseed, one backend)
#   500,000 ambassadors, loaded as any application would (display_name
#   'A' || i, no contacts; the normalizing trigger runs), each with a referral
#   code 'C' || id.  Then 10,000,000 referrals in time order (order_ref
#   'o' || i), loaded as a migration would be: INSERT ... SELECT under
#   session_replication_role = replica, so that neither amb's per-row
#   trigger nor the foreign-key checks run (the script checks afterwards that
#   every referral's ambassador exists).  occurred_at spreads evenly over
#   2024 and 2025.  Ambassadors are skewed: ambassador_id = 1 + floor(500,000
#   * random()^2), so the median one has 15 referrals, one in a hundred more
#   than 100 and the busiest 14,047, and the cap of case (b) pays some 5,900
#   of them less than case (a).  Status: 80% confirmed, 8% pending, 7%
#   refunded (half of them with a confirmed_at: confirmed, then refunded),
#   4% cancelled, 1% rejected.  confirmed_at is
#   occurred_at plus 0 to 40 days, either at any second or, for half the
#   rows, at midnight UTC (a nightly confirmation run), so that ties and
#   period boundaries (origin + k * 30 days, all midnights) occur.
#
# What is checked, then timed
#   (a) "$10 every 3 successes":  amb.simulate_incentives(3, 1000)
#   (b) "$10 every 3, at most $20 per 30 days":
#                                 amb.simulate_incentives(3, 1000, 2000, '30 days')
#   each against the SQL an analyst would write with an aggregate and a
#   window function: successes counted per ambassador and 30-day period
#   (date_bin from 2000-01-01 UTC), running totals per ambassador, the
#   milestones first reached in each period floor(cum / 3) - floor((cum -
#   n) / 3), each period's credit capped with least().  (date_bin gives the
#   same periods as floor(extract(epoch FROM confirmed_at - origin) / 2592000)
#   and is some 13% faster at 10M, so it is the stronger baseline.  The SQL
#   of (a) is one aggregate, which the planner answers with an index-only
#   scan of amb's referral_ambassador_idx (ambassador_id, rule_id, status):
#   no hashing, no sort.)  First, both sides
#   must return exactly the same rows (EXCEPT ALL both ways is empty, and
#   the same for a third, check-only case with a finite `since`, which moves
#   the periods' origin); any difference fails the benchmark (exit 1) and
#   prints the differing rows.  Then each side is timed as
#       SELECT count(*), sum(credits_cents) FROM (...) s
#   one warm-up round and 3 timed rounds, interleaved (bench/lib.sql), on
#   one core (max_parallel_workers_per_gather = 0, jit = off) with the
#   cluster's defaults otherwise (work_mem 4MB); medians are compared.
#
# Target
#   amb at least 3x faster than the window-function SQL (median SQL / median
#   amb >= 3): case (b), the one that needs the window function.  Case (a)
#   has no target: there the analyst's SQL is one GROUP BY, and so is what
#   amb runs for a rule without periods (the count per ambassador is all
#   there is), so the two should be alike; it is printed to show amb adds
#   nothing to it.  A miss is reported (FAIL line), not an exit status;
#   wrong answers and SQL errors exit non-zero.
#
# Knobs (environment): BENCH_REFERRALS (10000000), BENCH_AMBASSADORS
#   (500000), BENCH_RUNS (3), BENCH_KEEP (keep the database).
#
# Reproduce
#   ./amb bench incentive_simulate          (about 5 minutes)
#   (or, with amb staged and PG* variables pointing at a scratch cluster as
#   a superuser: bash bench/incentive_simulate.sh)
set -euo pipefail

NR=${BENCH_REFERRALS:-10000000}
NA=${BENCH_AMBASSADORS:-500000}
RUNS=${BENCH_RUNS:-3}
WARMUP=1
TARGET=3
DB=amb_bench_incentive
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# 1234567 -> 1,234,567 (printf's ' flag needs a locale that groups digits)
commas() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[^0-9]\)/\1,\2\3/' -e 'ta' <<<"$1"; }

cleanup() {
	if [ -z "${BENCH_KEEP:-}" ]; then
		psql -X -q -d "${PGDATABASE:-postgres}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $DB;
CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
SQL

# ---------------------------------------------------------------------------
# the queries: amb's function and the hand-written SQL, per case
# ---------------------------------------------------------------------------
AMB_A="SELECT * FROM amb.simulate_incentives(3, 1000)"
SQL_A="SELECT ambassador_id, count(*) AS successes, count(*) / 3 * 1000 AS credits_cents
	  FROM amb.referral
	 WHERE status = 'confirmed'
	 GROUP BY ambassador_id"

AMB_B="SELECT * FROM amb.simulate_incentives(3, 1000, 2000, '30 days')"
SQL_B="WITH per_period AS (
		SELECT ambassador_id,
			   date_bin('30 days', confirmed_at, timestamptz '2000-01-01 00:00 UTC') AS period,
			   count(*) AS n
		  FROM amb.referral
		 WHERE status = 'confirmed'
		 GROUP BY ambassador_id, period
	), running AS (
		SELECT ambassador_id, n,
			   sum(n) OVER (PARTITION BY ambassador_id ORDER BY period)::bigint AS cum
		  FROM per_period
	)
	SELECT ambassador_id, sum(n)::bigint AS successes,
		   sum(least(2000, 1000 * (cum / 3 - (cum - n) / 3)))::bigint AS credits_cents
	  FROM running
	 GROUP BY ambassador_id"

# check only: a finite since (referrals that occurred from then on; periods
# counted from it), another n, cap and period
AMB_C="SELECT * FROM amb.simulate_incentives(2, 700, 1500, '7 days', '2024-07-15 00:00 UTC')"
SQL_C="WITH per_period AS (
		SELECT ambassador_id,
			   date_bin('7 days', confirmed_at, timestamptz '2024-07-15 00:00 UTC') AS period,
			   count(*) AS n
		  FROM amb.referral
		 WHERE status = 'confirmed' AND occurred_at >= timestamptz '2024-07-15 00:00 UTC'
		 GROUP BY ambassador_id, period
	), running AS (
		SELECT ambassador_id, n,
			   sum(n) OVER (PARTITION BY ambassador_id ORDER BY period)::bigint AS cum
		  FROM per_period
	)
	SELECT ambassador_id, sum(n)::bigint AS successes,
		   sum(least(1500, 700 * (cum / 2 - (cum - n) / 2)))::bigint AS credits_cents
	  FROM running
	 GROUP BY ambassador_id"

# ---------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------
echo "generating $(commas "$NA") ambassadors and $(commas "$NR") referrals ..."
psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -v na="$NA" -v nr="$NR" <<'SQL'
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE EXTENSION amb CASCADE;

SELECT clock_timestamp() AS t0 \gset
INSERT INTO amb.ambassador (display_name) SELECT 'A' || g FROM generate_series(1, :na) g;
INSERT INTO amb.referral_code (code, ambassador_id) SELECT 'C' || id, id FROM amb.ambassador;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) AS t_amb \gset
SELECT count(*) = :na AND min(id) = 1 AND max(id) = :na AS ids_ok FROM amb.ambassador \gset
\if :ids_ok
\else
\echo 'ambassador ids are not 1 .. :na'
\quit 1
\endif

SELECT clock_timestamp() AS t0 \gset
-- a migration's load: no per-row trigger, no foreign-key checks
SET session_replication_role = replica;
SELECT setseed(0.42) \gset
INSERT INTO amb.referral (ambassador_id, code, program, order_ref, amount_cents, currency,
						  occurred_at, status, confirmed_at)
SELECT a, 'C' || a, 'referral', 'o' || g, amount_cents, 'USD', occurred_at, status,
	   CASE WHEN status = 'confirmed' OR (status = 'refunded' AND r_conf < 0.5) THEN
			CASE WHEN r_conf < 0.5
				 THEN occurred_at + make_interval(secs => r_delay * 40 * 86400)
				 ELSE date_trunc('day', occurred_at) + make_interval(days => 1 + floor(r_delay * 40)::int)
			END
	   END
  FROM (SELECT g, a, r_conf, r_delay,
			   timestamptz '2024-01-01 00:00 UTC'
				   + make_interval(secs => (g - 1 + r_time) * (730 * 86400.0 / :nr)) AS occurred_at,
			   500 + floor(r_amount * 20000)::bigint AS amount_cents,
			   CASE WHEN r_status < 0.80 THEN 'confirmed'
					WHEN r_status < 0.88 THEN 'pending'
					WHEN r_status < 0.95 THEN 'refunded'
					WHEN r_status < 0.99 THEN 'cancelled'
					ELSE 'rejected' END::amb.referral_status AS status
		  FROM (SELECT g, 1 + floor(:na * power(random(), 2))::bigint AS a,
					   random() AS r_time, random() AS r_amount, random() AS r_status,
					   random() AS r_conf, random() AS r_delay
				  FROM generate_series(1, :nr) g) raw) s;
SET session_replication_role = origin;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) AS t_ref \gset

SELECT clock_timestamp() AS t0 \gset
VACUUM ANALYZE amb.ambassador;
VACUUM ANALYZE amb.referral_code;
VACUUM ANALYZE amb.referral;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1) AS t_vac \gset

-- what the foreign keys would have checked
SELECT count(*) AS orphans, count(*) > 0 AS has_orphans FROM amb.referral r
 WHERE NOT EXISTS (SELECT 1 FROM amb.ambassador a WHERE a.id = r.ambassador_id) \gset
\if :has_orphans
\echo :orphans 'referrals without an ambassador'
\quit 1
\endif
CHECKPOINT;

\echo 'load: ambassadors and codes' :t_amb 's, referrals' :t_ref 's, VACUUM ANALYZE' :t_vac 's'
SELECT 'data: ' || string_agg(status || ' ' || to_char(n, 'FM999,999,999'), ', ' ORDER BY status)
  FROM (SELECT status, count(*) AS n FROM amb.referral GROUP BY status) s;
SELECT 'size: amb.referral ' || pg_size_pretty(pg_table_size('amb.referral'))
	   || ' + indexes ' || pg_size_pretty(pg_indexes_size('amb.referral'));
SQL

# ---------------------------------------------------------------------------
# the answers agree
# ---------------------------------------------------------------------------
echo "checking that amb and the SQL return the same rows ..."
check=$(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -d "$DB" \
	-v amb_a="$AMB_A" -v sql_a="$SQL_A" -v amb_b="$AMB_B" -v sql_b="$SQL_B" \
	-v amb_c="$AMB_C" -v sql_c="$SQL_C" <<'SQL'
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE TEMP TABLE amb_a AS :amb_a;
CREATE TEMP TABLE sql_a AS :sql_a;
CREATE TEMP TABLE amb_b AS :amb_b;
CREATE TEMP TABLE sql_b AS :sql_b;
CREATE TEMP TABLE amb_c AS :amb_c;
CREATE TEMP TABLE sql_c AS :sql_c;
SELECT 'a', (SELECT count(*) FROM (TABLE amb_a EXCEPT ALL TABLE sql_a) d),
			(SELECT count(*) FROM (TABLE sql_a EXCEPT ALL TABLE amb_a) d),
			(SELECT count(*) FROM sql_a), (SELECT coalesce(sum(credits_cents), 0) FROM sql_a)
UNION ALL
SELECT 'b', (SELECT count(*) FROM (TABLE amb_b EXCEPT ALL TABLE sql_b) d),
			(SELECT count(*) FROM (TABLE sql_b EXCEPT ALL TABLE amb_b) d),
			(SELECT count(*) FROM sql_b), (SELECT coalesce(sum(credits_cents), 0) FROM sql_b)
UNION ALL
SELECT 'c', (SELECT count(*) FROM (TABLE amb_c EXCEPT ALL TABLE sql_c) d),
			(SELECT count(*) FROM (TABLE sql_c EXCEPT ALL TABLE amb_c) d),
			(SELECT count(*) FROM sql_c), (SELECT coalesce(sum(credits_cents), 0) FROM sql_c)
UNION ALL
-- how much the cap of case (b) bites: ambassadors it pays less than (a)
SELECT 'capped', (SELECT count(*) FROM sql_a JOIN sql_b USING (ambassador_id)
				   WHERE sql_b.credits_cents < sql_a.credits_cents), 0, 0, 0;
-- on a difference, the first differing ambassadors, both sides
SELECT 'diff', x.c, x.ambassador_id,
	   coalesce((SELECT successes || '/' || credits_cents FROM amb_a WHERE ambassador_id = x.ambassador_id AND x.c = 'a'),
				(SELECT successes || '/' || credits_cents FROM amb_b WHERE ambassador_id = x.ambassador_id AND x.c = 'b'),
				(SELECT successes || '/' || credits_cents FROM amb_c WHERE ambassador_id = x.ambassador_id AND x.c = 'c'),
				'-') AS amb,
	   coalesce((SELECT successes || '/' || credits_cents FROM sql_a WHERE ambassador_id = x.ambassador_id AND x.c = 'a'),
				(SELECT successes || '/' || credits_cents FROM sql_b WHERE ambassador_id = x.ambassador_id AND x.c = 'b'),
				(SELECT successes || '/' || credits_cents FROM sql_c WHERE ambassador_id = x.ambassador_id AND x.c = 'c'),
				'-') AS sql
  FROM (SELECT DISTINCT ON (c, ambassador_id) c, ambassador_id FROM (
		  (SELECT 'a' AS c, ambassador_id FROM (TABLE amb_a EXCEPT ALL TABLE sql_a UNION ALL
												(TABLE sql_a EXCEPT ALL TABLE amb_a)) d ORDER BY 2 LIMIT 20)
		  UNION ALL
		  (SELECT 'b', ambassador_id FROM (TABLE amb_b EXCEPT ALL TABLE sql_b UNION ALL
										   (TABLE sql_b EXCEPT ALL TABLE amb_b)) d ORDER BY 2 LIMIT 20)
		  UNION ALL
		  (SELECT 'c', ambassador_id FROM (TABLE amb_c EXCEPT ALL TABLE sql_c UNION ALL
										   (TABLE sql_c EXCEPT ALL TABLE amb_c)) d ORDER BY 2 LIMIT 20)) u
		 ORDER BY c, ambassador_id) x;
SQL
)
bad=0
declare -A rows credits
while read -r c x y n s; do
	case "$c" in
		a|b|c)
			rows[$c]=$n; credits[$c]=$s
			if [ "$x" != 0 ] || [ "$y" != 0 ]; then
				echo "MISMATCH in case ($c): $x rows only from amb, $y rows only from the SQL (of $n)" >&2
				bad=1
			fi ;;
		capped) capped=$x ;;
	esac
done < <(grep -E '^(a|b|c|capped) ' <<<"$check")
if [ "$bad" -ne 0 ]; then
	echo "first differing ambassadors (case, ambassador_id, amb successes/credits, SQL successes/credits):" >&2
	grep '^diff ' <<<"$check" | cut -d' ' -f2- >&2
	echo "FAIL: amb.simulate_incentives and the SQL disagree; not timing" >&2
	exit 1
fi
echo "same rows: (a) $(commas "${rows[a]}") ambassadors, $(commas "${credits[a]}") cents in all;" \
	"(b) $(commas "${rows[b]}"), $(commas "${credits[b]}") cents (the cap pays $(commas "$capped") of them less than (a));" \
	"(c) $(commas "${rows[c]}"), $(commas "${credits[c]}") cents"

# ---------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------
echo "timing (1 warm-up round, $RUNS timed rounds) ..."
result=$(psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 -d "$DB" -v lib="$HERE/lib.sql" \
	-v warmup="$WARMUP" -v runs="$RUNS" \
	-v amb_a="SELECT count(*), sum(credits_cents) FROM ($AMB_A) s" \
	-v sql_a="SELECT count(*), sum(credits_cents) FROM ($SQL_A) s" \
	-v amb_b="SELECT count(*), sum(credits_cents) FROM ($AMB_B) s" \
	-v sql_b="SELECT count(*), sum(credits_cents) FROM ($SQL_B) s" <<'SQL'
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET max_parallel_workers_per_gather = 0;
SET jit = off;
\i :lib
CREATE TEMP TABLE t AS
SELECT * FROM pg_temp.bench(ARRAY['amb_a', 'sql_a', 'amb_b', 'sql_b'],
							ARRAY[:'amb_a', :'sql_a', :'amb_b', :'sql_b'], :warmup, :runs);
SELECT 'run', run, string_agg(query || '=' || ms, ' ' ORDER BY query) FROM t GROUP BY run ORDER BY run;
SELECT 'median', query, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), count(DISTINCT result)
  FROM t GROUP BY query ORDER BY query;
SQL
)
grep '^run ' <<<"$result" | while read -r _ r rest; do echo "run $r: $rest ms"; done
declare -A med
while read -r _ q ms nres; do
	med[$q]=$ms
	if [ "$nres" != 1 ]; then echo "FAIL: $q gave different counts in different runs" >&2; exit 1; fi
done < <(grep '^median ' <<<"$result")
version=$(psql -X -q -At -d "$DB" -c "SHOW server_version")
work_mem=$(psql -X -q -At -d "$DB" -c "SHOW work_mem")

ratio() { awk -v s="$1" -v a="$2" 'BEGIN {printf "%.2f", s / a}'; }
verdict() { awk -v r="$1" -v t="$TARGET" 'BEGIN {print (r >= t) ? "PASS" : "FAIL"}'; }
secs() { awk -v x="$1" 'BEGIN {printf "%.2f", x / 1000}'; }
ra=$(ratio "${med[sql_a]}" "${med[amb_a]}")
rb=$(ratio "${med[sql_b]}" "${med[amb_b]}")

echo
echo "== amb.simulate_incentives: $(commas "$NR") referrals, $(commas "$NA") ambassadors (median of $RUNS runs)"
printf '(a) $10 every 3:                   SQL %8s s   amb %8s s   -> %sx   (no target: both one GROUP BY)\n' \
	"$(secs "${med[sql_a]}")" "$(secs "${med[amb_a]}")" "$ra"
printf '(b) $10 every 3, <= $20 / 30 days: SQL %8s s   amb %8s s   -> %sx   %s\n' \
	"$(secs "${med[sql_b]}")" "$(secs "${med[amb_b]}")" "$rb" "$(verdict "$rb")"
echo "answers:         identical rows in (a), (b) and the check-only case (c) with a finite since"
echo "target:          amb at least ${TARGET}x faster than the window-function SQL in case (b)"
echo "setup:           PostgreSQL $version, 1 core (no parallel workers), jit off, work_mem $work_mem"
echo "reproduce:       ./amb bench incentive_simulate"
