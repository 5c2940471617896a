package io.quorumbench.analysis.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * One JMH metric of one benchmark (the primary score or a secondary such as
 * {@code gc.alloc.rate.norm}) with every fork's and iteration's raw measurement.
 *
 * @param name        metric name; {@code "primary"} for the primary metric.
 * @param unit        JMH's unit string, e.g. {@code "ns/op"}, {@code "ops/s"}, {@code "B/op"}.
 * @param score       JMH's aggregated score.
 * @param scoreError  JMH's half-width of the 99.9% interval, NaN when JMH could not compute one.
 * @param rawPerFork  raw iteration values, one list per fork, in run order.
 */
public record Metric(String name, String unit, double score, double scoreError, List<List<Double>> rawPerFork)
{
    /**
     * @return every iteration of every fork, forks in order.
     */
    public double[] samples()
    {
        final List<Double> all = new ArrayList<>();
        rawPerFork.forEach(all::addAll);
        final double[] values = new double[all.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = all.get(i);
        }
        return values;
    }

    /**
     * Which way is better for this unit.
     *
     * @return the direction, {@link Direction#UNKNOWN} when the unit says nothing about it.
     */
    public Direction direction()
    {
        return Direction.ofUnit(unit);
    }
}
