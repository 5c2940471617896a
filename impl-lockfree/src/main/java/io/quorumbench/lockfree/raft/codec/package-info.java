/**
 * Wire and disk layouts of the tuned Raft, one flyweight or descriptor class per layout.
 *
 * <p>Every multi-byte field is <b>little-endian</b> (Agrona's and the x86 native order), so the
 * flyweights read and write with plain {@code getLong}/{@code putLong} on a {@code DirectBuffer}.
 * A frame is the shared {@link io.quorumbench.lockfree.codec.FrameHeaderFlyweight} with one of the
 * {@link io.quorumbench.lockfree.raft.codec.RaftFrameType} types, followed by one body:
 * {@link io.quorumbench.lockfree.raft.codec.VoteRequestFlyweight},
 * {@link io.quorumbench.lockfree.raft.codec.VoteResponseFlyweight},
 * {@link io.quorumbench.lockfree.raft.codec.AppendEntriesFlyweight} (whose entries are
 * {@link io.quorumbench.lockfree.raft.codec.LogRecordDescriptor} records, the same bytes the
 * log stores, so replication copies records without re-encoding) or
 * {@link io.quorumbench.lockfree.raft.codec.AppendResponseFlyweight}.
 *
 * <p>Flyweights hold no state beyond the wrapped buffer and offset; they are reused for every
 * frame and are not thread-safe.
 */
package io.quorumbench.lockfree.raft.codec;
