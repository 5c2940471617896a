package io.quorumbench.api.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The context of one recorded run, written as {@code results/<run-id>/context.json} next to the
 * run's raw results, so a number is never separated from what it was measured on.
 *
 * <h2>JSON schema (version 1)</h2>
 * {@link #toMap()} gives the fields in this order; modules that have Jackson serialise that map
 * (this module has no dependencies, on purpose). Nothing is ever omitted; unknown values are the
 * string {@code "unknown"}, or {@code null} for {@code gitDirty}.
 * <pre>
 * {
 *   "schemaVersion": 1,                           int, {@link #SCHEMA_VERSION}
 *   "runId":      "20261126-051500-ring-quick",   yyyyMMdd-HHmmss-&lt;suite&gt;-&lt;mode&gt;, UTC; the directory name
 *   "kind":       "jmh",                          jmh | loadgen | flame (what produced the run)
 *   "suite":      "ring",                         which benchmarks/scenario (ring, raft, all, ...)
 *   "mode":       "quick",                        quick | full | a scenario-defined mode
 *   "startedAt":  "2026-11-26T05:15:00Z",         ISO-8601 UTC, second precision
 *   "gitCommit":  "fc535b4...",                   40 hex digits, or "unknown" without git
 *   "gitDirty":   false,                          true if tracked or untracked (non-ignored) files differ; null if unknown
 *   "jdkVersion": "17.0.15",                      java.version
 *   "jdkVendor":  "Debian",                       java.vendor
 *   "vmName":     "OpenJDK 64-Bit Server VM",     java.vm.name
 *   "osName":     "Linux",                        os.name
 *   "osArch":     "amd64",                        os.arch
 *   "cpuModel":   "AMD EPYC",                     first "model name" of /proc/cpuinfo, else "unknown"
 *   "cores":      2,                              Runtime.availableProcessors() of the capturing JVM
 *   "settings":   { "fsync": "none", ... },       free-form, ordered string to string: the knobs of the run
 *   "warnings":   [ "..." ]                       things that make the numbers less trustworthy, e.g. too few cores
 * }
 * </pre>
 * Readers must ignore fields they do not know; a change that removes or redefines a field bumps
 * {@link #SCHEMA_VERSION}.
 *
 * <p><b>Threading</b>: instances are immutable and safe to share. {@link #capture} starts short
 * {@code git} processes and reads {@code /proc/cpuinfo}; call it once per run, off any hot path.
 *
 * @param schemaVersion version of this layout, {@link #SCHEMA_VERSION} for instances built here.
 * @param runId         unique name of the run and of its directory under {@code results/}.
 * @param kind          what produced the run: {@link #KIND_JMH}, {@link #KIND_LOADGEN}, {@link #KIND_FLAME}, ...
 * @param suite         benchmark suite or scenario name.
 * @param mode          run mode, e.g. {@code quick} or {@code full}.
 * @param startedAt     when the run started, ISO-8601 UTC with second precision.
 * @param gitCommit     commit of the code measured, or {@link #UNKNOWN}.
 * @param gitDirty      whether the work tree differed from {@code gitCommit}; null if unknown.
 * @param jdkVersion    {@code java.version} of the capturing JVM.
 * @param jdkVendor     {@code java.vendor} of the capturing JVM.
 * @param vmName        {@code java.vm.name} of the capturing JVM.
 * @param osName        {@code os.name}.
 * @param osArch        {@code os.arch}.
 * @param cpuModel      CPU model name, or {@link #UNKNOWN}.
 * @param cores         processors available to the capturing JVM.
 * @param settings      the run's knobs in insertion order (unmodifiable copy).
 * @param warnings      caveats recorded for the run (unmodifiable copy).
 */
public record RunContext(
    int schemaVersion,
    String runId,
    String kind,
    String suite,
    String mode,
    String startedAt,
    String gitCommit,
    Boolean gitDirty,
    String jdkVersion,
    String jdkVendor,
    String vmName,
    String osName,
    String osArch,
    String cpuModel,
    int cores,
    Map<String, String> settings,
    List<String> warnings)
{
    /** Version of the JSON layout described in the class javadoc. */
    public static final int SCHEMA_VERSION = 1;

    /** File name of the context inside a run directory. */
    public static final String FILE_NAME = "context.json";

    /** Value of a field that could not be determined. */
    public static final String UNKNOWN = "unknown";

    /** Kind of a JMH run. */
    public static final String KIND_JMH = "jmh";

    /** Kind of an open-loop load-generator run. */
    public static final String KIND_LOADGEN = "loadgen";

    /** Kind of a profiling (flame graph) run. */
    public static final String KIND_FLAME = "flame";

    /** How long one git command may take before it is killed and its answer taken as unknown. */
    public static final long GIT_TIMEOUT_MS = 5_000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Validates the fields and takes unmodifiable, order-preserving copies of the collections.
     */
    public RunContext
    {
        requireName("kind", kind);
        requireName("suite", suite);
        requireName("mode", mode);
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(jdkVersion, "jdkVersion");
        Objects.requireNonNull(jdkVendor, "jdkVendor");
        Objects.requireNonNull(vmName, "vmName");
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(osArch, "osArch");
        Objects.requireNonNull(cpuModel, "cpuModel");
        if (cores < 1)
        {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        settings = copySettings(settings);
        warnings = copyWarnings(warnings);
    }

    /**
     * Capture the context of a run starting now, in the current working directory's git work tree.
     *
     * @param kind     what produces the run: {@link #KIND_JMH}, {@link #KIND_LOADGEN}, {@link #KIND_FLAME}.
     * @param suite    suite or scenario name; lower case letters, digits, '.', '_' and '-'.
     * @param mode     run mode, same alphabet as {@code suite}.
     * @param settings the run's knobs in the order they should be shown; may be empty, not null.
     * @return the context.
     * @throws IllegalArgumentException if a name is empty or has characters unfit for a directory name.
     */
    public static RunContext capture(final String kind, final String suite, final String mode, final Map<String, String> settings)
    {
        return capture(kind, suite, mode, settings, Path.of("").toAbsolutePath());
    }

    /**
     * Capture the context of a run starting now, reading git state from {@code workTree}.
     *
     * @param kind     what produces the run.
     * @param suite    suite or scenario name.
     * @param mode     run mode.
     * @param settings the run's knobs in order; may be empty, not null.
     * @param workTree directory inside the git work tree of the code measured.
     * @return the context.
     */
    public static RunContext capture(
        final String kind, final String suite, final String mode, final Map<String, String> settings, final Path workTree)
    {
        requireName("kind", kind);
        requireName("suite", suite);
        requireName("mode", mode);
        Objects.requireNonNull(settings, "settings");
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final String commit = git(workTree, "rev-parse", "HEAD");
        final String status = UNKNOWN.equals(commit) ? null : git(workTree, "status", "--porcelain");
        final Boolean dirty = null == status || UNKNOWN.equals(status) ? null : !status.isBlank();

        return new RunContext(
            SCHEMA_VERSION,
            runId(now, suite, mode),
            kind,
            suite,
            mode,
            now.toString(),
            isCommitId(commit) ? commit : UNKNOWN,
            dirty,
            System.getProperty("java.version", UNKNOWN),
            System.getProperty("java.vendor", UNKNOWN),
            System.getProperty("java.vm.name", UNKNOWN),
            System.getProperty("os.name", UNKNOWN),
            System.getProperty("os.arch", UNKNOWN),
            cpuModel(Path.of("/proc/cpuinfo")),
            Runtime.getRuntime().availableProcessors(),
            settings,
            List.of());
    }

    /**
     * The run id for a run of {@code suite} in {@code mode} started at {@code startedAt}.
     *
     * @param startedAt start of the run.
     * @param suite     suite name.
     * @param mode      mode name.
     * @return {@code yyyyMMdd-HHmmss-<suite>-<mode>} in UTC.
     */
    public static String runId(final Instant startedAt, final String suite, final String mode)
    {
        return RUN_ID_TIME.format(startedAt) + "-" + suite + "-" + mode;
    }

    /**
     * A copy with more settings appended (a key already present keeps its position and takes the new value).
     *
     * @param more settings to add, in order.
     * @return the new context.
     */
    public RunContext withSettings(final Map<String, String> more)
    {
        final Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(Objects.requireNonNull(more, "more"));
        return new RunContext(schemaVersion, runId, kind, suite, mode, startedAt, gitCommit, gitDirty, jdkVersion,
            jdkVendor, vmName, osName, osArch, cpuModel, cores, merged, warnings);
    }

    /**
     * A copy with one more warning.
     *
     * @param warning a sentence saying what makes the run's numbers less trustworthy.
     * @return the new context.
     */
    public RunContext withWarning(final String warning)
    {
        if (null == warning || warning.isBlank())
        {
            throw new IllegalArgumentException("warning must not be null or blank");
        }
        final List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new RunContext(schemaVersion, runId, kind, suite, mode, startedAt, gitCommit, gitDirty, jdkVersion,
            jdkVendor, vmName, osName, osArch, cpuModel, cores, settings, more);
    }

    /**
     * A copy under another run id, e.g. {@code <run-id>-2} when two runs start in the same second.
     *
     * @param newRunId the run id to use.
     * @return the new context.
     */
    public RunContext withRunId(final String newRunId)
    {
        return new RunContext(schemaVersion, Objects.requireNonNull(newRunId, "newRunId"), kind, suite, mode, startedAt,
            gitCommit, gitDirty, jdkVersion, jdkVendor, vmName, osName, osArch, cpuModel, cores, settings, warnings);
    }

    /**
     * The context as an ordered map in the layout of the class javadoc, ready for a JSON writer.
     * Values are {@link String}, {@link Integer}, {@link Boolean} (or null), an ordered
     * {@code Map<String, String>} and a {@code List<String>}.
     *
     * @return a new, modifiable map.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("schemaVersion", schemaVersion);
        map.put("runId", runId);
        map.put("kind", kind);
        map.put("suite", suite);
        map.put("mode", mode);
        map.put("startedAt", startedAt);
        map.put("gitCommit", gitCommit);
        map.put("gitDirty", gitDirty);
        map.put("jdkVersion", jdkVersion);
        map.put("jdkVendor", jdkVendor);
        map.put("vmName", vmName);
        map.put("osName", osName);
        map.put("osArch", osArch);
        map.put("cpuModel", cpuModel);
        map.put("cores", cores);
        map.put("settings", new LinkedHashMap<>(settings));
        map.put("warnings", new ArrayList<>(warnings));
        return map;
    }

    /**
     * Rebuild a context from a map as produced by {@link #toMap()} and read back by a JSON parser
     * (numbers may come back as any {@link Number}).
     *
     * @param map the parsed {@code context.json}.
     * @return the context.
     * @throws IllegalArgumentException if a field is missing, of the wrong type, or the schema version is not supported.
     */
    public static RunContext fromMap(final Map<String, ?> map)
    {
        Objects.requireNonNull(map, "map");
        final int version = intField(map, "schemaVersion");
        if (version != SCHEMA_VERSION)
        {
            throw new IllegalArgumentException("unsupported context schemaVersion " + version + ", expected " + SCHEMA_VERSION);
        }
        final Object dirty = map.get("gitDirty");
        if (null != dirty && !(dirty instanceof Boolean))
        {
            throw new IllegalArgumentException("context field gitDirty must be true, false or null, got " + dirty);
        }
        final Map<String, String> settings = new LinkedHashMap<>();
        final Object rawSettings = map.get("settings");
        if (!(rawSettings instanceof Map))
        {
            throw new IllegalArgumentException("context field settings must be an object, got " + rawSettings);
        }
        for (final Map.Entry<?, ?> e : ((Map<?, ?>)rawSettings).entrySet())
        {
            settings.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        final List<String> warnings = new ArrayList<>();
        final Object rawWarnings = map.get("warnings");
        if (null != rawWarnings)
        {
            if (!(rawWarnings instanceof List))
            {
                throw new IllegalArgumentException("context field warnings must be an array, got " + rawWarnings);
            }
            for (final Object w : (List<?>)rawWarnings)
            {
                warnings.add(String.valueOf(w));
            }
        }

        return new RunContext(
            version,
            stringField(map, "runId"),
            stringField(map, "kind"),
            stringField(map, "suite"),
            stringField(map, "mode"),
            stringField(map, "startedAt"),
            stringField(map, "gitCommit"),
            (Boolean)dirty,
            stringField(map, "jdkVersion"),
            stringField(map, "jdkVendor"),
            stringField(map, "vmName"),
            stringField(map, "osName"),
            stringField(map, "osArch"),
            stringField(map, "cpuModel"),
            intField(map, "cores"),
            settings,
            warnings);
    }

    /**
     * CPU model from a {@code /proc/cpuinfo}-style file: the value of its first {@code model name} line.
     *
     * @param cpuinfo path of the file.
     * @return the model, or {@link #UNKNOWN} if the file is absent, unreadable or has no such line.
     */
    static String cpuModel(final Path cpuinfo)
    {
        try
        {
            if (!Files.isReadable(cpuinfo))
            {
                return UNKNOWN;
            }
            for (final String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8))
            {
                if (line.startsWith("model name"))
                {
                    final int colon = line.indexOf(':');
                    final String model = colon < 0 ? "" : line.substring(colon + 1).trim();
                    return model.isEmpty() ? UNKNOWN : model;
                }
            }
            return UNKNOWN;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * Run one git command in {@code workTree} and return its trimmed stdout.
     * Output goes to a temporary file rather than a pipe so a large {@code status} cannot fill the
     * pipe and stall the process past the timeout.
     *
     * @return stdout, or {@link #UNKNOWN} if git is absent, fails, or exceeds {@link #GIT_TIMEOUT_MS}.
     */
    static String git(final Path workTree, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("git");
        command.add("-C");
        command.add(workTree.toString());
        Collections.addAll(command, args);
        Path out = null;
        try
        {
            out = Files.createTempFile("qb-git-", ".out");
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
            if (!process.waitFor(GIT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                return UNKNOWN;
            }
            if (process.exitValue() != 0)
            {
                return UNKNOWN;
            }
            return Files.readString(out, StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
        finally
        {
            if (null != out)
            {
                try
                {
                    Files.deleteIfExists(out);
                }
                catch (final IOException ignore)
                {
                    // A leftover empty temp file is harmless; the context is what matters here.
                }
            }
        }
    }

    private static java.io.File nullDevice()
    {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static boolean isCommitId(final String s)
    {
        return s.length() >= 40 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static void requireName(final String field, final String value)
    {
        if (null == value || !NAME.matcher(value).matches())
        {
            throw new IllegalArgumentException(field + " must be lower case letters, digits, '.', '_' or '-' " +
                "(it becomes part of a directory name), got " + (null == value ? "null" : "'" + value + "'"));
        }
    }

    private static Map<String, String> copySettings(final Map<String, String> settings)
    {
        Objects.requireNonNull(settings, "settings");
        final Map<String, String> copy = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : settings.entrySet())
        {
            if (null == e.getKey() || null == e.getValue())
            {
                throw new IllegalArgumentException("settings must not hold null keys or values: " + e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<String> copyWarnings(final List<String> warnings)
    {
        Objects.requireNonNull(warnings, "warnings");
        for (final String w : warnings)
        {
            Objects.requireNonNull(w, "warnings must not hold null");
        }
        return List.copyOf(warnings);
    }

    private static String stringField(final Map<String, ?> map, final String name)
    {
        final Object value = map.get(name);
        if (!(value instanceof String))
        {
            throw new IllegalArgumentException("context field " + name + " must be a string, got " + value);
        }
        return (String)value;
    }

    private static int intField(final Map<String, ?> map, final String name)
    {
        final Object value = map.get(name);
        if (!(value instanceof Number))
        {
            throw new IllegalArgumentException("context field " + name + " must be a number, got " + value);
        }
        return ((Number)value).intValue();
    }
}
