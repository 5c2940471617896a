package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.quorumbench.baseline.raft.TestCluster.CLUSTER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adversarial message sequences against one baseline node, crafted frame by frame (no clock runs,
 * so the node never starts an election of its own): the Raft rules a fault simulation reaches only
 * by luck, each test naming the paper section it guards. Node 1 is under test; nodes 2 and 3 are
 * played by the test.
 */
class RaftSafetyReviewTest
{
    @TempDir
    Path dir;

    private static Entry entry(final long term, final int sequence)
    {
        return new Entry(term, Entry.TYPE_COMMAND, 99, sequence, ("e" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static void writeLog(final Path nodeDir, final long term, final long... entryTerms)
    {
        try (FileLog log = new FileLog(nodeDir, FsyncPolicy.ALWAYS, 1024))
        {
            final List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < entryTerms.length; i++)
            {
                entries.add(entry(entryTerms[i], i + 1));
            }
            log.append(entries);
            log.setHardState(term, -1);
        }
    }

    /** Deliver a message from {@code from} to node 1 and return what node 1 answered to it. */
    private static List<RaftMessage> send(final TestCluster c, final int from, final RaftMessage message)
    {
        c.network.clear();
        final byte[] frame = new RaftCodec(CLUSTER_ID, from, 1024).encode(message);
        c.node(1).onMessage(from, frame, 0, frame.length);
        final RaftCodec decoder = new RaftCodec(CLUSTER_ID, from, 1024);
        final List<RaftMessage> answers = new ArrayList<>();
        for (final TestCluster.Frame f : c.network)
        {
            if (f.from() == 1 && f.to() == from)
            {
                answers.add(decoder.decode(1, f.bytes(), 0, f.bytes().length, id -> id != from));
            }
        }
        c.network.clear();
        return answers;
    }

    private static boolean voteGranted(final List<RaftMessage> answers)
    {
        assertEquals(1, answers.size(), answers.toString());
        if (answers.get(0) instanceof RaftMessage.RequestVoteResponse r)
        {
            return r.granted();
        }
        return assertInstanceOf(RaftMessage.PreVoteResponse.class, answers.get(0)).granted();
    }

    @Test
    void shouldRefuseVotesAndPreVotesToCandidatesWithLessUpToDateLogsSection541()
    {
        // Node 1's log: terms 1 1 2, current term 2.
        writeLog(dir.resolve("node-1"), 2, 1, 1, 2);
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.ALWAYS))
        {
            // Longer log but older last term: not up to date (later last term wins).
            assertFalse(voteGranted(send(c, 2, new RaftMessage.PreVote(3, 9, 1))));
            assertFalse(voteGranted(send(c, 2, new RaftMessage.RequestVote(3, 9, 1))));
            // Same last term, shorter log: not up to date.
            assertFalse(voteGranted(send(c, 3, new RaftMessage.PreVote(3, 2, 2))));
            assertFalse(voteGranted(send(c, 3, new RaftMessage.RequestVote(3, 2, 2))));
            // Same last term, same length: up to date; node 1 has not voted in term 3 yet.
            assertTrue(voteGranted(send(c, 3, new RaftMessage.RequestVote(3, 3, 2))));
        }
    }

    @Test
    void shouldKeepItsVoteAcrossProcessCrashAndPowerLossSection52()
    {
        // One vote per term, even across restarts (figure 2: votedFor on stable storage before answering).
        for (final boolean powerLoss : new boolean[]{ false, true })
        {
            final Path root = dir.resolve("powerLoss-" + powerLoss);
            try (TestCluster c = new TestCluster(root, 3, FsyncPolicy.BATCH))
            {
                assertTrue(voteGranted(send(c, 2, new RaftMessage.RequestVote(5, 0, 0))));
                c.crash(1, powerLoss);
                c.start(1);
                assertEquals(5, c.node(1).term());
                assertFalse(voteGranted(send(c, 3, new RaftMessage.RequestVote(5, 0, 0))), "second vote in term 5");
                assertTrue(voteGranted(send(c, 2, new RaftMessage.RequestVote(5, 0, 0))), "same candidate again");
            }
        }
    }

    @Test
    void shouldNotTruncateMatchingEntriesOnStaleDuplicatedAppendEntriesSection53()
    {
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.BATCH))
        {
            final List<Entry> three = List.of(entry(1, 1), entry(1, 2), entry(1, 3));
            final RaftMessage.AppendEntries newer = new RaftMessage.AppendEntries(1, 0, 0, 3, three);
            final RaftMessage.AppendEntries stale = new RaftMessage.AppendEntries(1, 0, 0, 0, List.of(entry(1, 1)));
            send(c, 2, newer);
            assertEquals(3, c.node(1).commitIndex());
            // The stale copy arrives late (delayed and duplicated): entries 2 and 3 match and are committed.
            final List<RaftMessage> answer = send(c, 2, stale);
            assertEquals(3, c.node(1).lastLogIndex(), "a stale AppendEntries deleted matching entries");
            assertEquals(3, c.node(1).commitIndex(), "commitIndex went backwards");
            final RaftMessage.AppendEntriesResponse r =
                assertInstanceOf(RaftMessage.AppendEntriesResponse.class, answer.get(0));
            assertTrue(r.success());
            // It acknowledges only what this message proved matching.
            assertEquals(1, r.matchIndex());
        }
    }

    @Test
    void shouldAdvanceCommitOnlyToTheLastEntryTheMessageProvedSection53()
    {
        // Node 1 holds a stale suffix of term 1 beyond what the term-2 leader's message covers.
        writeLog(dir.resolve("node-1"), 1, 1, 1, 1, 1);
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.ALWAYS))
        {
            // The leader of term 2 says index 4 is committed, but sends only a heartbeat at prev = 2.
            final List<RaftMessage> answer = send(c, 2, new RaftMessage.AppendEntries(2, 2, 1, 4, List.of()));
            assertTrue(assertInstanceOf(RaftMessage.AppendEntriesResponse.class, answer.get(0)).success());
            // Entries 3 and 4 may differ from the leader's: commit = min(leaderCommit, index of last new entry).
            assertEquals(2, c.node(1).commitIndex());
            assertEquals(2, c.node(1).lastApplied());
        }
    }

    @Test
    void shouldHintTheWholeLogWhenFollowerIsEmptyOrShorterSection53()
    {
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.ALWAYS))
        {
            final RaftMessage.AppendEntriesResponse r = assertInstanceOf(RaftMessage.AppendEntriesResponse.class,
                send(c, 2, new RaftMessage.AppendEntries(1, 7, 1, 0, List.of())).get(0));
            assertFalse(r.success());
            assertEquals(7, r.rejectedIndex());
            assertEquals(1, r.conflictIndex(), "an empty follower needs everything from index 1");
            assertEquals(0, r.conflictTerm());
            // prevLogIndex 0 always matches.
            assertTrue(assertInstanceOf(RaftMessage.AppendEntriesResponse.class,
                send(c, 2, new RaftMessage.AppendEntries(1, 0, 0, 0, List.of())).get(0)).success());
        }
    }
    @Test
    void shouldNotCommitAnEntryOfAnEarlierTermByCountingReplicasSection542()
    {
        // Figure 8: node 1 holds an entry of term 2 at index 2 and becomes leader of term 4.
        writeLog(dir.resolve("node-1"), 3, 1, 2);
        try (TestCluster c = new TestCluster(dir, 3, FsyncPolicy.ALWAYS))
        {
            final RaftNode node = c.node(1);
            node.onTick(0);
            node.onTick(100 * TestCluster.MS);
            send(c, 2, new RaftMessage.PreVoteResponse(4, true));
            send(c, 2, new RaftMessage.RequestVoteResponse(4, true));
            assertEquals(Role.LEADER, node.role());
            assertEquals(4, node.term());
            assertEquals(3, node.lastLogIndex(), "the new leader's no-op of term 4");
            // Node 2 holds index 2 too: a majority stores it, but it is of term 2, not 4.
            send(c, 2, new RaftMessage.AppendEntriesResponse(4, true, 2, 2, 0, 0));
            assertEquals(0, node.commitIndex(), "committed a term-2 entry by counting replicas");
            // Once the term-4 no-op is on a majority, it commits and index 2 with it.
            send(c, 2, new RaftMessage.AppendEntriesResponse(4, true, 2, 3, 0, 0));
            assertEquals(3, node.commitIndex());
        }
    }
}
