package io.quorumbench.lockfree.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.conformance.lock.LockStateMachineSuite;

/** The lock service's contract, tuned implementation. */
class LockTableStateMachineTest extends LockStateMachineSuite
{
    @Override
    protected StateMachine create(final LockServiceConfig config, final LockEvents events)
    {
        return new LockTableStateMachine(config, events);
    }

    @Override
    protected long digest(final StateMachine stateMachine)
    {
        return ((LockTableStateMachine)stateMachine).stateDigest();
    }
}
