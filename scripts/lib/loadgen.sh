#!/usr/bin/env bash
# Sourced by scripts/compare, gate, flame, report: builds the loadgen module with the reactor (never
# `mvn install`) when its sources changed, then runs a main class of it on the module's classpath.
# Usage (after sourcing): qb_loadgen_java <main-class> [args...]
set -euo pipefail
QB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

qb_loadgen_build()
{
    local stamp="$QB_ROOT/loadgen/target/classpath.txt"
    if [[ ! -f "$stamp" || ! -d "$QB_ROOT/loadgen/target/classes" ]] || \
       [[ -n "$(find "$QB_ROOT"/pom.xml "$QB_ROOT"/{api,conformance,impl-baseline,impl-lockfree,loadgen}/{pom.xml,src/main} \
                -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
        echo "building loadgen (mvn -pl loadgen -am package) ..." >&2
        (cd "$QB_ROOT" && mvn -B -q -ntp -pl loadgen -am package dependency:build-classpath \
            -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2)
        # the plugin leaves an unchanged classpath file alone: mark the build done, or every run rebuilds
        touch "$stamp"
    fi
}

qb_loadgen_java()
{
    qb_loadgen_build
    local cp
    cp="$QB_ROOT/loadgen/target/classes:$(cat "$QB_ROOT/loadgen/target/classpath.txt")"
    # Reactor siblings resolve to their target/classes; keep the JVM flags the harness uses everywhere.
    exec java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Xmx1g -cp "$cp" "$@"
}
