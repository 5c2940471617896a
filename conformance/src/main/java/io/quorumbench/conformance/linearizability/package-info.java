/**
 * Linearizability checking of key-value histories
 * ({@link io.quorumbench.conformance.linearizability.LinearizabilityChecker}), per key
 * (P-compositionality), with Jepsen's treatment of operations of unknown outcome and cas
 * mismatches as observations.
 *
 * <p>How the parts fit: {@code KeyOperation} classifies each invocation and completion;
 * {@code KeyHistory} applies the simplifications that change no verdict; {@code UniqueValueChecker}
 * decides a key whose written values are unique by building the order of writes directly, and
 * {@code LinearizationVerifier} replays what it built; {@code WglSearch} is the reference (Wing
 * &amp; Gong / Lowe, as Porcupine), run on the {@code Segments} a key's history is cut into;
 * {@code Witness} says which sub-histories prove a violation on their own and shrinks them. Every
 * answer is backed by something checked: a linearizable verdict by a replayed linearization or an
 * exhaustive search, a violation by the reference search on a self-contained sub-history; past
 * its bounds the checker says unknown.
 */
package io.quorumbench.conformance.linearizability;
