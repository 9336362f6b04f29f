/* amb--1.2--1.3.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION amb UPDATE TO '1.3'" to load this file. \quit

--------------------------------------------------------------------------
-- Currencies: ISO 4217 (scripts/currency_sql.py, from Debian's iso-codes)
--------------------------------------------------------------------------

CREATE TABLE amb.currency (
	code		char(3) COLLATE "C" PRIMARY KEY CHECK (code OPERATOR(pg_catalog.~) '^[A-Z]{3}$'),
	name		text NOT NULL
);
COMMENT ON TABLE amb.currency IS
	'ISO 4217 currency codes that amounts may be in (amounts are bigint minor units of their currency)';
INSERT INTO amb.currency (code, name) VALUES
	('AED', 'UAE Dirham'),
	('AFN', 'Afghani'),
	('ALL', 'Lek'),
	('AMD', 'Armenian Dram'),
	('ANG', 'Netherlands Antillean Guilder'),
	('AOA', 'Kwanza'),
	('ARS', 'Argentine Peso'),
	('AUD', 'Australian Dollar'),
	('AWG', 'Aruban Florin'),
	('AZN', 'Azerbaijan Manat'),
	('BAM', 'Convertible Mark'),
	('BBD', 'Barbados Dollar'),
	('BDT', 'Taka'),
	('BGN', 'Bulgarian Lev'),
	('BHD', 'Bahraini Dinar'),
	('BIF', 'Burundi Franc'),
	('BMD', 'Bermudian Dollar'),
	('BND', 'Brunei Dollar'),
	('BOB', 'Boliviano'),
	('BOV', 'Mvdol'),
	('BRL', 'Brazilian Real'),
	('BSD', 'Bahamian Dollar'),
	('BTN', 'Ngultrum'),
	('BWP', 'Pula'),
	('BYN', 'Belarusian Ruble'),
	('BZD', 'Belize Dollar'),
	('CAD', 'Canadian Dollar'),
	('CDF', 'Congolese Franc'),
	('CHE', 'WIR Euro'),
	('CHF', 'Swiss Franc'),
	('CHW', 'WIR Franc'),
	('CLF', 'Unidad de Fomento'),
	('CLP', 'Chilean Peso'),
	('CNY', 'Yuan Renminbi'),
	('COP', 'Colombian Peso'),
	('COU', 'Unidad de Valor Real'),
	('CRC', 'Costa Rican Colon'),
	('CUC', 'Peso Convertible'),
	('CUP', 'Cuban Peso'),
	('CVE', 'Cabo Verde Escudo'),
	('CZK', 'Czech Koruna'),
	('DJF', 'Djibouti Franc'),
	('DKK', 'Danish Krone'),
	('DOP', 'Dominican Peso'),
	('DZD', 'Algerian Dinar'),
	('EGP', 'Egyptian Pound'),
	('ERN', 'Nakfa'),
	('ETB', 'Ethiopian Birr'),
	('EUR', 'Euro'),
	('FJD', 'Fiji Dollar'),
	('FKP', 'Falkland Islands Pound'),
	('GBP', 'Pound Sterling'),
	('GEL', 'Lari'),
	('GHS', 'Ghana Cedi'),
	('GIP', 'Gibraltar Pound'),
	('GMD', 'Dalasi'),
	('GNF', 'Guinean Franc'),
	('GTQ', 'Quetzal'),
	('GYD', 'Guyana Dollar'),
	('HKD', 'Hong Kong Dollar'),
	('HNL', 'Lempira'),
	('HRK', 'Kuna'),
	('HTG', 'Gourde'),
	('HUF', 'Forint'),
	('IDR', 'Rupiah'),
	('ILS', 'New Israeli Sheqel'),
	('INR', 'Indian Rupee'),
	('IQD', 'Iraqi Dinar'),
	('IRR', 'Iranian Rial'),
	('ISK', 'Iceland Krona'),
	('JMD', 'Jamaican Dollar'),
	('JOD', 'Jordanian Dinar'),
	('JPY', 'Yen'),
	('KES', 'Kenyan Shilling'),
	('KGS', 'Som'),
	('KHR', 'Riel'),
	('KMF', 'Comorian Franc'),
	('KPW', 'North Korean Won'),
	('KRW', 'Won'),
	('KWD', 'Kuwaiti Dinar'),
	('KYD', 'Cayman Islands Dollar'),
	('KZT', 'Tenge'),
	('LAK', 'Lao Kip'),
	('LBP', 'Lebanese Pound'),
	('LKR', 'Sri Lanka Rupee'),
	('LRD', 'Liberian Dollar'),
	('LSL', 'Loti'),
	('LYD', 'Libyan Dinar'),
	('MAD', 'Moroccan Dirham'),
	('MDL', 'Moldovan Leu'),
	('MGA', 'Malagasy Ariary'),
	('MKD', 'Denar'),
	('MMK', 'Kyat'),
	('MNT', 'Tugrik'),
	('MOP', 'Pataca'),
	('MRU', 'Ouguiya'),
	('MUR', 'Mauritius Rupee'),
	('MVR', 'Rufiyaa'),
	('MWK', 'Malawi Kwacha'),
	('MXN', 'Mexican Peso'),
	('MXV', 'Mexican Unidad de Inversion (UDI)'),
	('MYR', 'Malaysian Ringgit'),
	('MZN', 'Mozambique Metical'),
	('NAD', 'Namibia Dollar'),
	('NGN', 'Naira'),
	('NIO', 'Cordoba Oro'),
	('NOK', 'Norwegian Krone'),
	('NPR', 'Nepalese Rupee'),
	('NZD', 'New Zealand Dollar'),
	('OMR', 'Rial Omani'),
	('PAB', 'Balboa'),
	('PEN', 'Sol'),
	('PGK', 'Kina'),
	('PHP', 'Philippine Peso'),
	('PKR', 'Pakistan Rupee'),
	('PLN', 'Zloty'),
	('PYG', 'Guarani'),
	('QAR', 'Qatari Rial'),
	('RON', 'Romanian Leu'),
	('RSD', 'Serbian Dinar'),
	('RUB', 'Russian Ruble'),
	('RWF', 'Rwanda Franc'),
	('SAR', 'Saudi Riyal'),
	('SBD', 'Solomon Islands Dollar'),
	('SCR', 'Seychelles Rupee'),
	('SDG', 'Sudanese Pound'),
	('SEK', 'Swedish Krona'),
	('SGD', 'Singapore Dollar'),
	('SHP', 'Saint Helena Pound'),
	('SLE', 'Leone'),
	('SLL', 'Leone'),
	('SOS', 'Somali Shilling'),
	('SRD', 'Surinam Dollar'),
	('SSP', 'South Sudanese Pound'),
	('STN', 'Dobra'),
	('SVC', 'El Salvador Colon'),
	('SYP', 'Syrian Pound'),
	('SZL', 'Lilangeni'),
	('THB', 'Baht'),
	('TJS', 'Somoni'),
	('TMT', 'Turkmenistan New Manat'),
	('TND', 'Tunisian Dinar'),
	('TOP', 'Pa’anga'),
	('TRY', 'Turkish Lira'),
	('TTD', 'Trinidad and Tobago Dollar'),
	('TWD', 'New Taiwan Dollar'),
	('TZS', 'Tanzanian Shilling'),
	('UAH', 'Hryvnia'),
	('UGX', 'Uganda Shilling'),
	('USD', 'US Dollar'),
	('USN', 'US Dollar (Next day)'),
	('UYI', 'Uruguay Peso en Unidades Indexadas (UI)'),
	('UYU', 'Peso Uruguayo'),
	('UYW', 'Unidad Previsional'),
	('UZS', 'Uzbekistan Sum'),
	('VED', 'Bolívar Soberano'),
	('VES', 'Bolívar Soberano'),
	('VND', 'Dong'),
	('VUV', 'Vatu'),
	('WST', 'Tala'),
	('XAF', 'CFA Franc BEAC'),
	('XAG', 'Silver'),
	('XAU', 'Gold'),
	('XBA', 'Bond Markets Unit European Composite Unit (EURCO)'),
	('XBB', 'Bond Markets Unit European Monetary Unit (E.M.U.-6)'),
	('XBC', 'Bond Markets Unit European Unit of Account 9 (E.U.A.-9)'),
	('XBD', 'Bond Markets Unit European Unit of Account 17 (E.U.A.-17)'),
	('XCD', 'East Caribbean Dollar'),
	('XDR', 'SDR (Special Drawing Right)'),
	('XOF', 'CFA Franc BCEAO'),
	('XPD', 'Palladium'),
	('XPF', 'CFP Franc'),
	('XPT', 'Platinum'),
	('XSU', 'Sucre'),
	('XTS', 'Codes specifically reserved for testing purposes'),
	('XUA', 'ADB Unit of Account'),
	('XXX', 'The codes assigned for transactions where no currency is involved'),
	('YER', 'Yemeni Rial'),
	('ZAR', 'Rand'),
	('ZMW', 'Zambian Kwacha'),
	('ZWL', 'Zimbabwe Dollar');
CREATE TRIGGER amb_10_replace BEFORE INSERT ON amb.currency
	FOR EACH ROW EXECUTE FUNCTION amb._replace_on_insert('code');
SELECT pg_catalog.pg_extension_config_dump('amb.currency', '');

--------------------------------------------------------------------------
-- Incentive rules: "credit_cents after every every_n successful referrals"
--------------------------------------------------------------------------

CREATE TABLE amb.incentive_rule (
	id					bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	program				text COLLATE "C" NOT NULL
						CHECK (program OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	tier				amb.tag,			-- NULL: every tier
	every_n				integer NOT NULL CHECK (every_n OPERATOR(pg_catalog.>) 0),
	credit_cents		bigint NOT NULL CHECK (credit_cents OPERATOR(pg_catalog.>) 0),
	currency			char(3) COLLATE "C" NOT NULL REFERENCES amb.currency,
	cap_cents_per_period bigint CHECK (cap_cents_per_period OPERATOR(pg_catalog.>) 0),
	period				interval,			-- checked by trigger amb_10_rule
	hold				interval NOT NULL DEFAULT '30 days',
	clawback			boolean NOT NULL DEFAULT true,
	valid_from			timestamptz NOT NULL,
	valid_to			timestamptz,
	created_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	CONSTRAINT incentive_rule_window CHECK (valid_to OPERATOR(pg_catalog.>) valid_from),
	CONSTRAINT incentive_rule_period_cap CHECK (period IS NULL OR cap_cents_per_period IS NOT NULL),
	-- one rule per program and tier at any time (btree_gist gives = for text)
	CONSTRAINT incentive_rule_no_overlap EXCLUDE USING gist (
		program WITH OPERATOR(pg_catalog.=),
		(COALESCE(tier::text, '')) WITH OPERATOR(pg_catalog.=),
		pg_catalog.tstzrange(valid_from, valid_to) WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE amb.incentive_rule IS
	'referral incentive rules: credit_cents after every every_n successful referrals, in force from valid_from until valid_to';
SELECT pg_catalog.pg_extension_config_dump('amb.incentive_rule', '');
SELECT pg_catalog.pg_extension_config_dump('amb.incentive_rule_id_seq', '');

CREATE FUNCTION amb._incentive_rule_check() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_incentive_rule_check'
	LANGUAGE C;
COMMENT ON FUNCTION amb._incentive_rule_check() IS
	'trigger: periods and holds are positive; a rule in use changes only by ending it, never so that a referral it governs falls outside';
CREATE TRIGGER amb_10_rule BEFORE INSERT OR UPDATE ON amb.incentive_rule
	FOR EACH ROW EXECUTE FUNCTION amb._incentive_rule_check();

--------------------------------------------------------------------------
-- Referral codes and referrals
--------------------------------------------------------------------------

CREATE TABLE amb.referral_code (
	code			text COLLATE "C" PRIMARY KEY
					CHECK (code OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
	ambassador_id	bigint NOT NULL REFERENCES amb.ambassador,
	program			text COLLATE "C" NOT NULL DEFAULT 'referral'
					CHECK (program OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
	created_at		timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE amb.referral_code IS
	'referral codes: each names an ambassador (merges move it to the survivor) and the program it earns under';
CREATE INDEX referral_code_ambassador_idx ON amb.referral_code (ambassador_id);
-- codes are matched as shoppers type them, whatever the case (they are ASCII)
CREATE UNIQUE INDEX referral_code_folded_idx ON amb.referral_code (pg_catalog.lower(code));
SELECT pg_catalog.pg_extension_config_dump('amb.referral_code', '');

CREATE TYPE amb.referral_status AS ENUM ('pending', 'confirmed', 'rejected', 'refunded', 'cancelled');

CREATE TABLE amb.referral (
	id					bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	ambassador_id		bigint NOT NULL,	-- set from code (the live ambassador)
	code				text COLLATE "C",	-- NULL only after erasure
	program				text COLLATE "C" NOT NULL,	-- set from code
	rule_id				bigint REFERENCES amb.incentive_rule,	-- in force at occurred_at
	order_ref			text NOT NULL UNIQUE
						CHECK (pg_catalog.octet_length(order_ref) OPERATOR(pg_catalog.<=) 200),
	referee_email		text,
	referee_phone		text,
	amount_cents		bigint NOT NULL CHECK (amount_cents OPERATOR(pg_catalog.>=) 0),
	currency			char(3) COLLATE "C" NOT NULL REFERENCES amb.currency,
	occurred_at			timestamptz NOT NULL,
	status				amb.referral_status NOT NULL DEFAULT 'pending',
	status_reason		text,
	confirmed_at		timestamptz,
	recorded_at			timestamptz NOT NULL DEFAULT pg_catalog.now(),
	-- normalized for self-referral checks and erasure; kept by trigger
	referee_email_norm	text,
	referee_phone_norm	text,
	-- the referee's contacts were removed: the referee, or the ambassador,
	-- was erased (set by the triggers and by erasure)
	referee_removed		boolean NOT NULL DEFAULT false,
	CONSTRAINT referral_confirmed_at CHECK (status OPERATOR(pg_catalog.<>) 'confirmed' OR confirmed_at IS NOT NULL),
	CONSTRAINT referral_occurred_finite CHECK (pg_catalog.isfinite(occurred_at)),
	CONSTRAINT referral_confirmed_finite CHECK (pg_catalog.isfinite(confirmed_at))
);
COMMENT ON TABLE amb.referral IS
	'referrals: successful once confirmed and not refunded or cancelled; triggers amb_10_referral and amb_20_book_* resolve, check and book credits';
CREATE INDEX referral_ambassador_idx ON amb.referral (ambassador_id, rule_id, status);
CREATE INDEX referral_pending_idx ON amb.referral (occurred_at) WHERE status OPERATOR(pg_catalog.=) 'pending';
CREATE INDEX referral_referee_email_idx ON amb.referral (referee_email_norm) WHERE referee_email_norm IS NOT NULL;
CREATE INDEX referral_referee_phone_idx ON amb.referral (referee_phone_norm) WHERE referee_phone_norm IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('amb.referral', '');
SELECT pg_catalog.pg_extension_config_dump('amb.referral_id_seq', '');

CREATE FUNCTION amb._referral_check() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_referral_check'
	LANGUAGE C;
COMMENT ON FUNCTION amb._referral_check() IS
	'trigger: resolve the code to the live ambassador and the rule in force, reject self-referrals, check status changes';
CREATE TRIGGER amb_10_referral BEFORE INSERT OR UPDATE ON amb.referral
	FOR EACH ROW EXECUTE FUNCTION amb._referral_check();
CREATE TRIGGER amb_05_no_delete BEFORE DELETE ON amb.referral
	FOR EACH ROW EXECUTE FUNCTION amb._append_only('keep');
CREATE TRIGGER amb_05_no_truncate BEFORE TRUNCATE ON amb.referral
	FOR EACH STATEMENT EXECUTE FUNCTION amb._append_only('keep');

CREATE FUNCTION amb._referral_book() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_referral_book'
	LANGUAGE C;
COMMENT ON FUNCTION amb._referral_book() IS
	'trigger: book the credits, clawbacks and withheld notes that the statement''s referral changes call for, once';
CREATE TRIGGER amb_20_book_insert AFTER INSERT ON amb.referral
	REFERENCING NEW TABLE AS amb_new_referrals
	FOR EACH STATEMENT EXECUTE FUNCTION amb._referral_book();
CREATE TRIGGER amb_20_book_update AFTER UPDATE ON amb.referral
	REFERENCING OLD TABLE AS amb_old_referrals NEW TABLE AS amb_new_referrals
	FOR EACH STATEMENT EXECUTE FUNCTION amb._referral_book();

--------------------------------------------------------------------------
-- The credit ledger: append-only, each entry booked once
--------------------------------------------------------------------------

CREATE TYPE amb.credit_kind AS ENUM ('credit', 'clawback', 'withheld');

CREATE TABLE amb.credit_ledger (
	id				bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	ambassador_id	bigint NOT NULL,	-- written by amb only
	rule_id			bigint NOT NULL REFERENCES amb.incentive_rule,
	milestone		integer NOT NULL CHECK (milestone OPERATOR(pg_catalog.>) 0),
	kind			amb.credit_kind NOT NULL,
	occurrence		integer NOT NULL CHECK (occurrence OPERATOR(pg_catalog.>) 0),
	amount_cents	bigint NOT NULL,
	capped_cents	bigint NOT NULL DEFAULT 0 CHECK (capped_cents OPERATOR(pg_catalog.>=) 0),
	currency		char(3) COLLATE "C" NOT NULL REFERENCES amb.currency,
	period_start	timestamptz,		-- the cap period (rules with a cap)
	-- no foreign key: booking reads referrals as committed under the
	-- ambassador's lock, which a REPEATABLE READ transaction's key check would
	-- not see (referrals are never deleted)
	referral_id		bigint,
	booked_at		timestamptz NOT NULL DEFAULT pg_catalog.now(),
	-- a milestone is booked once per occurrence: no double booking can commit
	CONSTRAINT credit_ledger_once UNIQUE (ambassador_id, rule_id, milestone, kind, occurrence),
	CONSTRAINT credit_ledger_sign CHECK (CASE kind
		WHEN 'credit' THEN amount_cents OPERATOR(pg_catalog.>=) 0
		WHEN 'clawback' THEN amount_cents OPERATOR(pg_catalog.<=) 0 AND capped_cents OPERATOR(pg_catalog.=) 0
		ELSE amount_cents OPERATOR(pg_catalog.=) 0 AND capped_cents OPERATOR(pg_catalog.=) 0 END)
);
COMMENT ON TABLE amb.credit_ledger IS
	'credits, clawbacks and withheld notes per ambassador, rule and milestone: append-only, written by amb''s triggers only';
CREATE INDEX credit_ledger_referral_idx ON amb.credit_ledger (referral_id);
SELECT pg_catalog.pg_extension_config_dump('amb.credit_ledger', '');
SELECT pg_catalog.pg_extension_config_dump('amb.credit_ledger_id_seq', '');
CREATE TRIGGER amb_05_append_only BEFORE UPDATE OR DELETE ON amb.credit_ledger
	FOR EACH ROW EXECUTE FUNCTION amb._append_only();
CREATE TRIGGER amb_05_no_truncate BEFORE TRUNCATE ON amb.credit_ledger
	FOR EACH STATEMENT EXECUTE FUNCTION amb._append_only();

--------------------------------------------------------------------------
-- Entry points
--------------------------------------------------------------------------

CREATE FUNCTION amb.record_referral(order_ref text, code text, referee_email text,
		referee_phone text, amount_cents bigint, currency char(3), occurred_at timestamptz)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'amb_record_referral'
	LANGUAGE C VOLATILE;
COMMENT ON FUNCTION amb.record_referral(text, text, text, text, bigint, char, timestamptz) IS
	'record a referral idempotently: a retry with the same order_ref and fields returns the same id; different fields are an error naming the field';

CREATE FUNCTION amb.confirm_due_referrals(now timestamptz DEFAULT pg_catalog.now()) RETURNS bigint
	LANGUAGE sql VOLATILE STRICT
	AS $$
	WITH due AS (
		UPDATE amb.referral r
		   SET status = 'confirmed', confirmed_at = $1, status_reason = 'hold_passed'
		 WHERE r.status OPERATOR(pg_catalog.=) 'pending'
		   AND r.occurred_at OPERATOR(pg_catalog.<=) $1
		   AND r.occurred_at OPERATOR(pg_catalog.+)
			   COALESCE((SELECT g.hold FROM amb.incentive_rule g WHERE g.id OPERATOR(pg_catalog.=) r.rule_id),
						'30 days'::interval) OPERATOR(pg_catalog.<=) $1
		RETURNING 1)
	SELECT pg_catalog.count(*) FROM due
	$$;
COMMENT ON FUNCTION amb.confirm_due_referrals(timestamptz) IS
	'confirm pending referrals whose hold (from the rule in force when they occurred; 30 days without one) has passed by now; returns how many';

CREATE FUNCTION amb.balance(ambassador_id bigint)
	RETURNS TABLE (currency char(3), cents bigint)
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	AS $$
	SELECT l.currency, pg_catalog.sum(l.amount_cents)::bigint
	  FROM amb.credit_ledger l
	 WHERE l.ambassador_id OPERATOR(pg_catalog.=) COALESCE(amb.resolve_ambassador($1), $1)
	 GROUP BY l.currency
	HAVING pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.<>) 'withheld') OPERATOR(pg_catalog.>) 0
	 ORDER BY l.currency
	$$;
COMMENT ON FUNCTION amb.balance(bigint) IS
	'an ambassador''s credits less clawbacks, per currency (a merged id gives its survivor''s balance)';

CREATE VIEW amb.ambassador_stats AS
	SELECT a.id AS ambassador_id,
		   COALESCE(r.confirmed, 0) AS confirmed,
		   COALESCE(r.pending, 0) AS pending,
		   COALESCE(r.refunded, 0) AS refunded,
		   l.currency,
		   COALESCE(l.credits, 0) AS credits_cents,
		   COALESCE(l.clawbacks, 0) AS clawbacks_cents,
		   n.next_milestone_in
	  FROM amb.ambassador a
	  LEFT JOIN LATERAL (
			SELECT pg_catalog.count(*) FILTER (WHERE x.status OPERATOR(pg_catalog.=) 'confirmed') AS confirmed,
				   pg_catalog.count(*) FILTER (WHERE x.status OPERATOR(pg_catalog.=) 'pending') AS pending,
				   pg_catalog.count(*) FILTER (WHERE x.status OPERATOR(pg_catalog.=) 'refunded') AS refunded
			  FROM amb.referral x WHERE x.ambassador_id OPERATOR(pg_catalog.=) a.id) r ON true
	  LEFT JOIN LATERAL (
			SELECT y.currency,
				   pg_catalog.sum(y.amount_cents) FILTER (WHERE y.kind OPERATOR(pg_catalog.=) 'credit')::bigint AS credits,
				   (OPERATOR(pg_catalog.-) pg_catalog.sum(y.amount_cents)
						FILTER (WHERE y.kind OPERATOR(pg_catalog.=) 'clawback'))::bigint AS clawbacks
			  FROM amb.credit_ledger y WHERE y.ambassador_id OPERATOR(pg_catalog.=) a.id
			 GROUP BY y.currency) l ON true
	  LEFT JOIN LATERAL (
			-- under the rule of the latest referral that has one
			SELECT g.every_n OPERATOR(pg_catalog.-)
				   ((SELECT pg_catalog.count(*) FROM amb.referral z
					  WHERE z.ambassador_id OPERATOR(pg_catalog.=) a.id
					    AND z.rule_id OPERATOR(pg_catalog.=) g.id
					    AND z.status OPERATOR(pg_catalog.=) 'confirmed')::integer
					OPERATOR(pg_catalog.%) g.every_n) AS next_milestone_in
			  FROM amb.referral w JOIN amb.incentive_rule g ON g.id OPERATOR(pg_catalog.=) w.rule_id
			 WHERE w.ambassador_id OPERATOR(pg_catalog.=) a.id
			 ORDER BY w.occurred_at DESC, w.id DESC LIMIT 1) n ON true
	 WHERE a.status OPERATOR(pg_catalog.<>) 'merged';
COMMENT ON VIEW amb.ambassador_stats IS
	'per live ambassador (and currency of their ledger): referrals confirmed, pending, refunded; credits and clawbacks in cents; confirmations to the next milestone';

--------------------------------------------------------------------------
-- Analysts' functions
--------------------------------------------------------------------------

CREATE FUNCTION amb.milestone_credits(successes int, every_n int, credit_cents bigint,
		cap_cents bigint DEFAULT NULL)
	RETURNS bigint
	AS 'MODULE_PATHNAME', 'amb_milestone_credits'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION amb.milestone_credits(int, int, bigint, bigint) IS
	'(successes / every_n) * credit_cents, at most cap_cents (NULL: no cap); NULL if an earlier argument is NULL';

CREATE FUNCTION amb.simulate_incentives(every_n int, credit_cents bigint,
		cap_cents_per_period bigint DEFAULT NULL, period interval DEFAULT NULL,
		since timestamptz DEFAULT '-infinity',
		OUT ambassador_id bigint, OUT successes bigint, OUT credits_cents bigint)
	RETURNS SETOF record
	AS 'MODULE_PATHNAME', 'amb_simulate_incentives'
	LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION amb.simulate_incentives(int, bigint, bigint, interval, timestamptz) IS
	'what each ambassador would have earned under another rule over the real referral history (confirmed referrals that occurred since; periods counted from since, or 2000-01-01 UTC)';
