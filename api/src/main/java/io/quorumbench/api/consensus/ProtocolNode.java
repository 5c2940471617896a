package io.quorumbench.api.consensus;

/**
 * The deterministic core of one replicated-log node (Raft or Multi-Paxos), in the shape of etcd
 * raft: no threads, no clock, no sockets, no randomness beyond its seed. A host (threads and TCP
 * in the baseline, an Agrona agent on Aeron in the tuned implementation) or the conformance
 * simulator drives it through the {@code on*} methods; it answers through the {@link Outbox},
 * the {@link ClientResponder} and the {@link StateMachine} of its {@link NodeConfig}.
 * Same inputs in the same order give the same outputs.
 *
 * <p><b>Threading</b>: single-threaded; every method is called from the node's one thread.
 *
 * <p><b>Bad input</b>: a malformed, truncated, oversize or foreign-cluster frame, or one from an
 * unknown node, is dropped and counted in {@link #rejectedFrames()}; it never throws.
 *
 * <p>The query methods exist so the conformance kit can check invariants (election safety, log
 * matching, leader completeness, state machine safety) after every step.
 */
public interface ProtocolNode extends AutoCloseable
{
    /**
     * This node's id.
     *
     * @return the node id.
     */
    int nodeId();

    /**
     * Deliver a frame from a peer.
     *
     * @param fromNodeId sender as the transport knows it.
     * @param frame      buffer holding the frame.
     * @param offset     first byte of the frame.
     * @param length     frame length.
     */
    void onMessage(int fromNodeId, byte[] frame, int offset, int length);

    /**
     * Advance the node's notion of time; drives election timeouts, heartbeats and batching.
     *
     * @param nowNs monotonic time in nanoseconds, never decreasing.
     */
    void onTick(long nowNs);

    /**
     * A client command. The outcome is reported once through the {@link ClientResponder}:
     * committed, or rejected with a leader hint; or never, if the node crashes first.
     *
     * @param clientId client session id.
     * @param sequence client sequence number, increasing per client; a retry reuses it.
     * @param command  buffer holding the command.
     * @param offset   first byte of the command.
     * @param length   command length.
     */
    void onClientCommand(long clientId, long sequence, byte[] command, int offset, int length);

    /**
     * Current role.
     *
     * @return the role.
     */
    Role role();

    /**
     * Current term (Raft) or ballot (Paxos).
     *
     * @return the term.
     */
    long term();

    /**
     * Leader this node believes in for the current term.
     *
     * @return the leader's id or {@link NodeConfig#NO_NODE}.
     */
    int leaderId();

    /**
     * Highest log index known committed.
     *
     * @return the commit index, 0 when nothing is committed.
     */
    long commitIndex();

    /**
     * Highest index applied to the state machine.
     *
     * @return the last applied index.
     */
    long lastApplied();

    /**
     * Highest index in the log (committed or not). Indexes start at 1.
     *
     * @return the last log index, 0 for an empty log.
     */
    long lastLogIndex();

    /**
     * Term of the entry at an index.
     *
     * @param index log index, 1..{@link #lastLogIndex()}.
     * @return its term, 0 for index 0.
     */
    long logTermAt(long index);

    /**
     * Index of the last entry a snapshot covers: entries 1..snapshotIndex have been compacted
     * away, {@link #logTermAt} answers for {@code snapshotIndex} and above only, and
     * {@link #logCommandAt} above it only. The default, 0, is a node that never compacts.
     *
     * @return the snapshot index, 0 if there is none.
     */
    default long snapshotIndex()
    {
        return 0;
    }

    /**
     * A copy of the command at an index; for checkers and tests, may allocate.
     *
     * @param index log index, 1..{@link #lastLogIndex()}.
     * @return the command bytes.
     */
    byte[] logCommandAt(long index);

    /**
     * Frames dropped as malformed, truncated, oversize, foreign or from unknown nodes.
     *
     * @return the count since start.
     */
    long rejectedFrames();

    /**
     * Simulate a crash: stop using and release every resource (files, mappings) the way a killed
     * process would. Data written but not yet forced to disk survives unless {@code powerLoss},
     * in which case the durable state is cut back to what the last fsync covered. The object is
     * unusable afterwards; a restart builds a new node from the same {@link NodeConfig#dataDir()}.
     *
     * @param powerLoss whether un-fsynced writes are lost too.
     */
    void crash(boolean powerLoss);

    /** Orderly shutdown: flush per the fsync policy and release resources. */
    @Override
    void close();
}
