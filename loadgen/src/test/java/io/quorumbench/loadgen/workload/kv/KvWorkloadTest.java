package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.target.DelayTarget;
import io.quorumbench.loadgen.workload.KeyDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KvWorkloadTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private RunResult run(final KvWorkload workload, final StateMachine stateMachine, final int senders)
    {
        return run(workload, stateMachine, senders, Arrivals.POISSON, 4_000);
    }

    private RunResult run(
        final KvWorkload workload, final StateMachine stateMachine, final int senders, final Arrivals arrivals, final double rate)
    {
        final RunConfig config = new RunConfig(rate, arrivals, 1_000 * MS, 100 * MS, senders, 1024,
            5_000 * MS, 3, false);
        final DelayTarget target = new DelayTarget(200_000, 0, 0, () -> stateMachine);
        return new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream())).execute();
    }

    @Test
    void shouldFindNoLostWritesOnACorrectStoreAndRecordTheSampledHistory()
    {
        final List<KvHistoryOp> seen = new ArrayList<>();
        final KvWorkload workload = new KvWorkload(50, KeyDistribution.ZIPFIAN, 0.99, 0.4, 0.2, 32, 5, 100_000,
            (ops, deadlineNs) ->
            {
                seen.addAll(ops);
                return new HistoryChecker.Result(CheckResult.pass("test checker"), Map.of("checker", "test"));
            });
        final RunResult result = run(workload, new KvStateMachine(), 2);

        assertTrue(result.onSchedule(), result.onScheduleReasons().toString());
        assertNotNull(result.verification());
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().readBack().reason());
        assertEquals(0L, result.verification().lostAckedWrites());
        assertTrue(result.passed());
        @SuppressWarnings("unchecked")
        final Map<String, Object> readBack = (Map<String, Object>)result.verification().details().get("readBack");
        assertTrue(((Number)readBack.get("verified")).longValue() > 0, readBack.toString());

        assertFalse(seen.isEmpty());
        // 5 of 50 keys: every 10th from 5
        assertTrue(seen.stream().allMatch(op -> op.key() % 10 == 5), "only the sampled keys are in the history");
        assertTrue(seen.stream().anyMatch(op -> op.key() == 45), "the sample spans the key space");
        assertTrue(seen.stream().anyMatch(op -> op.op() == KvWorkload.OP_CAS && op.type() == KvHistoryOp.OK),
            "some CAS succeed: they expect the value last seen");
        assertTrue(seen.stream().anyMatch(op -> op.op() == KvWorkload.OP_GET && op.result() != KvHistoryOp.ABSENT));
    }

    @Test
    void shouldCountAcknowledgedWritesTheStoreForgot()
    {
        final KvWorkload workload = new KvWorkload(40, KeyDistribution.UNIFORM, 0.99, 0.0, 0.0, 16, 0, 0,
            new UnavailableHistoryChecker());
        // evenly spaced PUTs, ~25 ms apart per key: overlapping bursts need a long stall of the sender
        final RunResult result = run(workload, new ForgetfulStateMachine(5), 1, Arrivals.CONSTANT, 1_600);

        assertTrue(result.verification().lostAckedWrites() > 0, result.verification().details().toString());
        assertFalse(result.passed(), "a run that lost acknowledged writes fails whatever its throughput");
        assertEquals(CheckVerdict.FAIL, result.verdict(), "a failed check outweighs an undecided one");
    }

    /** Acknowledges every PUT but silently drops every {@code n}-th one. */
    static final class ForgetfulStateMachine implements StateMachine
    {
        private final KvStateMachine delegate = new KvStateMachine();
        private final int n;
        private long puts;

        ForgetfulStateMachine(final int n)
        {
            this.n = n;
        }

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            if (KvCommand.op(command, offset) == KvCommand.OP_PUT && ++puts % n == 0)
            {
                return KvResult.encode(result, 0, KvResult.Status.OK, null, 0, KvResult.NO_VALUE);
            }
            return delegate.apply(logIndex, command, offset, length, result);
        }

        @Override
        public int maxResultLength()
        {
            return delegate.maxResultLength();
        }
    }
}
