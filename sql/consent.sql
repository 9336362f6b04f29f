--
-- consent: the consent ledger and its rules, privacy requests and their
-- deadlines, erasure and suppression, the verifiable audit trail
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb CASCADE;
RESET client_min_messages;
SET search_path = public, amb;
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';

-- a non-admin application role, and a migration role in amb_admin
SET client_min_messages = warning;
DROP ROLE IF EXISTS consent_app;
DROP ROLE IF EXISTS consent_migrator;
RESET client_min_messages;
CREATE ROLE consent_app;
CREATE ROLE consent_migrator IN ROLE amb_admin;
GRANT USAGE ON SCHEMA amb TO consent_app, consent_migrator;
GRANT SELECT, INSERT ON amb.consent_event, amb.ambassador TO consent_app, consent_migrator;
GRANT SELECT ON amb.consent_head, amb.consent_purpose, amb.consent_current TO consent_app, consent_migrator;
GRANT USAGE ON SEQUENCE amb.consent_event_id_seq TO consent_app, consent_migrator;

-- runs a statement; its error with dates masked (they depend on the day the suite runs)
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	msg text;
	det text;
BEGIN
	EXECUTE q;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ': ' || regexp_replace(msg, '\d{4}-\d\d-\d\d', '<date>', 'g') || ' / ' || det;
END
$$;

-- a suite of its own: whatever ambassadors earlier suites left go
TRUNCATE amb.source_id, amb.privacy_request, amb.referral_code, amb.ambassador RESTART IDENTITY;

-- the people: an adult, and minors whose ages at 2025-06-01 are 12, 14, 17
INSERT INTO amb.ambassador (id, display_name, email, birth_date) VALUES
	(101, 'Ada Adult', 'ada@example.com', '1980-05-05'),
	(112, 'Kit Twelve', 'kit@example.com', '2013-01-15'),
	(114, 'Fay Fourteen', 'fay@example.com', '2011-01-15'),
	(117, 'Sol Seventeen', 'sol@example.com', '2008-01-15'),
	(120, 'Gil Gpc', 'gil@example.com', '1990-02-02');

------------------------------------------------------------------------
-- the shipped purposes and the states
------------------------------------------------------------------------
SELECT purpose, basis FROM amb.consent_purpose ORDER BY purpose;
SELECT pg_catalog.enum_range(NULL::amb.consent_state);

------------------------------------------------------------------------
-- rule 3: transitions.  none -> any; pending -> granted, denied;
-- granted -> withdrawn, denied, granted; denied, withdrawn -> granted, pending
------------------------------------------------------------------------
-- allowed: none -> pending -> granted -> granted (re-confirmation) -> withdrawn -> granted -> denied -> pending
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(101, 'email_marketing', 'pending', '2025-01-01 10:00', 'signup', 'web_form', NULL),
	(101, 'email_marketing', 'granted', '2025-01-01 10:05', 'signup', 'double_opt_in', '{"shown": "newsletter notice v3"}'),
	(101, 'email_marketing', 'granted', '2025-03-01 09:00', 'preferences', 'web_form', '{"shown": "newsletter notice v4"}'),
	(101, 'email_marketing', 'withdrawn', '2025-04-01 09:00', 'email', 'unsubscribe_link', NULL),
	(101, 'email_marketing', 'granted', '2025-05-01 09:00', 'preferences', 'web_form', '{"shown": "newsletter notice v4"}'),
	(101, 'email_marketing', 'denied', '2025-06-01 09:00', 'support', 'phone_call', NULL);
SELECT state, since FROM amb.consent_current WHERE ambassador_id = 101 AND purpose = 'email_marketing';
-- refused: denied -> denied, withdrawn
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'email_marketing', 'denied', '2025-06-02', 'support', 'phone_call');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'email_marketing', 'withdrawn', '2025-06-02', 'support', 'phone_call');
\echo :LAST_ERROR_SQLSTATE
-- refused: pending -> pending, pending -> withdrawn
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method) VALUES
	(101, 'sms_marketing', 'pending', '2025-01-01', 'signup', 'web_form'),
	(101, 'sms_marketing', 'pending', '2025-01-02', 'signup', 'web_form');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method) VALUES
	(101, 'sms_marketing', 'pending', '2025-01-01', 'signup', 'web_form'),
	(101, 'sms_marketing', 'withdrawn', '2025-01-02', 'signup', 'web_form');
\echo :LAST_ERROR_SQLSTATE
-- refused: granted -> pending
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(101, 'program_terms', 'granted', '2025-01-01', 'signup', 'clickwrap', '{"shown": "terms v1"}'),
	(101, 'program_terms', 'pending', '2025-01-02', 'signup', 'web_form', NULL);
\echo :LAST_ERROR_SQLSTATE
-- a statement is checked as a whole: nothing of a refused one stays
SELECT count(*) AS sms_or_terms_events FROM amb.consent_event
 WHERE ambassador_id = 101 AND purpose IN ('sms_marketing', 'program_terms');
-- allowed: withdrawn -> pending (asking again, not sale_sharing) and pending -> denied
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method) VALUES
	(101, 'profiling', 'withdrawn', '2025-01-01', 'preferences', 'web_form'),
	(101, 'profiling', 'pending', '2025-01-02', 'preferences', 'web_form'),
	(101, 'profiling', 'denied', '2025-01-03', 'preferences', 'web_form');
SELECT state FROM amb.consent_current WHERE ambassador_id = 101 AND purpose = 'profiling';

-- a grant must be demonstrable: source, method and evidence of what was shown
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'program_terms', 'granted', '2025-01-01', 'signup', 'clickwrap', NULL);
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'program_terms', 'granted', '2025-01-01', 'signup', 'clickwrap', '{"shown": ""}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'program_terms', 'granted', '2025-01-01', ' ', 'clickwrap', '{"shown": "terms v1"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'program_terms', 'granted', '2025-01-01', 'signup', 'clickwrap', '{"shown": "terms v1"}');
-- unknown ambassador or purpose
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (999, 'profiling', 'denied', '2025-01-01', 'x', 'y');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'telepathy', 'denied', '2025-01-01', 'x', 'y');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- rule 1: the ledger is append-only
------------------------------------------------------------------------
UPDATE amb.consent_event SET state = 'granted' WHERE ambassador_id = 101 AND state = 'denied';
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.consent_event WHERE ambassador_id = 101;
\echo :LAST_ERROR_SQLSTATE
TRUNCATE amb.consent_event;
\echo :LAST_ERROR_SQLSTATE
-- a purpose in use cannot go
DELETE FROM amb.consent_purpose WHERE purpose = 'profiling';
\echo :LAST_ERROR_SQLSTATE
-- users may add purposes
INSERT INTO amb.consent_purpose VALUES ('event_photos', 'opt_in', 'photos taken at maker fairs');

------------------------------------------------------------------------
-- rule 2: time never goes backwards, and is not in the future
------------------------------------------------------------------------
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'email_marketing', 'granted', '2025-05-31', 'preferences', 'web_form', '{"shown": "v4"}');
\echo :LAST_ERROR_SQLSTATE
-- the same instant as the latest event is not backwards
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'email_marketing', 'granted', '2025-06-01 09:00', 'preferences', 'web_form', '{"shown": "v4"}');
\set VERBOSITY terse
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'profiling', 'granted', now() + interval '1 hour', 'x', 'y');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
-- within the allowed clock skew (5 minutes by default) is fine
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'profiling', 'granted', clock_timestamp() + interval '2 minutes', 'x', 'y', '{"shown": "profiling notice"}');
SET amb.consent_clock_skew = 0;
\set VERBOSITY terse
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'profiling', 'withdrawn', clock_timestamp() + interval '3 minutes', 'x', 'y');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
RESET amb.consent_clock_skew;
SHOW amb.consent_clock_skew;

------------------------------------------------------------------------
-- import mode: only amb_admin, history out of order, state from the latest
------------------------------------------------------------------------
SET ROLE consent_app;
SET amb.consent_import_mode = on;
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (117, 'sms_marketing', 'denied', '2024-01-01', 'legacy_crm', 'import');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SET ROLE consent_migrator;
-- newest first, and a withdrawn -> withdrawn the sequence rules would refuse
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(117, 'sms_marketing', 'withdrawn', '2024-03-01', 'legacy_crm', 'import', NULL),
	(117, 'sms_marketing', 'withdrawn', '2024-02-01', 'legacy_crm', 'import', NULL);
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(117, 'sms_marketing', 'granted', '2024-01-01', 'legacy_crm', 'import', '{"shown": "sms terms 2023"}');
-- even in import mode, a grant needs evidence
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(117, 'sms_marketing', 'granted', '2023-06-01', 'legacy_crm', 'import', NULL);
\echo :LAST_ERROR_SQLSTATE
RESET amb.consent_import_mode;
RESET ROLE;
SELECT state, since FROM amb.consent_current WHERE ambassador_id = 117 AND purpose = 'sms_marketing';
-- out of import mode, an event before the latest is refused again
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (117, 'sms_marketing', 'granted', '2024-02-15', 'x', 'y', '{"shown": "sms terms"}');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- rule 4: minors and sale_sharing, by the age at the event
------------------------------------------------------------------------
-- 12: a grant needs method "parental" with how the parent was verified
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (112, 'sale_sharing', 'granted', '2025-06-01', 'app', 'web_form', '{"shown": "sale notice"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (112, 'sale_sharing', 'granted', '2025-06-01', 'app', 'parental', '{"shown": "sale notice"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (112, 'sale_sharing', 'granted', '2025-06-01', 'app', 'parental',
			'{"shown": "sale notice", "parent_verification": "signed consent form, ID checked"}');
SELECT state FROM amb.consent_current WHERE ambassador_id = 112 AND purpose = 'sale_sharing';
-- 14: a grant must confirm the person's own pending request (two steps)
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (114, 'sale_sharing', 'granted', '2025-06-01', 'app', 'web_form', '{"shown": "sale notice"}');
\echo :LAST_ERROR_SQLSTATE
-- a parent's request is not the person's own
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(114, 'sale_sharing', 'pending', '2025-06-01 10:00', 'app', 'parental', NULL),
	(114, 'sale_sharing', 'granted', '2025-06-01 10:05', 'app', 'web_form', '{"shown": "sale notice"}');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(114, 'sale_sharing', 'pending', '2025-06-01 10:00', 'app', 'opt_in_request', NULL),
	(114, 'sale_sharing', 'granted', '2025-06-01 10:05', 'app', 'confirmation_email', '{"shown": "sale notice"}');
SELECT state FROM amb.consent_current WHERE ambassador_id = 114 AND purpose = 'sale_sharing';
-- 17: an adult rule applies (a grant needs only evidence)
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (117, 'sale_sharing', 'granted', '2025-06-01', 'app', 'web_form', '{"shown": "sale notice"}');
SELECT state FROM amb.consent_current WHERE ambassador_id = 117 AND purpose = 'sale_sharing';
-- under 16, sale_sharing is denied unless granted: can_contact by age now
INSERT INTO amb.ambassador (id, display_name, birth_date) VALUES
	(130, 'Nia Now Twelve', current_date - interval '12 years 1 day'),
	(131, 'Tom Now Fourteen', current_date - interval '14 years 1 day'),
	(132, 'Max Now Seventeen', current_date - interval '17 years 1 day');
SELECT id, amb.can_contact(id, 'sale_sharing') AS sale_sharing, amb.can_contact(id, 'profiling') AS profiling,
	   amb.can_contact(id, 'email_marketing') AS email_marketing
  FROM amb.ambassador WHERE id IN (130, 131, 132) ORDER BY id;

------------------------------------------------------------------------
-- rule 5: asking again about sale_sharing within 12 months of an opt-out
------------------------------------------------------------------------
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'sale_sharing', 'denied', '2025-02-10', 'web', 'do_not_sell_link');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'sale_sharing', 'pending', '2026-02-09', 'marketing', 'banner');
\echo :LAST_ERROR_SQLSTATE
-- the person started a transaction that needs it
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (101, 'sale_sharing', 'pending', '2025-03-01', 'checkout', 'web_form', '{"reason": "consumer_initiated"}');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'sale_sharing', 'denied', '2025-03-01 00:10', 'checkout', 'web_form');
-- twelve months after the latest opt-out, asking is allowed
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (101, 'sale_sharing', 'pending', '2026-03-01 00:10', 'marketing', 'banner');
-- can_request_consent tells an app first
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (120, 'sale_sharing', 'denied', now() - interval '1 month', 'web', 'do_not_sell_link');
SELECT amb.can_request_consent(120, 'sale_sharing') AS ask_now,
	   amb.can_request_consent(120, 'sale_sharing', 'consumer_initiated') AS ask_consumer_initiated,
	   amb.can_request_consent(120, 'profiling') AS ask_profiling,
	   amb.can_request_consent(999, 'profiling') AS unknown_person;

------------------------------------------------------------------------
-- rule 6: Global Privacy Control
------------------------------------------------------------------------
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (120, 'sale_sharing', 'granted', now() - interval '1 day', 'web', 'web_form', '{"shown": "sale notice"}');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (120, 'sale_sharing', 'denied', now() - interval '12 hours', 'browser', 'gpc', '{"header": "Sec-GPC: 1"}');
-- browsers send the signal again and again: accepted in any state
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (120, 'sale_sharing', 'denied', now() - interval '11 hours', 'browser', 'gpc', '{"header": "Sec-GPC: 1"}');
-- gpc is only an opt-out of sale_sharing
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (120, 'profiling', 'denied', now() - interval '10 hours', 'browser', 'gpc');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (120, 'sale_sharing', 'granted', now() - interval '10 hours', 'browser', 'gpc', '{"shown": "x"}');
\echo :LAST_ERROR_SQLSTATE
-- the signal's absence later never reverts it; a plain grant does not either
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence)
	VALUES (120, 'sale_sharing', 'granted', now() - interval '9 hours', 'web', 'web_form', '{"shown": "sale notice"}');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.can_contact(120, 'sale_sharing') AS after_gpc;
-- only the person's own request and a confirmation (two steps)
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(120, 'sale_sharing', 'pending', now() - interval '8 hours', 'web', 'opt_in_request', '{"reason": "consumer_initiated"}'),
	(120, 'sale_sharing', 'granted', now() - interval '7 hours', 'web', 'confirmation_email', '{"shown": "sale notice"}');
SELECT amb.can_contact(120, 'sale_sharing') AS after_two_steps;

------------------------------------------------------------------------
-- status at past times, can_contact, the current view
------------------------------------------------------------------------
SELECT t AS at, amb.consent_status(101, 'email_marketing', t) AS state
  FROM (VALUES ('2024-12-31'::timestamptz), ('2025-01-01 10:01'), ('2025-02-01'), ('2025-04-15'), ('2025-05-15'),
			   ('2025-07-01')) v(t);
SELECT amb.consent_status(101, 'sms_marketing') AS nothing_recorded;
SELECT purpose, amb.can_contact(101, purpose) AS can_contact FROM amb.consent_purpose ORDER BY purpose;
SELECT ambassador_id, purpose, state FROM amb.consent_current WHERE ambassador_id IN (101, 117) ORDER BY 1, 2;
-- the view agrees with a recomputation from the ledger
SELECT count(*) AS disagreements FROM (
	SELECT DISTINCT ON (ambassador_id, purpose) ambassador_id, purpose, state, occurred_at
	  FROM amb.consent_event ORDER BY ambassador_id, purpose, occurred_at DESC, id DESC) l
  FULL JOIN amb.consent_current c USING (ambassador_id, purpose)
 WHERE l.state IS DISTINCT FROM c.state OR l.occurred_at IS DISTINCT FROM c.since;

------------------------------------------------------------------------
-- rule 8: merging two records merges their consent; an opt-out wins
------------------------------------------------------------------------
INSERT INTO amb.ambassador (id, display_name, email) VALUES
	(201, 'Bea Maker', 'bea@example.com'), (202, 'Beatrice Maker', 'bea.maker@example.com');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(201, 'email_marketing', 'granted', '2025-05-01', 'shop', 'checkbox', '{"shown": "v4"}'),
	(201, 'profiling', 'granted', '2025-05-01', 'shop', 'checkbox', '{"shown": "v1"}'),
	(202, 'email_marketing', 'withdrawn', '2025-03-01', 'crm', 'unsubscribe_link', NULL),
	(202, 'sms_marketing', 'granted', '2025-03-01', 'crm', 'keyword', '{"shown": "sms terms"}');
SELECT amb.merge_ambassadors(201, 202);
SELECT ambassador_id, purpose, state, source, method FROM amb.consent_event
 WHERE ambassador_id IN (201, 202) ORDER BY purpose, occurred_at, id;
SELECT purpose, state FROM amb.consent_current WHERE ambassador_id IN (201, 202) ORDER BY purpose;
SELECT amb.can_contact(202, 'email_marketing') AS via_merged_id, amb.can_contact(201, 'sms_marketing') AS sms;

------------------------------------------------------------------------
-- privacy requests and their deadlines
------------------------------------------------------------------------
-- Friday 2025-11-21: 10 business days across Thanksgiving (a holiday) and two weekends
INSERT INTO amb.privacy_request (id, ambassador_id, kind, received_at, channel, due_at, ack_due_at)
	VALUES (1, 101, 'know', '2025-11-21 10:00 America/Los_Angeles', 'web_form', '2099-01-01', '2099-01-01');
SELECT id, kind, received_at, ack_due_at, due_at FROM amb.privacy_request WHERE id = 1;
SELECT amb.add_business_days('2025-11-21', 10) AS ten_business_days,
	   amb.add_business_days('2025-12-31', 1) AS after_new_years_eve,
	   amb.add_business_days('2025-07-03', 1) AS after_july_3rd,
	   amb.add_business_days('2025-07-05', 0) AS zero;
-- received late on Friday evening in California: still Friday there
INSERT INTO amb.privacy_request (id, ambassador_id, kind, received_at, channel)
	VALUES (2, 101, 'opt_out', '2025-11-22 06:30 UTC', 'email');
SELECT id, kind, received_at AT TIME ZONE 'America/Los_Angeles' AS local_received, ack_due_at, due_at
  FROM amb.privacy_request WHERE id = 2;
-- a delete: 45 calendar days, extendable once by 45 more with a reason, within the first 45
INSERT INTO amb.privacy_request (id, ambassador_id, kind, received_at, channel)
	VALUES (3, 117, 'delete', '2025-11-03 09:00 America/Los_Angeles', 'phone');
UPDATE amb.privacy_request SET extended_at = '2025-12-01 12:00 America/Los_Angeles' WHERE id = 3;
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.privacy_request SET extended_at = '2025-12-20 12:00 America/Los_Angeles',
	   extension_reason = 'identity verification pending' WHERE id = 3;
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.privacy_request SET extended_at = '2025-12-01 12:00 America/Los_Angeles',
	   extension_reason = 'identity verification pending' WHERE id = 3;
SELECT id, due_at, extended_at FROM amb.privacy_request WHERE id = 3;
UPDATE amb.privacy_request SET extended_at = '2025-12-02 12:00 America/Los_Angeles' WHERE id = 3;
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.privacy_request SET extended_at = '2025-11-10', extension_reason = 'x' WHERE id = 2;
\echo :LAST_ERROR_SQLSTATE
-- deadlines cannot be typed in
UPDATE amb.privacy_request SET due_at = '2099-01-01' WHERE id = 3;
SELECT id, due_at FROM amb.privacy_request WHERE id = 3;
-- overdue requests, as of a given time
SELECT id, kind, overdue, due, days_overdue FROM amb.overdue_privacy_requests('2025-12-20 12:00 UTC');
-- completed requests are kept 24 months
UPDATE amb.privacy_request SET acknowledged_at = '2025-11-24', completed_at = '2025-12-01', outcome = 'complied' WHERE id = 1;
\set VERBOSITY terse
UPDATE amb.privacy_request SET completed_at = '2025-11-25', outcome = 'denied' WHERE id = 2;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
UPDATE amb.privacy_request SET completed_at = '2025-11-25', outcome = 'denied',
	   denial_reason = 'request could not be verified' WHERE id = 2;
DELETE FROM amb.privacy_request WHERE id = 1;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.privacy_request WHERE id = 3;
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.privacy_request (id, ambassador_id, kind, received_at, completed_at, outcome)
	VALUES (4, 117, 'correct', '2020-01-06', '2020-01-20', 'partly');
DELETE FROM amb.privacy_request WHERE id = 4;
SELECT * FROM amb.privacy_request_metrics(2025);
SELECT * FROM amb.privacy_request_metrics(1999);
-- a user-added holiday moves deadlines computed after it, not before
INSERT INTO amb.holiday (day, name) VALUES ('2025-11-28', 'Day after Thanksgiving (company holiday)');
SELECT amb.add_business_days('2025-11-21', 10) AS with_company_holiday;
SELECT ack_due_at FROM amb.privacy_request WHERE id = 1;

------------------------------------------------------------------------
-- erasure: no personal data left, the identity suppressed
------------------------------------------------------------------------
INSERT INTO amb.ambassador (id, display_name, email, phone, handle, address_line, city, postal_code, region, birth_date)
	VALUES (301, 'Zebulon Quackenbush', 'zeb.quack+shop@gmail.com', '(415) 555-0199', '@ZebMakesThings',
			'77 Sycamore Lane', 'Petaluma', '94952', 'CA', '1977-07-07');
INSERT INTO amb.source_id (source, legacy_id, ambassador_id) VALUES ('old_crm', 'ZQ-0042', 301);
INSERT INTO amb.ambassador (id, display_name, email) VALUES (302, 'Zeb Quackenbush', 'zebq@quackenbush.example');
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method, evidence) VALUES
	(301, 'email_marketing', 'granted', '2025-01-01', 'signup', 'web_form',
	 '{"shown": "notice v3", "typed_name": "Zebulon Quackenbush", "ip": "203.0.113.9"}'),
	(302, 'profiling', 'denied', '2025-01-01', 'fair', 'paper_form', '{"note": "Zeb said no, zebq@quackenbush.example"}');
SELECT amb.merge_ambassadors(301, 302);
INSERT INTO amb.privacy_request (id, ambassador_id, kind, received_at, channel, reference)
	VALUES (10, 301, 'delete', '2025-06-01', 'email', 'DSR-2025-0010');
SELECT amb.erase_ambassador(302, 'DSR-2025-0010');
SELECT id, display_name, email, phone, handle, birth_date, status, merged_into, block_keys
  FROM amb.ambassador WHERE id IN (301, 302) ORDER BY id;
SELECT id, completed_at IS NOT NULL AS completed, outcome, reference FROM amb.privacy_request WHERE ambassador_id = 301;
SELECT count(*) AS legacy_ids_left FROM amb.source_id WHERE ambassador_id IN (301, 302);
SELECT kind, erased_on = (now() AT TIME ZONE 'America/Los_Angeles')::date AS today FROM amb.suppression ORDER BY kind;
-- every text, json and jsonb column of every amb table: nothing of the person is left
CREATE TEMP TABLE pii(needle text);
INSERT INTO pii VALUES ('zebulon'), ('quackenbush'), ('zeb.quack'), ('zebquack'), ('zebmakesthings'),
	('4155550199'), ('555-0199'), ('sycamore'), ('petaluma'), ('94952'), ('1977-07-07'), ('zq-0042'),
	('203.0.113.9'), ('zeb said no');
DO $$
DECLARE
	c record;
	hits bigint;
	total int := 0;
	cols int := 0;
BEGIN
	FOR c IN
		SELECT a.attrelid::regclass AS tab, a.attname AS col
		  FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
		 WHERE r.relnamespace = 'amb'::regnamespace AND r.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
		   AND a.atttypid IN ('text'::regtype, 'json'::regtype, 'jsonb'::regtype, 'amb.tag[]'::regtype)
	LOOP
		cols := cols + 1;
		EXECUTE format('SELECT count(*) FROM %s t, pii WHERE strpos(lower(t.%I::text), pii.needle) > 0',
					   c.tab, c.col) INTO hits;
		IF hits > 0 THEN
			RAISE NOTICE 'personal data left in %.%', c.tab, c.col;
			total := total + 1;
		END IF;
	END LOOP;
	RAISE NOTICE 'columns searched: at least 40: %; columns with personal data: %', cols >= 40, total;
END
$$;
-- the needles are found before erasure (the search can fail): in a copy of a record
INSERT INTO amb.ambassador (id, display_name, email) VALUES (399, 'Zebulon Q. Copy', 'other@example.com');
SELECT count(*) AS found_in_copy FROM amb.ambassador a, pii WHERE strpos(lower(a.display_name), pii.needle) > 0;
DELETE FROM amb.ambassador WHERE id = 399;
-- nothing is recorded for an erased ambassador
INSERT INTO amb.consent_event (ambassador_id, purpose, state, occurred_at, source, method)
	VALUES (301, 'profiling', 'denied', '2025-07-01', 'x', 'y');
\echo :LAST_ERROR_SQLSTATE
-- an erased record stays empty and erased
UPDATE amb.ambassador SET email = 'zeb@example.com' WHERE id = 301 RETURNING email;
UPDATE amb.ambassador SET status = 'active' WHERE id = 301;
\echo :LAST_ERROR_SQLSTATE
SELECT amb.erase_ambassador(301, 'again');
\echo :LAST_ERROR_SQLSTATE
-- re-importing the erased person is refused, by any of their identifiers
SELECT q, pg_temp.try(q) AS result FROM (VALUES
	($$SELECT amb.upsert_ambassador('new_crm', 'N-1', 'Z. Quackenbush', email => 'ZEB.QUACK@gmail.com')$$),
	($$SELECT amb.upsert_ambassador('new_crm', 'N-2', 'Zeb', phone => '+1 415 555 0199')$$),
	($$SELECT amb.upsert_ambassador('new_crm', 'N-3', 'Zeb', handle => 'instagram.com/zebmakesthings')$$),
	($$SELECT amb.upsert_ambassador('old_crm', 'ZQ-0042', 'Somebody Else')$$),
	($$INSERT INTO amb.ambassador (display_name, email) VALUES ('Zed', 'zebq@quackenbush.example')$$),
	($$INSERT INTO amb.source_id (source, legacy_id, ambassador_id) VALUES ('old_crm', 'ZQ-0042', 101)$$),
	($$UPDATE amb.ambassador SET handle = '@zebmakesthings' WHERE id = 101$$)) v(q);
-- the date in the message is the day of the erasure
SELECT amb.upsert_ambassador('x', 'y', 'Zeb', email => 'zebq@quackenbush.example');
\echo :LAST_ERROR_SQLSTATE
-- a different person is welcome
SELECT amb.upsert_ambassador('new_crm', 'N-4', 'Zelda Quick', email => 'zelda@example.com') > 0 AS imported;
-- only amb_admin erases; the key is not readable by others
SET ROLE consent_app;
SELECT amb.erase_ambassador(101, 'x');
\echo :LAST_ERROR_SQLSTATE
SELECT hmac_key FROM amb.secret;
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

------------------------------------------------------------------------
-- the audit trail
------------------------------------------------------------------------
SELECT kind, count(*) FROM amb.audit_log GROUP BY kind ORDER BY kind;
SELECT chain, seq, kind,
	   CASE WHEN kind IN ('erasure') OR payload::text = '{"redacted": true}' THEN payload::text
			ELSE '(' || kind || ')' END AS payload
  FROM amb.audit_log WHERE chain IN (301, 302) ORDER BY chain, seq;
SELECT count(*) AS chains, sum(rows) AS rows, count(first_bad_seq) AS bad FROM amb.verify_audit();
-- append-only, even for the table owner
UPDATE amb.audit_log SET kind = 'x' WHERE chain = 101 AND seq = 1;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.audit_log WHERE chain = 101;
\echo :LAST_ERROR_SQLSTATE
TRUNCATE amb.audit_log;
\echo :LAST_ERROR_SQLSTATE
-- the heads, exported to somewhere outside the database
CREATE TEMP TABLE heads AS SELECT amb.audit_heads() AS h;
SELECT count(*) AS exported_chains FROM heads, jsonb_object_keys(h);
-- a superuser edits a row with the triggers off: caught at that row
ALTER TABLE amb.audit_log DISABLE TRIGGER amb_05_append_only;
UPDATE amb.audit_log SET payload = replace(payload::text, '"denied"', '"granted"')::json
 WHERE chain = 101 AND seq = 6;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE first_bad_seq IS NOT NULL;
-- ... and one who also recomputes every hash after it: the chain verifies again,
WITH RECURSIVE c AS (
	SELECT l.seq, l.prev_hash,
		   amb._audit_row_hash(l.chain, l.seq, l.at, l.kind, sha256(convert_to(l.payload::text, 'UTF8')), l.prev_hash) AS h
	  FROM amb.audit_log l WHERE l.chain = 101 AND l.seq = 6
	UNION ALL
	SELECT l.seq, c.h, amb._audit_row_hash(l.chain, l.seq, l.at, l.kind, l.payload_hash, c.h)
	  FROM c JOIN amb.audit_log l ON l.chain = 101 AND l.seq = c.seq + 1
)
UPDATE amb.audit_log l SET payload_hash = CASE WHEN l.seq = 6 THEN sha256(convert_to(l.payload::text, 'UTF8'))
											   ELSE l.payload_hash END,
		prev_hash = c.prev_hash, row_hash = c.h
  FROM c WHERE l.chain = 101 AND l.seq = c.seq;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE first_bad_seq IS NOT NULL;
-- but not against the exported heads
SELECT chain, rows, first_bad_seq FROM heads, amb.verify_audit(h) WHERE first_bad_seq IS NOT NULL;
-- a deleted last row and a deleted chain are caught by the heads too
DELETE FROM amb.audit_log WHERE chain = 117 AND seq = (SELECT max(seq) FROM amb.audit_log WHERE chain = 117);
DELETE FROM amb.audit_log WHERE chain = 114;
SELECT chain, rows, first_bad_seq FROM heads, amb.verify_audit(h) WHERE first_bad_seq IS NOT NULL ORDER BY chain;
-- two rows swapped in their chain
UPDATE amb.audit_log SET seq = 1000 WHERE chain = 120 AND seq = 2;
UPDATE amb.audit_log SET seq = 2 WHERE chain = 120 AND seq = 3;
UPDATE amb.audit_log SET seq = 3 WHERE chain = 120 AND seq = 1000;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE chain = 120;
-- a row inserted
INSERT INTO amb.audit_log SELECT chain, seq + 1, at, kind, payload, payload_hash, row_hash, row_hash
  FROM amb.audit_log WHERE chain = 201 ORDER BY seq DESC LIMIT 1;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE chain = 201;
-- a redaction no erasure row accounts for
UPDATE amb.audit_log SET payload = '{"redacted": true}' WHERE chain = 202 AND seq = 1;
SELECT chain, rows, first_bad_seq FROM amb.verify_audit() WHERE chain = 202;
ALTER TABLE amb.audit_log ENABLE TRIGGER amb_05_append_only;
-- heads that are not heads
SELECT * FROM amb.verify_audit('{"101": {"seq": "x"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM amb.verify_audit('[1, 2]');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM amb.verify_audit('{"101": {"seq": 1, "hash": "00"}}');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM amb.verify_audit('{}');
-- the row hash is the documented encoding (src/core/audit_hash.h)
SELECT encode(amb._audit_row_hash(1, 1, '2000-01-01 00:00 UTC', 'consent', '\x0000000000000000000000000000000000000000000000000000000000000000', NULL), 'hex') AS worked_example;
SELECT amb._audit_row_hash(1, 1, now(), 'consent', '\x00', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT amb._audit_row_hash(1, 1, now(), repeat('k', 65), sha256(''), NULL);
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- settings
------------------------------------------------------------------------
SHOW amb.privacy_timezone;
SET amb.privacy_timezone = 'Mars/Olympus_Mons';
\echo :LAST_ERROR_SQLSTATE
SET ROLE consent_app;
SET amb.privacy_timezone = 'America/New_York';
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;

------------------------------------------------------------------------
-- pg_dump and pg_restore: the ledger replays through its trigger (as a
-- replay: no rule applied twice, nothing audited twice), the heads are
-- rebuilt, the secret comes along, so erased people stay suppressed
------------------------------------------------------------------------
\set summary 'SELECT (SELECT count(*) FROM amb.consent_event) AS events, (SELECT string_agg(format(''%s/%s/%s/%s'', ambassador_id, purpose, state, since), '','' ORDER BY ambassador_id, purpose) FROM amb.consent_current) AS heads, (SELECT count(*) FROM amb.audit_log) AS audit_rows, (SELECT string_agg(format(''%s:%s:%s'', chain, rows, first_bad_seq), '','' ORDER BY chain) FROM amb.verify_audit()) AS verified, (SELECT count(*) FROM amb.suppression) AS suppressed, (SELECT string_agg(format(''%s/%s/%s'', id, due_at, ack_due_at), '','' ORDER BY id) FROM amb.privacy_request) AS requests'
:summary \gset before_
\! pg_dump -Fc -f results/consent_dump.pgdump contrib_regression
SET client_min_messages = warning;
DROP DATABASE IF EXISTS consent_restore;
RESET client_min_messages;
CREATE DATABASE consent_restore TEMPLATE template0;
\! pg_restore --exit-on-error -d consent_restore results/consent_dump.pgdump
\c consent_restore
\set SHOW_CONTEXT never
SET datestyle = 'ISO, YMD';
SET timezone = 'UTC';
:summary \gset after_
SELECT :'before_events' = :'after_events' AS same_events, :'before_heads' = :'after_heads' AS same_heads,
	   :'before_verified' = :'after_verified' AS same_verification, :'before_suppressed' = :'after_suppressed' AS same_suppression,
	   :'before_requests' = :'after_requests' AS same_requests,
	   :after_audit_rows - :before_audit_rows AS audit_rows_added;
\set VERBOSITY sqlstate
SELECT amb.upsert_ambassador('new_crm', 'N-1', 'Z. Quackenbush', email => 'ZEB.QUACK@gmail.com');
\set VERBOSITY default
\c contrib_regression
DROP DATABASE consent_restore;

-- clean up the roles (the suite's tables go with the extension)
REVOKE ALL ON ALL TABLES IN SCHEMA amb FROM consent_app, consent_migrator;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA amb FROM consent_app, consent_migrator;
REVOKE ALL ON SCHEMA amb FROM consent_app, consent_migrator;
DROP ROLE consent_app;
DROP ROLE consent_migrator;
