package io.quorumbench.loadgen;

import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.workload.Verification;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

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
        final Verification verification = result.verification();
        if (verification.history().verdict() == CheckVerdict.NOT_APPLICABLE &&
            verification.readBack().verdict() == CheckVerdict.NOT_APPLICABLE)
        {
            out.println("checks    not applicable: " + verification.history().reason());
        }
        else
        {
            // one line per check, each with its own verdict: an undecided check is never folded into a pass
            out.println("history   " + verification.history());
            out.println("read-back " + verification.readBack());
            final String budgets = budgets(verification.details());
            if (!budgets.isEmpty())
            {
                out.println("budgets   " + budgets);
            }
        }
        switch (result.verdict())
        {
            case PASS:
                out.println("result    PASSED");
                break;
            case INCONCLUSIVE:
                out.println("result    INCONCLUSIVE: a check that was asked for did not decide, so the run does not " +
                    "pass (exit " + LoadGenCommand.EXIT_INCONCLUSIVE + ")");
                break;
            default:
                out.println("result    FAILED");
                break;
        }
    }

    /** "read-back 0.21 s of 60 s, history check 12.3 s of 120 s", from the details the workload wrote. */
    @SuppressWarnings("unchecked")
    private static String budgets(final Map<String, Object> details)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String[] part : new String[][]{{"readBack", "read-back"}, {"history", "history check"}})
        {
            final Object section = details.get(part[0]);
            if (section instanceof Map<?, ?> map && map.get("elapsedNs") instanceof Number elapsed &&
                ((Map<String, Object>)map).get("budgetNs") instanceof Number budget)
            {
                // a budget below a second printed as "0 s" read as no budget at all
                sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %s of %s",
                    part[1], LoadRun.formatNs(elapsed.longValue()), LoadRun.formatNs(budget.longValue())));
            }
        }
        return sb.toString();
    }

    private static String line(final String name, final Histogram h)
    {
        return String.format(Locale.ROOT, "%-9s p50 %s  p90 %s  p99 %s  p99.9 %s  p99.99 %s  max %s",
            name, LoadRun.formatNs(h.getValueAtPercentile(50)), LoadRun.formatNs(h.getValueAtPercentile(90)),
            LoadRun.formatNs(h.getValueAtPercentile(99)), LoadRun.formatNs(h.getValueAtPercentile(99.9)),
            LoadRun.formatNs(h.getValueAtPercentile(99.99)), LoadRun.formatNs(h.getMaxValue()));
    }
}
