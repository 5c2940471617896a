package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots and compaction of the baseline log (Raft section 7): the files a compaction leaves,
 * recovery from a crash at each step of writing a snapshot, power loss after one, installing one,
 * and InstallSnapshot's rejection of a bad chunk.
 */
class SnapshotTest
{
    private static final int MAX_COMMAND = 1024;
    private static final ClientResponder NO_RESPONSES = new ClientResponder()
    {
        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
        }
    };

    @TempDir
    Path dir;

    private static Entry entry(final long term, final int i)
    {
        return new Entry(term, Entry.TYPE_COMMAND, 1, i, ("entry-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static void appendEntries(final FileLog log, final long term, final int from, final int to)
    {
        final List<Entry> entries = new ArrayList<>();
        for (int i = from; i <= to; i++)
        {
            entries.add(entry(term, i));
        }
        log.append(entries);
    }

    @Test
    void shouldDropCompactedEntriesAndKeepTheRestAcrossARestart()
    {
        final Path node = dir.resolve("n");
        try (FileLog log = new FileLog(node, FsyncPolicy.BATCH, MAX_COMMAND))
        {
            appendEntries(log, 1, 1, 10);
            log.saveSnapshot(6, new byte[] {1, 2, 3});
            assertEquals(6, log.snapshotIndex());
            assertEquals(10, log.lastIndex());
            assertEquals(1, log.termAt(6));
            assertThrows(IllegalArgumentException.class, () -> log.termAt(5));
            assertThrows(IllegalArgumentException.class, () -> log.entryAt(6));
        }
        assertFalse(Files.exists(node.resolve(FileLog.LOG_FILE)), "the old log file is deleted");
        assertTrue(Files.exists(node.resolve(FileLog.logFileName(7))));
        try (FileLog log = new FileLog(node, FsyncPolicy.BATCH, MAX_COMMAND))
        {
            assertEquals(6, log.snapshotIndex());
            assertEquals(1, log.snapshotTerm());
            assertArrayEquals(new byte[] {1, 2, 3}, log.snapshotImage());
            assertEquals(10, log.lastIndex());
            assertArrayEquals(entry(1, 7).command(), log.entryAt(7).command());
        }
    }

    @Test
    void shouldFinishACompactionInterruptedAfterTheSnapshotWasWritten() throws IOException
    {
        // The crash point between the two renames: the new snapshot is in place, the log file is the
        // old one holding the entries the snapshot covers.
        final Path node = dir.resolve("n");
        final Path other = dir.resolve("other");
        try (FileLog log = new FileLog(node, FsyncPolicy.ALWAYS, MAX_COMMAND);
            FileLog copy = new FileLog(other, FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            appendEntries(log, 1, 1, 10);
            appendEntries(copy, 1, 1, 10);
            copy.saveSnapshot(4, new byte[] {9});
        }
        Files.copy(other.resolve(FileLog.SNAPSHOT_FILE), node.resolve(FileLog.SNAPSHOT_FILE), StandardCopyOption.REPLACE_EXISTING);
        try (FileLog log = new FileLog(node, FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            assertEquals(4, log.snapshotIndex());
            assertEquals(10, log.lastIndex());
            assertArrayEquals(entry(1, 5).command(), log.entryAt(5).command());
        }
        assertFalse(Files.exists(node.resolve(FileLog.LOG_FILE)));
    }

    @Test
    void shouldIgnoreHalfWrittenSnapshotAndLogFilesOfACrashMidSnapshot() throws IOException
    {
        final Path node = dir.resolve("n");
        try (FileLog log = new FileLog(node, FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            appendEntries(log, 1, 1, 5);
        }
        Files.write(node.resolve("snapshot.tmp"), new byte[] {1, 2, 3});
        Files.write(node.resolve(FileLog.logFileName(4) + ".tmp"), new byte[] {4, 5});
        try (FileLog log = new FileLog(node, FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            assertEquals(0, log.snapshotIndex());
            assertNull(log.snapshotImage());
            assertEquals(5, log.lastIndex());
        }
        assertFalse(Files.exists(node.resolve("snapshot.tmp")));
        assertFalse(Files.exists(node.resolve(FileLog.logFileName(4) + ".tmp")));
    }

    @Test
    void shouldKeepTheSnapshotAcrossPowerLossWithFsyncBatch()
    {
        final Path node = dir.resolve("n");
        final FileLog log = new FileLog(node, FsyncPolicy.BATCH, MAX_COMMAND);
        appendEntries(log, 1, 1, 8);
        log.saveSnapshot(8, new byte[] {7});
        appendEntries(log, 1, 9, 9);
        log.crash(true);
        try (FileLog recovered = new FileLog(node, FsyncPolicy.BATCH, MAX_COMMAND))
        {
            assertEquals(8, recovered.snapshotIndex());
            assertArrayEquals(new byte[] {7}, recovered.snapshotImage());
            assertEquals(8, recovered.lastIndex(), "the unforced entry above the snapshot is lost, the snapshot is not");
        }
    }

    @Test
    void shouldDiscardTheWholeLogWhenAnInstalledSnapshotDisagreesWithIt()
    {
        // Reference: section 7 ("if the follower has no entry matching the snapshot's last one, discard the log").
        try (FileLog log = new FileLog(dir.resolve("n"), FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            appendEntries(log, 1, 1, 10);
            log.installSnapshot(6, 2, new byte[] {1});
            assertEquals(6, log.lastIndex());
            assertEquals(2, log.termAt(6));
        }
    }

    @Test
    void shouldKeepTheEntriesAfterAnInstalledSnapshotThatMatchesTheLog()
    {
        try (FileLog log = new FileLog(dir.resolve("n"), FsyncPolicy.ALWAYS, MAX_COMMAND))
        {
            appendEntries(log, 1, 1, 10);
            log.installSnapshot(6, 1, new byte[] {1});
            assertEquals(10, log.lastIndex());
            assertArrayEquals(entry(1, 8).command(), log.entryAt(8).command());
        }
    }

    @Test
    void shouldRestartFromItsSnapshotAndReplayOnlyTheSuffix()
    {
        final KvStateMachine first = new KvStateMachine();
        final Path node = dir.resolve("n");
        try (RaftNode raft = new RaftNode(config(first, node), 4))
        {
            electAndPut(raft, 10);
            assertTrue(raft.snapshotsTaken() > 0, "a snapshot was taken");
            assertTrue(raft.snapshotIndex() > 0);
            assertTrue(raft.lastSnapshotBytes() > 0);
        }
        final KvStateMachine second = new KvStateMachine();
        try (RaftNode raft = new RaftNode(config(second, node), 4))
        {
            assertTrue(raft.lastApplied() >= raft.snapshotIndex());
            assertEquals(raft.snapshotIndex(), second.lastAppliedIndex(), "restored at the snapshot index, suffix not yet applied");
            raft.onTick(0);
            raft.onTick(1_000_000_000L);
            raft.onTick(2_000_000_000L);
            assertEquals(first.stateDigest(), second.stateDigest(), "snapshot plus replayed suffix equal the old state");
        }
    }

    @Test
    void shouldRejectAndCountASnapshotChunkWithABadCrc()
    {
        final List<byte[]> sent = new ArrayList<>();
        final NodeConfig config = new NodeConfig(7, 2, new int[] {1, 2, 3},
            (to, frame, offset, length) -> sent.add(Arrays.copyOfRange(frame, offset, offset + length)),
            NO_RESPONSES,
            new KvStateMachine(), dir.resolve("f"), FsyncPolicy.NONE, 1, 100_000_000L, 200_000_000L, 10_000_000L, MAX_COMMAND);
        try (RaftNode follower = new RaftNode(config, 4))
        {
            final RaftCodec leader = new RaftCodec(7, 1, MAX_COMMAND);
            final byte[] frame = leader.encode(new RaftMessage.InstallSnapshot(1, 5, 1, 0, 3, 12345, new byte[] {1, 2, 3}));
            follower.onMessage(1, frame, 0, frame.length);

            assertEquals(1, follower.rejectedSnapshotChunks());
            assertEquals(0, follower.snapshotIndex());
            final RaftMessage answer = new RaftCodec(7, 1, MAX_COMMAND).decode(2, sent.get(sent.size() - 1), 0,
                sent.get(sent.size() - 1).length, id -> true);
            assertEquals(new RaftMessage.InstallSnapshotResponse(1, 5, 0, false), answer);
        }
    }

    private NodeConfig config(final KvStateMachine machine, final Path node)
    {
        return new NodeConfig(7, 1, new int[] {1}, (to, frame, offset, length) ->
        {
        },
            NO_RESPONSES,
            machine, node, FsyncPolicy.ALWAYS, 1, 100_000_000L, 200_000_000L, 10_000_000L, MAX_COMMAND);
    }

    private static void electAndPut(final RaftNode raft, final int puts)
    {
        raft.onTick(0);
        raft.onTick(1_000_000_000L);
        final byte[] command = new byte[64];
        for (int i = 0; i < puts; i++)
        {
            final int length = KvCommand.encodePut(command, 0, ("k" + i).getBytes(StandardCharsets.UTF_8),
                ("v" + i).getBytes(StandardCharsets.UTF_8));
            raft.onClientCommand(1, i + 1, command, 0, length);
            raft.onTick(1_000_000_000L + i);
        }
    }
}
