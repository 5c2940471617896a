/**
 * Linearizability checking of key-value histories
 * ({@link io.quorumbench.conformance.linearizability.LinearizabilityChecker}): per-key
 * decomposition and the Wing &amp; Gong / Lowe search with memoisation that Porcupine uses, with
 * Jepsen's treatment of operations of unknown outcome, explicit bounds that yield "unknown" instead
 * of a hang, and a shrunk witness when a key's sub-history is not linearizable.
 */
package io.quorumbench.conformance.linearizability;
