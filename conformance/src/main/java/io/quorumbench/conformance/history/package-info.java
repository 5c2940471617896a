/**
 * Histories of client operations on a key-value store, in Jepsen's model: each operation is an
 * {@code invoke} followed by one of {@code ok} (took effect), {@code fail} (did not) or
 * {@code info} (unknown). {@link io.quorumbench.conformance.history.History} records them;
 * {@link io.quorumbench.conformance.history.HistoryWriter} and
 * {@link io.quorumbench.conformance.history.HistoryReader} store them as JSON lines, one entry per
 * line, in the format documented in {@code conformance/HISTORY-FORMAT.md}, so Porcupine, Knossos
 * or Elle can check the same files the kit's own
 * {@link io.quorumbench.conformance.linearizability.LinearizabilityChecker} checks.
 */
package io.quorumbench.conformance.history;
