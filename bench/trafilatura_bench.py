#!/usr/bin/env python3
"""Times trafilatura on the extraction pages, in one process, and keeps its texts for scoring.

    trafilatura_bench.py DATA_DIR OUT_DIR [ITERATIONS] [LIMIT]

DATA_DIR holds html/<id>.html.gz and ground-truth.json (id -> {url}). Every page is read
into memory first; then all pages are extracted ITERATIONS times with trafilatura.extract
(default settings, the page URL given) and the wall time measured. The texts of the first
iteration are written to OUT_DIR/<sha1 of the URL>.txt so score-extraction can score them.
Prints one JSON object: version, pages, iterations, seconds, pages_per_second.
"""
import gzip, hashlib, json, os, sys, time

import trafilatura

data, out = sys.argv[1], sys.argv[2]
iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 1
limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
truth = json.load(open(os.path.join(data, "ground-truth.json"), encoding="utf-8"))
ids = sorted(truth)[:limit] if limit else sorted(truth)
pages = []
for page_id in ids:
    path = os.path.join(data, "html", page_id + ".html.gz")
    with gzip.open(path, "rb") as f:
        pages.append((truth[page_id].get("url", ""), f.read()))
os.makedirs(out, exist_ok=True)
texts = {}
start = time.perf_counter()
for iteration in range(iterations):
    for url, html in pages:
        text = trafilatura.extract(html, url=url) or ""
        if iteration == 0:
            texts[url] = text
seconds = time.perf_counter() - start
for url, text in texts.items():
    with open(os.path.join(out, hashlib.sha1(url.encode()).hexdigest() + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
count = len(pages) * iterations
print(json.dumps({"version": trafilatura.__version__, "pages": len(pages), "iterations": iterations,
                  "seconds": seconds, "pages_per_second": count / seconds if seconds else 0}))
