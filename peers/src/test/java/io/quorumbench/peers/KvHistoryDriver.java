package io.quorumbench.peers;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one client session with a small KV workload (puts, gets and CASes of unique values on a few
 * keys, several processes each with one operation outstanding) and records every invocation and
 * completion in the conformance kit's {@link History}, so a test can check it for linearizability.
 * A process whose operation ended unknown is retired, as the history format requires.
 *
 * <p><b>Threading</b>: one thread, the session's owner.
 */
final class KvHistoryDriver implements CompletionHandler
{
    private static final String[] KEYS = {"k0", "k1", "k2", "k3"};

    private final ClientSession session;
    private final History history;
    private final Random random;
    private final Map<Long, Op> invocations = new HashMap<>();
    private final Map<Long, Integer> slotByRequest = new HashMap<>();
    private final int[] processBySlot;
    private final boolean[] busy;
    private final byte[] command = new byte[256];
    private int nextProcess;
    private long nextRequestId = 1;
    private int ok;
    private int unknown;

    /**
     * @param session   the session to drive.
     * @param history   where operations are recorded (shared by the drivers of one test, one thread).
     * @param processes how many operations may be outstanding, one per process.
     * @param firstProcess the first process id this driver uses (drivers of one history must not overlap).
     * @param seed      of the workload.
     */
    KvHistoryDriver(final ClientSession session, final History history, final int processes, final int firstProcess,
        final long seed)
    {
        this.session = session;
        this.history = history;
        this.random = new Random(seed);
        this.processBySlot = new int[processes];
        this.busy = new boolean[processes];
        for (int i = 0; i < processes; i++)
        {
            processBySlot[i] = firstProcess + i;
        }
        this.nextProcess = firstProcess + processes + 10_000;
    }

    /**
     * Run {@code count} more operations and wait for all of them to finish.
     *
     * @param count     operations to invoke.
     * @param timeoutNs how long the whole batch may take.
     * @throws AssertionError if they do not all finish in time.
     */
    void run(final int count, final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        int invoked = 0;
        while (invoked < count || !invocations.isEmpty())
        {
            for (int slot = 0; slot < busy.length && invoked < count; slot++)
            {
                if (!busy[slot] && invoke(slot))
                {
                    invoked++;
                }
            }
            if (0 == session.poll(this, 64))
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("operations unfinished after " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) +
                    " ms: " + invocations.size() + " of " + count + " (" + ok + " ok so far)");
            }
        }
    }

    private boolean invoke(final int slot)
    {
        final int process = processBySlot[slot];
        final String key = KEYS[random.nextInt(KEYS.length)];
        final byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        final int pick = random.nextInt(10);
        final String value = "p" + process + "-" + nextRequestId;
        final String f;
        final String expected;
        final int length;
        if (pick < 4)
        {
            f = Op.PUT;
            expected = null;
            length = KvCommand.encodePut(command, 0, keyBytes, value.getBytes(StandardCharsets.US_ASCII));
        }
        else if (pick < 8)
        {
            f = Op.GET;
            expected = null;
            length = KvCommand.encodeGet(command, 0, keyBytes);
        }
        else
        {
            f = Op.CAS;
            // expect the value some earlier op wrote, or absence: either may match
            expected = random.nextBoolean() ? null : lastWritten(key);
            length = KvCommand.encodeCas(command, 0, keyBytes,
                null == expected ? null : expected.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
        }
        final long requestId = nextRequestId;
        final long nowNs = System.nanoTime();
        if (!session.trySend(requestId, command, 0, length))
        {
            return false;
        }
        nextRequestId++;
        invocations.put(requestId, history.invoke(process, f, key, Op.GET.equals(f) ? null : value, expected, nowNs));
        slotByRequest.put(requestId, slot);
        busy[slot] = true;
        return true;
    }

    private String lastWritten(final String key)
    {
        for (int i = history.size() - 1; i >= 0; i--)
        {
            final Op op = history.ops().get(i);
            if (op.key().equals(key) && op.type() == OpType.INVOKE && null != op.value())
            {
                return op.value();
            }
        }
        return null;
    }

    /** {@inheritDoc} */
    @Override
    public void onComplete(
        final long requestId, final int outcome, final long completedNs, final byte[] result, final int offset, final int length)
    {
        final Op invocation = invocations.remove(requestId);
        if (null == invocation)
        {
            throw new AssertionError("an answer to request " + requestId + " that is not outstanding");
        }
        final int slot = slotByRequest.remove(requestId);
        busy[slot] = false;
        if (FAILED == outcome)
        {
            // definitely not applied: a fail that observed nothing
            history.complete(invocation, OpType.FAIL, invocation.value(), completedNs, -1, "failed");
            return;
        }
        if (UNKNOWN == outcome)
        {
            unknown++;
            history.complete(invocation, OpType.INFO, invocation.value(), completedNs, -1, "unknown");
            // a process whose operation ended unknown is never reused
            processBySlot[slot] = nextProcess++;
            return;
        }
        ok++;
        final KvResult.Status status = KvResult.status(result, offset);
        switch (invocation.f())
        {
            case Op.GET ->
            {
                final byte[] read = KvResult.value(result, offset, length);
                history.complete(invocation, OpType.OK, null == read ? null : new String(read, StandardCharsets.US_ASCII),
                    completedNs, -1, null);
            }
            case Op.CAS -> history.complete(invocation, KvResult.Status.OK == status ? OpType.OK : OpType.FAIL,
                invocation.value(), completedNs, -1, KvResult.Status.OK == status ? null : "CAS_MISMATCH");
            default -> history.complete(invocation, KvResult.Status.OK == status ? OpType.OK : OpType.FAIL,
                invocation.value(), completedNs, -1, KvResult.Status.OK == status ? null : status.name());
        }
    }

    /**
     * @return operations answered OK so far.
     */
    int ok()
    {
        return ok;
    }

    /**
     * @return operations that ended unknown so far.
     */
    int unknown()
    {
        return unknown;
    }
}
