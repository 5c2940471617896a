package io.quorumbench.jmh.paxos;

import io.quorumbench.api.paxos.PaxosOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The batching benchmarks' two knobs as the registry options both Paxos implementations take
 * ({@link PaxosOptions}): {@code batch} and {@code slots} (the Paxos window; the commit benchmarks'
 * own {@code window} param is the client's commands in flight).
 */
final class PaxosKnobs
{
    /** The protocol the batching benchmarks measure. */
    static final String PROTOCOL = "paxos";

    private PaxosKnobs()
    {
    }

    /**
     * The implementation options of one configuration.
     *
     * @param batch    {@code 1}, {@code 8}, ... or {@code adaptive}.
     * @param slots    the Paxos window.
     * @return {@code batch=..., window=...}.
     */
    static Map<String, String> options(final String batch, final String slots)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        options.put(PaxosOptions.BATCH_OPTION, batch);
        options.put(PaxosOptions.WINDOW_OPTION, slots);
        return options;
    }
}
