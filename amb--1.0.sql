/* amb--1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION amb" to load this file. \quit

--------------------------------------------------------------------------
-- Tag normalization
--------------------------------------------------------------------------

CREATE FUNCTION amb.normalize_tag(text) RETURNS text
	AS 'MODULE_PATHNAME', 'amb_normalize_tag'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.normalize_tag(text) IS
	'canonical form of a tag: NFKC, case-folded, Latin accents folded, separators as "-"';

CREATE FUNCTION amb.tag_key(text) RETURNS text
	AS 'MODULE_PATHNAME', 'amb_tag_key'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.tag_key(text) IS
	'canonical tag without separators, for spotting near-duplicate tags';

--------------------------------------------------------------------------
-- The amb.tag type
--------------------------------------------------------------------------

CREATE TYPE amb.tag;

CREATE FUNCTION amb.tag_in(cstring) RETURNS amb.tag
	AS 'MODULE_PATHNAME', 'amb_tag_in'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION amb.tag_out(amb.tag) RETURNS cstring
	AS 'MODULE_PATHNAME', 'amb_tag_out'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION amb.tag_recv(internal) RETURNS amb.tag
	AS 'MODULE_PATHNAME', 'amb_tag_recv'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION amb.tag_send(amb.tag) RETURNS bytea
	AS 'MODULE_PATHNAME', 'amb_tag_send'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- stored like text (so the cast to text is free), compared bytewise
CREATE TYPE amb.tag (
	INPUT = amb.tag_in,
	OUTPUT = amb.tag_out,
	RECEIVE = amb.tag_recv,
	SEND = amb.tag_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended,
	CATEGORY = 'S'
);
COMMENT ON TYPE amb.tag IS 'a normalized tag; input normalizes, comparison is bytewise';

CREATE FUNCTION amb.tag(text) RETURNS amb.tag
	AS 'MODULE_PATHNAME', 'amb_tag_from_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Not implicit: with an implicit cast to text, "tag_col = 'Some Tag'" would
-- silently become a text comparison (no normalization, no index) whenever
-- schema amb is not on the search_path.  As it is, that is an error.
CREATE CAST (amb.tag AS text) WITHOUT FUNCTION AS ASSIGNMENT;
CREATE CAST (amb.tag AS varchar) WITHOUT FUNCTION AS ASSIGNMENT;
CREATE CAST (text AS amb.tag) WITH FUNCTION amb.tag(text) AS ASSIGNMENT;
CREATE CAST (varchar AS amb.tag) WITH FUNCTION amb.tag(text) AS ASSIGNMENT;

CREATE FUNCTION amb.tag_cmp(amb.tag, amb.tag) RETURNS int4
	AS 'MODULE_PATHNAME', 'amb_tag_cmp'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_eq(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_eq'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_ne(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_ne'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_lt(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_lt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_le(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_le'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_gt(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_gt'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_ge(amb.tag, amb.tag) RETURNS bool
	AS 'MODULE_PATHNAME', 'amb_tag_ge'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_hash(amb.tag) RETURNS int4
	AS 'MODULE_PATHNAME', 'amb_tag_hash'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION amb.tag_hash_extended(amb.tag, int8) RETURNS int8
	AS 'MODULE_PATHNAME', 'amb_tag_hash_extended'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

CREATE OPERATOR amb.= (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_eq,
	COMMUTATOR = OPERATOR(amb.=), NEGATOR = OPERATOR(amb.<>),
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR amb.<> (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_ne,
	COMMUTATOR = OPERATOR(amb.<>), NEGATOR = OPERATOR(amb.=),
	RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR amb.< (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_lt,
	COMMUTATOR = OPERATOR(amb.>), NEGATOR = OPERATOR(amb.>=),
	RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR amb.<= (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_le,
	COMMUTATOR = OPERATOR(amb.>=), NEGATOR = OPERATOR(amb.>),
	RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR amb.> (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_gt,
	COMMUTATOR = OPERATOR(amb.<), NEGATOR = OPERATOR(amb.<=),
	RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR amb.>= (
	LEFTARG = amb.tag, RIGHTARG = amb.tag, PROCEDURE = amb.tag_ge,
	COMMUTATOR = OPERATOR(amb.<=), NEGATOR = OPERATOR(amb.<),
	RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR CLASS amb.tag_ops
	DEFAULT FOR TYPE amb.tag USING btree AS
		OPERATOR 1 amb.< ,
		OPERATOR 2 amb.<= ,
		OPERATOR 3 amb.= ,
		OPERATOR 4 amb.>= ,
		OPERATOR 5 amb.> ,
		FUNCTION 1 amb.tag_cmp(amb.tag, amb.tag),
		FUNCTION 4 pg_catalog.btequalimage(oid);

CREATE OPERATOR CLASS amb.tag_hash_ops
	DEFAULT FOR TYPE amb.tag USING hash AS
		OPERATOR 1 amb.= ,
		FUNCTION 1 amb.tag_hash(amb.tag),
		FUNCTION 2 amb.tag_hash_extended(amb.tag, int8);

-- amb.tag[] columns use the built-in GIN array_ops (@>, &&, <@, =), which
-- compares elements with the default btree class above.

--------------------------------------------------------------------------
-- Tag synonyms
--------------------------------------------------------------------------

CREATE TABLE amb.tag_alias (
	alias		amb.tag PRIMARY KEY,
	canonical	amb.tag NOT NULL,
	CONSTRAINT tag_alias_not_self CHECK (alias OPERATOR(amb.<>) canonical)
);
CREATE INDEX tag_alias_canonical_idx ON amb.tag_alias (canonical);
COMMENT ON TABLE amb.tag_alias IS
	'tag synonyms: alias -> canonical, one step (chains are rejected)';
SELECT pg_catalog.pg_extension_config_dump('amb.tag_alias', '');

CREATE FUNCTION amb._tag_alias_check() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_tag_alias_check'
	LANGUAGE C;
REVOKE ALL ON FUNCTION amb._tag_alias_check() FROM PUBLIC;

CREATE TRIGGER amb_10_no_chain
	BEFORE INSERT OR UPDATE ON amb.tag_alias
	FOR EACH ROW EXECUTE FUNCTION amb._tag_alias_check();

CREATE FUNCTION amb.canonical_tag(text) RETURNS amb.tag
	AS 'MODULE_PATHNAME', 'amb_canonical_tag'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.canonical_tag(text) IS
	'normalized tag, mapped through amb.tag_alias';

CREATE FUNCTION amb.canonical_tags(text[]) RETURNS amb.tag[]
	AS 'MODULE_PATHNAME', 'amb_canonical_tags'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.canonical_tags(text[]) IS
	'normalized, alias-mapped, de-duplicated, sorted tag set; NULL elements dropped';

-- VOLATILE: it is a trigger function
CREATE FUNCTION amb.canonicalize_tags() RETURNS trigger
	AS 'MODULE_PATHNAME', 'amb_canonicalize_tags'
	LANGUAGE C;
COMMENT ON FUNCTION amb.canonicalize_tags() IS
	'BEFORE INSERT OR UPDATE row trigger: rewrites the named text[]/amb.tag[] column to its canonical tag set';

CREATE FUNCTION amb.suggest_tag_merges(tags amb.tag[], min_similarity float8 DEFAULT 0.85)
	RETURNS TABLE (tag amb.tag, suggested amb.tag, reason text)
	AS 'MODULE_PATHNAME', 'amb_suggest_tag_merges'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.suggest_tag_merges(amb.tag[], float8) IS
	'pairs of tags that are probably the same (same key or similar spelling), not yet covered by amb.tag_alias';
