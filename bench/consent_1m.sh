#!/usr/bin/env bash
# bench/consent_1m.sh — the consent ledger's triggers at a million events.
#
# Data
#   100,000 ambassadors and 1,000,000 consent events, generated in SQL
#   (deterministic): for each ambassador and each of five purposes, a grant
#   (source, method, evidence of what was shown) and later a withdrawal, in
#   time order, as a migration from an email tool would carry them.
#
# What is timed (median of 3 runs, each after emptying the tables)
#   amb:      INSERT INTO amb.consent_event ... SELECT: every event checked
#             against the ledger's rules by the statement-level trigger, the
#             current state kept in amb.consent_head, the audit chains
#             appended (one hash-chained row per ambassador and statement,
#             listing its events).  Measured: 2.26x in one statement, 8.2x in
#             batches of 1,000 (README's benchmark table).
#   baseline: the same INSERT into a copy of the table with the same
#             columns, defaults and indexes (CREATE TABLE ... LIKE ...
#             INCLUDING ALL) and no trigger.
#   Both as one statement (a migration), and as 1,000 statements of 1,000
#   events (an application writing in batches), in one transaction each.
#   Target: at most 2.5x the baseline for the million-row statement.
#
# Reproduce
#   ./amb bench consent_1m          (about 4 minutes)
set -euo pipefail

RUNS=${BENCH_RUNS:-3}
DB=amb_bench_consent
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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

# one timed statement: prints its milliseconds
timed() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" <<SQL
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CHECKPOINT;
SELECT clock_timestamp() AS t0 \gset
$1
SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'::timestamptz), 1);
SQL
}

reset_tables() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
SET client_min_messages = warning;
-- the ledger and the audit log refuse TRUNCATE; a benchmark resets them as
-- a replica would (their triggers do not fire)
SET session_replication_role = replica;
TRUNCATE amb.consent_event, amb.consent_head, amb.audit_log, plain;
SET session_replication_role = origin;
VACUUM amb.ambassador;
SQL
}

echo "generating 100,000 ambassadors and 1,000,000 consent events ..."
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION amb CASCADE;
INSERT INTO amb.ambassador (display_name, email)
SELECT 'Ambassador ' || g, 'ambassador' || g || '@example.com' FROM generate_series(1, 100000) g;
CREATE UNLOGGED TABLE src AS
SELECT (g % 100000) + 1 AS ambassador_id,
	   (ARRAY['email_marketing', 'sms_marketing', 'profiling', 'program_terms',
			  'financial_incentive'])[(g / 100000) % 5 + 1] AS purpose,
	   CASE WHEN g < 500000 THEN 'granted' ELSE 'withdrawn' END::amb.consent_state AS state,
	   timestamptz '2024-01-01 UTC' + make_interval(secs => g) AS occurred_at,
	   CASE WHEN g < 500000 THEN 'signup_form' ELSE 'preference_center' END AS source,
	   CASE WHEN g < 500000 THEN 'checkbox' ELSE 'unsubscribe_link' END AS method,
	   CASE WHEN g < 500000 THEN jsonb_build_object('shown', 'program notice v3',
													'ip', '203.0.113.' || (g % 250)) END AS evidence,
	   g / 1000 AS batch
  FROM generate_series(0, 999999) g;
CREATE INDEX ON src (batch);
CREATE TABLE plain (LIKE amb.consent_event INCLUDING ALL);
VACUUM ANALYZE src;
VACUUM ANALYZE amb.ambassador;
SQL

ONE_PLAIN="INSERT INTO plain (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	SELECT ambassador_id, purpose, state, occurred_at, source, method, evidence FROM src ORDER BY batch;"
ONE_AMB="INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	SELECT ambassador_id, purpose, state, occurred_at, source, method, evidence FROM src ORDER BY batch;"
BATCH_PLAIN="DO \$\$ BEGIN FOR b IN 0 .. 999 LOOP
	INSERT INTO plain (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	SELECT ambassador_id, purpose, state, occurred_at, source, method, evidence FROM src WHERE batch = b;
	END LOOP; END \$\$;"
BATCH_AMB="DO \$\$ BEGIN FOR b IN 0 .. 999 LOOP
	INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	SELECT ambassador_id, purpose, state, occurred_at, source, method, evidence FROM src WHERE batch = b;
	END LOOP; END \$\$;"

declare -a one_plain one_amb batch_plain batch_amb
# a warm-up of each, untimed
reset_tables; timed "$ONE_PLAIN" >/dev/null; timed "$ONE_AMB" >/dev/null
for r in $(seq 1 "$RUNS"); do
	reset_tables
	one_plain+=("$(timed "$ONE_PLAIN")")
	one_amb+=("$(timed "$ONE_AMB")")
	reset_tables
	batch_plain+=("$(timed "$BATCH_PLAIN")")
	batch_amb+=("$(timed "$BATCH_AMB")")
	echo "run $r: one statement ${one_plain[-1]} / ${one_amb[-1]} ms; 1,000 batches ${batch_plain[-1]} / ${batch_amb[-1]} ms"
done

# the ledger that the last run left is sound
check=$(psql -X -q -At -d "$DB" -c "
	SELECT (SELECT count(*) FROM amb.consent_event) || ' events, '
		|| (SELECT count(*) FROM amb.consent_head) || ' heads, '
		|| (SELECT count(*) FROM amb.audit_log) || ' audit rows, '
		|| (SELECT count(first_bad_seq) FROM amb.verify_audit()) || ' bad chains'")
version=$(psql -X -q -At -d "$DB" -c "SHOW server_version")

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mp=$(median "${one_plain[@]}"); ma=$(median "${one_amb[@]}")
bp=$(median "${batch_plain[@]}"); ba=$(median "${batch_amb[@]}")
ratio=$(awk -v a="$ma" -v p="$mp" 'BEGIN {printf "%.2f", a / p}')
bratio=$(awk -v a="$ba" -v p="$bp" 'BEGIN {printf "%.2f", a / p}')
verdict=$(awk -v r="$ratio" 'BEGIN {print (r <= 2.5) ? "PASS" : "ABOVE TARGET"}')

echo
echo "== consent ledger: 1,000,000 events for 100,000 ambassadors (median of $RUNS runs)"
printf 'one statement:   baseline %8.1f s   amb %8.1f s   -> %sx\n' \
	"$(awk -v x="$mp" 'BEGIN {print x / 1000}')" "$(awk -v x="$ma" 'BEGIN {print x / 1000}')" "$ratio"
printf '1,000 batches:   baseline %8.1f s   amb %8.1f s   -> %sx\n' \
	"$(awk -v x="$bp" 'BEGIN {print x / 1000}')" "$(awk -v x="$ba" 'BEGIN {print x / 1000}')" "$bratio"
echo "after the last run: $check"
echo "target:          at most 2.5x for the one-statement load"
echo "verdict:         $verdict"
echo "setup:           PostgreSQL $version, 1 core (no parallel workers), jit off"
echo "reproduce:       ./amb bench consent_1m"
