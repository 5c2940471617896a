package io.quorumbench.baseline.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingConformanceSuite;

class KetamaRingTest extends RingConformanceSuite
{
    protected ConsistentHashRing newRing()
    {
        return new KetamaRing();
    }

    protected long expectedPlacementChecksum()
    {
        return 0x443c67bdad3f6fa1L;
    }
}
