#!/usr/bin/env python3
"""Holds Folio's reading state in pycrdt (Yjs) documents and measures syncing it.

    crdt_bench.py STATE.jsonl [RUNS]

STATE.jsonl has one article per line: id, progress, archived, favorite, readAt, tags, note
(written by folio-bench from the same generated library). Document A gets a map of items,
each a map of those fields; then:
  - whole state: A.get_update() applied to an empty document B (bytes, seconds);
  - one change: A sets one item's progress, B sends its state vector, A answers with the
    update B lacks, B applies it (bytes of the update, seconds for the whole exchange).
Prints one JSON object with medians over RUNS runs of each.
"""
import json, statistics, sys, time

from pycrdt import Doc, Map

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]

a = Doc()
items = a.get("items", type=Map)
start = time.perf_counter()
with a.transaction():
    for row in rows:
        items[row["id"]] = Map({
            "progress": row["progress"], "archived": row["archived"], "favorite": row["favorite"],
            "readAt": row["readAt"] or "", "tags": ",".join(row["tags"]), "note": row["note"],
        })
build = time.perf_counter() - start

full_times, full_bytes = [], 0
b = None
for _ in range(runs):
    start = time.perf_counter()
    update = a.get_update()
    b = Doc()
    b.apply_update(update)
    full_times.append(time.perf_counter() - start)
    full_bytes = len(update)

one_times, one_bytes, vector_bytes = [], [], []
b_items = b.get("items", type=Map)
for run in range(max(runs, 10)):
    row = rows[(run * 7919) % len(rows)]
    start = time.perf_counter()
    items[row["id"]]["progress"] = round((run % 97) / 100 + 0.01, 2)
    state = b.get_state()
    diff = a.get_update(state)
    b.apply_update(diff)
    one_times.append(time.perf_counter() - start)
    one_bytes.append(len(diff))
    vector_bytes.append(len(state))
    assert b_items[row["id"]]["progress"] == items[row["id"]]["progress"]

print(json.dumps({
    "items": len(rows), "build_seconds": build,
    "full_seconds": statistics.median(full_times), "full_seconds_min": min(full_times), "full_seconds_max": max(full_times),
    "full_bytes": full_bytes,
    "one_seconds": statistics.median(one_times), "one_seconds_p10": sorted(one_times)[len(one_times) // 10],
    "one_seconds_p90": sorted(one_times)[len(one_times) * 9 // 10],
    "one_bytes": statistics.median(one_bytes), "state_vector_bytes": statistics.median(vector_bytes),
}))
