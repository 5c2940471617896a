/**
 * What is sent and how answers are checked. A {@link io.quorumbench.loadgen.workload.Workload}
 * encodes commands for the target's state machine through per-sender
 * {@link io.quorumbench.loadgen.workload.WorkloadSession}s (no allocation per request), keeps the
 * history and acknowledged writes it needs, and after the run returns a
 * {@link io.quorumbench.loadgen.workload.Verification}: one
 * {@link io.quorumbench.api.results.CheckResult} per check, whose
 * {@link io.quorumbench.api.results.CheckVerdict} is PASS, FAIL or INCONCLUSIVE (or SKIPPED /
 * NOT_APPLICABLE, which never pass a check that applies), each check within its own
 * {@link io.quorumbench.loadgen.workload.CheckBudgets budget}. The KV workload lives in
 * {@code io.quorumbench.loadgen.workload.kv}; Paxos and lock workloads plug in the same way.
 */
package io.quorumbench.loadgen.workload;
