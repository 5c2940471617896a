package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.util.ArrayList;
import java.util.List;

/**
 * A simulated client, the same for every {@link ClientModel}: one operation at a time (the model
 * chooses it and encodes it), sent to the node it believes is leader, following leader hints on
 * rejection, retrying with the <em>same</em> sequence number after a timeout or a lost leadership
 * (so the nodes' deduplication is exercised), and recording an {@code info} outcome when its
 * operation deadline passes. After an {@code info} it continues as a new process with a new client
 * session, as Jepsen does, since the old operation may still take effect at any time.
 *
 * <p>Single-threaded: runs inside simulation events.
 */
final class SimClient
{
    private static final long HINTED_RETRY_NS = 1_000_000L;
    private static final long MIN_BACKOFF_NS = 10_000_000L;
    private static final long MAX_BACKOFF_NS = 50_000_000L;

    final int index;
    final List<ClientModel.Operation> script = new ArrayList<>();
    int completedScripted;
    OpType lastOutcome;
    String lastError;

    private final Simulation sim;
    private final ClientModel.Client model;
    private final boolean scripted;
    private int scriptPosition;
    private int process;
    private long clientId;
    private long sequence;
    private boolean busy;
    private ClientModel.Operation operation;
    private Op invoke;
    private byte[] command;
    private long operationStartNs;
    private int attempt;
    private int target;

    SimClient(final Simulation sim, final int index, final boolean scripted, final ClientModel.Client model)
    {
        this.sim = sim;
        this.index = index;
        this.scripted = scripted;
        this.model = model;
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
            begin(script.get(scriptPosition++));
            return;
        }
        if (sim.clientsStopped())
        {
            return;
        }
        begin(model.next(sim.clientContext()));
    }

    private void begin(final ClientModel.Operation next)
    {
        sequence++;
        busy = true;
        operationStartNs = sim.now();
        operation = next;
        invoke = sim.recordedHistory().invoke(process, next.f(), next.key(), next.value(), next.expected(), operationStartNs);
        command = model.encode(next);
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
        final ClientModel.Outcome outcome = model.onCommitted(operation, result, logIndex);
        complete(outcome.type(), outcome.value(), logIndex, outcome.error());
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
        operation = null;
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
}
