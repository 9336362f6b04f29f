-- pgbench_insert.sql: a new referral through a random ambassador's code,
-- confirmed on insert (books at once) or pending (refills the pool).
\set a random(1, :namb)
\set st random(0, 1)
INSERT INTO amb.referral (order_ref, code, amount_cents, currency, occurred_at, status)
VALUES ('pgb-' || nextval('pgb_order'), 'STRESS' || :a, 1000, 'USD', now(),
		(CASE WHEN :st = 0 THEN 'pending' ELSE 'confirmed' END)::amb.referral_status);
