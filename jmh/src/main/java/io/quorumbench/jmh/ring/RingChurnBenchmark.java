package io.quorumbench.jmh.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lookups while the membership changes: {@value #READERS} reader threads look up {@code long} keys
 * while one writer thread removes a node and adds it back, walking through the nodes, as fast as
 * it can (the worst case: every write builds and publishes a new view).
 *
 * <p>{@code read} shows what membership changes cost readers: every placement publishes immutable
 * views, so readers never block, but the writers' garbage and cache traffic differ;
 * {@code write} is the cost of one change. Every read checks that the owner is
 * one of the ring's nodes (a {@link HashSet} probe of a few ns, the same for every placement), so a
 * torn view that yields garbage fails the run; after the run the ring is restored and its answers
 * are checked again.
 *
 * <p>The group runs {@value #THREADS} threads; on a machine with fewer cores they time-share and the
 * runner records a warning with the results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Group)
public class RingChurnBenchmark
{
    /** Reader threads in the group. */
    public static final int READERS = 2;

    /** Threads in the group: readers and one writer. */
    public static final int THREADS = READERS + 1;

    /** Placement, see {@link RingImpl}. */
    @Param({ "baseline", "lockfree", "lockfree-ketama", "jump", "maglev" })
    public String impl;

    /** Members in the ring (one fewer while a node is out). */
    @Param({ "100", "1000" })
    public int nodes;

    private RingImpl placement;
    private ConsistentHashRing ring;
    private long[] longKeys;
    private Set<String> everyNode;

    // Writer-only state: only the single writer thread touches these.
    private int nextNode;
    private String removed;

    /** Per-reader key cursor, so readers do not share a counter's cache line. */
    @State(Scope.Thread)
    public static class Cursor
    {
        int index;
    }

    /**
     * Build the ring and check its answers.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        placement = RingImpl.of(impl);
        ring = placement.newRing(nodes);
        longKeys = RingKeys.longKeys();
        everyNode = new HashSet<>(ring.members());
        RingAnswerCheck.verify(placement, ring, nodes, longKeys, RingKeys.stringKeys());
    }

    /**
     * Restore the node the writer last removed and check the answers again.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != removed)
        {
            ring.addNode(removed);
            removed = null;
        }
        RingAnswerCheck.verify(placement, ring, nodes, longKeys, RingKeys.stringKeys());
    }

    /**
     * One lookup by a reader, checked to be one of the ring's nodes.
     *
     * @param cursor this reader's key cursor.
     * @return the owner.
     */
    @Benchmark
    @Group("churn")
    @GroupThreads(READERS)
    public String read(final Cursor cursor)
    {
        final long key = longKeys[cursor.index++ & RingKeys.MASK];
        final String owner = ring.nodeFor(key);
        if (!everyNode.contains(owner))
        {
            throw new IllegalStateException(impl + ": key " + key + " maps to " + owner + ", which was never a member");
        }
        return owner;
    }

    /**
     * One membership change: remove the next node, or add back the one removed last.
     *
     * @return the member count after the change.
     */
    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    public int write()
    {
        if (null == removed)
        {
            removed = RingImpl.nodeName(nextNode);
            nextNode = nextNode + 1 == nodes ? 0 : nextNode + 1;
            ring.removeNode(removed);
        }
        else
        {
            ring.addNode(removed);
            removed = null;
        }
        return ring.size();
    }
}
