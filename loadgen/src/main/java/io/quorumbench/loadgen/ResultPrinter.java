package io.quorumbench.loadgen;

import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunResult;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the human-readable end-of-run summary. Stateless. */
final class ResultPrinter
{
    private ResultPrinter()
    {
    }

    static void print(final RunResult result, final PrintStream out)
    {
        out.println();
        out.println(String.format(Locale.ROOT, "offered   %,.0f/s over %.1fs measured (%d scheduled)",
            result.config().rate(), result.measuredSeconds(), result.scheduled()));
        out.println(String.format(Locale.ROOT, "achieved  %,.0f/s OK   sent %d  errors %d  timeouts %d  max lag %s",
            result.achievedRate(), result.sent(), result.errors(), result.timeouts(), LoadRun.formatNs(result.maxLagNs())));
        out.println(String.format(Locale.ROOT, "generator %.2f bytes allocated per request on the sender threads",
            result.senderAllocatedBytesPerRequest()));
        if (result.senderRunQueueWaitNs() >= 0)
        {
            out.println(String.format(Locale.ROOT,
                "scheduler sender threads runnable but not running for %s (%.3f%% of their measured time; a sender that " +
                    "yields while idle counts the waits after its yields too)",
                LoadRun.formatNs(result.senderRunQueueWaitNs()),
                100.0 * result.senderRunQueueWaitNs() / Math.max(1.0, result.measuredSeconds() * 1e9 * result.config().senders())));
        }
        out.println("latency   " + line("corrected", result.corrected()));
        out.println("          " + line("raw", result.raw()));
        out.println("schedule  " + (result.onSchedule() ? "ON SCHEDULE" : "BEHIND SCHEDULE: " +
            String.join("; ", result.onScheduleReasons())));
        if (null == result.verification())
        {
            out.println("checks    not run: " + result.whyNotChecked());
        }
        else
        {
            out.println("checks    linearizable " + verdict(result.verification().linearizable()) +
                "  lost acked writes " + (null == result.verification().lostAckedWrites() ? "not checked" :
                result.verification().lostAckedWrites()) +
                (result.verification().complete() ? "" : "  (INCOMPLETE: ran out of time)"));
        }
        out.println("result    " + (result.passed() ? "PASSED" : "FAILED"));
    }

    private static String verdict(final Boolean value)
    {
        return null == value ? "not checked" : value ? "yes" : "NO";
    }

    private static String line(final String name, final Histogram h)
    {
        return String.format(Locale.ROOT, "%-9s p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s",
            name, LoadRun.formatNs(h.getValueAtPercentile(50)), LoadRun.formatNs(h.getValueAtPercentile(90)),
            LoadRun.formatNs(h.getValueAtPercentile(99)), LoadRun.formatNs(h.getValueAtPercentile(99.9)),
            LoadRun.formatNs(h.getValueAtPercentile(99.99)), LoadRun.formatNs(h.getMaxValue()));
    }
}
