package io.quorumbench.jmh.ring;

import io.quorumbench.api.ring.ConsistentHashRing;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks, in a benchmark's setup, that the ring under test answers correctly, so that a fast wrong
 * answer fails the run instead of producing a number. Every failure throws
 * {@link IllegalStateException} naming the placement and the key.
 */
final class RingAnswerCheck
{
    private RingAnswerCheck()
    {
    }

    /**
     * Check every key of both types: the owner is a member, text and byte forms agree, the keys
     * spread over at least half the nodes (a placement that sends everything to a few nodes is
     * broken however fast it is), and {@code lockfree-ketama} maps every key as the baseline does.
     *
     * @param impl       placement under test.
     * @param ring       ring under test, with {@code nodes} members.
     * @param nodes      expected member count.
     * @param longKeys   long keys.
     * @param stringKeys text keys.
     */
    static void verify(
        final RingImpl impl, final ConsistentHashRing ring, final int nodes, final long[] longKeys, final String[] stringKeys)
    {
        final List<String> members = ring.members();
        if (members.size() != nodes || ring.size() != nodes)
        {
            throw new IllegalStateException(impl.id() + ": expected " + nodes + " members, ring has " + members.size());
        }
        final Set<String> memberSet = new HashSet<>(members);
        final Set<String> longOwners = new HashSet<>();
        final Set<String> stringOwners = new HashSet<>();
        for (final long key : longKeys)
        {
            longOwners.add(requireMember(impl, memberSet, ring.nodeFor(key), Long.toString(key)));
        }
        for (final String key : stringKeys)
        {
            final String owner = requireMember(impl, memberSet, ring.nodeFor(key), key);
            final String byBytes = ring.nodeFor(key.getBytes(StandardCharsets.UTF_8));
            if (!owner.equals(byBytes))
            {
                throw new IllegalStateException(impl.id() + ": key '" + key + "' maps to " + owner + " as text but to " +
                    byBytes + " as UTF-8 bytes");
            }
            stringOwners.add(owner);
        }
        final int minSpread = Math.max(1, Math.min(nodes, longKeys.length) / 2);
        if (longOwners.size() < minSpread || stringOwners.size() < minSpread)
        {
            throw new IllegalStateException(impl.id() + ": " + longKeys.length + " keys landed on only " +
                longOwners.size() + " (long) / " + stringOwners.size() + " (string) of " + nodes + " nodes");
        }

        if (impl == RingImpl.LOCKFREE_KETAMA)
        {
            final ConsistentHashRing oracle = RingImpl.BASELINE.newRing(nodes);
            for (final long key : longKeys)
            {
                requireSame(impl, Long.toString(key), oracle.nodeFor(key), ring.nodeFor(key));
            }
            for (final String key : stringKeys)
            {
                requireSame(impl, key, oracle.nodeFor(key), ring.nodeFor(key));
            }
        }
    }

    /**
     * Throw if {@code owner} is not a member.
     *
     * @return {@code owner}.
     */
    static String requireMember(final RingImpl impl, final Set<String> members, final String owner, final String key)
    {
        if (null == owner || !members.contains(owner))
        {
            throw new IllegalStateException(impl.id() + ": key " + key + " maps to " + owner + ", not a member");
        }
        return owner;
    }

    private static void requireSame(final RingImpl impl, final String key, final String expected, final String actual)
    {
        if (!expected.equals(actual))
        {
            throw new IllegalStateException(impl.id() + ": key " + key + " maps to " + actual + " but the baseline maps it to " +
                expected + "; lockfree-ketama must place exactly as the baseline");
        }
    }
}
