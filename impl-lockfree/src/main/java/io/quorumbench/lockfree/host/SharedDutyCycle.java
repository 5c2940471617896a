package io.quorumbench.lockfree.host;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An agent whose duty cycle either of two threads may run, never both at once: its own agent
 * thread, which then only stands by, or a client thread that {@link #invoke invokes} it between
 * its own work (Aeron's invoker idea, applied to a whole embedded cluster). On a 2-core machine
 * that leaves one busy thread instead of two, so the JIT, the collector and the kernel get the
 * other core rather than time slices taken from a spinning thread.
 *
 * <p>A compare-and-set gate hands the duty cycle between the threads; it also orders their
 * memory, so the agents' plain fields are seen by whichever thread runs them next. The agent
 * thread keeps running the cycle whenever no client invoked it within {@link #STANDBY_GRACE_NS}
 * (a client that stopped, or parks between sparse requests), so the nodes' timers never depend
 * on a client being there; while a client invokes, the agent thread parks for
 * {@link #STANDBY_PARK_NS} at a time.
 *
 * <p><b>Threading</b>: {@link #onStart}, {@link #doWork}, {@link #onClose} and the idle strategy
 * from {@link #standby} on the agent thread; {@link #invoke} from one client thread at a time.
 */
final class SharedDutyCycle implements Agent
{
    /** The agent thread runs the cycle itself once no client invoked it for this long, nanoseconds. */
    static final long STANDBY_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long the standing-by agent thread parks between looks, nanoseconds. */
    static final long STANDBY_PARK_NS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Agent delegate;
    private final ErrorHandler errorHandler;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong lastInvokeNs = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
    private volatile boolean running;

    SharedDutyCycle(final Agent delegate, final ErrorHandler errorHandler)
    {
        this.delegate = delegate;
        this.errorHandler = errorHandler;
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
        running = true;
    }

    @Override
    public int doWork() throws Exception
    {
        if (!busy.compareAndSet(false, true))
        {
            return 0;
        }
        try
        {
            return running ? delegate.doWork() : 0;
        }
        finally
        {
            busy.set(false);
        }
    }

    /**
     * Run one duty cycle on the calling (client) thread, unless the agent thread is running one.
     *
     * @param nowNs the caller's {@link System#nanoTime()}.
     * @return the work done, 0 if the cycle was busy elsewhere or the agents are not running.
     */
    int invoke(final long nowNs)
    {
        if (!running || !busy.compareAndSet(false, true))
        {
            return 0;
        }
        try
        {
            lastInvokeNs.lazySet(nowNs);
            return running ? delegate.doWork() : 0;
        }
        catch (final Throwable ex)
        {
            errorHandler.onError(ex);
            return 0;
        }
        finally
        {
            busy.set(false);
        }
    }

    @Override
    public void onClose()
    {
        while (!busy.compareAndSet(false, true))
        {
            Thread.onSpinWait();
        }
        try
        {
            running = false;
            delegate.onClose();
        }
        finally
        {
            busy.set(false);
        }
    }

    @Override
    public String roleName()
    {
        return delegate.roleName();
    }

    /**
     * The agent thread's idle strategy: park while a client invokes the cycle, else idle as
     * {@code alone} says.
     *
     * @param alone idle strategy when no client invokes.
     * @return the strategy.
     */
    IdleStrategy standby(final IdleStrategy alone)
    {
        return new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                if (workCount > 0)
                {
                    alone.reset();
                }
                else if (System.nanoTime() - lastInvokeNs.get() < STANDBY_GRACE_NS)
                {
                    LockSupport.parkNanos(STANDBY_PARK_NS);
                }
                else
                {
                    alone.idle(workCount);
                }
            }

            @Override
            public void idle()
            {
                idle(0);
            }

            @Override
            public void reset()
            {
                alone.reset();
            }

            @Override
            public String alias()
            {
                return "standby-" + alone.alias();
            }
        };
    }
}
