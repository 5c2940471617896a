package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.baseline.codec.FrameHeaderDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.quorumbench.baseline.raft.TestCluster.CLUSTER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class FrameRejectionTest
{
    @TempDir
    Path dir;

    private static byte[] validAppend(final int from, final long term)
    {
        final Entry entry = new Entry(term, Entry.TYPE_COMMAND, 3, 4, new byte[]{ 1, 2, 3 });
        return new RaftCodec(CLUSTER_ID, from, 1024).encode(new RaftMessage.AppendEntries(term, 0, 0, 0, List.of(entry)));
    }

    @Test
    void shouldRoundTripEveryMessageType()
    {
        final RaftCodec codec = new RaftCodec(CLUSTER_ID, 2, 1024);
        final RaftCodec decoder = new RaftCodec(CLUSTER_ID, 1, 1024);
        final List<RaftMessage> messages = List.of(
            new RaftMessage.PreVote(4, 10, 3),
            new RaftMessage.PreVoteResponse(4, true),
            new RaftMessage.RequestVote(4, 10, 3),
            new RaftMessage.RequestVoteResponse(4, false),
            new RaftMessage.AppendEntriesResponse(4, false, 9, 0, 2, 5));
        for (final RaftMessage m : messages)
        {
            final byte[] frame = codec.encode(m);
            assertEquals(m, decoder.decode(2, frame, 0, frame.length, id -> id == 2));
        }
        final byte[] frame = validAppend(2, 5);
        final RaftMessage.AppendEntries a = assertInstanceOf(
            RaftMessage.AppendEntries.class, decoder.decode(2, frame, 0, frame.length, id -> id == 2));
        assertEquals(1, a.entries().size());
        assertEquals(3, a.entries().get(0).command().length);
    }

    @Test
    void shouldDropAndCountEveryKindOfBadFrameWithoutChangingState()
    {
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.NONE))
        {
            final RaftNode node = c.node(1);
            final byte[] good = validAppend(2, 9);

            final byte[] truncated = Arrays.copyOf(good, good.length - 1);
            final byte[] badCrc = good.clone();
            badCrc[badCrc.length - 1] ^= 1;
            final byte[] badMagic = good.clone();
            badMagic[0] = 'X';
            final byte[] foreign = new RaftCodec(CLUSTER_ID + 1, 2, 1024).encode(new RaftMessage.PreVote(9, 0, 0));
            final byte[] unknownSender = new RaftCodec(CLUSTER_ID, 9, 1024).encode(new RaftMessage.PreVote(9, 0, 0));
            final byte[] absurdLength = good.clone();
            ByteBuffer.wrap(absurdLength).putInt(FrameHeaderDescriptor.BODY_LENGTH_OFFSET, Integer.MAX_VALUE);
            final byte[] negativeLength = good.clone();
            ByteBuffer.wrap(negativeLength).putInt(FrameHeaderDescriptor.BODY_LENGTH_OFFSET, -5);
            final byte[] tooShort = new byte[]{ 1, 2, 3 };

            int expected = 0;
            for (final byte[] bad : List.of(truncated, badCrc, badMagic, foreign, unknownSender, absurdLength, negativeLength, tooShort))
            {
                node.onMessage(2, bad, 0, bad.length);
                assertEquals(++expected, node.rejectedFrames());
            }
            // Sender disagrees with the transport.
            node.onMessage(3, good, 0, good.length);
            assertEquals(++expected, node.rejectedFrames());
            // Out-of-range slice and a null buffer.
            node.onMessage(2, good, 5, good.length);
            node.onMessage(2, null, 0, 0);
            expected += 2;
            assertEquals(expected, node.rejectedFrames());
            assertEquals(0, node.term(), "no bad frame may change state");
            assertEquals(0, node.lastLogIndex());

            node.onMessage(2, good, 0, good.length);
            assertEquals(expected, node.rejectedFrames());
            assertEquals(9, node.term());
            assertEquals(1, node.lastLogIndex());
        }
    }

    @Test
    void shouldSurviveRandomCorruptionOfValidFrames()
    {
        final RaftCodec decoder = new RaftCodec(CLUSTER_ID, 1, 1024);
        final byte[] good = validAppend(2, 9);
        final Random random = new Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] bad = good.clone();
            final int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++)
            {
                bad[random.nextInt(bad.length)] ^= (byte)(1 + random.nextInt(255));
            }
            final int length = random.nextInt(4) == 0 ? random.nextInt(bad.length + 1) : bad.length;
            // CRC32 detects every burst of up to 32 bits, so a frame with up to 3 flipped bytes never decodes.
            if (!Arrays.equals(bad, 0, length, good, 0, good.length))
            {
                assertNull(decoder.decode(2, bad, 0, length, id -> id == 2), "iteration " + i);
            }
        }
    }
}
