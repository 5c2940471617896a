package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

class ArrayRingTest extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return ArrayRing.xxHash();
    }

    protected long expectedPlacementChecksum()
    {
        return 0x990efa6a9c9959b5L;
    }
}
