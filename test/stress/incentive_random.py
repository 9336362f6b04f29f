#!/usr/bin/python3
"""incentive_random.py: a seeded randomized concurrency test of referral incentives.

K sessions (threads, each with its own connection and its own
random.Random(seed * 1000 + i)) interleave for T seconds on a small world (8
ambassadors, 2 programs, so that they collide): referrals recorded through
amb.record_referral (retried with the same fields: the same id; with a
different amount: 23505) and plain INSERTs, confirmations, refunds,
cancellations, rejections, amb.confirm_due_referrals, rule changes (end the
program's rule, start another with a different every_n, credit, clawback,
cap), merges (the duplicate's codes keep working), consent grants and
withdrawals, rare erasures (their codes are gone: 23503) and new
ambassadors.  Transactions hold 1-3 operations, sometimes REPEATABLE READ or
SERIALIZABLE, with small random sleeps so that they overlap.

Errors that a race explains (40001, 40P01, 23514 on a referral another session
moved, 23503 for an erased code, 55000 merging a merged or erased record,
23P01 for two concurrent rule changes...) are counted per operation; any other
error, or a wrong answer, fails the run.  At the end the ledger is compared
with a recomputation from scratch (incentive_check.sql, next to this file),
and a few invariants are checked: every referral is under the rule in force
when it occurred, nothing is left on merged ambassadors, erased ambassadors
keep no code or referee contact, no referral keeps an erased person as its
referee (one in 16 names an ambassador, perhaps erased), and
the audit chains verify.

Usage:
  /usr/bin/python3 test/stress/incentive_random.py --seed S --seconds T [--sessions K]
      [--dbname DB] [--keep] [--without OP,OP...] [--read-committed-only]
      [--no-caps] [--serialize-admin]
The server comes from the PG* environment variables (PGHOST, PGPORT, PGUSER);
the test creates DB (default amb_stress_random) from scratch and drops it at
the end unless --keep or a failure.  Needs python3-psycopg2 (Debian; use
/usr/bin/python3 where another python3 comes first in PATH).

To look past one known problem at a time: --without leaves operations out
(merge, erase, rule, consent, record_retry, ...), --read-committed-only runs
every transaction in READ COMMITTED, --no-caps draws rules without caps, and
--serialize-admin makes merges, erasures and rule changes exclude the other
transactions with an advisory lock (a test-side workaround for their races
with concurrent referral inserts).  The draws are the same otherwise.

Output (TAP-style lines that ./amb test counts):
  ok - incentive_random seed=S (N ops, ...)
  ok - incentive_random seed=S: <invariant>
or "not ok - incentive_random seed=S...: replay with: ..." followed by "# "
lines with the rows that are wrong.  Exit status 0 only if everything is ok.
The seed fixes what each session does, not how the sessions interleave: a
replay runs the same operations, and usually fails the same way.
"""

import argparse
import collections
import datetime
import os
import random
import re
import sys
import threading
import time
import traceback

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:  # pragma: no cover
    print("not ok - incentive_random: python3-psycopg2 is not installed (apt-get install python3-psycopg2)")
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_SQL = os.path.join(HERE, "incentive_check.sql")

PROGRAMS = ("alpha", "beta")
CODE_PREFIX = {"alpha": "A", "beta": "B"}
N_AMBASSADORS = 8
MAX_LIVE = 14
MAX_ERASURES = 3
NO_CAPS = False  # --no-caps
# errors that a race between sessions explains, whatever the operation
RACE = {"40001", "40P01"}

ISOLATION = (
    (psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED, 0.7),
    (psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, 0.15),
    (psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE, 0.15),
)

ISOLATION_NAME = {
    psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED: "READ COMMITTED",
    psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ: "REPEATABLE READ",
    psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE: "SERIALIZABLE",
}


class Failure(Exception):
    """A wrong answer or an unexpected error; key groups the alike."""

    def __init__(self, key, msg):
        super().__init__(msg)
        self.key = key


class Shared:
    """What the sessions share: counters, the shared orders, failures."""

    def __init__(self, t0):
        self.lock = threading.Lock()
        self.t0 = t0  # the run's start, for the shared orders' occurred_at
        self.ops = collections.Counter()  # op -> committed
        self.errors = collections.Counter()  # (op, sqlstate) -> count
        self.commits = 0
        self.rollbacks = 0
        self.shared_ids = {}  # k -> referral id of shared order k
        self.erasures = 0
        # every ambassador's email, erased or not: referees to name
        self.emails = ["ambassador%d@example.com" % i for i in range(1, N_AMBASSADORS + 1)]
        self.failures = collections.OrderedDict()  # key -> [count, first message]
        self.stop = threading.Event()

    def fail(self, key, msg, fatal=False):
        with self.lock:
            f = self.failures.setdefault(key, [0, msg])
            f[0] += 1
        if fatal:
            self.stop.set()


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def one(cur, sql, args=()):
    cur.execute(sql, args)
    row = cur.fetchone()
    return row


class Session(threading.Thread):
    def __init__(self, idx, seed, dsn, shared, deadline, without, read_committed_only=False):
        super().__init__(name="session-%d" % idx)
        self.read_committed_only = read_committed_only
        self.serialize_admin = False
        self.idx = idx
        self.rng = random.Random(seed * 1000 + idx)
        self.dsn = dsn
        self.shared = shared
        self.deadline = deadline
        self.without = without
        self.recorded = []  # (order_ref, args, id) of committed record_referral
        self.counter = 0
        self.codes = []
        self.codes_age = 0
        self.last_status = None  # (referral, status read, status wanted) of the last op_status
        ops = [
            ("record", 20), ("record_retry", 5), ("record_conflict", 3),
            ("insert_confirmed", 12), ("status", 30), ("confirm_due", 3),
            ("shared", 6), ("rule", 2), ("merge", 1.2), ("consent", 5),
            ("erase", 0.25), ("new_ambassador", 1.5),
        ]
        self.ops = [(o, w) for o, w in ops if o not in without
                    and not (o == "record_retry" and "record" in without)]

    # ------------------------------------------------------------------
    def run(self):
        try:
            self.conn = psycopg2.connect(self.dsn, application_name="incentive_random-%d" % self.idx)
        except Exception as e:  # pragma: no cover
            self.shared.fail("connect", "session %d cannot connect: %s" % (self.idx, e), fatal=True)
            return
        try:
            while time.time() < self.deadline and not self.shared.stop.is_set():
                try:
                    self.transaction()
                except Failure as f:
                    # recorded; the session goes on (the run fails at the end)
                    self.shared.fail(f.key, "session %d: %s" % (self.idx, f))
                    try:
                        self.conn.rollback()
                        self.conn.set_session(autocommit=False)
                    except Exception:
                        pass
        except Exception:
            self.shared.fail("exception", "session %d: unexpected exception:\n%s" % (self.idx, traceback.format_exc()),
                             fatal=True)
        finally:
            try:
                self.conn.close()
            except Exception:
                pass

    def sleep(self, hi=0.01):
        time.sleep(self.rng.random() * hi)

    def refresh_codes(self, cur):
        if self.codes and self.codes_age < 25:
            self.codes_age += 1
            return
        cur.execute("SELECT code FROM amb.referral_code ORDER BY code")
        self.codes = [r[0] for r in cur.fetchall()]
        self.codes_age = 0

    def transaction(self):
        rng = self.rng
        nops = weighted(rng, [(1, 0.7), (2, 0.2), (3, 0.1)])
        ops = [weighted(rng, self.ops) for _ in range(nops)]
        # merges, erasures, rule changes and new ambassadors run alone
        if any(o in ("merge", "erase", "rule", "new_ambassador") for o in ops):
            ops = [o for o in ops if o in ("merge", "erase", "rule", "new_ambassador")][:1]
        iso = weighted(rng, ISOLATION)
        if self.read_committed_only:
            iso = psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED
        self.conn.set_session(isolation_level=iso, autocommit=False)
        after = []
        current = None
        self.last_status = None
        cur = self.conn.cursor()
        try:
            if self.serialize_admin:
                # a workaround for the known races, to look past them: merges,
                # erasures and rule changes exclude the referral writers
                admin = any(o in ("merge", "erase", "rule") for o in ops)
                cur.execute("SELECT pg_advisory_xact_lock%s(4242)" % ("" if admin else "_shared"))
            for op in ops:
                current = op
                cb = getattr(self, "op_" + op)(cur)
                if cb is not None:
                    after.append(cb)
                self.sleep()
            current = "commit"
            self.conn.commit()
        except psycopg2.Error as e:
            code = e.pgcode
            try:
                self.conn.rollback()
            except Exception:
                pass
            if code == "23514" and current == "status" and self.last_status is not None:
                self.check_status_race(*self.last_status, error=e)
            if expected_error(current, code, e.pgerror or ""):
                with self.shared.lock:
                    self.shared.errors[(current, code)] += 1
                    self.shared.rollbacks += 1
                self.sleep(0.005)
                return
            raise Failure("%s: unexpected %s" % (current, code), "operation %s (%s): unexpected error %s: %s" % (
                current, ISOLATION_NAME[iso], code, (e.pgerror or str(e)).strip()))
        with self.shared.lock:
            self.shared.commits += 1
            for op in ops:
                self.shared.ops[op] += 1
        for cb in after:
            cb()
        self.sleep(0.005)

    # ------------------------------------------------------------------
    # referrals
    # ------------------------------------------------------------------
    def new_order(self):
        self.counter += 1
        return "s%d-%d" % (self.idx, self.counter)

    def referee(self, cur, code):
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            return None, None
        if r < 0.32:
            # the ambassador's own email: a self-referral, rejected
            row = one(cur, "SELECT a.email FROM amb.referral_code c JOIN amb.ambassador a"
                           " ON a.id = amb.resolve_ambassador(c.ambassador_id) WHERE c.code = %s", (code,))
            return (row[0] if row else None), None
        if r < 0.38:
            # an ambassador, perhaps erased (then the contact is not stored)
            with self.shared.lock:
                email = rng.choice(self.shared.emails)
            return email.upper(), None
        email = "friend%d@example.org" % rng.randrange(40)
        phone = "+1 415 555 %04d" % rng.randrange(10000) if rng.random() < 0.3 else None
        return email, phone

    def op_record(self, cur):
        self.refresh_codes(cur)
        if not self.codes:
            return None
        code = self.rng.choice(self.codes)
        email, phone = self.referee(cur, code)
        order = self.new_order()
        amount = self.rng.randrange(100, 20000)
        # now (a rule may be ending at this moment) or up to 3 s before
        back = 0 if self.rng.random() < 0.5 else self.rng.randrange(0, 3000)
        occurred = one(cur, "SELECT now() - %s * interval '1 millisecond'", (back,))[0]
        args = (order, code, email, phone, amount, "USD", occurred)
        rid = one(cur, "SELECT amb.record_referral(%s, %s, %s, %s, %s, %s, %s)", args)[0]
        if rid is None:
            raise Failure("record: NULL id", "record_referral returned NULL for %s" % (args,))
        # retried at once, in the same transaction: the same id
        if self.rng.random() < 0.2:
            again = one(cur, "SELECT amb.record_referral(%s, %s, %s, %s, %s, %s, %s)", args)[0]
            if again != rid:
                raise Failure("record: retry in the same transaction gave another id",
                              "record_referral %s: first %s, retried in the same transaction %s" % (order, rid, again))

        def done():
            self.recorded.append((order, args, rid))
            if len(self.recorded) > 300:
                del self.recorded[: len(self.recorded) - 300]
        return done

    def op_record_retry(self, cur):
        if not self.recorded:
            return None
        order, args, rid = self.rng.choice(self.recorded)
        again = one(cur, "SELECT amb.record_referral(%s, %s, %s, %s, %s, %s, %s)", args)[0]
        if again != rid:
            raise Failure("record_retry: another id", "record_referral retry of %s returned %s, first %s" % (order, again, rid))
        return None

    def op_record_conflict(self, cur):
        if not self.recorded:
            return None
        order, args, rid = self.rng.choice(self.recorded)
        changed = list(args)
        changed[4] = args[4] + 1 + self.rng.randrange(100)
        cur.execute("SAVEPOINT conflict")
        try:
            cur.execute("SELECT amb.record_referral(%s, %s, %s, %s, %s, %s, %s)", tuple(changed))
            got = cur.fetchone()[0]
        except psycopg2.Error as e:
            if e.pgcode in RACE:
                raise
            cur.execute("ROLLBACK TO SAVEPOINT conflict")
            if e.pgcode != "23505":
                raise Failure("record_conflict: %s instead of 23505" % e.pgcode,
                              "record_referral of %s with another amount: %s %s, expected 23505" % (
                    order, e.pgcode, (e.pgerror or "").strip()))
            if "amount_cents" not in (e.pgerror or ""):
                raise Failure("record_conflict: 23505 names another field",
                              "record_referral of %s with another amount: 23505 does not name amount_cents: %s" % (
                    order, (e.pgerror or "").strip()))
            return None
        raise Failure("record_conflict: no error", "record_referral of %s with another amount returned %s (first %s), expected 23505" % (
            order, got, rid))

    def op_shared(self, cur):
        # an order that every session may record, with the same fields:
        # concurrent first recordings and retries must all give one id
        k = self.rng.randrange(400)
        code = "%s%d" % (CODE_PREFIX[PROGRAMS[k % 2]], 1 + (k // 2) % N_AMBASSADORS)
        args = ("shared-%d" % k, code, "shared%d@example.org" % k, None, 1000 + k, "USD",
                self.shared.t0 - datetime.timedelta(milliseconds=10 * k))
        rid = one(cur, "SELECT amb.record_referral(%s, %s, %s, %s, %s, %s, %s)", args)[0]

        def done():
            with self.shared.lock:
                first = self.shared.shared_ids.setdefault(k, rid)
            if first != rid:
                self.shared.fail("shared: two ids", "session %d: shared order %d recorded as referral %s here and %s elsewhere"
                                 % (self.idx, k, rid, first))
        return done

    def op_insert_confirmed(self, cur):
        self.refresh_codes(cur)
        if not self.codes:
            return None
        code = self.rng.choice(self.codes)
        email, phone = self.referee(cur, code)
        cur.execute("INSERT INTO amb.referral (order_ref, code, referee_email, referee_phone, amount_cents,"
                    " currency, occurred_at, status) VALUES (%s, %s, %s, %s, %s, 'USD',"
                    " now() - %s * interval '1 millisecond', 'confirmed') RETURNING id",
                    (self.new_order(), code, email, phone, self.rng.randrange(100, 20000),
                     0 if self.rng.random() < 0.5 else self.rng.randrange(3000)))
        return None

    def pick_referral(self, cur):
        rng = self.rng
        if rng.random() < 0.5:
            # one of a random live ambassador's: sessions collide on few
            row = one(cur, "SELECT id, status::text FROM amb.referral"
                           " WHERE status IN ('pending', 'confirmed')"
                           "   AND ambassador_id = (SELECT id FROM amb.ambassador WHERE status = 'active'"
                           "                         ORDER BY id OFFSET %s LIMIT 1)"
                           " ORDER BY id DESC LIMIT 1 OFFSET %s", (rng.randrange(N_AMBASSADORS), rng.randrange(4)))
            if row:
                return row
        return one(cur, "SELECT id, status::text FROM amb.referral"
                        " WHERE status IN ('pending', 'confirmed')"
                        "   AND id >= (SELECT (max(id) * %s)::bigint FROM amb.referral)"
                        " ORDER BY id LIMIT 1", (rng.random(),))

    def op_status(self, cur):
        rng = self.rng
        row = self.pick_referral(cur)
        if row is None:
            return None
        rid, st = row
        if st == "pending":
            to = weighted(rng, [("confirmed", 0.7), ("rejected", 0.1), ("cancelled", 0.1), ("refunded", 0.1)])
        else:
            to = weighted(rng, [("refunded", 0.6), ("cancelled", 0.4)])
        self.sleep(0.005)
        self.last_status = (rid, st, to)
        if rng.random() < 0.5:
            # guarded: a lost race changes nothing
            cur.execute("UPDATE amb.referral SET status = %s, status_reason = 'random'"
                        " WHERE id = %s AND status = %s", (to, rid, st))
        else:
            # unguarded: a lost race is an invalid status change (23514)
            cur.execute("UPDATE amb.referral SET status = %s, status_reason = 'random' WHERE id = %s", (to, rid))
        return None

    def check_status_race(self, rid, st, to, error):
        """A 23514 on a status change is a lost race only if the status moved."""
        self.last_status = None
        self.conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED, autocommit=True)
        try:
            cur = self.conn.cursor()
            now = one(cur, "SELECT status::text FROM amb.referral WHERE id = %s", (rid,))[0]
        finally:
            self.conn.set_session(autocommit=False)
        if now == st:
            raise Failure("status: 23514 without a race", "referral %s: %s -> %s refused (%s) although it is still %s" % (
                rid, st, to, (error.pgerror or "").strip(), st))

    def op_confirm_due(self, cur):
        cur.execute("SELECT amb.confirm_due_referrals(clock_timestamp())")
        return None

    # ------------------------------------------------------------------
    # rules, merges, consent, erasure, new ambassadors
    # ------------------------------------------------------------------
    def op_rule(self, cur):
        rng = self.rng
        program = rng.choice(PROGRAMS)
        row = one(cur, "SELECT id FROM amb.incentive_rule WHERE program = %s AND tier IS NULL AND valid_to IS NULL",
                  (program,))
        if row is None:
            return None
        row = one(cur, "UPDATE amb.incentive_rule SET valid_to = clock_timestamp()"
                       " WHERE id = %s AND valid_to IS NULL RETURNING valid_to", (row[0],))
        if row is None:
            return None  # another session ended it first
        cur.execute("INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency,"
                    " cap_cents_per_period, period, hold, clawback, valid_from)"
                    " VALUES (%s, %s, %s, 'USD', %s, %s, %s, %s, %s)",
                    random_rule(rng, program) + (row[0],))
        return None

    def live_ambassadors(self, cur):
        cur.execute("SELECT id FROM amb.ambassador WHERE status = 'active' ORDER BY id")
        return [r[0] for r in cur.fetchall()]

    def op_merge(self, cur):
        rng = self.rng
        live = self.live_ambassadors(cur)
        if len(live) < 4:
            return None
        survivor, duplicate = rng.sample(live, 2)
        cur.execute("SELECT code FROM amb.referral_code WHERE ambassador_id = %s", (duplicate,))
        codes = [r[0] for r in cur.fetchall()]
        self.sleep(0.005)
        cur.execute("SELECT amb.merge_ambassadors(%s, %s)", (survivor, duplicate))
        cur.fetchone()

        def done():
            # the duplicate's codes still work: they earn for its survivor
            if codes:
                self.check_codes_after_merge(duplicate, codes)
        return done

    def check_codes_after_merge(self, duplicate, codes):
        code = self.rng.choice(codes)
        self.conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED, autocommit=False)
        cur = self.conn.cursor()
        try:
            if self.serialize_admin:
                cur.execute("SELECT pg_advisory_xact_lock_shared(4242)")
            order = self.new_order()
            rid = one(cur, "SELECT amb.record_referral(%s, %s, NULL, NULL, 100, 'USD', now())", (order, code))[0]
            row = one(cur, "SELECT r.ambassador_id, amb.resolve_ambassador(r.ambassador_id), amb.resolve_ambassador(%s),"
                           " a.status::text FROM amb.referral r JOIN amb.ambassador a ON a.id = r.ambassador_id"
                           " WHERE r.id = %s", (duplicate, rid))
            self.conn.commit()
        except psycopg2.Error as e:
            self.conn.rollback()
            # the survivor erased since (its codes went), or a race
            if e.pgcode in RACE or expected_error("record", e.pgcode, e.pgerror or ""):
                with self.shared.lock:
                    self.shared.errors[("merge_followup", e.pgcode)] += 1
                return
            raise Failure("merge_followup: unexpected %s" % e.pgcode, "code %s of merged ambassador %s: unexpected error %s: %s" % (
                code, duplicate, e.pgcode, (e.pgerror or "").strip()))
        if row[1] != row[2]:
            raise Failure("merge_followup: code earns for another ambassador",
                          "code %s of merged ambassador %s recorded referral %s for ambassador %s (live %s),"
                          " not for the duplicate's survivor %s" % (code, duplicate, rid, row[0], row[1], row[2]))
        with self.shared.lock:
            self.shared.ops["merge_followup"] += 1

    def op_consent(self, cur):
        rng = self.rng
        if rng.random() < 0.9:
            live = self.live_ambassadors(cur)
            if not live:
                return None
            who = rng.choice(live)
        else:
            who = one(cur, "SELECT id FROM amb.ambassador ORDER BY random() LIMIT 1")[0]
        row = one(cur, "SELECT state::text FROM amb.consent_current"
                       " WHERE ambassador_id = %s AND purpose = 'financial_incentive'", (who,))
        granted = row is not None and row[0] == "granted"
        self.sleep(0.005)  # others book meanwhile (withheld notes the grant must pay)
        state = "withdrawn" if granted else "granted"
        if rng.random() < 0.15:
            state = "granted"  # granted again: allowed
        cur.execute("INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)"
                    " VALUES (%s, 'financial_incentive', %s, clock_timestamp(), 'web', 'checkbox', '{\"shown\": \"terms\"}')",
                    (who, state))
        return None

    def op_erase(self, cur):
        with self.shared.lock:
            if self.shared.erasures >= MAX_ERASURES:
                return None
        live = self.live_ambassadors(cur)
        if len(live) < 5:
            return None
        who = self.rng.choice(live)
        cur.execute("SELECT amb.erase_ambassador(%s, %s)", (who, "stress-%d-%d" % (self.idx, self.counter)))

        def done():
            with self.shared.lock:
                self.shared.erasures += 1
        return done

    def op_new_ambassador(self, cur):
        live = self.live_ambassadors(cur)
        if len(live) >= MAX_LIVE:
            return None
        self.counter += 1
        tag = "s%dn%d" % (self.idx, self.counter)
        aid = one(cur, "INSERT INTO amb.ambassador (display_name, email) VALUES (%s, %s) RETURNING id",
                  ("New Ambassador %s" % tag, "new-%s@example.com" % tag))[0]
        for p in PROGRAMS:
            cur.execute("INSERT INTO amb.referral_code (code, ambassador_id, program) VALUES (%s, %s, %s)",
                        ("%s-%s" % (CODE_PREFIX[p], tag), aid, p))
        if self.rng.random() < 0.7:
            cur.execute("INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method,"
                        " evidence) VALUES (%s, 'financial_incentive', 'granted', clock_timestamp(), 'web',"
                        " 'checkbox', '{\"shown\": \"terms\"}')", (aid,))
        self.codes_age = 1000

        def done():
            with self.shared.lock:
                self.shared.emails.append("new-%s@example.com" % tag)
        return done


# the errors each operation may meet because of another session, besides
# 40001 and 40P01: SQLSTATE -> what the message says
CODE_GONE = r'referral code "[^"]*" does not exist'
EXPECTED = {
    # a code whose ambassador was erased (gone: 23503; erased while we read it: 55000)
    "record": {"23503": CODE_GONE, "55000": r"ambassador \d+ is erased"},
    "insert_confirmed": {"23503": CODE_GONE, "55000": r"ambassador \d+ is erased"},
    "shared": {"23503": CODE_GONE, "55000": r"ambassador \d+ is erased"},
    # another session moved the referral first (checked: check_status_race)
    "status": {"23514": r"invalid status change for referral"},
    # a referral recorded after the end we chose; two changes of one program at once
    "rule": {"23514": r"cannot end incentive rule \d+ before a referral it governs",
             "23P01": r"incentive_rule_no_overlap"},
    # merged or erased meanwhile
    "merge": {"55000": r"(is already merged|cannot merge)"},
    # the state changed meanwhile (invalid transition, time order), or erased
    "consent": {"23514": r"(invalid consent transition|goes back in time)",
                "55000": r"is erased"},
    "erase": {"55000": r"is already erased"},
}


def expected_error(op, code, message):
    if code in RACE:
        return True
    pattern = EXPECTED.get(op, {}).get(code)
    return pattern is not None and re.search(pattern, message) is not None


def random_rule(rng, program):
    every_n = rng.choice((1, 2, 3, 4))
    credit = rng.choice((500, 1000, 2500))
    clawback = rng.random() < 0.7
    kind = weighted(rng, [("none", 0.5), ("period", 0.35), ("life", 0.15)])
    if NO_CAPS:
        kind = "none"
    cap = period = None
    if kind != "none":
        cap = credit * rng.choice((1, 2, 3)) + rng.choice((0, credit // 2))
        if kind == "period":
            period = rng.choice(("2 seconds", "5 seconds", "1 day"))
    hold = rng.choice(("0", "0", "1 second", "3 seconds"))
    return (program, every_n, credit, cap, period, hold, clawback)


def dsn_for(dbname):
    return "dbname=%s" % dbname


def setup(args, rng):
    admin = psycopg2.connect(dsn_for(args.maintenance_db))
    admin.autocommit = True
    cur = admin.cursor()
    cur.execute("SET client_min_messages = warning")
    cur.execute("DROP DATABASE IF EXISTS %s" % args.dbname)
    cur.execute("CREATE DATABASE %s" % args.dbname)
    admin.close()
    conn = psycopg2.connect(dsn_for(args.dbname))
    cur = conn.cursor()
    cur.execute("SET client_min_messages = warning")
    cur.execute("CREATE EXTENSION amb CASCADE")
    for i in range(1, N_AMBASSADORS + 1):
        aid = one(cur, "INSERT INTO amb.ambassador (display_name, email) VALUES (%s, %s) RETURNING id",
                  ("Ambassador %d" % i, "ambassador%d@example.com" % i))[0]
        for p in PROGRAMS:
            cur.execute("INSERT INTO amb.referral_code (code, ambassador_id, program) VALUES (%s, %s, %s)",
                        ("%s%d" % (CODE_PREFIX[p], i), aid, p))
        if i <= 6:  # two start without consent: their milestones are withheld
            cur.execute("INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method,"
                        " evidence) VALUES (%s, 'financial_incentive', 'granted', now(), 'web', 'checkbox',"
                        " '{\"shown\": \"terms\"}')", (aid,))
    # alpha: a plain clawback rule; beta: random; both from long ago
    cur.execute("INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, hold, clawback, valid_from)"
                " VALUES ('alpha', 3, 1000, 'USD', '0', true, '2000-01-01')")
    cur.execute("INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, cap_cents_per_period,"
                " period, hold, clawback, valid_from) VALUES (%s, %s, %s, 'USD', %s, %s, %s, %s, '2000-01-01')",
                random_rule(rng, "beta"))
    # some history: confirmed and pending referrals of every ambassador
    cur.execute("INSERT INTO amb.referral (order_ref, code, amount_cents, currency, occurred_at, status)"
                " SELECT 'init-' || i, CASE WHEN i % 2 = 0 THEN 'A' ELSE 'B' END || (1 + i % " + str(N_AMBASSADORS) + "),"
                "        1000, 'USD', now() - (i * interval '1 second'),"
                "        (CASE WHEN i % 3 = 0 THEN 'pending' ELSE 'confirmed' END)::amb.referral_status"
                "   FROM generate_series(1, 120) i")
    conn.commit()
    t0 = one(cur, "SELECT now()")[0]
    conn.close()
    return t0


INVARIANTS = [
    ("every referral is under the rule in force when it occurred",
     """SELECT r.id, r.order_ref, r.program, r.occurred_at, r.recorded_at, r.rule_id, g.valid_from, g.valid_to,
               (SELECT f.id FROM amb.incentive_rule f
                 WHERE f.program = r.program AND f.tier IS NULL AND f.valid_from <= r.occurred_at
                   AND (f.valid_to IS NULL OR f.valid_to > r.occurred_at)) AS in_force
          FROM amb.referral r LEFT JOIN amb.incentive_rule g ON g.id = r.rule_id
         WHERE r.rule_id IS DISTINCT FROM
               (SELECT f.id FROM amb.incentive_rule f
                 WHERE f.program = r.program AND f.tier IS NULL AND f.valid_from <= r.occurred_at
                   AND (f.valid_to IS NULL OR f.valid_to > r.occurred_at))
         ORDER BY r.id"""),
    ("nothing is left on merged ambassadors",
     """SELECT 'referral' AS what, r.id, r.ambassador_id, r.status::text, r.recorded_at, a.merged_into
          FROM amb.referral r JOIN amb.ambassador a ON a.id = r.ambassador_id WHERE a.status = 'merged'
        UNION ALL
        SELECT 'code ' || c.code, NULL, c.ambassador_id, NULL, c.created_at, a.merged_into
          FROM amb.referral_code c JOIN amb.ambassador a ON a.id = c.ambassador_id WHERE a.status = 'merged'
        UNION ALL
        SELECT 'ledger', l.id, l.ambassador_id, l.kind::text, l.booked_at, a.merged_into
          FROM amb.credit_ledger l JOIN amb.ambassador a ON a.id = l.ambassador_id WHERE a.status = 'merged'
         ORDER BY 1, 2"""),
    ("erased ambassadors keep no code and their referrals no referee contact",
     """SELECT 'referral' AS what, r.id, r.ambassador_id, r.code, r.referee_email IS NOT NULL AS has_email,
               r.referee_phone IS NOT NULL AS has_phone, r.recorded_at
          FROM amb.referral r JOIN amb.ambassador a ON a.id = r.ambassador_id
         WHERE a.status = 'erased'
           AND (r.code IS NOT NULL OR r.referee_email IS NOT NULL OR r.referee_phone IS NOT NULL)
        UNION ALL
        SELECT 'code', NULL, c.ambassador_id, c.code, NULL, NULL, c.created_at
          FROM amb.referral_code c JOIN amb.ambassador a ON a.id = c.ambassador_id WHERE a.status = 'erased'
         ORDER BY 1, 2"""),
    ("no referral keeps an erased person's contacts as its referee",
     """SELECT r.id, r.ambassador_id, r.referee_removed, r.recorded_at FROM amb.referral r
         WHERE (r.referee_email_norm IS NOT NULL OR r.referee_phone_norm IS NOT NULL)
           AND amb._suppressed_on(r.referee_email_norm, r.referee_phone_norm, NULL, NULL, NULL) IS NOT NULL
        UNION ALL
        SELECT r.id, r.ambassador_id, r.referee_removed, r.recorded_at FROM amb.referral r
         WHERE r.referee_removed AND (r.referee_email IS NOT NULL OR r.referee_phone IS NOT NULL
               OR r.referee_email_norm IS NOT NULL OR r.referee_phone_norm IS NOT NULL)
         ORDER BY 1"""),
    ("the audit chains verify",
     "SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE first_bad_seq IS NOT NULL ORDER BY 1"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--sessions", type=int, default=6)
    ap.add_argument("--dbname", default="amb_stress_random")
    ap.add_argument("--maintenance-db", default="postgres")
    ap.add_argument("--keep", action="store_true", help="keep the database")
    ap.add_argument("--read-committed-only", action="store_true",
                    help="run every transaction in READ COMMITTED (the same draws otherwise)")
    ap.add_argument("--no-caps", action="store_true", help="rules without caps (the same draws otherwise)")
    ap.add_argument("--serialize-admin", action="store_true",
                    help="merges, erasures and rule changes take an exclusive advisory lock that every other"
                         " transaction takes shared: looks past the known races (use with --read-committed-only)")
    ap.add_argument("--without", default="",
                    help="comma-separated operations to leave out: record, record_retry, record_conflict, "
                         "insert_confirmed, status, confirm_due, shared, rule, merge, consent, erase, new_ambassador")
    args = ap.parse_args()
    without = set(x for x in args.without.split(",") if x)
    global NO_CAPS
    NO_CAPS = args.no_caps
    name = "incentive_random seed=%d" % args.seed
    replay = "replay with: /usr/bin/python3 test/stress/incentive_random.py --seed %d --seconds %g --sessions %d%s" % (
        args.seed, args.seconds, args.sessions, (" --without " + args.without) if without else "") + (
        " --read-committed-only" if args.read_committed_only else "") + (
        " --serialize-admin" if args.serialize_admin else "") + (" --no-caps" if args.no_caps else "")

    rng = random.Random(args.seed)
    try:
        t0 = setup(args, rng)
    except psycopg2.Error as e:
        print("not ok - %s: set-up failed: %s" % (name, (e.pgerror or str(e)).strip()))
        return 1
    shared = Shared(t0)
    deadline = time.time() + args.seconds
    sessions = [Session(i, args.seed, dsn_for(args.dbname), shared, deadline, without, args.read_committed_only)
                for i in range(args.sessions)]
    for s in sessions:
        s.serialize_admin = args.serialize_admin
    started = time.time()
    for s in sessions:
        s.start()
    for s in sessions:
        s.join()
    elapsed = time.time() - started

    conn = psycopg2.connect(dsn_for(args.dbname))
    conn.autocommit = True
    cur = conn.cursor()
    # the ledger against a recomputation from scratch
    with open(CHECK_SQL) as f:
        cur.execute(f.read())
    cols = [d[0] for d in cur.description]
    bad = cur.fetchall()
    cur.execute("SELECT count(*), count(*) FILTER (WHERE kind = 'clawback'), count(*) FILTER (WHERE kind = 'withheld')"
                " FROM amb.credit_ledger")
    nledger, nclaw, nwithheld = cur.fetchone()
    cur.execute("SELECT count(*), count(*) FILTER (WHERE status = 'confirmed') FROM amb.referral")
    nref, nconf = cur.fetchone()
    cur.execute("SELECT count(*) FILTER (WHERE status = 'merged'), count(*) FILTER (WHERE status = 'erased'),"
                " (SELECT count(*) FROM amb.incentive_rule) FROM amb.ambassador")
    nmerged, nerased, nrules = cur.fetchone()
    inv_results = []
    for title, sql in INVARIANTS:
        cur.execute(sql)
        inv_results.append((title, [d[0] for d in cur.description], cur.fetchall()))
    conn.close()

    nops = sum(shared.ops.values())
    errs = collections.Counter()
    for (op, code), n in shared.errors.items():
        errs[code] += n
    summary = "%d ops in %d transactions over %.0fs, %d sessions; %d rolled back (%s); %d referrals (%d confirmed), " \
              "%d ledger rows (%d clawbacks, %d withheld), %d rules, %d merged, %d erased" % (
                  nops, shared.commits, elapsed, args.sessions, shared.rollbacks,
                  ", ".join("%s x%d" % kv for kv in sorted(errs.items())) or "none",
                  nref, nconf, nledger, nclaw, nwithheld, nrules, nmerged, nerased)
    failed = False
    problems = ["%d x %s; the first: %s" % (n, key, msg) for key, (n, msg) in shared.failures.items()]
    if nops == 0 or nledger == 0:
        problems.append("nothing happened (%d ops, %d ledger rows)" % (nops, nledger))
    if bad:
        problems.append("incentive_check.sql found %d wrong (ambassador, rule) pairs" % len(bad))
    if not problems:
        print("ok - %s (%s)" % (name, summary))
    else:
        failed = True
        print("not ok - %s: %s" % (name, replay))
        print("# %s" % summary)
        for p in problems:
            for line in str(p).splitlines():
                print("# " + line)
        if bad:
            print("# incentive_check.sql: " + " | ".join(cols))
            for r in bad[:50]:
                print("#   " + " | ".join("" if v is None else str(v) for v in r))
    for title, icols, rows in inv_results:
        if not rows:
            print("ok - %s: %s" % (name, title))
        else:
            failed = True
            print("not ok - %s: %s: %s" % (name, title, replay))
            print("# %d rows: %s" % (len(rows), " | ".join(icols)))
            for r in rows[:20]:
                print("#   " + " | ".join("" if v is None else str(v) for v in r))
    op_counts = ", ".join("%s %d" % kv for kv in sorted(shared.ops.items()))
    print("# committed operations: " + op_counts)
    if shared.errors:
        print("# expected errors by operation: " + ", ".join(
            "%s/%s x%d" % (op, code, n) for (op, code), n in sorted(shared.errors.items())))
    if not failed and not args.keep:
        admin = psycopg2.connect(dsn_for(args.maintenance_db))
        admin.autocommit = True
        admin.cursor().execute("DROP DATABASE IF EXISTS %s" % args.dbname)
        admin.close()
    elif failed:
        print("# database %s kept for inspection" % args.dbname)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
