/**
 * The baseline batched Multi-Paxos: a stable leader that batches and pipelines, written with plain
 * objects, {@code DataOutputStream} frames and a {@code FileChannel} acceptor log, as the baseline
 * Raft is.
 *
 * <p>{@link io.quorumbench.baseline.paxos.PaxosNode} is the deterministic core (proposer, acceptor
 * and learner of one node; it also implements {@link io.quorumbench.api.paxos.AcceptorView} for
 * the kit's agreement oracle). {@code PaxosMessage} holds the message records, {@code PaxosCodec}
 * turns them into frame bodies laid out as
 * {@link io.quorumbench.baseline.paxos.PaxosFrameDescriptor} describes (behind the shared header and
 * CRC of {@code io.quorumbench.baseline.codec}), {@code SlotValue} encodes a slot's value (a batch
 * of commands or a no-op), and {@code AcceptorLog} keeps promise and accepted values durable per
 * {@link io.quorumbench.api.consensus.FsyncPolicy}. Client sessions are the baseline Raft's
 * {@link io.quorumbench.baseline.raft.ClientSessions}.
 * {@link io.quorumbench.baseline.paxos.BaselinePaxos} registers the pair {@code paxos/baseline}: this
 * core in the protocol-neutral host with threads and TCP sockets ({@code io.quorumbench.baseline.host});
 * {@link io.quorumbench.baseline.paxos.PaxosNodeMain} runs one node as a process.
 *
 * <p>Not implemented (on purpose, to stay a baseline): log compaction, membership changes, leases,
 * a pre-vote.
 */
package io.quorumbench.baseline.paxos;
