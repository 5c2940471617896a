package io.quorumbench.baseline.lock;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.baseline.raft.BaselineRaftFactory;
import io.quorumbench.conformance.lock.LockServiceConformanceSuite;

import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** The baseline lock service on the baseline Raft log, through every fault plan and the paused holder. */
class BaselineLockOnRaftConformanceTest extends LockServiceConformanceSuite<BaselineLockStateMachine>
{
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
