-- pgbench_unconfirm.sql: refund or cancel one confirmed referral (a lost
-- milestone claws back under the clawback rule).
\set how random(0, 1)
UPDATE amb.referral
   SET status = (CASE WHEN :how = 0 THEN 'refunded' ELSE 'cancelled' END)::amb.referral_status,
	   status_reason = 'pgbench'
 WHERE status = 'confirmed'
   AND id = (SELECT id FROM amb.referral
			  WHERE status = 'confirmed'
				AND id >= (SELECT (max(id) * random())::bigint FROM amb.referral)
			  ORDER BY id LIMIT 1);
