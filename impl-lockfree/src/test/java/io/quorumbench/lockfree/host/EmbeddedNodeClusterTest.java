package io.quorumbench.lockfree.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.lockfree.raft.LockfreeRaftFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded tuned cluster's sessions as the load generator measures them (moved from loadgen's
 * {@code RaftTargetsTest} when loadgen went through the registry): an answer is never stamped
 * before its command was applied, every answer in flight is kept while the sender does not poll,
 * and the answer buffers are sized from the in-flight limit and the largest value.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedNodeClusterTest
{
    private static final int VALUE_LENGTH = 64;

    @TempDir
    Path dir;

    /** KV state machines (64-byte values) that show each command to {@code onApply} before applying it. */
    private static IntFunction<StateMachine> observedKv(final ObjIntConsumer<byte[]> onApply)
    {
        return (id) ->
        {
            final KvStateMachine kv = new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, VALUE_LENGTH);
            return new StateMachine()
            {
                @Override
                public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
                {
                    onApply.accept(command, offset);
                    return kv.apply(logIndex, command, offset, length, result);
                }

                @Override
                public int maxResultLength()
                {
                    return kv.maxResultLength();
                }
            };
        };
    }

    private EmbeddedNodeCluster launch(final boolean onSender, final IntFunction<StateMachine> stateMachines)
    {
        final ClusterContext context = new ClusterContext().maxCommandLength(256).dataDir(dir)
            .option(HostOptions.CLUSTER_ON_SENDER_OPTION, String.valueOf(onSender))
            .option(HostOptions.MAX_VALUE_LENGTH_OPTION, String.valueOf(VALUE_LENGTH))
            .conclude();
        return EmbeddedNodeCluster.launch("raft/lockfree", LockfreeRaftFactory.embedded(), context,
            HostOptions.parse(context), stateMachines);
    }

    private static byte[] key(final long key)
    {
        return ByteBuffer.allocate(8).putLong(key).array();
    }

    @ParameterizedTest(name = "cluster on the sender thread: {0}")
    @ValueSource(booleans = {true, false})
    void shouldNeverStampAnAnswerBeforeItsCommandWasApplied(final boolean onSender)
    {
        final int count = 2_000;
        // when each command was first applied on any replica: its answer cannot be complete before that
        final AtomicLongArray firstApplyNs = new AtomicLongArray(count);
        final IntFunction<StateMachine> observed = observedKv((command, offset) ->
        {
            final int key = (int)ByteBuffer.wrap(command, KvCommand.keyOffset(offset), 8).getLong();
            firstApplyNs.compareAndSet(key, 0, System.nanoTime());
        });
        try (EmbeddedNodeCluster cluster = launch(onSender, observed))
        {
            final ClientSession session = cluster.openSession(0);
            final byte[] command = new byte[256];
            final long[] completed = new long[count];
            final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
            {
                assertEquals(CompletionHandler.OK, outcome);
                completed[(int)requestId] = completedNs;
            };
            for (int i = 0; i < count; i++)
            {
                final int length = KvCommand.encodePut(command, 0, key(i), new byte[VALUE_LENGTH]);
                assertTrue(session.trySend(i, command, 0, length), "sent " + i);
                if (i % 100 == 99)
                {
                    session.poll(handler, count);
                }
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Arrays.stream(completed).anyMatch((ns) -> 0 == ns))
            {
                assertTrue(System.nanoTime() < deadlineNs, "every command answered");
                session.poll(handler, count);
            }
            for (int i = 0; i < count; i++)
            {
                assertTrue(completed[i] >= firstApplyNs.get(i),
                    "command " + i + " answered " + (firstApplyNs.get(i) - completed[i]) + " ns before it was applied");
            }
        }
    }

    @Test
    void shouldKeepAnAnswerForEveryRequestInFlightWhileTheSenderIsNotPolling()
    {
        // 1,000 puts of 64-byte values, then 30,000 gets of them, all applied on every replica
        // before the first answer is read: ~3 MiB of answers, three times what a fixed 1 MiB
        // egress buffer held.
        final int keys = 1_000;
        final int count = keys + 30_000;
        final AtomicLong applied = new AtomicLong();
        try (EmbeddedNodeCluster cluster = launch(false, observedKv((command, offset) -> applied.incrementAndGet())))
        {
            final ClientSession session = cluster.openSession(0);
            final byte[] command = new byte[256];
            final int[] ok = new int[1];
            final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
            {
                assertEquals(CompletionHandler.OK, outcome, "request " + requestId);
                ok[0]++;
            };
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; i < count; i++)
            {
                final int length = i < keys ?
                    KvCommand.encodePut(command, 0, key(i % keys), new byte[VALUE_LENGTH]) :
                    KvCommand.encodeGet(command, 0, key(i % keys));
                while (!session.trySend(i, command, 0, length))
                {
                    // the cluster's own thread drains the ingress; nobody reads the answers yet
                    assertTrue(System.nanoTime() < deadlineNs, "ingress drained");
                    Thread.onSpinWait();
                }
            }
            while (applied.get() < 3L * count)
            {
                assertTrue(System.nanoTime() < deadlineNs, applied.get() + " of " + 3L * count + " applies");
                Thread.onSpinWait();
            }
            // every answer is in the buffer by now, or was dropped
            final long answersDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ok[0] < count)
            {
                assertTrue(System.nanoTime() < answersDeadlineNs, ok[0] + " of " + count + " answered");
                session.poll(handler, count);
            }
            assertEquals(0, cluster.droppedResponses(), "answers dropped for want of egress space");
        }
    }

    @Test
    void shouldSizeTheEgressForTheSendersInFlightLimit()
    {
        // 8 ring-record header + 24 answer header + 69 result bytes, aligned to 104
        assertEquals(8 << 20, EmbeddedNodeCluster.egressCapacity(65_536, 69));
        assertEquals(1 << 20, EmbeddedNodeCluster.egressCapacity(1, 69));
        assertEquals(EmbeddedNodeCluster.MAX_EGRESS_CAPACITY, EmbeddedNodeCluster.egressCapacity(4_194_304, 69));
    }

    @Test
    void shouldSizeTheAnswersForTheLargestValueOption()
    {
        // 64-byte values: 69-byte answers, so 64k in flight fit 8 MiB (the state machine's default 4 KiB values need 64)
        final ClusterContext context = new ClusterContext().option(HostOptions.MAX_VALUE_LENGTH_OPTION, "64").conclude();
        final HostOptions options = HostOptions.parse(context);
        assertEquals(64, options.maxValueLength());
        assertEquals(69, options.stateMachine(context.stateMachine()).maxResultLength());
        assertEquals(KvStateMachine.DEFAULT_MAX_VALUE_LENGTH,
            HostOptions.parse(new ClusterContext().conclude()).maxValueLength());
        assertThrows(IllegalArgumentException.class, () -> HostOptions.parse(
            new ClusterContext().option(HostOptions.MAX_VALUE_LENGTH_OPTION, "0").conclude()));
        assertThrows(IllegalArgumentException.class, () -> HostOptions.parse(
            new ClusterContext().option(HostOptions.MAX_VALUE_LENGTH_OPTION, "big").conclude()));
    }
}
