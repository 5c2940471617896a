package io.quorumbench.jmh.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.baseline.lock.BaselineLockStateMachine;
import io.quorumbench.lockfree.lock.LockTableStateMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Cost of applying one lock service command, baseline ({@code HashMap}s and objects) against tuned
 * (primitive tables): {@code clients} sessions contend for {@code locks} locks, each client in turn
 * keeping alive, acquiring (queueing when busy, and being handed the lock on a release), writing the
 * fenced resource with its token and releasing, with a session closed and reopened every few hundred
 * commands. Commands are patched in place in preallocated buffers, so {@code gc.alloc.rate.norm}
 * is the state machine's own garbage (the tuned one's target is 0 B/op).
 *
 * <p>The run checks itself: at the end every command must have been valid (no {@code INVALID}, no
 * unknown session) and locks must have changed hands, or the trial fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsPrepend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class LockTableApplyBenchmark
{
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LEASE_NS = 1_000_000_000L;
    private static final long WAIT_NS = 10_000_000L;
    private static final int STEPS_PER_CLIENT = 3;

    /** {@code baseline} or {@code lockfree}. */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** Concurrent sessions. */
    @Param({ "8", "64" })
    public int clients;

    /** Distinct locks the sessions contend for. */
    @Param({ "4" })
    public int locks;

    private StateMachine stateMachine;
    private final byte[] result = new byte[LockResult.LENGTH];
    private long[] sessions;
    private long[] tokens;
    private final byte[] open = LockCommand.openSession(LEASE_NS);
    private final byte[] keepAlive = LockCommand.keepAlive(0);
    private final byte[] close = LockCommand.closeSession(0);
    private byte[][] acquire;
    private byte[][] release;
    private byte[][] write;
    private long index;
    private long timeNs;
    private int client;
    private int step;
    private long commands;
    private long grants;
    private long rounds;
    private long bad;

    /**
     * Build the state machine and open the sessions.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final LockServiceConfig config = LockServiceConfig.defaults();
        stateMachine = switch (impl)
        {
            case "baseline" -> new BaselineLockStateMachine(config);
            case "lockfree" -> new LockTableStateMachine(config);
            default -> throw new IllegalArgumentException("impl must be baseline or lockfree, got " + impl);
        };
        acquire = new byte[locks][];
        release = new byte[locks][];
        write = new byte[locks][];
        for (int lock = 0; lock < locks; lock++)
        {
            final byte[] name = ("lock-" + lock).getBytes(StandardCharsets.ISO_8859_1);
            acquire[lock] = LockCommand.acquire(0, name, WAIT_NS, false);
            release[lock] = LockCommand.release(0, name, 0);
            write[lock] = LockCommand.fencedWrite(name, 0, name, new byte[32]);
        }
        sessions = new long[clients];
        tokens = new long[clients];
        for (int c = 0; c < clients; c++)
        {
            apply(open);
            sessions[c] = LockResult.sessionId(result, 0);
        }
    }

    /**
     * Fail the trial if the stream went wrong (the numbers would measure error paths).
     */
    @TearDown(Level.Trial)
    public void check()
    {
        if (0 != bad || grants < commands / (4L * STEPS_PER_CLIENT))
        {
            throw new IllegalStateException(impl + ": " + bad + " invalid answers, " + grants + " grants over " +
                commands + " commands");
        }
    }

    /**
     * Apply the next command of the stream.
     *
     * @return the result's status, consumed by JMH.
     */
    @Benchmark
    public byte apply()
    {
        final int c = client;
        final int lock = c % locks;
        final byte[] command;
        if (0 == step)
        {
            command = keepAlive;
            patch(command, sessions[c], 0);
        }
        else if (0 == tokens[c])
        {
            command = acquire[lock];
            patch(command, sessions[c], WAIT_NS);
        }
        else if (1 == step)
        {
            command = write[lock];
            patch(command, 0, tokens[c]);
        }
        else
        {
            command = release[lock];
            patch(command, sessions[c], tokens[c]);
        }
        final byte status = apply(command);
        if (command == acquire[lock] && (LockResult.GRANTED == status || LockResult.HELD == status))
        {
            tokens[c] = LockResult.token(result, 0);
            grants++;
        }
        else if (command == release[lock])
        {
            tokens[c] = 0;
        }
        if (LockResult.INVALID == status || LockResult.UNKNOWN_SESSION == status || LockResult.STALE_TOKEN == status)
        {
            bad++;
        }
        if (++step == STEPS_PER_CLIENT)
        {
            step = 0;
            client = (c + 1) % clients;
            if (0 == client && 0 == (++rounds & 0x3F) && 0 == tokens[0])
            {
                churn();
            }
        }
        return status;
    }

    /** A session that holds nothing closes and a new one opens: slots and map entries are reused. */
    private void churn()
    {
        patch(close, sessions[0], 0);
        apply(close);
        apply(open);
        sessions[0] = LockResult.sessionId(result, 0);
    }

    private static void patch(final byte[] command, final long sessionId, final long argument)
    {
        LONG_LE.set(command, LockCommand.SESSION_OFFSET, sessionId);
        LONG_LE.set(command, LockCommand.ARGUMENT_OFFSET, argument);
    }

    private byte apply(final byte[] command)
    {
        timeNs += 1_000;
        LockCommand.stamp(command, 0, timeNs, 1);
        stateMachine.apply(++index, command, 0, command.length, result);
        commands++;
        return LockResult.status(result, 0);
    }
}
