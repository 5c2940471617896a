package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.paxos.Ballot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Liveness rules of the baseline Multi-Paxos that a real host's timing exposes and the simulator rarely does. */
class PaxosLivenessTest
{
    @TempDir
    Path dir;

    /**
     * A starved process ticks late: a heartbeat handled between two ticks far apart must re-arm the
     * election timer from the late tick's clock, not from the early one's, or the follower times out
     * right after hearing the leader and (Multi-Paxos has no pre-vote) deposes it. Seen as 2-11 s
     * fail-overs and one 90 s stall of {@code ClusterRunnerTest} on a loaded machine.
     */
    @Test
    void shouldNotTimeOutRightAfterHearingTheLeaderWhenTicksRunLate()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            h.sent.clear();
            // No tick for longer than the largest election timeout, then the leader's heartbeat, then a tick.
            h.nowNs += PaxosHarness.ELECTION_MAX_NS + PaxosHarness.MS;
            h.deliver(2, new PaxosMessage.Commit(Ballot.of(1, 2), 0, List.of()));
            h.tick(1);
            assertEquals(Role.FOLLOWER, h.node.role());
            assertTrue(h.sentOf(PaxosMessage.Prepare.class).isEmpty(), "spurious election: " + h.sent);
            assertEquals(2, h.node.leaderId());
        }
    }
}
