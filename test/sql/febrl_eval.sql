--
-- febrl_eval.sql: load one FEBRL data set into amb.ambassador, train the
-- match model, find duplicates at the default threshold, and measure them
-- against the truth file.  Included by sql/febrl.sql (the regression suite)
-- and bench/febrl_quality.sh (which prints the figures).
--
-- Variables: :ds (dataset1 | dataset2 | dataset3 | dataset4) and :two (set
-- for dataset4, loaded as two sources a and b).  Reads the rows of :ds from
-- febrl_all_raw and febrl_all_truth, loaded by the caller with \copy
-- (sql/febrl.sql); adds one row to febrl_result, made there too.
--
-- Loading follows ../shared/data/febrl/README.md: fields are separated by
-- ", " (COPY keeps the space: btrim), empty fields are NULL, given name +
-- surname is display_name, street number + address_1 + address_2 is
-- address_line, suburb is city, state is region, country AU; an 8-digit
-- date of birth that is a real date is birth_date; soc_sec_id is NOT loaded
-- and rec_id is kept only as the legacy id (amb.source_id), never matched.
--
CREATE TEMP TABLE febrl_raw AS SELECT * FROM febrl_all_raw WHERE ds = :'ds';
CREATE TEMP TABLE febrl_truth AS SELECT rec_id_a, rec_id_b FROM febrl_all_truth WHERE ds = :'ds';
CREATE OR REPLACE FUNCTION pg_temp.febrl_date(t text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF t !~ '^[0-9]{8}$' THEN
		RETURN NULL;
	END IF;
	RETURN make_date(substr(t, 1, 4)::int, substr(t, 5, 2)::int, substr(t, 7, 2)::int);
EXCEPTION WHEN others THEN
	RETURN NULL;
END $$;

CREATE TEMP TABLE febrl_rec AS
SELECT btrim(rec_id) AS rec_id, src,
	nullif(btrim(given_name), '') AS given_name, nullif(btrim(surname), '') AS surname,
	nullif(btrim(concat_ws(' ', nullif(btrim(street_number), ''), nullif(btrim(address_1), ''),
		nullif(btrim(address_2), ''))), '') AS address_line,
	nullif(btrim(suburb), '') AS city, nullif(btrim(postcode), '') AS postcode,
	nullif(btrim(state), '') AS state, pg_temp.febrl_date(btrim(date_of_birth)) AS birth_date
FROM febrl_raw;

TRUNCATE amb.source_id, amb.privacy_request, amb.referral_code, amb.ambassador RESTART IDENTITY;
CREATE TEMP TABLE febrl_id AS
SELECT rec_id, src, row_number() OVER (ORDER BY src, rec_id) AS id FROM febrl_rec;
INSERT INTO amb.ambassador (id, display_name, address_line, city, postal_code, region, country, birth_date)
SELECT i.id, coalesce(nullif(concat_ws(' ', r.given_name, r.surname), ''), '-'), r.address_line, r.city,
	   r.postcode, r.state, 'AU', r.birth_date
  FROM febrl_rec r JOIN febrl_id i USING (rec_id, src);
SELECT count(*) AS loaded FROM amb.ambassador \gset
INSERT INTO amb.source_id (source, legacy_id, ambassador_id) SELECT src, rec_id, id FROM febrl_id;

SELECT amb.train_match_model() AS model \gset

CREATE TEMP TABLE febrl_truth_ids AS
SELECT least(x.id, y.id) AS a, greatest(x.id, y.id) AS b
  FROM febrl_truth t JOIN febrl_id x ON x.rec_id = t.rec_id_a JOIN febrl_id y ON y.rec_id = t.rec_id_b;
-- linking (two sources): only pairs across the sources count
CREATE TEMP TABLE febrl_found AS
SELECT d.a, d.b FROM amb.find_duplicates() d
  JOIN febrl_id x ON x.id = d.a JOIN febrl_id y ON y.id = d.b
 WHERE NOT :{?two} OR x.src <> y.src;
CREATE TEMP TABLE febrl_cand AS
SELECT d.a, d.b FROM amb.find_duplicates(0) d
  JOIN febrl_id x ON x.id = d.a JOIN febrl_id y ON y.id = d.b
 WHERE NOT :{?two} OR x.src <> y.src;

INSERT INTO febrl_result
SELECT :'ds', :loaded, t.n, f.n, tp.n,
	tp.n::float8 / nullif(f.n, 0), tp.n::float8 / t.n,
	2.0 * tp.n / nullif(f.n + t.n, 0),
	ap.n, c.n, c.n / ap.n, tc.n, tc.n::float8 / t.n
FROM (SELECT count(*) AS n FROM febrl_truth_ids) t,
	 (SELECT count(*) AS n FROM febrl_found) f,
	 (SELECT count(*) AS n FROM febrl_found JOIN febrl_truth_ids USING (a, b)) tp,
	 (SELECT count(*) AS n FROM febrl_cand) c,
	 (SELECT count(*) AS n FROM febrl_cand JOIN febrl_truth_ids USING (a, b)) tc,
	 (SELECT CASE WHEN :{?two} THEN (count(*) FILTER (WHERE src = 'a'))::float8 * count(*) FILTER (WHERE src = 'b')
				  ELSE count(*)::float8 * (count(*) - 1) / 2 END AS n FROM febrl_rec) ap;

DROP TABLE febrl_raw, febrl_truth, febrl_rec, febrl_id, febrl_truth_ids, febrl_found, febrl_cand;
