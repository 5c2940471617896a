/**
 * The baseline Raft: the replicated log a competent engineer writes first, with plain objects,
 * {@code DataOutputStream} frames and a {@code FileChannel} log, but correct under faults.
 *
 * <p>{@link io.quorumbench.baseline.raft.RaftNode} is the deterministic core (etcd raft's
 * {@code raft.go} shape): leader election with randomized timeouts and pre-vote (thesis section
 * 9.6), log replication with fast back-off, the current-term commit rule (section 5.4.2), client
 * sessions that make retries exactly-once (thesis chapter 6.3), and reads through the log.
 * It talks to the world only through {@link io.quorumbench.api.consensus.NodeConfig}'s outbox,
 * responder and state machine. {@link io.quorumbench.baseline.raft.RaftMessage} holds the message
 * records, {@link io.quorumbench.baseline.raft.RaftCodec} turns them into frame bodies laid out as
 * {@link io.quorumbench.baseline.raft.FrameDescriptor} describes (behind the shared header of
 * {@code io.quorumbench.baseline.codec}), and {@link io.quorumbench.baseline.raft.FileLog} keeps
 * term, vote and entries durable per {@link io.quorumbench.api.consensus.FsyncPolicy}.
 * {@link io.quorumbench.baseline.raft.BaselineRaft} registers the pair {@code raft/baseline}: this
 * core in the protocol-neutral host with threads and TCP sockets ({@code io.quorumbench.baseline.host});
 * {@link io.quorumbench.baseline.raft.RaftNodeMain} runs one node as a process.
 *
 * <p>Snapshots and log compaction (section 7) are in {@link io.quorumbench.baseline.raft.RaftNode}
 * (when to snapshot, InstallSnapshot) and {@link io.quorumbench.baseline.raft.FileLog} (the files);
 * off unless {@code -Dquorumbench.raft.snapshotEveryEntries=N} (or the {@code RaftNode}
 * constructor) sets an interval and the state machine supports snapshots.
 *
 * <p>Not implemented (on purpose, to stay a baseline): membership changes, leader leases /
 * read-index reads, leadership transfer.
 */
package io.quorumbench.baseline.raft;
