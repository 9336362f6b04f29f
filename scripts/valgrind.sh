#!/usr/bin/env bash
# Run the pg_regress SQL suites against a server under Valgrind and fail on any
# Valgrind error whose stack passes through amb.so.  (AddressSanitizer cannot be
# preloaded into Debian's postgres; see ../shared/ARCHITECTURE.md.)
#
# Usage (as root, after ./amb has staged the extension): scripts/valgrind.sh STAGE_DIR
# Normally run through: ./amb valgrind
set -euo pipefail
STAGE=$1
PGBIN=/usr/lib/postgresql/${PGVER:-15}/bin
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/amb-valgrind.XXXXXX)
chmod 755 "$WORK"
chown postgres "$WORK"
PORT=5499
while [ -e "$WORK/.s.PGSQL.$PORT" ] || pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; do PORT=$((PORT + 1)); done

stop() {
	su postgres -c "$PGBIN/pg_ctl -D $WORK/data stop -m fast" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap stop EXIT

# the server runs as postgres, which may not be able to read the checkout
cp "$ROOT/scripts/valgrind.supp" "$WORK/valgrind.supp"
chmod 644 "$WORK/valgrind.supp"
su postgres -c "$PGBIN/initdb -D $WORK/data -E UTF8 --locale=C.UTF-8 -A trust" >/dev/null
cat > "$WORK/server.sh" <<EOS
#!/bin/bash
exec valgrind --quiet --trace-children=yes --log-file=$WORK/vg.%p.log \
	--suppressions=$WORK/valgrind.supp \
	$PGBIN/postgres -D $WORK/data -k $WORK -p $PORT -c listen_addresses='' \
	-c extension_destdir=$STAGE \
	-c dynamic_library_path=$STAGE/usr/lib/postgresql/${PGVER:-15}/lib:/usr/lib/postgresql/${PGVER:-15}/lib
EOS
chmod 755 "$WORK/server.sh"
su postgres -c "$WORK/server.sh > $WORK/server.log 2>&1" &
for _ in $(seq 60); do pg_isready -q -h "$WORK" -p "$PORT" && break; sleep 1; done

export PGHOST=$WORK PGPORT=$PORT PGUSER=postgres
createdb contrib_regression
mkdir -p "$ROOT/results"
failed=0
cd "$ROOT"
for s in tag dedup consent incentive; do
	psql -X -a -q -d contrib_regression -f "sql/$s.sql" 2>&1 |
		sed -E 's/^psql:sql\/[a-z_]+\.sql:[0-9]+: //' > "results/valgrind_$s.out" || true
	if diff -q "results/valgrind_$s.out" "expected/$s.out" >/dev/null; then
		echo "ok - $s under valgrind: output as expected"
	else
		echo "not ok - $s under valgrind: output differs (results/valgrind_$s.out)"
		failed=1
	fi
done
su postgres -c "$PGBIN/pg_ctl -D $WORK/data stop -m fast" >/dev/null
sleep 2
# frames with debug info show "function (file.c:line)", without debug info
# "(in /path/amb.so)": match both
AMB_FRAME='(ambc?_[a-z0-9_]+ \(|\(in [^)]*amb\.so\))'
if grep -lE "$AMB_FRAME" "$WORK"/vg.*.log >/dev/null 2>&1; then
	echo "not ok - valgrind errors in amb.so:"
	grep -hE -B8 -A12 "$AMB_FRAME" "$WORK"/vg.*.log | head -100
	failed=1
else
	echo "ok - no valgrind error passes through amb.so ($(cat "$WORK"/vg.*.log | grep -c '^==[0-9]*== [A-Z]' || true) lines from PostgreSQL itself, its known WAL/relcache false positives; scripts/valgrind.supp lists what is suppressed and why)"
fi
exit $failed
