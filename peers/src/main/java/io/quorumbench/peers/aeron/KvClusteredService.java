package io.quorumbench.peers.aeron;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.quorumbench.api.consensus.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The project's state machine as an Aeron Cluster {@link ClusteredService}: every session message is
 * {@code requestId (i64, little-endian)} followed by one command; the service applies the command
 * (its log position is the index) and answers the session with the request id and the result.
 * Followers apply too; Aeron Cluster sends only the leader's answers.
 *
 * <p>No snapshots: a restarted member replays the log from its archive, so the state is rebuilt
 * without one (runs are short; Aeron takes a snapshot only when an operator asks for one).
 *
 * <p><b>Threading</b>: callbacks on the service container's agent thread; {@link #role()} and
 * {@link #leadershipTermId()} from any thread.
 */
final class KvClusteredService implements ClusteredService
{
    /** Length of the request id that starts every ingress and egress message. */
    static final int REQUEST_ID_LENGTH = Long.BYTES;

    private final StateMachine stateMachine;
    private final byte[] command;
    private final byte[] result;
    private final UnsafeBuffer egress;
    private Cluster cluster;
    private IdleStrategy idleStrategy;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile long leadershipTermId = -1;

    /**
     * @param stateMachine     the application, fresh.
     * @param maxCommandLength largest command a client sends, bytes.
     */
    KvClusteredService(final StateMachine stateMachine, final int maxCommandLength)
    {
        this.stateMachine = stateMachine;
        this.command = new byte[maxCommandLength];
        this.result = new byte[stateMachine.maxResultLength()];
        this.egress = new UnsafeBuffer(new byte[REQUEST_ID_LENGTH + stateMachine.maxResultLength()]);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idleStrategy = cluster.idleStrategy();
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final long requestId = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        final int commandLength = Math.min(length - REQUEST_ID_LENGTH, command.length);
        buffer.getBytes(offset + REQUEST_ID_LENGTH, command, 0, commandLength);
        // a command longer than the buffer arrives truncated, which the KV state machine answers INVALID
        final int resultLength = stateMachine.apply(header.position(), command, 0, commandLength, result);
        if (null == session)
        {
            return;
        }
        egress.putLong(0, requestId, ByteOrder.LITTLE_ENDIAN);
        egress.putBytes(REQUEST_ID_LENGTH, result, 0, resultLength);
        offer(session, REQUEST_ID_LENGTH + resultLength);
    }

    /** Offer the answer, waiting out back-pressure; a client that went away loses it (it times out). */
    private void offer(final ClientSession session, final int length)
    {
        idleStrategy.reset();
        while (true)
        {
            final long position = session.offer(egress, 0, length);
            if (position > 0 || Publication.NOT_CONNECTED == position || Publication.CLOSED == position ||
                Publication.MAX_POSITION_EXCEEDED == position)
            {
                return;
            }
            idleStrategy.idle();
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        // not asked for in a run (see the class comment); an empty snapshot would lose the state, so refuse
        throw new UnsupportedOperationException("the quorumbench KV service replays its log instead of snapshots");
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
    }

    @Override
    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        this.leadershipTermId = leadershipTermId;
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
        role = Cluster.Role.FOLLOWER;
    }

    /**
     * @return the member's role as last told to the service.
     */
    Cluster.Role role()
    {
        return role;
    }

    /**
     * @return the latest leadership term the service saw, -1 before the first.
     */
    long leadershipTermId()
    {
        return leadershipTermId;
    }

    /**
     * @return the cluster this service runs in, once started.
     */
    Cluster cluster()
    {
        return cluster;
    }
}
