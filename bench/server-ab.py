#!/usr/bin/env python3
"""Compares folio-server binaries on the load benchmark's one-change phase, by CPU per sync.

On a shared two-core host the syncs/s of one 10 s phase vary by 10-20 % from run to run, so a
change worth a few percent does not show in the rate. The CPU each side spends per sync varies
less: this runs `folio-bench --load-only` once per binary in turn (round after round), reads the
CPU time of every folio-server, postgres and folio-bench process from /proc as the one-change
phase starts and ends, and prints it per sync next to the rate and the p99, then the p99 of the
phase offered 1,000 syncs/s, and the rate, p99 and CPU per sync (servers and PostgreSQL) of one
user's fifty devices.

    bench/server-ab.py OLD NEW [--rounds 3] [--store postgres2] [--size 1000] [--seconds 10]

Each binary is copied over .build/release/folio-server for its run (folio-bench starts that
one), which is put back as it was at the end; it may be one of the binaries compared. Build
folio-bench in release first. Linux only.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, ".build/release/folio-server")
BENCH = os.path.join(ROOT, ".build/release/folio-bench")
SIDES = ("folio-server", "postgres", "folio-bench")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def cpu_ticks():
    """User and system ticks of every process of each side, summed over its threads."""
    totals = dict.fromkeys(SIDES, 0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as file:
                stat = file.read()
        except OSError:
            continue  # the process ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        for side in SIDES:
            if name.startswith(side[:15]):  # the kernel keeps 15 characters of a name
                totals[side] += int(fields[11]) + int(fields[12])
    return totals


# The lines folio-bench prints as a phase ends ("server peak RSS" is each phase's last figure): the
# CPU of a phase is read between the end of the one before it and its own end.
PHASE_ENDS = {"no-change": "no-change syncs: server peak", "one-change": "one-change syncs: server peak",
              "paced": "one-change syncs at 1,000/s: server peak", "one user": "one-change syncs, one user: server peak"}


def run(binary, options):
    """One load run of `binary`: (syncs/s, p99 text, CPU ms per sync by side, the other phases'
    figures, CPU ms per one-user sync by side)."""
    shutil.copy(binary, SERVER)
    report = os.path.join(ROOT, "bench-out", "server-ab.md")
    command = [BENCH, "--load-only", "--sizes", str(options.size), "--load-stores", options.store,
               "--load-seconds", str(options.seconds), "--output", report]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ticks = {}
    output = []
    for line in process.stdout:
        output.append(line)
        for phase, marker in PHASE_ENDS.items():
            if phase not in ticks and marker in line:
                ticks[phase] = cpu_ticks()
    if process.wait() != 0 or len(ticks) < len(PHASE_ENDS):
        sys.exit(f"server-ab: folio-bench failed with {binary}:\n" + "".join(output[-20:]))
    with open(report) as file:
        text = file.read()
    rate = float(re.search(r"\| one-change syncs, \d+ clients[^|]*\| [^|]*\| ([\d,.]+) syncs/s", text).group(1).replace(",", ""))
    p99 = re.search(r"\| one-change syncs: p99 latency \| [^|]*\| ([\d.,]+ ms)", text).group(1)
    paced = re.search(r"\| one-change syncs at 1,000/s: p99 latency \| [^|]*\| ([\d.,]+ ms)", text).group(1)
    one_user = re.search(r"\| one-change syncs, \d+ devices of one user[^|]*\| [^|]*\| ([\d,.]+) syncs/s", text).group(1)
    one_user_p99 = re.search(r"\| one-change syncs, one user: p99 latency \| [^|]*\| ([\d.,]+ ms)", text).group(1)
    def per_sync(start, end, syncs):
        return {side: (ticks[end][side] - ticks[start][side]) / TICKS_PER_SECOND / syncs * 1000 for side in SIDES}
    one_user_cpu = per_sync("paced", "one user", float(one_user.replace(",", "")) * options.seconds)
    return rate, p99, per_sync("no-change", "one-change", rate * options.seconds), (paced, one_user, one_user_p99), one_user_cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+", help="folio-server binaries to compare (copies: each is copied over the build's)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each binary, alternating (default 3)")
    parser.add_argument("--store", default="postgres2", help="folio-bench --load-stores value (default postgres2)")
    parser.add_argument("--size", type=int, default=1000, help="articles in the library (default 1000)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per phase (default 10)")
    options = parser.parse_args()
    for binary in options.binaries:
        if not os.access(binary, os.X_OK):
            sys.exit(f"server-ab: {binary} is not an executable")
    if not os.access(BENCH, os.X_OK):
        sys.exit(f"server-ab: build folio-bench first: swift build -c release --product folio-bench")
    saved = tempfile.NamedTemporaryFile(prefix="folio-server-", delete=False).name
    shutil.copy(SERVER, saved)
    # The build's own binary is run from its saved copy: the runs overwrite it.
    binaries = [saved if os.path.realpath(binary) == SERVER else binary for binary in options.binaries]
    names = dict(zip(binaries, options.binaries))
    width = max(len(name) for name in options.binaries)
    print(f"{'':<{width}}  {'':>8}  {'':>9}  {'CPU ms per one-change sync':>28}  {'at 1,000/s':>10}  {'one user (CPU ms per sync)':>37}")
    print(f"{'binary':<{width}}  {'syncs/s':>8}  {'p99':>9}  {'server':>8} {'postgres':>8} {'generator':>10}  {'p99':>10}  "
          f"{'syncs/s':>8} {'p99':>9} {'server':>8} {'postgres':>8}")
    try:
        for _ in range(options.rounds):
            for binary in binaries:
                rate, p99, cpu, (paced, one_user, one_user_p99), one_user_cpu = run(binary, options)
                print(f"{names[binary]:<{width}}  {rate:>8,.0f}  {p99:>9}  {cpu['folio-server']:>8.3f} {cpu['postgres']:>8.3f} "
                      f"{cpu['folio-bench']:>10.3f}  {paced:>10}  {one_user:>8} {one_user_p99:>9} "
                      f"{one_user_cpu['folio-server']:>8.3f} {one_user_cpu['postgres']:>8.3f}", flush=True)
    finally:
        shutil.copy(saved, SERVER)
        os.remove(saved)


if __name__ == "__main__":
    main()
