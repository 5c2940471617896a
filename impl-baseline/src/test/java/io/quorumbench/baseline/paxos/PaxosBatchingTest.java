package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code batch} and {@code window} options of the baseline leader, on node 1 driven by hand
 * ({@link PaxosHarness}): how many commands a slot carries, how many slots are in phase 2 at once.
 */
class PaxosBatchingTest
{
    private static final byte[] COMMAND = new byte[16];

    @TempDir
    Path dir;

    private static long becomeLeader(final PaxosHarness h)
    {
        final long ballot = h.timeOut();
        h.deliver(2, new PaxosMessage.Promise(ballot, true, ballot, 0, List.of()));
        assertEquals(Role.LEADER, h.node.role());
        h.sent.clear();
        return ballot;
    }

    /** Slots of the Accepts node 1 sent to node 2 since the last clear. */
    private static TreeSet<Long> proposedSlots(final PaxosHarness h)
    {
        final TreeSet<Long> slots = new TreeSet<>();
        for (final PaxosHarness.Sent sent : h.sent)
        {
            if (2 == sent.to() && sent.message() instanceof PaxosMessage.Accept accept)
            {
                slots.add(accept.slot());
            }
        }
        return slots;
    }

    private int slotsForTenCommands(final Path data, final PaxosOptions options)
    {
        // fsync BATCH: commands queue until the end of the step, so all ten are there to batch
        try (PaxosHarness h = new PaxosHarness(data, FsyncPolicy.BATCH, options))
        {
            becomeLeader(h);
            for (int sequence = 1; sequence <= 10; sequence++)
            {
                h.node.onClientCommand(7, sequence, COMMAND, 0, COMMAND.length);
            }
            h.tick(1);
            return proposedSlots(h).size();
        }
    }

    @Test
    void shouldPutOneCommandPerSlotWithBatchOne()
    {
        assertEquals(10, slotsForTenCommands(dir.resolve("one"), new PaxosOptions(1, PaxosNode.WINDOW)));
        assertEquals(3, slotsForTenCommands(dir.resolve("four"), new PaxosOptions(4, PaxosNode.WINDOW)));
        assertEquals(1, slotsForTenCommands(dir.resolve("adaptive"), new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, PaxosNode.WINDOW)));
    }

    private int mostSlotsInFlight(final Path data, final PaxosOptions options)
    {
        try (PaxosHarness h = new PaxosHarness(data, FsyncPolicy.BATCH, options))
        {
            final long ballot = becomeLeader(h);
            for (int sequence = 1; sequence <= 20; sequence++)
            {
                h.node.onClientCommand(7, sequence, COMMAND, 0, COMMAND.length);
            }
            h.tick(1);
            int most = 0;
            long acked = 0;
            for (int round = 0; round < 40 && acked < 20; round++)
            {
                final TreeSet<Long> inFlight = proposedSlots(h);
                inFlight.removeIf(slot -> slot <= h.node.commitIndex());
                most = Math.max(most, inFlight.size());
                h.sent.clear();
                for (final long slot : inFlight)
                {
                    h.deliver(2, new PaxosMessage.Accepted(ballot, slot, true, ballot, 0));
                    acked = Math.max(acked, slot);
                }
            }
            assertEquals(20, h.node.commitIndex());
            return most;
        }
    }

    @Test
    void shouldNeverHaveTwoSlotsInFlightWithWindowOne()
    {
        assertEquals(1, mostSlotsInFlight(dir.resolve("one"), new PaxosOptions(1, 1)));
        assertEquals(8, mostSlotsInFlight(dir.resolve("eight"), new PaxosOptions(1, 8)));
    }

    @Test
    void shouldDeclareAndCheckTheOptionsInTheRegistry()
    {
        final Implementation implementation = Registry.discover().get("paxos", "baseline");
        assertTrue(implementation.options().containsKey(PaxosOptions.BATCH_OPTION));
        assertTrue(implementation.options().containsKey(PaxosOptions.WINDOW_OPTION));
        final BaselinePaxosFactory factory = (BaselinePaxosFactory)implementation.embeddedNodeFactory(
            Map.of(PaxosOptions.BATCH_OPTION, "64", PaxosOptions.WINDOW_OPTION, "16")).orElseThrow();
        assertEquals(new PaxosOptions(64, 16), factory.options());
        final ClusterContext bad = new ClusterContext().option(PaxosOptions.WINDOW_OPTION, "12").conclude();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> bad.checkOptions(implementation));
        assertTrue(ex.getMessage().startsWith("option window:"), ex.getMessage());
    }
}
