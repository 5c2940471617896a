package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.ReplicatedLogInvariant;

import java.util.List;

/**
 * The shape of one simulated run: cluster size and timing, client load, phase lengths and bounds.
 * All times are virtual nanoseconds. Immutable; start from {@link #defaults()} and change with the
 * {@code with*} methods.
 *
 * <p>A run has three phases: a <b>fault phase</b> of {@code faultPhaseNs} in which the
 * {@link FaultPlan} acts and clients issue operations; a <b>tail</b> of {@code tailNs} after
 * everything heals (partitions removed, crashed nodes restarted) in which clients keep going; and a
 * <b>final phase</b> in which a probe write and a read of every key must succeed within
 * {@code livenessBoundNs} and every node must converge to the same applied state.
 *
 * @param nodes                  cluster size.
 * @param clusterId              cluster id given to every node.
 * @param fsyncPolicy            fsync policy given to every node.
 * @param tickIntervalNs         how often each node's {@code onTick} is called.
 * @param electionTimeoutMinNs   node config: election timeout lower bound.
 * @param electionTimeoutMaxNs   node config: election timeout upper bound.
 * @param heartbeatIntervalNs    node config: heartbeat interval.
 * @param maxCommandLength       node config: largest command.
 * @param clients                number of concurrent simulated clients.
 * @param keys                   number of distinct keys they use.
 * @param maxThinkTimeNs         a client waits uniform [0, this] between operations.
 * @param attemptTimeoutNs       a client gives up on one node after this and retries elsewhere.
 * @param operationDeadlineNs    a client gives up on an operation after this: it becomes "info".
 * @param faultPhaseNs           length of the fault phase.
 * @param tailNs                 length of the healed tail.
 * @param livenessBoundNs        after healing, the probe write and each final read must succeed within this.
 * @param invariants             the safety properties checked after every step: the protocol's pick
 *                               ({@link ReplicatedLogInvariant#raft()} by default), plus any of its state machine.
 */
public record SimulationConfig(
    int nodes,
    int clusterId,
    FsyncPolicy fsyncPolicy,
    long tickIntervalNs,
    long electionTimeoutMinNs,
    long electionTimeoutMaxNs,
    long heartbeatIntervalNs,
    int maxCommandLength,
    int clients,
    int keys,
    long maxThinkTimeNs,
    long attemptTimeoutNs,
    long operationDeadlineNs,
    long faultPhaseNs,
    long tailNs,
    long livenessBoundNs,
    List<Invariant> invariants)
{
    /**
     * Validates the configuration.
     */
    public SimulationConfig
    {
        if (nodes < 1 || clients < 0 || keys < 1 || tickIntervalNs <= 0 || faultPhaseNs < 0 || tailNs < 0 ||
            livenessBoundNs <= 0 || attemptTimeoutNs <= 0 || operationDeadlineNs < attemptTimeoutNs || maxThinkTimeNs < 0)
        {
            throw new IllegalArgumentException("invalid simulation config: " + this);
        }
        if (null == fsyncPolicy)
        {
            throw new IllegalArgumentException("fsyncPolicy must not be null");
        }
        if (null == invariants || invariants.isEmpty())
        {
            // a run that checks no invariant would pass whatever the nodes do
            throw new IllegalArgumentException("invariants must not be empty");
        }
        invariants = List.copyOf(invariants);
    }

    /**
     * Three nodes, three clients on four keys, 2 s of faults, 0.5 s of tail, 10 s liveness bound,
     * Raft's invariants.
     *
     * @return the default configuration.
     */
    public static SimulationConfig defaults()
    {
        return new SimulationConfig(3, 1, FsyncPolicy.NONE, 5_000_000L, 150_000_000L, 300_000_000L, 50_000_000L,
            1024, 3, 4, 20_000_000L, 250_000_000L, 1_500_000_000L, 2_000_000_000L, 500_000_000L,
            10_000_000_000L, ReplicatedLogInvariant.raft());
    }

    /**
     * @param count cluster size.
     * @return a copy with that many nodes.
     */
    public SimulationConfig withNodes(final int count)
    {
        return new SimulationConfig(count, clusterId, fsyncPolicy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultPhaseNs, tailNs, livenessBoundNs, invariants);
    }

    /**
     * @param id cluster id.
     * @return a copy with that cluster id.
     */
    public SimulationConfig withClusterId(final int id)
    {
        return new SimulationConfig(nodes, id, fsyncPolicy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultPhaseNs, tailNs, livenessBoundNs, invariants);
    }

    /**
     * @param policy fsync policy.
     * @return a copy with that policy.
     */
    public SimulationConfig withFsyncPolicy(final FsyncPolicy policy)
    {
        return new SimulationConfig(nodes, clusterId, policy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultPhaseNs, tailNs, livenessBoundNs, invariants);
    }

    /**
     * @param count number of clients.
     * @return a copy with that many clients.
     */
    public SimulationConfig withClients(final int count)
    {
        return new SimulationConfig(nodes, clusterId, fsyncPolicy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, count, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultPhaseNs, tailNs, livenessBoundNs, invariants);
    }

    /**
     * @param faultNs fault phase length.
     * @param tail    tail length.
     * @return a copy with those phase lengths.
     */
    public SimulationConfig withPhases(final long faultNs, final long tail)
    {
        return new SimulationConfig(nodes, clusterId, fsyncPolicy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultNs, tail, livenessBoundNs, invariants);
    }

    /**
     * @param checked the safety properties to check, e.g. {@link ReplicatedLogInvariant#consensusNeutral()}
     *                for a protocol without Raft's log structure; not empty.
     * @return a copy with those invariants.
     */
    public SimulationConfig withInvariants(final List<Invariant> checked)
    {
        return new SimulationConfig(nodes, clusterId, fsyncPolicy, tickIntervalNs, electionTimeoutMinNs,
            electionTimeoutMaxNs, heartbeatIntervalNs, maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs,
            operationDeadlineNs, faultPhaseNs, tailNs, livenessBoundNs, checked);
    }

    /**
     * A narrow range makes nodes time out together, so split votes and several candidates of one
     * term are common (what the vote-crash plan needs).
     *
     * @param minNs election timeout lower bound.
     * @param maxNs election timeout upper bound.
     * @return a copy with that election timeout range.
     */
    public SimulationConfig withElectionTimeout(final long minNs, final long maxNs)
    {
        return new SimulationConfig(nodes, clusterId, fsyncPolicy, tickIntervalNs, minNs, maxNs, heartbeatIntervalNs,
            maxCommandLength, clients, keys, maxThinkTimeNs, attemptTimeoutNs, operationDeadlineNs, faultPhaseNs, tailNs,
            livenessBoundNs, invariants);
    }
}
