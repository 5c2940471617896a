package io.quorumbench.conformance.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The network model of a {@link Simulation}: what happens to a frame between a node's outbox and
 * the destination's {@code onMessage}. It knows nothing of the protocol or of the clients.
 *
 * <pre>
 *   outbox --&gt; send ------------------------------------------------&gt; transmit --(delay)--&gt; deliver
 *               | faults active:                                          |                   |
 *               |   link cut or drop probability  -&gt; dropped             | reorder: extra     | destination down or
 *               |   corrupt / truncate (mangle)                           | delay              | link cut -&gt; dropped
 *               |   duplicate probability -&gt; a second, mangled copy      |                    | either end clogged -&gt;
 *                                                                                              |   held until unclogged
 * </pre>
 *
 * Links are directed: {@code cut(a, b)} loses frames from {@code a} to {@code b} only. A clogged
 * node (swizzle-clog) neither sends nor receives; its frames wait, in order, and are sent again
 * (with a new delay) when both ends are unclogged. Positions are 0-based ({@code node id - 1}).
 *
 * <p>Every random draw comes from the simulation's one random source, in the order the frames are
 * sent, so a seed replays exactly. Single-threaded, like the simulation that owns it.
 */
final class SimulatedNetwork
{
    private final Simulation sim;
    private final FaultPlan plan;
    private final int nodes;
    private final boolean[][] cutLinks;
    private final boolean[] clogged;
    private final List<ArrayDeque<byte[]>> held = new ArrayList<>();
    private boolean faulty;
    private Simulation.FrameTap frameTap;

    SimulatedNetwork(final Simulation sim, final FaultPlan plan, final int nodes)
    {
        this.sim = sim;
        this.plan = plan;
        this.nodes = nodes;
        cutLinks = new boolean[nodes][nodes];
        clogged = new boolean[nodes];
        for (int i = 0; i < nodes * nodes; i++)
        {
            held.add(new ArrayDeque<>());
        }
    }

    /**
     * Whether the plan's frame faults (drop, mangle, duplicate, reorder) apply to frames sent now.
     *
     * @param faulty true during the fault phase.
     */
    void faulty(final boolean faulty)
    {
        this.faulty = faulty;
    }

    void frameTap(final Simulation.FrameTap tap)
    {
        frameTap = tap;
    }

    /**
     * A node handed a frame to its outbox.
     *
     * @param from  sender id.
     * @param to    destination id, a peer.
     * @param bytes a copy of the frame, owned by the network.
     */
    void send(final int from, final int to, final byte[] bytes)
    {
        if (null != frameTap)
        {
            frameTap.onFrame(from, to, bytes.clone());
        }
        final SimulationStats stats = sim.counters();
        if (faulty)
        {
            if (cutLinks[from - 1][to - 1] || sim.chance(plan.dropProbability()))
            {
                stats.framesDropped++;
                return;
            }
            transmit(from, to, mangle(bytes));
            if (sim.chance(plan.duplicateProbability()))
            {
                stats.framesDuplicated++;
                transmit(from, to, mangle(bytes.clone()));
            }
        }
        else
        {
            transmit(from, to, bytes);
        }
    }

    private byte[] mangle(final byte[] bytes)
    {
        final SimulationStats stats = sim.counters();
        byte[] result = bytes;
        if (result.length > 0 && sim.chance(plan.corruptProbability()))
        {
            stats.framesCorrupted++;
            final int flips = 1 + sim.random().nextInt(3);
            for (int i = 0; i < flips; i++)
            {
                result[sim.random().nextInt(result.length)] ^= (byte)(1 + sim.random().nextInt(255));
            }
        }
        if (result.length > 0 && sim.chance(plan.truncateProbability()))
        {
            stats.framesTruncated++;
            result = Arrays.copyOf(result, sim.random().nextInt(result.length));
        }
        return result;
    }

    private void transmit(final int from, final int to, final byte[] bytes)
    {
        long delay = plan.minDelayNs() + sim.random().nextLong(plan.maxDelayNs() - plan.minDelayNs() + 1);
        if (faulty && plan.reorderExtraDelayNs() > 0 && sim.chance(plan.reorderProbability()))
        {
            delay += sim.random().nextLong(plan.reorderExtraDelayNs() + 1);
        }
        sim.scheduleDelivery(sim.now() + delay, from, to, bytes);
    }

    /**
     * A frame's delay is over: hand it to the destination, unless the destination is down or the
     * link is cut (lost) or either end is clogged (held).
     *
     * @return whether the frame is to be given to the destination now.
     */
    boolean arrive(final int from, final int to, final byte[] bytes, final boolean destinationUp)
    {
        final SimulationStats stats = sim.counters();
        if (!destinationUp || cutLinks[from - 1][to - 1])
        {
            stats.framesDropped++;
            return false;
        }
        if (clogged[from - 1] || clogged[to - 1])
        {
            stats.framesHeld++;
            held.get((from - 1) * nodes + (to - 1)).addLast(bytes);
            return false;
        }
        stats.framesDelivered++;
        return true;
    }

    boolean partitioned()
    {
        for (final boolean[] row : cutLinks)
        {
            for (final boolean cut : row)
            {
                if (cut)
                {
                    return true;
                }
            }
        }
        return false;
    }

    void cut(final int fromPosition, final int toPosition, final boolean cut)
    {
        cutLinks[fromPosition][toPosition] = cut;
    }

    /** Every link works again. */
    void reconnectAll()
    {
        for (final boolean[] row : cutLinks)
        {
            Arrays.fill(row, false);
        }
    }

    boolean clogged(final int position)
    {
        return clogged[position];
    }

    void clog(final int position)
    {
        clogged[position] = true;
    }

    /** Unclog a node and send again what waited on its links to unclogged nodes. */
    void unclog(final int position)
    {
        clogged[position] = false;
        for (int other = 0; other < nodes; other++)
        {
            if (!clogged[other])
            {
                release(position, other);
                release(other, position);
            }
        }
    }

    /** Unclog every clogged node, in position order. */
    void unclogAll()
    {
        for (int i = 0; i < clogged.length; i++)
        {
            if (clogged[i])
            {
                unclog(i);
            }
        }
    }

    private void release(final int fromPosition, final int toPosition)
    {
        final ArrayDeque<byte[]> frames = held.get(fromPosition * nodes + toPosition);
        while (!frames.isEmpty())
        {
            transmit(fromPosition + 1, toPosition + 1, frames.pollFirst());
        }
    }
}
