package io.quorumbench.conformance.sim;

import java.util.List;

/**
 * What goes wrong during a simulation's fault phase, and how often. Network faults apply to each
 * frame independently; partitions and crashes follow schedules driven by the simulation's seeded
 * random source. Everything heals at the end of the fault phase (see {@link SimulationConfig}).
 * Immutable; build with the presets or {@link #builder(String)}.
 *
 * @param name                  short name, used in test names and failure messages.
 * @param dropProbability       chance a frame is lost.
 * @param duplicateProbability  chance a frame is delivered twice (each copy with its own delay).
 * @param corruptProbability    chance 1..3 random bytes of a frame are changed.
 * @param truncateProbability   chance a frame is cut to a random shorter length.
 * @param minDelayNs            smallest one-way network delay.
 * @param maxDelayNs            largest one-way delay before reordering; uniform in between.
 * @param reorderProbability    chance a frame gets an extra delay, overtaken by later frames.
 * @param reorderExtraDelayNs   largest extra delay of a reordered frame; uniform from 0.
 * @param partitions            the partition schedule.
 * @param partitionPeriodNs     mean time between partition changes (uniform in [½, 1½] of it).
 * @param crashPeriodNs         mean time between crashes, 0 for none.
 * @param powerLoss             whether crashes also lose writes not yet fsynced.
 * @param maxRestartDelayNs     a crashed node restarts after a delay uniform in [1 ms, this].
 * @param crashOnNewTermProbability chance a node is crashed right after an event in which its term
 *                              rose (it has just adopted a term and maybe voted in it), restarting
 *                              like a scheduled crash; targets votes and terms that are not durable.
 */
public record FaultPlan(
    String name,
    double dropProbability,
    double duplicateProbability,
    double corruptProbability,
    double truncateProbability,
    long minDelayNs,
    long maxDelayNs,
    double reorderProbability,
    long reorderExtraDelayNs,
    Partitions partitions,
    long partitionPeriodNs,
    long crashPeriodNs,
    boolean powerLoss,
    long maxRestartDelayNs,
    double crashOnNewTermProbability)
{
    /** Partition schedules. */
    public enum Partitions
    {
        /** Links never fail. */
        NONE,
        /** Alternately cut a random minority off (both directions, frames dropped) and heal. */
        RANDOM_MINORITY,
        /** Alternately cut whoever is leader off and heal. */
        ISOLATE_LEADER,
        /** Alternately drop frames in one direction only on random links and heal (asymmetric). */
        ONE_WAY,
        /**
         * FoundationDB's swizzle-clog: clog the links of randomly chosen nodes one at a time (frames
         * are held, not dropped), then unclog them one at a time in a different random order, so
         * held frames arrive late and in bursts.
         */
        SWIZZLE_CLOG
    }

    /** Default smallest delay: 0.2 ms. */
    public static final long DEFAULT_MIN_DELAY_NS = 200_000L;
    /** Default largest delay: 2 ms. */
    public static final long DEFAULT_MAX_DELAY_NS = 2_000_000L;

    /**
     * Validates the plan.
     */
    public FaultPlan
    {
        if (null == name || name.isEmpty())
        {
            throw new IllegalArgumentException("name must not be empty");
        }
        checkProbability("dropProbability", dropProbability);
        checkProbability("duplicateProbability", duplicateProbability);
        checkProbability("corruptProbability", corruptProbability);
        checkProbability("truncateProbability", truncateProbability);
        checkProbability("reorderProbability", reorderProbability);
        checkProbability("crashOnNewTermProbability", crashOnNewTermProbability);
        if (minDelayNs < 0 || maxDelayNs < minDelayNs || reorderExtraDelayNs < 0)
        {
            throw new IllegalArgumentException("need 0 <= minDelayNs <= maxDelayNs and reorderExtraDelayNs >= 0");
        }
        if (null == partitions)
        {
            throw new IllegalArgumentException("partitions must not be null");
        }
        if (partitions != Partitions.NONE && partitionPeriodNs <= 0)
        {
            throw new IllegalArgumentException("partitionPeriodNs must be > 0 with partitions " + partitions);
        }
        if (crashPeriodNs < 0 || ((crashPeriodNs > 0 || crashOnNewTermProbability > 0) && maxRestartDelayNs < 1_000_000L))
        {
            throw new IllegalArgumentException("need crashPeriodNs >= 0 and maxRestartDelayNs >= 1 ms when crashing");
        }
    }

    private static void checkProbability(final String field, final double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
        }
    }

    /**
     * A builder starting from a fault-free plan.
     *
     * @param name the plan's name.
     * @return the builder.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * A builder starting from this plan.
     *
     * @param newName the new plan's name.
     * @return the builder.
     */
    public Builder toBuilder(final String newName)
    {
        final Builder b = new Builder(newName);
        b.drop = dropProbability;
        b.duplicate = duplicateProbability;
        b.corrupt = corruptProbability;
        b.truncate = truncateProbability;
        b.minDelayNs = minDelayNs;
        b.maxDelayNs = maxDelayNs;
        b.reorder = reorderProbability;
        b.reorderExtraDelayNs = reorderExtraDelayNs;
        b.partitions = partitions;
        b.partitionPeriodNs = partitionPeriodNs;
        b.crashPeriodNs = crashPeriodNs;
        b.powerLoss = powerLoss;
        b.maxRestartDelayNs = maxRestartDelayNs;
        b.crashOnNewTerm = crashOnNewTermProbability;
        return b;
    }

    /**
     * No faults: a short uniform delay only.
     *
     * @return the plan.
     */
    public static FaultPlan none()
    {
        return builder("none").build();
    }

    /**
     * Frames lost.
     *
     * @return the plan.
     */
    public static FaultPlan drop()
    {
        return builder("drop").drop(0.15).build();
    }

    /**
     * Frames delivered twice.
     *
     * @return the plan.
     */
    public static FaultPlan duplicate()
    {
        return builder("duplicate").duplicate(0.2).build();
    }

    /**
     * Frames overtaken by later ones.
     *
     * @return the plan.
     */
    public static FaultPlan reorder()
    {
        return builder("reorder").reorder(0.3, 30_000_000L).build();
    }

    /**
     * Long and variable delays, some beyond the election timeout.
     *
     * @return the plan.
     */
    public static FaultPlan delay()
    {
        return builder("delay").delay(1_000_000L, 40_000_000L).reorder(0.02, 400_000_000L).build();
    }

    /**
     * Bytes flipped and frames truncated.
     *
     * @return the plan.
     */
    public static FaultPlan corrupt()
    {
        return builder("corrupt").corrupt(0.1).truncate(0.05).build();
    }

    /**
     * Random minority partitions and one-way link failures.
     *
     * @return the plan.
     */
    public static FaultPlan partition()
    {
        return builder("partition").partitions(Partitions.RANDOM_MINORITY, 400_000_000L).build();
    }

    /**
     * The leader cut off, repeatedly.
     *
     * @return the plan.
     */
    public static FaultPlan isolateLeader()
    {
        return builder("isolate-leader").partitions(Partitions.ISOLATE_LEADER, 500_000_000L).build();
    }

    /**
     * Asymmetric link failures.
     *
     * @return the plan.
     */
    public static FaultPlan oneWay()
    {
        return builder("one-way").partitions(Partitions.ONE_WAY, 400_000_000L).build();
    }

    /**
     * FoundationDB's swizzle-clog.
     *
     * @return the plan.
     */
    public static FaultPlan swizzleClog()
    {
        return builder("swizzle-clog").partitions(Partitions.SWIZZLE_CLOG, 150_000_000L).build();
    }

    /**
     * Process crashes and restarts from the durable state, no data lost beyond the process.
     *
     * @return the plan.
     */
    public static FaultPlan crashRestart()
    {
        return builder("crash-restart").crashes(400_000_000L, false, 300_000_000L).build();
    }

    /**
     * Crashes with long downtimes (1.5 s, against 0.3 s in {@link #crashRestart()}): a node comes
     * back far behind, so with log compaction on the leader no longer holds its next entry and must
     * send a snapshot (Raft section 7). Crashes also hit nodes while they write or install one.
     *
     * @return the plan.
     */
    public static FaultPlan longDowntime()
    {
        return builder("long-downtime").crashes(500_000_000L, false, 1_500_000_000L).build();
    }

    /**
     * Power loss: crashes that also lose what was not fsynced.
     *
     * @return the plan.
     */
    public static FaultPlan powerLossCrashes()
    {
        return builder("power-loss").crashes(400_000_000L, true, 300_000_000L).build();
    }

    /**
     * Crash a node right after it adopts a new term (when it has just voted, or just become a
     * candidate) and restart it within a few milliseconds, while frames are duplicated and some
     * delayed: a copy of another candidate's vote request of the same term then reaches the
     * restarted voter. A node that forgets its vote across the restart (section 5.2, figure 2:
     * votedFor on stable storage) grants a second vote in that term and two leaders of one term
     * follow, which election safety catches. Leaders are also crashed now and then, so elections
     * keep happening.
     *
     * @return the plan.
     */
    public static FaultPlan voteCrash()
    {
        return builder("vote-crash").delay(1_000_000L, 6_000_000L).duplicate(0.5).reorder(0.3, 10_000_000L)
            .crashes(150_000_000L, false, 2_000_000L).crashOnNewTerm(1.0, 2_000_000L).build();
    }

    /**
     * Everything at once, at lower rates.
     *
     * @return the plan.
     */
    public static FaultPlan chaos()
    {
        return builder("chaos").drop(0.05).duplicate(0.05).corrupt(0.02).truncate(0.01).reorder(0.1, 20_000_000L)
            .partitions(Partitions.RANDOM_MINORITY, 500_000_000L).crashes(700_000_000L, false, 300_000_000L).build();
    }

    /**
     * Every plan the consensus suite runs seeds of, power loss excluded (it depends on the fsync policy).
     *
     * @return the plans.
     */
    public static List<FaultPlan> standardPlans()
    {
        return List.of(none(), drop(), duplicate(), reorder(), delay(), corrupt(), partition(), isolateLeader(),
            oneWay(), swizzleClog(), crashRestart(), chaos());
    }

    /**
     * One line describing every setting, for failure messages.
     *
     * @return the description.
     */
    public String describe()
    {
        return name + "{drop=" + dropProbability + ", dup=" + duplicateProbability + ", corrupt=" + corruptProbability +
            ", truncate=" + truncateProbability + ", delay=" + minDelayNs / 1000 + ".." + maxDelayNs / 1000 + "us" +
            ", reorder=" + reorderProbability + "(+" + reorderExtraDelayNs / 1000 + "us)" + ", partitions=" + partitions +
            (partitions == Partitions.NONE ? "" : "/" + partitionPeriodNs / 1_000_000 + "ms") +
            ", crashes=" + (crashPeriodNs == 0 ? "none" : "every~" + crashPeriodNs / 1_000_000 + "ms" +
            (powerLoss ? " with power loss" : "") + " restart<=" + maxRestartDelayNs / 1_000_000 + "ms") +
            (crashOnNewTermProbability > 0 ? ", crashOnNewTerm=" + crashOnNewTermProbability : "") + "}";
    }

    /** Fluent builder of a {@link FaultPlan}; {@link #build()} validates. */
    public static final class Builder
    {
        private final String name;
        private double drop;
        private double duplicate;
        private double corrupt;
        private double truncate;
        private long minDelayNs = DEFAULT_MIN_DELAY_NS;
        private long maxDelayNs = DEFAULT_MAX_DELAY_NS;
        private double reorder;
        private long reorderExtraDelayNs;
        private Partitions partitions = Partitions.NONE;
        private long partitionPeriodNs;
        private long crashPeriodNs;
        private boolean powerLoss;
        private long maxRestartDelayNs;
        private double crashOnNewTerm;

        private Builder(final String name)
        {
            this.name = name;
        }

        /**
         * @param probability chance a frame is lost.
         * @return this.
         */
        public Builder drop(final double probability)
        {
            drop = probability;
            return this;
        }

        /**
         * @param probability chance a frame is delivered twice.
         * @return this.
         */
        public Builder duplicate(final double probability)
        {
            duplicate = probability;
            return this;
        }

        /**
         * @param probability chance bytes of a frame are changed.
         * @return this.
         */
        public Builder corrupt(final double probability)
        {
            corrupt = probability;
            return this;
        }

        /**
         * @param probability chance a frame is truncated.
         * @return this.
         */
        public Builder truncate(final double probability)
        {
            truncate = probability;
            return this;
        }

        /**
         * @param minNs smallest delay.
         * @param maxNs largest delay.
         * @return this.
         */
        public Builder delay(final long minNs, final long maxNs)
        {
            minDelayNs = minNs;
            maxDelayNs = maxNs;
            return this;
        }

        /**
         * @param probability chance of an extra delay.
         * @param extraNs     largest extra delay.
         * @return this.
         */
        public Builder reorder(final double probability, final long extraNs)
        {
            reorder = probability;
            reorderExtraDelayNs = extraNs;
            return this;
        }

        /**
         * @param schedule the partition schedule.
         * @param periodNs mean time between changes.
         * @return this.
         */
        public Builder partitions(final Partitions schedule, final long periodNs)
        {
            partitions = schedule;
            partitionPeriodNs = periodNs;
            return this;
        }

        /**
         * @param periodNs        mean time between crashes.
         * @param loseUnsynced    whether crashes lose un-fsynced writes.
         * @param maxRestartNs    largest restart delay.
         * @return this.
         */
        public Builder crashes(final long periodNs, final boolean loseUnsynced, final long maxRestartNs)
        {
            crashPeriodNs = periodNs;
            powerLoss = loseUnsynced;
            maxRestartDelayNs = maxRestartNs;
            return this;
        }

        /**
         * Crash a node right after an event in which its term rose; it restarts after a delay
         * uniform in [1 ms, {@code maxRestartNs}], like a scheduled crash.
         *
         * @param probability  chance per term rise.
         * @param maxRestartNs largest restart delay (shared with {@link #crashes}).
         * @return this.
         */
        public Builder crashOnNewTerm(final double probability, final long maxRestartNs)
        {
            crashOnNewTerm = probability;
            maxRestartDelayNs = maxRestartNs;
            return this;
        }

        /**
         * Validate and build.
         *
         * @return the plan.
         */
        public FaultPlan build()
        {
            return new FaultPlan(name, drop, duplicate, corrupt, truncate, minDelayNs, maxDelayNs, reorder,
                reorderExtraDelayNs, partitions, partitionPeriodNs, crashPeriodNs, powerLoss, maxRestartDelayNs,
                crashOnNewTerm);
        }
    }
}
