package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;
import io.quorumbench.conformance.check.InvariantViolation;
import io.quorumbench.conformance.check.ReplicatedLogInvariant;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import io.quorumbench.conformance.linearizability.Model;
import io.quorumbench.conformance.testnodes.FixedLeaderLogNode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit is protocol-neutral: a workload that is not the KV register (a counter: {@code add d}
 * and {@code read}) plugs in with its own state machine, client model, linearizability model and
 * invariant, runs through the simulator's faults, and a planted bug is caught by its invariant.
 */
class PluggableWorkloadTest
{
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withPhases(1_000_000_000L, 300_000_000L);
    private static final String ADD = "add";
    private static final String READ = "read";

    /** A counter: an 8-byte command adds it (0 reads); the result is the value after, 8 bytes. */
    static final class CounterStateMachine implements StateMachine
    {
        long value;

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            if (length == Long.BYTES)
            {
                value += ByteBuffer.wrap(command, offset, length).getLong();
            }
            ByteBuffer.wrap(result).putLong(value);
            return Long.BYTES;
        }

        @Override
        public int maxResultLength()
        {
            return Long.BYTES;
        }
    }

    /** Clients add 1..10 or read the one counter {@code "c"}; the final operation reads it. */
    static final class CounterClientModel implements ClientModel
    {
        @Override
        public Client newClient(final int clientIndex)
        {
            return new Client()
            {
                @Override
                public Operation next(final ClientContext context)
                {
                    return context.random().nextBoolean() ? new Operation(READ, "c", null, null) :
                        new Operation(ADD, "c", Long.toString(1 + context.random().nextInt(10)), null);
                }

                @Override
                public byte[] encode(final Operation operation)
                {
                    return ByteBuffer.allocate(Long.BYTES).putLong(ADD.equals(operation.f()) ? Long.parseLong(operation.value()) : 0)
                        .array();
                }

                @Override
                public Outcome onCommitted(final Operation operation, final byte[] result, final long logIndex)
                {
                    final long value = ByteBuffer.wrap(result).getLong();
                    return new Outcome(OpType.OK, ADD.equals(operation.f()) ? operation.value() : Long.toString(value), null);
                }
            };
        }

        @Override
        public List<Operation> finalOperations(final long seed, final int keys)
        {
            return List.of(new Operation(ADD, "c", "1", null), new Operation(READ, "c", null, null));
        }

        @Override
        public LinearizabilityResult check(final History history)
        {
            return new LinearizabilityChecker(new CounterModel()).check(history);
        }
    }

    /** The counter's sequential specification: add changes it, a read returns it. */
    static final class CounterModel implements Model<Long>
    {
        @Override
        public Long init()
        {
            return 0L;
        }

        @Override
        public Long step(final Long state, final Op invoke, final Op completion)
        {
            if (ADD.equals(invoke.f()))
            {
                return state + Long.parseLong(invoke.value());
            }
            return null == completion || Long.parseLong(completion.value()) == state ? state : null;
        }
    }

    /** Every command a state machine is given is one a client can send: an add of 0 (read) to 10. */
    static final class ValidCommandsInvariant implements Invariant
    {
        int applied;

        @Override
        public String invariantName()
        {
            return "valid counter commands";
        }

        @Override
        public Invariant forNewRun()
        {
            return new ValidCommandsInvariant();
        }

        @Override
        public void onApplied(final InvariantChecker checker, final int nodeId, final long index, final byte[] command)
        {
            applied++;
            final long delta = command.length == Long.BYTES ? ByteBuffer.wrap(command).getLong() : -1;
            if (delta < 0 || delta > 10)
            {
                checker.violation(invariantName(), "applied an add of " + delta + ", no client sends that", nodeId, index, -1);
            }
        }
    }

    private static Workload<CounterStateMachine> counter()
    {
        return new Workload<>(CounterStateMachine::new, sm -> sm.value, new CounterClientModel());
    }

    /** The planted bug: node 2 hands its state machine every add multiplied by 100. */
    private static ProtocolNodeFactory corruptingNode2()
    {
        final ProtocolNodeFactory real = FixedLeaderLogNode.factory(false);
        return config ->
        {
            if (config.nodeId() != 2)
            {
                return real.create(config);
            }
            final StateMachine applied = config.stateMachine();
            final StateMachine corrupting = new StateMachine()
            {
                @Override
                public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
                {
                    final byte[] changed = new byte[length];
                    if (length == Long.BYTES)
                    {
                        ByteBuffer.wrap(changed).putLong(ByteBuffer.wrap(command, offset, length).getLong() * 100);
                    }
                    return applied.apply(logIndex, changed, 0, length, result);
                }

                @Override
                public int maxResultLength()
                {
                    return applied.maxResultLength();
                }
            };
            return real.create(new NodeConfig(config.clusterId(), config.nodeId(), config.memberIds(), config.outbox(),
                config.responder(), corrupting, config.dataDir(), config.fsyncPolicy(), config.randomSeed(),
                config.electionTimeoutMinNs(), config.electionTimeoutMaxNs(), config.heartbeatIntervalNs(),
                config.maxCommandLength()));
        };
    }

    @Test
    void shouldRunACounterWorkloadThroughFaultsAndCheckItWithItsOwnModelAndInvariant()
    {
        final ValidCommandsInvariant template = new ValidCommandsInvariant();
        final List<Invariant> invariants = new ArrayList<>(ReplicatedLogInvariant.consensusNeutral());
        invariants.add(template);
        for (final FaultPlan plan : List.of(FaultPlan.none(), FaultPlan.chaos(), FaultPlan.crashRestart()))
        {
            try (Simulation sim = new Simulation(FixedLeaderLogNode.factory(false), counter(), CONFIG.withInvariants(invariants),
                plan, 5))
            {
                final ValidCommandsInvariant used = (ValidCommandsInvariant)sim.checker().invariants().get(2);
                final SimulationResult result = new ScriptedRun(sim).run();
                assertNotNull(result.linearizability(), result.summary());
                assertTrue(result.linearizability().isLinearizable(), result.linearizability().describe());
                assertTrue(result.linearizability().describe().contains("CounterModel"), result.linearizability().describe());
                assertTrue(result.stats().opsOk() > 20, result.summary());
                // the run's own instance was called, not the shared template
                assertTrue(used.applied > 0, "the custom invariant was never called");
                assertEquals(0, template.applied);
                assertTrue(result.history().ops().stream().allMatch(op -> op.f().equals(ADD) || op.f().equals(READ)));
            }
        }
    }

    @Test
    void shouldCatchAPlantedBugWithTheCustomInvariantAndNameTheSeed()
    {
        final SimulationFailure failure = assertThrows(SimulationFailure.class, () -> Simulation.run(corruptingNode2(),
            counter(), CONFIG.withInvariants(List.of(new ValidCommandsInvariant())), FaultPlan.none(), 9));
        final InvariantViolation violation = (InvariantViolation)failure.getCause();
        assertEquals("valid counter commands", violation.invariant());
        assertEquals(2, violation.nodeId());
        assertTrue(failure.getMessage().contains("-Dqb.seed=9 -Dqb.plan=none"), failure.getMessage());
    }

    @Test
    void shouldCatchThePlantedBugByStateMachineSafetyWithoutRaftsLogInvariants()
    {
        final SimulationFailure failure = assertThrows(SimulationFailure.class, () -> Simulation.run(corruptingNode2(),
            counter(), CONFIG.withInvariants(ReplicatedLogInvariant.consensusNeutral()), FaultPlan.none(), 9));
        assertEquals("state machine safety", ((InvariantViolation)failure.getCause()).invariant(), failure.getMessage());
    }

    @Test
    void shouldFindAWrongCounterReadNotLinearizableWithTheModelSearch()
    {
        final History history = new History();
        final Op add = history.invoke(0, ADD, "c", "5", null, 0);
        history.complete(add, OpType.OK, "5", 10, 1, null);
        final Op read = history.invoke(1, READ, "c", null, null, 20);
        history.complete(read, OpType.OK, "4", 30, 2, null);
        final LinearizabilityResult result = new LinearizabilityChecker(new CounterModel()).check(history);
        assertFalse(result.isLinearizable(), result.describe());
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, result.outcome());
        assertEquals(4, result.witness().size());
    }

    @Test
    void shouldLetAnAddOfUnknownOutcomeTakeEffectOrNot()
    {
        final History history = new History();
        final Op lost = history.invoke(0, ADD, "c", "5", null, 0);
        history.complete(lost, OpType.INFO, "5", 10, -1, "timeout");
        final Op before = history.invoke(1, READ, "c", null, null, 20);
        history.complete(before, OpType.OK, "0", 30, 2, null);
        final Op after = history.invoke(1, READ, "c", null, null, 40);
        history.complete(after, OpType.OK, "5", 50, 3, null);
        assertTrue(new LinearizabilityChecker(new CounterModel()).check(history).isLinearizable());
    }

    @Test
    void shouldNotCallAnEmptyHistoryLinearizable()
    {
        final LinearizabilityResult result = new LinearizabilityChecker(new CounterModel()).check(new History());
        assertEquals(LinearizabilityResult.Outcome.UNKNOWN, result.outcome(), result.describe());
        assertFalse(result.isLinearizable());
    }

    @Test
    void shouldRefuseARunThatChecksNoInvariant()
    {
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withInvariants(List.of()));
    }
}
