INSERT INTO device_token (user_id, hash, device, created_at, last_used_at, replica)
SELECT u, 'tok-' || u || '-' || d, 'dev', '2026', '2026', u * 100 + 1 + d FROM generate_series(1,10) u, generate_series(1,5) d;
INSERT INTO record (user_id, id, kind, vector, changed_seq)
SELECT u, 'rec' || lpad(n::text, 6, '0'), 'article', '{"a":1}', n FROM generate_series(1,10) u, generate_series(1,1000) n;
INSERT INTO register (user_id, record_id, field, replica, counter, stamp, value)
SELECT u, 'rec' || lpad(n::text, 6, '0'), f, u * 100 + 1, n * 10 + fi, n, CASE WHEN f = 'content' THEN repeat('x', 4000) ELSE '"v"' END
FROM generate_series(1,10) u, generate_series(1,1000) n, unnest(array['url','title','content','progress','read','archived','favorite','tags']) WITH ORDINALITY AS x(f, fi);
INSERT INTO replica_seen SELECT u, u*100+1, 100000 FROM generate_series(1,10) u;
INSERT INTO knowledge SELECT u, u*100+1, 100000 FROM generate_series(1,10) u;
UPDATE account SET change_seq = 1000;
VACUUM ANALYZE;
