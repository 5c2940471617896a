#!/usr/bin/env bash
# The lock step of scripts/bench: the lock service on the tuned Raft log in process, one uncontended
# and one contended run (loadgen --workload lock), each judged by the log's lock checkers and against
# its own commit p50 (targets.json). About 40 s in all.
# Usage: scripts/lib/lock-runs.sh OUT_DIR [DURATION]   (default 5s, 1s of warm-up)
# Exit 1 if a run failed, else 3 if one was inconclusive, else 0. The runs write lock-summary.json,
# not summary.json, so they live under OUT_DIR (the bench run's own directory), not as load runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java.sh"
OUT="${1:?usage: lock-runs.sh OUT_DIR [DURATION]}"
DURATION="${2:-5s}"
worst=0
run() {
    local name="$1"; shift
    local rc=0
    echo "--- lock $name -> $OUT/lock-$name"
    qb_java loadgen -Xms512m io.quorumbench.loadgen.LoadGenCommand --workload lock --protocol raft --impl lockfree \
        --duration "$DURATION" --warmup 1s --out "$OUT/lock-$name" "$@" | tail -n 9 || rc=$?
    if [[ $rc -eq 1 || ( $rc -ne 0 && $worst -ne 1 ) ]]; then worst=$rc; fi
}
run uncontended --lock-mode uncontended --lock-clients 16 --rate 1000
run contended --lock-mode contended --lock-clients 16 --locks 4 --hold 1ms --rate 400
exit "$worst"
