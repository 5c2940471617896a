package io.quorumbench.analysis.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.compare.JmhJsonReader;
import io.quorumbench.analysis.compare.JmhResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic JMH results of the ring lookup at the gate's points, built in the tests (no committed
 * copies of big files): per implementation and key type, forks x iterations of ns/op and B/op.
 */
final class GateFixtures
{
    static final String LOOKUP = "io.quorumbench.jmh.ring.RingLookupBenchmark.lookup";
    static final List<String> KEY_TYPES = List.of("long", "string");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GateFixtures()
    {
    }

    /** One implementation's measurements at one key type. */
    record Point(String impl, String keyType, List<List<Object>> nsPerFork, List<List<Object>> bytesPerFork)
    {
    }

    /**
     * @return forks x iterations values around the centre with log-normal relative noise (never negative), seeded.
     */
    static List<List<Object>> around(final double centre, final double noise, final int forks, final int iterations, final long seed)
    {
        final Random random = new Random(seed);
        final List<List<Object>> out = new ArrayList<>();
        for (int f = 0; f < forks; f++)
        {
            final List<Object> fork = new ArrayList<>();
            for (int i = 0; i < iterations; i++)
            {
                fork.add(centre * Math.exp(noise * random.nextGaussian()));
            }
            out.add(fork);
        }
        return out;
    }

    /**
     * @return forks x iterations of the same value.
     */
    static List<List<Object>> constant(final double value, final int forks, final int iterations)
    {
        final List<List<Object>> out = new ArrayList<>();
        for (int f = 0; f < forks; f++)
        {
            final List<Object> fork = new ArrayList<>();
            for (int i = 0; i < iterations; i++)
            {
                fork.add(value);
            }
            out.add(fork);
        }
        return out;
    }

    /** The healthy centres: baseline 120 ns and 72 B/op; tuned 10-15 ns and nothing allocated. */
    static Map<String, double[]> healthy()
    {
        final Map<String, double[]> m = new LinkedHashMap<>();
        m.put("baseline", new double[]{120, 72});
        m.put("lockfree", new double[]{12, 0.002});
        m.put("jump", new double[]{15, 0.001});
        m.put("maglev", new double[]{10, 0.003});
        return m;
    }

    /**
     * @return every implementation at both key types, forks x iterations around the centres with
     *         the given noise; allocation constant.
     */
    static List<Point> points(final Map<String, double[]> centres, final double noise, final int forks, final int iterations)
    {
        final List<Point> points = new ArrayList<>();
        long seed = 1;
        for (final String keyType : KEY_TYPES)
        {
            for (final Map.Entry<String, double[]> e : centres.entrySet())
            {
                points.add(new Point(e.getKey(), keyType, around(e.getValue()[0], noise, forks, iterations, seed++),
                    constant(e.getValue()[1], forks, iterations)));
            }
        }
        return points;
    }

    /**
     * @return the list with the point of this implementation (at every key type) replaced.
     */
    static List<Point> replace(final List<Point> points, final String impl, final List<List<Object>> ns, final List<List<Object>> bytes)
    {
        final List<Point> out = new ArrayList<>();
        for (final Point p : points)
        {
            out.add(p.impl().equals(impl) ? new Point(impl, p.keyType(), null == ns ? p.nsPerFork() : ns,
                null == bytes ? p.bytesPerFork() : bytes) : p);
        }
        return out;
    }

    /**
     * Write the points as JMH JSON; a score is the mean of the iterations, NaN when one is not a number.
     *
     * @return the file.
     */
    static Path write(final Path file, final List<Point> points) throws IOException
    {
        final List<Object> results = new ArrayList<>();
        for (final Point p : points)
        {
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("benchmark", LOOKUP);
            r.put("mode", "avgt");
            r.put("threads", 1);
            r.put("forks", p.nsPerFork().size());
            r.put("warmupIterations", 4);
            r.put("warmupTime", "1 s");
            r.put("measurementIterations", p.nsPerFork().isEmpty() ? 0 : p.nsPerFork().get(0).size());
            r.put("measurementTime", "500 ms");
            r.put("params", Map.of("impl", p.impl(), "nodes", "100", "keyType", p.keyType()));
            r.put("primaryMetric", Map.of("score", mean(p.nsPerFork()), "scoreError", "NaN", "scoreUnit", "ns/op",
                "rawData", p.nsPerFork()));
            r.put("secondaryMetrics", Map.of("gc.alloc.rate.norm", Map.of("score", mean(p.bytesPerFork()), "scoreError", "NaN",
                "scoreUnit", "B/op", "rawData", p.bytesPerFork())));
            results.add(r);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writeValue(file.toFile(), results);
        return file;
    }

    /**
     * A reference run directory: context.json and jmh.json of the healthy centres, six forks.
     *
     * @return the directory.
     */
    static Path reference(final Path dir, final double noise) throws IOException
    {
        final Path run = Files.createDirectories(dir.resolve("reference"));
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("schemaVersion", 1);
        context.put("runId", "reference");
        context.put("kind", "jmh");
        context.put("suite", "gate");
        context.put("mode", "reference");
        context.put("gitCommit", "0123456789abcdef0123456789abcdef01234567");
        context.put("startedAt", "2026-11-27T00:00:00Z");
        context.put("cpuModel", "test");
        context.put("cores", 2);
        context.put("settings", Map.of());
        MAPPER.writeValue(run.resolve("context.json").toFile(), context);
        write(run.resolve("jmh.json"), points(healthy(), noise, 6, 5));
        return run;
    }

    /**
     * @return the results of a JMH JSON file.
     */
    static List<JmhResult> read(final Path file)
    {
        return JmhJsonReader.read(file);
    }

    private static Object mean(final List<List<Object>> forks)
    {
        double sum = 0;
        int n = 0;
        for (final List<Object> fork : forks)
        {
            for (final Object v : fork)
            {
                if (!(v instanceof Number number))
                {
                    return "NaN";
                }
                sum += number.doubleValue();
                n++;
            }
        }
        return n == 0 ? "NaN" : sum / n;
    }
}
