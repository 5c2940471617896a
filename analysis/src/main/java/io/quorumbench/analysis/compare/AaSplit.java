package io.quorumbench.analysis.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one run into two halves for an A/A comparison, which measures the noise band of the
 * machine: any "regression" between two halves of the same run is a false alarm.
 *
 * <p>With two or more forks, even-numbered forks form one half and odd-numbered the other (forks are
 * the independent unit: each has its own JIT and heap). With one fork, the first half of its
 * iterations is compared with the second half, which also picks up drift (thermal, neighbours).
 */
public final class AaSplit
{
    private AaSplit()
    {
    }

    /**
     * @param result a benchmark result.
     * @return the two halves, same key; {@code null} when there are fewer than two samples.
     */
    public static JmhResult[] split(final JmhResult result)
    {
        if (result.primary().samples().length < 2)
        {
            return null;
        }
        final boolean byFork = result.primary().rawPerFork().size() >= 2;
        final Map<String, Metric> first = new LinkedHashMap<>();
        final Map<String, Metric> second = new LinkedHashMap<>();
        for (final Map.Entry<String, Metric> e : result.secondary().entrySet())
        {
            final Metric[] halves = split(e.getValue(), byFork);
            first.put(e.getKey(), halves[0]);
            second.put(e.getKey(), halves[1]);
        }
        final Metric[] primary = split(result.primary(), byFork);
        return new JmhResult[]
        {
            new JmhResult(result.benchmark(), result.mode(), result.params(), result.threads(),
                result.measurementTimeNs(), primary[0], first, result.runSettings()),
            new JmhResult(result.benchmark(), result.mode(), result.params(), result.threads(),
                result.measurementTimeNs(), primary[1], second, result.runSettings()),
        };
    }

    private static Metric[] split(final Metric metric, final boolean byFork)
    {
        final List<List<Double>> a = new ArrayList<>();
        final List<List<Double>> b = new ArrayList<>();
        final List<List<Double>> forks = metric.rawPerFork();
        if (byFork)
        {
            for (int f = 0; f < forks.size(); f++)
            {
                (f % 2 == 0 ? a : b).add(forks.get(f));
            }
        }
        else
        {
            for (final List<Double> fork : forks)
            {
                a.add(fork.subList(0, fork.size() / 2));
                b.add(fork.subList(fork.size() / 2, fork.size()));
            }
        }
        return new Metric[]
        {
            new Metric(metric.name(), metric.unit(), metric.score(), metric.scoreError(), a),
            new Metric(metric.name(), metric.unit(), metric.score(), metric.scoreError(), b),
        };
    }
}
