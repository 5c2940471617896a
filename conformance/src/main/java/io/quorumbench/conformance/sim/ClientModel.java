package io.quorumbench.conformance.sim;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What the simulated clients of a {@link Simulation} ask of the replicated state machine, and how
 * their history is judged: the protocol-specific half of a client. The other half, {@link SimClient},
 * is the same for every model: one operation at a time, sent to the node believed leader, leader
 * hints followed, retries with the same sequence number, {@code info} after the deadline.
 *
 * <p>A model draws every random choice from the {@link ClientContext#random()} it is given, so a
 * seed replays exactly. Operations are recorded in the {@link History} as {@code f}, {@code key},
 * {@code value}, {@code expected}: a model chooses what those mean (a register's put/get/cas, a
 * lock's acquire/release, a counter's add/read) and the {@link #check} that judges them.
 *
 * @see KvClientModel the KV register every replicated log in this project is tested with.
 */
public interface ClientModel
{
    /**
     * A new client's operation source; called once per client, in client order.
     *
     * @param clientIndex the client's index, 0-based.
     * @return the client's state (e.g. what it last read, for a cas expectation).
     */
    Client newClient(int clientIndex);

    /**
     * The operations a scripted client runs after healing: each must succeed within the liveness
     * bound. Usually a write that must commit and a read of every key.
     *
     * @param seed the run's seed (to make a written value unique to the run).
     * @param keys the number of keys.
     * @return the operations, in order; at least one.
     */
    List<Operation> finalOperations(long seed, int keys);

    /**
     * Judge the run's history: linearizable, violation, or unknown (never a silent pass).
     *
     * @param history every client operation of the run.
     * @return the verdict.
     */
    LinearizabilityResult check(History history);

    /** The operation source of one client. Single-threaded. */
    interface Client
    {
        /**
         * The next operation of a free-running client.
         *
         * @param context random source, keys and unique values of the run.
         * @return the operation.
         */
        Operation next(ClientContext context);

        /**
         * The command bytes for an operation.
         *
         * @param operation the operation.
         * @return the encoded command.
         */
        byte[] encode(Operation operation);

        /**
         * A node committed the operation and the state machine answered {@code result}.
         *
         * @param operation the operation.
         * @param result    the state machine's result bytes.
         * @param logIndex  where it was committed.
         * @return the outcome to record ({@code ok} or {@code fail}).
         * @throws AssertionError if the answer is impossible for this operation (a safety bug).
         */
        Outcome onCommitted(Operation operation, byte[] result, long logIndex);
    }

    /** What a model draws from: the run's random source and shape. */
    interface ClientContext
    {
        /**
         * The run's one random source.
         *
         * @return the random source.
         */
        SplittableRandom random();

        /**
         * Number of distinct keys ({@link SimulationConfig#keys()}).
         *
         * @return the count.
         */
        int keys();

        /**
         * A value no other write of the run uses, so a read says which write it saw.
         *
         * @param clientIndex the writing client.
         * @return the value.
         */
        String uniqueValue(int clientIndex);
    }

    /**
     * One client operation as recorded in the history.
     *
     * @param f        function, e.g. {@code "put"}.
     * @param key      key (or object) it acts on.
     * @param value    value written, or {@code null}.
     * @param expected value expected first (cas), or {@code null}.
     */
    record Operation(String f, String key, String value, String expected)
    {
    }

    /**
     * How a committed operation completed.
     *
     * @param type  {@link OpType#OK} or {@link OpType#FAIL}.
     * @param value the value to record (read or written).
     * @param error the error of a {@code fail}, or {@code null}.
     */
    record Outcome(OpType type, String value, String error)
    {
    }
}
