package io.quorumbench.cluster;

import java.util.Locale;

/**
 * The implementations a {@link ClusterRunner} can start as processes: the node main class and
 * the port range default configurations take their endpoints from.
 */
public enum ClusterImpl
{
    /** Baseline Raft over TCP: {@code BaselineNodeMain}; ports 21100-21299. */
    BASELINE("io.quorumbench.baseline.raft.host.BaselineNodeMain", 21_100, 21_299, false),

    /** Tuned Raft over Aeron UDP: {@code LockfreeNodeMain}; ports 20100-20299. */
    LOCKFREE("io.quorumbench.lockfree.raft.host.LockfreeNodeMain", 20_100, 20_299, true);

    private final String mainClass;
    private final int firstPort;
    private final int lastPort;
    private final boolean udp;

    ClusterImpl(final String mainClass, final int firstPort, final int lastPort, final boolean udp)
    {
        this.mainClass = mainClass;
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        this.udp = udp;
    }

    /**
     * Name on the command line and in directory names.
     *
     * @return {@code baseline} or {@code lockfree}.
     */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The node's main class, run as {@code MainClass --config FILE --node ID}.
     *
     * @return fully qualified class name.
     */
    public String mainClass()
    {
        return mainClass;
    }

    /**
     * First port of the range default configurations use.
     *
     * @return the port.
     */
    public int firstPort()
    {
        return firstPort;
    }

    /**
     * Last port (inclusive) of the range default configurations use.
     *
     * @return the port.
     */
    public int lastPort()
    {
        return lastPort;
    }

    /**
     * Whether peers talk over UDP (Aeron) rather than TCP.
     *
     * @return true for UDP.
     */
    public boolean udp()
    {
        return udp;
    }

    /**
     * Whether the nodes run an embedded Aeron media driver (whose directory must not outlive them).
     *
     * @return true for the tuned implementation.
     */
    public boolean usesAeron()
    {
        return this == LOCKFREE;
    }

    /**
     * The implementation named on a command line.
     *
     * @param id {@code baseline} or {@code lockfree}.
     * @return the implementation.
     * @throws IllegalArgumentException naming the accepted values otherwise.
     */
    public static ClusterImpl of(final String id)
    {
        for (final ClusterImpl impl : values())
        {
            if (impl.id().equals(id))
            {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + id + "', expected baseline or lockfree");
    }
}
