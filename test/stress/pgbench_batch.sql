-- pgbench_batch.sql: statements that book for several ambassadors at once:
-- confirm a run of pending referrals, or amb.confirm_due_referrals with a
-- cut-off that takes the oldest part of the pool.
\set kind random(0, 3)
\set minutes random(0, :pool)
UPDATE amb.referral SET status = 'confirmed'
 WHERE :kind > 0 AND status = 'pending'
   AND id IN (SELECT id FROM amb.referral
			   WHERE status = 'pending'
				 AND id >= (SELECT (max(id) * random())::bigint FROM amb.referral)
			   ORDER BY id LIMIT 10);
SELECT amb.confirm_due_referrals(now() - :minutes * interval '1 minute') WHERE :kind = 0;
