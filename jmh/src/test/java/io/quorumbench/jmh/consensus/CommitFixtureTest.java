package io.quorumbench.jmh.consensus;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.registry.FakeImplementation;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clusters the commit benchmarks measure work and check their answers, for every pair in the
 * registry the fixtures can host, so a benchmark run cannot measure a broken cluster: counts come
 * back consecutive through both paths, and asking for an answer to nothing is an error, not a
 * hang. A pair the fixtures cannot host is refused by name.
 */
class CommitFixtureTest
{
    private static final Path ROOT = Path.of("target", "commit-fixture-test");

    static Stream<String> hostedPairs()
    {
        return Registry.discover().all().stream()
            .filter((implementation) -> implementation.kind() != ImplementationKind.PEER)
            .map(Implementation::id);
    }

    @Test
    void shouldFindATunedAndABaselinePairOfRaftAtLeast()
    {
        final List<String> pairs = hostedPairs().toList();
        assertTrue(pairs.contains("raft/baseline") && pairs.contains("raft/lockfree"), pairs.toString());
    }

    @ParameterizedTest
    @MethodSource("hostedPairs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCommitOneAtATimeAndPipelinedWithConsecutiveCounts(final String pair)
    {
        final String[] protocolAndImpl = pair.split("/");
        // Data and the Aeron directory under the module's target/, deleted by close().
        try (CommitFixture cluster = CommitFixture.launch(protocolAndImpl[0], protocolAndImpl[1], FsyncPolicy.NONE, ROOT))
        {
            for (int i = 1; i <= 5; i++)
            {
                assertEquals(i, cluster.commitOne());
            }
            assertThrows(IllegalStateException.class, cluster::awaitOldest);
            for (int i = 0; i < 64; i++)
            {
                cluster.submit();
            }
            assertEquals(64, cluster.inFlight());
            for (int i = 6; i < 6 + 64; i++)
            {
                assertEquals(i, cluster.awaitOldest());
            }
            assertEquals(0, cluster.inFlight());
        }
    }

    @Test
    void shouldRefuseAnUnknownPairNamingTheChoices()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> CommitFixture.launch("raft", "nosuch", FsyncPolicy.NONE, ROOT));
        assertTrue(ex.getMessage().contains("lockfree"), ex.getMessage());
    }

    @Test
    void shouldRefusePeersAndTunedCoresTheZeroCopyHostCannotRun()
    {
        final ProtocolNodeFactory plainCore = (config) ->
        {
            throw new AssertionError("must not be called");
        };
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "peer", ImplementationKind.PEER),
            new FakeImplementation(Protocol.RAFT, "plain", ImplementationKind.TUNED, Optional.of(plainCore)),
            new FakeImplementation(Protocol.RAFT, "coreless", ImplementationKind.BASELINE)));

        final IllegalArgumentException peer = assertThrows(IllegalArgumentException.class,
            () -> CommitFixture.launch(registry, "raft", "peer", FsyncPolicy.NONE, ROOT));
        assertTrue(peer.getMessage().contains("scripts/loadgen"), peer.getMessage());
        final IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
            () -> CommitFixture.launch(registry, "raft", "plain", FsyncPolicy.NONE, ROOT));
        assertTrue(plain.getMessage().contains("DirectNodeFactory"), plain.getMessage());
        final IllegalArgumentException coreless = assertThrows(IllegalArgumentException.class,
            () -> CommitFixture.launch(registry, "raft", "coreless", FsyncPolicy.NONE, ROOT));
        assertTrue(coreless.getMessage().contains("raft/coreless"), coreless.getMessage());
        assertFalse(ROOT.resolve("qb-jmh-raft-plain-").toFile().exists());
    }
}
