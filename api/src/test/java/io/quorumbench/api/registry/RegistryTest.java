package io.quorumbench.api.registry;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest
{
    @Test
    void shouldFindPairsByProtocolAndNameWithTheBaselineFirst()
    {
        final Implementation tuned = new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED);
        final Implementation baseline = new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE);
        final Implementation paxos = new FakeImplementation(Protocol.PAXOS, "baseline", ImplementationKind.BASELINE);
        final Registry registry = Registry.of(List.of(tuned, paxos, baseline));

        assertSame(tuned, registry.get("raft", "lockfree"));
        assertSame(paxos, registry.get(Protocol.PAXOS, "baseline"));
        assertEquals(List.of(baseline, tuned), registry.of(Protocol.RAFT));
        assertSame(baseline, registry.baseline(Protocol.RAFT));
        assertEquals("raft/lockfree", tuned.id());
    }

    @Test
    void shouldNameTheChoicesWhenAskedForAnUnknownPair()
    {
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED)));

        final IllegalArgumentException unknownImpl =
            assertThrows(IllegalArgumentException.class, () -> registry.get("raft", "fast"));
        assertTrue(unknownImpl.getMessage().contains("baseline, lockfree"), unknownImpl.getMessage());
        final IllegalArgumentException unknownProtocol =
            assertThrows(IllegalArgumentException.class, () -> registry.get("zab", "baseline"));
        assertTrue(unknownProtocol.getMessage().contains("raft, paxos"), unknownProtocol.getMessage());
        assertThrows(IllegalStateException.class, () -> registry.baseline(Protocol.PAXOS));
    }

    @Test
    void shouldRefuseTwoImplementationsClaimingOnePair()
    {
        assertThrows(IllegalStateException.class, () -> Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED))));
    }

    @Test
    void shouldValidateTheContextOnceAndRefuseUnknownOptions()
    {
        assertThrows(IllegalArgumentException.class, () -> new ClusterContext().nodes(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new ClusterContext().maxInFlight(0).conclude());
        assertThrows(IllegalArgumentException.class, () -> new ClusterContext().maxCommandLength(8).conclude());
        final ClusterContext context = new ClusterContext().option("clusterOnSender", "true").conclude();
        assertEquals("true", context.optionOrDefault("clusterOnSender", "false"));
        assertEquals("backoff", context.optionOrDefault("idle", "backoff"));

        final Implementation knowsIt = new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED)
        {
            @Override
            public Map<String, String> options()
            {
                return Map.of("clusterOnSender", "run the cluster on the sender thread");
            }
        };
        context.checkOptions(knowsIt);
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> context.checkOptions(new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE)));
        assertTrue(refused.getMessage().contains("clusterOnSender"), refused.getMessage());
    }

    @Test
    void shouldBuildEveryStateMachineKindByName()
    {
        for (final StateMachineKind kind : StateMachineKind.values())
        {
            assertSame(kind, StateMachineKind.of(kind.id()));
            if (StateMachineKind.LOCK == kind)
            {
                // the lock service's state machine is each implementation's: asking the kind is a mistake, said so
                assertThrows(IllegalStateException.class, kind::create);
            }
            else
            {
                assertTrue(kind.create().maxResultLength() >= 0);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> StateMachineKind.of("lock-table"));
    }
}
