package io.quorumbench.api.registry;

/**
 * What an implementation is in a comparison: the plain baseline every ratio is taken against, a
 * tuned implementation of this project, or an existing engine users would otherwise deploy.
 */
public enum ImplementationKind
{
    /** The plain Java a competent engineer writes first; the denominator of every ratio. */
    BASELINE,
    /** This project's tuned implementation (Aeron, Agrona, zero allocation on the hot path). */
    TUNED,
    /** An existing engine measured for comparison (Aeron Cluster, Apache Ratis), configured, not changed. */
    PEER
}
