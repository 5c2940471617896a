package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.HistoryReader;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.target.DelayTarget;
import io.quorumbench.loadgen.workload.KeyDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceHistoryCheckerTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldConvertToTheKitsModelInTimeOrder()
    {
        final History history = ConformanceHistoryChecker.toHistory(List.of(
            new KvHistoryOp(0, KvWorkload.OP_PUT, 3, 11, 0, 100, 200, KvHistoryOp.OK, 0),
            new KvHistoryOp(1, KvWorkload.OP_GET, 3, 0, 0, 150, 300, KvHistoryOp.OK, 11),
            new KvHistoryOp(0, KvWorkload.OP_CAS, 3, 12, 11, 400, Long.MAX_VALUE, KvHistoryOp.INFO, 0)));
        assertEquals(6, history.size());
        assertEquals(OpType.INVOKE, history.ops().get(0).type());
        assertEquals("put", history.ops().get(0).f());
        assertEquals("11", history.ops().get(0).value());
        assertEquals("get", history.ops().get(1).f());
        assertEquals(OpType.OK, history.ops().get(2).type());
        assertEquals("11", history.ops().get(3).value(), "the get read 11");
        assertEquals("cas", history.ops().get(4).f());
        assertEquals("11", history.ops().get(4).expected());
        assertEquals(OpType.INFO, history.ops().get(5).type());
        assertNull(ConformanceHistoryChecker.toHistory(List.of(
            new KvHistoryOp(0, KvWorkload.OP_GET, 1, 0, 0, 1, 2, KvHistoryOp.OK, KvHistoryOp.ABSENT))).ops().get(1).value());
    }

    @Test
    void shouldSayWhichFailsAreCasMismatchesAndWhichObservedNothing()
    {
        final History history = ConformanceHistoryChecker.toHistory(List.of(
            new KvHistoryOp(0, KvWorkload.OP_CAS, 3, 12, 11, 100, 200, KvHistoryOp.CAS_MISMATCH, 0),
            new KvHistoryOp(1, KvWorkload.OP_CAS, 3, 13, 11, 300, 400, KvHistoryOp.FAIL, 0),
            new KvHistoryOp(2, KvWorkload.OP_PUT, 3, 14, 0, 500, 600, KvHistoryOp.INVALID, 0)));
        assertEquals(OpType.FAIL, history.ops().get(1).type());
        assertEquals(LinearizabilityChecker.CAS_MISMATCH, history.ops().get(1).error());
        assertEquals(OpType.FAIL, history.ops().get(3).type());
        assertEquals(ConformanceHistoryChecker.REJECTED, history.ops().get(3).error());
        assertEquals(OpType.FAIL, history.ops().get(5).type());
        assertEquals(ConformanceHistoryChecker.INVALID, history.ops().get(5).error());
    }

    @Test
    void shouldLetTheCheckerSeeACasMismatchThatContradictsTheValue()
    {
        // the example: put a; cas a->b answered CAS_MISMATCH although the key held a
        final History history = ConformanceHistoryChecker.toHistory(List.of(
            new KvHistoryOp(0, KvWorkload.OP_PUT, 3, 11, 0, 100, 200, KvHistoryOp.OK, 0),
            new KvHistoryOp(1, KvWorkload.OP_CAS, 3, 12, 11, 300, 400, KvHistoryOp.CAS_MISMATCH, 0)));
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, new LinearizabilityChecker().check(history).outcome());
    }

    @Test
    void shouldRecordTheMismatchesOfARealStoreAsObservationsThatCheck() throws IOException
    {
        final RunConfig config = new RunConfig(3_000, Arrivals.CONSTANT, 800 * MS, 100 * MS, 2, 1024, 5_000 * MS, 4, false);
        final KvWorkload workload = new KvWorkload(4, KeyDistribution.UNIFORM, 0.99, 0.3, 0.4, 16, 4, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final DelayTarget target = new DelayTarget(200_000, 0, 0, KvStateMachine::new);
        new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream())).execute();

        // the file as written, as check-history and outside tools read it
        final History history = HistoryReader.read(dir.resolve("history.jsonl"));
        final long mismatches = history.ops().stream()
            .filter(op -> op.type() == OpType.FAIL && LinearizabilityChecker.CAS_MISMATCH.equals(op.error())).count();
        assertTrue(mismatches > 0, "concurrent senders make some CAS miss");
        assertTrue(history.ops().stream().filter(op -> op.type() == OpType.FAIL)
            .allMatch(op -> LinearizabilityChecker.CAS_MISMATCH.equals(op.error())), "nothing is rejected here");
        final LinearizabilityResult result = new LinearizabilityChecker().check(history);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, result.outcome(), result.describe());
    }

    @Test
    void shouldFindAStaleReadAndFailTheRun()
    {
        final RunConfig config = new RunConfig(3_000, Arrivals.CONSTANT, 800 * MS, 100 * MS, 1, 1024, 5_000 * MS, 4, false);
        final KvWorkload workload = new KvWorkload(4, KeyDistribution.UNIFORM, 0.99, 0.5, 0.0, 16, 4, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final DelayTarget target = new DelayTarget(0, 0, 0, StaleReads::new);
        final RunResult result = new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream()))
            .execute();

        assertEquals(CheckVerdict.FAIL, result.verification().history().verdict(), result.verification().details().toString());
        assertFalse(result.passed(), "a violating run fails whatever its throughput");
    }

    /** Answers every GET with the value the key held one write earlier: a stale read. */
    static final class StaleReads implements StateMachine
    {
        private final KvStateMachine current = new KvStateMachine();
        private final KvStateMachine previous = new KvStateMachine();
        private byte[] lastPut;

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            if (KvCommand.op(command, offset) == KvCommand.OP_GET)
            {
                return previous.apply(logIndex, command, offset, length, result);
            }
            if (null != lastPut)
            {
                previous.apply(logIndex, lastPut, 0, lastPut.length, new byte[previous.maxResultLength()]);
            }
            lastPut = java.util.Arrays.copyOfRange(command, offset, offset + length);
            return current.apply(logIndex, command, offset, length, result);
        }

        @Override
        public int maxResultLength()
        {
            return KvResult.HEADER_LENGTH + KvStateMachine.DEFAULT_MAX_VALUE_LENGTH;
        }
    }
}
