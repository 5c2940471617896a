package io.quorumbench.baseline.codec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;
import java.util.zip.CRC32;

/**
 * Writes and checks the header of one node's peer frames ({@link FrameHeaderDescriptor}): magic
 * and version of the protocol, cluster id, sender, body length and the CRC over header and body.
 * A protocol's codec encodes and decodes only the body; every check a frame from an unreliable
 * network needs before its body is read is done here, in the same order for every protocol.
 *
 * <p>Not thread-safe: one per node (it keeps a scratch stream and a CRC).
 */
public final class FrameEnvelope
{
    private final int magic;
    private final byte version;
    private final int clusterId;
    private final int nodeId;
    private final ByteArrayOutputStream frameBytes = new ByteArrayOutputStream(1024);
    private final DataOutputStream frame = new DataOutputStream(frameBytes);
    private final CRC32 crc = new CRC32();
    private byte type;
    private int claimedFrom;

    /**
     * @param magic     the protocol's magic; frames with another are {@link FrameVerdict#BAD_MAGIC}.
     * @param version   the protocol's wire version; another is {@link FrameVerdict#BAD_MAGIC} too.
     * @param clusterId stamped on, and required of, every frame.
     * @param nodeId    this node, the sender of wrapped frames.
     */
    public FrameEnvelope(final int magic, final byte version, final int clusterId, final int nodeId)
    {
        this.magic = magic;
        this.version = version;
        this.clusterId = clusterId;
        this.nodeId = nodeId;
    }

    /**
     * Put a header in front of an encoded body. The returned array is fresh and owned by the caller.
     *
     * @param type the message type (the protocol's numbering).
     * @param body the encoded body, all of it.
     * @return the frame bytes.
     */
    public byte[] wrap(final byte type, final byte[] body)
    {
        try
        {
            frameBytes.reset();
            frame.writeInt(magic);
            frame.writeByte(version);
            frame.writeByte(type);
            frame.writeInt(clusterId);
            frame.writeInt(nodeId);
            frame.writeInt(body.length);
            final byte[] header = frameBytes.toByteArray();
            crc.reset();
            crc.update(header, 0, FrameHeaderDescriptor.CRC_OFFSET);
            crc.update(body, 0, body.length);
            frame.writeInt((int)crc.getValue());
            frame.write(body);
            return frameBytes.toByteArray();
        }
        catch (final IOException ex)
        {
            // ByteArrayOutputStream never throws; keep the compiler honest.
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Check a received frame's header and CRC. On {@link FrameVerdict#OK} the body is the
     * {@code length - }{@link FrameHeaderDescriptor#HEADER_LENGTH} bytes after the header and
     * {@link #type()} says how to read it.
     *
     * @param transportFrom the sender as the transport knows it.
     * @param buffer        bytes.
     * @param offset        first byte of the frame.
     * @param length        frame length.
     * @param isMember      whether a node id is one of our peers (not us).
     * @return the verdict.
     */
    public FrameVerdict open(
        final int transportFrom, final byte[] buffer, final int offset, final int length, final IntPredicate isMember)
    {
        if (buffer == null || offset < 0 || length < 0 || offset > buffer.length - length)
        {
            return FrameVerdict.BAD_LENGTH;
        }
        if (length < FrameHeaderDescriptor.HEADER_LENGTH)
        {
            return FrameVerdict.TRUNCATED;
        }
        final ByteBuffer header = ByteBuffer.wrap(buffer, offset, FrameHeaderDescriptor.HEADER_LENGTH);
        final int frameMagic = header.getInt(offset + FrameHeaderDescriptor.MAGIC_OFFSET);
        final byte frameVersion = header.get(offset + FrameHeaderDescriptor.VERSION_OFFSET);
        final int frameCluster = header.getInt(offset + FrameHeaderDescriptor.CLUSTER_ID_OFFSET);
        final int from = header.getInt(offset + FrameHeaderDescriptor.FROM_OFFSET);
        final int bodyLength = header.getInt(offset + FrameHeaderDescriptor.BODY_LENGTH_OFFSET);
        final int frameCrc = header.getInt(offset + FrameHeaderDescriptor.CRC_OFFSET);
        type = header.get(offset + FrameHeaderDescriptor.TYPE_OFFSET);
        claimedFrom = from;
        if (frameMagic != magic || frameVersion != version)
        {
            return FrameVerdict.BAD_MAGIC;
        }
        if (bodyLength < 0 || bodyLength > FrameHeaderDescriptor.MAX_BODY_LENGTH)
        {
            return FrameVerdict.BAD_LENGTH;
        }
        if (bodyLength != length - FrameHeaderDescriptor.HEADER_LENGTH)
        {
            return bodyLength > length - FrameHeaderDescriptor.HEADER_LENGTH ? FrameVerdict.TRUNCATED : FrameVerdict.BAD_LENGTH;
        }
        crc.reset();
        crc.update(buffer, offset, FrameHeaderDescriptor.CRC_OFFSET);
        crc.update(buffer, offset + FrameHeaderDescriptor.HEADER_LENGTH, bodyLength);
        if ((int)crc.getValue() != frameCrc)
        {
            return FrameVerdict.BAD_CRC;
        }
        if (frameCluster != clusterId)
        {
            return FrameVerdict.FOREIGN_CLUSTER;
        }
        if (from != transportFrom || from == nodeId || !isMember.test(from))
        {
            return FrameVerdict.UNKNOWN_SENDER;
        }
        return FrameVerdict.OK;
    }

    /**
     * Message type in the header last given to {@link #open}.
     *
     * @return the type byte.
     */
    public byte type()
    {
        return type;
    }

    /**
     * Sender id claimed by the header last given to {@link #open} (for log messages); unchanged
     * by a frame too short to hold a header.
     *
     * @return the claimed sender.
     */
    public int claimedFrom()
    {
        return claimedFrom;
    }
}
