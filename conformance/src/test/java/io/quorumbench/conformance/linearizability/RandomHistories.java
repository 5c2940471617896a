package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random small key-value histories for cross-checking the checkers: generated from a real
 * sequential execution (each operation takes effect at one instant inside its interval, so the
 * history is linearizable), optionally with one operation's outcome mutated afterwards (which
 * usually makes it not linearizable). Operations: put, get, cas; outcomes ok, fail CAS_MISMATCH
 * (the expectation did not hold at the instant), fail NOT_LEADER (rejected, no effect), info
 * (took effect or not; sometimes never completed). Small integer times give many ties.
 */
final class RandomHistories
{
    /** How values are chosen. */
    enum Values
    {
        /** Every write writes a fresh value, as the simulator and the load generator do. */
        UNIQUE,
        /** Writes pick from three values, as another tool's history might. */
        REPEATED
    }

    private final SplittableRandom random;
    private final Values values;
    private int nextValue;

    RandomHistories(final long seed, final Values values)
    {
        this.random = new SplittableRandom(seed);
        this.values = values;
    }

    private static final class Planned
    {
        int process;
        String key;
        String f;
        long callNs;
        long effectNs;
        long returnNs;
        boolean rejected;
        boolean unknown;
        boolean unknownApplies;
        boolean neverCompletes;
        String value;
        String expected;
        OpType type;
        String error;
    }

    /**
     * A linearizable history.
     *
     * @param processes concurrent client slots.
     * @param ops       operations in total.
     * @param keys      number of keys.
     * @return the history.
     */
    History generate(final int processes, final int ops, final int keys)
    {
        return generate(processes, ops, keys, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * A linearizable history with a fail-over: operations called inside [stallFromNs, stallToNs)
     * take effect only after it (in random order), so all of them are outstanding together.
     *
     * @param processes   concurrent client slots.
     * @param ops         operations in total.
     * @param keys        number of keys.
     * @param stallFromNs start of the stall.
     * @param stallToNs   end of the stall.
     * @return the history.
     */
    History generate(final int processes, final int ops, final int keys, final long stallFromNs, final long stallToNs)
    {
        final List<Planned> planned = new ArrayList<>();
        final long[] freeAtNs = new long[processes];
        final int[] incarnation = new int[processes];
        for (int slot = 0; slot < processes; slot++)
        {
            freeAtNs[slot] = random.nextInt(4);
        }
        for (int i = 0; i < ops; i++)
        {
            final int slot = random.nextInt(processes);
            final Planned op = new Planned();
            op.process = slot + processes * incarnation[slot];
            op.key = "k" + random.nextInt(keys);
            final int kind = random.nextInt(10);
            op.f = kind < 3 ? Op.PUT : kind < 7 ? Op.GET : Op.CAS;
            op.callNs = freeAtNs[slot] + random.nextInt(3);
            op.effectNs = op.callNs + random.nextInt(5);
            if (op.callNs >= stallFromNs && op.callNs < stallToNs)
            {
                op.effectNs = stallToNs + random.nextInt(50);
            }
            op.returnNs = op.effectNs + random.nextInt(5);
            final int outcome = random.nextInt(100);
            op.rejected = outcome < 8;
            op.unknown = !op.rejected && outcome < 22;
            op.unknownApplies = op.unknown && random.nextBoolean();
            op.neverCompletes = op.unknown && random.nextInt(4) == 0;
            if (op.unknown)
            {
                // a process whose operation ended info is never used again
                incarnation[slot]++;
            }
            // an instantaneous operation's completion sorts after invocations at its instant (see toHistory)
            freeAtNs[slot] = op.returnNs + (op.returnNs == op.callNs ? 1 : 0) + random.nextInt(3);
            planned.add(op);
        }
        // take effect in effect-time order on real registers
        final List<Planned> byEffect = new ArrayList<>(planned);
        byEffect.sort(Comparator.comparingLong(p -> p.effectNs));
        final Map<String, String> state = new HashMap<>();
        final Map<String, List<String>> written = new HashMap<>();
        for (final Planned op : byEffect)
        {
            final String current = state.get(op.key);
            final List<String> seen = written.computeIfAbsent(op.key, k -> new ArrayList<>());
            if (!Op.GET.equals(op.f))
            {
                op.value = values == Values.UNIQUE ? "w" + nextValue++ : "v" + random.nextInt(3);
            }
            if (Op.CAS.equals(op.f))
            {
                final int pick = random.nextInt(10);
                op.expected = pick < 5 ? current : pick < 8 && !seen.isEmpty() ? seen.get(random.nextInt(seen.size())) :
                    pick < 9 ? null : "v" + random.nextInt(3);
            }
            if (op.rejected)
            {
                op.type = OpType.FAIL;
                op.error = "NOT_LEADER";
                continue;
            }
            final boolean applies = !op.unknown || op.unknownApplies;
            if (op.unknown)
            {
                op.type = OpType.INFO;
                op.error = "timeout";
            }
            else
            {
                op.type = OpType.OK;
            }
            switch (op.f)
            {
                case Op.PUT:
                    if (applies)
                    {
                        state.put(op.key, op.value);
                        seen.add(op.value);
                    }
                    break;
                case Op.GET:
                    if (!op.unknown)
                    {
                        op.value = current;
                    }
                    break;
                default:
                    if (Objects.equals(current, op.expected))
                    {
                        if (applies)
                        {
                            state.put(op.key, op.value);
                            seen.add(op.value);
                        }
                    }
                    else if (!op.unknown)
                    {
                        op.type = OpType.FAIL;
                        op.error = LinearizabilityChecker.CAS_MISMATCH;
                    }
                    break;
            }
        }
        return toHistory(planned);
    }

    /**
     * The same history with one completed operation's result changed: a get reads another value,
     * an ok cas becomes a mismatch or the reverse, or a mismatch expects the value it should have
     * found. Returns the history unchanged if it has nothing to mutate.
     *
     * @param history a history from {@link #generate}.
     * @return the mutated history.
     */
    History mutate(final History history)
    {
        final List<Op> ops = history.ops();
        final List<Integer> candidates = new ArrayList<>();
        final List<String> writtenValues = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++)
        {
            final Op op = ops.get(i);
            if (op.type() == OpType.INVOKE && !Op.GET.equals(op.f()))
            {
                writtenValues.add(op.value());
            }
            if (op.type() == OpType.OK && !Op.PUT.equals(op.f()) ||
                op.type() == OpType.FAIL && LinearizabilityChecker.CAS_MISMATCH.equals(op.error()))
            {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty())
        {
            return history;
        }
        final int target = candidates.get(random.nextInt(candidates.size()));
        final History mutated = new History();
        for (int i = 0; i < ops.size(); i++)
        {
            final Op op = ops.get(i);
            if (i != target)
            {
                mutated.add(op);
                continue;
            }
            final String other = writtenValues.isEmpty() || random.nextInt(4) == 0 ? null :
                writtenValues.get(random.nextInt(writtenValues.size()));
            if (Op.GET.equals(op.f()))
            {
                mutated.add(new Op(op.process(), op.type(), op.f(), op.key(), other, null, op.timeNs(), 0, -1, null));
            }
            else if (op.type() == OpType.OK)
            {
                mutated.add(new Op(op.process(), OpType.FAIL, op.f(), op.key(), op.value(), op.expected(), op.timeNs(), 0,
                    -1, LinearizabilityChecker.CAS_MISMATCH));
            }
            else
            {
                mutated.add(new Op(op.process(), OpType.OK, op.f(), op.key(), op.value(), op.expected(), op.timeNs(), 0,
                    -1, null));
            }
        }
        return mutated;
    }

    private static History toHistory(final List<Planned> planned)
    {
        // {time, phase, planned index}; on equal times completions of earlier calls (0) go first, so a
        // process's next invocation at the time of its last completion follows it, then invocations
        // (1), then completions of operations called at that very instant (2)
        final List<long[]> events = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++)
        {
            final Planned op = planned.get(i);
            events.add(new long[]{ op.callNs, 1, i });
            if (!op.neverCompletes)
            {
                events.add(new long[]{ op.returnNs, op.returnNs == op.callNs ? 2 : 0, i });
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        final History history = new History();
        final Op[] invocations = new Op[planned.size()];
        for (final long[] event : events)
        {
            final int i = (int)event[2];
            final Planned op = planned.get(i);
            if (event[1] == 1)
            {
                invocations[i] = history.invoke(op.process, op.f, op.key, Op.GET.equals(op.f) ? null : op.value,
                    op.expected, op.callNs);
            }
            else
            {
                final String value = Op.GET.equals(op.f) && op.type != OpType.OK ? null : op.value;
                history.complete(invocations[i], op.type, value, op.returnNs, -1, op.error);
            }
        }
        return history;
    }
}
