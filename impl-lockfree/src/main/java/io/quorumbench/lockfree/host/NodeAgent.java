package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.Outbox;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.lockfree.codec.ClientMessageDescriptor;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * One node of any tuned protocol as an Agrona {@link Agent}, around the core a
 * {@link DirectNodeFactory} builds. Duty cycle: retry back-pressured frames; poll one Aeron
 * subscription per peer (zero copy into
 * {@link DirectProtocolNode#onMessage(int, DirectBuffer, int, int)}); poll the client ingress ring
 * buffer; read the clock once and tick the core, which flushes its outbox (batched, pipelined
 * frames) into the publications; publish a status snapshot.
 * Returns the work done so an {@code IdleStrategy} backs off only when idle.
 *
 * <p>Client outcomes are written to the egress ring buffer of the client, looked up in a
 * {@link ClientRegistry}; if it is full the outcome is dropped and counted (the client times out
 * and retries, which the core's sessions make safe).
 *
 * <p>{@link #kill(boolean)}, {@link #restart()} and {@link #isolate(boolean)} may be called from
 * any thread; kill and restart are carried out by the agent's own thread at its next duty cycle.
 * Everything else runs on the agent's thread.
 */
public final class NodeAgent implements Agent
{
    private static final int FRAGMENT_LIMIT = 32;
    private static final int INGRESS_LIMIT = 256;
    private static final int CONTROL_NONE = 0;
    private static final int CONTROL_KILL = 1;
    private static final int CONTROL_KILL_POWER_LOSS = 2;
    private static final int CONTROL_RESTART = 3;

    /** Counter type id of the node's rejected-frame counter. */
    public static final int REJECTED_FRAMES_COUNTER_TYPE_ID = 9_001;
    /** Counter type id of the node's dropped-frame counter. */
    public static final int DROPPED_FRAMES_COUNTER_TYPE_ID = 9_002;

    private final int nodeId;
    private final int[] members;
    private final DirectNodeFactory factory;
    private final BiFunction<Outbox, ClientResponder, NodeConfig> configFactory;
    private final RingBuffer ingress;
    private final ClientRegistry clients;
    private final NanoClock clock;
    private final AeronOutbox outbox;
    private final ExclusivePublication[] publications;
    private final Subscription[] subscriptions;
    private final FragmentHandler[] fragmentHandlers;
    private final MessageHandler ingressHandler = this::onIngress;
    private final Responder responder = new Responder();
    private final Counter rejectedCounter;
    private final Counter droppedCounter;
    private final String roleName;

    /** Told when the node's role or term changes; called on the agent thread. */
    @FunctionalInterface
    public interface RoleListener
    {
        /**
         * The role or term changed.
         *
         * @param nodeId this node.
         * @param role   new role.
         * @param term   new term.
         */
        void onRoleChange(int nodeId, Role role, long term);
    }

    private DirectProtocolNode core;
    private AeronClientTransport clientTransport;
    private final AeronClientTransport.CommandSink commandSink = this::onRemoteCommand;
    private RoleListener roleListener;
    private Role lastRole;
    private long lastTerm = -1;
    private long rejectedBeforeRestart;
    private long droppedInbound;
    private volatile int controlRequest = CONTROL_NONE;
    private volatile int statusRole = Role.FOLLOWER.ordinal();
    private volatile long statusTerm;
    private volatile long statusCommitIndex;
    private volatile long statusLastApplied;
    private volatile long statusRejectedFrames;
    private volatile boolean statusAlive = true;

    /**
     * Build a node's agent: publications to every peer, a subscription per peer, and the core.
     *
     * @param nodeId                 this node.
     * @param memberIds              all members.
     * @param aeron                  connected Aeron client.
     * @param peerPublicationChannel channel per member slot to publish to that member (self ignored).
     * @param subscriptionChannel    channel this node receives on.
     * @param factory                builds the core.
     * @param configFactory          builds the node configuration around the agent's outbox and responder;
     *                               called again on every restart (fresh state machine).
     * @param ingress                client commands to this node.
     * @param clients                egress ring buffers of the clients.
     * @param clock                  time source, read once per duty cycle.
     * @param maxBacklogBytes        cap of each peer's back-pressure backlog.
     */
    public NodeAgent(
        final int nodeId,
        final int[] memberIds,
        final Aeron aeron,
        final String[] peerPublicationChannel,
        final String subscriptionChannel,
        final DirectNodeFactory factory,
        final BiFunction<Outbox, ClientResponder, NodeConfig> configFactory,
        final RingBuffer ingress,
        final ClientRegistry clients,
        final NanoClock clock,
        final int maxBacklogBytes)
    {
        this.nodeId = nodeId;
        this.members = memberIds.clone();
        Arrays.sort(this.members);
        this.factory = factory;
        this.configFactory = configFactory;
        this.ingress = ingress;
        this.clients = clients;
        this.clock = clock;

        final int n = members.length;
        publications = new ExclusivePublication[n];
        subscriptions = new Subscription[n];
        fragmentHandlers = new FragmentHandler[n];
        for (int slot = 0; slot < n; slot++)
        {
            final int peer = members[slot];
            if (peer == nodeId)
            {
                continue;
            }
            publications[slot] = aeron.addExclusivePublication(
                peerPublicationChannel[slot], NodeChannels.peerStreamId(nodeId, peer));
            subscriptions[slot] = aeron.addSubscription(subscriptionChannel, NodeChannels.peerStreamId(peer, nodeId));
        }
        outbox = new AeronOutbox(members, publications, maxBacklogBytes);
        final String protocol = factory.protocolName();
        rejectedCounter = aeron.addCounter(REJECTED_FRAMES_COUNTER_TYPE_ID, protocol + " node " + nodeId + " rejected frames");
        droppedCounter = aeron.addCounter(DROPPED_FRAMES_COUNTER_TYPE_ID, protocol + " node " + nodeId + " dropped frames");
        roleName = protocol + "-node-" + nodeId;
        final NodeConfig config = configFactory.apply(outbox, responder);
        core = factory.createNode(config);

        // Reassembly buffers sized for the largest frame up front, so they never grow mid-run.
        final int maxFrameLength = factory.maxFrameLength(config.maxCommandLength());
        for (int slot = 0; slot < n; slot++)
        {
            if (null != subscriptions[slot])
            {
                final int fromSlot = slot;
                fragmentHandlers[slot] = new FragmentAssembler(
                    (buffer, offset, length, header) -> onPeerFrame(fromSlot, buffer, offset, length), maxFrameLength);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return roleName;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork()
    {
        int work = 0;
        if (CONTROL_NONE != controlRequest)
        {
            onControl(controlRequest);
            work++;
        }
        work += outbox.flushBacklogs();
        for (int slot = 0; slot < subscriptions.length; slot++)
        {
            if (null != subscriptions[slot])
            {
                work += subscriptions[slot].poll(fragmentHandlers[slot], FRAGMENT_LIMIT);
            }
        }
        work += ingress.read(ingressHandler, INGRESS_LIMIT);
        if (null != clientTransport)
        {
            work += clientTransport.poll(commandSink, INGRESS_LIMIT);
        }

        final DirectProtocolNode core = this.core;
        if (null != core)
        {
            core.onTick(clock.nanoTime());
            publishStatus(core);
        }
        return work;
    }

    /** {@inheritDoc} */
    @Override
    public void onClose()
    {
        if (null != core)
        {
            core.close();
            core = null;
        }
        statusAlive = false;
        for (int slot = 0; slot < members.length; slot++)
        {
            CloseHelper.quietClose(publications[slot]);
            CloseHelper.quietClose(subscriptions[slot]);
        }
        CloseHelper.quietCloseAll(rejectedCounter, droppedCounter, clientTransport);
    }

    /**
     * Also serve clients over Aeron UDP; call before the agent starts running. Outcomes for client
     * ids not in the {@link ClientRegistry} go to this transport. The agent closes it.
     *
     * @param transport the node's client endpoint.
     * @return this.
     */
    public NodeAgent clientTransport(final AeronClientTransport transport)
    {
        this.clientTransport = transport;
        return this;
    }

    /**
     * This node's id.
     *
     * @return the id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * Request a crash of the node (the process "dies"); carried out on the agent thread.
     *
     * @param powerLoss whether un-fsynced writes are lost too.
     */
    public void kill(final boolean powerLoss)
    {
        controlRequest = powerLoss ? CONTROL_KILL_POWER_LOSS : CONTROL_KILL;
    }

    /** Request a restart from the node's data directory; carried out on the agent thread. */
    public void restart()
    {
        controlRequest = CONTROL_RESTART;
    }

    /**
     * Whether the last kill or restart request has been carried out.
     *
     * @return true when no control request is pending.
     */
    public boolean controlDone()
    {
        return CONTROL_NONE == controlRequest;
    }

    /**
     * Cut (or restore) every link of this node, in both directions, as a network partition.
     *
     * @param isolated whether cut.
     */
    public void isolate(final boolean isolated)
    {
        for (int slot = 0; slot < members.length; slot++)
        {
            if (members[slot] != nodeId)
            {
                outbox.blockPeer(slot, isolated);
            }
        }
    }

    /**
     * Cut (or restore) the link to one peer, in both directions as seen from this node.
     *
     * @param peerId  the peer.
     * @param blocked whether cut.
     */
    public void blockPeer(final int peerId, final boolean blocked)
    {
        outbox.blockPeer(Arrays.binarySearch(members, peerId), blocked);
    }

    /**
     * Role as of the last duty cycle.
     *
     * @return the role.
     */
    public Role role()
    {
        return ROLES[statusRole];
    }

    /**
     * Term as of the last duty cycle.
     *
     * @return the term.
     */
    public long term()
    {
        return statusTerm;
    }

    /**
     * Commit index as of the last duty cycle.
     *
     * @return the commit index.
     */
    public long commitIndex()
    {
        return statusCommitIndex;
    }

    /**
     * Last applied index as of the last duty cycle.
     *
     * @return the index.
     */
    public long lastApplied()
    {
        return statusLastApplied;
    }

    /**
     * Frames rejected by the core (also in the Aeron counter, type {@link #REJECTED_FRAMES_COUNTER_TYPE_ID}).
     *
     * @return the count, across restarts.
     */
    public long rejectedFrames()
    {
        return statusRejectedFrames;
    }

    /**
     * Whether the node is running (not killed).
     *
     * @return true if alive.
     */
    public boolean isAlive()
    {
        return statusAlive;
    }

    private static final Role[] ROLES = Role.values();

    private void onControl(final int request)
    {
        if (CONTROL_RESTART == request)
        {
            if (null == core)
            {
                outbox.clearBacklogs();
                core = factory.createNode(configFactory.apply(outbox, responder));
                statusAlive = true;
            }
        }
        else if (null != core)
        {
            rejectedBeforeRestart += core.rejectedFrames();
            core.crash(CONTROL_KILL_POWER_LOSS == request);
            core = null;
            statusAlive = false;
            statusRole = Role.FOLLOWER.ordinal();
        }
        controlRequest = CONTROL_NONE;
    }

    /**
     * Set the role listener; call before the agent starts running.
     *
     * @param listener the listener, or null.
     * @return this.
     */
    public NodeAgent roleListener(final RoleListener listener)
    {
        this.roleListener = listener;
        return this;
    }

    private void publishStatus(final DirectProtocolNode core)
    {
        final Role role = core.role();
        if (role != lastRole || core.term() != lastTerm)
        {
            lastRole = role;
            lastTerm = core.term();
            if (null != roleListener)
            {
                roleListener.onRoleChange(nodeId, role, lastTerm);
            }
        }
        statusRole = core.role().ordinal();
        statusTerm = core.term();
        statusCommitIndex = core.commitIndex();
        statusLastApplied = core.lastApplied();
        final long rejected = rejectedBeforeRestart + core.rejectedFrames();
        if (rejected != statusRejectedFrames)
        {
            statusRejectedFrames = rejected;
            rejectedCounter.setRelease(rejected);
        }
        droppedCounter.setRelease(outbox.droppedFrames() + droppedInbound);
    }

    private void onPeerFrame(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        final DirectProtocolNode core = this.core;
        if (null == core || outbox.isBlocked(slot))
        {
            droppedInbound++;
            return;
        }
        core.onMessage(members[slot], buffer, offset, length);
    }

    private void onRemoteCommand(
        final long clientId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final DirectProtocolNode core = this.core;
        if (null != core)
        {
            core.onClientCommand(clientId, sequence, buffer, offset, length);
        }
    }

    private void onIngress(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final DirectProtocolNode core = this.core;
        if (null == core)
        {
            return;
        }
        if (ClientMessageDescriptor.MSG_COMMAND != msgTypeId || length < ClientMessageDescriptor.COMMAND_OFFSET)
        {
            return;
        }
        core.onClientCommand(
            buffer.getLong(index + ClientMessageDescriptor.CLIENT_ID_OFFSET, FrameHeaderFlyweight.BYTE_ORDER),
            buffer.getLong(index + ClientMessageDescriptor.SEQUENCE_OFFSET, FrameHeaderFlyweight.BYTE_ORDER),
            buffer,
            index + ClientMessageDescriptor.COMMAND_OFFSET,
            length - ClientMessageDescriptor.COMMAND_OFFSET);
    }

    /** Writes client outcomes into the client's egress ring buffer. */
    private final class Responder implements ClientResponder
    {
        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            final RingBuffer egress = clients.egress(clientId);
            if (null == egress)
            {
                if (null != clientTransport)
                {
                    clientTransport.onCommitted(clientId, sequence, logIndex, result, offset, length);
                }
                return;
            }
            final int index = egress.tryClaim(ClientMessageDescriptor.MSG_COMMITTED, ClientMessageDescriptor.RESULT_OFFSET + length);
            if (index < 0)
            {
                clients.onDroppedResponse();
                return;
            }
            final AtomicBuffer buffer = egress.buffer();
            buffer.putLong(index + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putLong(index + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putLong(index + ClientMessageDescriptor.LOG_INDEX_OFFSET, logIndex, FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putBytes(index + ClientMessageDescriptor.RESULT_OFFSET, result, offset, length);
            egress.commit(index);
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            final RingBuffer egress = clients.egress(clientId);
            if (null == egress)
            {
                if (null != clientTransport)
                {
                    clientTransport.onRejected(clientId, sequence, reason, leaderHint);
                }
                return;
            }
            final int index = egress.tryClaim(ClientMessageDescriptor.MSG_REJECTED, ClientMessageDescriptor.REJECTED_LENGTH);
            if (index < 0)
            {
                clients.onDroppedResponse();
                return;
            }
            final AtomicBuffer buffer = egress.buffer();
            buffer.putLong(index + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putLong(index + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putInt(index + ClientMessageDescriptor.REASON_OFFSET, reason.ordinal(), FrameHeaderFlyweight.BYTE_ORDER);
            buffer.putInt(index + ClientMessageDescriptor.LEADER_HINT_OFFSET, leaderHint, FrameHeaderFlyweight.BYTE_ORDER);
            egress.commit(index);
        }
    }
}
