/* amb--1.0--1.1.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION amb UPDATE TO '1.1'" to load this file. \quit

--------------------------------------------------------------------------
-- Similarity primitives (on Unicode code points)
--------------------------------------------------------------------------

CREATE FUNCTION amb.jaro_winkler(text, text) RETURNS float8
	AS 'MODULE_PATHNAME', 'amb_jaro_winkler'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION amb.jaro_winkler(text, text) IS
	'Jaro-Winkler similarity in [0, 1] on code points, case-sensitive (prefix scale 0.1, boost above 0.7)';
