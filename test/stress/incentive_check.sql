-- incentive_check.sql: the credit ledger against a recomputation from scratch.
--
-- Prints one row per (ambassador, rule) whose ledger is not what its
-- referrals, rule and consent call for; no rows means the ledger is right.
-- From the final state alone (the ledger's history is path-dependent, its
-- position is not):
--   - each milestone alternates credit, clawback, credit... (held 0 or 1
--     times) and each kind's occurrences are 1..n;
--   - a rule with clawback and the financial_incentive consent granted
--     holds exactly successes / every_n milestones; without the consent at
--     most that many, the rest noted as withheld;
--   - a rule without clawback never claws back, and holds at least
--     successes / every_n milestones when consent is granted;
--   - without a cap every credit pays the rule's credit_cents and the net is
--     held * credit_cents; with one, no period pays more than the cap
--     (but for an ambassador others were merged into: a merge keeps what
--     each record was paid);
--   - nothing is left on merged ambassadors.
WITH succ AS (
	SELECT r.ambassador_id, r.rule_id,
		   count(*) FILTER (WHERE r.status = 'confirmed') AS successes
	  FROM amb.referral r WHERE r.rule_id IS NOT NULL GROUP BY 1, 2
), per_milestone AS (
	SELECT l.ambassador_id, l.rule_id, l.milestone,
		   count(*) FILTER (WHERE l.kind = 'credit') AS credits,
		   count(*) FILTER (WHERE l.kind = 'clawback') AS clawbacks,
		   count(*) FILTER (WHERE l.kind = 'withheld') AS withheld,
		   max(l.occurrence) FILTER (WHERE l.kind = 'credit') AS max_credit_occ,
		   max(l.occurrence) FILTER (WHERE l.kind = 'clawback') AS max_clawback_occ,
		   max(l.occurrence) FILTER (WHERE l.kind = 'withheld') AS max_withheld_occ,
		   bool_and(l.kind <> 'credit' OR l.amount_cents = g.credit_cents OR g.cap_cents_per_period IS NOT NULL) AS amounts_ok
	  FROM amb.credit_ledger l JOIN amb.incentive_rule g ON g.id = l.rule_id
	 GROUP BY 1, 2, 3
), per_pair AS (
	SELECT ambassador_id, rule_id,
		   count(*) FILTER (WHERE credits - clawbacks = 1) AS held,
		   count(*) FILTER (WHERE credits - clawbacks NOT IN (0, 1)
							   OR coalesce(max_credit_occ, 0) <> credits
							   OR coalesce(max_clawback_occ, 0) <> clawbacks
							   OR coalesce(max_withheld_occ, 0) <> withheld
							   OR NOT amounts_ok) AS broken_milestones,
		   sum(clawbacks) AS clawbacks,
		   sum(withheld) AS withheld
	  FROM per_milestone GROUP BY 1, 2
), net AS (
	SELECT ambassador_id, rule_id, sum(amount_cents) AS net FROM amb.credit_ledger GROUP BY 1, 2
), period_over AS (
	SELECT l.ambassador_id, l.rule_id, count(*) AS periods_over_cap
	  FROM (SELECT ambassador_id, rule_id, period_start, sum(amount_cents) AS paid
			  FROM amb.credit_ledger WHERE kind <> 'withheld'
			 GROUP BY 1, 2, 3) l
	  JOIN amb.incentive_rule g ON g.id = l.rule_id
	 WHERE g.cap_cents_per_period IS NOT NULL AND (l.paid > g.cap_cents_per_period OR l.paid < 0)
	   -- a merge does not claw back what two records were each paid within
	   -- one period's cap
	   AND NOT EXISTS (SELECT FROM amb.ambassador m WHERE m.merged_into = l.ambassador_id)
	 GROUP BY 1, 2
), granted AS (
	SELECT ambassador_id FROM amb.consent_current
	 WHERE purpose = 'financial_incentive' AND state = 'granted'
), pairs AS (
	SELECT ambassador_id, rule_id FROM succ UNION SELECT ambassador_id, rule_id FROM per_pair
)
SELECT p.ambassador_id, p.rule_id, g.every_n, g.clawback, g.cap_cents_per_period AS cap,
	   gr.ambassador_id IS NOT NULL AS granted,
	   coalesce(s.successes, 0) AS successes,
	   coalesce(s.successes, 0) / g.every_n AS earned,
	   coalesce(pp.held, 0) AS held, coalesce(pp.broken_milestones, 0) AS broken,
	   coalesce(n.net, 0) AS net, a.status AS ambassador_status
  FROM pairs p
  JOIN amb.incentive_rule g ON g.id = p.rule_id
  JOIN amb.ambassador a ON a.id = p.ambassador_id
  LEFT JOIN succ s USING (ambassador_id, rule_id)
  LEFT JOIN per_pair pp USING (ambassador_id, rule_id)
  LEFT JOIN net n USING (ambassador_id, rule_id)
  LEFT JOIN period_over po USING (ambassador_id, rule_id)
  LEFT JOIN granted gr ON gr.ambassador_id = p.ambassador_id
 WHERE coalesce(pp.broken_milestones, 0) > 0
	OR a.status = 'merged'
	OR coalesce(po.periods_over_cap, 0) > 0
	OR (g.clawback AND gr.ambassador_id IS NOT NULL
		AND coalesce(pp.held, 0) <> coalesce(s.successes, 0) / g.every_n)
	OR (g.clawback AND gr.ambassador_id IS NULL
		AND coalesce(pp.held, 0) > coalesce(s.successes, 0) / g.every_n)
	OR (g.clawback AND gr.ambassador_id IS NULL
		AND coalesce(pp.held, 0) < coalesce(s.successes, 0) / g.every_n
		AND coalesce(pp.withheld, 0) = 0)
	OR (NOT g.clawback AND coalesce(pp.clawbacks, 0) > 0)
	OR (NOT g.clawback AND gr.ambassador_id IS NOT NULL
		AND coalesce(pp.held, 0) < coalesce(s.successes, 0) / g.every_n)
	OR (g.cap_cents_per_period IS NULL AND coalesce(n.net, 0) <> coalesce(pp.held, 0) * g.credit_cents)
 ORDER BY 1, 2;
