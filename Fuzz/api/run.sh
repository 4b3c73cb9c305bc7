#!/usr/bin/env bash
# API fuzzing: schemathesis against Protocol/openapi.yaml and a throwaway folio-server on
# 127.0.0.1, with a logged-in device token. Fails on any schemathesis failure (every check:
# --checks all), on a server that died or stopped answering /health, or on any 5xx answer.
#
# Settings (environment):
#   API_FUZZ_MAX_TIME   seconds schemathesis fuzzes (default 600): it spends the whole budget,
#                       repeating the fuzzing phase; the run is killed if it takes 300 s longer
#   API_FUZZ_EXAMPLES   test cases per operation and phase (default 100)
#   API_FUZZ_SEED       seed, to repeat a run (default: a random one, printed)
#   API_FUZZ_WORKERS    schemathesis workers (default 2)
#   API_FUZZ_SERVER     the folio-server binary (default .build/debug/folio-server)
#   API_FUZZ_OUT        where reports and the server log go (default .build-apifuzz/runs/<time>)
#   API_FUZZ_BASELINE   failures accepted until the server is fixed (default Fuzz/api/baseline.json;
#                       "none" for a run that fails on them too); API_FUZZ_BASELINE_UPDATE=1 adds
#                       this run's failures to it
#   PYTHON              the Python used to make .build-apifuzz/venv (default python3)
# The data directory and the server log are kept on failure; the script prints where.
set -euo pipefail
cd "$(dirname "$0")/../.."

examples=${API_FUZZ_EXAMPLES:-100}
max_time=${API_FUZZ_MAX_TIME:-600}
seed=${API_FUZZ_SEED:-$(( (RANDOM << 15) | RANDOM ))}
workers=${API_FUZZ_WORKERS:-2}
server=${API_FUZZ_SERVER:-.build/debug/folio-server}
out=${API_FUZZ_OUT:-.build-apifuzz/runs/$(date -u +%Y%m%dT%H%M%SZ)}
venv=.build-apifuzz/venv
baseline=${API_FUZZ_BASELINE:-Fuzz/api/baseline.json}
baseline_options=()
if [ "$baseline" != none ]; then
    baseline_options=(--baseline "$baseline")
    [ "${API_FUZZ_BASELINE_UPDATE:-0}" = 1 ] && baseline_options+=(--baseline-update)
fi

[ -x "$server" ] || { echo "api-fuzz: no server binary at $server (swift build --product folio-server)" >&2; exit 2; }

# schemathesis, exactly as pinned.
if [ ! -x "$venv/bin/schemathesis" ] || ! cmp -s Fuzz/api/requirements.txt "$venv/requirements.txt"; then
    echo "api-fuzz: installing Fuzz/api/requirements.txt into $venv"
    [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r Fuzz/api/requirements.txt
    cp Fuzz/api/requirements.txt "$venv/requirements.txt"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
data=$(mktemp -d "${TMPDIR:-/tmp}/folio-api-fuzz.XXXXXX")
log=$out/server.log
server_pid=""
status=1
closing="api-fuzz: 0 passed, 1 failed"

finish() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    if [ "$status" = 0 ]; then
        rm -rf "$data"
        echo "api-fuzz: passed; reports and the server log are in $out"
    else
        echo "api-fuzz: FAILED; kept the data directory $data and the server log $log (reports in $out)" >&2
    fi
    echo "$closing"
}
trap finish EXIT

# A throwaway user with a random password, then the server on a free loopback port.
user=api-fuzz-user
password=$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')
printf '%s\n' "$password" | "$server" user add "$user" --password-stdin --data "$data" >/dev/null
"$server" serve --host 127.0.0.1 --port 0 --data "$data" --log-level debug --trusted-proxy 127.0.0.1 --max-wait 1 >"$log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 300); do
    port=$(grep -o 'address=http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -n 1 | sed 's/.*://') || true
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "api-fuzz: the server did not start:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "api-fuzz: the server did not say where it listens:" >&2; cat "$log" >&2; exit 1; }
url=http://127.0.0.1:$port
curl -fsS "$url/health" >/dev/null

# A logged-in device token: checks the credentials before the run; schemathesis logs in the same
# way (Fuzz/api/schemathesis.toml) and again whenever fuzzing POST /v1/logout revoked its token.
login=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"user\":\"$user\",\"password\":\"$password\",\"device\":\"api-fuzz\"}" "$url/v1/login")
token=$(printf '%s' "$login" | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -fsS -H "Authorization: Bearer $token" "$url/v1/info" >/dev/null

echo "api-fuzz: server $server on $url (data $data, log $log)"
echo "api-fuzz: schemathesis --checks all, $examples examples per operation, at most $max_time s, seed $seed, $workers workers"
started=$(date +%s)
fuzz_status=0
FOLIO_API_FUZZ_USER=$user FOLIO_API_FUZZ_PASSWORD=$password \
    timeout -k 10 $(( max_time + 300 )) "$venv/bin/schemathesis" --config-file Fuzz/api/schemathesis.toml run Protocol/openapi.yaml \
    --url "$url" \
    --checks all \
    --max-examples "$examples" \
    --max-time "$max_time" \
    --seed "$seed" \
    --workers "$workers" \
    --request-timeout 30 \
    --generation-database none \
    --no-color \
    --report junit,har \
    --report-dir "$out" \
    "${baseline_options[@]}" \
    2>&1 | tee "$out/schemathesis.txt" || fuzz_status=$?
elapsed=$(( $(date +%s) - started ))

# The server must have survived and still answer.
alive=1
kill -0 "$server_pid" 2>/dev/null || { alive=0; echo "api-fuzz: the server died during the run" >&2; }
if [ "$alive" = 1 ] && ! curl -fsS --max-time 10 "$url/health" >/dev/null; then
    alive=0; echo "api-fuzz: the server no longer answers /health" >&2
fi

# Every answer schemathesis got, by status, from its HAR report; 5xx fail the run even when no
# check flagged them. The operations with failures come from its JUnit report. The server logs
# each request it serves at debug level.
summary=$("$venv/bin/python" - "$out" <<'EOF'
import collections, glob, json, sys
import xml.etree.ElementTree as ET
statuses = collections.Counter()
for path in glob.glob(sys.argv[1] + "/har-*.json"):
    with open(path) as f:
        for entry in json.load(f)["log"]["entries"]:
            statuses[entry["response"]["status"]] += 1
total = sum(statuses.values())
errors = sum(n for s, n in statuses.items() if s >= 500 or s == 0)
operations = failed = 0
for path in glob.glob(sys.argv[1] + "/junit-*.xml"):
    for case in ET.parse(path).getroot().iter("testcase"):
        operations += 1
        failed += any(child.tag in ("failure", "error") for child in case)
print(f"{total} {errors} {operations} {failed} " + (",".join(f"{s}:{n}" for s, n in sorted(statuses.items())) or "-"))
EOF
)
read -r requests server_errors operations failed_operations by_status <<<"$summary"
served=$(grep -c '\[Hummingbird\] Request$' "$log" || true)
echo "api-fuzz: $requests requests in ${elapsed} s (the server logged $served, schemathesis' logins included), by status $by_status"
echo "api-fuzz: 5xx answers: $server_errors; server alive: $([ $alive = 1 ] && echo yes || echo no); schemathesis exit status $fuzz_status; operations with failures: $failed_operations of $operations"
if [ "$fuzz_status" = 0 ] && [ "$alive" = 1 ] && [ "$server_errors" = 0 ]; then status=0; fi
# One closing line in the plain 'N passed, N failed' form: operations, plus the server itself.
bad=$(( failed_operations + (alive == 1 ? 0 : 1) + (server_errors > 0 ? 1 : 0) ))
[ "$status" = 0 ] || [ "$bad" -gt 0 ] || bad=1
closing="api-fuzz: $(( operations - failed_operations )) passed, $bad failed"
exit "$status"
