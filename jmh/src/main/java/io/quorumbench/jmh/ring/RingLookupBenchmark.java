package io.quorumbench.jmh.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Single-threaded lookup cost of each placement: the node owning one key, for {@code long} and
 * text keys, on rings of 10, 100 and 1000 nodes. Keys cycle through {@value RingKeys#COUNT}
 * precomputed values, so the answer is not predictable and the key is not constant-folded.
 *
 * <p>Reading the results: {@code baseline} (TreeMap + MD5) vs {@code lockfree} (arrays + xxHash) is
 * the headline; {@code lockfree-ketama} (arrays + MD5) shows how much of the gap is the hash
 * (compare with {@link RingHashBenchmark}) and how much the structure. {@code gc.alloc.rate.norm}
 * shows the baseline's per-lookup garbage (key encoding, digest output, boxed TreeMap key).
 *
 * <p>The setup checks the answers first ({@link RingAnswerCheck}); a wrong placement fails the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class RingLookupBenchmark
{
    /** Placement, see {@link RingImpl}. */
    @Param({ "baseline", "lockfree", "lockfree-ketama", "jump", "maglev" })
    public String impl;

    /** Members in the ring. */
    @Param({ "10", "100", "1000" })
    public int nodes;

    /** {@code long} keys or text keys (17 ASCII characters). */
    @Param({ "long", "string" })
    public String keyType;

    private ConsistentHashRing ring;
    private long[] longKeys;
    private String[] stringKeys;
    private boolean textKeys;
    private int index;

    /**
     * Build the ring and the keys, and check the ring's answers before measuring.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final RingImpl placement = RingImpl.of(impl);
        if (!"long".equals(keyType) && !"string".equals(keyType))
        {
            throw new IllegalArgumentException("keyType must be long or string, got " + keyType);
        }
        ring = placement.newRing(nodes);
        longKeys = RingKeys.longKeys();
        stringKeys = RingKeys.stringKeys();
        textKeys = "string".equals(keyType);
        RingAnswerCheck.verify(placement, ring, nodes, longKeys, stringKeys);
    }

    /**
     * One lookup; the returned owner is consumed by JMH.
     *
     * @return the owner of the next key.
     */
    @Benchmark
    public String lookup()
    {
        final int i = index++ & RingKeys.MASK;
        // The same well-predicted branch for every placement; cheaper than a megamorphic key source.
        return textKeys ? ring.nodeFor(stringKeys[i]) : ring.nodeFor(longKeys[i]);
    }
}
