--
-- tag: tag normalization, the amb.tag type, synonyms and the trigger
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amb CASCADE;
RESET client_min_messages;

-- amb.tag's operators live in schema amb: without it on the search_path a
-- comparison is an error, never a silent text comparison
SELECT 'Tag A'::amb.tag = 'tag a';
\echo :LAST_ERROR_SQLSTATE
SELECT 'Tag A'::amb.tag OPERATOR(amb.=) 'tag a' AS qualified;
SET search_path = public, amb;
SELECT 'Tag A'::amb.tag = 'tag a' AS on_path;

------------------------------------------------------------------------
-- normalize_tag: the issue's examples
------------------------------------------------------------------------
SELECT input, amb.normalize_tag(input) AS tag
  FROM (VALUES ('  Artisan_Ambassador!! '), ('#Brand Ally'), ('Home Décor'),
               ('TOP--tier'), ('Tier 2'), ('Arts & Crafts'), ('ÜBER Maker')) v(input);

-- every separator kind collapses to one "-"; none at either end
SELECT amb.normalize_tag('a_b-c.d/e#f,g;h:i(j)k[l]m{n}o"p''q') AS punctuation,
       amb.normalize_tag(E'  tab\tnew\nline  ') AS whitespace,
       amb.normalize_tag('---edge---') AS edges,
       amb.normalize_tag('fun 🎉 times ★') AS emoji_and_symbols;

-- "&" is the word "and", also in its full-width form
SELECT amb.normalize_tag('R&D') AS r_and_d, amb.normalize_tag('&') AS lone,
       amb.normalize_tag('Salt＆Pepper') AS fullwidth;

-- Latin letters with diacritics fold to their base letters
SELECT amb.normalize_tag('é ü ñ ß ø æ œ ł') AS folded,
       amb.normalize_tag('Ø Æ Œ Ł ẞ') AS upper_folded,
       amb.normalize_tag('İstanbul Phở Đà Nẵng') AS more;

-- NFKC: compatibility forms become their plain letters
SELECT amb.normalize_tag('ＡＢＣ ｄｅｆ') AS fullwidth, amb.normalize_tag('ﬁne') AS ligature,
       amb.normalize_tag('x²') AS superscript, amb.normalize_tag('arti' || chr(173) || 'san') AS soft_hyphen;

-- letters of other scripts are kept, lower-cased where they have case
SELECT amb.normalize_tag('Ελλάδα') AS greek, amb.normalize_tag('МОСКВА') AS cyrillic,
       amb.normalize_tag('한국 공예') AS hangul, amb.normalize_tag('手作り') AS japanese,
       amb.normalize_tag('हिन्दी') AS devanagari;

-- length: 64 bytes are allowed, trailing separators do not count
SELECT length(amb.normalize_tag(repeat('a', 64))) AS max_len,
       length(amb.normalize_tag(repeat('a', 64) || '!!!')) AS with_trailing,
       octet_length(amb.normalize_tag(repeat('é', 64))) AS folded_to_ascii;

-- errors: 22023 for an empty result, with a hint
SELECT amb.normalize_tag('!!!');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_tag('');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_tag('   ');
\echo :LAST_ERROR_SQLSTATE
-- errors: 22023 for a result over 64 bytes, the input cut to 40 characters
SELECT amb.normalize_tag(repeat('a', 65));
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_tag(repeat('ü', 30) || ' ' || repeat('x', 40));
\echo :LAST_ERROR_SQLSTATE
-- 64 bytes of Hangul syllables (3 bytes each) do not fit
SELECT amb.normalize_tag(repeat('한', 22));
\echo :LAST_ERROR_SQLSTATE

-- labels: immutable, strict, parallel safe
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('normalize_tag', 'tag_key')
 ORDER BY proname;
SELECT amb.normalize_tag(NULL) IS NULL AS strict;

------------------------------------------------------------------------
-- tag_key: the tag without separators
------------------------------------------------------------------------
SELECT amb.tag_key('artisan-ambassador') AS a, amb.tag_key('#ArtisanAmbassador') AS b,
       amb.tag_key('Artisan Ambassador') = amb.tag_key('artisan_ambassador') AS same;
SELECT amb.tag_key('!!!');
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- the amb.tag type
------------------------------------------------------------------------
SELECT 'Artisan Ambassador'::amb.tag = 'artisan_ambassador'::amb.tag AS equal,
       'Artisan Ambassador'::amb.tag AS shown;
SELECT ''::amb.tag;
\echo :LAST_ERROR_SQLSTATE

-- operators order bytewise (code point order), whatever the collation
SELECT 'a'::amb.tag < 'b'::amb.tag AS lt, 'b'::amb.tag <= 'b'::amb.tag AS le,
       'b'::amb.tag > 'a'::amb.tag AS gt, 'b'::amb.tag >= 'c'::amb.tag AS ge,
       'a'::amb.tag <> 'A'::amb.tag AS ne, 'z'::amb.tag < 'é'::amb.tag AS folded_e,
       'z'::amb.tag < 'ω'::amb.tag AS code_point_order;

-- casts: assignment from text, implicit to text
CREATE TABLE tag_cast_test (t amb.tag);
INSERT INTO tag_cast_test VALUES ('Plain Text'::text), ('Varchar Text'::varchar);
SELECT t, t || '!' AS concatenated, length(t::text) AS len, upper(t::text) AS up FROM tag_cast_test ORDER BY t;
-- a tag column takes text, and text columns take tags, by assignment
CREATE TABLE tag_cast_back (s text, v varchar(20));
INSERT INTO tag_cast_back SELECT t, t FROM tag_cast_test;
SELECT * FROM tag_cast_back ORDER BY s;
SELECT amb.tag('Cast Function') AS via_function, CAST('Cast Syntax' AS amb.tag) AS via_cast;
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod FROM pg_cast
 WHERE castsource = 'amb.tag'::regtype OR casttarget = 'amb.tag'::regtype ORDER BY 1, 2;

-- arrays: element input normalizes; text[] converts by assignment
SELECT '{Artisan Ambassador, "Brand Ally", Tier 2}'::amb.tag[] AS arr;
SELECT ARRAY['Home Décor', 'TOP--tier']::text[]::amb.tag[] AS from_text_array;

-- btree and hash operator classes are valid
SELECT opc.opcname, am.amname, amvalidate(opc.oid) FROM pg_opclass opc
  JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcnamespace = 'amb'::regnamespace ORDER BY 1;

-- a table keyed by tag: primary key, GROUP BY, DISTINCT
CREATE TABLE tag_catalog (tag amb.tag PRIMARY KEY, note text);
INSERT INTO tag_catalog VALUES ('Artisan Ambassador', 'first');
INSERT INTO tag_catalog VALUES ('artisan_ambassador', 'same tag, other spelling');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO tag_catalog SELECT 'tag ' || g, 'generated' FROM generate_series(1, 2000) g;
ANALYZE tag_catalog;
SELECT t::amb.tag AS tag, count(*) FROM unnest(ARRAY['Eco Friendly', 'eco-friendly', 'ECO_FRIENDLY', 'Vintage']) t
 GROUP BY 1 ORDER BY 1;
SELECT DISTINCT t::amb.tag AS tag FROM unnest(ARRAY['Tier 2', 'tier-2', 'TIER__2']) t;

-- the btree index answers equality and ranges
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM tag_catalog WHERE tag = 'Tag 42';
SELECT tag, note FROM tag_catalog WHERE tag = 'Tag 42';
EXPLAIN (COSTS OFF) SELECT tag FROM tag_catalog WHERE tag BETWEEN 'tag-10' AND 'tag-11' ORDER BY tag;
SELECT tag FROM tag_catalog WHERE tag BETWEEN 'tag-10' AND 'tag-1002' ORDER BY tag;
RESET enable_bitmapscan;

-- a hash index, and a hash join
CREATE INDEX tag_catalog_hash ON tag_catalog USING hash (tag);
EXPLAIN (COSTS OFF) SELECT * FROM tag_catalog WHERE tag = 'tag 7';
RESET enable_seqscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF)
SELECT count(*) FROM tag_catalog a JOIN (SELECT t::amb.tag AS tag FROM unnest(ARRAY['tag 1', 'TAG 2']) t) b USING (tag);
SELECT count(*) FROM tag_catalog a JOIN (SELECT t::amb.tag AS tag FROM unnest(ARRAY['tag 1', 'TAG 2']) t) b USING (tag);
RESET enable_mergejoin;
RESET enable_nestloop;

-- amb.tag[] with a GIN index answers @>, && and <@
CREATE TABLE tagged (id int PRIMARY KEY, tags amb.tag[] NOT NULL);
INSERT INTO tagged SELECT g, ARRAY['tier ' || (g % 5), 'group ' || (g % 50)]::amb.tag[]
  FROM generate_series(1, 5000) g;
CREATE INDEX tagged_tags ON tagged USING gin (tags);
ANALYZE tagged;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tagged WHERE tags @> '{Tier 3}';
SELECT count(*) FROM tagged WHERE tags @> '{Tier 3}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM tagged WHERE tags && '{GROUP_7, group-8}';
SELECT count(*) FROM tagged WHERE tags && '{GROUP_7, group-8}';
EXPLAIN (COSTS OFF) SELECT count(*) FROM tagged WHERE tags <@ '{tier-1, group-1, group-11}';
SELECT count(*) FROM tagged WHERE tags <@ '{tier-1, group-1, group-11}';
RESET enable_seqscan;

-- binary send/receive round-trip, and receive normalizes untrusted input
CREATE TABLE tag_bin_src (t text);
INSERT INTO tag_bin_src VALUES ('Artisan Ambassador'), ('Home Décor');
\copy tag_bin_src TO 'results/tag_text.bin' WITH (FORMAT binary)
CREATE TABLE tag_bin_dst (t amb.tag);
\copy tag_bin_dst FROM 'results/tag_text.bin' WITH (FORMAT binary)
SELECT t FROM tag_bin_dst ORDER BY t;
\copy tag_bin_dst TO 'results/tag_tag.bin' WITH (FORMAT binary)
CREATE TABLE tag_bin_back (t amb.tag);
\copy tag_bin_back FROM 'results/tag_tag.bin' WITH (FORMAT binary)
SELECT count(*) AS round_trip_equal FROM tag_bin_back JOIN tag_bin_dst USING (t);
INSERT INTO tag_bin_src VALUES ('!!!');
\copy tag_bin_src TO 'results/tag_bad.bin' WITH (FORMAT binary)
\copy tag_bin_dst FROM 'results/tag_bad.bin' WITH (FORMAT binary)
SELECT count(*) AS unchanged FROM tag_bin_dst;

------------------------------------------------------------------------
-- synonyms: amb.tag_alias
------------------------------------------------------------------------
INSERT INTO amb.tag_alias VALUES ('Artisan_Ambassador', 'Brand Ally'), ('brand-ambassador', 'brand ally'),
                                 ('Home Decor', 'Home & Living');
SELECT * FROM amb.tag_alias ORDER BY alias;

-- an alias never equals its canonical
INSERT INTO amb.tag_alias VALUES ('Same Tag', 'same_tag');
\echo :LAST_ERROR_SQLSTATE
-- a canonical is never itself an alias: both directions of a chain fail
INSERT INTO amb.tag_alias VALUES ('ally', 'artisan ambassador');
\echo :LAST_ERROR_SQLSTATE
INSERT INTO amb.tag_alias VALUES ('brand ally', 'partner');
\echo :LAST_ERROR_SQLSTATE
-- an update can make a chain too
UPDATE amb.tag_alias SET canonical = 'brand-ambassador' WHERE alias = 'home-decor';
\echo :LAST_ERROR_SQLSTATE
-- an update that keeps its own canonical is fine
UPDATE amb.tag_alias SET alias = 'brand-ambassadors' WHERE alias = 'brand-ambassador';
SELECT * FROM amb.tag_alias ORDER BY alias;
-- one row, one alias
INSERT INTO amb.tag_alias VALUES ('artisan ambassador', 'something else');
\echo :LAST_ERROR_SQLSTATE

-- canonical_tag and canonical_tags
SELECT amb.canonical_tag('ARTISAN ambassador') AS aliased, amb.canonical_tag('Pottery') AS plain;
SELECT amb.canonical_tags(ARRAY['Artisan Ambassador', NULL, 'zeta', 'brand-ally', 'Home Decor', 'Brand Ally']) AS tags;
SELECT amb.canonical_tags('{}') AS empty, amb.canonical_tags(ARRAY[NULL]::text[]) AS only_null;
SELECT amb.canonical_tags(ARRAY[['a', 'b'], ['c', 'd']]);
\echo :LAST_ERROR_SQLSTATE
SELECT amb.canonical_tags(ARRAY['fine', '!!!']);
\echo :LAST_ERROR_SQLSTATE
SELECT proname, provolatile, proisstrict, proparallel FROM pg_proc
 WHERE pronamespace = 'amb'::regnamespace AND proname IN ('canonical_tag', 'canonical_tags', 'suggest_tag_merges')
 ORDER BY proname;

-- the alias rows are marked for pg_dump
SELECT 'amb.tag_alias'::regclass = ANY (extconfig) AS tag_alias_dumped FROM pg_extension WHERE extname = 'amb';

------------------------------------------------------------------------
-- the canonicalize_tags() trigger on a user table
------------------------------------------------------------------------
CREATE TABLE maker (id int PRIMARY KEY, name text, tags text[], labels amb.tag[]);
CREATE TRIGGER maker_tags BEFORE INSERT OR UPDATE ON maker
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('tags');
CREATE TRIGGER maker_labels BEFORE INSERT OR UPDATE ON maker
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('labels');
INSERT INTO maker VALUES
	(1, 'Ana', ARRAY['Artisan Ambassador', 'home decor', NULL, 'Tier 2', 'tier_2'], '{Brand Ally, brand-ambassadors}'),
	(2, 'Bo', '{}', NULL);
SELECT * FROM maker ORDER BY id;
UPDATE maker SET tags = ARRAY['#BrandAlly', 'ÜBER Maker'] WHERE id = 2;
SELECT id, tags FROM maker ORDER BY id;
-- a bad element is an error, and the row is not changed
UPDATE maker SET tags = ARRAY['ok', '???'] WHERE id = 2;
\echo :LAST_ERROR_SQLSTATE
SELECT id, tags FROM maker WHERE id = 2;
-- still working after the table changes shape
ALTER TABLE maker ADD COLUMN extra int;
ALTER TABLE maker DROP COLUMN name;
INSERT INTO maker (id, tags) VALUES (3, ARRAY['Arts & Crafts']);
SELECT id, tags FROM maker WHERE id = 3;

-- misuse is a clear error naming the table and column
CREATE TABLE wrong (id int, tags int[], other text[]);
CREATE TRIGGER wrong_missing BEFORE INSERT ON wrong
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('nope');
INSERT INTO wrong VALUES (1, '{1}', '{a}');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER wrong_missing ON wrong;
CREATE TRIGGER wrong_type BEFORE INSERT ON wrong
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('tags');
INSERT INTO wrong VALUES (1, '{1}', '{a}');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER wrong_type ON wrong;
CREATE TRIGGER wrong_args BEFORE INSERT ON wrong
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags();
INSERT INTO wrong VALUES (1, '{1}', '{a}');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER wrong_args ON wrong;
CREATE TRIGGER wrong_after AFTER INSERT ON wrong
	FOR EACH ROW EXECUTE FUNCTION amb.canonicalize_tags('other');
INSERT INTO wrong VALUES (1, '{1}', '{a}');
\echo :LAST_ERROR_SQLSTATE
DROP TRIGGER wrong_after ON wrong;
CREATE TRIGGER wrong_stmt BEFORE INSERT ON wrong
	FOR EACH STATEMENT EXECUTE FUNCTION amb.canonicalize_tags('other');
INSERT INTO wrong VALUES (1, '{1}', '{a}');
\echo :LAST_ERROR_SQLSTATE
DROP TABLE wrong;

------------------------------------------------------------------------
-- suggest_tag_merges
------------------------------------------------------------------------
CREATE TABLE seen (tags amb.tag[]);
INSERT INTO seen VALUES
	('{Handmade Jewelry, Eco Friendly}'), ('{handmade-jewelry}'), ('{HandmadeJewelry}'),
	('{handmade-jewellery}'), ('{eco-friendly}'), ('{EcoFriendly}'), ('{eco friendly}'),
	('{Pottery}'), ('{Vintage}'), ('{vintage}'), ('{Artisan Ambassador}'), ('{brand ally}');
SELECT * FROM amb.suggest_tag_merges((SELECT array_agg(t) FROM seen, unnest(tags) t))
 ORDER BY suggested, tag;
-- aliases already cover "artisan-ambassador" -> "brand-ally": nothing suggested for them
SELECT count(*) AS covered FROM amb.suggest_tag_merges('{Artisan Ambassador, brand ally, brand-ally}')
 WHERE tag IN ('artisan-ambassador', 'brand-ally');
-- a stricter threshold keeps only same-key pairs
SELECT * FROM amb.suggest_tag_merges((SELECT array_agg(t) FROM seen, unnest(tags) t), 0.99)
 ORDER BY suggested, tag;
-- numbers carry meaning: tags whose digits differ are never "similar"
SELECT * FROM amb.suggest_tag_merges('{tier-2, tier-3, tier 2, Tier-22, season-2024, season-2025}');
-- a new spelling finds the canonical an existing alias points to
-- ("artisan-ambassador" is an alias of "brand-ally")
SELECT * FROM amb.suggest_tag_merges('{#ArtisanAmbassador, artisan-ambassador, pottery}');
-- an established canonical stays the target even when rarer
SELECT * FROM amb.suggest_tag_merges('{brandally, brandally, brandally, brand-ally}');
SELECT * FROM amb.suggest_tag_merges('{}');
SELECT * FROM amb.suggest_tag_merges('{a}', 1.5);
\echo :LAST_ERROR_SQLSTATE

------------------------------------------------------------------------
-- pg_dump keeps the aliases; restoring replays them through the triggers
------------------------------------------------------------------------
\! pg_dump -Fc -f results/tag_dump.pgdump contrib_regression
DROP DATABASE IF EXISTS tag_restore;
CREATE DATABASE tag_restore TEMPLATE template0;
\! pg_restore --exit-on-error -d tag_restore results/tag_dump.pgdump
\c tag_restore
SET search_path = public, amb;
SELECT * FROM amb.tag_alias ORDER BY alias;
SELECT id, tags, labels FROM maker ORDER BY id;
SELECT amb.canonical_tag('Artisan Ambassador') AS still_aliased;
\c contrib_regression
SET search_path = public, amb;
DROP DATABASE tag_restore;

------------------------------------------------------------------------
-- other database encodings
------------------------------------------------------------------------
CREATE DATABASE tag_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C';
\c tag_latin1
SET client_encoding = 'UTF8';
SET client_min_messages = warning;
CREATE EXTENSION amb CASCADE;
RESET client_min_messages;
SELECT amb.normalize_tag('Café Crème Brûlée') AS latin1, 'Ærø Ø'::amb.tag AS tag_type;
-- "µ" (micro sign) is NFKC "μ" (Greek mu), which LATIN1 cannot hold
SELECT amb.normalize_tag('µ-tag');
\echo :LAST_ERROR_SQLSTATE
\c contrib_regression
DROP DATABASE tag_latin1;

CREATE DATABASE tag_sqlascii TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C';
\c tag_sqlascii
SET client_min_messages = warning;
CREATE EXTENSION amb CASCADE;
RESET client_min_messages;
-- bytes are taken as UTF-8: valid sequences normalize, malformed ones are 22021
SELECT amb.normalize_tag(E'Caf\xc3\xa9') = 'cafe' AS utf8_bytes;
SELECT amb.normalize_tag(E'bad\xc3');
\echo :LAST_ERROR_SQLSTATE
SELECT amb.normalize_tag(E'\xed\xa0\x80');
\echo :LAST_ERROR_SQLSTATE
\c contrib_regression
DROP DATABASE tag_sqlascii;
