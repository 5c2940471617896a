package io.quorumbench.peers.ratis;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvCommand;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import java.util.concurrent.CompletableFuture;

/**
 * The project's state machine as an Apache Ratis {@link org.apache.ratis.statemachine.StateMachine}:
 * {@link #applyTransaction} applies each committed entry's command (its log index is the index) and
 * answers with the result; {@link #query} answers a read-only GET from the applied state, which
 * Ratis calls after its read index has been applied when the read option is LINEARIZABLE (and
 * at once under the DEFAULT option, which is why this harness never leaves it there).
 *
 * <p>No snapshots: a restarted server replays its log, which Ratis keeps (runs are short).
 *
 * <p><b>Threading</b>: Ratis applies on its state machine updater thread and queries on its RPC
 * threads; one lock orders them around the single-threaded {@link StateMachine}.
 */
final class KvRatisStateMachine extends BaseStateMachine
{
    private final StateMachine stateMachine;
    private final byte[] result;

    /**
     * @param stateMachine the application, fresh.
     */
    KvRatisStateMachine(final StateMachine stateMachine)
    {
        this.stateMachine = stateMachine;
        this.result = new byte[stateMachine.maxResultLength()];
    }

    /** {@inheritDoc} */
    @Override
    public CompletableFuture<Message> applyTransaction(final TransactionContext trx)
    {
        final LogEntryProto entry = trx.getLogEntry();
        final byte[] command = entry.getStateMachineLogEntry().getLogData().toByteArray();
        final ByteString answer;
        synchronized (this)
        {
            final int length = stateMachine.apply(entry.getIndex(), command, 0, command.length, result);
            answer = ByteString.copyFrom(result, 0, length);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(answer));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only a well-formed GET is answered here; anything else would change state outside the log
     * and is refused.
     */
    @Override
    public CompletableFuture<Message> query(final Message request)
    {
        final byte[] command = request.getContent().toByteArray();
        if (!KvCommand.isWellFormed(command, 0, command.length) || KvCommand.op(command, 0) != KvCommand.OP_GET)
        {
            return CompletableFuture.failedFuture(new IllegalArgumentException("only a GET is read-only"));
        }
        final ByteString answer;
        synchronized (this)
        {
            // a GET changes nothing; the index it is given is the last applied one
            final int length = stateMachine.apply(
                Math.max(0, getLastAppliedTermIndex().getIndex()), command, 0, command.length, result);
            answer = ByteString.copyFrom(result, 0, length);
        }
        return CompletableFuture.completedFuture(Message.valueOf(answer));
    }

    /**
     * Whether a command may be sent read-only ({@link org.apache.ratis.client.api.AsyncApi#sendReadOnly}).
     *
     * @param command the buffer.
     * @param offset  first byte.
     * @param length  length.
     * @return true for a well-formed GET.
     */
    static boolean isReadOnly(final byte[] command, final int offset, final int length)
    {
        return KvCommand.isWellFormed(command, offset, length) && KvCommand.op(command, offset) == KvCommand.OP_GET;
    }
}
