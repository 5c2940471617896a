package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.NodeConfig;

import java.util.Arrays;

/**
 * The fault schedule of a {@link Simulation}: while the fault phase lasts it changes partitions
 * (random minority, isolated leader, one-way links), runs swizzle-clog cycles, crashes nodes
 * (with or without power loss) and restarts them, and crashes a follower right after its term
 * rose when the plan asks for it ({@link FaultPlan#crashOnNewTermProbability()}). Frame faults
 * (drop, mangle, duplicate, reorder) are the {@link SimulatedNetwork}'s; this class only turns
 * them on and off.
 *
 * <p>Every schedule stops acting when the phase ends ({@link #heal()}): events already queued
 * find the phase over and do nothing. All randomness comes from the simulation's one random
 * source. Single-threaded.
 */
final class FaultDriver
{
    /** Fault event details, folded into the trace hash: keep them as they are or old seeds replay differently. */
    private static final int SWIZZLE = 1;
    private static final int PARTITION = 2;
    private static final int CRASH = 3;
    private static final int CLOG = 10;
    private static final int UNCLOG = 20;

    private final Simulation sim;
    private final SimulatedNetwork network;
    private final FaultPlan plan;
    private final int nodes;
    private boolean active;

    FaultDriver(final Simulation sim, final SimulatedNetwork network, final FaultPlan plan, final int nodes)
    {
        this.sim = sim;
        this.network = network;
        this.plan = plan;
        this.nodes = nodes;
    }

    boolean active()
    {
        return active;
    }

    /** Start the fault phase; a second call does nothing. */
    void start()
    {
        if (active)
        {
            return;
        }
        active = true;
        network.faulty(true);
        if (plan.partitions() != FaultPlan.Partitions.NONE)
        {
            if (plan.partitions() == FaultPlan.Partitions.SWIZZLE_CLOG)
            {
                sim.scheduleFault(sim.now() + jitter(plan.partitionPeriodNs()), SWIZZLE, this::swizzleCycle);
            }
            else
            {
                sim.scheduleFault(sim.now() + jitter(plan.partitionPeriodNs()), PARTITION, this::partitionChange);
            }
        }
        if (plan.crashPeriodNs() > 0)
        {
            sim.scheduleFault(sim.now() + jitter(plan.crashPeriodNs()), CRASH, this::crashSomeone);
        }
    }

    /** End the fault phase: links reconnect, clogged nodes unclog (held frames go out), crashed nodes restart. */
    void heal()
    {
        active = false;
        network.faulty(false);
        network.reconnectAll();
        network.unclogAll();
        sim.restartCrashedNodes();
    }

    /**
     * After an event on a node: if its term rose in that event and it follows, it may have just
     * voted. Crashing it now, before any later event, is the moment a vote that is not durable is
     * forgotten. (Candidates are spared: crashing them would mostly end the election being tested.)
     *
     * @param nodeId        the node.
     * @param termRoseToFollower whether the same incarnation's term rose in the event and it is a follower now.
     */
    void afterNodeEvent(final int nodeId, final boolean termRoseToFollower)
    {
        if (active && termRoseToFollower && sim.chance(plan.crashOnNewTermProbability()))
        {
            crash(nodeId);
        }
    }

    private void crash(final int nodeId)
    {
        final long generation = sim.crash(nodeId, plan.powerLoss());
        if (generation < 0)
        {
            return;
        }
        final long delay = 1_000_000L + sim.random().nextLong(Math.max(1, plan.maxRestartDelayNs() - 1_000_000L));
        sim.scheduleFault(sim.now() + delay, nodeId, () -> sim.restartIfStillDown(nodeId, generation));
    }

    private long jitter(final long periodNs)
    {
        return periodNs / 2 + sim.random().nextLong(periodNs + 1);
    }

    private void partitionChange()
    {
        if (!active)
        {
            return;
        }
        sim.counters().partitionChanges++;
        if (network.partitioned())
        {
            network.reconnectAll();
        }
        else
        {
            switch (plan.partitions())
            {
                case RANDOM_MINORITY:
                {
                    final int[] order = shuffled(nodes);
                    final int minority = 1 + sim.random().nextInt(Math.max(1, (nodes - 1) / 2));
                    final boolean[] inMinority = new boolean[nodes];
                    for (int i = 0; i < minority; i++)
                    {
                        inMinority[order[i]] = true;
                    }
                    for (int a = 0; a < nodes; a++)
                    {
                        for (int b = 0; b < nodes; b++)
                        {
                            network.cut(a, b, inMinority[a] != inMinority[b]);
                        }
                    }
                    break;
                }
                case ISOLATE_LEADER:
                {
                    final int leader = sim.leader();
                    final int victim = leader == NodeConfig.NO_NODE ? sim.random().nextInt(nodes) : leader - 1;
                    for (int other = 0; other < nodes; other++)
                    {
                        network.cut(victim, other, other != victim);
                        network.cut(other, victim, other != victim);
                    }
                    break;
                }
                default:
                {
                    final int links = 1 + sim.random().nextInt(nodes);
                    for (int i = 0; i < links; i++)
                    {
                        final int a = sim.random().nextInt(nodes);
                        final int b = sim.random().nextInt(nodes);
                        if (a != b)
                        {
                            network.cut(a, b, true);
                        }
                    }
                    break;
                }
            }
        }
        sim.scheduleFault(sim.now() + jitter(plan.partitionPeriodNs()), PARTITION, this::partitionChange);
    }

    /** Clog a random set of nodes one by one, then unclog them one by one in another order (FoundationDB's swizzle-clog). */
    private void swizzleCycle()
    {
        if (!active)
        {
            return;
        }
        sim.counters().partitionChanges++;
        final int[] clogOrder = shuffled(nodes);
        final int count = 1 + sim.random().nextInt(nodes);
        final int[] chosen = Arrays.copyOf(clogOrder, count);
        final int[] unclogOrder = chosen.clone();
        shuffle(unclogOrder);
        final long step = jitter(plan.partitionPeriodNs()) / 4 + 1;
        long at = sim.now();
        for (final int position : chosen)
        {
            at += step;
            sim.scheduleFault(at, CLOG + position, () ->
            {
                if (active)
                {
                    network.clog(position);
                }
            });
        }
        for (final int position : unclogOrder)
        {
            at += step;
            sim.scheduleFault(at, UNCLOG + position, () ->
            {
                if (active && network.clogged(position))
                {
                    network.unclog(position);
                }
            });
        }
        sim.scheduleFault(at + step, SWIZZLE, this::swizzleCycle);
    }

    private void crashSomeone()
    {
        if (!active)
        {
            return;
        }
        final int leader = sim.leader();
        final int victim = leader != NodeConfig.NO_NODE && sim.random().nextBoolean() ? leader : 1 + sim.random().nextInt(nodes);
        crash(victim);
        sim.scheduleFault(sim.now() + jitter(plan.crashPeriodNs()), CRASH, this::crashSomeone);
    }

    private int[] shuffled(final int n)
    {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        shuffle(order);
        return order;
    }

    private void shuffle(final int[] values)
    {
        for (int i = values.length - 1; i > 0; i--)
        {
            final int j = sim.random().nextInt(i + 1);
            final int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
