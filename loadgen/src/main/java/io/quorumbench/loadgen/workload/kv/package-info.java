/**
 * The KV workload: PUT / GET / CAS against {@link io.quorumbench.api.kv.KvStateMachine} with
 * unique, self-describing values. {@link io.quorumbench.loadgen.workload.kv.KvWorkload} encodes
 * commands; its sessions record a bounded history ({@link io.quorumbench.loadgen.workload.kv.KvHistoryOp})
 * for a {@link io.quorumbench.loadgen.workload.kv.HistoryChecker} and feed an
 * {@link io.quorumbench.loadgen.workload.kv.AckedWriteTracker} so that, after the run, every key
 * with an acknowledged write is read back and lost acknowledged writes are counted.
 */
package io.quorumbench.loadgen.workload.kv;
