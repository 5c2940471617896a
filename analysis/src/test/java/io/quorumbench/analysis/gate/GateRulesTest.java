package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.registry.FakeImplementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule of a protocol-neutral benchmark names protocols, and the registry supplies each one's
 * baseline and tuned implementations: a protocol joins the gate by its id, with no implementation
 * names written into the rules, and a listed protocol that cannot be gated is an error.
 */
class GateRulesTest
{
    private static final Registry REGISTRY = Registry.of(List.of(
        new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
        new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
        new FakeImplementation(Protocol.PAXOS, "plain", ImplementationKind.BASELINE),
        new FakeImplementation(Protocol.PAXOS, "fast", ImplementationKind.TUNED),
        new FakeImplementation(Protocol.PAXOS, "faster", ImplementationKind.TUNED),
        new FakeImplementation(Protocol.PAXOS, "someone-elses", ImplementationKind.PEER)));

    @TempDir
    Path dir;

    private Path rules(final String rule) throws IOException
    {
        final Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"jmh\":[\"-f\",\"2\"],\"reference\":\"results/reference/gate\",\"referenceForks\":6," +
            "\"minFall\":0.4,\"rerunForks\":3,\"maxReruns\":1,\"rules\":[" + rule + "]}");
        return file;
    }

    @Test
    void shouldExpandAProtocolRuleIntoOneRulePerProtocolFromTheRegistry() throws IOException
    {
        final GateRules rules = GateRules.read(rules("{\"name\":\"commit\",\"benchmark\":\"a.Commit.commit\"," +
            "\"protocols\":[\"raft\",\"paxos\"],\"params\":{\"window\":[\"256\"]},\"baseline\":\"@baseline\"," +
            "\"zeroAlloc\":[\"@tuned\"],\"maxAllocBytesPerOp\":1.0,\"ratioFloors\":{\"@tuned\":3.0}}"), REGISTRY);

        assertEquals(2, rules.rules().size());
        final GateRules.Rule raft = rules.rules().get(0);
        assertEquals("commit [raft]", raft.name());
        assertEquals(Map.of("window", List.of("256"), "protocol", List.of("raft")), raft.params());
        assertEquals("baseline", raft.baseline());
        assertEquals(List.of("lockfree"), raft.zeroAlloc());
        assertEquals(Map.of("lockfree", 3.0), raft.ratioFloors());

        final GateRules.Rule paxos = rules.rules().get(1);
        assertEquals(List.of("paxos"), paxos.params().get("protocol"));
        assertEquals("plain", paxos.baseline());
        assertEquals(List.of("fast", "faster"), paxos.zeroAlloc(), "every tuned implementation, no peer");
        assertEquals(Map.of("fast", 3.0, "faster", 3.0), paxos.ratioFloors());
    }

    @Test
    void shouldKeepRulesThatNameImplementationsAsTheyAre() throws IOException
    {
        final GateRules rules = GateRules.read(rules("{\"name\":\"ring\",\"benchmark\":\"a.Ring.lookup\"," +
            "\"params\":{\"nodes\":[\"100\"]},\"baseline\":\"baseline\",\"zeroAlloc\":[\"jump\"],\"maxAllocBytesPerOp\":0.5," +
            "\"ratioFloors\":{\"lockfree\":3.0}}"), REGISTRY);

        assertEquals(List.of("baseline", "jump", "lockfree"), List.copyOf(rules.rules().get(0).impls()));
        assertEquals(Map.of("nodes", List.of("100")), rules.rules().get(0).params());
    }

    @Test
    void shouldRefuseProtocolsThatCannotBeGatedAndKindsOutsideAProtocolRule() throws IOException
    {
        final String tail = ",\"zeroAlloc\":[\"@tuned\"],\"maxAllocBytesPerOp\":1.0,\"ratioFloors\":{\"@tuned\":3.0}}";
        final Registry raftOnly = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
            new FakeImplementation(Protocol.PAXOS, "plain", ImplementationKind.BASELINE)));

        final ResultFileException unregistered = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"protocols\":[\"raft\",\"paxos\"]" + tail),
            Registry.of(List.of(new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED)))));
        assertTrue(unregistered.getMessage().contains("no baseline"), unregistered.getMessage());
        final ResultFileException untuned = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"protocols\":[\"raft\",\"paxos\"]" + tail), raftOnly));
        assertEquals("rules[0].protocols[1]", untuned.field());
        assertTrue(untuned.getMessage().contains("no tuned implementation"), untuned.getMessage());
        final ResultFileException unknown = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"protocols\":[\"zab\"]" + tail), REGISTRY));
        assertTrue(unknown.getMessage().contains("zab"), unknown.getMessage());
        final ResultFileException empty = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"protocols\":[]" + tail), REGISTRY));
        assertEquals("rules[0].protocols", empty.field());
        final ResultFileException kindWithoutProtocols = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"baseline\":\"baseline\"" + tail), REGISTRY));
        assertTrue(kindWithoutProtocols.getMessage().contains("@tuned"), kindWithoutProtocols.getMessage());
        final ResultFileException namedBaseline = assertThrows(ResultFileException.class, () -> GateRules.read(
            rules("{\"name\":\"c\",\"benchmark\":\"a.C.c\",\"protocols\":[\"raft\"],\"baseline\":\"baseline\"" + tail), REGISTRY));
        assertTrue(namedBaseline.getMessage().contains("registry"), namedBaseline.getMessage());
    }

    @Test
    void shouldGateRaftCommitThroughputFromTheShippedRulesWithTheRegisteredImplementations()
    {
        final GateRules.Rule commit = GateRules.defaults().rules().stream()
            .filter((rule) -> rule.benchmark().endsWith("CommitThroughputBenchmark.commit")).findFirst().orElseThrow();

        assertEquals(List.of("raft"), commit.params().get("protocol"));
        assertEquals("baseline", commit.baseline());
        assertEquals(List.of("lockfree"), commit.zeroAlloc());
    }
}
