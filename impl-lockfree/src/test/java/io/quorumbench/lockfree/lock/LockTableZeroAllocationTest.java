package io.quorumbench.lockfree.lock;

import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applying lock commands allocates nothing in steady state: clients keep their sessions alive,
 * contend for a few locks (queueing, being handed the lock on release), write the fenced resource,
 * and close and reopen their sessions (slot reuse), with commands patched in place in preallocated
 * buffers; measured with {@code ThreadMXBean#getThreadAllocatedBytes} after warm-up.
 */
class LockTableZeroAllocationTest
{
    private static final int CLIENTS = 8;
    private static final int LOCKS = 3;
    private static final int WARMUP_ROUNDS = 20_000;
    private static final int MEASURED_ROUNDS = 20_000;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final LockTableStateMachine table = new LockTableStateMachine(LockServiceConfig.defaults());
    private final byte[] result = new byte[LockResult.LENGTH];
    private final long[] sessions = new long[CLIENTS];
    private final long[] tokens = new long[CLIENTS];
    private final byte[] open = LockCommand.openSession(1_000_000_000L);
    private final byte[] keepAlive = LockCommand.keepAlive(0);
    private final byte[] close = LockCommand.closeSession(0);
    private final byte[][] acquire = new byte[LOCKS][];
    private final byte[][] release = new byte[LOCKS][];
    private final byte[][] write = new byte[LOCKS][];
    private long index;
    private long timeNs;
    private long applied;
    private long granted;

    LockTableZeroAllocationTest()
    {
        for (int lock = 0; lock < LOCKS; lock++)
        {
            final byte[] name = ("lock-" + lock).getBytes(StandardCharsets.ISO_8859_1);
            acquire[lock] = LockCommand.acquire(0, name, 10_000_000L, false);
            release[lock] = LockCommand.release(0, name, 0);
            write[lock] = LockCommand.fencedWrite(name, 0, "key".getBytes(StandardCharsets.ISO_8859_1), new byte[16]);
        }
    }

    @Test
    void shouldNotAllocateWhileApplyingLockCommands()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int c = 0; c < CLIENTS; c++)
        {
            apply(open);
            sessions[c] = LockResult.sessionId(result, 0);
        }
        rounds(WARMUP_ROUNDS);
        final long grantedBefore = granted;
        final long appliedBefore = applied;
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        rounds(MEASURED_ROUNDS);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        final long commands = applied - appliedBefore;
        assertTrue(granted - grantedBefore > MEASURED_ROUNDS, "the locks changed hands " + (granted - grantedBefore) + " times");
        assertEquals(0, table.count(LockResult.INVALID) + table.count(LockResult.UNKNOWN_SESSION), "the stream stayed valid");
        final double perOp = (double)allocated / commands;
        System.out.printf("lock table: %d bytes allocated over %d commands (%.3f B/op)%n", allocated, commands, perOp);
        // a few hundred bytes of JIT/MXBean noise are tolerated; one object per command would be >= 16 B/op
        assertTrue(perOp < 0.5, "allocated " + allocated + " bytes over " + commands + " commands");
    }

    private void rounds(final int count)
    {
        for (int round = 0; round < count; round++)
        {
            for (int c = 0; c < CLIENTS; c++)
            {
                final int lock = c % LOCKS;
                patch(keepAlive, sessions[c], 0);
                apply(keepAlive);
                if (0 == tokens[c])
                {
                    patch(acquire[lock], sessions[c], 10_000_000L);
                    apply(acquire[lock]);
                    final byte status = LockResult.status(result, 0);
                    if (LockResult.GRANTED == status || LockResult.HELD == status)
                    {
                        tokens[c] = LockResult.token(result, 0);
                        granted++;
                    }
                }
                else
                {
                    patch(write[lock], 0, tokens[c]);
                    apply(write[lock]);
                    patch(release[lock], sessions[c], tokens[c]);
                    apply(release[lock]);
                    tokens[c] = 0;
                }
            }
            if (round % 100 == 99)
            {
                // churn: a client that holds nothing closes its session and opens a new one
                final int c = (round / 100) % CLIENTS;
                patch(close, sessions[c], 0);
                apply(close);
                tokens[c] = 0;
                apply(open);
                sessions[c] = LockResult.sessionId(result, 0);
            }
        }
    }

    private static void patch(final byte[] command, final long sessionId, final long argument)
    {
        LONG_LE.set(command, LockCommand.SESSION_OFFSET, sessionId);
        LONG_LE.set(command, LockCommand.ARGUMENT_OFFSET, argument);
    }

    private void apply(final byte[] command)
    {
        timeNs += 1_000;
        LockCommand.stamp(command, 0, timeNs, 1);
        table.apply(++index, command, 0, command.length, result);
        applied++;
    }
}
