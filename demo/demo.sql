-- amb demo: tag normalization on a messy sample (demo/tags_messy.csv), then
-- fuzzy dedup of ambassadors from four sources (demo/ambassadors_messy.csv)
--
-- Run with ./amb demo: a throwaway cluster, the extension, this script.
\pset footer off
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION amb CASCADE;
RESET client_min_messages;
SET search_path = public, amb;

\echo
\echo '== 1. A messy sample: four sources, tags spelled a dozen ways'
CREATE TABLE legacy (source text, legacy_id text, name text, raw_tags text);
\copy legacy FROM 'tags_messy.csv' WITH (FORMAT csv, HEADER true)
SELECT source, legacy_id, name, raw_tags FROM legacy ORDER BY source, legacy_id;

\echo
\echo '== 2. normalize_tag: every raw spelling and its canonical form'
CREATE TABLE raw_tag AS
SELECT l.legacy_id, btrim(t) AS raw
  FROM legacy l, regexp_split_to_table(l.raw_tags, '[;|,]') t;
SELECT raw, amb.normalize_tag(raw) AS tag, amb.tag_key(raw) AS key
  FROM (SELECT DISTINCT raw FROM raw_tag WHERE raw ~ '[[:alnum:]]') r
 ORDER BY 2, 1;

\echo
\echo '== 3. Bad input is an error with a reason, never a silent guess'
\set ON_ERROR_STOP 0
SELECT amb.normalize_tag('!!!');
SELECT amb.normalize_tag(repeat('very long tag ', 6));
\set ON_ERROR_STOP 1

\echo
\echo '== 4. Synonyms a person knows about'
INSERT INTO amb.tag_alias VALUES ('Artisan Ambassador', 'Brand Ally'), ('Home Decor', 'Home & Living'),
	('Ambassador (Artisan)', 'Brand Ally');
SELECT alias, canonical FROM amb.tag_alias ORDER BY canonical, alias;

\echo
\echo '== 5. Which other tags are probably the same? (same key, or similar spelling)'
SELECT * FROM amb.suggest_tag_merges(
	(SELECT array_agg(raw::amb.tag) FROM raw_tag WHERE raw ~ '[[:alnum:]]'))
 ORDER BY suggested, tag;
-- accept them all
INSERT INTO amb.tag_alias (alias, canonical)
SELECT tag, suggested FROM amb.suggest_tag_merges(
	(SELECT array_agg(raw::amb.tag) FROM raw_tag WHERE raw ~ '[[:alnum:]]'));

\echo
\echo '== 6. A chain is refused with a clear reason'
\set ON_ERROR_STOP 0
INSERT INTO amb.tag_alias VALUES ('ally', 'artisan-ambassador');
\set ON_ERROR_STOP 1

\echo
\echo '== 7. An ambassador table whose trigger keeps tags canonical on every write'
CREATE TABLE ambassador_demo (legacy_id text PRIMARY KEY, name text, tags amb.tag[] NOT NULL DEFAULT '{}');
CREATE TRIGGER amb_tags BEFORE INSERT OR UPDATE ON ambassador_demo
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('tags');
CREATE INDEX ON ambassador_demo USING gin (tags);
INSERT INTO ambassador_demo
SELECT l.legacy_id, l.name,
       ARRAY(SELECT btrim(t) FROM regexp_split_to_table(l.raw_tags, '[;|,]') t WHERE t ~ '[[:alnum:]]')::text[]::amb.tag[]
  FROM legacy l;
SELECT legacy_id, name, tags FROM ambassador_demo ORDER BY legacy_id;

\echo
\echo '== 8. Distinct tags before and after'
SELECT (SELECT count(DISTINCT raw) FROM raw_tag WHERE raw ~ '[[:alnum:]]') AS raw_spellings,
       (SELECT count(DISTINCT amb.normalize_tag(raw)) FROM raw_tag WHERE raw ~ '[[:alnum:]]') AS normalized,
       (SELECT count(DISTINCT t) FROM ambassador_demo, unnest(tags) t) AS canonical;

\echo
\echo '== 9. Who carries "Brand Ally", however they spelled it? (GIN index on amb.tag[])'
SELECT legacy_id, name FROM ambassador_demo WHERE tags @> '{brand ally}' ORDER BY legacy_id;

\echo
\echo '=========================================================================='
\echo ' Fuzzy dedup: fourteen records from four sources, seven people'
\echo '=========================================================================='
CREATE TABLE legacy_ambassador (source text, legacy_id text, display_name text, email text, phone text,
	handle text, address_line text, city text, postal_code text, region text, birth_date date, tags text);
\copy legacy_ambassador FROM 'ambassadors_messy.csv' WITH (FORMAT csv, HEADER true)
SELECT source, legacy_id, display_name, email, phone, handle, city FROM legacy_ambassador ORDER BY source, legacy_id;

\echo
\echo '== 10. Normalizers: the same contact written five ways'
SELECT amb.normalize_email(' Bob.Smith+etsy@GMAIL.com ') AS email, amb.normalize_phone('(512) 555-0100') AS phone,
       amb.normalize_handle('https://www.instagram.com/bobsmith_makes/?hl=en') AS handle,
       amb.normalize_name('SMITH, Dr. Robert J.') AS name, amb.phonetic('Smith') AS sound;

\echo
\echo '== 11. A first pass of the migration: every record loaded as it is, its legacy id kept'
INSERT INTO amb.ambassador (id, display_name, email, phone, handle, address_line, city, postal_code, region,
	birth_date, tags)
SELECT row_number() OVER (ORDER BY source DESC, legacy_id), display_name, email, phone, handle, address_line,
	   city, postal_code, region, birth_date, coalesce(string_to_array(tags, ';'), '{}')::amb.tag[]
  FROM legacy_ambassador;
SELECT setval('amb.ambassador_id_seq', 14);
INSERT INTO amb.source_id (source, legacy_id, ambassador_id)
SELECT source, legacy_id, row_number() OVER (ORDER BY source DESC, legacy_id) FROM legacy_ambassador;
SELECT id, display_name, given_norm, family_norm, email_norm, phone_norm, handle_norm, address_norm, postal_norm
  FROM amb.ambassador ORDER BY id;

\echo
\echo '== 12. Candidate duplicates (blocking), scored by the default model'
SELECT d.a, x.display_name AS a_name, d.b, y.display_name AS b_name, round(d.score::numeric, 4) AS score
  FROM amb.find_duplicates(0.5) d JOIN amb.ambassador x ON x.id = d.a JOIN amb.ambassador y ON y.id = d.b
 ORDER BY d.score DESC, d.a, d.b;
\echo 'and the two Liz Chens, who are namesakes:'
SELECT round(amb.match_score(x, y)::numeric, 6) AS score FROM amb.ambassador x, amb.ambassador y
 WHERE x.id = 3 AND y.id = 8;

\echo
\echo '== 13. Why "SMITH, Bob" (C-1001) and "Robert Smith" (S-001) are one person'
SELECT f ->> 'field' AS field, f ->> 'a' AS a, f ->> 'b' AS b, f ->> 'level' AS level, f ->> 'weight' AS weight
  FROM amb.ambassador x, amb.ambassador y, jsonb_array_elements(amb.match_explain(x, y) -> 'fields') f
 WHERE x.id = amb.resolve_legacy('spreadsheet', 'S-001') AND y.id = amb.resolve_legacy('crm', 'C-1001');

\echo
\echo '== 14. Clusters, and merging each into its oldest record; every legacy id still resolves'
SELECT c.cluster_id, array_agg(a.display_name ORDER BY a.id) AS records
  FROM amb.duplicate_clusters(0.95) c JOIN amb.ambassador a ON a.id = c.ambassador_id
 GROUP BY c.cluster_id ORDER BY c.cluster_id;
SELECT amb.merge_duplicates() AS merged;
SELECT s.source, s.legacy_id, a.id AS live_id, a.display_name, a.email_norm, a.phone_norm, a.tags
  FROM amb.source_id s JOIN amb.ambassador a ON a.id = amb.resolve_legacy(s.source, s.legacy_id)
 ORDER BY live_id, s.source, s.legacy_id;
SELECT count(*) AS records, count(*) FILTER (WHERE status = 'active') AS people FROM amb.ambassador;

\echo
\echo '== 15. Later imports go through upsert_ambassador: a known person links, a new one is created'
SELECT amb.upsert_ambassador('shop', 'W-3', 'Bob Smith', email => 'BOBSMITH@googlemail.com') AS bob,
       amb.upsert_ambassador('shop', 'W-4', 'Ana Souza', email => 'ana@souza.example', city => 'Austin') AS ana;
SELECT amb.resolve_legacy('shop', 'W-3') = amb.resolve_legacy('spreadsheet', 'S-001') AS bob_is_robert;

\echo
\echo '== 16. Bad input is an error naming the value, and nothing is written'
\set ON_ERROR_STOP 0
SELECT amb.upsert_ambassador('events', 'EV-9', 'Ann Lee', email => 'ann.lee at example.com');
SELECT amb.merge_ambassadors(1, 1);
\set ON_ERROR_STOP 1

\echo
\echo '== 17. Consent: a ledger whose rules the database enforces'
SET timezone = 'UTC';
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
SELECT amb.resolve_legacy('spreadsheet', 'S-001'), p, 'granted', now() - interval '30 days', 'signup_form',
	   'checkbox', jsonb_build_object('shown', 'ambassador program terms v2')
  FROM unnest(ARRAY['program_terms', 'email_marketing', 'financial_incentive']) p;
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
VALUES (amb.resolve_legacy('spreadsheet', 'S-001'), 'email_marketing', 'withdrawn', now() - interval '2 days',
		'email', 'unsubscribe_link');
SELECT purpose, state, amb.can_contact(ambassador_id, purpose) AS can_contact
  FROM amb.consent_current WHERE ambassador_id = amb.resolve_legacy('spreadsheet', 'S-001') ORDER BY purpose;
\echo 'a grant without evidence of what was shown, and a withdrawal after a withdrawal, are refused:'
\set ON_ERROR_STOP 0
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
VALUES (amb.resolve_legacy('spreadsheet', 'S-001'), 'sms_marketing', 'granted', now(), 'crm_import', 'unknown');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
VALUES (amb.resolve_legacy('spreadsheet', 'S-001'), 'email_marketing', 'withdrawn', now(), 'email', 'link');
\set ON_ERROR_STOP 1
\echo 'a Global Privacy Control signal opts the person out of sale and sharing:'
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
VALUES (amb.resolve_legacy('shop', 'W-4'), 'sale_sharing', 'denied', now() - interval '1 hour', 'browser', 'gpc',
		'{"header": "Sec-GPC: 1"}');
SELECT amb.can_contact(amb.resolve_legacy('shop', 'W-4'), 'sale_sharing') AS ana_sale_sharing,
	   amb.can_request_consent(amb.resolve_legacy('shop', 'W-4'), 'sale_sharing') AS may_ask_again;

\echo
\echo '== 18. A request to delete, received the Friday before Thanksgiving 2025, and its deadlines'
INSERT INTO amb.privacy_request (ambassador_id, kind, received_at, channel, reference)
VALUES (amb.resolve_legacy('shop', 'W-4'), 'delete', '2025-11-21 16:00 America/Los_Angeles', 'web_form', 'DSR-1')
RETURNING kind, received_at, ack_due_at AS acknowledge_by, due_at AS respond_by;

\echo
\echo '== 19. Erasure: the person is gone, the identity is suppressed, a re-import is refused'
SELECT amb.erase_ambassador(amb.resolve_legacy('shop', 'W-4'), 'DSR-1');
SELECT id, display_name, email, city, status FROM amb.ambassador WHERE status = 'erased';
SELECT kind, completed_at IS NOT NULL AS completed, outcome, reference FROM amb.privacy_request;
\set ON_ERROR_STOP 0
SELECT amb.upsert_ambassador('newsletter', 'N-77', 'Ana S.', email => 'ANA@souza.example');
\set ON_ERROR_STOP 1

\echo
\echo '== 20. The audit trail: verified, and checked against heads kept outside the database'
SELECT count(*) AS chains, sum(rows) AS rows, count(first_bad_seq) AS broken FROM amb.verify_audit();
SELECT amb.audit_heads() AS heads \gset
\echo 'a superuser edits a row with the triggers off ...'
ALTER TABLE amb.audit_log DISABLE TRIGGER amb_05_append_only;
UPDATE amb.audit_log SET payload = replace(payload::text, 'withdrawn', 'granted')::json
 WHERE kind = 'consent' AND payload::text LIKE '%withdrawn%';
ALTER TABLE amb.audit_log ENABLE TRIGGER amb_05_append_only;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit(:'heads') WHERE first_bad_seq IS NOT NULL;

\echo
\echo '=========================================================================='
\echo ' Referral micro-incentives: "$10 after every 3 successful referrals"'
\echo '=========================================================================='
\set bob 'amb.resolve_legacy(''spreadsheet'', ''S-001'')'
\set priya 'amb.resolve_legacy(''crm'', ''C-1004'')'

\echo
\echo '== 21. A rule, codes, and referrals recorded idempotently by order'
INSERT INTO amb.incentive_rule (program, every_n, credit_cents, currency, hold, valid_from)
VALUES ('referral', 3, 1000, 'USD', '14 days', '2026-01-01')
RETURNING id, program, every_n, credit_cents, currency, hold, clawback;
INSERT INTO amb.referral_code (code, ambassador_id) VALUES ('BOB-MAKES', :bob), ('PRIYA-N', :priya);
SELECT amb.record_referral('order-' || i, 'BOB-MAKES', 'buyer' || i || '@example.com', NULL, 4200 + 100 * i,
						   'USD', '2026-03-01'::timestamptz + i * interval '1 day') AS referral_id
  FROM generate_series(1, 7) i;
\echo 'an application retrying order-3 gets the same id; order-3 with another amount is refused:'
SELECT amb.record_referral('order-3', 'BOB-MAKES', 'buyer3@example.com', NULL, 4500, 'USD', '2026-03-04') AS same_id;
\set ON_ERROR_STOP 0
SELECT amb.record_referral('order-3', 'BOB-MAKES', 'buyer3@example.com', NULL, 9900, 'USD', '2026-03-04');
\set ON_ERROR_STOP 1
\echo 'Bob buying through his own code (his CRM address) is kept, and rejected:'
SELECT amb.record_referral('order-self', 'BOB-MAKES', 'BobSmith@gmail.com', NULL, 3000, 'USD', '2026-03-09');
SELECT order_ref, status, status_reason FROM amb.referral WHERE order_ref = 'order-self';

\echo
\echo '== 22. After the 14-day hold: 7 confirmed, milestones 1 and 2, $20, each booked once'
SELECT amb.confirm_due_referrals('2026-04-01') AS confirmed;
SELECT l.milestone, l.kind, l.occurrence, l.amount_cents, r.order_ref AS reached_by
  FROM amb.credit_ledger l JOIN amb.referral r ON r.id = l.referral_id ORDER BY l.id;
SELECT * FROM amb.balance(:bob);
\echo 'two orders are refunded: milestone 2 is clawed back; a new confirmed order earns it again'
UPDATE amb.referral SET status = 'refunded', status_reason = 'order returned' WHERE order_ref IN ('order-1', 'order-2');
SELECT amb.record_referral('order-8', 'BOB-MAKES', 'buyer8@example.com', NULL, 5100, 'USD', '2026-03-10') AS referral_id;
UPDATE amb.referral SET status = 'confirmed' WHERE order_ref = 'order-8';
SELECT milestone, kind, occurrence, amount_cents FROM amb.credit_ledger WHERE ambassador_id = :bob ORDER BY id;
SELECT confirmed, pending, refunded, currency, credits_cents, clawbacks_cents, next_milestone_in
  FROM amb.ambassador_stats WHERE ambassador_id = :bob;

\echo
\echo '== 23. No opt-in, no payout: Priya''s milestone is withheld until she grants consent'
SELECT amb.record_referral('order-p' || i, 'PRIYA-N', NULL, NULL, 3900, 'USD', '2026-03-02') FROM generate_series(1, 3) i;
UPDATE amb.referral SET status = 'confirmed' WHERE code = 'PRIYA-N';
SELECT milestone, kind, amount_cents FROM amb.credit_ledger WHERE ambassador_id = :priya ORDER BY id;
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
VALUES (:priya, 'financial_incentive', 'granted', now(), 'app', 'toggle', '{"shown": "referral terms v1"}');
SELECT milestone, kind, amount_cents FROM amb.credit_ledger WHERE ambassador_id = :priya ORDER BY id;

\echo
\echo '== 24. What if: "$10 every 3" against "$5 every 2" and "$10 every 3, at most $5 a month"'
SELECT s.ambassador_id, s.successes, s.credits_cents AS ten_every_three, t.credits_cents AS five_every_two,
	   c.credits_cents AS capped_monthly
  FROM amb.simulate_incentives(3, 1000) s
  JOIN amb.simulate_incentives(2, 500) t USING (ambassador_id)
  JOIN amb.simulate_incentives(3, 1000, 500, '1 month', '2026-01-01') c USING (ambassador_id)
 ORDER BY 1;
\echo 'and the arithmetic alone: 7 successes under "$10 every 3" and under "$40 at 10"'
SELECT amb.milestone_credits(7, 3, 1000) AS ten_every_three, amb.milestone_credits(7, 10, 4000) AS forty_at_ten;
