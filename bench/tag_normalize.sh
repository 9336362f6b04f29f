#!/usr/bin/env bash
# bench/tag_normalize.sh — throughput of amb.normalize_tag(text).
#
# What it measures
#   Single-core time to normalize 1,000,000 realistic messy tags:
#       SELECT sum(length(amb.normalize_tag(t))) FROM tags
#   The tags are generated in SQL with a fixed setseed, so every run sees the
#   same data: mostly ASCII ('Artisan Ambassador', 'artisan_ambassador',
#   '#BrandAlly', 'TOP--tier', 'Arts & Crafts', 'Eco Friendly!!', padding,
#   mixed case), about 12% with accented Latin ('Home Décor', 'ÜBER Maker'),
#   a few percent other scripts (Greek, Cyrillic, Hebrew, Arabic, Devanagari,
#   Thai, CJK, Hangul) and a few percent emoji.  Every tag normalizes without
#   error; the script checks that before timing.
#
# Baseline
#   The same scan with the built-in lower() in place of the normalizer:
#       SELECT sum(length(lower(t))) FROM tags
#   Both queries run in one session on one core (max_parallel_workers_per_gather
#   = 0, jit = off) in a dedicated UTF8 database with LOCALE 'C.UTF-8', so
#   lower() does real Unicode case mapping and the result does not depend on
#   the caller's locale.  A stricter second baseline, lower(t COLLATE "C"),
#   only maps ASCII letters and is printed as its own ratio.  The queries get
#   one warm-up round and 5 timed rounds, interleaved (clock_timestamp()
#   around EXECUTE in a plpgsql function); the medians are compared.
#   Target: amb/lower <= 2.0.  Above target is reported, not
#   failed (exit 0); SQL errors exit non-zero.
#
# Reproduce
#   ./amb bench tag_normalize
#   (or, with amb installed/staged and PG* variables pointing at a scratch
#   cluster: bash bench/tag_normalize.sh)
set -euo pipefail

DB=amb_bench_tag_normalize
ROWS=1000000
WARMUP=1
RUNS=5
TARGET=2.0

export PGCLIENTENCODING=UTF8

psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS $DB;
CREATE DATABASE $DB TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8';
SQL
trap 'psql -X -q -d "${PGDATABASE:-postgres}" -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true' EXIT

psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v lib="$(dirname "${BASH_SOURCE[0]}")/lib.sql" \
	-v rows="$ROWS" -v warmup="$WARMUP" -v runs="$RUNS" -v target="$TARGET" <<'SQL'
\set QUIET on
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
CREATE EXTENSION amb CASCADE;

-- ---------------------------------------------------------------------------
-- data: :rows messy tags, reproducible (fixed seed, one backend, no workers)
-- ---------------------------------------------------------------------------
SELECT setseed(0.4242) \gset

CREATE UNLOGGED TABLE tags AS
WITH lists AS (
	SELECT
	ARRAY['artisan','ambassador','brand','ally','home','decor','top','tier',
		'eco','friendly','handmade','jewelry','vintage','maker','arts','crafts',
		'creator','influencer','partner','gold','silver','vip','loyal',
		'customer','beta','tester','early','adopter','local','hero','super',
		'fan','community','leader','design','studio','organic','garden',
		'pottery','knit','wood','leather','candle','soap','photography',
		'sustainable','zero','waste','kids','pets','summer','sale','new',
		'best','seller','gift','ideas','2','3','2024','v2','b2b','diy',
		'nyc','la','uk','pro','x','wholesale','retail','holiday','spring']
		AS ascii,
	ARRAY['décor','über','café','naïve','crème','brûlée','piñata','jalapeño',
		'façade','señora','mañana','zürich','köln','straße','smörgåsbord',
		'æsthetic','øko','łódź','fiancé','déjà','rosé','entrée','soirée',
		'protégé','müller','résumé','crêpe','hôtel','forêt','garçon','niño',
		'são','ação','coração','árvore','kraków','český','güzel','İstanbul',
		'ﬁne','größe','åland','māori','ñandú']
		AS latin,
	ARRAY['Ελλάδα','φίλος','Москва','художник','мастер','ремесло','מלאכה',
		'אומן','حرفي','سفير','कारीगर','शिल्प','手作り','アート','職人',
		'工匠','手工','장인','공예','ช่างฝีมือ','ｆｕｌｌｗｉｄｔｈ','①']
		AS other,
	ARRAY['Artisan Ambassador','artisan_ambassador','#BrandAlly',
		'Home Décor','TOP--tier','Tier 2','Arts & Crafts','ÜBER Maker',
		'handmade-jewelry ','Eco Friendly!!','  VIP  ','Brand-Ally',
		'home_decor','#TopTier','tier-2','arts and crafts','Über-maker',
		'Handmade Jewelry','eco-friendly','B2B / Wholesale','Top 10 %',
		'Café Owner','New!','#ZeroWaste','Kids & Pets']
		AS canned,
	ARRAY[' ',' ',' ',' ','_','-','--',' - ','.','/',' & ','  ',', ']
		AS seps,
	ARRAY['#','#',' ','  ','@','*','(']
		AS pre,
	ARRAY[' ','  ','!!','!','?','...',')',' (new)',' :)']
		AS suf,
	ARRAY['🔥','✨','🎉','❤️','⭐','👍🏽','👩‍🎨','🌿','💎','🛍️']
		AS emoji
), r AS (
	SELECT g, random() AS r_canned, random() AS r_kind, random() AS r_n,
		random() AS r1, random() AS r2, random() AS r3, random() AS r_sep,
		random() AS r_case, random() AS r_pre, random() AS r_suf,
		random() AS r_emo, random() AS r_emo_pick, random() AS r_pos
	FROM generate_series(1, :rows) AS g
), words AS (
	SELECT r.*, l.*,
		CASE WHEN r_kind < 0.035 THEN other[1 + floor(r1 * cardinality(other))::int]
			 WHEN r_kind < 0.155 AND r_pos < 0.5 THEN latin[1 + floor(r1 * cardinality(latin))::int]
			 ELSE ascii[1 + floor(r1 * cardinality(ascii))::int] END AS w1,
		CASE WHEN r_n < 0.12 THEN NULL
			 WHEN r_kind >= 0.035 AND r_kind < 0.155 AND r_pos >= 0.5
				 THEN latin[1 + floor(r2 * cardinality(latin))::int]
			 ELSE ascii[1 + floor(r2 * cardinality(ascii))::int] END AS w2,
		CASE WHEN r_n < 0.85 OR r_kind < 0.035 THEN NULL
			 ELSE ascii[1 + floor(r3 * cardinality(ascii))::int] END AS w3,
		seps[1 + floor(r_sep * cardinality(seps))::int] AS sep
	FROM r CROSS JOIN lists AS l
), cased AS (
	SELECT w.*,
		CASE WHEN r_case < 0.35 THEN concat_ws(sep, w1, w2, w3)
			 WHEN r_case < 0.55 THEN initcap(concat_ws(sep, w1, w2, w3))
			 WHEN r_case < 0.63 THEN upper(concat_ws(sep, w1, w2, w3))
			 WHEN r_case < 0.80 THEN concat(initcap(w1), initcap(w2), initcap(w3))
			 ELSE concat_ws(sep, upper(w1), w2, w3) END AS body
	FROM words AS w
)
SELECT
	CASE WHEN r_canned < 0.15
		 THEN canned[1 + floor(r1 * cardinality(canned))::int]
		 ELSE
			CASE WHEN r_pre < 0.18 THEN pre[1 + floor(r_pre / 0.18 * cardinality(pre))::int] ELSE '' END
			|| CASE WHEN r_emo < 0.015 THEN emoji[1 + floor(r_emo_pick * cardinality(emoji))::int] || ' ' ELSE '' END
			|| body
			|| CASE WHEN r_emo >= 0.015 AND r_emo < 0.04 THEN ' ' || emoji[1 + floor(r_emo_pick * cardinality(emoji))::int] ELSE '' END
			|| CASE WHEN r_suf < 0.20 THEN suf[1 + floor(r_suf / 0.20 * cardinality(suf))::int] ELSE '' END
	END AS t
FROM cased
ORDER BY g;

VACUUM (FREEZE, ANALYZE) tags;

-- every tag must normalize (this errors out otherwise) and fit
SELECT count(*) AS n_rows,
	count(*) FILTER (WHERE t IS NULL) AS n_null,
	max(octet_length(amb.normalize_tag(t))) AS max_norm_bytes,
	count(DISTINCT t) AS distinct_raw,
	count(DISTINCT amb.normalize_tag(t)) AS distinct_norm,
	round(avg(octet_length(t)), 1) AS avg_bytes,
	round(100.0 * count(*) FILTER (WHERE octet_length(t) <> char_length(t)) / count(*), 1) AS pct_non_ascii,
	round(100.0 * count(*) FILTER (WHERE t ~ '[À-ɏḀ-ỿ]') / count(*), 1) AS pct_latin_accents,
	round(100.0 * count(*) FILTER (WHERE t ~ '[Ͱ-ӿ֐-׿؀-ۿऀ-ॿ฀-๿぀-ヿ一-鿿가-힯＀-￯①-⑳]') / count(*), 1) AS pct_other_scripts,
	round(100.0 * count(*) FILTER (WHERE t ~ '[☀-➿\U0001F300-\U0001FAFF]') / count(*), 1) AS pct_emoji,
	pg_size_pretty(pg_table_size('tags')) AS table_size
FROM tags \gset
SELECT :n_null = 0 AND :n_rows = :rows AND :max_norm_bytes <= 64 AS data_ok \gset
\if :data_ok
\else
	\echo 'tag_normalize: generated data is not as intended'
	\echo n_rows=:n_rows n_null=:n_null max_norm_bytes=:max_norm_bytes
	SELECT 1/0;
\endif

\echo
\echo 'data: ':n_rows' tags, ':table_size', avg ':avg_bytes' bytes, ':distinct_raw' distinct raw -> ':distinct_norm' distinct normalized, max normalized ':max_norm_bytes' bytes'
\echo '      non-ASCII ':pct_non_ascii'% (accented Latin ':pct_latin_accents'%, other scripts ':pct_other_scripts'%, emoji ':pct_emoji'%)'
\echo 'sample:'
\pset footer off
SELECT format('%-30s', quote_literal(t)) AS tag, amb.normalize_tag(t) AS normalized
FROM tags WHERE ctid = ANY (ARRAY(SELECT format('(%s,%s)', p, 1)::tid FROM generate_series(0, 5500, 500) AS p));

-- ---------------------------------------------------------------------------
-- timing
-- ---------------------------------------------------------------------------
-- rounds interleave the queries, so drift on a shared machine hits all alike
\i :lib

CREATE TEMP TABLE runs AS
SELECT * FROM pg_temp.bench(
	ARRAY['lower', 'lower_c', 'amb'],
	ARRAY['SELECT sum(length(lower(t))) FROM tags',
		  'SELECT sum(length(lower(t COLLATE "C"))) FROM tags',
		  'SELECT sum(length(amb.normalize_tag(t))) FROM tags'],
	:warmup, :runs);

\echo
\echo 'per-run ms (after ':warmup' warm-up run each):'
SELECT query, run, ms, result AS "sum(length)" FROM runs ORDER BY query, run;

SELECT
	(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM runs WHERE query = 'lower') AS base_ms,
	(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM runs WHERE query = 'lower_c') AS basec_ms,
	(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FROM runs WHERE query = 'amb') AS amb_ms \gset
SELECT to_char(:base_ms, 'FM999990.0') AS base_ms_s,
	to_char(:amb_ms, 'FM999990.0') AS amb_ms_s,
	to_char(:amb_ms / :base_ms, 'FM990.00') AS ratio,
	to_char(:basec_ms, 'FM999990.0') AS basec_ms_s,
	to_char(:amb_ms / :basec_ms, 'FM990.00') AS ratio_c,
	to_char(1e6 * :amb_ms / :n_rows, 'FM9990') AS amb_ns_per_tag,
	to_char(1e6 * (:amb_ms - :base_ms) / :n_rows, 'FM9990') AS extra_ns_per_tag,
	CASE WHEN :amb_ms / :base_ms <= :target THEN 'PASS' ELSE 'ABOVE TARGET' END AS verdict,
	current_setting('server_version') AS server_version,
	(SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype \gset

\echo
\echo '== tag_normalize result'
\echo 'rows:              ':n_rows
\echo 'baseline (lower):  ':base_ms_s' ms   (median of ':runs')'
\echo 'amb.normalize_tag: ':amb_ms_s' ms   (median of ':runs'; ':amb_ns_per_tag' ns/tag, ':extra_ns_per_tag' ns/tag over lower)'
\echo 'ratio amb/lower:   ':ratio'x'
\echo 'stricter baseline: lower(t COLLATE "C") (ASCII-only case mapping) ':basec_ms_s' ms, ratio ':ratio_c'x'
\echo 'target:            <= ':target'x'
\echo 'verdict:           ':verdict
\echo 'setup:             PostgreSQL ':server_version', UTF8 / ':ctype', 1 core (no parallel workers), jit off'
\echo 'reproduce:         ./amb bench tag_normalize'
SQL
