package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

class ArrayRingKetamaTest extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return ArrayRing.ketamaMd5();
    }

    protected long expectedPlacementChecksum()
    {
        return 0x443c67bdad3f6fa1L;
    }
}
