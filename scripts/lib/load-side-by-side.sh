#!/usr/bin/env bash
# A step of scripts/bench: a short in-process load run of each implementation at the same offered rate
# (3 nodes, no fsync, KV 50% reads), then one table side by side; the report draws each scenario's runs
# of every protocol on one chart. About 15 s per implementation.
# Usage: scripts/lib/load-side-by-side.sh [RATE] [DURATION] [PAIR...]   (defaults 5000, 10s and the Raft and
#        Multi-Paxos pairs raft/lockfree raft/baseline paxos/lockfree paxos/baseline; 2s of warm-up).
#        PAIR is protocol/impl from the registry (scripts/loadgen --list-impls), or an impl of Raft, e.g. the
#        peers aeron-cluster and ratis.
# Exit 1 if a run failed (behind schedule, not linearizable, lost writes) or wrote no summary, else 3 if a
# run was inconclusive (a check did not decide), else 0: the table judges every run's summary.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java.sh"
RATE="${1:-5000}"
DURATION="${2:-10s}"
shift $(( $# < 2 ? $# : 2 ))
pairs=("$@")
[ ${#pairs[@]} -gt 0 ] || pairs=(raft/lockfree raft/baseline paxos/lockfree paxos/baseline)
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dirs=()
for pair in "${pairs[@]}"; do
    [[ "$pair" == */* ]] || pair="raft/$pair"
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
