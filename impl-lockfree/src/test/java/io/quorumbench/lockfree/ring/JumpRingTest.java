package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

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
