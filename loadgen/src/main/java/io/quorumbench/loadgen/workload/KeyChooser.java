package io.quorumbench.loadgen.workload;

import java.util.SplittableRandom;

/**
 * Draws keys {@code 0..keys-1} from a seeded random stream, uniformly or Zipfian. The Zipfian
 * draw is the constant-time method of Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases" (SIGMOD 1994), as YCSB uses it; its {@code zeta(n)} is computed once per key count
 * and shared by every sender through {@link Zipf}.
 *
 * <p><b>Threading</b>: single-threaded, one per sender; {@link Zipf} is immutable and shared.
 */
public final class KeyChooser
{
    private final SplittableRandom random;
    private final long keys;
    private final Zipf zipf;

    /**
     * A chooser.
     *
     * @param keys number of keys, &ge; 1.
     * @param zipf Zipfian constants for {@code keys}, or {@code null} for uniform.
     * @param seed seed of this chooser's stream.
     */
    public KeyChooser(final long keys, final Zipf zipf, final long seed)
    {
        if (keys < 1)
        {
            throw new IllegalArgumentException("keys must be >= 1");
        }
        if (null != zipf && zipf.keys != keys)
        {
            throw new IllegalArgumentException("zipf constants for " + zipf.keys + " keys, not " + keys);
        }
        this.random = new SplittableRandom(seed);
        this.keys = keys;
        this.zipf = zipf;
    }

    /**
     * Next key.
     *
     * @return a key in {@code 0..keys-1}.
     */
    public long next()
    {
        if (null == zipf)
        {
            return random.nextLong(keys);
        }
        final double u = random.nextDouble();
        final double uz = u * zipf.zetaN;
        if (uz < 1.0)
        {
            return 0;
        }
        if (uz < 1.0 + Math.pow(0.5, zipf.theta))
        {
            return Math.min(1, keys - 1);
        }
        final long key = (long)(keys * Math.pow(zipf.eta * u - zipf.eta + 1.0, zipf.alpha));
        return Math.min(key, keys - 1);
    }

    /**
     * A uniform random double in [0, 1) from the same stream, for op choices.
     *
     * @return the double.
     */
    public double nextDouble()
    {
        return random.nextDouble();
    }

    /** The precomputed constants of a Zipfian distribution over {@code keys} keys. Immutable. */
    public static final class Zipf
    {
        final long keys;
        final double theta;
        final double zetaN;
        final double alpha;
        final double eta;

        /**
         * Compute the constants; O(keys) once.
         *
         * @param keys  number of keys, &ge; 1.
         * @param theta skew in (0, 1); YCSB's default is 0.99.
         */
        public Zipf(final long keys, final double theta)
        {
            if (!(theta > 0 && theta < 1))
            {
                throw new IllegalArgumentException("zipf theta must be in (0, 1), got " + theta);
            }
            this.keys = keys;
            this.theta = theta;
            this.zetaN = zeta(keys, theta);
            final double zeta2 = zeta(2, theta);
            this.alpha = 1.0 / (1.0 - theta);
            this.eta = (1.0 - Math.pow(2.0 / keys, 1.0 - theta)) / (1.0 - zeta2 / zetaN);
        }

        private static double zeta(final long n, final double theta)
        {
            double sum = 0;
            for (long i = 1; i <= n; i++)
            {
                sum += 1.0 / Math.pow(i, theta);
            }
            return sum;
        }
    }
}
