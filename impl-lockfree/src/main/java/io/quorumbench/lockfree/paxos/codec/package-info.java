/**
 * Byte layouts of the tuned Multi-Paxos: the frame bodies behind the shared
 * {@link io.quorumbench.lockfree.codec.FrameHeaderFlyweight} (types in
 * {@link io.quorumbench.lockfree.paxos.codec.PaxosFrameType}), the slot record that is both the
 * acceptor's log record and the unit phase 1b and phase 2a carry
 * ({@link io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor}), and a slot's value, a batch of
 * client commands ({@link io.quorumbench.lockfree.paxos.codec.BatchDescriptor}). Little-endian.
 */
package io.quorumbench.lockfree.paxos.codec;
