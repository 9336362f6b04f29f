--
-- dedup: contact normalizers, similarity primitives, record matching
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb;
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
