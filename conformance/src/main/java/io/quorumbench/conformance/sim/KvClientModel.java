package io.quorumbench.conformance.sim;

import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KV register clients of {@link KvStateMachine}: put, get or cas on a small key set, values
 * unique per write so reads say which write they saw; a cas expects what its client last saw of
 * the key, so some succeed and some race. Judged by {@link LinearizabilityChecker} with the
 * register model (and its unique-value fast path).
 *
 * <p>Stateless; each {@link #newClient} has its own memory of the values it saw.
 */
public final class KvClientModel implements ClientModel
{
    /** The one instance. */
    public static final KvClientModel INSTANCE = new KvClientModel();

    private KvClientModel()
    {
    }

    /**
     * The KV workload: a {@link KvStateMachine} per node, these clients.
     *
     * @return the workload.
     */
    public static Workload<KvStateMachine> workload()
    {
        return new Workload<>(KvStateMachine::new, KvStateMachine::stateDigest, INSTANCE);
    }

    @Override
    public Client newClient(final int clientIndex)
    {
        return new KvClient(clientIndex);
    }

    @Override
    public List<Operation> finalOperations(final long seed, final int keys)
    {
        final List<Operation> operations = new ArrayList<>();
        operations.add(new Operation(Op.PUT, key(0), "probe-" + seed, null));
        for (int k = 0; k < keys; k++)
        {
            operations.add(new Operation(Op.GET, key(k), null, null));
        }
        return operations;
    }

    @Override
    public LinearizabilityResult check(final History history)
    {
        return new LinearizabilityChecker().check(history);
    }

    private static String key(final int k)
    {
        return "k" + k;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(final byte[] bytes)
    {
        return null == bytes ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static final class KvClient implements Client
    {
        private final int index;
        private final Map<String, String> lastSeen = new HashMap<>();

        KvClient(final int index)
        {
            this.index = index;
        }

        @Override
        public Operation next(final ClientContext context)
        {
            final String key = key(context.random().nextInt(context.keys()));
            final int dice = context.random().nextInt(100);
            if (dice < 40)
            {
                return new Operation(Op.GET, key, null, null);
            }
            if (dice < 75)
            {
                return new Operation(Op.PUT, key, context.uniqueValue(index), null);
            }
            // expect what this client last saw, so some cas succeed and some race
            return new Operation(Op.CAS, key, context.uniqueValue(index), lastSeen.get(key));
        }

        @Override
        public byte[] encode(final Operation operation)
        {
            final byte[] keyBytes = bytes(operation.key());
            final byte[] buffer = new byte[KvCommand.encodedLength(keyBytes.length, 64, 64)];
            final int length;
            switch (operation.f())
            {
                case Op.PUT:
                    length = KvCommand.encodePut(buffer, 0, keyBytes, bytes(operation.value()));
                    break;
                case Op.GET:
                    length = KvCommand.encodeGet(buffer, 0, keyBytes);
                    break;
                default:
                    length = KvCommand.encodeCas(buffer, 0, keyBytes,
                        null == operation.expected() ? null : bytes(operation.expected()), bytes(operation.value()));
                    break;
            }
            return Arrays.copyOf(buffer, length);
        }

        @Override
        public Outcome onCommitted(final Operation operation, final byte[] result, final long logIndex)
        {
            final KvResult.Status status = result.length >= KvResult.HEADER_LENGTH ?
                KvResult.status(result, 0) : KvResult.Status.INVALID;
            final String value = string(KvResult.value(result, 0, result.length));
            switch (operation.f())
            {
                case Op.GET:
                    if (status != KvResult.Status.OK && status != KvResult.Status.NOT_FOUND)
                    {
                        throw new AssertionError("get " + operation.key() + " answered " + status + " at log index " + logIndex);
                    }
                    lastSeen.put(operation.key(), value);
                    return new Outcome(OpType.OK, value, null);
                case Op.PUT:
                    if (status != KvResult.Status.OK)
                    {
                        throw new AssertionError("put " + operation.key() + " answered " + status + " at log index " + logIndex);
                    }
                    lastSeen.put(operation.key(), operation.value());
                    return new Outcome(OpType.OK, operation.value(), null);
                default:
                    if (status == KvResult.Status.OK)
                    {
                        lastSeen.put(operation.key(), operation.value());
                        return new Outcome(OpType.OK, operation.value(), null);
                    }
                    if (status == KvResult.Status.CAS_MISMATCH)
                    {
                        lastSeen.put(operation.key(), value);
                        return new Outcome(OpType.FAIL, operation.value(), LinearizabilityChecker.CAS_MISMATCH);
                    }
                    throw new AssertionError("cas " + operation.key() + " answered " + status + " at log index " + logIndex);
            }
        }
    }
}
