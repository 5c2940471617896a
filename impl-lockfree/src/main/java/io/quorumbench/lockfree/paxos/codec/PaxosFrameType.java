package io.quorumbench.lockfree.paxos.codec;

/**
 * Frame types of the tuned Multi-Paxos, carried in the type byte of the shared
 * {@link io.quorumbench.lockfree.codec.FrameHeaderFlyweight}. They do not overlap Raft's (1..6), so
 * a frame of the wrong protocol reaching a node is rejected as an unknown type.
 */
public final class PaxosFrameType
{
    /** Phase 1a: {@link PrepareFlyweight}. */
    public static final byte TYPE_PREPARE = 21;
    /** Phase 1b: {@link PromiseFlyweight} followed by accepted slot records. */
    public static final byte TYPE_PROMISE = 22;
    /** Phase 2a: {@link AcceptFlyweight} followed by one slot record. */
    public static final byte TYPE_ACCEPT = 23;
    /** Phase 2b: {@link AcceptedFlyweight}. */
    public static final byte TYPE_ACCEPTED = 24;
    /** Leader liveness and commit point: {@link HeartbeatFlyweight}. */
    public static final byte TYPE_HEARTBEAT = 25;
    /** Answer to a heartbeat: {@link HeartbeatResponseFlyweight}. */
    public static final byte TYPE_HEARTBEAT_RESPONSE = 26;

    /**
     * Pre-prepare: would you promise this ballot? ({@link PrepareFlyweight}, from slot 0); nobody
     * changes state, so a node cut off from the leader cannot raise the ballots of the others.
     */
    public static final byte TYPE_PRE_PREPARE = 27;
    /**
     * Answer to a pre-prepare ({@link HeartbeatResponseFlyweight}: the promised field equals the
     * asked ballot if the acceptor would promise it).
     */
    public static final byte TYPE_PRE_PROMISE = 28;

    private PaxosFrameType()
    {
    }
}
