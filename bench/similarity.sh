#!/usr/bin/env bash
# bench/similarity.sh — throughput of amb.jaro_winkler and amb.damerau_levenshtein.
#
# What it measures
#   Single-core time to compare 1,000,000 realistic name pairs, each query
#   one sequential scan with the same aggregate:
#       SELECT sum(f(a, b)) FROM pairs
#   reported as median ms and pairs/s.  The pairs are generated in SQL with a
#   fixed setseed, so every run sees the same data: given names and surnames
#   ('Katherine', 'Wojciechowski', 'Anne-Marie', "O'Connor", 'Van der Berg'),
#   3 to 20 characters, each paired with a variant of itself: the same name,
#   a keyboard-neighbour substitution, an adjacent transposition ('Jhon'), two
#   letters swapped across a third, a dropped or doubled letter, two edits,
#   a nickname ('Robert'/'Bob', 'Francisco'/'Paco'), upper case, or an
#   unrelated name.  About 5% of the pairs hold accented Latin ('José',
#   'Müller', 'Łukasz'), half of those against the unaccented spelling.  The
#   script checks lengths and mix before timing.
#
# Baselines, all on the same rows in the same run
#   jarowinkler(a, b) from pg_similarity (Debian postgresql-15-similarity):
#     the same Jaro-Winkler variant, but it lower-cases ASCII letters first
#     and works on bytes, so an accented letter counts as two characters.
#     The script checks that on ASCII pairs it equals
#     amb.jaro_winkler(lower(a), lower(b)) within 1e-9, except where the
#     Jaro similarity is exactly 0.7, Winkler's boost threshold: the two
#     evaluate the Jaro formula in a different order, round to different
#     sides of 0.7, and only one of them boosts; those pairs are counted.
#   levenshtein(a, b) from fuzzystrmatch (contrib): plain Levenshtein on
#     characters, a second point of reference for the edit distance.
#   sum(octet_length(a) + octet_length(b)): the identical scan with a
#     trivial function, so the cost per call net of the scan can be read
#     off ("ns/pair net").  octet_length only reads the varlena header;
#     length() would walk every character of UTF-8 text, and inflate the
#     baseline by about as much as a whole amb.jaro_winkler call costs.
#   All queries run in one session on one core (max_parallel_workers_per_gather
#   = 0, jit = off) in a dedicated UTF8 database with LOCALE 'C.UTF-8'.  They
#   get one warm-up round and 11 timed rounds, interleaved (clock_timestamp()
#   around EXECUTE in a plpgsql function); medians are compared.
#
# Targets
#   amb.jaro_winkler at least 2x the pairs/s of pg_similarity's jarowinkler
#   (whole query, scan included); amb.damerau_levenshtein at least 1,000,000
#   pairs/s (whole query).  A miss is reported, not failed (exit 0); SQL
#   errors exit non-zero.
#
# Reproduce
#   ./amb bench similarity
#   (or, with amb installed/staged, pg_similarity installed, and PG*
#   variables pointing at a scratch cluster: bash bench/similarity.sh)
set -euo pipefail

DB=amb_bench_similarity
ROWS=1000000
WARMUP=1
RUNS=11
JW_TARGET=2.0
DL_TARGET=1000000

export PGCLIENTENCODING=UTF8

psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $DB;
CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
SQL
trap 'psql -X -q -d "${PGDATABASE:-postgres}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT

psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v lib="$(dirname "${BASH_SOURCE[0]}")/lib.sql" \
	-v rows="$ROWS" -v warmup="$WARMUP" -v runs="$RUNS" \
	-v jw_target="$JW_TARGET" -v dl_target="$DL_TARGET" <<'SQL'
\set QUIET on
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE EXTENSION amb CASCADE;
CREATE EXTENSION pg_similarity;
CREATE EXTENSION fuzzystrmatch;

-- ---------------------------------------------------------------------------
-- data: :rows name pairs, reproducible (fixed seed, one backend, no workers)
-- ---------------------------------------------------------------------------

-- a typo for the character c: a QWERTY neighbour of a lower-case ASCII
-- letter, else a common letter; r in [0, 1) picks which
CREATE FUNCTION pg_temp.typo(c text, r float8) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT substr(n, 1 + floor(r * length(n))::int, 1)
	FROM (SELECT coalesce(CASE WHEN c ~ '^[a-z]$' THEN (ARRAY[
		'qwsz', 'vghn', 'xdfv', 'serfcx', 'wsdr', 'drtgvc', 'ftyhbv', 'gyujnb',
		'ujko', 'huikmn', 'jiolm', 'kop', 'njk', 'bhjm', 'iklp', 'ol', 'wa',
		'edft', 'awedxz', 'rfgy', 'yhji', 'cfgb', 'qase', 'zsdc', 'tghu',
		'asx'])[ascii(c) - 96] END, 'etaoinshrl') AS n) AS k
$$;

-- a variant of the name s of the given kind; r1, r2 in [0, 1) pick
-- positions and letters; edits spare the first letter, as most typos do
CREATE FUNCTION pg_temp.variant(s text, kind text, r1 float8, r2 float8)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN kind = 'same' THEN s
		WHEN kind = 'upper' THEN upper(s)
		WHEN kind = 'transpose' OR (kind = 'swap' AND n < 4) THEN
			overlay(s PLACING substr(s, p2 + 1, 1) || substr(s, p2, 1) FROM p2 FOR 2)
		WHEN kind = 'swap' THEN
			overlay(s PLACING substr(s, p3 + 2, 1) || substr(s, p3 + 1, 1) || substr(s, p3, 1)
					FROM p3 FOR 3)
		WHEN kind = 'delete' AND n > 3 THEN overlay(s PLACING '' FROM p1 FOR 1)
		WHEN kind = 'insert' AND n < 20 AND r2 < 0.5 THEN
			overlay(s PLACING substr(s, p1, 1) FROM p1 FOR 0)
		WHEN kind = 'insert' AND n < 20 THEN
			overlay(s PLACING pg_temp.typo(lower(substr(s, p1, 1)), 2 * r2 - 1) FROM p1 FOR 0)
		WHEN kind = 'two' THEN
			overlay(overlay(s PLACING substr(s, p2 + 1, 1) || substr(s, p2, 1) FROM p2 FOR 2)
					PLACING pg_temp.typo(lower(substr(s, q, 1)), r2) FROM q FOR 1)
		ELSE		/* 'substitute', and the edits a length forbids */
			overlay(s PLACING pg_temp.typo(lower(substr(s, p1, 1)), r2) FROM p1 FOR 1)
	END
	FROM (SELECT length(s) AS n,
				 2 + floor(r1 * (length(s) - 1))::int AS p1,	/* 2 .. n */
				 2 + floor(r1 * (length(s) - 2))::int AS p2,	/* 2 .. n-1 */
				 2 + floor(r1 * (length(s) - 3))::int AS p3,	/* 2 .. n-2 */
				 length(s) - floor(r2 * (length(s) - 1))::int AS q) AS v
$$;

SELECT setseed(0.2718) \gset

CREATE UNLOGGED TABLE pairs AS
WITH lists AS (
	SELECT
	ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael',
		'Linda','William','Elizabeth','David','Barbara','Richard','Susan',
		'Joseph','Jessica','Thomas','Sarah','Charles','Karen','Christopher',
		'Nancy','Daniel','Lisa','Matthew','Margaret','Anthony','Betty',
		'Donald','Sandra','Mark','Ashley','Paul','Dorothy','Steven','Kimberly',
		'Andrew','Emily','Kenneth','Donna','Joshua','Michelle','Kevin','Carol',
		'Brian','Amanda','George','Melissa','Edward','Deborah','Ronald',
		'Stephanie','Timothy','Rebecca','Jason','Laura','Jeffrey','Sharon',
		'Ryan','Cynthia','Jacob','Kathleen','Gary','Amy','Nicholas','Shirley',
		'Eric','Angela','Jonathan','Helen','Stephen','Anna','Larry','Brenda',
		'Justin','Pamela','Scott','Nicole','Brandon','Samantha','Benjamin',
		'Katherine','Samuel','Emma','Gregory','Ruth','Alexander','Christine',
		'Patrick','Catherine','Frank','Rachel','Raymond','Carolyn','Dennis',
		'Janet','Tyler','Maria','Aaron','Heather','Adam','Julie','Nathan',
		'Victoria','Douglas','Olivia','Zachary','Kelly','Peter','Christina',
		'Kyle','Lauren','Walter','Joan','Ethan','Evelyn','Jeremy','Judith',
		'Harold','Megan','Keith','Cheryl','Christian','Andrea','Noah','Hannah',
		'Ian','Eva','Kim','Tom','Sam','Max','Leo','Zoe','Mia','Ada','Eli',
		'Mohammed','Fatima','Wei','Yuki','Hiroshi','Priya','Rajesh','Olga',
		'Ivan','Dmitri','Sven','Ingrid','Lars','Giovanni','Francesca',
		'Pierre','Camille','Hans','Greta','Pablo','Lucia','Mateo','Sofia',
		'Aisha','Omar','Kwame','Ngozi','Siobhan','Niamh','Seamus','Anne-Marie',
		'Jean-Luc','Mary Ann','Maximilian','Guadalupe','Bartholomew']
		AS given,
	ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller',
		'Davis','Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson',
		'Anderson','Thomas','Taylor','Moore','Jackson','Martin','Lee','Perez',
		'Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis',
		'Robinson','Walker','Young','Allen','King','Wright','Scott','Torres',
		'Nguyen','Hill','Flores','Green','Adams','Nelson','Baker','Hall',
		'Rivera','Campbell','Mitchell','Carter','Roberts','Gomez','Phillips',
		'Evans','Turner','Diaz','Parker','Cruz','Edwards','Collins','Reyes',
		'Stewart','Morris','Morales','Murphy','Cook','Rogers','Gutierrez',
		'Ortiz','Morgan','Cooper','Peterson','Bailey','Reed','Kelly','Howard',
		'Ramos','Kim','Cox','Ward','Richardson','Watson','Brooks','Chavez',
		'Wood','Bennett','Gray','Mendoza','Ruiz','Hughes','Price','Alvarez',
		'Castillo','Sanders','Patel','Myers','Long','Ross','Foster','Jimenez',
		'Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker',
		'Hoffmann','Schulz','Kowalski','Nowak','Wisniewski','Novak','Horvat',
		'Kovacs','Nagy','Rossi','Russo','Ferrari','Esposito','Bianchi',
		'Romano','Colombo','Dubois','Laurent','Bernard','Moreau','Lefebvre',
		'Jansen','de Vries','Bakker','Visser','Andersson','Johansson',
		'Karlsson','Nilsson','Hansen','Larsen','Jensen','Nielsen','Ivanov',
		'Smirnov','Popov','Petrov','Yamamoto','Tanaka','Suzuki','Watanabe',
		'Takahashi','Wang','Zhang','Chen','Liu','Singh','Kumar','Sharma',
		'Gupta','O''Connor','O''Brien','McDonald','MacLeod','Fitzgerald',
		'Fitzpatrick','Van der Berg','De la Cruz','Montgomery','Christensen',
		'Vandenberghe','Wojciechowski','Papadopoulos','Abernathy',
		'Oppenheimer','Kowalczyk','Zielinski','Lewandowski','Szymanski',
		'Dabrowski','Rasmussen-Holt','Featherstonehaugh','Wojciechowski-Nowak']
		AS surname,
	ARRAY['José','María','Zoë','Renée','Chloé','François','Jürgen','Søren',
		'Björn','Łukasz','Müller','Núñez','García','Peña','Gómez',
		'Hernández','Rodríguez','Pérez','Martínez','Sánchez','Dvořák',
		'Šimić','Jörg','Élodie','Hélène','Agnès','Inês','João','Conceição',
		'Ångström','Øvergård','Wójcik','Ramón','Andrés','Raúl','Jesús','Léa',
		'Noël','Göran','Åsa','Zoltán','Bárbara','Schäfer','Günther','Weiß',
		'Brontë','Lemaître','Kołodziej']
		AS accented,
	ARRAY['Jose','Maria','Zoe','Renee','Chloe','Francois','Juergen','Soren',
		'Bjorn','Lukasz','Mueller','Nunez','Garcia','Pena','Gomez',
		'Hernandez','Rodriguez','Perez','Martinez','Sanchez','Dvorak',
		'Simic','Joerg','Elodie','Helene','Agnes','Ines','Joao','Conceicao',
		'Angstrom','Overgaard','Wojcik','Ramon','Andres','Raul','Jesus','Lea',
		'Noel','Goran','Asa','Zoltan','Barbara','Schaefer','Gunther','Weiss',
		'Bronte','Lemaitre','Kolodziej']
		AS unaccented,
	ARRAY['Robert','Robert','William','William','Elizabeth','Elizabeth',
		'Elizabeth','Margaret','Margaret','Katherine','Katherine','Richard',
		'Richard','Edward','Edward','Thomas','James','James','Charles',
		'Charles','Henry','Henry','John','Jennifer','Rebecca','Susan',
		'Patricia','Patricia','Anthony','Andrew','Alexander','Alexander',
		'Christopher','Michael','Matthew','David','Stephen','Daniel',
		'Benjamin','Samuel','Nicholas','Frederick','Gregory','Jeffrey',
		'Timothy','Kenneth','Lawrence','Gerald','Albert','Josephine',
		'Theodore','Francisco','Ignacio','José','Dorothy','Barbara',
		'Virginia','Deborah','Christine','Abigail','Alejandro','Guillermo']
		AS formal,
	ARRAY['Bob','Bobby','Bill','Will','Liz','Betty','Beth','Peggy','Maggie',
		'Kate','Kathy','Dick','Rick','Ted','Ned','Tom','Jim','Jimmy','Chuck',
		'Charlie','Hank','Harry','Jack','Jenny','Becky','Sue','Patsy','Trish',
		'Tony','Andy','Alex','Sasha','Chris','Mike','Matt','Dave','Steve',
		'Dan','Ben','Sam','Nick','Fred','Greg','Jeff','Tim','Ken','Larry',
		'Gerry','Bert','Josie','Teddy','Paco','Nacho','Pepe','Dot','Barb',
		'Ginny','Debbie','Chrissy','Abby','Alejo','Memo']
		AS nick
), r AS (
	SELECT g, random() AS r_list, random() AS r_name, random() AS r_kind,
		random() AS r_other, random() AS r1, random() AS r2
	FROM generate_series(1, :rows) AS g
), k AS (
	SELECT r.*, l.*,
		CASE WHEN r_kind < 0.10 THEN 'same'
			 WHEN r_kind < 0.28 THEN 'substitute'
			 WHEN r_kind < 0.43 THEN 'transpose'
			 WHEN r_kind < 0.48 THEN 'swap'
			 WHEN r_kind < 0.58 THEN 'delete'
			 WHEN r_kind < 0.68 THEN 'insert'
			 WHEN r_kind < 0.75 THEN 'two'
			 WHEN r_kind < 0.82 THEN 'nickname'
			 WHEN r_kind < 0.85 THEN 'upper'
			 ELSE 'unrelated' END AS kind
	FROM r CROSS JOIN lists AS l
), named AS (
	SELECT g, r1, r2, r_other, l_other,
		CASE WHEN list = 'accented' AND r2 < 0.5 THEN 'unaccented' ELSE kind END AS kind,
		CASE WHEN kind = 'nickname' THEN formal[ix]
			 WHEN list = 'accented' THEN accented[ix]
			 WHEN list = 'given' THEN given[ix]
			 ELSE surname[ix] END AS a,
		CASE WHEN kind = 'nickname' THEN nick[ix]
			 WHEN list = 'accented' AND r2 < 0.5 THEN unaccented[ix]
			 WHEN kind = 'unrelated' THEN l_other[1 + floor(r_other * cardinality(l_other))::int]
			 END AS b_fixed
	FROM (
		SELECT k.*,
			CASE WHEN kind = 'nickname' THEN 'formal'
				 WHEN r_list < 0.05 THEN 'accented'
				 WHEN r_list < 0.55 THEN 'given'
				 ELSE 'surname' END AS list,
			CASE WHEN r_list < 0.55 THEN given ELSE surname END AS l_other,
			1 + floor(r_name * CASE WHEN kind = 'nickname' THEN cardinality(formal)
									WHEN r_list < 0.05 THEN cardinality(accented)
									WHEN r_list < 0.55 THEN cardinality(given)
									ELSE cardinality(surname) END)::int AS ix
		FROM k) AS c
)
SELECT a, coalesce(b_fixed, pg_temp.variant(a, kind, r1, r2)) AS b, kind
FROM named
ORDER BY g;

VACUUM (FREEZE, ANALYZE) pairs;

-- the data must be as described: lengths, mix, no NULL
SELECT count(*) AS n_rows,
	count(*) FILTER (WHERE a IS NULL OR b IS NULL) AS n_null,
	least(min(length(a)), min(length(b))) AS min_chars,
	greatest(max(length(a)), max(length(b))) AS max_chars,
	round(avg(length(a) + length(b)) / 2, 1) AS avg_chars,
	round(avg(octet_length(a) + octet_length(b)) / 2, 1) AS avg_bytes,
	round(100.0 * count(*) FILTER (WHERE octet_length(a || b) <> length(a || b)) / count(*), 1) AS pct_non_ascii,
	round(100.0 * count(*) FILTER (WHERE a = b) / count(*), 1) AS pct_equal,
	count(DISTINCT a) AS distinct_a,
	count(DISTINCT b) AS distinct_b,
	pg_size_pretty(pg_table_size('pairs')) AS table_size
FROM pairs \gset
SELECT :n_null = 0 AND :n_rows = :rows AND :min_chars >= 3 AND :max_chars <= 20
	AND :pct_non_ascii BETWEEN 2 AND 10 AS data_ok \gset
\if :data_ok
\else
	\echo 'similarity: generated data is not as intended'
	\echo n_rows=:n_rows n_null=:n_null min_chars=:min_chars max_chars=:max_chars pct_non_ascii=:pct_non_ascii
	SELECT 1/0;
\endif

-- the baselines compute what they claim to: pg_similarity is amb on
-- ASCII-lower-cased input (up to rounding, and apart from Jaro = 0.7), and
-- the true Damerau-Levenshtein distance never exceeds Levenshtein's
SELECT count(*) FILTER (WHERE ascii AND abs(pgs - amb_lower) > 1e-9
		AND NOT at_07) AS jw_disagree,
	count(*) FILTER (WHERE ascii AND abs(pgs - amb_lower) > 1e-9
		AND at_07) AS jw_at_threshold,
	count(*) FILTER (WHERE dl > lev) AS dl_above_lev,
	round(100.0 * count(*) FILTER (WHERE dl < lev) / count(*), 1) AS pct_dl_below_lev,
	round(100.0 * count(*) FILTER (WHERE abs(pgs - amb) > 1e-9) / count(*), 1) AS pct_jw_differ
FROM (SELECT *, abs(pgs - 0.7) <= 1e-9 OR abs(amb_lower - 0.7) <= 1e-9 AS at_07
	  FROM (SELECT octet_length(a || b) = length(a || b) AS ascii,
			jarowinkler(a, b) AS pgs, amb.jaro_winkler(a, b) AS amb,
			amb.jaro_winkler(lower(a), lower(b)) AS amb_lower,
			amb.damerau_levenshtein(a, b) AS dl, levenshtein(a, b) AS lev
		  FROM pairs) AS f) AS v \gset
SELECT :jw_disagree = 0 AND :dl_above_lev = 0 AS baselines_ok \gset
\if :baselines_ok
\else
	\echo 'similarity: a baseline does not compute what it should'
	\echo jw_disagree=:jw_disagree dl_above_lev=:dl_above_lev
	SELECT 1/0;
\endif

\echo
\echo 'data: ':n_rows' pairs, ':table_size', ':min_chars'-':max_chars' characters (avg ':avg_chars' chars, ':avg_bytes' bytes), ':distinct_a' distinct a, ':distinct_b' distinct b'
\echo '      non-ASCII ':pct_non_ascii'% of pairs, identical ':pct_equal'%; Damerau below Levenshtein ':pct_dl_below_lev'%'
\echo '      jarowinkler differs from amb.jaro_winkler on ':pct_jw_differ'% of pairs (it lower-cases ASCII and counts bytes);'
\echo '      on ASCII pairs it equals amb.jaro_winkler(lower(a), lower(b)) but for ':jw_at_threshold' pairs with Jaro exactly 0.7'
\pset footer off
SELECT kind, count(*) AS pairs, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM pairs GROUP BY kind ORDER BY count(*) DESC;
SELECT kind, format('%-20s', a) AS a, format('%-20s', b) AS b,
	round(amb.jaro_winkler(a, b)::numeric, 4) AS amb_jw,
	round(jarowinkler(a, b)::numeric, 4) AS pgs_jw,
	amb.damerau_levenshtein(a, b) AS amb_dl, levenshtein(a, b) AS lev
FROM pairs WHERE ctid = ANY (ARRAY(SELECT format('(%s,%s)', p, 1)::tid FROM generate_series(0, 6000, 500) AS p));

-- ---------------------------------------------------------------------------
-- timing
-- ---------------------------------------------------------------------------
-- rounds interleave the queries, so drift on a shared machine hits all alike
\i :lib

CREATE TEMP TABLE runs AS
SELECT * FROM pg_temp.bench(
	ARRAY['scan', 'pgs_jw', 'amb_jw', 'lev', 'amb_dl'],
	ARRAY['SELECT sum(octet_length(a) + octet_length(b)) FROM pairs',
		  'SELECT sum(jarowinkler(a, b)) FROM pairs',
		  'SELECT sum(amb.jaro_winkler(a, b)) FROM pairs',
		  'SELECT sum(levenshtein(a, b)) FROM pairs',
		  'SELECT sum(amb.damerau_levenshtein(a, b)) FROM pairs'],
	:warmup, :runs);

\echo
\echo 'per-run ms (after ':warmup' warm-up round), and each query''s sum(f(a, b)):'
SELECT run,
	max(ms) FILTER (WHERE query = 'scan') AS scan,
	max(ms) FILTER (WHERE query = 'pgs_jw') AS jarowinkler,
	max(ms) FILTER (WHERE query = 'amb_jw') AS amb_jw,
	max(ms) FILTER (WHERE query = 'lev') AS levenshtein,
	max(ms) FILTER (WHERE query = 'amb_dl') AS amb_dl
FROM runs GROUP BY run ORDER BY run;
SELECT
	max(result) FILTER (WHERE query = 'scan') AS scan,
	round(max(result) FILTER (WHERE query = 'pgs_jw'), 1) AS jarowinkler,
	round(max(result) FILTER (WHERE query = 'amb_jw'), 1) AS amb_jw,
	max(result) FILTER (WHERE query = 'lev') AS levenshtein,
	max(result) FILTER (WHERE query = 'amb_dl') AS amb_dl,
	count(DISTINCT (query, result)) = 5 AS same_every_run
FROM runs;

CREATE TEMP TABLE med AS
SELECT query, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms
FROM runs GROUP BY query;
SELECT
	max(ms) FILTER (WHERE query = 'scan') AS scan_ms,
	max(ms) FILTER (WHERE query = 'pgs_jw') AS pgs_ms,
	max(ms) FILTER (WHERE query = 'amb_jw') AS jw_ms,
	max(ms) FILTER (WHERE query = 'lev') AS lev_ms,
	max(ms) FILTER (WHERE query = 'amb_dl') AS dl_ms
FROM med \gset

-- median ms, pairs/s of the whole query, ns per pair net of the scan
CREATE FUNCTION pg_temp.line(label text, ms float8, scan_ms float8, n bigint)
RETURNS text LANGUAGE sql AS $$
	SELECT format('%-40s %9s %12s %9s', label,
		to_char(ms, 'FM999990.0'), to_char(1000 * n / ms, 'FM999,999,990'),
		CASE WHEN ms = scan_ms THEN '-' ELSE to_char(1e6 * (ms - scan_ms) / n, 'FM99990') END)
$$;

SELECT format('%-40s %9s %12s %9s', '', 'median ms', 'pairs/s', 'ns/pair') AS l_head,
	format('%-40s %9s %12s %9s', '', '', '', 'net') AS l_head2,
	pg_temp.line('scan: octet_length(a) + octet_length(b)', :scan_ms, :scan_ms, :n_rows) AS l_scan,
	pg_temp.line('pg_similarity jarowinkler(a, b)', :pgs_ms, :scan_ms, :n_rows) AS l_pgs,
	pg_temp.line('amb.jaro_winkler(a, b)', :jw_ms, :scan_ms, :n_rows) AS l_jw,
	pg_temp.line('fuzzystrmatch levenshtein(a, b)', :lev_ms, :scan_ms, :n_rows) AS l_lev,
	pg_temp.line('amb.damerau_levenshtein(a, b)', :dl_ms, :scan_ms, :n_rows) AS l_dl,
	to_char(:pgs_ms / :jw_ms, 'FM990.00') AS jw_ratio,
	to_char((:pgs_ms - :scan_ms) / (:jw_ms - :scan_ms), 'FM990.00') AS jw_ratio_net,
	to_char(:lev_ms / :dl_ms, 'FM990.00') AS dl_lev_ratio,
	to_char((:lev_ms - :scan_ms) / (:dl_ms - :scan_ms), 'FM990.00') AS dl_lev_ratio_net,
	to_char(1000 * :n_rows / :dl_ms, 'FM999,999,990') AS dl_rate,
	to_char(1000 * :n_rows / :dl_ms / :dl_target, 'FM990.00') AS dl_ratio,
	to_char(:dl_target, 'FM999,999,990') AS dl_target_s,
	to_char(:n_rows, 'FM999,999,990') AS n_rows_s,
	CASE WHEN :pgs_ms / :jw_ms >= :jw_target THEN 'PASS' ELSE 'BELOW TARGET' END AS jw_verdict,
	CASE WHEN 1000 * :n_rows / :dl_ms >= :dl_target THEN 'PASS' ELSE 'BELOW TARGET' END AS dl_verdict,
	current_setting('server_version') AS server_version,
	(SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype \gset

\echo
\echo '== similarity result (':n_rows_s' name pairs, median of ':runs' interleaved runs)'
\echo :l_head
\echo :l_head2
\echo :l_scan
\echo :l_pgs
\echo :l_jw
\echo :l_lev
\echo :l_dl
\echo 'amb.jaro_winkler vs jarowinkler:  ':jw_ratio'x the pairs/s (':jw_ratio_net'x net of the scan); target >= ':jw_target'x: ':jw_verdict
\echo '  jarowinkler (pg_similarity) lower-cases ASCII and counts bytes, not characters;'
\echo '  amb.jaro_winkler is case-sensitive on Unicode code points'
\echo 'amb.damerau_levenshtein:          ':dl_rate' pairs/s, ':dl_ratio'x the target of ':dl_target_s': ':dl_verdict
\echo '  vs levenshtein (fuzzystrmatch): ':dl_lev_ratio'x the pairs/s (':dl_lev_ratio_net'x net of the scan);'
\echo '  Damerau-Levenshtein also counts a transposition as one edit'
\echo 'setup:     PostgreSQL ':server_version', UTF8 / ':ctype', 1 core (no parallel workers), jit off'
\echo 'reproduce: ./amb bench similarity'
SQL
