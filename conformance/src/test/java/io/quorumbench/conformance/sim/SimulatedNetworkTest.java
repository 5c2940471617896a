package io.quorumbench.conformance.sim;

import io.quorumbench.conformance.testnodes.EchoNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated network on its own, observed by protocol-less echo nodes: each of 3 nodes sends
 * each peer 100 numbered frames with a CRC, so loss, duplication, damage, reordering and clogging
 * can be counted exactly.
 */
class SimulatedNetworkTest
{
    private static final int FRAMES = 100;
    private static final int LINKS = 6;
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withClients(0);

    private EchoNode.Received run(final FaultPlan plan, final long seed, final long faultNs)
    {
        final EchoNode.Received received = new EchoNode.Received();
        try (Simulation sim = new Simulation(EchoNode.factory(received, FRAMES), CONFIG, plan, seed))
        {
            sim.startFaults();
            sim.runUntil(() -> false, faultNs);
            sim.heal();
            sim.runUntil(() -> false, faultNs + 2_000_000_000L);
        }
        return received;
    }

    private static int duplicates(final EchoNode.Received received)
    {
        final Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (final long[] a : received.arrivals)
        {
            if (!seen.add(a[0] + "/" + a[1] + "/" + a[2]))
            {
                duplicates++;
            }
        }
        return duplicates;
    }

    private static int outOfOrder(final EchoNode.Received received)
    {
        final Map<String, Long> last = new HashMap<>();
        int late = 0;
        for (final long[] a : received.arrivals)
        {
            final String link = a[1] + "->" + a[0];
            final long previous = last.getOrDefault(link, 0L);
            if (a[2] < previous)
            {
                late++;
            }
            last.put(link, Math.max(previous, a[2]));
        }
        return late;
    }

    private static long rejected(final EchoNode.Received received)
    {
        return received.rejectedByNode.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void shouldDeliverEveryFrameOnceIntactWithoutFaults()
    {
        final EchoNode.Received received = run(FaultPlan.none(), 1, 1_000_000_000L);
        assertEquals(FRAMES * LINKS, received.arrivals.size());
        assertEquals(0, duplicates(received));
        assertEquals(0, rejected(received));
    }

    @Test
    void shouldDropAboutTheConfiguredShare()
    {
        final EchoNode.Received received = run(FaultPlan.drop(), 2, 1_000_000_000L);
        final int delivered = received.arrivals.size();
        // 600 frames at p=0.15: mean 510, sd ~8.7; the bounds are over 6 sd wide
        assertTrue(delivered > 455 && delivered < 565, "delivered " + delivered);
        assertEquals(0, duplicates(received));
    }

    @Test
    void shouldDuplicateFrames()
    {
        final EchoNode.Received received = run(FaultPlan.duplicate(), 3, 1_000_000_000L);
        assertTrue(duplicates(received) > 60, "duplicates " + duplicates(received));
        assertEquals(FRAMES * LINKS + duplicates(received), received.arrivals.size());
    }

    @Test
    void shouldReorderFrames()
    {
        final EchoNode.Received received = run(FaultPlan.reorder(), 4, 1_000_000_000L);
        assertEquals(FRAMES * LINKS, received.arrivals.size());
        assertTrue(outOfOrder(received) > 30, "out of order " + outOfOrder(received));
    }

    @Test
    void shouldDamageFramesSoReceiversRejectThem()
    {
        final EchoNode.Received received = run(FaultPlan.corrupt(), 5, 1_000_000_000L);
        final long rejected = rejected(received);
        assertTrue(rejected > 40, "rejected " + rejected);
        assertEquals(FRAMES * LINKS, received.arrivals.size() + rejected, "every frame arrives, intact or rejected");
    }

    @Test
    void shouldCutLinksDuringPartitionsOnly()
    {
        final EchoNode.Received partitioned = run(FaultPlan.partition(), 6, 1_000_000_000L);
        assertTrue(partitioned.arrivals.size() < FRAMES * LINKS, "some frames are lost to partitions");
        assertEquals(0, duplicates(partitioned));
    }

    @Test
    void shouldHoldFramesWhileCloggedAndDeliverThemAllAfterwards()
    {
        final EchoNode.Received received = run(FaultPlan.swizzleClog(), 7, 1_000_000_000L);
        assertEquals(FRAMES * LINKS, received.arrivals.size(), "a clog delays, it never drops");
        assertEquals(0, duplicates(received));
    }

    @Test
    void shouldReplayTheSameTraceForTheSameSeed()
    {
        final long[] hashes = new long[3];
        for (int i = 0; i < 3; i++)
        {
            final EchoNode.Received received = new EchoNode.Received();
            try (Simulation sim = new Simulation(EchoNode.factory(received, FRAMES), CONFIG, FaultPlan.chaos(), i < 2 ? 8 : 9))
            {
                sim.startFaults();
                sim.runUntil(() -> false, 1_000_000_000L);
                hashes[i] = sim.traceHash();
            }
        }
        assertEquals(hashes[0], hashes[1]);
        assertTrue(hashes[0] != hashes[2], "another seed gives another trace");
    }
}
