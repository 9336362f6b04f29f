--
-- dedup: contact normalizers, similarity primitives, record matching
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb CASCADE;
RESET client_min_messages;
SET search_path = public, amb;

------------------------------------------------------------------------
-- normalize_email
------------------------------------------------------------------------
SELECT input, amb.normalize_email(input) AS email
  FROM (VALUES (' Bob.Smith+etsy@GMAIL.com '), ('mailto:Jane.Doe@Example.COM'), ('a.b+x@googlemail.com'),
               ('x+y@outlook.com'), ('Bob Smith <bob@example.org>')) v(input);
SELECT amb.normalize_email('not-an-email');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_email('a@b');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_email('a b@c.com');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- normalize_phone
------------------------------------------------------------------------
SELECT input, amb.normalize_phone(input) AS e164
  FROM (VALUES ('(512) 555-0100'), ('+1 512 555 0100'), ('1-512-555-0100 x123'), ('512.555.0100 ext. 4'),
               ('0015125550100'), ('+44 20 7946 0018')) v(input);
SELECT amb.normalize_phone('020 7946 0018', 'GB') AS gb, amb.normalize_phone('0412 345 678', 'au') AS au;
SELECT amb.normalize_phone('555-0100');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_phone('(112) 555-0100');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_phone('1-800-FLOWERS');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_phone('512 555 0100', 'XX');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- normalize_handle
------------------------------------------------------------------------
SELECT input, amb.normalize_handle(input) AS handle
  FROM (VALUES ('@BobSmith_Makes'), ('https://www.instagram.com/bobsmith_makes/?hl=en'), ('tiktok.com/@Bob.Smith'),
               ('https://x.com/BobSmith'), ('twitter.com/BobSmith/status/123'), ('youtube.com/@BobMakes'),
               ('https://www.facebook.com/profile.php?id=100012345'), ('pinterest.com/bobsmith/')) v(input);
SELECT amb.normalize_handle('https://www.instagram.com/p/XYZ123/');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_handle('https://example.com/bob');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_handle('@');
\echo :LAST_ERROR_SQLSTATE
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('normalize_email', 'normalize_phone', 'normalize_handle')
 ORDER BY proname;

------------------------------------------------------------------------
-- normalize_name
------------------------------------------------------------------------
SELECT input, amb.normalize_name(input) AS name
  FROM (VALUES ('Robert Smith'), ('SMITH, Bob'), ('Dr. Robert Smith Jr.'), ('Smith, Dr. Robert J.'),
               ('Mrs. Jane   DOE'), ('Robert Smith, Jr.'), ('Søren Ødegård'), ('Müller, Lukas'),
               ('O''Brien, Tom'), ('Mary-Jane Watson'), ('J.R.R. Tolkien'), ('Chloé Dubois'),
               ('Prof Dr Hans Meyer'), ('Jr Smith'), ('Ελένη Παπαδοπούλου'), ('山田 太郎')) v(input);
-- nothing left: 22023 naming the value
SELECT amb.normalize_name('Jr.');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_name(' , ');
\echo :LAST_ERROR_SQLSTATE
-- idempotent
SELECT count(*) AS not_idempotent
  FROM (VALUES ('SMITH, Bob'), ('Dr. Robert Smith Jr.'), ('Søren Ødegård'), ('J.R.R. Tolkien')) v(input)
 WHERE amb.normalize_name(amb.normalize_name(input)) <> amb.normalize_name(input);
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname = 'normalize_name';

------------------------------------------------------------------------
-- jaro_winkler: equal to the published reference vectors within 1e-9
------------------------------------------------------------------------
CREATE TABLE jw_vectors (a text, b text, expected float8, published text, source text);
\copy jw_vectors FROM '../shared/vectors/jaro_winkler.csv' WITH (FORMAT csv, HEADER true)
-- an empty or missing file fails here
SELECT count(*) >= 60 AS loaded FROM jw_vectors;
-- rows that disagree (expect none)
SELECT a, b, expected, amb.jaro_winkler(a, b) AS got FROM jw_vectors
 WHERE abs(amb.jaro_winkler(a, b) - expected) > 1e-9;
-- symmetric, bounded, and 1 for identical strings
SELECT count(*) FILTER (WHERE amb.jaro_winkler(a, b) <> amb.jaro_winkler(b, a)) AS asymmetric,
       count(*) FILTER (WHERE amb.jaro_winkler(a, b) NOT BETWEEN 0 AND 1) AS out_of_range,
       count(*) FILTER (WHERE amb.jaro_winkler(a, a) <> 1) AS self_not_one
  FROM jw_vectors;
-- characters, not bytes: "é" is one character, so café/cafe is one substitution
SELECT amb.jaro_winkler('café', 'cafe') = amb.jaro_winkler('cafx', 'cafe') AS code_points,
       amb.jaro_winkler('MARTHA', 'martha') AS case_sensitive;
-- the empty-string convention: identical empties are 1, empty vs text is 0
SELECT amb.jaro_winkler('', '') AS both_empty, amb.jaro_winkler('', 'a') AS one_empty;
-- a documented size limit (the algorithm is quadratic): 54000
SELECT amb.jaro_winkler(repeat('a', 1025), 'a');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.jaro_winkler(repeat('a', 1024), repeat('a', 1024)) AS at_limit;
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('jaro_winkler')
 ORDER BY proname;

------------------------------------------------------------------------
-- damerau_levenshtein: unrestricted, equal to the published vectors
------------------------------------------------------------------------
CREATE TABLE dl_vectors (a text, b text, expected int, source text);
\copy dl_vectors FROM '../shared/vectors/damerau_levenshtein.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) >= 40 AS loaded FROM dl_vectors;
SELECT a, b, expected, amb.damerau_levenshtein(a, b) AS got FROM dl_vectors
 WHERE amb.damerau_levenshtein(a, b) <> expected;
-- a transposition plus an insertion: 2 here, where restricted DL (OSA) says 3
SELECT amb.damerau_levenshtein('ca', 'abc') AS ca_abc, amb.damerau_levenshtein('café', 'cafe') AS code_points,
       amb.damerau_levenshtein('', 'abc') AS from_empty;
SELECT amb.damerau_levenshtein(repeat('a', 256), 'a');
\echo :LAST_ERROR_SQLSTATE
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname = 'damerau_levenshtein';

------------------------------------------------------------------------
-- nicknames: the shipped list, and matching through it
------------------------------------------------------------------------
SELECT count(*) FILTER (WHERE shipped) >= 2600 AS shipped_list, count(DISTINCT name) > 1000 AS names
  FROM amb.nickname;
SELECT amb.nickname_match('bob', 'robert') AS nickname_of, amb.nickname_match('robert', 'bob') AS either_way,
       amb.nickname_match('bob', 'rob') AS same_name_behind, amb.nickname_match('liz', 'elizabeth') AS liz,
       amb.nickname_match('ann', 'ann') AS identical, amb.nickname_match('bob', 'alice') AS different;
-- users add their own; a pair is lower-case, non-empty and not a name with itself
INSERT INTO amb.nickname (name, nickname) VALUES ('siobhan', 'shiv');
SELECT amb.nickname_match('shiv', 'siobhan') AS user_pair;
INSERT INTO amb.nickname (name, nickname) VALUES ('Siobhan', 'shiv');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.nickname (name, nickname) VALUES ('ann', 'ann');
\echo :LAST_ERROR_SQLSTATE
-- only the users' rows are dumped; the shipped ones come with the extension
SELECT extconfig::regclass[], extcondition FROM pg_extension WHERE extname = 'amb';

------------------------------------------------------------------------
-- phonetic: Double Metaphone, equal to the published vectors
------------------------------------------------------------------------
CREATE TABLE phonetic_vectors (algorithm text, input text, expected text, source text,
                               pg15_fuzzystrmatch text, pg15_agrees text);
\copy phonetic_vectors FROM '../shared/vectors/phonetic.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) FILTER (WHERE algorithm = 'dmetaphone') >= 1200 AS primary_loaded,
       count(*) FILTER (WHERE algorithm = 'dmetaphone_alt') >= 1200 AS alternate_loaded
  FROM phonetic_vectors;
-- rows that disagree (expect none)
SELECT algorithm, input, expected,
       CASE algorithm WHEN 'dmetaphone' THEN amb.phonetic(input) ELSE amb.phonetic_alt(input) END AS got
  FROM phonetic_vectors
 WHERE algorithm IN ('dmetaphone', 'dmetaphone_alt')
   AND expected IS DISTINCT FROM
       CASE algorithm WHEN 'dmetaphone' THEN amb.phonetic(input) ELSE amb.phonetic_alt(input) END;
-- worked examples, accents, and no letters at all
SELECT amb.phonetic('Smith') AS smith, amb.phonetic_alt('Smith') AS smith_alt,
       amb.phonetic('Schmidt') AS schmidt, amb.phonetic_alt('Schmidt') AS schmidt_alt,
       amb.phonetic('Müller') = amb.phonetic('Muller') AS folded, amb.phonetic('123') AS no_letters;
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('phonetic', 'phonetic_alt')
 ORDER BY proname;

------------------------------------------------------------------------
-- the ambassador table: normalized columns kept by trigger amb_10_normalize
------------------------------------------------------------------------
SET timezone = 'UTC';
INSERT INTO amb.ambassador (display_name, email, phone, handle, address_line, city, postal_code, region, country, birth_date)
VALUES ('Robert Smith', 'bob.smith+etsy@gmail.com', '(512) 555-0100', NULL, '123 N. Main St., Apt #4', 'St. Louis',
        '78701-1234', 'Texas', 'us', '1980-03-07');
SELECT id, country, name_norm, given_norm, family_norm, given_key, family_key, email_norm, phone_norm,
       handle_norm, address_norm, city_norm, postal_norm, region_norm, cardinality(block_keys) > 5 AS has_keys,
       status, merged_into, created_at = updated_at AS fresh
  FROM amb.ambassador;
-- an update recomputes them, and updated_at moves
UPDATE amb.ambassador SET display_name = 'SMITH, Bob', handle = 'https://www.instagram.com/bobsmith_makes/' WHERE id = 1;
SELECT name_norm, given_norm, family_norm, handle_norm FROM amb.ambassador WHERE id = 1;
-- typing into a normalized column changes nothing
UPDATE amb.ambassador SET email_norm = 'someone@else.com' WHERE id = 1;
SELECT email_norm FROM amb.ambassador WHERE id = 1;
-- a contact that is not valid is an error naming the column; nothing is stored
INSERT INTO amb.ambassador (display_name, email) VALUES ('Jane Doe', 'jane.doe at example.com');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.ambassador (display_name, phone) VALUES ('Jane Doe', '555-0100');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.ambassador (display_name, postal_code) VALUES ('Jane Doe', 'ABCDE');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.ambassador (display_name, country) VALUES ('Jane Doe', 'USA');
\echo :LAST_ERROR_SQLSTATE
-- empty optional fields are missing, not errors; a display name with no letters has no name to match
INSERT INTO amb.ambassador (display_name, email, phone, city) VALUES ('-', '  ', '', '--') RETURNING id, name_norm, email_norm, phone_norm, city_norm;
-- the statuses and merge links are constrained
\set VERBOSITY terse
UPDATE amb.ambassador SET status = 'merged' WHERE id = 1;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY default
SELECT count(*) AS rows FROM amb.ambassador;
-- the trigger belongs on amb.ambassador only
CREATE TABLE not_ambassador (id int, display_name text);
CREATE TRIGGER t BEFORE INSERT ON not_ambassador FOR EACH ROW EXECUTE FUNCTION amb.normalize_ambassador();
INSERT INTO not_ambassador VALUES (1, 'x');
\echo :LAST_ERROR_SQLSTATE
DROP TABLE not_ambassador;

------------------------------------------------------------------------
-- match_score and match_explain, default parameters
------------------------------------------------------------------------
SELECT field, level, m, u, round(log(2, (m / u)::numeric), 2) AS weight FROM amb.match_param ORDER BY field, m DESC;
SELECT prior, trained_at IS NULL AS untrained FROM amb.match_model;
-- rows built by hand (never stored): ROW(p.*)::amb.ambassador
CREATE TEMP TABLE people AS SELECT * FROM amb.ambassador LIMIT 0;
INSERT INTO people (id, display_name, email, phone, handle, address_line, city, postal_code, region, country, birth_date) VALUES
  (1, 'Robert Smith', 'bob.smith+etsy@gmail.com', '(512) 555-0100', NULL, NULL, 'Austin', '78701', 'TX', 'US', '1980-03-07'),
  (2, 'SMITH, Bob', 'bobsmith@gmail.com', '+1 512 555 0100', '@bobsmith_makes', NULL, NULL, NULL, NULL, 'US', NULL),
  (3, 'Smith Robert', NULL, NULL, NULL, '12 Oak Street', 'Austin', '78701', 'TX', 'US', '1980-03-07'),
  (4, 'Jane Doe', 'jane@example.com', NULL, NULL, '9 Elm Street', 'Dallas', '75201', 'TX', 'US', '1991-12-01'),
  (5, 'Robert Smyth', NULL, NULL, NULL, '12 Oak St', 'Austin', '78701', 'TX', 'US', '1980-07-03');
-- worked example of the README: nickname + exact family name + exact email
SELECT jsonb_pretty(amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador)) FROM people a, people b WHERE a.id = 1 AND b.id = 2;
-- swapped names, a typo, a day/month swap
SELECT amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) -> 'names_swapped' AS swapped, amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) #> '{fields,0,level}' AS given
  FROM people a, people b WHERE a.id = 1 AND b.id = 3;
SELECT f ->> 'field' AS field, f ->> 'level' AS level, f -> 'similarity' AS similarity, f -> 'weight' AS weight
  FROM people a, people b, jsonb_array_elements(amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) -> 'fields') f
 WHERE a.id = 3 AND b.id = 5;
-- scores: in [0, 1], symmetric, high for the same person, low for another
SELECT a.id AS a, b.id AS b, round(amb.match_score(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador)::numeric, 4) AS score
  FROM people a, people b WHERE a.id < b.id ORDER BY a.id, b.id;
SELECT count(*) FILTER (WHERE amb.match_score(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) <> amb.match_score(ROW(b.*)::amb.ambassador, ROW(a.*)::amb.ambassador)) AS asymmetric,
       count(*) FILTER (WHERE amb.match_score(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) NOT BETWEEN 0 AND 1) AS out_of_range
  FROM people a, people b;
-- the score is the weights' sum turned into a probability
SELECT abs((e ->> 'score')::float8 - 1 / (1 + 2 ^ (-(e ->> 'total_weight')::float8))) < 1e-3 AS consistent,
       abs((e ->> 'total_weight')::float8 - (e ->> 'prior_weight')::float8
           - (SELECT sum((f ->> 'weight')::float8) FROM jsonb_array_elements(e -> 'fields') f)) < 1e-3 AS sums
  FROM (SELECT amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) AS e FROM people a, people b WHERE a.id = 1 AND b.id = 5) x;
-- a missing field weighs nothing, whichever side lacks it
SELECT count(*) AS fields, count(*) FILTER (WHERE f ->> 'level' = 'missing') AS missing,
       bool_and((f ->> 'weight')::float8 = 0) FILTER (WHERE f ->> 'level' = 'missing') AS weigh_nothing
  FROM people a, people b, jsonb_array_elements(amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) -> 'fields') f
 WHERE a.id <> b.id;
-- parameters are a table users can tune; every session sees a change at once
UPDATE amb.match_param SET m = 0.999, u = 0.5 WHERE field = 'given_name' AND level = 'nickname';
SELECT (amb.match_explain(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) #>> '{fields,0,weight}')::float8 < 1 AS retuned FROM people a, people b WHERE a.id = 1 AND b.id = 2;
UPDATE amb.match_param p SET m = d.m, u = d.u FROM amb._default_match_params() d
 WHERE p.field = d.field AND p.level = d.level;
UPDATE amb.match_param SET m = 0 WHERE field = 'email' AND level = 'exact';
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.match_param VALUES ('email', 'nickname', 0.5, 0.5);
\echo :LAST_ERROR_SQLSTATE
-- a bad row is an error naming the value
UPDATE people SET email = 'not-an-email' WHERE id = 5;
SELECT amb.match_score(ROW(a.*)::amb.ambassador, ROW(b.*)::amb.ambassador) FROM people a, people b WHERE a.id = 1 AND b.id = 5;
\echo :LAST_ERROR_SQLSTATE
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('match_score', 'match_explain', 'find_duplicates',
       'duplicate_clusters', 'resolve_ambassador', 'resolve_legacy', 'merge_ambassadors', 'merge_duplicates',
       'upsert_ambassador', 'train_match_model')
 ORDER BY proname;

------------------------------------------------------------------------
-- training, find_duplicates, duplicate_clusters on a generated set:
-- 200 people (no two with one full name), the first 40 entered a second
-- time from another source
------------------------------------------------------------------------
TRUNCATE amb.source_id, amb.privacy_request, amb.referral_code, amb.ambassador RESTART IDENTITY;
CREATE TEMP TABLE person AS
SELECT k,
       (ARRAY['james','mary','robert','patricia','john','jennifer','michael','linda','william','elizabeth',
              'david','barbara','richard','susan','joseph','jessica','thomas','sarah','charles','karen'])[1 + k % 20] AS given,
       (ARRAY['smith','johnson','williams','brown','jones','garcia','miller','davis','rodriguez','martinez',
              'hernandez','lopez','gonzalez','wilson','anderson','thomas','taylor','moore','jackson','martin'])[1 + (k * 7 + k / 20) % 20] AS family,
       date '1950-01-01' + k * 97 AS birth,
       (ARRAY['Austin','Dallas','Houston','El Paso','Waco'])[1 + (k / 2) % 5] AS city,
       (ARRAY['78701','75201','77002','79901','76701'])[1 + (k / 2) % 5] AS zip,
       (100 + k)::text || ' ' || (ARRAY['Oak','Elm','Pine','Cedar','Maple','Lake','Hill'])[1 + (k * 3) % 7] || ' Street' AS street
  FROM generate_series(1, 200) k;
SELECT amb.upsert_ambassador('crm', 'c' || k, initcap(given) || ' ' || initcap(family),
         email => given || '.' || family || k || '@example.com',
         phone => '(512) 555-' || lpad((k * 7919 % 10000)::text, 4, '0'), city => city, postal_code => zip, region => 'TX',
         birth_date => birth, address_line => street) IS NOT NULL AS loaded
  FROM person GROUP BY 1 HAVING count(*) = 200;
-- the second copies: nickname or typo, "Last, First", no email, another phone format, abbreviated street
INSERT INTO amb.ambassador (display_name, phone, address_line, city, postal_code, region, birth_date)
SELECT upper(family) || ', ' || CASE WHEN k % 2 = 0 THEN coalesce((SELECT min(n.nickname) FROM amb.nickname n WHERE n.name = given), given)
                                     ELSE overlay(given placing 'x' from 3 for 1) END,
       CASE WHEN k % 3 = 0 THEN NULL ELSE '+1 512 555 ' || lpad((k * 7919 % 10000)::text, 4, '0') END,
       replace(street, 'Street', 'St.'), city, zip, 'Texas', CASE WHEN k % 4 = 0 THEN NULL ELSE birth END
  FROM person WHERE k <= 40 ORDER BY k;
INSERT INTO amb.source_id (source, legacy_id, ambassador_id)
SELECT 'sheet', 's' || (id - 200), id FROM amb.ambassador WHERE id > 200;
SELECT count(*) AS ambassadors FROM amb.ambassador;

-- before training: the defaults; training learns from the data without labels
SELECT r ->> 'records' AS records, (r ->> 'random_pairs')::int = 240 * 239 / 2 AS all_pairs_sampled,
       (r ->> 'candidate_pairs')::int < 240 * 239 / 2 / 4 AS blocked, (r -> 'em' ->> 'converged')::boolean AS converged,
       round((r ->> 'expected_duplicate_pairs')::numeric) AS expected_duplicate_pairs,
       (r -> 'fields' -> 'email' -> 'exact' ->> 'm')::float8 > 0.5 AS email_m,
       (r -> 'fields' -> 'family_name' -> 'exact' ->> 'u')::float8 < 0.2 AS family_u,
       (r ->> 'term_frequencies')::int > 0 AS term_frequencies
  FROM amb.train_match_model() r;
SELECT records, trained_at IS NOT NULL AS trained, prior > 0 AND prior < 0.01 AS prior_ok FROM amb.match_model;
SELECT count(*) = 33 AS all_params FROM amb.match_param;
-- frequent values weigh less than rare ones
SELECT field, count(*) > 0 AS kept FROM amb.match_term_freq GROUP BY field ORDER BY field;
-- training twice on the same data gives the same model
CREATE TEMP TABLE params1 AS SELECT * FROM amb.match_param;
SELECT amb.train_match_model() IS NOT NULL AS retrained;
SELECT count(*) AS changed FROM amb.match_param p JOIN params1 q USING (field, level)
 WHERE abs(p.m - q.m) > 1e-12 OR abs(p.u - q.u) > 1e-12;

-- duplicates at the default threshold: exactly the 40 second copies
CREATE TEMP TABLE truth AS SELECT k AS a, 200 + k AS b FROM person WHERE k <= 40;
CREATE TEMP TABLE found AS SELECT * FROM amb.find_duplicates();
SELECT count(*) AS found, count(*) FILTER (WHERE (a, b) IN (SELECT a, b FROM truth)) AS true_pairs,
       bool_and(a < b) AS ordered, bool_and(score >= 0.9 AND score <= 1) AS scores
  FROM found;
-- the same pairs score the same through match_score
SELECT count(*) AS disagree FROM found f, amb.ambassador x, amb.ambassador y
 WHERE x.id = f.a AND y.id = f.b AND abs(amb.match_score(x, y) - f.score) > 1e-9;
-- blocking: candidates (min_score 0) are a small share of all pairs but hold every true pair
SELECT count(*) < 240 * 239 / 2 / 4 AS few, count(*) FILTER (WHERE (a, b) IN (SELECT a, b FROM truth)) AS true_pairs
  FROM amb.find_duplicates(0);
SELECT * FROM amb.find_duplicates(1.5);
\echo :LAST_ERROR_SQLSTATE
-- clusters: connected components, named by their smallest id
SELECT count(*) AS members, count(DISTINCT cluster_id) AS clusters, bool_and(cluster_id <= ambassador_id) AS smallest
  FROM amb.duplicate_clusters();
SELECT * FROM amb.duplicate_clusters() WHERE cluster_id = 2 ORDER BY ambassador_id;

------------------------------------------------------------------------
-- merges keep every id and legacy id resolvable
------------------------------------------------------------------------
-- one person in three sources: 7 <- 207, then 7 -> 300 (a new record) so chains form
SELECT amb.upsert_ambassador('events', 'ev1', 'Dr. Zed Quux', email => 'zed@quux.example', tags => '{Top Tier}') AS zed;
SELECT amb.merge_ambassadors(7, 207) AS survivor;
SELECT id, status, merged_into FROM amb.ambassador WHERE id IN (7, 207) ORDER BY id;
SELECT source, legacy_id, ambassador_id FROM amb.source_id WHERE ambassador_id = 7 ORDER BY 1, 2;
-- the survivor kept its values and gained what it lacked
SELECT email IS NOT NULL AS kept_email, tags FROM amb.ambassador WHERE id = 7;
SELECT amb.merge_ambassadors(241, 7) AS survivor;
SELECT amb.resolve_ambassador(207) AS from_207, amb.resolve_ambassador(7) AS from_7, amb.resolve_ambassador(241) AS live,
       amb.resolve_ambassador(999999) AS unknown;
SELECT source, legacy_id, amb.resolve_legacy(source, legacy_id) AS live
  FROM amb.source_id WHERE legacy_id IN ('c7', 's7', 'ev1') ORDER BY 1, 2;
SELECT amb.resolve_legacy('crm', 'never-seen') AS never_seen;
SELECT tags FROM amb.ambassador WHERE id = 241;
-- what cannot be merged
SELECT amb.merge_ambassadors(7, 8);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.merge_ambassadors(8, 7);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.merge_ambassadors(8, 8);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.merge_ambassadors(8, 999999);
\echo :LAST_ERROR_SQLSTATE
UPDATE amb.ambassador SET status = 'erased' WHERE id = 9;
SELECT amb.merge_ambassadors(9, 10);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.merge_ambassadors(10, 9);
\echo :LAST_ERROR_SQLSTATE
-- merged_into is checked like a foreign key (at commit), and a survivor stays
UPDATE amb.ambassador SET status = 'merged', merged_into = 999999 WHERE id = 10;
\echo :LAST_ERROR_SQLSTATE
DELETE FROM amb.ambassador WHERE id = 241;
\echo :LAST_ERROR_SQLSTATE
-- merge_duplicates merges every cluster into its oldest record
UPDATE amb.ambassador SET created_at = created_at - interval '1 day' WHERE id = 212;
SELECT amb.merge_duplicates() AS merged;
SELECT status, count(*) FROM amb.ambassador GROUP BY status ORDER BY status;
SELECT id, status, merged_into FROM amb.ambassador WHERE id IN (12, 212) ORDER BY id;
SELECT count(*) AS left_over FROM amb.find_duplicates(0.95);
-- every legacy id still resolves to a live ambassador
SELECT count(*) AS legacy_ids, count(*) FILTER (WHERE a.status = 'active') AS live
  FROM amb.source_id s JOIN amb.ambassador a ON a.id = amb.resolve_legacy(s.source, s.legacy_id);

------------------------------------------------------------------------
-- upsert_ambassador: the entry point for applications and imports
------------------------------------------------------------------------
-- a known legacy id updates its (live) ambassador
SELECT amb.upsert_ambassador('crm', 'c20', 'William Thomas', handle => '@will_makes', tags => '{Early Adopter}') AS id;
SELECT display_name, handle_norm, tags FROM amb.ambassador WHERE id = 20;
-- an exact contact links a new legacy id (and fills what is missing)
SELECT display_name, email, handle FROM amb.ambassador WHERE id = 30;
SELECT amb.upsert_ambassador('shop', 'u1', 'D. Lopez', email => 'DAVID.LOPEZ30@Example.com', handle => '@dlopez') AS id;
SELECT display_name, handle_norm FROM amb.ambassador WHERE id = 30;
-- a match at amb.auto_link_score links too: nickname, same birth date and street
SELECT display_name, city, address_line, to_char(birth_date, 'YYYY-MM-DD') AS birth_date FROM amb.ambassador WHERE id = 25;
SELECT amb.upsert_ambassador('events', 'ev2', 'Jenny Taylor', city => 'Houston', postal_code => '77002',
         birth_date => date '1950-01-01' + 25 * 97, address_line => '125 Lake St') AS id;
-- below it, a new ambassador
SET amb.auto_link_score = 1.0;
SELECT amb.upsert_ambassador('events', 'ev3', 'Jenny Taylor', city => 'Houston', postal_code => '77002',
         birth_date => date '1950-01-01' + 25 * 97) > 241 AS created;
RESET amb.auto_link_score;
SELECT source, legacy_id, ambassador_id FROM amb.source_id WHERE source IN ('shop', 'events') ORDER BY 1, 2;
-- bad input is an error, and nothing is written
SELECT amb.upsert_ambassador('events', 'ev4', 'Ann Lee', email => 'ann@');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.upsert_ambassador(NULL, 'x', 'Ann Lee');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.upsert_ambassador('events', 'ev5', 'Ann Lee', tags => '{"!!!"}');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS not_written FROM amb.source_id WHERE legacy_id IN ('ev4', 'x', 'ev5');
-- an erased ambassador is not updated through its legacy id
SELECT amb.upsert_ambassador('crm', 'c9', 'Someone Else');
\echo :LAST_ERROR_SQLSTATE
SET amb.auto_link_score = 1.5;
\echo :LAST_ERROR_SQLSTATE
SET amb.no_such_setting = 1;
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- the data is dumped by pg_dump and restores through the triggers
------------------------------------------------------------------------
-- a survivor updated after its merges is stored after the rows that point
-- at it: the restore must still accept them
UPDATE amb.ambassador SET tags = '{vip}' WHERE id = 241;
SELECT c.relname, d.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS d(oid, cond)
  JOIN pg_class c ON c.oid = d.oid WHERE e.extname = 'amb' ORDER BY 1;
\! pg_dump -Fc -f results/dedup_dump.pgdump contrib_regression
CREATE DATABASE dedup_restore;
\! pg_restore --exit-on-error -d dedup_restore results/dedup_dump.pgdump
\c dedup_restore
SELECT count(*) AS ambassadors, count(*) FILTER (WHERE status = 'merged') AS merged,
       count(*) FILTER (WHERE block_keys <> '{}') AS normalized FROM amb.ambassador;
SELECT count(*) AS legacy_ids FROM amb.source_id;
SELECT records, trained_at IS NOT NULL AS trained FROM amb.match_model;
SELECT count(*) AS term_frequencies FROM amb.match_term_freq;
SELECT amb.resolve_legacy('crm', 'c7') AS c7, amb.resolve_legacy('sheet', 's7') AS s7;
SELECT nextval('amb.ambassador_id_seq') > 241 AS sequence_restored;
\c contrib_regression
DROP DATABASE dedup_restore;
