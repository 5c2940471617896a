package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.loadgen.LoadGenCommand;
import io.quorumbench.loadgen.engine.Arrivals;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The command-line options of {@code --workload lock}, mixed into {@link LoadGenCommand}; the run's
 * rate, arrivals, duration, warm-up, senders and seed are the command's own.
 */
public final class LockOptions
{
    @Option(names = "--lock-mode", paramLabel = "MODE", defaultValue = "uncontended",
        description = "--workload lock: uncontended (each client its own lock) or contended (the clients share " +
            "--locks locks). Default: ${DEFAULT-VALUE}.")
    private String mode;

    @Option(names = "--lock-clients", paramLabel = "N", defaultValue = "16",
        description = "--workload lock: lock service clients, each its own session with keep-alives. Default: ${DEFAULT-VALUE}.")
    private int clients;

    @Option(names = "--locks", paramLabel = "M", defaultValue = "4",
        description = "--workload lock, contended: locks the clients share. Default: ${DEFAULT-VALUE}.")
    private int locks;

    @Option(names = "--hold", paramLabel = "TIME", defaultValue = "1ms", converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: how long a holder keeps the lock after its fenced write (the mean with " +
            "--hold-dist exponential). Default: ${DEFAULT-VALUE}.")
    private long holdNs;

    @Option(names = "--hold-dist", paramLabel = "KIND", defaultValue = "exponential",
        description = "--workload lock: hold time distribution, fixed or exponential. Default: ${DEFAULT-VALUE}.")
    private String holdDist;

    @Option(names = "--lease", paramLabel = "TIME", defaultValue = "2s", converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: the lease each session asks for. Default: ${DEFAULT-VALUE}.")
    private long leaseNs;

    @Option(names = "--keep-alive-interval", paramLabel = "TIME", defaultValue = "200ms",
        converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: how often each session sends a KeepAlive. Default: ${DEFAULT-VALUE}.")
    private long keepAliveIntervalNs;

    @Option(names = "--acquire-timeout", paramLabel = "TIME", defaultValue = "5s",
        converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: how long a client waits in a lock's queue. Default: ${DEFAULT-VALUE}.")
    private long acquireTimeoutNs;

    @Option(names = "--pause-holder-at", paramLabel = "TIME", converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: at this time since the start (warm-up included) freeze a client that holds " +
            "a lock (no keep-alives, no commands) for --pause-holder-for; another client acquires that lock and " +
            "writes; when the frozen one wakes it writes with its old token, and the run FAILS if the fenced " +
            "resource accepts it. The client is in this process, also with --spawn-cluster.")
    private Long pauseHolderAtNs;

    @Option(names = "--pause-holder-for", paramLabel = "TIME", converter = LoadGenCommand.DurationConverter.class,
        description = "--workload lock: how long the paused holder stays frozen; must exceed --lease. Default: 2 x --lease.")
    private Long pauseForNs;

    /**
     * The settings of a run.
     *
     * @param rate       acquire attempts per second.
     * @param arrivals   gaps between a client's attempts.
     * @param durationNs measured window.
     * @param warmupNs   warm-up.
     * @param senders    sender threads.
     * @param seed       seed.
     * @return the validated settings.
     * @throws IllegalArgumentException naming the bad option.
     */
    public LockLoadConfig config(
        final double rate, final Arrivals arrivals, final long durationNs, final long warmupNs, final int senders,
        final long seed)
    {
        final String dist = holdDist.toLowerCase(Locale.ROOT);
        if (!"fixed".equals(dist) && !"exponential".equals(dist))
        {
            throw new IllegalArgumentException("--hold-dist must be fixed or exponential, got '" + holdDist + "'");
        }
        return new LockLoadConfig(LockLoadConfig.LockMode.of(mode), clients, locks, rate, arrivals, holdNs,
            "exponential".equals(dist), leaseNs, keepAliveIntervalNs, acquireTimeoutNs, durationNs, warmupNs,
            senders, seed, null == pauseHolderAtNs ? -1 : pauseHolderAtNs, null == pauseForNs ? 2 * leaseNs : pauseForNs);
    }
}
