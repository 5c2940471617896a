package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

/**
 * The tuned ring with ketama's 160 points per node and xxh3: the suite's statistical balance
 * bound for 160-point rings (1.30) rather than the 1.20 its default of 512 points is held to.
 */
class ArrayRing160Test extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return ArrayRing.xxHash(160);
    }

    protected long expectedPlacementChecksum()
    {
        return 0x990efa6a9c9959b5L;
    }
}
