package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;

/**
 * The scripted run of one seed ({@link Simulation#run}): free-running clients through a fault
 * phase of {@link SimulationConfig#faultPhaseNs()}, heal, a tail of {@link SimulationConfig#tailNs()},
 * then the clients stop and a scripted client runs the model's
 * {@link ClientModel#finalOperations final operations}, each within the liveness bound; every
 * replica must converge to the same commit and applied index and the same state digest, and the
 * {@link ClientModel#check model} must find the history linearizable.
 *
 * <p>After a power loss with fsync {@code NONE} replicas may hold different committed histories
 * for good (acknowledged entries were allowed to vanish), so only liveness is required there:
 * invariant violations are counted, not thrown, and neither state nor history is judged.
 */
final class ScriptedRun
{
    private final Simulation sim;
    private final SimulationConfig config;
    private final FaultPlan plan;

    ScriptedRun(final Simulation sim)
    {
        this.sim = sim;
        this.config = sim.config();
        this.plan = sim.plan();
    }

    /**
     * Run the script.
     *
     * @return what happened.
     * @throws SimulationFailure naming seed and plan if anything is wrong.
     */
    SimulationResult run()
    {
        try
        {
            sim.start();
            for (int i = 0; i < config.clients(); i++)
            {
                sim.startClient();
            }
            sim.startFaults();
            sim.runUntil(() -> false, config.faultPhaseNs());
            sim.heal();
            sim.runUntil(() -> false, sim.nowNs() + config.tailNs());
            sim.stopFreeClients();
            sim.runUntil(() -> sim.clients().stream().allMatch(SimClient::idle),
                sim.nowNs() + config.operationDeadlineNs() + 1_000_000_000L);

            final boolean relaxed = plan.powerLoss() && config.fsyncPolicy() == FsyncPolicy.NONE;
            checkLiveness();
            if (!sim.runUntil(sim::converged, sim.nowNs() + config.livenessBoundNs()) && !relaxed)
            {
                throw new AssertionError("convergence: replicas did not reach the same commit and applied index within " +
                    config.livenessBoundNs() / 1_000_000 + " ms after the final reads: " + sim.describeNodes());
            }
            sim.checker().checkAll();
            LinearizabilityResult linearizability = null;
            if (!relaxed)
            {
                checkSameState();
                linearizability = sim.workload().clients().check(sim.history());
                if (!linearizability.isLinearizable())
                {
                    throw new AssertionError("linearizability: " + linearizability.describe());
                }
            }
            sim.collectedStats();
            return new SimulationResult(sim.seed(), plan, sim.history(), linearizability, sim.traceHash(), sim.eventCount(),
                sim.nowNs(), sim.counters(), sim.checker().relaxedViolations(), sim.checker().firstRelaxedViolation());
        }
        catch (final SimulationFailure ex)
        {
            throw ex;
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw sim.failure(ex);
        }
    }

    /** The scripted client's operations each complete ok within the liveness bound. */
    private void checkLiveness()
    {
        final long healedAtNs = sim.nowNs();
        final SimClient finalClient = sim.newClient(true);
        finalClient.script.addAll(sim.workload().clients().finalOperations(sim.seed(), config.keys()));
        finalClient.issueNext();
        for (final ClientModel.Operation step : finalClient.script)
        {
            final long startNs = sim.nowNs();
            final int done = finalClient.completedScripted + 1;
            final boolean completed = sim.runUntil(() -> finalClient.completedScripted >= done,
                sim.nowNs() + config.livenessBoundNs());
            if (!completed || finalClient.lastOutcome != OpType.OK)
            {
                throw new AssertionError("liveness: no " + step.f() + " of " + step.key() + " completed within " +
                    config.livenessBoundNs() / 1_000_000 + " ms of virtual time after healing at " +
                    healedAtNs / 1_000_000 + " ms (started " + startNs / 1_000_000 + " ms, outcome " +
                    (completed ? finalClient.lastOutcome + " " + finalClient.lastError : "none") + ")");
            }
        }
    }

    /** State machine safety at the end: every replica's state has the same digest. */
    private void checkSameState()
    {
        final int[] ids = sim.nodeIds();
        final long digest = sim.stateDigest(ids[0]);
        for (final int id : ids)
        {
            if (sim.stateDigest(id) != digest)
            {
                throw new AssertionError("state machine safety: node " + id + " converged to a different " +
                    "state than node " + ids[0] + ": " + sim.describeNodes());
            }
        }
    }
}
