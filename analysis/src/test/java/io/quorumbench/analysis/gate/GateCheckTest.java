package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.JmhResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.quorumbench.analysis.gate.GateFixtures.around;
import static io.quorumbench.analysis.gate.GateFixtures.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateCheckTest
{
    /** A rule whose benchmark's other threads allocate up to 256 KiB per iteration, like the Raft commit benchmark. */
    private static final GateRules.Rule WITH_BACKGROUND = new GateRules.Rule("cluster-like", GateFixtures.LOOKUP,
        Map.of("nodes", List.of("100"), "keyType", List.of("long")), "baseline", List.of("lockfree"), 1.0,
        Map.of(), 262144, List.of());

    private static GateCheck alloc(final Path dir, final List<List<Object>> lockfreeNs, final List<List<Object>> lockfreeBytes)
        throws IOException
    {
        final List<JmhResult> results = GateFixtures.read(GateFixtures.write(dir.resolve("run.json"), List.of(
            new GateFixtures.Point("baseline", "long", around(120, 0.02, 2, 5, 1), constant(72, 2, 5)),
            new GateFixtures.Point("lockfree", "long", lockfreeNs, lockfreeBytes))));
        return GateCheck.evaluate(WITH_BACKGROUND, results, GateReference.of(dir, results), 0.1).get(0);
    }

    @Test
    void shouldNotReadAStalledIterationsBackgroundAllocationAsThePathAllocating(@TempDir final Path dir) throws IOException
    {
        // Iteration 5 of fork 1 stalled: 5 ms per operation, 100 operations in its 500 ms, so the
        // other threads' 100 KB read as 1000 B/op; the allowance there is 262144 / 100 B/op.
        final List<List<Object>> ns = List.of(List.of(12.0, 12.0, 12.0, 12.0, 5e6), List.of(12.0, 12.0, 12.0, 12.0, 12.0));
        final List<List<Object>> bytes = List.of(List.of(0.01, 0.01, 0.01, 0.01, 1000.0), List.of(0.01, 0.01, 0.01, 0.01, 0.01));
        final GateCheck check = alloc(dir, ns, bytes);
        assertEquals(GateCheck.Outcome.PASS, check.outcome(), check.describe());
    }

    @Test
    void shouldStillFailAnAllocationPerOperationAtFullSpeed(@TempDir final Path dir) throws IOException
    {
        // 16 B/op in one iteration at 12 ns per operation (41.7 million operations): the allowance is 0.006 B/op.
        final List<List<Object>> bytes = List.of(List.of(0.01, 0.01, 16.0, 0.01, 0.01), List.of(0.01, 0.01, 0.01, 0.01, 0.01));
        final GateCheck check = alloc(dir, constant(12, 2, 5), bytes);
        assertEquals(GateCheck.Outcome.FAIL, check.outcome(), check.describe());
        assertTrue(check.detail().contains("fork 1 iteration 3") && check.detail().contains("1 iteration(s) above the limit"),
            check.describe());
    }
}
