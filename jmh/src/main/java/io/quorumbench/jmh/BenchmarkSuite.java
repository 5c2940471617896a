package io.quorumbench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link SuiteRunner} needs to know about a group of benchmarks: which to run, how to trim
 * them for a quick run, which targets to check, and any report that is
 * not a JMH measurement (the ring quality report).
 *
 * <p>Adding a suite: implement this next to its benchmarks and list it in {@link Suites}.
 *
 * <p><b>Threading</b>: used from the runner's main thread only.
 */
public interface BenchmarkSuite
{
    /**
     * Name used by {@code --suite} and in the run id.
     *
     * @return lower case name.
     */
    String name();

    /**
     * JMH include regexes (matched with {@code find()} against {@code package.Class.method}).
     *
     * @return the regexes.
     */
    List<String> includes();

    /**
     * Params that a quick run pins to fewer values (param name → values). A param of the same
     * name in another suite's benchmarks is pinned too: JMH params are global by name.
     *
     * @return params for quick mode; the full mode uses every value the benchmarks declare.
     */
    Map<String, String[]> quickParams();

    /**
     * Params this suite pins in every mode (param name → values), e.g. the protocol the shared
     * commit benchmarks of {@code io.quorumbench.jmh.consensus} run for. Two suites pinning the
     * same name run the union of their values.
     *
     * @return the pinned params; none by default.
     */
    default Map<String, String[]> params()
    {
        return Map.of();
    }

    /**
     * Targets checked from this suite's results.
     *
     * @return the targets.
     */
    List<Target> targets();

    /**
     * Settings of the suite's own reports, recorded in the run context.
     *
     * @param mode the run mode.
     * @return ordered settings; empty if the suite has no reports.
     */
    Map<String, String> reportSettings(Mode mode);

    /**
     * Write reports that are not JMH measurements into the run directory.
     *
     * @param outDir the run directory.
     * @param mode   the run mode.
     * @param mapper JSON writer.
     * @param out    where to print a short summary.
     * @throws IOException if a report cannot be written.
     */
    void writeReports(Path outDir, Mode mode, ObjectMapper mapper, PrintStream out) throws IOException;
}
