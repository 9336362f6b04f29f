/* amb--1.1--1.2.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION amb UPDATE TO '1.2'" to load this file. \quit

--------------------------------------------------------------------------
-- The extension's admin role: may load consent history out of order
-- (amb.consent_import_mode), reads the suppression secret
--------------------------------------------------------------------------

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'amb_admin') THEN
		CREATE ROLE amb_admin NOLOGIN;
	END IF;
END
$$;

--------------------------------------------------------------------------
-- Audit log: append-only, one hash chain per ambassador
--------------------------------------------------------------------------

CREATE TABLE amb.audit_log (
	chain			bigint NOT NULL,
	seq				bigint NOT NULL CHECK (seq > 0),
	at				timestamptz NOT NULL,
	kind			text NOT NULL CHECK (octet_length(kind) BETWEEN 1 AND 64),
	payload			json NOT NULL,		-- json, not jsonb: hashed as written
	payload_hash	bytea NOT NULL CHECK (octet_length(payload_hash) = 32),
	prev_hash		bytea CHECK (octet_length(prev_hash) = 32),
	row_hash		bytea NOT NULL CHECK (octet_length(row_hash) = 32),
	PRIMARY KEY (chain, seq),
	CONSTRAINT audit_log_first CHECK ((seq = 1) = (prev_hash IS NULL))
);
COMMENT ON TABLE amb.audit_log IS
	'append-only audit trail: one SHA-256 hash chain per ambassador (chain 0: events of no one ambassador)';
SELECT pg_catalog.pg_extension_config_dump('amb.audit_log', '');

CREATE FUNCTION amb._append_only() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_append_only'
	LANGUAGE C;
COMMENT ON FUNCTION amb._append_only() IS
	'trigger: rows of this table are never updated, deleted or truncated';
CREATE TRIGGER amb_05_append_only BEFORE UPDATE OR DELETE ON amb.audit_log
	FOR EACH ROW EXECUTE FUNCTION amb._append_only();
CREATE TRIGGER amb_05_no_truncate BEFORE TRUNCATE ON amb.audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION amb._append_only();

CREATE FUNCTION amb._audit_row_hash(chain bigint, seq bigint, at timestamptz, kind text,
		payload_hash bytea, prev_hash bytea)
	RETURNS bytea
	AS 'MODULE_PATHNAME', 'amb_audit_row_hash'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION amb._audit_row_hash(bigint, bigint, timestamptz, text, bytea, bytea) IS
	'the hash of an audit row (src/core/audit_hash.h); prev_hash NULL for the first row of a chain';

CREATE FUNCTION amb.verify_audit(OUT chain bigint, OUT rows bigint, OUT first_bad_seq bigint)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'amb_verify_audit'
	LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION amb.verify_audit() IS
	'every chain of amb.audit_log, with the first row that was edited, deleted, inserted or reordered (NULL if none)';

CREATE FUNCTION amb.verify_audit(heads jsonb, OUT chain bigint, OUT rows bigint, OUT first_bad_seq bigint)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'amb_verify_audit_heads'
	LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION amb.verify_audit(jsonb) IS
	'verify_audit(), and that each chain still holds the head exported by audit_heads() (catches recomputed hashes)';

CREATE FUNCTION amb.audit_heads() RETURNS jsonb
	LANGUAGE sql STABLE
	AS $$
	SELECT coalesce(pg_catalog.jsonb_object_agg(h.chain::text,
				pg_catalog.jsonb_build_object('seq', h.seq, 'hash', pg_catalog.encode(h.row_hash, 'hex'))),
			'{}'::jsonb)
	  FROM (SELECT DISTINCT ON (l.chain) l.chain, l.seq, l.row_hash
			  FROM amb.audit_log l ORDER BY l.chain, l.seq DESC) h
	$$;
COMMENT ON FUNCTION amb.audit_heads() IS
	'the head (last seq and its hash) of every audit chain, to keep outside the database for amb.verify_audit(heads)';

--------------------------------------------------------------------------
-- Consent: purposes, states, the ledger and its current state
--------------------------------------------------------------------------

CREATE TABLE amb.consent_purpose (
	purpose		text COLLATE "C" PRIMARY KEY CHECK (purpose OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
	basis		text NOT NULL CHECK (basis IN ('opt_in', 'opt_out')),
	description text
);
COMMENT ON TABLE amb.consent_purpose IS
	'what consent is asked for, and whether it is opt-in or opt-out';
INSERT INTO amb.consent_purpose VALUES
	('program_terms', 'opt_in', 'the ambassador program''s terms'),
	('email_marketing', 'opt_in', 'marketing email'),
	('sms_marketing', 'opt_in', 'marketing text messages'),
	('financial_incentive', 'opt_in', 'the referral program: a financial incentive program needs prior opt-in consent, revocable at any time (Civ. Code 1798.125(b))'),
	('sale_sharing', 'opt_out', 'sale or sharing of personal information; opt-in for consumers under 16 (Civ. Code 1798.120(c))'),
	('profiling', 'opt_out', 'profiling and automated decision-making');
CREATE TRIGGER amb_10_replace BEFORE INSERT ON amb.consent_purpose
	FOR EACH ROW EXECUTE FUNCTION amb._replace_on_insert('purpose');
SELECT pg_catalog.pg_extension_config_dump('amb.consent_purpose', '');

CREATE TYPE amb.consent_state AS ENUM ('granted', 'denied', 'withdrawn', 'pending');

CREATE TABLE amb.consent_event (
	id				bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	ambassador_id	bigint NOT NULL,
	purpose			text COLLATE "C" NOT NULL,
	state			amb.consent_state NOT NULL,
	occurred_at		timestamptz NOT NULL,
	recorded_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	source			text NOT NULL,
	method			text NOT NULL,
	evidence		jsonb
);
COMMENT ON TABLE amb.consent_event IS
	'the consent ledger: append-only, its rules enforced by trigger amb_10_consent_rules';
CREATE INDEX consent_event_ambassador_idx ON amb.consent_event (ambassador_id, purpose, occurred_at);
SELECT pg_catalog.pg_extension_config_dump('amb.consent_event', '');
SELECT pg_catalog.pg_extension_config_dump('amb.consent_event_id_seq', '');

-- the latest state of each purpose of an ambassador, one row per ambassador
-- (the purposes' heads in parallel arrays, sorted by purpose), kept by the
-- rules trigger; a restore rebuilds it by replaying the ledger
CREATE TABLE amb.consent_head (
	ambassador_id	bigint PRIMARY KEY,
	purposes		text[] COLLATE "C" NOT NULL,
	states			amb.consent_state[] NOT NULL,
	since			timestamptz[] NOT NULL,
	event_ids		bigint[] NOT NULL,
	last_optouts	timestamptz[] NOT NULL,
	gpc				boolean[] NOT NULL,
	pending_own		boolean[] NOT NULL,
	CONSTRAINT consent_head_arrays CHECK (
		pg_catalog.cardinality(states) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes)
		AND pg_catalog.cardinality(since) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes)
		AND pg_catalog.cardinality(event_ids) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes)
		AND pg_catalog.cardinality(last_optouts) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes)
		AND pg_catalog.cardinality(gpc) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes)
		AND pg_catalog.cardinality(pending_own) OPERATOR(pg_catalog.=) pg_catalog.cardinality(purposes))
);
COMMENT ON TABLE amb.consent_head IS
	'the current consent state of each purpose of an ambassador, kept by trigger amb_10_consent_rules (do not write; read amb.consent_current)';

CREATE TRIGGER amb_05_append_only BEFORE UPDATE OR DELETE ON amb.consent_event
	FOR EACH ROW EXECUTE FUNCTION amb._append_only();
CREATE TRIGGER amb_05_no_truncate BEFORE TRUNCATE ON amb.consent_event
	FOR EACH STATEMENT EXECUTE FUNCTION amb._append_only();

CREATE FUNCTION amb._consent_rules() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_consent_rules'
	LANGUAGE C;
COMMENT ON FUNCTION amb._consent_rules() IS
	'trigger: check new consent events against the ledger''s rules, keep amb.consent_head, write the audit trail';
CREATE TRIGGER amb_10_consent_rules AFTER INSERT ON amb.consent_event
	REFERENCING NEW TABLE AS amb_new_events
	FOR EACH STATEMENT EXECUTE FUNCTION amb._consent_rules();

CREATE FUNCTION amb._purpose_in_use() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_purpose_in_use'
	LANGUAGE C;
CREATE TRIGGER amb_20_in_use BEFORE DELETE OR UPDATE OF purpose ON amb.consent_purpose
	FOR EACH ROW EXECUTE FUNCTION amb._purpose_in_use();

CREATE VIEW amb.consent_current AS
	SELECT h.ambassador_id, u.purpose, u.state, u.since
	  FROM amb.consent_head h,
		   ROWS FROM (pg_catalog.unnest(h.purposes), pg_catalog.unnest(h.states),
					  pg_catalog.unnest(h.since)) AS u(purpose, state, since);
COMMENT ON VIEW amb.consent_current IS
	'the current consent state of every ambassador and purpose with anything recorded, and since when';

CREATE FUNCTION amb.consent_status(ambassador_id bigint, purpose text, at timestamptz DEFAULT pg_catalog.now())
	RETURNS amb.consent_state
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT e.state FROM amb.consent_event e
	 WHERE e.ambassador_id OPERATOR(pg_catalog.=) $1 AND e.purpose OPERATOR(pg_catalog.=) $2
	   AND e.occurred_at OPERATOR(pg_catalog.<=) $3
	 ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1
	$$;
COMMENT ON FUNCTION amb.consent_status(bigint, text, timestamptz) IS
	'the state of a purpose for an ambassador at a time: its latest event then (NULL if none)';

CREATE FUNCTION amb.can_contact(ambassador_id bigint, purpose text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'amb_can_contact'
	LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION amb.can_contact(bigint, text) IS
	'true only where the basis allows it now: opt-in purposes need a grant; opt-out ones no opt-out (and, for sale_sharing under 16, a grant)';

CREATE FUNCTION amb.can_request_consent(ambassador_id bigint, purpose text, reason text DEFAULT NULL)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'amb_can_request_consent'
	LANGUAGE C STABLE;
COMMENT ON FUNCTION amb.can_request_consent(bigint, text, text) IS
	'whether a "pending" (asking for consent) would be accepted now; reason ''consumer_initiated'' is the exception to the 12-month wait';

--------------------------------------------------------------------------
-- Privacy requests and their legal deadlines
--------------------------------------------------------------------------

CREATE TABLE amb.holiday (
	day			date PRIMARY KEY,
	name		text NOT NULL,
	shipped		boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE amb.holiday IS
	'days that are not business days (besides weekends), for privacy-request deadlines; ships US federal holidays 2020-2035';
-- scripts/holidays_sql.py writes these rows (5 U.S.C. 6103, observed dates)
INSERT INTO amb.holiday (day, name, shipped) VALUES
	('2020-01-01', 'New Year''s Day', true),
	('2020-01-20', 'Birthday of Martin Luther King, Jr.', true),
	('2020-02-17', 'Washington''s Birthday', true),
	('2020-05-25', 'Memorial Day', true),
	('2020-07-03', 'Independence Day', true),
	('2020-09-07', 'Labor Day', true),
	('2020-10-12', 'Columbus Day', true),
	('2020-11-11', 'Veterans Day', true),
	('2020-11-26', 'Thanksgiving Day', true),
	('2020-12-25', 'Christmas Day', true),
	('2021-01-01', 'New Year''s Day', true),
	('2021-01-18', 'Birthday of Martin Luther King, Jr.', true),
	('2021-02-15', 'Washington''s Birthday', true),
	('2021-05-31', 'Memorial Day', true),
	('2021-06-18', 'Juneteenth National Independence Day', true),
	('2021-07-05', 'Independence Day', true),
	('2021-09-06', 'Labor Day', true),
	('2021-10-11', 'Columbus Day', true),
	('2021-11-11', 'Veterans Day', true),
	('2021-11-25', 'Thanksgiving Day', true),
	('2021-12-24', 'Christmas Day', true),
	('2021-12-31', 'New Year''s Day', true),
	('2022-01-17', 'Birthday of Martin Luther King, Jr.', true),
	('2022-02-21', 'Washington''s Birthday', true),
	('2022-05-30', 'Memorial Day', true),
	('2022-06-20', 'Juneteenth National Independence Day', true),
	('2022-07-04', 'Independence Day', true),
	('2022-09-05', 'Labor Day', true),
	('2022-10-10', 'Columbus Day', true),
	('2022-11-11', 'Veterans Day', true),
	('2022-11-24', 'Thanksgiving Day', true),
	('2022-12-26', 'Christmas Day', true),
	('2023-01-02', 'New Year''s Day', true),
	('2023-01-16', 'Birthday of Martin Luther King, Jr.', true),
	('2023-02-20', 'Washington''s Birthday', true),
	('2023-05-29', 'Memorial Day', true),
	('2023-06-19', 'Juneteenth National Independence Day', true),
	('2023-07-04', 'Independence Day', true),
	('2023-09-04', 'Labor Day', true),
	('2023-10-09', 'Columbus Day', true),
	('2023-11-10', 'Veterans Day', true),
	('2023-11-23', 'Thanksgiving Day', true),
	('2023-12-25', 'Christmas Day', true),
	('2024-01-01', 'New Year''s Day', true),
	('2024-01-15', 'Birthday of Martin Luther King, Jr.', true),
	('2024-02-19', 'Washington''s Birthday', true),
	('2024-05-27', 'Memorial Day', true),
	('2024-06-19', 'Juneteenth National Independence Day', true),
	('2024-07-04', 'Independence Day', true),
	('2024-09-02', 'Labor Day', true),
	('2024-10-14', 'Columbus Day', true),
	('2024-11-11', 'Veterans Day', true),
	('2024-11-28', 'Thanksgiving Day', true),
	('2024-12-25', 'Christmas Day', true),
	('2025-01-01', 'New Year''s Day', true),
	('2025-01-20', 'Birthday of Martin Luther King, Jr.', true),
	('2025-02-17', 'Washington''s Birthday', true),
	('2025-05-26', 'Memorial Day', true),
	('2025-06-19', 'Juneteenth National Independence Day', true),
	('2025-07-04', 'Independence Day', true),
	('2025-09-01', 'Labor Day', true),
	('2025-10-13', 'Columbus Day', true),
	('2025-11-11', 'Veterans Day', true),
	('2025-11-27', 'Thanksgiving Day', true),
	('2025-12-25', 'Christmas Day', true),
	('2026-01-01', 'New Year''s Day', true),
	('2026-01-19', 'Birthday of Martin Luther King, Jr.', true),
	('2026-02-16', 'Washington''s Birthday', true),
	('2026-05-25', 'Memorial Day', true),
	('2026-06-19', 'Juneteenth National Independence Day', true),
	('2026-07-03', 'Independence Day', true),
	('2026-09-07', 'Labor Day', true),
	('2026-10-12', 'Columbus Day', true),
	('2026-11-11', 'Veterans Day', true),
	('2026-11-26', 'Thanksgiving Day', true),
	('2026-12-25', 'Christmas Day', true),
	('2027-01-01', 'New Year''s Day', true),
	('2027-01-18', 'Birthday of Martin Luther King, Jr.', true),
	('2027-02-15', 'Washington''s Birthday', true),
	('2027-05-31', 'Memorial Day', true),
	('2027-06-18', 'Juneteenth National Independence Day', true),
	('2027-07-05', 'Independence Day', true),
	('2027-09-06', 'Labor Day', true),
	('2027-10-11', 'Columbus Day', true),
	('2027-11-11', 'Veterans Day', true),
	('2027-11-25', 'Thanksgiving Day', true),
	('2027-12-24', 'Christmas Day', true),
	('2027-12-31', 'New Year''s Day', true),
	('2028-01-17', 'Birthday of Martin Luther King, Jr.', true),
	('2028-02-21', 'Washington''s Birthday', true),
	('2028-05-29', 'Memorial Day', true),
	('2028-06-19', 'Juneteenth National Independence Day', true),
	('2028-07-04', 'Independence Day', true),
	('2028-09-04', 'Labor Day', true),
	('2028-10-09', 'Columbus Day', true),
	('2028-11-10', 'Veterans Day', true),
	('2028-11-23', 'Thanksgiving Day', true),
	('2028-12-25', 'Christmas Day', true),
	('2029-01-01', 'New Year''s Day', true),
	('2029-01-15', 'Birthday of Martin Luther King, Jr.', true),
	('2029-02-19', 'Washington''s Birthday', true),
	('2029-05-28', 'Memorial Day', true),
	('2029-06-19', 'Juneteenth National Independence Day', true),
	('2029-07-04', 'Independence Day', true),
	('2029-09-03', 'Labor Day', true),
	('2029-10-08', 'Columbus Day', true),
	('2029-11-12', 'Veterans Day', true),
	('2029-11-22', 'Thanksgiving Day', true),
	('2029-12-25', 'Christmas Day', true),
	('2030-01-01', 'New Year''s Day', true),
	('2030-01-21', 'Birthday of Martin Luther King, Jr.', true),
	('2030-02-18', 'Washington''s Birthday', true),
	('2030-05-27', 'Memorial Day', true),
	('2030-06-19', 'Juneteenth National Independence Day', true),
	('2030-07-04', 'Independence Day', true),
	('2030-09-02', 'Labor Day', true),
	('2030-10-14', 'Columbus Day', true),
	('2030-11-11', 'Veterans Day', true),
	('2030-11-28', 'Thanksgiving Day', true),
	('2030-12-25', 'Christmas Day', true),
	('2031-01-01', 'New Year''s Day', true),
	('2031-01-20', 'Birthday of Martin Luther King, Jr.', true),
	('2031-02-17', 'Washington''s Birthday', true),
	('2031-05-26', 'Memorial Day', true),
	('2031-06-19', 'Juneteenth National Independence Day', true),
	('2031-07-04', 'Independence Day', true),
	('2031-09-01', 'Labor Day', true),
	('2031-10-13', 'Columbus Day', true),
	('2031-11-11', 'Veterans Day', true),
	('2031-11-27', 'Thanksgiving Day', true),
	('2031-12-25', 'Christmas Day', true),
	('2032-01-01', 'New Year''s Day', true),
	('2032-01-19', 'Birthday of Martin Luther King, Jr.', true),
	('2032-02-16', 'Washington''s Birthday', true),
	('2032-05-31', 'Memorial Day', true),
	('2032-06-18', 'Juneteenth National Independence Day', true),
	('2032-07-05', 'Independence Day', true),
	('2032-09-06', 'Labor Day', true),
	('2032-10-11', 'Columbus Day', true),
	('2032-11-11', 'Veterans Day', true),
	('2032-11-25', 'Thanksgiving Day', true),
	('2032-12-24', 'Christmas Day', true),
	('2032-12-31', 'New Year''s Day', true),
	('2033-01-17', 'Birthday of Martin Luther King, Jr.', true),
	('2033-02-21', 'Washington''s Birthday', true),
	('2033-05-30', 'Memorial Day', true),
	('2033-06-20', 'Juneteenth National Independence Day', true),
	('2033-07-04', 'Independence Day', true),
	('2033-09-05', 'Labor Day', true),
	('2033-10-10', 'Columbus Day', true),
	('2033-11-11', 'Veterans Day', true),
	('2033-11-24', 'Thanksgiving Day', true),
	('2033-12-26', 'Christmas Day', true),
	('2034-01-02', 'New Year''s Day', true),
	('2034-01-16', 'Birthday of Martin Luther King, Jr.', true),
	('2034-02-20', 'Washington''s Birthday', true),
	('2034-05-29', 'Memorial Day', true),
	('2034-06-19', 'Juneteenth National Independence Day', true),
	('2034-07-04', 'Independence Day', true),
	('2034-09-04', 'Labor Day', true),
	('2034-10-09', 'Columbus Day', true),
	('2034-11-10', 'Veterans Day', true),
	('2034-11-23', 'Thanksgiving Day', true),
	('2034-12-25', 'Christmas Day', true),
	('2035-01-01', 'New Year''s Day', true),
	('2035-01-15', 'Birthday of Martin Luther King, Jr.', true),
	('2035-02-19', 'Washington''s Birthday', true),
	('2035-05-28', 'Memorial Day', true),
	('2035-06-19', 'Juneteenth National Independence Day', true),
	('2035-07-04', 'Independence Day', true),
	('2035-09-03', 'Labor Day', true),
	('2035-10-08', 'Columbus Day', true),
	('2035-11-12', 'Veterans Day', true),
	('2035-11-22', 'Thanksgiving Day', true),
	('2035-12-25', 'Christmas Day', true);
SELECT pg_catalog.pg_extension_config_dump('amb.holiday', 'WHERE NOT shipped');

CREATE TABLE amb.privacy_request (
	id					bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	ambassador_id		bigint NOT NULL REFERENCES amb.ambassador (id),
	kind				text NOT NULL CHECK (kind IN ('delete', 'know', 'correct', 'opt_out')),
	received_at			timestamptz NOT NULL,
	channel				text,
	acknowledged_at		timestamptz,
	ack_due_at			date,
	due_at				date,
	extended_at			timestamptz,
	extension_reason	text,
	completed_at		timestamptz,
	outcome				text CHECK (outcome IN ('complied', 'partly', 'denied')),
	denial_reason		text,
	reference			text,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT privacy_request_completed CHECK ((completed_at IS NULL) = (outcome IS NULL)),
	CONSTRAINT privacy_request_denied CHECK (outcome IS DISTINCT FROM 'denied' OR denial_reason IS NOT NULL),
	CONSTRAINT privacy_request_order CHECK (acknowledged_at >= received_at AND completed_at >= received_at
											AND extended_at >= received_at)
);
COMMENT ON TABLE amb.privacy_request IS
	'consumer privacy requests (CCPA): ack_due_at and due_at are computed by trigger amb_10_deadlines';
CREATE INDEX privacy_request_ambassador_idx ON amb.privacy_request (ambassador_id);
SELECT pg_catalog.pg_extension_config_dump('amb.privacy_request', '');
SELECT pg_catalog.pg_extension_config_dump('amb.privacy_request_id_seq', '');

CREATE FUNCTION amb._privacy_deadlines() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_privacy_deadlines'
	LANGUAGE C;
COMMENT ON FUNCTION amb._privacy_deadlines() IS
	'trigger: compute a privacy request''s deadlines, check its extension, keep it 24 months after completion, audit it';
CREATE TRIGGER amb_10_deadlines BEFORE INSERT OR UPDATE ON amb.privacy_request
	FOR EACH ROW EXECUTE FUNCTION amb._privacy_deadlines();
CREATE TRIGGER amb_20_keep BEFORE DELETE ON amb.privacy_request
	FOR EACH ROW EXECUTE FUNCTION amb._privacy_deadlines();
CREATE TRIGGER amb_90_audit AFTER INSERT OR UPDATE ON amb.privacy_request
	FOR EACH ROW EXECUTE FUNCTION amb._privacy_deadlines();

CREATE FUNCTION amb.add_business_days(day date, n int) RETURNS date
	AS 'MODULE_PATHNAME', 'amb_add_business_days'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.add_business_days(date, int) IS
	'the n-th business day after day (weekends and amb.holiday skipped)';

CREATE FUNCTION amb.overdue_privacy_requests(at timestamptz DEFAULT pg_catalog.now())
	RETURNS TABLE (id bigint, ambassador_id bigint, kind text, received_at timestamptz, overdue text,
				   due date, days_overdue int)
	LANGUAGE sql STABLE STRICT
	AS $$
	WITH today AS (SELECT ($1 AT TIME ZONE pg_catalog.current_setting('amb.privacy_timezone'))::date AS d)
	SELECT r.id, r.ambassador_id, r.kind, r.received_at, 'response', r.due_at, (t.d - r.due_at)
	  FROM amb.privacy_request r, today t
	 WHERE r.completed_at IS NULL AND r.due_at OPERATOR(pg_catalog.<) t.d
	UNION ALL
	SELECT r.id, r.ambassador_id, r.kind, r.received_at, 'acknowledgement', r.ack_due_at, (t.d - r.ack_due_at)
	  FROM amb.privacy_request r, today t
	 WHERE r.acknowledged_at IS NULL AND r.completed_at IS NULL AND r.ack_due_at OPERATOR(pg_catalog.<) t.d
	ORDER BY 6, 1
	$$;
COMMENT ON FUNCTION amb.overdue_privacy_requests(timestamptz) IS
	'privacy requests past their response or acknowledgement deadline (in amb.privacy_timezone)';

CREATE FUNCTION amb.privacy_request_metrics(year int)
	RETURNS TABLE (kind text, received bigint, complied bigint, denied bigint, median_days float8)
	LANGUAGE sql STABLE STRICT
	AS $$
	SELECT k.kind,
		   count(r.id),
		   count(r.id) FILTER (WHERE r.outcome IN ('complied', 'partly')),
		   count(r.id) FILTER (WHERE r.outcome OPERATOR(pg_catalog.=) 'denied'),
		   pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY
				pg_catalog.date_part('epoch', r.completed_at OPERATOR(pg_catalog.-) r.received_at) / 86400.0)
	  FROM (VALUES ('delete'), ('know'), ('correct'), ('opt_out')) k(kind)
	  LEFT JOIN amb.privacy_request r ON r.kind OPERATOR(pg_catalog.=) k.kind
		AND pg_catalog.date_part('year', r.received_at AT TIME ZONE pg_catalog.current_setting('amb.privacy_timezone'))
			OPERATOR(pg_catalog.=) $1
	 GROUP BY k.kind ORDER BY k.kind
	$$;
COMMENT ON FUNCTION amb.privacy_request_metrics(int) IS
	'per kind of request received in a year: received, complied in whole or part, denied, median days to respond (Cal. Code Regs. tit. 11, section 7102)';

--------------------------------------------------------------------------
-- Erasure and suppression
--------------------------------------------------------------------------

CREATE FUNCTION amb._random_bytes(int) RETURNS bytea
	AS 'MODULE_PATHNAME', 'amb_random_bytes'
	LANGUAGE C VOLATILE STRICT;

-- the key of the suppression list's HMACs; only amb_admin may read it
CREATE TABLE amb.secret (
	id		boolean PRIMARY KEY DEFAULT true CHECK (id),
	hmac_key bytea NOT NULL CHECK (octet_length(hmac_key) >= 32)
);
COMMENT ON TABLE amb.secret IS
	'the per-database key of amb.suppression''s HMAC-SHA-256 (dumped: a restore must keep it, or erased people could come back)';
REVOKE ALL ON amb.secret FROM PUBLIC;
GRANT SELECT ON amb.secret TO amb_admin;
INSERT INTO amb.secret (hmac_key) VALUES (amb._random_bytes(32));
CREATE TRIGGER amb_10_replace BEFORE INSERT ON amb.secret
	FOR EACH ROW EXECUTE FUNCTION amb._replace_on_insert('id');
SELECT pg_catalog.pg_extension_config_dump('amb.secret', '');

CREATE TABLE amb.suppression (
	kind		text NOT NULL CHECK (kind IN ('email', 'phone', 'handle', 'legacy_id')),
	hmac		bytea NOT NULL CHECK (octet_length(hmac) = 32),
	erased_on	date NOT NULL,
	PRIMARY KEY (kind, hmac)
);
COMMENT ON TABLE amb.suppression IS
	'identifiers of erased people, as HMAC-SHA-256 under amb.secret: a record matching one is refused';
SELECT pg_catalog.pg_extension_config_dump('amb.suppression', '');

CREATE FUNCTION amb._suppressed_on(email_norm text, phone_norm text, handle_norm text, source text, legacy_id text)
	RETURNS date
	AS 'MODULE_PATHNAME', 'amb_suppressed_on'
	LANGUAGE C STABLE;
COMMENT ON FUNCTION amb._suppressed_on(text, text, text, text, text) IS
	'the date the identity was erased, if any of these identifiers belongs to an erased person (NULL otherwise)';

CREATE FUNCTION amb.erase_ambassador(ambassador_id bigint, reference text) RETURNS void
	AS 'MODULE_PATHNAME', 'amb_erase_ambassador'
	LANGUAGE C VOLATILE SECURITY DEFINER
	SET search_path = pg_catalog, amb, pg_temp;
COMMENT ON FUNCTION amb.erase_ambassador(bigint, text) IS
	'right to delete: remove the person''s personal data from every amb table, keep what accounting needs, suppress the identity';
REVOKE ALL ON FUNCTION amb.erase_ambassador(bigint, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION amb.erase_ambassador(bigint, text) TO amb_admin;
REVOKE ALL ON FUNCTION amb._suppressed_on(text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION amb._random_bytes(int) FROM PUBLIC;

CREATE FUNCTION amb._source_suppressed() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_source_suppressed'
	LANGUAGE C;
COMMENT ON FUNCTION amb._source_suppressed() IS
	'trigger: a legacy identifier of an erased person is refused (SQLSTATE 23M01)';
CREATE TRIGGER amb_05_suppressed BEFORE INSERT OR UPDATE OF source, legacy_id ON amb.source_id
	FOR EACH ROW EXECUTE FUNCTION amb._source_suppressed();
