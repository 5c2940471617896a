package io.quorumbench.baseline.paxos;

import io.quorumbench.baseline.codec.FrameHeaderDescriptor;

/**
 * Layout of a baseline Multi-Paxos frame's body, of a slot value (a batch of client commands or a
 * no-op) and of an acceptor-log record; the header in front of every body is the shared
 * {@link FrameHeaderDescriptor}, stamped with {@link #MAGIC} and {@link #VERSION}. Big-endian (the
 * {@code DataOutputStream} order) throughout. Ballots are {@link io.quorumbench.api.paxos.Ballot}s.
 *
 * <p>Bodies, field by field in record-component order of {@link PaxosMessage}:
 * <pre>
 *  PREPARE     (1a) : ballot u64, fromSlot u64
 *  PROMISE     (1b) : ballot u64, ok u8, promised u64, chosenPrefix u64,
 *                     count u32, count x (slot u64, acceptedBallot u64, length u32, value)
 *  ACCEPT      (2a) : ballot u64, slot u64, commitPoint u64, length u32, value
 *  ACCEPTED    (2b) : ballot u64, slot u64, ok u8, promised u64, chosenPrefix u64
 *  COMMIT           : ballot u64, commitPoint u64, count u32, count x (slot u64, length u32, value)
 *  COMMIT_ACK       : ballot u64, ok u8, promised u64, chosenPrefix u64
 * </pre>
 *
 * <p>A slot value ({@link SlotValue}):
 * <pre>
 *  no-op : kind u8 = 0
 *  batch : kind u8 = 1, count u32 (1..), count x (clientId u64, sequence u64, length u32, command)
 * </pre>
 *
 * <p>An acceptor-log record ({@link AcceptorLog}): {@code length u32 | crc32 u32 | body}, body
 * {@code PROMISE: type u8 = 1, ballot u64} or {@code ACCEPT: type u8 = 2, slot u64, ballot u64,
 * length u32, value}.
 */
public final class PaxosFrameDescriptor
{
    /** "QBPX": quorumbench Paxos frame. */
    public static final int MAGIC = 0x51425058;
    /** Wire version; a frame of another version is dropped. */
    public static final byte VERSION = 1;
    /** Phase 1a. */
    public static final byte PREPARE = 1;
    /** Phase 1b. */
    public static final byte PROMISE = 2;
    /** Phase 2a. */
    public static final byte ACCEPT = 3;
    /** Phase 2b. */
    public static final byte ACCEPTED = 4;
    /** Heartbeat, commit point and catch-up of chosen values. */
    public static final byte COMMIT = 5;
    /** Answer to {@link #COMMIT}. */
    public static final byte COMMIT_ACK = 6;
    /** Largest slot number accepted on the wire (slots index in-memory lists). */
    public static final long MAX_SLOT = Integer.MAX_VALUE - 1L;
    /** Encoded size of a batched command before its bytes. */
    public static final int COMMAND_HEADER_LENGTH = 8 + 8 + 4;

    private PaxosFrameDescriptor()
    {
    }
}
