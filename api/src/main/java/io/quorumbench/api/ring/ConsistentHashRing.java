package io.quorumbench.api.ring;

import java.util.List;

/**
 * A placement of keys onto a changing set of named nodes: consistent-hash rings (ketama and
 * friends), jump consistent hash, Maglev, and whatever else is added behind this contract.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Determinism</b>: the same sequence of membership changes gives the same placement, in
 *       any JVM. Nothing depends on identity hash codes, iteration order of hash sets or time.</li>
 *   <li><b>Membership</b>: nodes are named by non-empty strings, unique within the ring. A weight
 *       (default {@link #DEFAULT_WEIGHT}) scales a node's share where the placement supports it.</li>
 *   <li><b>Lookups</b> always return the name of a member of one published membership view; a
 *       lookup that runs concurrently with a change sees either the old or the new view, never a
 *       half-built one, and never a removed node after the removal has returned.</li>
 *   <li><b>Bad input</b>: a null key, a lookup on an empty ring, adding a node that is already a
 *       member, removing a node that is not one, a null/empty name or a weight below 1 throw an
 *       exception whose message names the problem; a rejected change leaves the ring unchanged.</li>
 * </ul>
 *
 * <p><b>Threading</b>: lookups are safe from any number of threads concurrently with membership
 * changes. Membership changes may come from any thread; implementations serialise them.
 */
public interface ConsistentHashRing
{
    /** Weight a node has when none is given. */
    int DEFAULT_WEIGHT = 1;

    /**
     * Short, stable name of the placement and its hash, for reports, e.g. {@code "ketama-md5"}.
     *
     * @return the placement's name.
     */
    String placement();

    /**
     * Add a node with {@link #DEFAULT_WEIGHT}.
     *
     * @param node name of the node, unique in the ring.
     * @throws IllegalArgumentException if the name is null, empty or already a member.
     */
    default void addNode(final String node)
    {
        addNode(node, DEFAULT_WEIGHT);
    }

    /**
     * Add a node with a weight.
     *
     * @param node   name of the node, unique in the ring.
     * @param weight relative share, at least 1; placements without weights reject any weight but 1.
     * @throws IllegalArgumentException if the name is null, empty or already a member, or the weight is invalid.
     */
    void addNode(String node, int weight);

    /**
     * Remove a member.
     *
     * @param node name of the member.
     * @throws IllegalArgumentException if the name is null or not a member.
     */
    void removeNode(String node);

    /**
     * Node that owns a 64-bit key.
     *
     * @param key the key.
     * @return the owning member's name.
     * @throws IllegalStateException if the ring has no members.
     */
    String nodeFor(long key);

    /**
     * Node that owns a key given as bytes.
     *
     * @param key    bytes of the key.
     * @param offset first byte of the key.
     * @param length number of bytes in the key.
     * @return the owning member's name.
     * @throws NullPointerException  if the key is null (the message says so).
     * @throws IllegalStateException if the ring has no members.
     */
    String nodeFor(byte[] key, int offset, int length);

    /**
     * Node that owns a key given as bytes.
     *
     * @param key bytes of the key.
     * @return the owning member's name.
     */
    default String nodeFor(final byte[] key)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
        return nodeFor(key, 0, key.length);
    }

    /**
     * Node that owns a text key. The key is hashed as its UTF-8 bytes, so {@code nodeFor("a")}
     * and {@code nodeFor("a".getBytes(UTF_8))} agree.
     *
     * @param key the key.
     * @return the owning member's name.
     */
    String nodeFor(CharSequence key);

    /**
     * Current members, sorted by name, as an immutable snapshot of one published view.
     *
     * @return the members.
     */
    List<String> members();

    /**
     * Number of members in the current view.
     *
     * @return the number of members.
     */
    int size();
}
