#!/usr/bin/env bash
# Builds Folio in release mode and runs every benchmark; writes BENCHMARKS.md.
#
#   bench/run.sh                 the full run (1,000, 10,000 and 100,000 articles)
#   bench/run.sh --tiny          the CI smoke test (200 articles, one run, well under a minute
#                                after the build); writes bench-out/BENCHMARKS-tiny.md
#   bench/run.sh --sizes 1000    any folio-bench option (see .build/release/folio-bench --help)
#   bench/run.sh --extraction-only   only Folio's extractor against its peers (speed, F1, intervals)
#
# trafilatura, readability-lxml and pycrdt come from PyPI into .build/bench-venv (pinned); without
# network those comparisons are skipped with a note, everything else still runs. Per-page extraction
# F1 of every system goes to bench-out/extraction-pages.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

data=../shared/data/extraction-dev
if [ ! -d "$data/html" ] || [ ! -f "$data/ground-truth.json" ]; then
    echo "bench: the benchmark data is missing: expected $(pwd)/$data/html/*.html.gz and ground-truth.json" >&2
    exit 1
fi

# One product per invocation: `swift build` keeps only the last of several --product options.
for product in folio folio-server folio-bench; do
    swift build -c release --product "$product"
done

venv=.build/bench-venv
if ! "$venv/bin/python" -c 'import trafilatura, readability, pycrdt' 2>/dev/null; then
    echo "bench: installing trafilatura, readability-lxml and pycrdt into $venv"
    # readability-lxml goes in on its own: pip cannot resolve it together with trafilatura's
    # lxml extras in one command.
    { python3 -m venv "$venv" &&
      "$venv/bin/pip" install -q --disable-pip-version-check trafilatura==2.3.1 lxml_html_clean==0.4.6 pycrdt==0.14.13 &&
      "$venv/bin/pip" install -q --disable-pip-version-check readability-lxml==0.9; } ||
        echo "bench: could not install trafilatura/readability-lxml/pycrdt; those comparisons will be skipped" >&2
fi

tiny=false
command="make bench"
for argument in "$@"; do [ "$argument" = --tiny ] && tiny=true; done
if $tiny; then
    mkdir -p bench-out
    exec .build/release/folio-bench --output bench-out/BENCHMARKS-tiny.md --command "make bench-tiny" "$@"
fi
[ $# -gt 0 ] && command="bench/run.sh $*"
exec .build/release/folio-bench --command "$command" "$@"
