/**
 * Safety checks of replicated logs. {@link io.quorumbench.conformance.check.InvariantChecker}
 * watches every node of a simulated cluster after every step (election safety, log matching,
 * leader completeness, state machine safety, commit monotonicity) and throws an
 * {@link io.quorumbench.conformance.check.InvariantViolation} naming the invariant, node, index,
 * term and the run's seed. Client-visible correctness (no acknowledged write lost) is checked
 * separately on the run's history by the linearizability checker.
 */
package io.quorumbench.conformance.check;
