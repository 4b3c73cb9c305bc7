SELECT r.id, r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter, g.stamp, CASE WHEN octet_length(g.value) <= 512 THEN g.value END
FROM record r LEFT JOIN register g ON g.user_id = r.user_id AND g.record_id = r.id AND g.field = ANY(ARRAY['progress'])
WHERE r.user_id = :u AND r.id = ANY(ARRAY['rec' || lpad(:n::text, 6, '0')]);
WITH w0 AS (UPDATE record SET vector = '{"a":2}', changed_seq = :c WHERE user_id = :u AND id = 'rec' || lpad(:n::text, 6, '0')),
w1 AS (DELETE FROM register WHERE user_id = :u AND record_id = 'rec' || lpad(:n::text, 6, '0') AND (field, replica, counter) IN (SELECT * FROM unnest(ARRAY['progressX']::text[], ARRAY[1]::int8[], ARRAY[1]::int8[]))),
w2 AS (INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value) SELECT :u::int8, 'rec' || lpad(:n::text, 6, '0'), * FROM unnest(ARRAY['progress']::text[], ARRAY[:u * 100 + 1 + :d]::int8[], ARRAY[:c]::int8[], ARRAY[:c]::int8[], ARRAY['0.5']::text[]) ON CONFLICT (user_id, record_id, field, replica, counter) DO UPDATE SET stamp = excluded.stamp, value = excluded.value),
w3 AS (UPDATE account SET change_seq = :c WHERE id = :u),
w4 AS (INSERT INTO replica_seen AS v (user_id, replica, counter) SELECT :u::int8, * FROM unnest(ARRAY[:u * 100 + 1 + :d]::int8[], ARRAY[:c]::int8[]) ON CONFLICT (user_id, replica) DO UPDATE SET counter = greatest(v.counter, excluded.counter)),
w5 AS (INSERT INTO knowledge AS v (user_id, replica, counter) SELECT :u::int8, * FROM unnest(ARRAY[:u * 100 + 1 + :d]::int8[], ARRAY[:c]::int8[]) ON CONFLICT (user_id, replica) DO UPDATE SET counter = greatest(v.counter, excluded.counter))
SELECT pg_notify('folio_space', :u::text);
WITH k AS (
    SELECT * FROM unnest(ARRAY[:u * 100 + 1]::int8[], ARRAY[10004]::int8[]) AS k(replica, counter)
), d AS (
    SELECT s.i, d.counter, d.record_id
    FROM unnest(ARRAY[:u * 100 + 1]::int8[], ARRAY[10004]::int8[], ARRAY['~']::text[]) WITH ORDINALITY AS s(replica, counter, record_id, i)
    CROSS JOIN LATERAL (
        SELECT DISTINCT counter, record_id FROM register
        WHERE user_id = :u AND replica = s.replica AND (counter, record_id) > (s.counter, s.record_id)
        ORDER BY counter, record_id LIMIT 256
    ) d
    ORDER BY s.i, d.counter, d.record_id LIMIT 256
)
SELECT i, counter, record_id, NULL, NULL, NULL::int8, NULL, NULL::int8, NULL::int8, NULL::int8, NULL FROM d
UNION ALL
SELECT NULL, NULL, r.id, r.kind, r.vector, r.changed_seq, g.field, g.replica, g.counter, g.stamp, g.value
FROM record r LEFT JOIN LATERAL (
    SELECT * FROM (
        SELECT g.field, g.replica, g.counter, g.stamp,
               CASE WHEN octet_length(g.value) <= 512 THEN g.value END AS value,
               bool_or(g.counter > COALESCE(k.counter, 0)) OVER (PARTITION BY g.field) AS unseen
        FROM register g LEFT JOIN k ON k.replica = g.replica
        WHERE g.user_id = r.user_id AND g.record_id = r.id
    ) f WHERE f.unseen
) g ON true
WHERE r.user_id = :u AND r.id = ANY(ARRAY(SELECT record_id FROM d)) AND r.id <> ALL(ARRAY[]::text[])
ORDER BY 1, 2, 3;
