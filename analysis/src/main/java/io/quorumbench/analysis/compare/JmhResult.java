package io.quorumbench.analysis.compare;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * One JMH benchmark result: a benchmark method at one point of its parameter space.
 *
 * @param benchmark          fully qualified benchmark method, e.g. {@code io.quorumbench.jmh.ring.RingLookupBenchmark.lookup}.
 * @param mode               JMH mode short name: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss}.
 * @param params             the {@code @Param} values, sorted by name.
 * @param threads            threads per fork.
 * @param measurementTimeNs  length of one measurement iteration in nanoseconds, 0 if JMH did not state one.
 * @param primary            the primary metric.
 * @param secondary          secondary metrics by name (a leading middle dot of older JMH versions removed).
 * @param runSettings        JMH's run shape as text (forks, warm-up and measurement iterations and times),
 *                           so comparisons can say when two runs were shaped differently.
 */
public record JmhResult(
    String benchmark,
    String mode,
    SortedMap<String, String> params,
    int threads,
    long measurementTimeNs,
    Metric primary,
    Map<String, Metric> secondary,
    String runSettings)
{
    /**
     * Key that matches the same benchmark across runs: name, mode and parameters.
     *
     * @return e.g. {@code RingLookupBenchmark.lookup[avgt]{impl=lockfree, nodes=16}}.
     */
    public String key()
    {
        return benchmark + "[" + mode + "]" + paramsText();
    }

    /**
     * @return the key with one parameter left out, used to pair implementations within one run.
     * @param paramName parameter to leave out, usually {@code impl}.
     */
    public String keyWithout(final String paramName)
    {
        return benchmark + "[" + mode + "]" + params.entrySet().stream()
            .filter((e) -> !e.getKey().equals(paramName))
            .map((e) -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    }

    /**
     * @return parameters as {@code {a=1, b=2}}.
     */
    public String paramsText()
    {
        return params.entrySet().stream()
            .map((e) -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    }

    /**
     * @return the benchmark name without its package, e.g. {@code RingLookupBenchmark.lookup}.
     */
    public String shortName()
    {
        final int method = benchmark.lastIndexOf('.');
        final int type = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(type + 1);
    }

    /**
     * Operations measured, summed over every fork and iteration, derived from the score and the
     * iteration time: a throughput times the time for {@code thrpt}, time divided by the average
     * time per operation (times threads) for {@code avgt}.
     *
     * @return operations measured, or NaN when the mode or unit does not allow the derivation.
     */
    public double measuredOperations()
    {
        if (Double.isNaN(operationsIn(1.0)))
        {
            return Double.NaN;
        }
        double total = 0;
        for (final double value : primary.samples())
        {
            total += operationsIn(value);
        }
        return total;
    }

    /**
     * Operations one iteration measured, from its primary value and the iteration time (see
     * {@link #measuredOperations()}).
     *
     * @param primaryValue the iteration's primary value, in the primary metric's unit.
     * @return operations in that iteration, or NaN when the mode or unit does not allow the derivation.
     */
    public double operationsIn(final double primaryValue)
    {
        if (measurementTimeNs <= 0)
        {
            return Double.NaN;
        }
        final String unit = primary.unit();
        final int slash = unit.indexOf('/');
        if (slash < 0)
        {
            return Double.NaN;
        }
        if ("thrpt".equals(mode) && unit.startsWith("ops/"))
        {
            return primaryValue * (measurementTimeNs / TimeUnits.nanosOf(unit.substring(slash + 1)));
        }
        if ("avgt".equals(mode) && unit.endsWith("/op"))
        {
            return threads * measurementTimeNs / (primaryValue * TimeUnits.nanosOf(unit.substring(0, slash)));
        }
        return Double.NaN;
    }
}
