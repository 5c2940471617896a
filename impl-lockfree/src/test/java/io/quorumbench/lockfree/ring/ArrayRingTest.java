package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

/**
 * The tuned ring at its default of {@value ArrayRing#DEFAULT_POINTS_PER_NODE} points per node,
 * held to the balance bound of 1.20 (see {@link ArrayRing#DEFAULT_POINTS_PER_NODE} for
 * why 160 points cannot be held to it); {@link ArrayRing160Test} keeps ketama's count honest too.
 */
class ArrayRingTest extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return ArrayRing.xxHash();
    }

    protected long expectedPlacementChecksum()
    {
        return 0x2e0ad9ce5437ae93L;
    }

    protected double maxBalanceRatio()
    {
        return 1.20;
    }
}
