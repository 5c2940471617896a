/**
 * Faults a cluster can be put through while it serves load: the closed set of
 * {@link io.quorumbench.api.fault.FaultAction}s and the {@link io.quorumbench.api.fault.FaultInjector}
 * that embedded clusters and the process runner implement, each saying how it realises an action.
 */
package io.quorumbench.api.fault;
