#!/usr/bin/env bash
# The last step of scripts/bench: a short in-process load run of each protocol's implementations (Raft
# and Multi-Paxos, tuned and baseline) at the same offered rate (3 nodes, no fsync, KV 50% reads), then
# one table side by side; the report draws each scenario's runs of both protocols on one chart. About
# 1 minute in all.
# Usage: scripts/lib/load-side-by-side.sh [RATE] [DURATION]   (defaults 5000 and 10s, 2s of warm-up)
# Exit 1 if a run failed (behind schedule, not linearizable, lost writes) or wrote no summary, else 3 if a
# run was inconclusive (a check did not decide), else 0: the table judges every run's summary.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java.sh"
RATE="${1:-5000}"
DURATION="${2:-10s}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dirs=()
for pair in raft/lockfree raft/baseline paxos/lockfree paxos/baseline; do
    protocol="${pair%/*}"
    impl="${pair#*/}"
    dir="$QB_ROOT/results/$stamp-load-$protocol-$impl"
    dirs+=("$dir")
    echo "--- $pair: $RATE ops/s for $DURATION -> $dir"
    # a failed or inconclusive run still writes its summary; the table says why and sets the exit code
    # the tuned cluster runs on the sender thread: at moderate rates on 2 cores that is its
    # lowest-latency layout (loadgen/LOADGEN.md, Targets); the summary's context says so
    extra=()
    [ "$impl" = lockfree ] && extra=(--cluster-on-sender)
    (qb_java loadgen -Xms1g io.quorumbench.loadgen.LoadGenCommand --protocol "$protocol" --impl "$impl" --rate "$RATE" \
        --duration "$DURATION" --warmup 2s --quiet --out "$dir" "${extra[@]}" | tail -n 3) || true
done
qb_java loadgen io.quorumbench.loadgen.SideBySideTable "${dirs[@]}"
