package io.quorumbench.conformance.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.soak.SoakScale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The behaviour every {@link ConsistentHashRing} must show. An implementation's test extends this
 * class, supplies {@link #newRing()} and {@link #expectedPlacementChecksum()}, and overrides the
 * expectations that differ for its placement (JCTools' {@code QueueSanityTest} pattern).
 *
 * <p>Checks: determinism (in one JVM, against a recorded fingerprint, and in a second JVM),
 * balance over 1M keys on 100 nodes, movement when a node leaves or joins, lookups racing
 * membership changes, rejection of bad input without side effects, text/bytes agreement, and the
 * members snapshot. Figures (balance, movement) are printed to standard output so test logs carry
 * them.
 */
public abstract class RingConformanceSuite
{
    /** Nodes in the balance and movement scenarios. */
    protected static final int NODES = 100;
    /** Keys in the balance scenario. */
    protected static final int BALANCE_KEYS = 1_000_000;
    /** Keys in each movement scenario. */
    protected static final int MOVEMENT_KEYS = 100_000;

    private static final long SEED = 0x5EED_0F_41_6E67L;

    /**
     * A new, empty ring of the implementation under test.
     *
     * @return an empty ring.
     */
    protected abstract ConsistentHashRing newRing();

    /**
     * The {@link PlacementChecksum} this implementation's placement must give, recorded when the
     * placement was written. A change means keys would land elsewhere after an upgrade.
     *
     * @return the recorded fingerprint.
     */
    protected abstract long expectedPlacementChecksum();

    /**
     * Largest max/mean keys per node allowed in the balance scenario (1M keys, 100 nodes).
     *
     * <p>The default suits rings of 160 virtual nodes per node. A node's share there is a sum of
     * 160 random arcs: about Gamma(160), a coefficient of variation of {@code 1/sqrt(160) = 7.9%},
     * so the largest of 100 shares sits near {@code 1 + 2.4 × 0.079 ≈ 1.2} and above that about
     * half of the time; 1.30 is about 3.8 standard deviations. Table placements (jump, Maglev)
     * should override with a tighter bound.
     *
     * @return the bound.
     */
    protected double maxBalanceRatio()
    {
        return 1.30;
    }

    /**
     * Whether removing any member moves only that member's keys.
     *
     * @return true for rings; false for placements that document extra movement.
     */
    protected boolean minimalOnArbitraryRemoval()
    {
        return true;
    }

    /**
     * Whether adding a node moves keys only to it.
     *
     * @return true for rings and jump hash; false for placements that document extra movement.
     */
    protected boolean minimalOnAdd()
    {
        return true;
    }

    /**
     * Bound on the moved fraction, averaged over several single removals from 100 nodes, as a
     * multiple of the ideal 1/100.
     *
     * @return the bound.
     */
    protected double maxRemovalMovementFactor()
    {
        return 1.10;
    }

    /**
     * Bound on the moved fraction, averaged over several single additions to 100 nodes, as a
     * multiple of the ideal 1/101.
     *
     * @return the bound.
     */
    protected double maxAddMovementFactor()
    {
        return 1.10;
    }

    /**
     * Whether weights other than 1 are supported; if not, they must be rejected.
     *
     * @return true if weights scale a node's share.
     */
    protected boolean supportsWeights()
    {
        return true;
    }

    /**
     * Name for printed figures.
     *
     * @return the placement name of a fresh ring.
     */
    protected String label()
    {
        return newRing().placement();
    }

    // ---------------------------------------------------------------------------------------------
    // Determinism

    @Test
    void shouldPlaceKeysIdenticallyForTheSameChanges()
    {
        final ConsistentHashRing a = ringOf(nodes(20));
        final ConsistentHashRing b = ringOf(nodes(20));
        a.removeNode("node-007");
        b.removeNode("node-007");
        assertEquals(fingerprint(a, 20_000), fingerprint(b, 20_000));
    }

    @Test
    void shouldMatchRecordedPlacementChecksum()
    {
        final long actual = PlacementChecksum.of(this::newRing);
        assertEquals(PlacementChecksum.hex(expectedPlacementChecksum()), PlacementChecksum.hex(actual),
            "placement of " + label() + " changed: keys would move on upgrade");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldPlaceKeysIdenticallyInAnotherJvm() throws IOException, InterruptedException
    {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(
            java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            PlacementChecksum.class.getName(), getClass().getName());
        builder.redirectErrorStream(true);
        final Process process = builder.start();
        // The output is one line, well within the pipe's buffer, so waiting before reading cannot
        // deadlock, and a hung child is killed rather than blocking an uninterruptible read.
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail("second JVM did not finish within 60 s");
        }
        final String output;
        try (InputStream in = process.getInputStream())
        {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        assertEquals(0, process.exitValue(), "second JVM failed: " + output);
        assertEquals(PlacementChecksum.hex(PlacementChecksum.of(this::newRing)), output);
    }

    // ---------------------------------------------------------------------------------------------
    // Quality

    @Test
    void shouldBalanceKeysAcrossNodes()
    {
        final ConsistentHashRing ring = ringOf(nodes(NODES));
        final double balance = RingQuality.balance(ring, BALANCE_KEYS, SEED);
        report("balance max/mean over %d keys on %d nodes = %.4f (bound %.2f)",
            BALANCE_KEYS, NODES, balance, maxBalanceRatio());
        assertTrue(balance <= maxBalanceRatio(), "balance " + balance + " > " + maxBalanceRatio());
    }

    @Test
    void shouldMoveOnlyTheRemovedNodesKeysOrTheDocumentedBound()
    {
        final List<String> nodes = nodes(NODES);
        final int[] removedIndexes = { 0, 13, 42, 71, 98 };
        double sum = 0;
        long worstBetweenSurvivors = 0;
        for (final int index : removedIndexes)
        {
            final String removed = nodes.get(index);
            final RingQuality.Movement m = RingQuality.movedFractionOnRemove(this::newRing, nodes, removed, MOVEMENT_KEYS, SEED);
            report("remove %s: moved %.5f = %.3f x ideal 1/%d, removed node's share %.5f, moved between survivors %d",
                removed, m.moved(), m.movedOverIdeal(), NODES, m.changedNodeShare(), m.movedBetweenSurvivors());
            if (minimalOnArbitraryRemoval())
            {
                assertEquals(0, m.movedBetweenSurvivors(), "keys moved between surviving nodes on removing " + removed);
                assertEquals(m.changedNodeShare(), m.moved(), 1e-12, "moved fraction is not the removed node's share");
            }
            sum += m.movedOverIdeal();
            worstBetweenSurvivors = Math.max(worstBetweenSurvivors, m.movedBetweenSurvivors());
        }
        final double mean = sum / removedIndexes.length;
        report("remove: mean moved = %.3f x ideal (bound %.2f), worst moved between survivors %.5f of keys",
            mean, maxRemovalMovementFactor(), worstBetweenSurvivors / (double)MOVEMENT_KEYS);
        assertTrue(mean <= maxRemovalMovementFactor(), "mean moved " + mean + " x ideal > " + maxRemovalMovementFactor());
    }

    @Test
    void shouldMoveKeysOnlyToTheAddedNodeOrTheDocumentedBound()
    {
        final List<String> nodes = nodes(NODES);
        final String[] added = { "added-a", "added-b", "added-c" };
        double sum = 0;
        for (final String node : added)
        {
            final RingQuality.Movement m = RingQuality.movedFractionOnAdd(this::newRing, nodes, node, MOVEMENT_KEYS, SEED);
            report("add %s: moved %.5f = %.3f x ideal 1/%d, added node's share %.5f, moved between survivors %d",
                node, m.moved(), m.movedOverIdeal(), NODES + 1, m.changedNodeShare(), m.movedBetweenSurvivors());
            if (minimalOnAdd())
            {
                assertEquals(0, m.movedBetweenSurvivors(), "keys moved between existing nodes on adding " + node);
            }
            assertTrue(m.moved() > 0, "adding " + node + " moved no key at all");
            sum += m.movedOverIdeal();
        }
        final double mean = sum / added.length;
        report("add: mean moved = %.3f x ideal (bound %.2f)", mean, maxAddMovementFactor());
        assertTrue(mean <= maxAddMovementFactor(), "mean moved " + mean + " x ideal > " + maxAddMovementFactor());
    }

    @Test
    void shouldScaleShareWithWeightOrRejectWeights()
    {
        final ConsistentHashRing ring = ringOf(nodes(10));
        if (!supportsWeights())
        {
            final long before = fingerprint(ring, 2_000);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ring.addNode("heavy", 3));
            assertMentions(ex, "weight");
            assertEquals(10, ring.size());
            assertEquals(before, fingerprint(ring, 2_000));
            return;
        }

        ring.addNode("heavy", 3);
        final Map<String, int[]> counts = RingQuality.countKeys(ring, 200_000, SEED);
        final double heavy = counts.get("heavy")[0];
        final double lightMean = (200_000 - heavy) / 10.0;
        final double ratio = heavy / lightMean;
        report("weight 3 node holds %.3f x the mean of weight-1 nodes", ratio);
        assertTrue(ratio > 2.4 && ratio < 3.6, "weight 3 gave " + ratio + " x a weight-1 share");
    }

    // ---------------------------------------------------------------------------------------------
    // Concurrency

    /**
     * A writer cycles the ring through views B, B+t0, B, B+t1, ... while readers look up keys and
     * check each owner against the placements of the views that could have been current during the
     * lookup: those from the last change completed before it to the last change started after it.
     * Each view's placement is computed beforehand on a separate ring built the same way.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldOnlyReturnOwnersOfPublishedViewsDuringChanges() throws InterruptedException
    {
        raceLookupsWithChanges(700);
    }

    /**
     * The same race for half a minute in the soak ({@code scripts/soak}), for 1 s in the default
     * build's slice ({@link SoakScale#durationMs(long, long)}).
     *
     * @throws InterruptedException if interrupted while joining the threads.
     */
    @Test
    @Tag("slow")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldOnlyReturnOwnersOfPublishedViewsDuringChangesSoak() throws InterruptedException
    {
        raceLookupsWithChanges(SoakScale.durationMs(30_000, 1_000));
    }

    private void raceLookupsWithChanges(final long durationMs) throws InterruptedException
    {
        final List<String> base = nodes(8);
        final String[] transients = { "t-0", "t-1", "t-2", "t-3" };
        final int keyCount = 512;
        final long[] longKeys = new long[keyCount];
        final String[] textKeys = new String[keyCount];
        final byte[][] byteKeys = new byte[keyCount][];
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < keyCount; i++)
        {
            longKeys[i] = random.nextLong();
            textKeys[i] = "text-" + random.nextInt();
            byteKeys[i] = ("bytes-" + random.nextInt()).getBytes(StandardCharsets.UTF_8);
        }

        // expected[kind][keyType][key]; kind 0 is the base view, kind j + 1 is base + t-j.
        final String[][][] expected = new String[transients.length + 1][3][keyCount];
        final List<List<String>> views = new ArrayList<>();
        for (int kind = 0; kind <= transients.length; kind++)
        {
            final ConsistentHashRing oracle = ringOf(base);
            if (kind > 0)
            {
                oracle.addNode(transients[kind - 1]);
            }
            views.add(oracle.members());
            for (int i = 0; i < keyCount; i++)
            {
                expected[kind][0][i] = oracle.nodeFor(longKeys[i]);
                expected[kind][1][i] = oracle.nodeFor(textKeys[i]);
                expected[kind][2][i] = oracle.nodeFor(byteKeys[i]);
            }
        }

        final ConsistentHashRing ring = ringOf(base);
        final AtomicLong started = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        // Run for durationMs and until enough changes and lookups happened, so a loaded machine
        // stretches the race instead of failing it; the hard deadline stays well inside @Timeout.
        final long minChanges = 20;
        final long minLookups = 20_000;
        final long startNs = System.nanoTime();
        final long softDeadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(durationMs);
        final long hardDeadlineNs = softDeadlineNs + TimeUnit.SECONDS.toNanos(20);
        final AtomicLong lookupsSoFar = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();

        final Thread writer = new Thread(() ->
        {
            try
            {
                for (long change = 1; null == failure.get(); change++)
                {
                    final long nowNs = System.nanoTime();
                    if (nowNs >= hardDeadlineNs ||
                        (nowNs >= softDeadlineNs && change > minChanges && lookupsSoFar.get() >= minLookups))
                    {
                        break;
                    }
                    started.set(change);
                    final String transientNode = transients[(int)((change - 1) / 2 % transients.length)];
                    if ((change & 1) == 1)
                    {
                        ring.addNode(transientNode);
                    }
                    else
                    {
                        ring.removeNode(transientNode);
                    }
                    completed.set(change);
                }
            }
            catch (final RuntimeException ex)
            {
                failure.compareAndSet(null, "writer failed: " + ex);
            }
            finally
            {
                stop.set(true);
            }
        }, "ring-writer");

        final int readerCount = 2;
        final long[] lookups = new long[readerCount];
        final Thread[] readers = new Thread[readerCount];
        for (int r = 0; r < readerCount; r++)
        {
            final int reader = r;
            readers[r] = new Thread(() ->
            {
                try
                {
                    int i = reader;
                    while (!stop.get() && null == failure.get())
                    {
                        if ((i & 1023) == 0)
                        {
                            lookupsSoFar.addAndGet(1024);
                        }
                        final int key = i % keyCount;
                        final int keyType = (i / keyCount) % 4;
                        final long from = completed.get();
                        final String owner;
                        final List<String> members;
                        switch (keyType)
                        {
                            case 0:
                                owner = ring.nodeFor(longKeys[key]);
                                members = null;
                                break;
                            case 1:
                                owner = ring.nodeFor(textKeys[key]);
                                members = null;
                                break;
                            case 2:
                                owner = ring.nodeFor(byteKeys[key]);
                                members = null;
                                break;
                            default:
                                owner = null;
                                members = ring.members();
                                break;
                        }
                        final long to = started.get();
                        if (!consistentWithSomeView(from, to, keyType, key, owner, members, expected, views))
                        {
                            failure.compareAndSet(null, "key type " + keyType + " key " + key + " got " +
                                (null != owner ? owner : members) + ", not the result of any view between changes " +
                                from + " and " + to);
                        }
                        i++;
                    }
                    lookups[reader] = i - reader;
                }
                catch (final RuntimeException ex)
                {
                    failure.compareAndSet(null, "reader failed: " + ex);
                }
            }, "ring-reader-" + r);
        }

        writer.start();
        for (final Thread reader : readers)
        {
            reader.start();
        }
        writer.join();
        for (final Thread reader : readers)
        {
            reader.join();
        }

        assertNull(failure.get());
        final long changes = completed.get();
        final long totalLookups = Arrays.stream(lookups).sum();
        report("concurrency: %d membership changes raced %d lookups, all consistent with a published view",
            changes, totalLookups);
        assertTrue(changes >= minChanges, "writer made only " + changes + " changes; the race was not exercised");
        assertTrue(totalLookups >= minLookups / 2, "readers made only " + totalLookups + " lookups; the race was not exercised");
    }

    private static boolean consistentWithSomeView(
        final long from,
        final long to,
        final int keyType,
        final int key,
        final String owner,
        final List<String> members,
        final String[][][] expected,
        final List<List<String>> views)
    {
        final int transients = expected.length - 1;
        // Beyond one full cycle every view is possible; cap the scan.
        final long last = Math.min(to, from + 2L * transients + 2);
        for (long change = from; change <= last; change++)
        {
            final int kind = (change & 1) == 0 ? 0 : (int)((change - 1) / 2 % transients) + 1;
            if (null != members ? views.get(kind).equals(members) : expected[kind][keyType][key].equals(owner))
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Bad input

    @Test
    void shouldRejectNullKeysNamingTheProblem()
    {
        final ConsistentHashRing ring = ringOf(nodes(3));
        assertMentions(assertThrows(NullPointerException.class, () -> ring.nodeFor((byte[])null)), "key");
        assertMentions(assertThrows(NullPointerException.class, () -> ring.nodeFor(null, 0, 0)), "key");
        assertMentions(assertThrows(NullPointerException.class, () -> ring.nodeFor((CharSequence)null)), "key");
    }

    @Test
    void shouldRejectByteRangesOutsideTheKey()
    {
        final ConsistentHashRing ring = ringOf(nodes(3));
        final byte[] key = new byte[8];
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(key, 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(key, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(key, 0, -1));
        assertNotNull(ring.nodeFor(key, 8, 0));
    }

    @Test
    void shouldRejectLookupsOnAnEmptyRing()
    {
        final ConsistentHashRing ring = newRing();
        assertMentions(assertThrows(IllegalStateException.class, () -> ring.nodeFor(1L)), "empty");
        assertMentions(assertThrows(IllegalStateException.class, () -> ring.nodeFor("a")), "empty");
        assertMentions(assertThrows(IllegalStateException.class, () -> ring.nodeFor(new byte[1])), "empty");

        ring.addNode("only");
        ring.removeNode("only");
        assertEquals(0, ring.size());
        assertEquals(List.of(), ring.members());
        assertMentions(assertThrows(IllegalStateException.class, () -> ring.nodeFor(1L)), "empty");
    }

    @Test
    void shouldRejectBadMembershipChangesAndStayUnchanged()
    {
        final ConsistentHashRing ring = ringOf(nodes(5));
        final long before = fingerprint(ring, 5_000);
        final List<String> members = ring.members();

        assertRejected(ring, () -> ring.addNode("node-002"), "node-002", "already");
        assertRejected(ring, () -> ring.removeNode("ghost"), "ghost", "not a member");
        assertRejected(ring, () -> ring.addNode(null), "null", "null");
        assertRejected(ring, () -> ring.addNode(""), "empty", "empty");
        assertRejected(ring, () -> ring.removeNode(null), "null", "null");
        assertRejected(ring, () -> ring.addNode("fresh", 0), "weight", "0");
        assertRejected(ring, () -> ring.addNode("fresh", -1), "weight", "-1");
        assertRejected(ring, () -> ring.addNode("node-001", 2), "node-001", "node-001");

        assertEquals(members, ring.members());
        assertEquals(5, ring.size());
        assertEquals(before, fingerprint(ring, 5_000));
    }

    private static void assertRejected(
        final ConsistentHashRing ring, final Executable change, final String mention, final String alsoMention)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, change);
        assertMentions(ex, mention);
        assertMentions(ex, alsoMention);
        assertFalse(ring.members().contains("fresh"));
    }

    // ---------------------------------------------------------------------------------------------
    // Key forms and members

    @Test
    void shouldPlaceTextAndItsUtf8BytesTogether()
    {
        final ConsistentHashRing ring = ringOf(nodes(16));
        final SplittableRandom random = new SplittableRandom(SEED);
        final List<String> samples = new ArrayList<>(List.of(
            "", "a", "key-1", "ünïcödé", "日本語のキー", "emoji \uD83D\uDE00 key",
            "lone high \uD800 surrogate", "lone low \uDC00 surrogate", "trailing high \uD83D", "x".repeat(1000)));
        for (int i = 0; i < 2_000; i++)
        {
            final char[] chars = new char[random.nextInt(40)];
            for (int c = 0; c < chars.length; c++)
            {
                chars[c] = random.nextInt(4) == 0 ? (char)random.nextInt(0x10000) : (char)(' ' + random.nextInt(95));
            }
            samples.add(new String(chars));
        }

        for (final String text : samples)
        {
            final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            final String owner = ring.nodeFor(utf8);
            assertEquals(owner, ring.nodeFor(text), () -> "text and bytes disagree for " + escape(text));
            assertEquals(owner, ring.nodeFor(new StringBuilder(text)), () -> "StringBuilder disagrees for " + escape(text));

            final byte[] padded = new byte[utf8.length + 7];
            System.arraycopy(utf8, 0, padded, 3, utf8.length);
            assertEquals(owner, ring.nodeFor(padded, 3, utf8.length), () -> "byte range disagrees for " + escape(text));
        }
    }

    @Test
    void shouldReturnSortedImmutableSnapshotOfMembers()
    {
        final ConsistentHashRing ring = newRing();
        ring.addNode("charlie");
        ring.addNode("alpha");
        ring.addNode("bravo");

        final List<String> snapshot = ring.members();
        assertEquals(List.of("alpha", "bravo", "charlie"), snapshot);
        assertEquals(3, ring.size());
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add("delta"));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.remove(0));

        ring.addNode("delta");
        ring.removeNode("alpha");
        assertEquals(List.of("alpha", "bravo", "charlie"), snapshot, "snapshot changed with the ring");
        assertEquals(List.of("bravo", "charlie", "delta"), ring.members());
        assertEquals(3, ring.size());
    }

    @Test
    void shouldReturnOnlyMembersAndUseEveryMember()
    {
        final ConsistentHashRing ring = ringOf(nodes(10));
        ring.removeNode("node-004");
        final Set<String> seen = new HashSet<>();
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 20_000; i++)
        {
            final String owner = ring.nodeFor(random.nextLong());
            assertTrue(ring.members().contains(owner), owner + " is not a member");
            seen.add(owner);
        }
        assertEquals(new HashSet<>(ring.members()), seen);
    }

    @Test
    void shouldPlaceEverythingOnASingleNode()
    {
        final ConsistentHashRing ring = newRing();
        ring.addNode("solo");
        for (long key = -1000; key < 1000; key++)
        {
            assertEquals("solo", ring.nodeFor(key));
        }
        assertEquals("solo", ring.nodeFor("text"));
        assertEquals("solo", ring.nodeFor(new byte[0]));
    }

    @Test
    void shouldNameItsPlacement()
    {
        final String placement = newRing().placement();
        assertNotNull(placement);
        assertFalse(placement.isBlank());
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Names {@code node-000} .. {@code node-(n-1)}.
     *
     * @param n how many.
     * @return the names, in order.
     */
    protected static List<String> nodes(final int n)
    {
        final List<String> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            nodes.add(String.format("node-%03d", i));
        }
        return nodes;
    }

    /**
     * A new ring with the given nodes added in order, weight 1.
     *
     * @param nodes names.
     * @return the ring.
     */
    protected ConsistentHashRing ringOf(final List<String> nodes)
    {
        final ConsistentHashRing ring = newRing();
        for (final String node : nodes)
        {
            ring.addNode(node);
        }
        return ring;
    }

    /**
     * Fingerprint of a ring's placement of {@code keys} long, text and byte keys.
     *
     * @param ring the ring.
     * @param keys keys of each form.
     * @return a hash of the owners in order.
     */
    protected static long fingerprint(final ConsistentHashRing ring, final int keys)
    {
        long hash = 17;
        for (int i = 0; i < keys; i++)
        {
            hash = hash * 31 + ring.nodeFor(i * 0x9E3779B97F4A7C15L).hashCode();
            hash = hash * 31 + ring.nodeFor("k" + i).hashCode();
            hash = hash * 31 + ring.nodeFor(("b" + i).getBytes(StandardCharsets.UTF_8)).hashCode();
        }
        return hash;
    }

    /**
     * Print a figure, prefixed with the placement under test.
     *
     * @param format {@link String#format} pattern.
     * @param args   its arguments.
     */
    protected void report(final String format, final Object... args)
    {
        System.out.println("[" + label() + "] " + String.format(format, args));
    }

    private static void assertMentions(final Throwable ex, final String word)
    {
        final String message = ex.getMessage();
        if (null == message || !message.contains(word))
        {
            fail("message of " + ex + " should mention '" + word + "'");
        }
    }

    private static String escape(final String text)
    {
        final StringBuilder sb = new StringBuilder();
        for (final char c : text.toCharArray())
        {
            sb.append(c < 0x80 && c >= ' ' ? String.valueOf(c) : String.format("\\u%04x", (int)c));
        }
        return sb.toString();
    }
}
