#!/usr/bin/env bash
# Sourced by the scripts: builds a module with the reactor (never `mvn install`) when its sources or
# those of the modules it depends on changed, then runs a main class of it on the module's classpath
# with the JVM flags of the one flags file every JVM of the harness reads (jvm.properties, below).
# Usage (after sourcing): qb_java <module> [jvm-options...] <main-class> [args...]
#                         qb_jvm_flag <key>        e.g. qb_jvm_flag qb.jvm.access
set -euo pipefail
QB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QB_JVM_PROPERTIES="$QB_ROOT/api/src/main/resources/io/quorumbench/api/runtime/jvm.properties"

qb_jvm_flag()
{
    local value
    value="$(sed -n "s/^$1=//p" "$QB_JVM_PROPERTIES")"
    [[ -n "$value" ]] || { echo "scripts: $QB_JVM_PROPERTIES has no $1" >&2; return 1; }
    echo "$value"
}

qb_build()
{
    local module="$1"
    local stamp="$QB_ROOT/$module/target/classpath.txt"
    if [[ ! -f "$stamp" || ! -d "$QB_ROOT/$module/target/classes" ]] || \
       [[ -n "$(find "$QB_ROOT"/pom.xml "$QB_ROOT"/{api,conformance,impl-baseline,impl-lockfree,jmh,cluster,analysis,peers,loadgen}/{pom.xml,src/main} \
                -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
        echo "building $module (mvn -pl $module -am package) ..." >&2
        (cd "$QB_ROOT" && mvn -B -q -ntp -Dspotless.check.skip=true -pl "$module" -am package dependency:build-classpath \
            -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2)
        # the plugin leaves an unchanged classpath file alone: mark the build done, or every run rebuilds
        touch "$stamp"
    fi
}

qb_java()
{
    local module="$1"; shift
    qb_build "$module"
    local cp access heap
    cp="$QB_ROOT/$module/target/classes:$(cat "$QB_ROOT/$module/target/classpath.txt")"
    access="$(qb_jvm_flag qb.jvm.access)"
    heap="$(qb_jvm_flag qb.jvm.heap.tool)"
    # Reactor siblings resolve to their target/classes.
    # shellcheck disable=SC2086 # the flags are lists of options
    exec java $access $heap -cp "$cp" "$@"
}
