-- pgbench_mixed.sql: one transaction that confirms, refunds and inserts for
-- random ambassadors, holding each ambassador's booking lock to the end
-- (deadlocks, 40P01, are retried by pgbench --max-tries).
\set a random(1, :namb)
\set b random(1, :namb)
BEGIN;
UPDATE amb.referral SET status = 'confirmed'
 WHERE status = 'pending'
   AND id = (SELECT id FROM amb.referral WHERE status = 'pending' AND ambassador_id = :a
			  ORDER BY id LIMIT 1);
INSERT INTO amb.referral (order_ref, code, amount_cents, currency, occurred_at, status)
VALUES ('pgb-' || nextval('pgb_order'), 'STRESS' || :b, 1000, 'USD', now(), 'confirmed');
UPDATE amb.referral SET status = 'refunded', status_reason = 'pgbench'
 WHERE status = 'confirmed'
   AND id = (SELECT id FROM amb.referral
			  WHERE status = 'confirmed' AND ambassador_id = :b
				AND id >= (SELECT (max(id) * random())::bigint FROM amb.referral)
			  ORDER BY id LIMIT 1);
END;
