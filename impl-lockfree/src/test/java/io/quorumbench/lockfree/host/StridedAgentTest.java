package io.quorumbench.lockfree.host;

import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded driver's duty agent over IPC runs every few cycles, and on every cycle while it has work. */
class StridedAgentTest
{
    private int calls;
    private int workToReport;

    private final Agent delegate = new Agent()
    {
        @Override
        public int doWork()
        {
            calls++;
            return workToReport;
        }

        @Override
        public String roleName()
        {
            return "delegate";
        }
    };

    @Test
    void shouldRunEveryCycleWhileBusyThenEveryStrideCycles() throws Exception
    {
        final InProcessCluster.StridedAgent strided = new InProcessCluster.StridedAgent(delegate, 8);
        workToReport = 1;
        for (int i = 0; i < 5; i++)
        {
            assertEquals(1, strided.doWork());
        }
        assertEquals(5, calls, "busy: every cycle");
        workToReport = 0;
        strided.doWork();
        assertEquals(6, calls, "the cycle that finds it idle");
        for (int i = 0; i < 7; i++)
        {
            assertEquals(0, strided.doWork());
        }
        assertEquals(6, calls, "idle: skipped seven cycles");
        strided.doWork();
        assertEquals(7, calls, "then the eighth");
        workToReport = 3;
        for (int i = 0; i < 7; i++)
        {
            strided.doWork();
        }
        assertEquals(7, calls);
        assertEquals(3, strided.doWork(), "work found at the next stride is reported");
        assertEquals(8, calls);
        strided.doWork();
        assertEquals(9, calls, "busy again: every cycle");
        assertEquals("delegate", strided.roleName());
    }
}
