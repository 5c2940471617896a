package io.quorumbench.lockfree.raft.host;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.agrona.concurrent.Agent;

/**
 * The old home of the invoked media driver, still used by the load generator until it switches to
 * the registry.
 *
 * @deprecated use {@link io.quorumbench.lockfree.host.InvokedAeron}.
 */
@Deprecated(forRemoval = true)
public final class InvokedAeron implements AutoCloseable
{
    private final io.quorumbench.lockfree.host.InvokedAeron delegate;

    private InvokedAeron(final io.quorumbench.lockfree.host.InvokedAeron delegate)
    {
        this.delegate = delegate;
    }

    /**
     * See {@link io.quorumbench.lockfree.host.InvokedAeron#launch(MediaDriver.Context, Aeron.Context)}.
     *
     * @param driverContext driver settings.
     * @param clientContext client settings.
     * @return the pair.
     */
    public static InvokedAeron launch(final MediaDriver.Context driverContext, final Aeron.Context clientContext)
    {
        return new InvokedAeron(io.quorumbench.lockfree.host.InvokedAeron.launch(driverContext, clientContext));
    }

    /**
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return delegate.aeron();
    }

    /**
     * @return the duty agent.
     */
    public Agent dutyAgent()
    {
        return delegate.dutyAgent();
    }

    /** Close the client, then the driver. */
    @Override
    public void close()
    {
        delegate.close();
    }
}
