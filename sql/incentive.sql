--
-- incentive: referral micro-incentives: rules, referrals, credits booked
-- exactly once by triggers, clawbacks, consent, merges, erasure, analysts'
-- functions
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb CASCADE;
RESET client_min_messages;
SET search_path = public, amb;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SET intervalstyle = 'postgres';

-- ambassadors 1001 to 1010, beside what earlier suites left (their consent
-- events and audit chains stay, so their ambassadors do too)

-- the ledger of an ambassador, compactly
CREATE FUNCTION pg_temp.ledger(a bigint) RETURNS TABLE (rule bigint, m int, kind amb.credit_kind, occ int,
		cents bigint, capped bigint, period date, referral text)
	LANGUAGE sql AS $$
	SELECT l.rule_id, l.milestone, l.kind, l.occurrence, l.amount_cents, l.capped_cents,
		   l.period_start::date, r.order_ref
	  FROM amb.credit_ledger l LEFT JOIN amb.referral r ON r.id = l.referral_id
	 WHERE l.ambassador_id = a ORDER BY l.id
	$$;
CREATE FUNCTION pg_temp.cents(a bigint) RETURNS bigint LANGUAGE sql AS $$
	SELECT coalesce(sum(cents), 0)::bigint FROM amb.balance(a) $$;
CREATE FUNCTION pg_temp.grant_consent(a bigint, at timestamptz DEFAULT now()) RETURNS void LANGUAGE sql AS $$
	INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (a, 'financial_incentive', 'granted', at, 'web', 'checkbox', '{"shown": "program terms v3"}') $$;
CREATE FUNCTION pg_temp.withdraw_consent(a bigint, at timestamptz DEFAULT now()) RETURNS void LANGUAGE sql AS $$
	INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (a, 'financial_incentive', 'withdrawn', at, 'web', 'settings') $$;
-- n referrals with code c, order refs p1..pn, occurred from t an hour apart
CREATE FUNCTION pg_temp.refer(c text, p text, n int, t timestamptz) RETURNS void LANGUAGE sql AS $$
	SELECT amb.record_referral(p || i, c, p || i || '@buyers.example', NULL, 4500, 'USD',
							   t + i * interval '1 hour')
	  FROM generate_series(1, n) i $$;
CREATE FUNCTION pg_temp.set_status(refs text[], s amb.referral_status) RETURNS void LANGUAGE sql AS $$
	UPDATE amb.referral SET status = s WHERE order_ref = ANY (refs) $$;

INSERT INTO amb.ambassador (id, display_name, email, phone, tags) VALUES
	(1001, 'Maya Lindqvist', 'maya.lindqvist@gmail.com', '(415) 555-0101', '{artisan}'),
	(1002, 'Omar Haddad', 'omar@haddad.example', '(415) 555-0102', '{}'),
	(1003, 'Priya Raman', 'priya@raman.example', NULL, '{}'),
	(1004, 'Tomás Ortega', 'tomas@ortega.example', NULL, '{gold}'),
	(1005, 'T. Ortega', 'tomas.ortega@work.example', NULL, '{}'),
	(1006, 'Lena Fischer', 'lena@fischer.example', '(415) 555-0106', '{}'),
	(1007, 'Sam Okafor', 'sam@okafor.example', NULL, '{}');
INSERT INTO amb.referral_code (code, ambassador_id) VALUES
	('MAYA10', 1001), ('OMAR', 1002), ('PRIYA', 1003), ('TOMAS', 1004), ('TORTEGA', 1005), ('LENA', 1006), ('SAM', 1007);
SELECT pg_temp.grant_consent(a) FROM generate_series(1001, 1007) a WHERE a <> 1003;

------------------------------------------------------------------------
-- rules: "$10 after every 3 successful referrals", no overlaps in time
------------------------------------------------------------------------
INSERT INTO amb.incentive_rule (id, program, every_n, credit_cents, currency, hold, valid_from, valid_to)
VALUES (101, 'referral', 3, 1000, 'USD', '14 days', '2026-01-01', '2026-07-01');
-- a second rule for the same program and tier over the same time: 23P01
\set VERBOSITY terse
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from)
VALUES ('referral', 5, 2500, 'USD', '2026-06-01');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
-- from where the first ends it is fine; so is a rule for one tier alongside
INSERT INTO amb.incentive_rule (id, program, every_n, credit_cents, currency, hold, valid_from, clawback)
VALUES (102, 'referral', 2, 1500, 'USD', '0', '2026-07-01', false);
INSERT INTO amb.incentive_rule (id, program, tier, every_n, credit_cents, currency, hold, valid_from)
VALUES (103, 'referral', 'Gold', 2, 2000, 'USD', '0', '2026-01-01');
-- bad rules: every_n, amounts, currencies, periods, holds, windows
\set VERBOSITY terse
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from) VALUES ('p', 0, 1000, 'USD', now());
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from) VALUES ('p', 3, -5, 'USD', now());
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from) VALUES ('p', 3, 1000, 'usd', now());
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from) VALUES ('p', 3, 1000, 'XYZ', now());
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, cap_cents_per_period, period, valid_from)
VALUES ('p', 3, 1000, 'USD', 5000, '1 month -40 days', now());
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, period, valid_from)
VALUES ('p', 3, 1000, 'USD', '1 month', now());
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, hold, valid_from)
VALUES ('p', 3, 1000, 'USD', '-1 day', now());
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from, valid_to)
VALUES ('p', 3, 1000, 'USD', '2026-05-01', '2026-04-01');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from) VALUES ('Bad Program', 3, 1000, 'USD', now());
\echo :LAST_ERROR_SQLSTATE

\set VERBOSITY default

------------------------------------------------------------------------
-- referrals: the code names the live ambassador and the rule in force
------------------------------------------------------------------------
-- unknown code: 23503, and nothing is recorded
SELECT amb.record_referral('x-1', 'NOPE', 'a@b.example', NULL, 1000, 'USD', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.referral (order_ref, amount_cents, currency, occurred_at) VALUES ('x-2', 1000, 'USD', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
-- bad amounts and currencies
\set VERBOSITY terse
SELECT amb.record_referral('x-3', 'MAYA10', 'a@b.example', NULL, -100, 'USD', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.record_referral('x-4', 'MAYA10', 'a@b.example', NULL, 100, 'usd', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.record_referral('x-5', 'MAYA10', 'a@b.example', NULL, 100, 'ZZZ', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.record_referral('x-6', 'MAYA10', 'a@b.example', NULL, NULL, 'USD', '2026-02-01');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.record_referral('x-7', 'MAYA10', 'a@b.example', NULL, 100, 'USD', 'infinity');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT count(*) AS nothing_recorded FROM amb.referral;

------------------------------------------------------------------------
-- the seed case: 7 confirmed, every 3, $10 -> $20; two refunded -> the
-- clawback of milestone 2 -> $10; a new confirmation -> milestone 2 again
------------------------------------------------------------------------
SELECT pg_temp.refer('MAYA10', 'm', 7, '2026-02-01');
SELECT order_ref, ambassador_id, program, rule_id, status FROM amb.referral ORDER BY id LIMIT 2;
-- the hold: 14 days from when each occurred
SELECT amb.confirm_due_referrals('2026-02-14 12:00');
\set VERBOSITY terse
SELECT amb.confirm_due_referrals('infinity');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT amb.confirm_due_referrals('2026-02-16');
SELECT * FROM pg_temp.ledger(1001);
SELECT pg_temp.cents(1001) AS maya_cents;
SELECT pg_temp.set_status('{m1,m2}', 'refunded');
SELECT * FROM pg_temp.ledger(1001);
SELECT pg_temp.cents(1001) AS maya_cents;
SELECT pg_temp.refer('MAYA10', 'm-late', 1, '2026-02-20');
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'm-late1';
SELECT * FROM pg_temp.ledger(1001);
SELECT pg_temp.cents(1001) AS maya_cents;
-- nothing changes when nothing that counts changes
UPDATE amb.referral SET status_reason = 'checked by finance' WHERE ambassador_id = 1001;
SELECT count(*) AS ledger_rows FROM amb.credit_ledger;
SELECT * FROM amb.ambassador_stats WHERE ambassador_id = 1001;

-- status only moves forward; what a referral recorded never changes
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'm1';
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.referral SET status = 'pending' WHERE order_ref = 'm3';
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.referral SET amount_cents = 1 WHERE order_ref = 'm3';
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.referral SET confirmed_at = '2026-01-01' WHERE order_ref = 'm3';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.referral WHERE order_ref = 'm3';
\echo :LAST_ERROR_SQLSTATE
-- the ledger is append-only
UPDATE amb.credit_ledger SET amount_cents = 99999;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.credit_ledger;
\echo :LAST_ERROR_SQLSTATE
TRUNCATE amb.credit_ledger;
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- record_referral is idempotent by order_ref
------------------------------------------------------------------------
SELECT amb.record_referral('m3', 'MAYA10', 'm3@buyers.example', NULL, 4500, 'USD', '2026-02-01 03:00')
	= (SELECT id FROM amb.referral WHERE order_ref = 'm3') AS same_id;
SELECT amb.record_referral('m3', 'MAYA10', 'm3@buyers.example', NULL, 4600, 'USD', '2026-02-01 03:00');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.record_referral('m3', 'MAYA10', 'm3@buyers.example', NULL, 4500, 'EUR', '2026-02-01 03:00');
SELECT amb.record_referral('m3', 'OMAR', 'm3@buyers.example', NULL, 4500, 'USD', '2026-02-01 03:00');
SELECT amb.record_referral('m3', 'MAYA10', 'm3@buyers.example', NULL, 4500, 'USD', '2026-02-01 04:00');
-- a personal field is named, its value not shown
SELECT amb.record_referral('m3', 'MAYA10', 'someone.else@buyers.example', NULL, 4500, 'USD', '2026-02-01 03:00');
SELECT amb.record_referral('m3', 'MAYA10', 'm3@buyers.example', '(212) 555-0100', 4500, 'USD', '2026-02-01 03:00');
SELECT count(*) AS referrals FROM amb.referral;

------------------------------------------------------------------------
-- self-referrals are kept, rejected
------------------------------------------------------------------------
SELECT amb.record_referral('self-1', 'MAYA10', 'Maya.Lindqvist+shop@GMAIL.com', NULL, 3000, 'USD', '2026-03-01');
SELECT amb.record_referral('self-2', 'MAYA10', NULL, '415-555-0101', 3000, 'USD', '2026-03-01');
-- with no name to back it, a mailbox one typo away is not enough to be the
-- same person (amb.match_score ranks it below amb.auto_link_score)
SELECT amb.record_referral('self-3', 'MAYA10', 'maya.lindqvist@gmial.com', NULL, 3000, 'USD', '2026-03-01');
SELECT amb.record_referral('not-self', 'MAYA10', 'maya.l@another.example', '(415) 555-0199', 3000, 'USD', '2026-03-01');
SELECT order_ref, status, status_reason, confirmed_at FROM amb.referral
 WHERE order_ref IN ('self-1', 'self-2', 'self-3', 'not-self') ORDER BY order_ref;
-- a rejected referral stays rejected
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'self-1';
\echo :LAST_ERROR_SQLSTATE
-- inserted as confirmed, a self-referral is still rejected
INSERT INTO amb.referral (order_ref, code, referee_email, amount_cents, currency, occurred_at, status)
VALUES ('self-4', 'MAYA10', 'maya.lindqvist@gmail.com', 3000, 'USD', '2026-03-01', 'confirmed');
SELECT status, status_reason FROM amb.referral WHERE order_ref = 'self-4';

------------------------------------------------------------------------
-- rule validity: each referral keeps the rule in force when it occurred
------------------------------------------------------------------------
-- Omar: 3 referrals in June (rule 101: every 3, $10), 2 in July (rule 102:
-- every 2, $15, no clawback)
SELECT pg_temp.refer('OMAR', 'o-jun', 3, '2026-06-10');
SELECT pg_temp.refer('OMAR', 'o-jul', 2, '2026-07-10');
SELECT order_ref, rule_id FROM amb.referral WHERE ambassador_id = 1002 ORDER BY order_ref;
SELECT amb.confirm_due_referrals('2026-08-01');
SELECT * FROM pg_temp.ledger(1002);
-- changing a rule in use is refused; ending it before a referral it governs too
UPDATE amb.incentive_rule SET credit_cents = 5000 WHERE id = 101;
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.incentive_rule SET valid_to = '2026-06-01' WHERE id = 101;
\echo :LAST_ERROR_SQLSTATE
-- ending the open rule later and adding a new one changes nothing earned
UPDATE amb.incentive_rule SET valid_to = '2026-09-01' WHERE id = 102;
INSERT INTO amb.incentive_rule (id, program, every_n, credit_cents, currency, hold, valid_from)
VALUES (104, 'referral', 1, 9999, 'USD', '0', '2026-09-01');
SELECT * FROM pg_temp.ledger(1002);
-- without clawback a refund takes nothing back, and re-reaching pays nothing
SELECT pg_temp.set_status('{o-jul1}', 'refunded');
SELECT pg_temp.refer('OMAR', 'o-aug', 1, '2026-08-10');
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'o-aug1';
SELECT * FROM pg_temp.ledger(1002);
-- a rule for the ambassador's tier wins over the program's
SELECT pg_temp.refer('TOMAS', 't-', 2, '2026-03-01');
SELECT order_ref, rule_id FROM amb.referral WHERE ambassador_id = 1004 ORDER BY order_ref;
UPDATE amb.incentive_rule SET tier = NULL WHERE id = 103;
\echo :LAST_ERROR_SQLSTATE
-- a rule nothing uses yet may still be corrected
UPDATE amb.incentive_rule SET credit_cents = 9000 WHERE id = 104;
SELECT credit_cents FROM amb.incentive_rule WHERE id = 104;
-- a referral with no rule in force earns nothing
SELECT amb.record_referral('early-1', 'LENA', 'e1@buyers.example', NULL, 100, 'USD', '2025-12-01');
SELECT rule_id IS NULL AS no_rule FROM amb.referral WHERE order_ref = 'early-1';
-- and no rule can come into force over it afterwards (23514)
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, valid_from, valid_to)
VALUES ('referral', 1, 100, 'USD', '2025-11-01', '2026-01-01');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.incentive_rule (id, program, every_n, credit_cents, currency, valid_from, valid_to)
VALUES (106, 'referral', 1, 100, 'USD', '2025-12-02', '2026-01-01');
UPDATE amb.incentive_rule SET valid_from = '2025-11-01' WHERE id = 106;
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- caps: at most $20 per month, the cut recorded as capped
------------------------------------------------------------------------
INSERT INTO amb.incentive_rule (id, program, every_n, credit_cents, currency, cap_cents_per_period, period,
		hold, valid_from)
VALUES (105, 'capped', 1, 1000, 'USD', 2500, '1 month', '0', '2026-01-01');
INSERT INTO amb.referral_code (code, ambassador_id, program) VALUES ('LENA-CAP', 1006, 'capped');
SELECT pg_temp.refer('LENA-CAP', 'c-jan', 4, '2026-01-05');
SELECT pg_temp.refer('LENA-CAP', 'c-feb', 1, '2026-02-05');
UPDATE amb.referral SET status = 'confirmed', confirmed_at = occurred_at WHERE order_ref LIKE 'c-%';
SELECT * FROM pg_temp.ledger(1006);
-- a refund takes back the latest milestone (February's); the next success
-- earns it again, in the period of the success that reaches it
SELECT pg_temp.set_status('{c-jan1}', 'refunded');
SELECT pg_temp.refer('LENA-CAP', 'c-jan-late', 1, '2026-01-20');
UPDATE amb.referral SET status = 'confirmed', confirmed_at = '2026-01-25' WHERE order_ref = 'c-jan-late1';
SELECT * FROM pg_temp.ledger(1006);

------------------------------------------------------------------------
-- consent: a milestone reached without the financial_incentive opt-in is
-- withheld, paid once granted; withdrawal keeps what was earned
------------------------------------------------------------------------
SELECT pg_temp.refer('PRIYA', 'p', 4, '2026-03-01');
UPDATE amb.referral SET status = 'confirmed' WHERE ambassador_id = 1003;
SELECT * FROM pg_temp.ledger(1003);
SELECT pg_temp.cents(1003) AS priya_cents;
SELECT pg_temp.grant_consent(1003);
SELECT * FROM pg_temp.ledger(1003);
SELECT pg_temp.withdraw_consent(1003);
SELECT pg_temp.refer('PRIYA', 'p-more', 2, '2026-03-02');
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref LIKE 'p-more%';
SELECT * FROM pg_temp.ledger(1003);
SELECT pg_temp.cents(1003) AS priya_cents;
-- granted again: the withheld milestone is paid, once
SELECT pg_temp.grant_consent(1003, now() + interval '1 second');
SELECT pg_temp.grant_consent(1003, now() + interval '2 seconds');
SELECT * FROM pg_temp.ledger(1003);

------------------------------------------------------------------------
-- merges: referrals, codes and credits move; nothing is paid twice
------------------------------------------------------------------------
-- Ana (1008) and her old record (1009) each earned milestone 1 under rule 101
INSERT INTO amb.ambassador (id, display_name, email) VALUES
	(1008, 'Ana Ruiz', 'ana@ruiz.example'), (1009, 'Ana Ruiz', 'ana.ruiz@oldmail.example'),
	(1010, 'Kai Brandt', 'kai@brandt.example');
INSERT INTO amb.referral_code (code, ambassador_id) VALUES ('ANA', 1008), ('ANA-OLD', 1009), ('KAI', 1010);
SELECT pg_temp.grant_consent(a) FROM generate_series(1008, 1010) a;
SELECT pg_temp.refer('ANA', 'ana-', 3, '2026-03-01');
SELECT pg_temp.refer('ANA-OLD', 'old-', 4, '2026-03-01');
UPDATE amb.referral SET status = 'confirmed' WHERE ambassador_id IN (1008, 1009);
SELECT ambassador_id, rule_id, milestone, kind, amount_cents FROM amb.credit_ledger
 WHERE ambassador_id IN (1008, 1009) ORDER BY ambassador_id, id;
SELECT pg_temp.cents(1008) + pg_temp.cents(1009) AS paid_before;
-- 3 + 4 = 7 successes: milestones 1 and 2, both paid already
SELECT amb.merge_ambassadors(1008, 1009);
SELECT ambassador_id, rule_id, milestone, kind, occurrence, amount_cents FROM amb.credit_ledger
 WHERE ambassador_id IN (1008, 1009) ORDER BY rule_id, milestone, id;
SELECT pg_temp.cents(1008) AS paid_after, pg_temp.cents(1009) AS merged_id_balance;
SELECT count(*) FILTER (WHERE ambassador_id = 1009) AS left_on_duplicate FROM amb.referral;
-- the duplicate's code still works, for the survivor; the count goes on
SELECT amb.record_referral('old-more', 'ANA-OLD', 'om@buyers.example', NULL, 100, 'USD', '2026-03-03') IS NOT NULL;
SELECT ambassador_id FROM amb.referral WHERE order_ref = 'old-more';
SELECT pg_temp.refer('ANA', 'ana-more', 1, '2026-03-04');
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref IN ('old-more', 'ana-more1');
SELECT milestone, kind, occurrence, amount_cents FROM amb.credit_ledger WHERE ambassador_id = 1008 ORDER BY id;
-- Sam (1007) has 2 successes, Kai (1010) 1: merged they reach milestone 1, booked once
SELECT pg_temp.refer('SAM', 's-', 2, '2026-03-01');
SELECT pg_temp.refer('KAI', 'k-', 1, '2026-03-01');
UPDATE amb.referral SET status = 'confirmed' WHERE ambassador_id IN (1007, 1010);
SELECT count(*) AS before_merge FROM amb.credit_ledger WHERE ambassador_id IN (1007, 1010);
SELECT amb.merge_ambassadors(1010, 1007);
SELECT l.ambassador_id, l.rule_id, l.milestone, l.kind, l.occurrence, l.amount_cents, r.order_ref
  FROM amb.credit_ledger l JOIN amb.referral r ON r.id = l.referral_id
 WHERE l.ambassador_id IN (1007, 1010) ORDER BY l.id;

------------------------------------------------------------------------
-- analysts: the arithmetic, and what another rule would have paid
------------------------------------------------------------------------
SELECT amb.milestone_credits(7, 3, 1000) AS seven_every_three,
	   amb.milestone_credits(10, 10, 4000) AS forty_at_ten,
	   amb.milestone_credits(30, 3, 1000, 2500) AS capped,
	   amb.milestone_credits(2, 3, 1000) AS none_yet,
	   amb.milestone_credits(NULL, 3, 1000) AS null_in;
SELECT amb.milestone_credits(-1, 3, 1000);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.milestone_credits(3, 0, 1000);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.milestone_credits(2147483647, 1, 9223372036854775807);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.milestone_credits(2147483647, 1, 9223372036854775807, 100) AS capped_overflow;
-- "$10 every 3" against "$40 at 10", over the real history
SELECT s.ambassador_id, s.successes, s.credits_cents AS ten_every_three, t.credits_cents AS forty_at_ten
  FROM amb.simulate_incentives(3, 1000) s JOIN amb.simulate_incentives(10, 4000) t USING (ambassador_id)
 ORDER BY 1;
-- the same, computed by hand
SELECT ambassador_id, count(*) AS successes, count(*) / 3 * 1000 AS by_hand
  FROM amb.referral WHERE status = 'confirmed' GROUP BY 1 ORDER BY 1;
-- a cap per period: periods from since, each capped alone
SELECT * FROM amb.simulate_incentives(1, 1000, 2500, '1 month', '2026-01-01') WHERE ambassador_id = 1006;
SELECT * FROM amb.simulate_incentives(1, 1000, 2500) WHERE ambassador_id = 1006;
SELECT count(*) AS since_july FROM amb.simulate_incentives(1, 1, since => '2026-07-01');
SELECT * FROM amb.simulate_incentives(3, 1000, NULL, '1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM amb.simulate_incentives(3, 1000, 100, '-1 month');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM amb.simulate_incentives(0, 1000);
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- erasure keeps the accounting, not the people
------------------------------------------------------------------------
-- Lena (1006) referred Maya's friend; Omar referred Lena herself
SELECT amb.record_referral('lena-bought', 'OMAR', 'LENA@fischer.example', NULL, 2000, 'USD', '2026-03-05') IS NOT NULL;
SELECT pg_temp.cents(1006) AS lena_before;
-- (the consent suite gives its privacy requests explicit ids: move the
-- sequence past them, for the delete request erasure records)
SELECT setval('amb.privacy_request_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM amb.privacy_request), false) > 0 AS sequence_moved;
SELECT amb.erase_ambassador(1006, 'ticket 77');
SELECT pg_temp.cents(1006) AS lena_after, count(*) AS lena_ledger_rows FROM amb.credit_ledger WHERE ambassador_id = 1006;
SELECT count(*) AS referrals_kept, count(code) AS codes, count(referee_email) AS emails,
	   count(referee_phone) AS phones, sum(amount_cents) AS amounts
  FROM amb.referral WHERE ambassador_id = 1006;
SELECT referee_email, referee_email_norm, code FROM amb.referral WHERE order_ref = 'lena-bought';
SELECT count(*) AS lena_codes FROM amb.referral_code WHERE ambassador_id IN (1006, 1007);
SELECT amb.record_referral('after-erasure', 'LENA', 'x@buyers.example', NULL, 100, 'USD', '2026-03-06');
\echo :LAST_ERROR_SQLSTATE
-- an application retrying one of her orders still gets its id, and a
-- changed amount is still refused
SELECT amb.record_referral('c-feb1', 'LENA-CAP', 'c-feb1@buyers.example', NULL, 4500, 'USD', '2026-02-05 01:00')
	= (SELECT id FROM amb.referral WHERE order_ref = 'c-feb1') AS same_id;
SELECT amb.record_referral('c-feb1', 'LENA-CAP', 'c-feb1@buyers.example', NULL, 4501, 'USD', '2026-02-05 01:00');
\echo :LAST_ERROR_SQLSTATE
-- Omar's order that named her: a retry still gets its id
SELECT amb.record_referral('lena-bought', 'OMAR', 'LENA@fischer.example', NULL, 2000, 'USD', '2026-03-05')
	= (SELECT id FROM amb.referral WHERE order_ref = 'lena-bought') AS same_id,
	(SELECT referee_removed FROM amb.referral WHERE order_ref = 'lena-bought') AS removed;
-- a later order naming her (email or phone, any spelling) is kept, without her
SELECT amb.record_referral('lena-again', 'OMAR', 'Lena@Fischer.example', NULL, 1500, 'USD', '2026-03-07') > 0 AS recorded,
	   amb.record_referral('lena-phone', 'OMAR', NULL, '415.555.0106', 1200, 'USD', '2026-03-07') > 0 AS recorded_phone,
	   amb.record_referral('not-lena', 'OMAR', 'lena@fischer.example.org', NULL, 900, 'USD', '2026-03-07') > 0 AS recorded_other;
SELECT order_ref, referee_email, referee_phone, referee_email_norm, referee_phone_norm, referee_removed, status, amount_cents
  FROM amb.referral WHERE order_ref IN ('lena-again', 'lena-phone', 'not-lena') ORDER BY order_ref;
SELECT amb.record_referral('lena-again', 'OMAR', 'Lena@Fischer.example', NULL, 1500, 'USD', '2026-03-07')
	= (SELECT id FROM amb.referral WHERE order_ref = 'lena-again') AS same_id;
SELECT amb.record_referral('lena-again', 'OMAR', 'Lena@Fischer.example', NULL, 1501, 'USD', '2026-03-07');
\echo :LAST_ERROR_SQLSTATE
-- what a referral records stays as it was recorded
UPDATE amb.referral SET referee_removed = false WHERE order_ref = 'lena-again';
\echo :LAST_ERROR_SQLSTATE
-- the flag is the trigger's to set
INSERT INTO amb.referral (order_ref, code, referee_email, amount_cents, currency, occurred_at, referee_removed)
VALUES ('forged-flag', 'OMAR', 'kim@buyers.example', 300, 'USD', '2026-03-07', true);
SELECT referee_email, referee_removed FROM amb.referral WHERE order_ref = 'forged-flag';

------------------------------------------------------------------------
-- codes match whatever the case they are typed in
------------------------------------------------------------------------
SELECT amb.record_referral('omar-lower', 'omar', NULL, NULL, 700, 'USD', '2026-03-08') > 0 AS recorded;
SELECT ambassador_id, code, program FROM amb.referral WHERE order_ref = 'omar-lower';
-- (stored as issued; a retry may type it either way)
SELECT amb.record_referral('omar-lower', 'Omar', NULL, NULL, 700, 'USD', '2026-03-08')
	= (SELECT id FROM amb.referral WHERE order_ref = 'omar-lower') AS same_id;
INSERT INTO amb.referral_code (code, ambassador_id) VALUES ('Omar', 1003);
\echo :LAST_ERROR_SQLSTATE
-- (a code is ASCII; other text is no code at all)
SELECT amb.record_referral('omar-dotless', 'OMAR' || chr(305), NULL, NULL, 700, 'USD', '2026-03-08');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- a restore replays: only amb_admin, and nothing is booked again
------------------------------------------------------------------------
CREATE ROLE incentive_app;
GRANT USAGE ON SCHEMA amb TO incentive_app;
GRANT SELECT, INSERT, UPDATE ON amb.referral TO incentive_app;
GRANT USAGE ON SEQUENCE amb.referral_id_seq TO incentive_app;
SET ROLE incentive_app;
INSERT INTO amb.referral (order_ref, code, amount_cents, currency, occurred_at, recorded_at)
VALUES ('replayed', 'MAYA10', 100, 'USD', '2026-03-01', '2026-03-01');
\echo :LAST_ERROR_SQLSTATE
-- the application needs no rights on the ledger to book it
SELECT amb.record_referral('app-1', 'MAYA10', 'app1@buyers.example', NULL, 100, 'USD', '2026-03-20') > 0 AS recorded;
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'app-1';
RESET ROLE;
SELECT rule_id, milestone, kind, amount_cents FROM amb.credit_ledger WHERE referral_id = (SELECT id FROM amb.referral WHERE order_ref = 'app-1');
REVOKE ALL ON amb.referral FROM incentive_app;
REVOKE ALL ON SEQUENCE amb.referral_id_seq FROM incentive_app;
REVOKE ALL ON SCHEMA amb FROM incentive_app;
DROP ROLE incentive_app;

------------------------------------------------------------------------
-- the whole ledger against a recomputation from scratch, the audit trail
------------------------------------------------------------------------
\i test/stress/incentive_check.sql
SELECT count(*) FILTER (WHERE kind = 'credit') > 0 AS audited,
	   (SELECT count(*) FROM amb.verify_audit() WHERE first_bad_seq IS NOT NULL
		   AND chain BETWEEN 1001 AND 1010) AS broken_chains
  FROM amb.audit_log;

------------------------------------------------------------------------
-- pg_dump and pg_restore: referrals replay, nothing is booked twice
------------------------------------------------------------------------
\set summary 'SELECT (SELECT string_agg(format(''%s/%s/%s/%s/%s'', order_ref, ambassador_id, rule_id, status, confirmed_at), '','' ORDER BY id) FROM amb.referral) AS referrals, (SELECT string_agg(format(''%s/%s/%s/%s/%s/%s'', ambassador_id, rule_id, milestone, kind, occurrence, amount_cents), '','' ORDER BY id) FROM amb.credit_ledger) AS ledger, (SELECT count(*) FROM amb.audit_log) AS audit_rows'
:summary \gset before_
\! pg_dump -Fc -f results/incentive_dump.pgdump contrib_regression
SET client_min_messages = warning;
DROP DATABASE IF EXISTS incentive_restore;
RESET client_min_messages;
CREATE DATABASE incentive_restore TEMPLATE template0;
\! pg_restore --exit-on-error -d incentive_restore results/incentive_dump.pgdump
\c incentive_restore
\set SHOW_CONTEXT never
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
:summary \gset after_
SELECT :'before_referrals' = :'after_referrals' AS same_referrals,
	   :'before_ledger' = :'after_ledger' AS same_ledger,
	   :after_audit_rows - :before_audit_rows AS audit_rows_added;
\c contrib_regression
DROP DATABASE incentive_restore;
