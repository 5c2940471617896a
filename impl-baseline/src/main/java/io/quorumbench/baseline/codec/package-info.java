/**
 * Byte layouts the baseline host and every baseline protocol share, big-endian throughout:
 * {@link io.quorumbench.baseline.codec.FrameHeaderDescriptor} is the header in front of every
 * peer frame (magic and version of the protocol, cluster, sender, body length, CRC32), which
 * {@link io.quorumbench.baseline.codec.FrameEnvelope} writes and checks, with a
 * {@link io.quorumbench.baseline.codec.FrameVerdict} for every way a frame from an unreliable
 * network can be bad; a protocol's codec encodes only the body.
 * {@link io.quorumbench.baseline.codec.PeerStreamDescriptor} is the TCP stream those frames travel
 * on, and {@link io.quorumbench.baseline.codec.ClientMessageDescriptor} the client requests and
 * responses.
 */
package io.quorumbench.baseline.codec;
