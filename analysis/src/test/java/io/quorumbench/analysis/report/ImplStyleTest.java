package io.quorumbench.analysis.report;

import io.quorumbench.api.registry.FakeImplementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplStyleTest
{
    private static final Registry REGISTRY = Registry.of(List.of(
        new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
        new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
        new FakeImplementation(Protocol.PAXOS, "baseline", ImplementationKind.BASELINE),
        new FakeImplementation(Protocol.PAXOS, "lockfree", ImplementationKind.TUNED),
        new FakeImplementation(Protocol.RAFT, "ratis", ImplementationKind.PEER),
        new FakeImplementation(Protocol.PAXOS, "aeron-cluster", ImplementationKind.PEER)));

    @Test
    void shouldOrderBaselinesThenTunedThenPeersThenNamesTheRegistryDoesNotKnow()
    {
        final ImplStyle style = ImplStyle.of(REGISTRY, List.of("noop", "lockfree"));
        assertEquals(List.of("baseline", "lockfree", "aeron-cluster", "ratis", "noop"),
            style.order(List.of("noop", "ratis", "lockfree", "aeron-cluster", "baseline")));
        assertEquals(ImplementationKind.PEER, style.kind("ratis"));
        assertEquals(null, style.kind("noop"));
    }

    @Test
    void shouldGiveEveryImplementationItsOwnColourTheSameInEveryChart()
    {
        final ImplStyle style = ImplStyle.of(REGISTRY, List.of("noop"));
        final Set<String> colours = new HashSet<>();
        for (final String impl : List.of("baseline", "lockfree", "aeron-cluster", "ratis", "noop"))
        {
            assertTrue(colours.add(style.css(impl)), "a colour of its own: " + impl);
        }
        assertEquals(style.css("lockfree"), ImplStyle.of(REGISTRY, List.of("zzz")).css("lockfree"),
            "a name the runs add does not move a registered implementation's colour");
        assertTrue(style.css("baseline").matches("#[0-9a-f]{6}"));
    }

    @Test
    void shouldGiveANewPeerAColourOfItsOwnWithoutAChangeToTheReport()
    {
        final Registry withPeer = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
            new FakeImplementation(Protocol.RAFT, "etcd", ImplementationKind.PEER)));
        final ImplStyle style = ImplStyle.of(withPeer, List.of());
        assertNotEquals(style.css("lockfree"), style.css("etcd"));
        assertNotEquals(style.css("baseline"), style.css("etcd"));
        assertEquals(List.of("baseline", "lockfree", "etcd"), style.order(List.of("etcd", "baseline", "lockfree")));
    }
}
