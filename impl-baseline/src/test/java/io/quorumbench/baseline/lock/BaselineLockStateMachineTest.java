package io.quorumbench.baseline.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.conformance.lock.LockStateMachineSuite;

/** The lock service's contract, baseline implementation. */
class BaselineLockStateMachineTest extends LockStateMachineSuite
{
    @Override
    protected StateMachine create(final LockServiceConfig config, final LockEvents events)
    {
        return new BaselineLockStateMachine(config, events);
    }

    @Override
    protected long digest(final StateMachine stateMachine)
    {
        return ((BaselineLockStateMachine)stateMachine).stateDigest();
    }
}
