#!/usr/bin/env python3
"""Times one peer extractor on the extraction pages, in one process, and keeps its texts for scoring.

    extraction_peer.py PEER DATA_DIR OUT_DIR [ITERATIONS] [LIMIT]

PEER is `trafilatura` (2.3.1, comments off: its best setting for article text) or
`readability` (readability-lxml; its article HTML turned into text, one line per block).
DATA_DIR holds html/<id>.html.gz and ground-truth.json (id -> {url}). Every page is read
into memory first; then all pages are extracted ITERATIONS times and the wall time measured.
The texts of the first iteration are written to OUT_DIR/<sha1 of the URL>.txt so
score-extraction can score them. Prints one JSON object: peer, version, pages, iterations,
seconds, pages_per_second.
"""
import gzip, hashlib, json, os, sys, time


def trafilatura_extractor():
    import trafilatura
    return trafilatura.__version__, lambda html, url: trafilatura.extract(html, url=url, include_comments=False) or ""


def readability_extractor():
    from importlib.metadata import version
    import lxml.html
    from readability import Document

    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote", "dt", "dd",
              "figcaption", "table", "ul", "ol", "section", "article", "br"}

    def extract(html, url):
        summary = Document(html, url=url).summary(html_partial=True)
        if not summary.strip():
            return ""
        tree = lxml.html.fromstring(summary)
        for element in tree.iter():
            if isinstance(element.tag, str) and element.tag in blocks:
                element.tail = "\n" + (element.tail or "")
        return tree.text_content()

    return version("readability-lxml"), extract


PEERS = {"trafilatura": trafilatura_extractor, "readability": readability_extractor}

peer, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 1
limit = int(sys.argv[5]) if len(sys.argv) > 5 else None
if peer not in PEERS:
    sys.exit(f"extraction_peer.py: unknown peer {peer!r} (one of {', '.join(PEERS)})")
peer_version, extract = PEERS[peer]()
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
        try:
            text = extract(html, url)
        except Exception:  # a peer that fails on a page scores 0 there, as a crash would
            text = ""
        if iteration == 0:
            texts[url] = text
seconds = time.perf_counter() - start
for url, text in texts.items():
    with open(os.path.join(out, hashlib.sha1(url.encode()).hexdigest() + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
count = len(pages) * iterations
print(json.dumps({"peer": peer, "version": peer_version, "pages": len(pages), "iterations": iterations,
                  "seconds": seconds, "pages_per_second": count / seconds if seconds else 0}))
