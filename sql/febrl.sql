--
-- febrl: dedup quality on the FEBRL benchmark data (../shared/data/febrl/,
-- ANU Open Source Licence 1.3; see its README), unsupervised: for each data
-- set amb.train_match_model() learns the model from the records alone, then
-- amb.find_duplicates() at its default threshold (0.9) is measured against
-- the truth files.  dataset4 is loaded as two sources (4a, 4b) and only the
-- pairs across them count.  soc_sec_id is not loaded.
--
-- Targets (issue 4): pairwise F1 >= 0.965 on every set; blocking keeps at
-- least 99.8% of the true pairs with at most 1% of all pairs.
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb CASCADE;
RESET client_min_messages;
SET search_path = public, amb;

CREATE TEMP TABLE febrl_in (rec_id text, given_name text, surname text, street_number text,
	address_1 text, address_2 text, suburb text, postcode text, state text,
	date_of_birth text, soc_sec_id text);
CREATE TEMP TABLE febrl_all_raw (ds text, src text, LIKE febrl_in);
CREATE TEMP TABLE febrl_all_truth (ds text, rec_id_a text, rec_id_b text);
CREATE TEMP TABLE febrl_truth_in (rec_id_a text, rec_id_b text);
CREATE TEMP TABLE febrl_result (
	ds text, records int, true_pairs int, found int, tp int,
	precision float8, recall float8, f1 float8,
	all_pairs float8, candidates bigint, candidate_share float8,
	true_in_candidates int, blocking_recall float8);

\copy febrl_in FROM '../shared/data/febrl/dataset1.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_raw SELECT 'dataset1', 'a', * FROM febrl_in;
TRUNCATE febrl_in;
\copy febrl_in FROM '../shared/data/febrl/dataset2.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_raw SELECT 'dataset2', 'a', * FROM febrl_in;
TRUNCATE febrl_in;
\copy febrl_in FROM '../shared/data/febrl/dataset3.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_raw SELECT 'dataset3', 'a', * FROM febrl_in;
TRUNCATE febrl_in;
\copy febrl_in FROM '../shared/data/febrl/dataset4a.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_raw SELECT 'dataset4', 'a', * FROM febrl_in;
TRUNCATE febrl_in;
\copy febrl_in FROM '../shared/data/febrl/dataset4b.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_raw SELECT 'dataset4', 'b', * FROM febrl_in;
\copy febrl_truth_in FROM '../shared/data/febrl/dataset1.truth.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_truth SELECT 'dataset1', * FROM febrl_truth_in;
TRUNCATE febrl_truth_in;
\copy febrl_truth_in FROM '../shared/data/febrl/dataset2.truth.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_truth SELECT 'dataset2', * FROM febrl_truth_in;
TRUNCATE febrl_truth_in;
\copy febrl_truth_in FROM '../shared/data/febrl/dataset3.truth.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_truth SELECT 'dataset3', * FROM febrl_truth_in;
TRUNCATE febrl_truth_in;
\copy febrl_truth_in FROM '../shared/data/febrl/dataset4.truth.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO febrl_all_truth SELECT 'dataset4', * FROM febrl_truth_in;

-- the files are all there (an empty or missing file fails here)
SELECT ds, count(*) AS records FROM febrl_all_raw GROUP BY ds ORDER BY ds;
SELECT ds, count(*) AS true_pairs FROM febrl_all_truth GROUP BY ds ORDER BY ds;

-- (the working is not echoed: test/sql/febrl_eval.sql)
\set ECHO none
\set QUIET on
\set ds dataset1
\i test/sql/febrl_eval.sql
\set ds dataset2
\i test/sql/febrl_eval.sql
\set ds dataset3
\i test/sql/febrl_eval.sql
\set ds dataset4
\set two true
\i test/sql/febrl_eval.sql
\unset two
\set QUIET off
\set ECHO all

-- the figures (README: "Dedup quality"); counts are exact, so they are stable
SELECT ds, records, true_pairs, found, tp AS true_found,
	   round(precision::numeric, 4) AS precision, round(recall::numeric, 4) AS recall,
	   round(f1::numeric, 4) AS f1
  FROM febrl_result ORDER BY ds;
SELECT ds, candidates, round((100 * candidate_share)::numeric, 3) AS pct_of_all_pairs,
	   true_in_candidates, round((100 * blocking_recall)::numeric, 2) AS pct_of_true_pairs
  FROM febrl_result ORDER BY ds;
-- the targets
SELECT ds, f1 >= 0.965 AS f1_target, blocking_recall >= 0.998 AS blocking_recall_target,
	   candidate_share <= 0.01 AS blocking_share_target
  FROM febrl_result ORDER BY ds;
