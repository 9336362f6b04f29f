#!/usr/bin/env bash
# Concurrency stress tests of referral incentives, run by ./amb test inside its
# throwaway cluster (psql, pgbench and psycopg2 find it through the PG*
# variables pg_virtualenv sets):
#
#   1. test/stress/pgbench_incentive.sh: 8 pgbench clients confirming,
#      refunding, cancelling and inserting referrals of 5 ambassadors for
#      AMB_PGBENCH_SECONDS (20) s; then the ledger against a recomputation
#      from scratch, and a planted double booking the check must find;
#   2. test/stress/incentive_random.py: 6 sessions of random operations
#      (referrals, status changes, rule changes, merges, consent, erasures)
#      for AMB_STRESS_SECONDS (40) s, seeded by AMB_SEED (default: today's
#      date, printed, so a failure replays with AMB_SEED=<seed>).
#
# Each creates (and drops) its own database.  Prints "ok - ..." / "not ok - ..."
# lines; exits non-zero if any is "not ok".
#
# Usage: scripts/incentive_stress.sh      (PG* pointing at a server with amb installed)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SEED=${AMB_SEED:-$(date -u +%Y%m%d)}
SECONDS_RANDOM=${AMB_STRESS_SECONDS:-40}
failed=0

echo "# incentive stress: seed $SEED (replay the random test with AMB_SEED=$SEED)"

AMB_PGBENCH_DB=amb_incentive_pgbench bash "$ROOT/test/stress/pgbench_incentive.sh" || failed=1

if ! /usr/bin/python3 -c 'import psycopg2' 2>/dev/null; then
	echo "not ok - incentive_random seed=$SEED: python3-psycopg2 is not installed"
	failed=1
else
	/usr/bin/python3 "$ROOT/test/stress/incentive_random.py" --seed "$SEED" --seconds "$SECONDS_RANDOM" \
		--dbname amb_incentive_random || failed=1
fi
exit $failed
