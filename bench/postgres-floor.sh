#!/usr/bin/env bash
# What PostgreSQL alone spends on one-change syncs: the statements a push sends, run by pgbench
# (PostgreSQL's own C client) against a throwaway cluster, with no folio-server, HTTP or load
# generator in the way. Prints, per round, the transactions per second and the machine's CPU per
# sync with pgbench's own CPU taken out: the floor under any PostgreSQL store that sends these
# statements, on this machine (bench/analysis.md §22).
#
#   bench/postgres-floor.sh [ROUNDS] [SECONDS]     (default 2 rounds of 8 s per case)
#
# Two cases, alternating: one push per transaction (8 clients), and five pushes of one user per
# transaction (4 clients), the most a write group shares when each user has five devices
# (PostgresWriteGroups). bench/postgres-floor/push.sql is a copy of the statements a push of one
# progress change sends (PostgresTransaction: outlines, the held writes, a small page pulled
# along); keep it in step when they change. Needs PostgreSQL's server programs and pgbench
# (Debian's postgresql package) and a release folio-server, which creates the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
seconds=${2:-8}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/pgbench" ]; then
    echo "postgres-floor: PostgreSQL's server programs and pgbench are missing: apt-get install postgresql" >&2
    exit 1
fi
if [ ! -x /usr/bin/time ]; then
    echo "postgres-floor: /usr/bin/time is missing: apt-get install time" >&2
    exit 1
fi
if ! build=$(swift build -c release --product folio-server 2>&1); then
    echo "$build" >&2
    exit 1
fi
server=.build/release/folio-server

# As root the cluster runs as nobody (initdb refuses root), in a directory nobody owns.
as_owner=()
directory=$(mktemp -d /tmp/folio-pg-floor-XXXXXX)
if [ "$(id -u)" = 0 ]; then
    chown nobody "$directory"
    as_owner=(runuser -u nobody --)
fi
port=5497
stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$directory/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$directory"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$directory/data" -U folio --auth=trust --no-sync --encoding=UTF8 --locale=C >/dev/null
# The load benchmark's settings (LoadStores.postgresSettings): durability on, buffers that fit.
"${as_owner[@]}" "$bin/pg_ctl" -D "$directory/data" -l "$directory/log" -w -o \
    "-k $directory -c listen_addresses='' -c port=$port -c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=15min" \
    start >/dev/null
psql=("$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$directory" -p "$port" -U folio)
"${psql[@]}" -d postgres -c "CREATE DATABASE floor"
for user in $(seq 1 10); do
    echo "floor-password-$user" | "$server" user add "floor$user" --password-stdin \
        --database "postgres://folio@localhost:$port/floor?host=$directory" >/dev/null
done
"${psql[@]}" -d floor -f bench/postgres-floor/fill.sql

# A transaction of `pushes` pushes (devices 1…pushes of one random user) after the write's lock.
# `pipelined`: the statements go out in pipelines (pgbench's \startpipeline), with a wait only
# where a client must read an answer before it can go on, after each push's outlines, and at the commit.
script() {
    local pushes=$1 pipelined=$2 file=$directory/floor-$1-$2.sql
    statement() { awk -v k="$1" 'BEGIN { RS = ";\n"; ORS = ";\n" } NR == k' bench/postgres-floor/push.sql |
        sed -e "s/:n\b/:n$2/g" -e "s/:c\b/:c$2/g" -e "s/:d\b/$2/g"; }
    pipeline_start() { [ "$pipelined" = yes ] && echo '\startpipeline' || true; }
    pipeline_end() { [ "$pipelined" = yes ] && echo '\endpipeline' || true; }
    {
        echo '\set u random(1, 10)'
        for device in $(seq 1 "$pushes"); do
            echo "\\set n$device random(1, 1000)"
            echo "\\set c$device random(20000, 2000000000)"
        done
        pipeline_start
        echo 'BEGIN;'
        cat bench/postgres-floor/lock.sql
        for device in $(seq 1 "$pushes"); do
            statement 1 "$device"
            pipeline_end
            pipeline_start
            statement 2 "$device"
            statement 3 "$device"
        done
        echo 'COMMIT;'
        pipeline_end
    } >"$file"
    [ "$(id -u)" = 0 ] && chown nobody "$file"
    echo "$file"
}

busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# Runs one case and prints its line: pushes per transaction, clients, rate, CPU per sync.
measure() {
    local pushes=$1 clients=$2 pipelined=$3 file before after output transactions tps pgbench_cpu ticks
    file=$(script "$pushes" "$pipelined")
    before=$(busy)
    output=$( { /usr/bin/time -f 'pgbench-cpu %U %S' "${as_owner[@]}" "$bin/pgbench" -h "$directory" -p "$port" -U folio \
        -n -M prepared -c "$clients" -j 1 -T "$seconds" -f "$file" floor; } 2>&1 )
    after=$(busy)
    transactions=$(awk '/actually processed/ { print $NF }' <<<"$output")
    tps=$(awk '/^tps/ { print $3 }' <<<"$output")
    pgbench_cpu=$(awk '/^pgbench-cpu/ { print $2 + $3 }' <<<"$output")
    ticks=$(getconf CLK_TCK)
    awk -v p="$pushes" -v c="$clients" -v t="$transactions" -v tps="$tps" -v all=$((after - before)) -v tick="$ticks" -v own="$pgbench_cpu" -v pipelined="$pipelined" 'BEGIN {
        syncs = t * p
        printf "%d push(es) per transaction, %2d clients, %-13s %6.0f syncs/s   CPU per sync: PostgreSQL %.3f ms (machine %.3f, pgbench %.3f)\n",
            p, c, (pipelined == "yes" ? "pipelined:" : "one by one:"), tps * p, (all / tick - own) * 1000 / syncs, all / tick * 1000 / syncs, own * 1000 / syncs
    }'
}

echo "PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }'), $(nproc) cores, $rounds round(s) of ${seconds} s per case"
for round in $(seq 1 "$rounds"); do
    for pipelined in no yes; do
        measure 1 8 "$pipelined"
        measure 5 4 "$pipelined"
    done
done
