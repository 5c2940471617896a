#!/usr/bin/env bash
# The last step of scripts/bench: a short in-process load run of each implementation at the same
# offered rate (3 nodes, no fsync, KV 50% reads), then one table side by side. About 30 s in all.
# Usage: scripts/lib/load-side-by-side.sh [RATE] [DURATION] [IMPL...]   (defaults 5000, 10s, lockfree baseline;
#        2s of warm-up). IMPL is any Raft implementation of the registry, e.g. the peers aeron-cluster and ratis.
# Exit 1 if a run failed (behind schedule, not linearizable, lost writes) or wrote no summary, else 3 if a
# run was inconclusive (a check did not decide), else 0: the table judges every run's summary.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java.sh"
RATE="${1:-5000}"
DURATION="${2:-10s}"
shift $(( $# < 2 ? $# : 2 ))
impls=("$@")
[ ${#impls[@]} -gt 0 ] || impls=(lockfree baseline)
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dirs=()
for impl in "${impls[@]}"; do
    dir="$QB_ROOT/results/$stamp-load-$impl"
    dirs+=("$dir")
    echo "--- $impl: $RATE ops/s for $DURATION -> $dir"
    # a failed or inconclusive run still writes its summary; the table says why and sets the exit code
    # the tuned cluster runs on the sender thread: at moderate rates on 2 cores that is its
    # lowest-latency layout (loadgen/LOADGEN.md, Targets); the summary's context says so
    extra=()
    [ "$impl" = lockfree ] && extra=(--cluster-on-sender)
    (qb_java loadgen -Xms1g io.quorumbench.loadgen.LoadGenCommand --protocol raft --impl "$impl" --rate "$RATE" \
        --duration "$DURATION" --warmup 2s --quiet --out "$dir" "${extra[@]}" | tail -n 3) || true
done
qb_java loadgen io.quorumbench.loadgen.SideBySideTable "${dirs[@]}"
