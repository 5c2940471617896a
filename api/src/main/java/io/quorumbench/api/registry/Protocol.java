package io.quorumbench.api.registry;

import java.util.Locale;

/**
 * The replication protocols the harness measures. A closed set: adding a protocol adds a value
 * here and {@link Implementation}s of it, nothing else.
 */
public enum Protocol
{
    /** Raft log replication (Ongaro and Ousterhout). */
    RAFT("Raft log replication"),
    /** Batched, pipelined Multi-Paxos with a stable leader (van Renesse and Altinbuken). */
    PAXOS("batched Multi-Paxos");

    private final String description;

    Protocol(final String description)
    {
        this.description = description;
    }

    /**
     * The name on command lines, in file names and in results.
     *
     * @return e.g. {@code raft}.
     */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A few words for help texts and reports.
     *
     * @return e.g. {@code "Raft log replication"}.
     */
    public String description()
    {
        return description;
    }

    /**
     * The protocol a command line names.
     *
     * @param id e.g. {@code raft}.
     * @return the protocol.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static Protocol of(final String id)
    {
        for (final Protocol protocol : values())
        {
            if (protocol.id().equals(id))
            {
                return protocol;
            }
        }
        final StringBuilder accepted = new StringBuilder();
        for (final Protocol protocol : values())
        {
            accepted.append(accepted.length() == 0 ? "" : ", ").append(protocol.id());
        }
        throw new IllegalArgumentException("unknown protocol '" + id + "', expected one of: " + accepted);
    }
}
