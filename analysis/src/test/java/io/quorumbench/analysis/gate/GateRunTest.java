package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.JmhResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.quorumbench.analysis.gate.GateFixtures.around;
import static io.quorumbench.analysis.gate.GateFixtures.constant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's decision logic with a fake runner in place of JMH: what gets re-run, how often, and
 * what the pooled forks decide.
 */
class GateRunTest
{
    private static final GateRules.Rule RULE = new GateRules.Rule("ring lookup, long key", GateFixtures.LOOKUP,
        Map.of("nodes", List.of("100"), "keyType", List.of("long")), "baseline", List.of("lockfree"), 0.5,
        Map.of("lockfree", 3.0), 0, List.of());

    /** A fake runner: records each call and answers with the next prepared lockfree/baseline forks. */
    private static final class FakeRunner implements GateRun.RuleRunner
    {
        final List<String> calls = new ArrayList<>();
        final List<List<List<Object>>> lockfreeAnswers = new ArrayList<>();
        final Path dir;

        FakeRunner(final Path dir)
        {
            this.dir = dir;
        }

        @Override
        public List<JmhResult> run(final GateRules.Rule rule, final Set<String> impls, final int forks) throws IOException
        {
            calls.add(rule.name() + " " + impls + " forks=" + forks);
            final List<List<Object>> lockfree = lockfreeAnswers.remove(0);
            return GateFixtures.read(GateFixtures.write(dir.resolve("rerun-" + calls.size() + ".json"), List.of(
                new GateFixtures.Point("baseline", "long", around(120, 0.02, forks, 5, calls.size()), constant(72, forks, 5)),
                new GateFixtures.Point("lockfree", "long", lockfree, constant(0, lockfree.size(), 5)))));
        }
    }

    private static GateRules rules(final int maxReruns)
    {
        return new GateRules(List.of(), List.of(RULE), "reference", 6, 0.1, 3, maxReruns);
    }

    private static List<JmhResult> firstRun(final Path dir, final List<List<Object>> lockfree) throws IOException
    {
        return GateFixtures.read(GateFixtures.write(dir.resolve("first.json"), List.of(
            new GateFixtures.Point("baseline", "long", around(120, 0.02, 2, 5, 7), constant(72, 2, 5)),
            new GateFixtures.Point("lockfree", "long", lockfree, constant(0, lockfree.size(), 5)))));
    }

    private static GateReference reference(final Path dir) throws IOException
    {
        return GateReference.load(GateFixtures.reference(dir, 0.02));
    }

    private static GateRun.Decision decide(
        final GateRules rules, final GateReference reference, final List<JmhResult> first, final GateRun.RuleRunner runner)
        throws IOException, InterruptedException
    {
        return GateRun.decide(rules, reference, first, runner,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** One fork whose median gives 120 / 14.1 = 8.5x, below the 9x limit, spread so wide its interval reaches 9x. */
    private static List<List<Object>> noisy()
    {
        return List.of(List.of(10.0, 20.0, 14.1, 12.0, 16.0));
    }

    @Test
    void shouldRerunANoisyRatioWithMoreForksAndPassOnThePooledForks(@TempDir final Path dir) throws Exception
    {
        final GateReference reference = reference(dir);
        final List<JmhResult> first = firstRun(dir, noisy());
        assertEquals(GateCheck.Outcome.INCONCLUSIVE, GateCheck.evaluate(rules(1), first, reference).stream()
            .filter((c) -> GateCheck.REFERENCE.equals(c.kind())).findFirst().orElseThrow().outcome());

        final FakeRunner runner = new FakeRunner(dir);
        runner.lockfreeAnswers.add(around(12, 0.02, 3, 5, 11));
        final GateRun.Decision decision = decide(rules(1), reference, first, runner);
        assertEquals(List.of("ring lookup, long key [baseline, lockfree] forks=3"), runner.calls);
        assertEquals(1, decision.reruns().size());
        assertEquals(0, decision.count(GateCheck.Outcome.INCONCLUSIVE), decision.checks().toString());
        assertEquals(0, decision.count(GateCheck.Outcome.FAIL), decision.checks().toString());
        // The decision is on all four forks: the noisy one and the three of the re-run.
        final JmhResult lockfree = decision.results().stream().filter((r) -> "lockfree".equals(r.params().get("impl")))
            .findFirst().orElseThrow();
        assertEquals(4, lockfree.primary().rawPerFork().size());
    }

    @Test
    void shouldStayInconclusiveWhenTheRerunsAreNoisyToo(@TempDir final Path dir) throws Exception
    {
        final FakeRunner runner = new FakeRunner(dir);
        runner.lockfreeAnswers.add(noisy());
        runner.lockfreeAnswers.add(noisy());
        final GateRun.Decision decision = decide(rules(2), reference(dir), firstRun(dir, noisy()), runner);
        assertEquals(2, runner.calls.size(), runner.calls.toString());
        assertTrue(decision.count(GateCheck.Outcome.INCONCLUSIVE) > 0, decision.checks().toString());
    }

    @Test
    void shouldFailARerunThatConfirmsTheFall(@TempDir final Path dir) throws Exception
    {
        final FakeRunner runner = new FakeRunner(dir);
        runner.lockfreeAnswers.add(around(15, 0.02, 3, 5, 5));
        final GateRun.Decision decision = decide(rules(1), reference(dir), firstRun(dir, noisy()), runner);
        assertEquals(1, runner.calls.size());
        assertEquals(1, decision.count(GateCheck.Outcome.FAIL), decision.checks().toString());
    }

    @Test
    void shouldNotRerunWhatPassed(@TempDir final Path dir) throws Exception
    {
        final FakeRunner runner = new FakeRunner(dir);
        final GateRun.Decision fine = decide(rules(1), reference(dir), firstRun(dir, around(12, 0.02, 2, 5, 3)), runner);
        assertEquals(0, fine.count(GateCheck.Outcome.FAIL));
        assertEquals(List.of(), runner.calls);
    }

    @Test
    void shouldConfirmAClearFallOnThePooledForksBeforeFailing(@TempDir final Path dir) throws Exception
    {
        // Both first forks at 120 / 15 = 8x, tight, clearly below the 9x limit.
        final GateReference reference = reference(dir);
        final List<JmhResult> fallen = firstRun(dir, around(15, 0.02, 2, 5, 3));
        assertEquals(GateCheck.Outcome.FAIL, GateCheck.evaluate(rules(1), fallen, reference).stream()
            .filter((c) -> GateCheck.REFERENCE.equals(c.kind())).findFirst().orElseThrow().outcome());
        // Three more forks at the usual 12 ns: the two slow ones were the forks', not the code's.
        final FakeRunner passing = new FakeRunner(dir);
        passing.lockfreeAnswers.add(around(12, 0.02, 3, 5, 13));
        final GateRun.Decision passed = decide(rules(1), reference, fallen, passing);
        assertEquals(1, passing.calls.size());
        assertEquals(0, passed.count(GateCheck.Outcome.FAIL), passed.checks().toString());
        // Three more forks as slow: the fall is confirmed.
        final FakeRunner confirmed = new FakeRunner(dir);
        confirmed.lockfreeAnswers.add(around(15, 0.02, 3, 5, 13));
        final GateRun.Decision failed = decide(rules(1), reference, fallen, confirmed);
        assertEquals(1, confirmed.calls.size());
        assertEquals(1, failed.count(GateCheck.Outcome.FAIL), failed.checks().toString());
    }

    @Test
    void shouldLeaveANoisyRatioInconclusiveWithoutARunner(@TempDir final Path dir) throws Exception
    {
        final GateRun.Decision decision = decide(rules(1), reference(dir), firstRun(dir, noisy()), null);
        assertTrue(decision.count(GateCheck.Outcome.INCONCLUSIVE) > 0, decision.checks().toString());
        assertEquals(List.of(), decision.reruns());
    }
}
