package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.loadgen.engine.Arrivals;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a lock workload run ({@code scripts/loadgen --workload lock}).
 *
 * @param mode                uncontended (each client its own lock) or contended (clients share the locks).
 * @param clients             lock service clients (each its own session), spread over the senders.
 * @param locks               locks the contended clients share (uncontended: one per client, this is ignored).
 * @param rate                acquire attempts per second offered, all clients together (open loop).
 * @param arrivals            constant or Poisson gaps between one client's attempts.
 * @param holdNs              hold time: fixed, or the mean of an exponential distribution.
 * @param holdExponential     whether hold times are exponentially distributed (else fixed).
 * @param leaseNs             lease each session asks for.
 * @param keepAliveIntervalNs how often each session sends a KeepAlive.
 * @param acquireTimeoutNs    how long a client waits in a lock's queue before it gives up.
 * @param durationNs          measured window.
 * @param warmupNs            warm-up before it (its acquires are not recorded).
 * @param senders             sender threads, each with one client session of the implementation.
 * @param seed                seed of the arrival gaps and hold times.
 * @param pauseHolderAtNs     when (since the start of the window's warm-up) a holder is paused, or -1.
 * @param pauseForNs          how long the paused holder stays paused (longer than the lease).
 */
public record LockLoadConfig(
    LockMode mode,
    int clients,
    int locks,
    double rate,
    Arrivals arrivals,
    long holdNs,
    boolean holdExponential,
    long leaseNs,
    long keepAliveIntervalNs,
    long acquireTimeoutNs,
    long durationNs,
    long warmupNs,
    int senders,
    long seed,
    long pauseHolderAtNs,
    long pauseForNs)
{
    /** Whether clients have locks of their own or share a few. */
    public enum LockMode
    {
        /** Each client its own lock: the acquire is one commit round trip. */
        UNCONTENDED,
        /** N clients on M locks: acquires queue, releases hand the lock over. */
        CONTENDED;

        /**
         * @param text {@code uncontended} or {@code contended}.
         * @return the mode.
         * @throws IllegalArgumentException naming the accepted values.
         */
        public static LockMode of(final String text)
        {
            for (final LockMode mode : values())
            {
                if (mode.name().equalsIgnoreCase(text))
                {
                    return mode;
                }
            }
            throw new IllegalArgumentException("--lock-mode must be uncontended or contended, got '" + text + "'");
        }
    }

    /**
     * Validate.
     */
    public LockLoadConfig
    {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(arrivals, "arrivals");
        require(clients >= 1 && clients <= 4096, "--lock-clients must be in 1..4096, got " + clients);
        require(LockMode.UNCONTENDED == mode || (locks >= 1 && locks <= clients),
            "--locks must be in 1..--lock-clients for contended locks, got " + locks);
        require(rate > 0 && Double.isFinite(rate), "--rate must be > 0, got " + rate);
        require(holdNs >= 0, "--hold must be >= 0");
        require(leaseNs > 0 && keepAliveIntervalNs > 0 && keepAliveIntervalNs < leaseNs,
            "need 0 < --keep-alive-interval < --lease, got " + keepAliveIntervalNs + " ns and " + leaseNs + " ns");
        require(acquireTimeoutNs > 0, "--acquire-timeout must be > 0");
        require(durationNs > 0 && warmupNs >= 0, "--duration must be > 0 and --warmup >= 0");
        require(senders >= 1 && senders <= clients, "--senders must be in 1..--lock-clients, got " + senders);
        require(pauseHolderAtNs < 0 || pauseHolderAtNs < warmupNs + durationNs,
            "--pause-holder-at must be within the run (warm-up plus duration)");
        require(pauseHolderAtNs < 0 || pauseHolderAtNs + pauseForNs < warmupNs + durationNs,
            "--pause-holder-at plus --pause-holder-for must end within the run, so the paused holder wakes in it");
        require(pauseHolderAtNs < 0 || pauseForNs > leaseNs,
            "--pause-holder-for must be longer than --lease (the point is a holder paused past its lease)");
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Locks in use: one per client uncontended, else {@link #locks()}.
     *
     * @return the number of distinct locks.
     */
    public int lockCount()
    {
        return LockMode.UNCONTENDED == mode ? clients : locks;
    }

    /**
     * The settings as recorded in the summary.
     *
     * @return an ordered map.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("lockMode", mode.name().toLowerCase(Locale.ROOT));
        map.put("lockClients", clients);
        map.put("locks", lockCount());
        map.put("rate", rate);
        map.put("arrivals", arrivals.name().toLowerCase(Locale.ROOT));
        map.put("holdNs", holdNs);
        map.put("holdDistribution", holdExponential ? "exponential" : "fixed");
        map.put("leaseNs", leaseNs);
        map.put("keepAliveIntervalNs", keepAliveIntervalNs);
        map.put("acquireTimeoutNs", acquireTimeoutNs);
        map.put("durationNs", durationNs);
        map.put("warmupNs", warmupNs);
        map.put("senders", senders);
        map.put("seed", seed);
        map.put("pauseHolderAtNs", pauseHolderAtNs);
        map.put("pauseForNs", pauseForNs);
        map.put("grantNotification", "poll: a queued waiter re-sends Acquire back to back until answered HELD");
        return map;
    }
}
