package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

/**
 * Jump hash against the ring contract. Removing a node other than the last-added one moves the
 * last bucket's name into the gap, which moves {@code (1/n)(2 - 1/(n-1))} of keys, about twice the
 * ideal (measured 1.95-2.01 × at n = 100; {@link JumpRingMovementTest} checks the formula itself),
 * half of it between surviving nodes: hence the 2.2 × bound and no minimality claim for removal.
 * Adding a node is minimal.
 */
class JumpRingTest extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return new JumpRing();
    }

    protected long expectedPlacementChecksum()
    {
        return 0xc396d82cac1aab88L;
    }

    protected double maxBalanceRatio()
    {
        return 1.05;
    }

    protected boolean minimalOnArbitraryRemoval()
    {
        return false;
    }

    protected double maxRemovalMovementFactor()
    {
        return 2.2;
    }

    protected boolean supportsWeights()
    {
        return false;
    }
}
