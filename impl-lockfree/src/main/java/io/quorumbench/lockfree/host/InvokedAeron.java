package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;

/**
 * An embedded media driver and its Aeron client that own no thread: the driver runs in
 * {@link ThreadingMode#INVOKER} and the client with its conductor invoker, and both are driven by
 * the {@link #dutyAgent()} that the caller composes into its own agent (a node's, a load
 * generator sender's).
 *
 * <p>Why: on a 2-core machine a node process with a SHARED driver thread beside its agent thread,
 * three such nodes and a client, is eight polling threads on two cores; every hop of a request
 * then waits for a time slice. One thread per node takes the driver's work where the node's work
 * is, and a hop costs a duty cycle instead of a context switch.
 *
 * <p>While the duty agent is not running (set-up on the launching thread), client calls that wait
 * for the driver invoke it themselves ({@link Aeron.Context#driverAgentInvoker(AgentInvoker)}).
 *
 * <p><b>Threading</b>: once the duty agent runs, every use of {@link #aeron()} that may talk to
 * the driver (adding publications, subscriptions, counters) must happen on that agent's thread;
 * offers and polls of existing publications and subscriptions need no driver round trip.
 */
public final class InvokedAeron implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductorInvoker;
    private final Agent dutyAgent;

    private InvokedAeron(final MediaDriver driver, final Aeron aeron)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.driverInvoker = driver.sharedAgentInvoker();
        this.conductorInvoker = aeron.conductorAgentInvoker();
        this.dutyAgent = new DutyAgent(driverInvoker, conductorInvoker);
    }

    /**
     * Launch the driver in invoker mode and connect a client to it.
     *
     * @param driverContext driver settings; its threading mode is set to {@link ThreadingMode#INVOKER}
     *                      and its async executor thread is disabled.
     * @param clientContext client settings; its directory, conductor invoker and driver invoker are set here.
     * @return the pair, not yet driven by any thread.
     */
    public static InvokedAeron launch(final MediaDriver.Context driverContext, final Aeron.Context clientContext)
    {
        // No async executor thread either: it woke every millisecond (SleepingIdleStrategy) and each
        // wake-up took a core from the node or the client for a moment; its tasks (endpoint name
        // resolution) run on the invoking thread instead, and our endpoints are literal addresses.
        final MediaDriver driver = MediaDriver.launch(driverContext
            .threadingMode(ThreadingMode.INVOKER)
            .asyncExecutorEnabled(false));
        try
        {
            final Aeron aeron = Aeron.connect(clientContext
                .aeronDirectoryName(driver.aeronDirectoryName())
                .useConductorAgentInvoker(true)
                .driverAgentInvoker(driver.sharedAgentInvoker()));
            return new InvokedAeron(driver, aeron);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * The client.
     *
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * The agent that does the driver's and the client conductor's work; compose it with the
     * agents that use {@link #aeron()}, on one thread.
     *
     * @return the duty agent.
     */
    public Agent dutyAgent()
    {
        return dutyAgent;
    }

    /**
     * The driver's directory.
     *
     * @return the directory name.
     */
    public String aeronDirectoryName()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * Close the client, then the driver; call after the thread running {@link #dutyAgent()} has stopped.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
    }

    private static final class DutyAgent implements Agent
    {
        private final AgentInvoker driverInvoker;
        private final AgentInvoker conductorInvoker;

        DutyAgent(final AgentInvoker driverInvoker, final AgentInvoker conductorInvoker)
        {
            this.driverInvoker = driverInvoker;
            this.conductorInvoker = conductorInvoker;
        }

        public int doWork()
        {
            return driverInvoker.invoke() + conductorInvoker.invoke();
        }

        public String roleName()
        {
            return "aeron-invoker";
        }
    }
}
