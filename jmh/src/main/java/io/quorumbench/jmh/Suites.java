package io.quorumbench.jmh;

import io.quorumbench.jmh.paxos.PaxosSuite;
import io.quorumbench.jmh.raft.RaftSuite;
import io.quorumbench.jmh.ring.RingSuite;

import java.util.ArrayList;
import java.util.List;

/**
 * The registered benchmark suites. {@code --suite all} runs every one of them; a new suite is one
 * more entry in {@link #registered()}.
 */
public final class Suites
{
    /** Name that selects every registered suite. */
    public static final String ALL = "all";

    private Suites()
    {
    }

    /**
     * Every suite, in the order {@code all} runs their reports.
     *
     * @return the suites.
     */
    public static List<BenchmarkSuite> registered()
    {
        return List.of(new RingSuite(), new RaftSuite(), new PaxosSuite());
    }

    /**
     * Names accepted by {@code --suite}.
     *
     * @return suite names followed by {@value #ALL}.
     */
    public static List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final BenchmarkSuite suite : registered())
        {
            names.add(suite.name());
        }
        names.add(ALL);
        return names;
    }

    /**
     * The suites a {@code --suite} value selects.
     *
     * @param name a suite name or {@value #ALL}.
     * @return the selected suites.
     * @throws IllegalArgumentException naming the accepted values if {@code name} is not one of them.
     */
    public static List<BenchmarkSuite> resolve(final String name)
    {
        if (ALL.equals(name))
        {
            return registered();
        }
        for (final BenchmarkSuite suite : registered())
        {
            if (suite.name().equals(name))
            {
                return List.of(suite);
            }
        }
        throw new IllegalArgumentException("unknown suite '" + name + "', expected one of " + names());
    }
}
