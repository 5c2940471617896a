/**
 * The open-loop engine. A {@link io.quorumbench.loadgen.engine.LoadRun} starts one
 * {@link io.quorumbench.loadgen.engine.Sender} thread per client session; each sends its requests
 * at the times its {@link io.quorumbench.loadgen.engine.ArrivalSchedule} gives (constant or
 * Poisson), never waiting for earlier answers, and records latency into two single-writer
 * HdrHistogram recorders: from the intended send time (corrected for coordinated omission) and
 * from the actual send time (raw). The controlling thread harvests the recorders once a second
 * into an {@link io.quorumbench.loadgen.engine.IntervalLog} ({@code latency.hlog}) and a progress
 * line; at the end the {@code .hgrm} files and the percentiles of the
 * {@link io.quorumbench.loadgen.engine.RunResult} are derived from that log.
 *
 * <p>Honesty rules enforced here: warm-up is excluded by intended time; a run whose senders fell
 * behind (sent or achieved below 99% of the schedule, or a lag still growing at the end) is marked
 * off schedule and fails; timeouts are recorded at their lower bound rather than dropped.
 * {@link io.quorumbench.loadgen.engine.RateSweep} repeats runs over rising rates to find the
 * highest rate that holds an SLO.
 */
package io.quorumbench.loadgen.engine;
