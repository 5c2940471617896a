/**
 * {@code scripts/check-history}: {@link io.quorumbench.loadgen.history.CheckHistoryCommand} checks
 * any history file in the conformance kit's JSON-lines format (the load generator's
 * {@code history.jsonl}, the simulator's, or another tool's converted to it) with the kit's
 * {@link io.quorumbench.conformance.linearizability.LinearizabilityChecker}.
 */
package io.quorumbench.loadgen.history;
