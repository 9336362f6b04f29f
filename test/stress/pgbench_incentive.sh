#!/usr/bin/env bash
# pgbench_incentive.sh: many clients confirming, refunding, cancelling and
# inserting referrals of a few ambassadors at once, then the credit ledger
# against a recomputation from scratch (incentive_check.sql).
#
# Usage: test/stress/pgbench_incentive.sh      (the server from the PG* variables)
#
# Environment (defaults in brackets): AMB_PGBENCH_DB [amb_stress_pgbench],
# AMB_PGBENCH_CLIENTS [8], AMB_PGBENCH_JOBS [2], AMB_PGBENCH_SECONDS [20],
# AMB_PGBENCH_AMBASSADORS [5], AMB_PGBENCH_POOL [3000] pending referrals to
# start from, AMB_PGBENCH_KEEP=1 to keep the database, AMB_PGBENCH_OPTS for
# more pgbench options (e.g. "-P 5" for progress, "-r" for per-statement
# latencies, printed only on failure).  PGBIN [the PostgreSQL 15 binaries].
#
# Prints TAP-style lines that ./amb test counts:
#   ok - pgbench_incentive (<n> transactions, <m> ledger rows)
#   ok - incentive_check detects a double booking
# or "not ok - ..." with what went wrong.  Exits non-zero on any "not ok".
#
# Every client transaction guards its status change ("WHERE status =
# 'pending'"), so a lost race is a no-op rather than an invalid status
# change (23514), which would abort the pgbench client; deadlocks and
# serialization failures (40P01, 40001) are retried (--max-tries).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/${PGVER:-15}/bin}
DB=${AMB_PGBENCH_DB:-amb_stress_pgbench}
CLIENTS=${AMB_PGBENCH_CLIENTS:-8}
JOBS=${AMB_PGBENCH_JOBS:-2}
SECONDS_=${AMB_PGBENCH_SECONDS:-20}
NAMB=${AMB_PGBENCH_AMBASSADORS:-5}
POOL=${AMB_PGBENCH_POOL:-3000}
WORK=$(mktemp -d /tmp/amb-pgbench.XXXXXX)
failed=0

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	rm -rf "$WORK"
	if [ "${AMB_PGBENCH_KEEP:-0}" != 1 ]; then
		"$PGBIN/psql" -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

psql_db() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# ---------------------------------------------------------------------------
# the world: NAMB ambassadors with a code each and consent, one clawback rule
# (a credit of 1000 for every 3rd success, no hold), POOL pending referrals
# that occurred over the last POOL minutes (confirm_due_referrals takes the
# oldest part of them)
# ---------------------------------------------------------------------------
"$PGBIN/psql" -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB" \
	-c "CREATE DATABASE $DB" >/dev/null || {
	echo "not ok - pgbench_incentive: cannot create database $DB"
	exit 1
}
if ! psql_db >"$WORK/setup.log" 2>&1 <<EOF
SET client_min_messages = warning;
CREATE EXTENSION amb CASCADE;
CREATE SEQUENCE public.pgb_order;
INSERT INTO amb.ambassador (id, display_name, email)
SELECT i, 'Stress Ambassador ' || i, 'stress' || i || '@example.com' FROM generate_series(1, $NAMB) i;
INSERT INTO amb.referral_code (code, ambassador_id, program)
SELECT 'STRESS' || i, i, 'referral' FROM generate_series(1, $NAMB) i;
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
SELECT i, 'financial_incentive', 'granted', now(), 'web', 'checkbox', '{"shown": "terms"}'
  FROM generate_series(1, $NAMB) i;
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, hold, clawback, valid_from)
VALUES ('referral', 3, 1000, 'USD', '0', true, '2000-01-01');
INSERT INTO amb.referral (order_ref, code, amount_cents, currency, occurred_at)
SELECT 'pool-' || i, 'STRESS' || (1 + i % $NAMB), 1000, 'USD', now() - i * interval '1 minute'
  FROM generate_series(1, $POOL) i;
ANALYZE amb.referral;
EOF
then
	echo "not ok - pgbench_incentive: set-up failed"
	cat "$WORK/setup.log"
	exit 1
fi

# ---------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------
# shellcheck disable=SC2086
"$PGBIN/pgbench" -n -c "$CLIENTS" -j "$JOBS" -T "$SECONDS_" --max-tries=100 --failures-detailed ${AMB_PGBENCH_OPTS:-} \
	-D namb="$NAMB" -D pool="$POOL" \
	-f "$HERE/pgbench_confirm.sql@6" \
	-f "$HERE/pgbench_unconfirm.sql@4" \
	-f "$HERE/pgbench_insert.sql@4" \
	-f "$HERE/pgbench_batch.sql@1" \
	-f "$HERE/pgbench_mixed.sql@2" \
	"$DB" >"$WORK/pgbench.out" 2>"$WORK/pgbench.err"
rc=$?
tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")
nfail=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")
nretried=$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$WORK/pgbench.out")
tx=${tx:-0}
nfail=${nfail:-0}
nretried=${nretried:-0}

problems=""
if [ "$rc" -ne 0 ] || grep -q 'aborted' "$WORK/pgbench.err" "$WORK/pgbench.out"; then
	problems="pgbench exited with $rc or a client aborted"
fi
if [ "$tx" -eq 0 ]; then
	problems="${problems:+$problems; }no transaction was processed"
fi

# ---------------------------------------------------------------------------
# the ledger against a recomputation from scratch
# ---------------------------------------------------------------------------
"$PGBIN/psql" -X -q -At -F ' | ' -v ON_ERROR_STOP=1 -d "$DB" -f "$HERE/incentive_check.sql" \
	>"$WORK/check.out" 2>&1
crc=$?
nbad=$(grep -c . "$WORK/check.out" || true)
ledger=$(psql_db -At -c "SELECT count(*) FROM amb.credit_ledger" 2>/dev/null || echo 0)
stats=$(psql_db -At -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'confirmed'),
		count(*) FILTER (WHERE status IN ('refunded', 'cancelled')),
		(SELECT count(*) FROM amb.credit_ledger WHERE kind = 'clawback')
	FROM amb.referral" 2>/dev/null || echo "? ? ?")
if [ "$crc" -ne 0 ]; then
	problems="${problems:+$problems; }incentive_check.sql failed"
elif [ "$nbad" -ne 0 ]; then
	problems="${problems:+$problems; }incentive_check.sql found $nbad wrong (ambassador, rule) pairs"
fi
if [ "${ledger:-0}" -eq 0 ]; then
	problems="${problems:+$problems; }the ledger is empty"
fi

if [ -z "$problems" ]; then
	echo "ok - pgbench_incentive ($tx transactions, $ledger ledger rows)"
	# shellcheck disable=SC2086  # three numbers
	set -- $stats
	echo "# $CLIENTS clients, ${SECONDS_}s: $1 referrals confirmed, $2 refunded or cancelled, $3 clawbacks;" \
		"$nretried transactions retried, $nfail failed after retries"
else
	echo "not ok - pgbench_incentive: $problems"
	echo "# pgbench (exit $rc):"
	sed 's/^/#   /' "$WORK/pgbench.out" | head -60
	grep -v '^$' "$WORK/pgbench.err" | sort | uniq -c | sort -rn | head -20 | sed 's/^/#   /'
	if [ -s "$WORK/check.out" ]; then
		echo "# incentive_check.sql (ambassador | rule | every_n | clawback | cap | granted | successes | earned | held | broken | net | status):"
		head -50 "$WORK/check.out" | sed 's/^/#   /'
	fi
	failed=1
fi

# ---------------------------------------------------------------------------
# the check can fail: a double booking (a second credit for a held
# milestone), inserted as superuser in a transaction that is rolled back
# ---------------------------------------------------------------------------
"$PGBIN/psql" -X -q -At -F ' | ' -v ON_ERROR_STOP=1 -d "$DB" >"$WORK/double.out" 2>&1 <<EOF
BEGIN;
INSERT INTO amb.credit_ledger (ambassador_id, rule_id, milestone, kind, occurrence,
							   amount_cents, currency, referral_id)
SELECT l.ambassador_id, l.rule_id, l.milestone, 'credit',
	   count(*) FILTER (WHERE l.kind = 'credit') + 1, 1000, 'USD', NULL
  FROM amb.credit_ledger l
 GROUP BY l.ambassador_id, l.rule_id, l.milestone
HAVING count(*) FILTER (WHERE l.kind = 'credit') = count(*) FILTER (WHERE l.kind = 'clawback') + 1
 ORDER BY l.ambassador_id, l.milestone
 LIMIT 1
RETURNING 'inserted=1';
\i $HERE/incentive_check.sql
ROLLBACK;
EOF
drc=$?
if [ "$drc" -eq 0 ] && grep -q '^inserted=1$' "$WORK/double.out" &&
	[ "$(grep -vc '^inserted=' "$WORK/double.out")" -ge 1 ]; then
	echo "ok - incentive_check detects a double booking"
else
	echo "not ok - incentive_check detects a double booking"
	sed 's/^/#   /' "$WORK/double.out" | head -20
	failed=1
fi
exit $failed
