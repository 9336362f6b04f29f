--
-- upgrade: installing 1.0 and updating gives exactly what a fresh install gives
--
\set SHOW_CONTEXT never
SET client_min_messages = warning;
DROP DATABASE IF EXISTS amb_upgrade_fresh;
DROP DATABASE IF EXISTS amb_upgrade_walked;
RESET client_min_messages;
CREATE DATABASE amb_upgrade_fresh TEMPLATE template0;
CREATE DATABASE amb_upgrade_walked TEMPLATE template0;

-- every member object of the extension, with the properties that matter
\set members 'SELECT string_agg(d, E''\n'' ORDER BY d) FROM (SELECT pg_describe_object(dep.classid, dep.objid, dep.objsubid) || coalesce(format('' %s %s %s %s'', p.provolatile, p.proisstrict, p.proparallel, p.proconfig), '''') AS d FROM pg_depend dep JOIN pg_extension e ON e.oid = dep.refobjid AND e.extname = ''amb'' LEFT JOIN pg_proc p ON dep.classid = ''pg_proc''::regclass AND p.oid = dep.objid WHERE dep.deptype = ''e'') s'

\c amb_upgrade_fresh
CREATE EXTENSION amb CASCADE;
SELECT extversion FROM pg_extension WHERE extname = 'amb';
:members \gset fresh_

\c amb_upgrade_walked
CREATE EXTENSION amb VERSION '1.0' CASCADE;
SELECT extversion FROM pg_extension WHERE extname = 'amb';
-- 1.0 data survives the update
INSERT INTO amb.tag_alias VALUES ('Artisan Ambassador', 'Brand Ally');
ALTER EXTENSION amb UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'amb';
:members \gset walked_
SELECT alias, canonical FROM amb.tag_alias;

-- the same objects either way (differences listed, expect none)
SELECT x AS only_in_fresh FROM unnest(string_to_array(:'fresh_string_agg', E'\n')) x
EXCEPT SELECT unnest(string_to_array(:'walked_string_agg', E'\n'));
SELECT x AS only_in_walked FROM unnest(string_to_array(:'walked_string_agg', E'\n')) x
EXCEPT SELECT unnest(string_to_array(:'fresh_string_agg', E'\n'));
SELECT :'fresh_string_agg' = :'walked_string_agg' AS identical,
       array_length(string_to_array(:'fresh_string_agg', E'\n'), 1) > 30 AS has_members;

\c contrib_regression
DROP DATABASE amb_upgrade_fresh;
DROP DATABASE amb_upgrade_walked;
