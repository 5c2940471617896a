package io.quorumbench.lockfree.raft.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

/** Who runs the shared duty cycle: the invoking client while it invokes, the agent thread once it stops. */
class SharedDutyCycleTest
{
    private int cycles;

    private final Agent delegate = new Agent()
    {
        @Override
        public int doWork()
        {
            cycles++;
            return 1;
        }

        @Override
        public String roleName()
        {
            return "nodes";
        }
    };

    @Test
    void shouldLeaveTheCycleToAnInvokingClientAndTakeItBackWhenTheClientStops() throws Exception
    {
        final SharedDutyCycle shared = new SharedDutyCycle(delegate, Throwable::printStackTrace);
        shared.onStart();
        assertEquals(1, shared.doWork(), "no client yet: the agent thread runs the cycle");
        assertEquals(1, shared.invoke(System.nanoTime()));
        assertEquals(2, cycles);
        // Within the grace period the agent thread must not run (nor hold the gate for) a cycle.
        for (int i = 0; i < 1_000; i++)
        {
            assertEquals(0, shared.doWork());
        }
        assertEquals(2, cycles);
        assertEquals(1, shared.invoke(System.nanoTime()), "the client still gets every cycle");
        assertEquals(3, cycles);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(SharedDutyCycle.STANDBY_GRACE_NS) + 2);
        assertEquals(1, shared.doWork(), "client gone for longer than the grace: the agent thread runs it");
        assertEquals(4, cycles);
        shared.onClose();
        assertEquals(0, shared.invoke(System.nanoTime()), "closed: nobody runs it");
    }
}
