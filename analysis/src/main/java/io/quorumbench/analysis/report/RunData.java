package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.JmhJsonReader;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.LoadgenSummary;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.analysis.compare.RunInput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the report reads from one run directory, read once: the summary, the comparison charts
 * and the run's own appendix section all draw from it.
 *
 * @param dir        the run directory.
 * @param anchor     the id of its appendix section, e.g. {@code r2}.
 * @param runId      its run id (the context's, else the directory's name).
 * @param context    its {@code context.json}.
 * @param jmh        its JMH results; empty without {@code jmh.json}.
 * @param load       its load runs ({@code summary.json}, then {@code sweep.json}); empty if none.
 * @param recorded   the same load runs with their verdicts, index for index with {@code load}.
 * @param targets    its targets; null without {@code targets.json} (an empty list is a file with no target).
 * @param flameIndex its {@code flame/index.json}, or null.
 */
public record RunData(
    Path dir,
    String anchor,
    String runId,
    Map<String, Object> context,
    List<JmhResult> jmh,
    List<LoadgenSummary> load,
    List<RecordedRun> recorded,
    List<Targets.Target> targets,
    Path flameIndex)
{
    /**
     * @param dir    a run directory.
     * @param anchor the id its section gets.
     * @return what it holds.
     * @throws ResultFileException when it is not a run directory, holds nothing to report, or a file is malformed.
     */
    public static RunData read(final Path dir, final String anchor)
    {
        if (!Files.isDirectory(dir))
        {
            throw new ResultFileException(dir, null, "not a run directory");
        }
        final Map<String, Object> context = RunInput.readContext(dir.resolve(RunInput.CONTEXT_FILE));
        final Path jmhFile = dir.resolve(RunInput.JMH_FILE);
        final List<LoadgenSummary> load = RunInput.loadgenIn(dir);
        final Path flameIndex = dir.resolve("flame").resolve("index.json");
        if (!Files.exists(jmhFile) && load.isEmpty() && !Files.exists(flameIndex))
        {
            throw new ResultFileException(dir, null, "nothing to report: no " + RunInput.JMH_FILE + ", " +
                RunInput.SUMMARY_FILE + ", " + RunInput.SWEEP_FILE + " or flame/index.json");
        }
        final Path targetsFile = dir.resolve("targets.json");
        return new RunData(dir, anchor, String.valueOf(context.getOrDefault("runId", dir.getFileName())), context,
            Files.exists(jmhFile) ? JmhJsonReader.read(jmhFile) : List.of(), load, RecordedRun.in(dir),
            Files.exists(targetsFile) ? Targets.read(targetsFile) : null, Files.exists(flameIndex) ? flameIndex : null);
    }

    /**
     * What the run measured, as the summary groups runs: a load run's protocol, else the suite of its
     * context ({@code ring}, {@code raft}, ...); a JMH result with a {@code protocol} parameter goes
     * under that protocol instead (see {@link Comparison#subjectOf}).
     *
     * @return the subject.
     */
    public String subject()
    {
        if (!recorded.isEmpty())
        {
            return recorded.get(0).protocol();
        }
        return String.valueOf(context.getOrDefault("suite", "other"));
    }
}
