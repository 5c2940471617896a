package io.quorumbench.baseline.lock;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.baseline.raft.BaselineRaftFactory;
import io.quorumbench.conformance.lock.LockServiceConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** The baseline lock service on the baseline Raft log, through every fault plan and the paused holder. */
class BaselineLockOnRaftConformanceTest extends LockServiceConformanceSuite<BaselineLockStateMachine>
{
    /**
     * Seven crash-restarts in 3 s, each leader change extending the silent holder's lease by the
     * grace period again, kept its lock forever and the second client queued until the run ended;
     * fixed by granting the grace once per keep-alive.
     */
    @Test
    void shouldExpireASilentHolderThroughRepeatedLeaderChanges()
    {
        checkPausedHolder(FaultPlan.crashRestart(), 652240523045L);
    }

    @Override
    protected ProtocolNodeFactory logFactory()
    {
        return new BaselineRaftFactory();
    }

    @Override
    protected BiFunction<LockServiceConfig, LockEvents, BaselineLockStateMachine> stateMachines()
    {
        return BaselineLockStateMachine::new;
    }

    @Override
    protected ToLongFunction<BaselineLockStateMachine> digest()
    {
        return BaselineLockStateMachine::stateDigest;
    }
}
