/**
 * Tuned consistent-hash placements: lookups never lock and never allocate.
 *
 * <p>Every placement here keeps its membership view in one immutable object of primitive arrays
 * and publishes a new one with a single volatile write, so readers see one whole view or the next.
 * Writers are serialised and build the next view off to the side.
 * <ul>
 *   <li>{@link io.quorumbench.lockfree.ring.ArrayRing}: a ketama-style ring of virtual nodes in
 *   sorted {@code long[]} points with a prefix index; xxHash3 by default, or libketama's MD5
 *   ({@link io.quorumbench.lockfree.ring.ArrayRing#ketamaMd5()}) to map keys exactly as the
 *   baseline {@code KetamaRing}.</li>
 *   <li>{@link io.quorumbench.lockfree.ring.JumpRing}: jump consistent hash; no table, minimal only
 *   when the last-added node leaves.</li>
 *   <li>{@link io.quorumbench.lockfree.ring.MaglevRing}: Maglev lookup table; near-perfect balance,
 *   a little extra movement on change.</li>
 * </ul>
 * Key hashing ({@code RingHash}) is shared: text keys are hashed as UTF-8 bytes encoded into
 * per-thread scratch, so {@code nodeFor("a")} and {@code nodeFor("a".getBytes(UTF_8))} agree, and
 * every placement also takes keys in an Agrona {@link org.agrona.DirectBuffer}.
 */
package io.quorumbench.lockfree.ring;
