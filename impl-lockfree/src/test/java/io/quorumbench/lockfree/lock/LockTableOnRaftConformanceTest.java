package io.quorumbench.lockfree.lock;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.conformance.lock.LockServiceConformanceSuite;
import io.quorumbench.lockfree.raft.LockfreeRaftFactory;
import io.quorumbench.lockfree.raft.RaftTuning;

import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/** The tuned lock table on the tuned Raft log, through every fault plan and the paused holder. */
class LockTableOnRaftConformanceTest extends LockServiceConformanceSuite<LockTableStateMachine>
{
    // small segments, as in LockfreeRaftConformanceTest: the simulator builds many nodes
    private static final LockfreeRaftFactory FACTORY = new LockfreeRaftFactory(
        new RaftTuning().segmentLength(1 << 20).initialLogCapacity(1024).conclude());

    @Override
    protected ProtocolNodeFactory logFactory()
    {
        return FACTORY;
    }

    @Override
    protected BiFunction<LockServiceConfig, LockEvents, LockTableStateMachine> stateMachines()
    {
        return LockTableStateMachine::new;
    }

    @Override
    protected ToLongFunction<LockTableStateMachine> digest()
    {
        return LockTableStateMachine::stateDigest;
    }
}
