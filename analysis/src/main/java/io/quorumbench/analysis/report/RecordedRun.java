package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A recorded load run ({@code summary.json}) or sweep ({@code sweep.json}) with its verdicts, as
 * the report, the side-by-side table and the load targets judge it.
 *
 * <p>Files written since the verdicts became explicit carry {@code verdict} (PASS, FAIL,
 * INCONCLUSIVE) and {@code verdicts.history} / {@code verdicts.readBack}; those are taken as written.
 * Older files had only booleans where {@code null} meant "not checked" and counted as a pass; for
 * them the verdicts are derived again under today's rule, so a recorded run whose check did not
 * decide is INCONCLUSIVE here too: {@code linearizable: null} after a check that ran (or was cut
 * short) is INCONCLUSIVE, a read-back with {@code complete: false} is INCONCLUSIVE, and a sweep point
 * whose own {@code summary.json} is gone cannot show that its {@code checksPassed: true} was decided,
 * so it is INCONCLUSIVE as well.
 *
 * <p><b>Threading</b>: immutable.
 *
 * @param file               the file read.
 * @param isSweep            true for a {@code sweep.json}.
 * @param impl               the implementation ({@code lockfree}, {@code baseline}, {@code noop}, ...).
 * @param settings           the run's {@code context.settings}; a sweep's merged over those of its first
 *                           rate, which alone record the target's (transport, nodes, fsync).
 * @param topology           where the nodes ran.
 * @param verdict            PASS, FAIL or INCONCLUSIVE: a run's overall verdict; a sweep's verdict on
 *                           correctness (a rate falling behind at the top does not fail it).
 * @param reasons            why the verdict is not PASS, one sentence each; may be empty.
 * @param history            a run's history check; null for a sweep.
 * @param readBack           a run's read-back; null for a sweep.
 * @param lostAckedWrites    lost acknowledged writes when the read-back decided, else null.
 * @param onSchedule         a run: whether it kept its schedule; a sweep: whether its last rate did.
 * @param offeredRate        a run's offered requests/s; NaN for a sweep.
 * @param achievedRate       a run's achieved requests/s; NaN for a sweep.
 * @param p50Ns              a run's corrected p50, ns; NaN if absent.
 * @param p99Ns              a run's corrected p99, ns; NaN if absent.
 * @param p999Ns             a run's corrected p99.9, ns; NaN if absent.
 * @param failovers          a run's unavailability windows, one per fault; empty without faults.
 * @param maxSustainableRate a sweep's highest rate meeting the SLO (re-judged under today's rule), null if none.
 * @param sloP99Ns           a sweep's SLO on corrected p99, ns; NaN for a run.
 * @param points             a sweep's rates in the order run; empty for a run.
 */
public record RecordedRun(
    Path file,
    boolean isSweep,
    String impl,
    Map<String, String> settings,
    Topology topology,
    CheckVerdict verdict,
    List<String> reasons,
    CheckResult history,
    CheckResult readBack,
    Long lostAckedWrites,
    boolean onSchedule,
    double offeredRate,
    double achievedRate,
    double p50Ns,
    double p99Ns,
    double p999Ns,
    List<Failover> failovers,
    Double maxSustainableRate,
    double sloP99Ns,
    List<Point> points)
{
    /** Where the nodes ran, as far as the targets care. */
    public enum Topology
    {
        /** No cluster at all: the no-op or delay target. */
        NONE,
        /** An embedded cluster in the generator's process (Aeron IPC or loopback TCP). */
        IN_PROCESS,
        /** Node processes the generator started ({@code --spawn-cluster}), on loopback. */
        PROCESSES,
        /** Node processes in network namespaces ({@code --spawn-cluster --netns}). */
        PROCESSES_NETNS,
        /** A cluster started elsewhere ({@code --cluster FILE}). */
        RUNNING_CLUSTER,
        /** Not recorded. */
        UNKNOWN
    }

    /**
     * The unavailability window of one fault.
     *
     * @param fault         what was done, e.g. {@code kill-leader node 2}.
     * @param action        the fault's action, e.g. {@code kill-leader}; empty if not recorded.
     * @param recovered     whether an OK answer to a request sent after the fault came before the end.
     * @param unavailableMs the window, milliseconds, NaN if not recovered.
     */
    public record Failover(String fault, String action, boolean recovered, double unavailableMs)
    {
    }

    /**
     * One rate of a sweep.
     *
     * @param offeredRate offered requests/s.
     * @param onSchedule  whether it kept its schedule.
     * @param meetsSlo    whether it met the SLO (on schedule, checks passed, p99 within the SLO).
     * @param checks      the verdict of its checks.
     */
    public record Point(double offeredRate, boolean onSchedule, boolean meetsSlo, CheckVerdict checks)
    {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Registry REGISTRY = Registry.discover();

    /**
     * The protocol the run drove: its context's {@code settings.protocol}, or Raft for runs recorded
     * before protocols were named (every such run drove Raft or no cluster at all).
     *
     * @return the protocol's id, e.g. {@code raft}.
     */
    public String protocol()
    {
        return settings.getOrDefault("protocol", Protocol.RAFT.id());
    }

    /**
     * What the run's implementation is in a comparison, from the registry.
     *
     * @return its kind; empty for targets outside the registry (noop, delay) or names it does not know.
     */
    public Optional<ImplementationKind> kind()
    {
        try
        {
            return Optional.of(REGISTRY.get(protocol(), impl).kind());
        }
        catch (final IllegalArgumentException ex)
        {
            return Optional.empty();
        }
    }


    private static RecordedRun ofRun(final Path file, final JsonNode root)
    {
        final Map<String, String> settings = Collections.unmodifiableMap(settingsOf(root));
        final String impl = implOf(root, settings);
        final JsonNode verdicts = root.path("verdicts");
        final boolean onSchedule = verdicts.path("onSchedule").asBoolean(false);
        final boolean aborted = verdicts.path("aborted").asBoolean(false);
        final CheckResult history;
        final CheckResult readBack;
        if (verdicts.hasNonNull("history") && verdicts.hasNonNull("readBack"))
        {
            history = new CheckResult(CheckVerdict.valueOf(verdicts.get("history").asText()),
                verdicts.path("historyReason").asText("(no reason recorded)"));
            readBack = new CheckResult(CheckVerdict.valueOf(verdicts.get("readBack").asText()),
                verdicts.path("readBackReason").asText("(no reason recorded)"));
        }
        else
        {
            final CheckResult notChecked = legacyNotChecked(root.path("verification"), aborted);
            history = null != notChecked ? notChecked : legacyHistory(root);
            readBack = null != notChecked ? notChecked : legacyReadBack(root);
        }
        final CheckVerdict derived = (onSchedule && !aborted ? CheckVerdict.PASS : CheckVerdict.FAIL)
            .and(history.verdict()).and(readBack.verdict());
        final List<String> reasons = new ArrayList<>();
        root.path("onScheduleReasons").forEach(r -> reasons.add(r.asText()));
        addIfNotPassed(reasons, "history check", history);
        addIfNotPassed(reasons, "read-back", readBack);
        final boolean readBackDecided = readBack.verdict() == CheckVerdict.PASS || readBack.verdict() == CheckVerdict.FAIL;
        final JsonNode corrected = root.path("latencyNs").path("corrected");
        final List<Failover> failovers = new ArrayList<>();
        root.path("failover").forEach(f -> failovers.add(new Failover(f.path("fault").asText(f.path("event").asText("?")), f.path("action").asText(""),
            f.path("recovered").asBoolean(false), number(f.get("unavailableMs")))));
        return new RecordedRun(file, false, impl, settings, topologyOf(settings, impl),
            root.hasNonNull("verdict") ? CheckVerdict.valueOf(root.get("verdict").asText()) : derived, List.copyOf(reasons),
            history, readBack, readBackDecided && verdicts.hasNonNull("lostAckedWrites") ? verdicts.get("lostAckedWrites").asLong() : null,
            onSchedule, number(root.get("offeredRate")), number(root.get("achievedRate")), number(corrected.get("p50")),
            number(corrected.get("p99")), number(corrected.get("p99_9")), List.copyOf(failovers), null, Double.NaN, List.of());
    }

    private static RecordedRun ofSweep(final Path file, final JsonNode root)
    {
        final Map<String, String> context = settingsOf(root);
        final List<Point> points = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        CheckVerdict checks = CheckVerdict.PASS;
        Double best = null;
        Map<String, String> pointSettings = Map.of();
        final JsonNode array = root.get("points");
        for (int i = 0; i < array.size(); i++)
        {
            final JsonNode p = array.get(i);
            final double rate = number(p.get("offeredRate"));
            final Path pointFile = p.hasNonNull("dir") && null != file.getParent() ?
                file.getParent().resolve(p.get("dir").asText()).resolve("summary.json") : null;
            final RecordedRun point = null != pointFile && Files.isRegularFile(pointFile) ? read(pointFile) : null;
            if (null != point && pointSettings.isEmpty())
            {
                pointSettings = point.settings();
            }
            final CheckVerdict pointChecks = pointChecks(p, point);
            checks = checks.and(pointChecks);
            if (pointChecks == CheckVerdict.FAIL || pointChecks == CheckVerdict.INCONCLUSIVE)
            {
                reasons.add(String.format(Locale.ROOT, "rate %.0f/s: checks %s", rate, pointChecks) +
                    (null == point && !p.hasNonNull("checks") ? " (no summary.json of that rate shows its checks decided)" : ""));
            }
            // an undecided check keeps a rate out of the SLO, also in a sweep written before that rule
            final boolean meetsSlo = p.path("meetsSlo").asBoolean(false) &&
                (pointChecks == CheckVerdict.PASS || !pointChecks.decides());
            if (meetsSlo)
            {
                best = rate;
            }
            points.add(new Point(rate, p.path("onSchedule").asBoolean(false), meetsSlo, pointChecks));
        }
        // the target's settings (transport, nodes, fsync) are recorded by each rate, not by the sweep
        final Map<String, String> settings = new LinkedHashMap<>(pointSettings);
        settings.putAll(context);
        final String impl = implOf(root, settings);
        return new RecordedRun(file, true, impl, Collections.unmodifiableMap(settings), topologyOf(settings, impl),
            root.hasNonNull("verdict") ? CheckVerdict.valueOf(root.get("verdict").asText()) : checks, List.copyOf(reasons),
            null, null, null, !points.isEmpty() && points.get(points.size() - 1).onSchedule(), Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, List.of(), best, number(root.get("sloP99Ns")), List.copyOf(points));
    }

    private static void addIfNotPassed(final List<String> reasons, final String check, final CheckResult result)
    {
        if (result.verdict() == CheckVerdict.FAIL || result.verdict() == CheckVerdict.INCONCLUSIVE)
        {
            reasons.add(check + " " + result);
        }
    }

    private static String implOf(final JsonNode root, final Map<String, String> settings)
    {
        return root.hasNonNull("impl") ? root.get("impl").asText() : settings.getOrDefault("target", "");
    }

    /**
     * Read a {@code summary.json} or {@code sweep.json}.
     *
     * @param file the file.
     * @return the run.
     * @throws ResultFileException when the file is missing or not a load run's summary.
     */
    public static RecordedRun read(final Path file)
    {
        final JsonNode root = ResultFileException.readJson(file, MAPPER);
        if (null == root || !root.isObject() || !root.has("summaryVersion"))
        {
            throw new ResultFileException(file, "summaryVersion", "not a load run's summary.json or sweep.json");
        }
        if (!root.has("points") && !root.path("latencyNs").isObject())
        {
            throw new ResultFileException(file, "latencyNs", "missing: a summary.json holds the run's latencies");
        }
        return root.has("points") ? ofSweep(file, root) : ofRun(file, root);
    }

    /**
     * The load runs of a run directory: its {@code summary.json}, then its {@code sweep.json}, as
     * far as they exist (the order {@code RunInput.loadgenIn} uses).
     *
     * @param dir a run directory.
     * @return the runs, possibly none.
     */
    public static List<RecordedRun> in(final Path dir)
    {
        final List<RecordedRun> out = new ArrayList<>();
        for (final String name : List.of("summary.json", "sweep.json"))
        {
            if (Files.isRegularFile(dir.resolve(name)))
            {
                out.add(read(dir.resolve(name)));
            }
        }
        return out;
    }

    private static Map<String, String> settingsOf(final JsonNode root)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        root.path("context").path("settings").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Topology topologyOf(final Map<String, String> settings, final String impl)
    {
        final String recorded = settings.get("topology");
        if (null != recorded)
        {
            return Topology.valueOf(recorded.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        if ("noop".equals(impl) || "delay".equals(impl))
        {
            return Topology.NONE;
        }
        if ("true".equals(settings.get("spawnCluster")))
        {
            return "true".equals(settings.get("netns")) ? Topology.PROCESSES_NETNS : Topology.PROCESSES;
        }
        final String transport = settings.get("transport");
        if ("aeron-ipc".equals(transport) || "tcp-loopback".equals(transport))
        {
            return Topology.IN_PROCESS;
        }
        return null == transport ? Topology.UNKNOWN : Topology.RUNNING_CLUSTER;
    }

    /** A sweep point's check verdict: from its own summary when there, else from the sweep's fields. */
    private static CheckVerdict pointChecks(final JsonNode point, final RecordedRun summary)
    {
        if (point.hasNonNull("checks"))
        {
            return CheckVerdict.valueOf(point.get("checks").asText());
        }
        if (null != summary)
        {
            return summary.history.verdict().and(summary.readBack.verdict());
        }
        // written before the verdicts: checksPassed false was decided, true may hide an undecided check
        final JsonNode passed = point.get("checksPassed");
        return null != passed && passed.isBoolean() && !passed.asBoolean() ? CheckVerdict.FAIL : CheckVerdict.INCONCLUSIVE;
    }

    /**
     * A summary written before the verdicts said {@code verification.checked: false} when the target
     * applied no commands (not applicable) or the run was stopped (the checks were not made).
     *
     * @return that verdict, or null when the checks ran.
     */
    private static CheckResult legacyNotChecked(final JsonNode verification, final boolean aborted)
    {
        if (!verification.has("checked") || verification.path("checked").asBoolean(true))
        {
            return null;
        }
        final String why = verification.path("why").asText("not checked");
        return aborted ? CheckResult.inconclusive(why) : CheckResult.notApplicable(why);
    }

    private static CheckResult legacyHistory(final JsonNode root)
    {
        final JsonNode verification = root.path("verification");
        final JsonNode linearizable = root.path("verdicts").get("linearizable");
        final JsonNode check = verification.path("history").path("check");
        final String message = check.path("message").asText(check.path("why").asText("no checker verdict recorded"));
        if (null != linearizable && linearizable.isBoolean())
        {
            return linearizable.asBoolean() ? CheckResult.pass(message) : CheckResult.fail(message);
        }
        return CheckResult.inconclusive("recorded as linearizable: null (" + message + ")");
    }

    private static CheckResult legacyReadBack(final JsonNode root)
    {
        final JsonNode verification = root.path("verification");
        final JsonNode lost = root.path("verdicts").get("lostAckedWrites");
        final JsonNode readBack = verification.path("readBack");
        if (null != lost && lost.isNumber() && lost.asLong() > 0)
        {
            return CheckResult.fail(lost.asLong() + " acknowledged writes lost");
        }
        if (!readBack.path("complete").asBoolean(false))
        {
            return CheckResult.inconclusive("the read-back did not complete");
        }
        if (null == lost || !lost.isNumber())
        {
            return CheckResult.inconclusive("recorded as lostAckedWrites: null");
        }
        return CheckResult.pass("0 of " + readBack.path("keysWithAckedWrites").asLong() + " keys lost (" +
            readBack.path("verified").asLong() + " verified, " + readBack.path("unverifiable").asLong() + " unverifiable)");
    }

    private static double number(final JsonNode node)
    {
        return null == node || !node.isNumber() ? Double.NaN : node.asDouble();
    }
}
