package io.quorumbench.api.consensus;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest
{
    private static final StateMachine NO_OP = new StateMachine()
    {
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            return 0;
        }

        public int maxResultLength()
        {
            return 0;
        }
    };

    private static final ClientResponder IGNORE = new ClientResponder()
    {
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
        }

        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
        }
    };

    private static NodeConfig config(final int nodeId, final int[] members, final long minNs, final long maxNs, final long hbNs)
    {
        return new NodeConfig(7, nodeId, members, (to, f, o, l) -> {}, IGNORE, NO_OP, Path.of("/tmp/x"),
            FsyncPolicy.NONE, 1L, minNs, maxNs, hbNs, 1024);
    }

    @Test
    void shouldSortMembersAndComputeMajority()
    {
        final NodeConfig config = config(2, new int[]{ 3, 1, 2 }, 150, 300, 50);
        assertArrayEquals(new int[]{ 1, 2, 3 }, config.memberIds());
        assertEquals(2, config.quorum());
        assertEquals(3, config(1, new int[]{ 1, 2, 3, 4, 5 }, 150, 300, 50).quorum());
    }

    @Test
    void shouldRejectNodeThatIsNotAMember()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> config(9, new int[]{ 1, 2, 3 }, 150, 300, 50));
        assertTrue(ex.getMessage().contains("nodeId 9"), ex.getMessage());
    }

    @Test
    void shouldRejectDuplicateMembersAndBadTimeouts()
    {
        assertThrows(IllegalArgumentException.class, () -> config(1, new int[]{ 1, 1, 2 }, 150, 300, 50));
        assertThrows(IllegalArgumentException.class, () -> config(1, new int[]{ 1, 2, 3 }, 300, 150, 50));
        assertThrows(IllegalArgumentException.class, () -> config(1, new int[]{ 1, 2, 3 }, 150, 300, 150));
    }
}
