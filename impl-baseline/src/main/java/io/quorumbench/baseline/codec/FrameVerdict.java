package io.quorumbench.baseline.codec;

/** Why a peer frame was rejected; {@link #OK} when it was not. */
public enum FrameVerdict
{
    /** The frame decoded. */
    OK,
    /** Shorter than a header, or shorter than the length it declares. */
    TRUNCATED,
    /** Magic or version wrong. */
    BAD_MAGIC,
    /** CRC mismatch. */
    BAD_CRC,
    /** Cluster id is not ours. */
    FOREIGN_CLUSTER,
    /** Sender is not a member, is us, or disagrees with the transport. */
    UNKNOWN_SENDER,
    /** Declared length absurd or larger than the bytes given. */
    BAD_LENGTH,
    /** Unknown type or a field out of range. */
    MALFORMED
}
