package io.quorumbench.loadgen.engine;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The raw artifact of a run: an HdrHistogram interval log ({@code .hlog}) with one histogram per
 * tag per second, values in nanoseconds. Two tags are written: {@link #CORRECTED} (latency from
 * the intended send time) and {@link #RAW} (from the actual send time). Everything else — the
 * {@code .hgrm} percentile files and the summary's percentiles — is derived by reading this log
 * back, so the log alone reproduces every number.
 *
 * <p><b>Threading</b>: the writer is used by the monitor thread only.
 */
public final class IntervalLog implements AutoCloseable
{
    /** Tag of the histograms of latency measured from the intended send time. */
    public static final String CORRECTED = "corrected";
    /** Tag of the histograms of latency measured from the actual send time. */
    public static final String RAW = "raw";
    /** Scaling of {@code .hgrm} values: nanoseconds recorded, microseconds printed. */
    public static final double HGRM_UNIT_RATIO = 1000.0;

    private final OutputStream stream;
    private final HistogramLogWriter writer;

    /**
     * Open a log for writing and write its header.
     *
     * @param file         the {@code .hlog} file; replaced if it exists.
     * @param startEpochMs wall-clock time of the run's start, milliseconds since the epoch.
     * @param comment      one line describing the run, written as a comment.
     */
    public IntervalLog(final Path file, final long startEpochMs, final String comment)
    {
        try
        {
            stream = Files.newOutputStream(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        writer = new HistogramLogWriter(new PrintStream(stream, false, StandardCharsets.UTF_8));
        writer.outputComment(comment);
        writer.outputComment("values in nanoseconds; tags: corrected = from intended send time, raw = from actual send time");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.setBaseTime(startEpochMs);
        writer.outputBaseTime(startEpochMs);
        writer.outputLegend();
    }

    /**
     * Append one interval histogram; its tag and start/end timestamps (epoch milliseconds) must be set.
     *
     * @param histogram the interval's histogram.
     */
    public void append(final Histogram histogram)
    {
        writer.outputIntervalHistogram(histogram);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        writer.close();
    }

    /**
     * Read a log back and sum its histograms per tag.
     *
     * @param file the {@code .hlog} file.
     * @return tag to summed histogram, in first-seen order; untagged histograms under {@code ""}.
     */
    public static Map<String, Histogram> readTotals(final Path file)
    {
        final Map<String, Histogram> totals = new LinkedHashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile()))
        {
            EncodableHistogram next;
            while (null != (next = reader.nextIntervalHistogram()))
            {
                if (!(next instanceof Histogram))
                {
                    throw new IllegalStateException(file + " holds a non-integer histogram");
                }
                final Histogram interval = (Histogram)next;
                final String tag = null == interval.getTag() ? "" : interval.getTag();
                totals.computeIfAbsent(tag, t -> newHistogram()).add(interval);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        return totals;
    }

    /**
     * Write a percentile distribution ({@code .hgrm}), values in microseconds.
     *
     * @param histogram the distribution, values in nanoseconds.
     * @param file      the {@code .hgrm} file; replaced if it exists.
     */
    public static void writeHgrm(final Histogram histogram, final Path file)
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 5, HGRM_UNIT_RATIO);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * An empty histogram with the range every recorder of a run uses.
     *
     * @return the histogram.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(1, Sender.HIGHEST_TRACKABLE_NS, Sender.SIGNIFICANT_DIGITS);
    }
}
