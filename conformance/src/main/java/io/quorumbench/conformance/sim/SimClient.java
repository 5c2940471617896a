package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated KV client: one operation at a time (put, get or cas on a small key set, values
 * unique per write so reads say which write they saw), sent to the node it believes is leader,
 * following leader hints on rejection, retrying with the <em>same</em> sequence number after a
 * timeout or a lost leadership (so the nodes' deduplication is exercised), and recording an
 * {@code info} outcome when its operation deadline passes. After an {@code info} it continues as
 * a new process with a new client session, as Jepsen does, since the old operation may still take
 * effect at any time.
 *
 * <p>Single-threaded: runs inside simulation events.
 */
final class SimClient
{
    private static final long HINTED_RETRY_NS = 1_000_000L;
    private static final long MIN_BACKOFF_NS = 10_000_000L;
    private static final long MAX_BACKOFF_NS = 50_000_000L;

    final int index;
    final List<String[]> script = new ArrayList<>();
    int completedScripted;
    OpType lastOutcome;
    String lastError;

    private final Simulation sim;
    private final boolean scripted;
    private final Map<String, String> lastSeen = new HashMap<>();
    private int scriptPosition;
    private int process;
    private long clientId;
    private long sequence;
    private boolean busy;
    private Op invoke;
    private byte[] command;
    private long operationStartNs;
    private int attempt;
    private int target;

    SimClient(final Simulation sim, final int index, final boolean scripted)
    {
        this.sim = sim;
        this.index = index;
        this.scripted = scripted;
        newSession();
        target = 1 + sim.random().nextInt(sim.nodeCount());
    }

    private void newSession()
    {
        process = sim.newProcess();
        clientId = sim.register(this);
        sequence = 0;
    }

    boolean idle()
    {
        return !busy;
    }

    void issueNext()
    {
        if (busy)
        {
            return;
        }
        if (scripted)
        {
            if (scriptPosition >= script.size())
            {
                return;
            }
            final String[] step = script.get(scriptPosition++);
            begin(step[0], step[1], step[2], null);
            return;
        }
        if (sim.clientsStopped())
        {
            return;
        }
        final String key = sim.randomKey();
        final int dice = sim.random().nextInt(100);
        if (dice < 40)
        {
            begin(Op.GET, key, null, null);
        }
        else if (dice < 75)
        {
            begin(Op.PUT, key, sim.uniqueValue(index), null);
        }
        else
        {
            // expect what this client last saw, so some cas succeed and some race
            begin(Op.CAS, key, sim.uniqueValue(index), lastSeen.get(key));
        }
    }

    private void begin(final String f, final String key, final String value, final String expected)
    {
        sequence++;
        busy = true;
        operationStartNs = sim.now();
        invoke = sim.recordedHistory().invoke(process, f, key, value, expected, operationStartNs);
        final byte[] keyBytes = bytes(key);
        final byte[] buffer = new byte[KvCommand.encodedLength(keyBytes.length, 64, 64)];
        final int length;
        switch (f)
        {
            case Op.PUT:
                length = KvCommand.encodePut(buffer, 0, keyBytes, bytes(value));
                break;
            case Op.GET:
                length = KvCommand.encodeGet(buffer, 0, keyBytes);
                break;
            default:
                length = KvCommand.encodeCas(buffer, 0, keyBytes, null == expected ? null : bytes(expected), bytes(value));
                break;
        }
        command = Arrays.copyOf(buffer, length);
        sendAttempt();
    }

    private void sendAttempt()
    {
        attempt++;
        final int thisAttempt = attempt;
        sim.sendCommand(target, clientId, sequence, command);
        sim.clientEvent(sim.now() + sim.config().attemptTimeoutNs(), index, () -> onTimeout(thisAttempt));
    }

    private long deadlineNs()
    {
        return operationStartNs + (scripted ? sim.config().livenessBoundNs() : sim.config().operationDeadlineNs());
    }

    private void onTimeout(final int timedOutAttempt)
    {
        if (!busy || timedOutAttempt != attempt)
        {
            return;
        }
        if (sim.now() >= deadlineNs())
        {
            complete(OpType.INFO, invoke.value(), -1, "timeout");
            return;
        }
        target = otherNode(target);
        sendAttempt();
    }

    void onCommitted(final long fromClientId, final long fromSequence, final long logIndex, final byte[] result)
    {
        if (!busy || fromClientId != clientId || fromSequence != sequence)
        {
            return;
        }
        final KvResult.Status status = result.length >= KvResult.HEADER_LENGTH ?
            KvResult.status(result, 0) : KvResult.Status.INVALID;
        final String value = string(KvResult.value(result, 0, result.length));
        switch (invoke.f())
        {
            case Op.GET:
                if (status != KvResult.Status.OK && status != KvResult.Status.NOT_FOUND)
                {
                    throw new AssertionError("get " + invoke.key() + " answered " + status + " at log index " + logIndex);
                }
                lastSeen.put(invoke.key(), value);
                complete(OpType.OK, value, logIndex, null);
                break;
            case Op.PUT:
                if (status != KvResult.Status.OK)
                {
                    throw new AssertionError("put " + invoke.key() + " answered " + status + " at log index " + logIndex);
                }
                lastSeen.put(invoke.key(), invoke.value());
                complete(OpType.OK, invoke.value(), logIndex, null);
                break;
            default:
                if (status == KvResult.Status.OK)
                {
                    lastSeen.put(invoke.key(), invoke.value());
                    complete(OpType.OK, invoke.value(), logIndex, null);
                }
                else if (status == KvResult.Status.CAS_MISMATCH)
                {
                    lastSeen.put(invoke.key(), value);
                    complete(OpType.FAIL, invoke.value(), logIndex, "CAS_MISMATCH");
                }
                else
                {
                    throw new AssertionError("cas " + invoke.key() + " answered " + status + " at log index " + logIndex);
                }
                break;
        }
    }

    void onRejected(
        final long fromClientId, final long fromSequence, final RejectReason reason, final int leaderHint, final int fromNode)
    {
        if (!busy || fromClientId != clientId || fromSequence != sequence || fromNode != target)
        {
            return;
        }
        if (reason == RejectReason.INVALID_COMMAND)
        {
            complete(OpType.FAIL, invoke.value(), -1, reason.name());
            return;
        }
        if (sim.now() >= deadlineNs())
        {
            complete(OpType.INFO, invoke.value(), -1, reason.name());
            return;
        }
        // a newer attempt supersedes the pending timeout
        attempt++;
        final boolean hinted = leaderHint != NodeConfig.NO_NODE && leaderHint >= 1 && leaderHint <= sim.nodeCount() &&
            leaderHint != fromNode;
        target = hinted ? leaderHint : otherNode(fromNode);
        final long backoff = hinted && reason == RejectReason.NOT_LEADER ? HINTED_RETRY_NS :
            MIN_BACKOFF_NS + sim.random().nextLong(MAX_BACKOFF_NS - MIN_BACKOFF_NS + 1);
        sim.clientEvent(sim.now() + backoff, index, () ->
        {
            if (busy && fromSequence == sequence)
            {
                sendAttempt();
            }
        });
    }

    private void complete(final OpType type, final String value, final long logIndex, final String error)
    {
        sim.recordedHistory().complete(invoke, type, value, sim.now(), logIndex, error);
        lastOutcome = type;
        lastError = error;
        final SimulationStats stats = sim.counters();
        switch (type)
        {
            case OK:
                stats.opsOk++;
                break;
            case FAIL:
                stats.opsFail++;
                break;
            default:
                stats.opsInfo++;
                break;
        }
        busy = false;
        invoke = null;
        attempt++;
        if (type == OpType.INFO)
        {
            sim.retire(clientId);
            newSession();
        }
        if (scripted)
        {
            completedScripted++;
            sim.clientEvent(sim.now(), index, this::issueNext);
        }
        else
        {
            sim.clientEvent(sim.now() + sim.random().nextLong(sim.config().maxThinkTimeNs() + 1), index, this::issueNext);
        }
    }

    private int otherNode(final int current)
    {
        final int n = sim.nodeCount();
        if (n == 1)
        {
            return current;
        }
        final int pick = 1 + sim.random().nextInt(n - 1);
        return pick >= current ? pick + 1 : pick;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(final byte[] bytes)
    {
        return null == bytes ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
