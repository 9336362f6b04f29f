-- bench/lib.sql: the timing function the benchmarks share (\i :lib).
--
-- pg_temp.bench(labels, queries, warmup, runs) runs every query warmup
-- times, then runs rounds in which each query runs once, so that drift on a
-- shared machine hits all of them alike; one row per timed run, with the
-- query's single result (a number, to check that the queries agree).
CREATE FUNCTION pg_temp.bench(labels text[], qs text[], warmup int, runs int)
RETURNS TABLE (query text, run int, ms numeric, result numeric)
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	v numeric;
BEGIN
	FOR i IN 1 .. warmup LOOP
		FOR k IN 1 .. cardinality(qs) LOOP
			EXECUTE qs[k] INTO v;
		END LOOP;
	END LOOP;
	FOR i IN 1 .. runs LOOP
		FOR k IN 1 .. cardinality(qs) LOOP
			t0 := clock_timestamp();
			EXECUTE qs[k] INTO v;
			query := labels[k];
			run := i;
			ms := round(1000 * extract(epoch FROM clock_timestamp() - t0), 1);
			result := v;
			RETURN NEXT;
		END LOOP;
	END LOOP;
END
$$;
