/**
 * Wire layouts every tuned protocol shares, one flyweight or descriptor class per layout.
 *
 * <p>Every multi-byte field is <b>little-endian</b> (Agrona's and the x86 native order), stated
 * once in {@link io.quorumbench.lockfree.codec.FrameHeaderFlyweight#BYTE_ORDER}. A frame between
 * nodes is a {@link io.quorumbench.lockfree.codec.FrameHeaderFlyweight} (magic, version, the
 * protocol's type byte, cluster id, sender, body length, CRC32C computed with
 * {@link io.quorumbench.lockfree.codec.Crc32cChecksum}) followed by a body whose layout the
 * protocol's own codec package defines. Messages between clients and nodes (commands, committed
 * results, rejections, over ring buffers or Aeron UDP) are laid out in
 * {@link io.quorumbench.lockfree.codec.ClientMessageDescriptor}; they are the same for every
 * protocol, so one host and one client serve them all.
 *
 * <p>Flyweights hold no state beyond the wrapped buffer and offset; they are reused for every
 * frame and are not thread-safe.
 */
package io.quorumbench.lockfree.codec;
