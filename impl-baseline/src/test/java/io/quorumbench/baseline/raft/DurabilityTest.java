package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurabilityTest
{
    @TempDir
    Path dir;

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Entry entry(final long term, final int i)
    {
        return new Entry(term, Entry.TYPE_COMMAND, 1, i, bytes("entry-" + i));
    }

    @Test
    void shouldKeepEverythingAcrossPowerLossUnderAlways()
    {
        // Reference: section 5.2 / figure 2 ("persistent state ... updated on stable storage before responding").
        try (TestCluster c = new TestCluster(dir, 1, FsyncPolicy.ALWAYS))
        {
            final RaftNode leader = c.awaitLeader(100);
            for (int i = 1; i <= 3; i++)
            {
                leader.onClientCommand(1, i, bytes("c" + i), 0, 2);
            }
            c.run(5);
            assertEquals(3, c.stateMachines[1].applied.size());
            final long term = leader.term();
            c.crash(1, true);
            c.start(1);
            assertEquals(4, c.node(1).lastLogIndex());
            assertEquals(term, c.node(1).term());
            c.awaitLeader(100);
            c.run(5);
            assertEquals(3, c.stateMachines[1].applied.size(), "recovered log is re-applied");
            assertArrayEquals(bytes("c3"), c.stateMachines[1].applied.lastEntry().getValue());
        }
    }

    @Test
    void shouldGroupCommitUnderBatchAndLoseOnlyUnsyncedEntriesOnPowerLoss()
    {
        try (TestCluster c = new TestCluster(dir, 1, FsyncPolicy.BATCH))
        {
            RaftNode leader = c.awaitLeader(100);
            leader.onClientCommand(1, 1, bytes("synced"), 0, 6);
            leader.onClientCommand(1, 2, bytes("synced"), 0, 6);
            // Nothing is acknowledged before the batch is forced.
            assertTrue(c.responders[1].outcomes.isEmpty());
            c.run(1);
            assertEquals(2, c.responders[1].outcomes.size());
            leader.onClientCommand(1, 3, bytes("unsynced"), 0, 8);
            assertEquals(4, leader.lastLogIndex());
            assertTrue(c.responders[1].outcomes.size() == 2, "unsynced command must not be acknowledged");

            c.crash(1, true);
            c.start(1);
            assertEquals(3, c.node(1).lastLogIndex(), "the un-forced, unacknowledged entry is lost, the rest kept");

            leader = c.awaitLeader(100);
            leader.onClientCommand(1, 3, bytes("unsynced"), 0, 8);
            c.run(1);
            c.crash(1, false);
            c.start(1);
            assertEquals(5, c.node(1).lastLogIndex(), "a process crash loses nothing written");
        }
    }

    @Test
    void shouldLoseUnforcedStateOnPowerLossUnderNoneButNotOnProcessCrash()
    {
        // NONE never forces: documented as unsafe under power loss (term and vote may be lost too).
        try (TestCluster c = new TestCluster(dir, 1, FsyncPolicy.NONE))
        {
            RaftNode leader = c.awaitLeader(100);
            leader.onClientCommand(1, 1, bytes("x"), 0, 1);
            c.run(2);
            assertEquals(1, c.responders[1].outcomes.size());
            c.crash(1, false);
            c.start(1);
            assertEquals(2, c.node(1).lastLogIndex());
            assertEquals(1, c.node(1).term());

            // The simulation treats what a restart read back as on disk; what this incarnation adds
            // (a new term, its no-op, a command) is never forced and a power loss takes it.
            leader = c.awaitLeader(100);
            assertEquals(2, leader.term());
            leader.onClientCommand(1, 2, bytes("y"), 0, 1);
            c.run(2);
            assertEquals(1, c.responders[1].outcomes.size(), "the restarted node's responder saw the commit");
            assertEquals(4, leader.lastLogIndex());
            c.crash(1, true);
            c.start(1);
            assertEquals(2, c.node(1).lastLogIndex(), "acknowledged command lost: NONE promises nothing on power loss");
            assertEquals(1, c.node(1).term());
        }
    }

    @Test
    void shouldKeepVoteAcrossPowerLossUnlessPolicyIsNone()
    {
        // Reference: section 5.2: one vote per term, even across a restart.
        try (FileLog log = new FileLog(dir.resolve("batch"), FsyncPolicy.BATCH, 64))
        {
            log.setHardState(5, 2);
            log.crash(true);
        }
        try (FileLog log = new FileLog(dir.resolve("batch"), FsyncPolicy.BATCH, 64))
        {
            assertEquals(5, log.term());
            assertEquals(2, log.votedFor());
            log.setHardState(6, 3);
        }
        try (FileLog log = new FileLog(dir.resolve("batch"), FsyncPolicy.BATCH, 64))
        {
            assertEquals(6, log.term());
            assertEquals(3, log.votedFor());
        }
        try (FileLog log = new FileLog(dir.resolve("none"), FsyncPolicy.NONE, 64))
        {
            log.setHardState(5, 2);
            log.crash(true);
        }
        try (FileLog log = new FileLog(dir.resolve("none"), FsyncPolicy.NONE, 64))
        {
            assertEquals(0, log.term());
        }
    }

    @Test
    void shouldTruncateTornTailOnRecoveryAndKeepAppending() throws IOException
    {
        final Path nodeDir = dir.resolve("torn");
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 64))
        {
            for (int i = 1; i <= 5; i++)
            {
                log.append(List.of(entry(1, i)));
            }
        }
        final Path file = nodeDir.resolve(FileLog.LOG_FILE);
        final long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            ch.truncate(size - 3);
        }
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 64))
        {
            assertEquals(4, log.lastIndex());
            assertTrue(log.truncatedTailBytes() > 0);
            log.append(List.of(entry(2, 5), entry(2, 6)));
        }
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 64))
        {
            assertEquals(6, log.lastIndex());
            assertEquals(0, log.truncatedTailBytes());
            assertEquals(2, log.termAt(6));
            assertArrayEquals(bytes("entry-4"), log.entryAt(4).command());
        }
    }

    @Test
    void shouldDetectCorruptLastRecordAndGarbageTailByCrc() throws IOException
    {
        final Path nodeDir = dir.resolve("crc");
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.BATCH, 64))
        {
            log.append(List.of(entry(1, 1), entry(1, 2), entry(1, 3)));
            log.sync();
        }
        final Path file = nodeDir.resolve(FileLog.LOG_FILE);
        final byte[] content = Files.readAllBytes(file);
        content[content.length - 2] ^= 0x40;
        Files.write(file, content);
        Files.write(file, new byte[]{ 0, 0, 0, 40, 1, 2, 3, 4, 5 }, StandardOpenOption.APPEND);
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.BATCH, 64))
        {
            assertEquals(2, log.lastIndex());
            assertEquals(Files.size(file), content.length - entry(1, 3).encodedLength() - 8);
        }
    }

    @Test
    void shouldTruncateConflictingSuffixDurably()
    {
        final Path nodeDir = dir.resolve("conflict");
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 64))
        {
            log.append(List.of(entry(1, 1), entry(1, 2), entry(2, 3), entry(2, 4)));
            log.truncateFrom(3);
            log.append(List.of(entry(3, 30)));
        }
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 64))
        {
            assertEquals(3, log.lastIndex());
            assertEquals(3, log.termAt(3));
            assertArrayEquals(bytes("entry-30"), log.entryAt(3).command());
        }
    }
}
