-- amb demo: tag normalization on a messy sample (demo/tags_messy.csv)
--
-- Run with ./amb demo: a throwaway cluster, the extension, this script.
\pset footer off
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION amb;
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
