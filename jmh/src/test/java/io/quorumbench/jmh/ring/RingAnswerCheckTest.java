package io.quorumbench.jmh.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingAnswerCheckTest
{
    private static final int NODES = 20;
    private static final long[] LONG_KEYS = RingKeys.longKeys();
    private static final String[] STRING_KEYS = RingKeys.stringKeys();

    /** A ring that answers like {@code delegate} but passes each answer through {@code corrupt}. */
    private static ConsistentHashRing corrupted(final ConsistentHashRing delegate, final UnaryOperator<String> corrupt, final boolean textOnly)
    {
        return new ConsistentHashRing()
        {
            public String placement()
            {
                return "corrupted-" + delegate.placement();
            }

            public void addNode(final String node, final int weight)
            {
                delegate.addNode(node, weight);
            }

            public void removeNode(final String node)
            {
                delegate.removeNode(node);
            }

            public String nodeFor(final long key)
            {
                return textOnly ? delegate.nodeFor(key) : corrupt.apply(delegate.nodeFor(key));
            }

            public String nodeFor(final byte[] key, final int offset, final int length)
            {
                return textOnly ? delegate.nodeFor(key, offset, length) : corrupt.apply(delegate.nodeFor(key, offset, length));
            }

            public String nodeFor(final CharSequence key)
            {
                return corrupt.apply(delegate.nodeFor(key));
            }

            public List<String> members()
            {
                return delegate.members();
            }

            public int size()
            {
                return delegate.size();
            }
        };
    }

    private static IllegalStateException failure(final RingImpl impl, final ConsistentHashRing ring)
    {
        return assertThrows(IllegalStateException.class, () -> RingAnswerCheck.verify(impl, ring, NODES, LONG_KEYS, STRING_KEYS));
    }

    @Test
    void shouldAcceptEveryRealPlacement()
    {
        for (final RingImpl impl : RingImpl.values())
        {
            assertDoesNotThrow(() -> RingAnswerCheck.verify(impl, impl.newRing(NODES), NODES, LONG_KEYS, STRING_KEYS), impl.id());
        }
    }

    @Test
    void shouldFailAnAnswerThatIsNotAMember()
    {
        final IllegalStateException ex = failure(RingImpl.LOCKFREE,
            corrupted(RingImpl.LOCKFREE.newRing(NODES), owner -> owner.equals("node-3") ? "node-3-ghost" : owner, false));
        assertTrue(ex.getMessage().contains("node-3-ghost"), ex.getMessage());
    }

    @Test
    void shouldFailAPlacementThatPutsEverythingOnOneNode()
    {
        final IllegalStateException ex = failure(RingImpl.JUMP, corrupted(RingImpl.JUMP.newRing(NODES), owner -> "node-0", false));
        assertTrue(ex.getMessage().contains("landed on only 1"), ex.getMessage());
    }

    @Test
    void shouldFailWhenTextAndBytesDisagree()
    {
        final IllegalStateException ex = failure(RingImpl.MAGLEV,
            corrupted(RingImpl.MAGLEV.newRing(NODES), owner -> owner.equals("node-1") ? "node-2" : owner, true));
        assertTrue(ex.getMessage().contains("as UTF-8 bytes"), ex.getMessage());
    }

    @Test
    void shouldFailLockfreeKetamaThatPlacesDifferentlyFromTheBaseline()
    {
        // The xxHash ring is a fine ring, but not the baseline's placement.
        final IllegalStateException ex = failure(RingImpl.LOCKFREE_KETAMA, RingImpl.LOCKFREE.newRing(NODES));
        assertTrue(ex.getMessage().contains("baseline maps it to"), ex.getMessage());
    }

    @Test
    void shouldFailAWrongMemberCount()
    {
        final IllegalStateException ex = failure(RingImpl.BASELINE, RingImpl.BASELINE.newRing(NODES - 1));
        assertTrue(ex.getMessage().contains("expected " + NODES + " members"), ex.getMessage());
    }

    @Test
    void shouldNameTheAcceptedImplsForAnUnknownOne()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RingImpl.of("lockless"));
        assertTrue(ex.getMessage().contains("baseline, lockfree, lockfree-160, lockfree-ketama, jump, maglev"), ex.getMessage());
    }
}
