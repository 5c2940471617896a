package io.quorumbench.peers;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.conformance.history.History;
import io.quorumbench.peers.ratis.RatisPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code raft/ratis} held to the {@link PeerContract}, and its read modes: lease reads answer a
 * linearizable history too, and a read mode it does not have is refused by name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RatisPeerTest extends PeerContract
{
    @Override
    String impl()
    {
        return RatisPeer.NAME;
    }

    @Override
    String tuningKey()
    {
        return "raft.server.read.option";
    }

    @Test
    void shouldRecordLinearizableReadsAndServeLeaseReadsLinearizably()
    {
        final History history = new History();
        try (EmbeddedCluster cluster = implementation().launch(context().option("reads", "lease")))
        {
            assertEquals("LINEARIZABLE", cluster.context().get("raft.server.read.option"));
            assertEquals(true, cluster.context().get("raft.server.read.leader.lease.enabled"));
            try (ClientSession session = cluster.openSession(0))
            {
                final KvHistoryDriver driver = new KvHistoryDriver(session, history, 4, 0, 5);
                driver.run(200, TimeUnit.SECONDS.toNanos(20));
                assertEquals(200, driver.ok());
            }
        }
        assertLinearizable(history);
    }

    @Test
    void shouldRefuseAReadModeItDoesNotHave()
    {
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> implementation().launch(context().option("reads", "default")));
        assertTrue(bad.getMessage().contains("linearizable, lease or log"), bad.getMessage());
    }
}
