-- pgbench_confirm.sql: confirm one pending referral (a random one, or the
-- oldest of a random ambassador, so that clients collide on it).  The
-- status guard makes a lost race a no-op instead of a 23514.
\set a random(1, :namb)
\set pick random(0, 1)
UPDATE amb.referral SET status = 'confirmed'
 WHERE status = 'pending'
   AND id = CASE WHEN :pick = 0
				 THEN (SELECT id FROM amb.referral
						WHERE status = 'pending'
						  AND id >= (SELECT (max(id) * random())::bigint FROM amb.referral)
						ORDER BY id LIMIT 1)
				 ELSE (SELECT id FROM amb.referral
						WHERE status = 'pending' AND ambassador_id = :a
						ORDER BY id LIMIT 1)
			END;
