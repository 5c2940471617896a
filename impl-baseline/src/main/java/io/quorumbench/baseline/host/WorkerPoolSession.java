package io.quorumbench.baseline.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link ClientSession} over the baseline's blocking {@link NodeClient}: because that client
 * runs one command at a time, the session owns a pool of worker threads, each with its own client
 * (session id). {@code trySend} hands the command to the pool through a bounded queue, a worker
 * executes it (the client follows leader hints and retries with the same sequence), stamps the
 * completion time when the answer arrives, and queues it for {@code poll}. This is how ordinary
 * Java uses a blocking client under open-loop load; the pool size bounds the concurrency, and a
 * full pool shows as back-pressure and sender lag, not as hidden waiting.
 *
 * <p>Outcomes: a result is {@link CompletionHandler#OK}; "rejected as invalid" is
 * {@link CompletionHandler#FAILED}; "unconfirmed in time" ({@link NodeClientException}, after the
 * client retried with the same sequence) is {@link CompletionHandler#UNKNOWN}.
 *
 * <p><b>Threading</b>: {@code trySend}/{@code poll} on the one sender thread that owns the session,
 * the workers on their own threads; {@link #close()} from the sender or the controlling thread.
 */
public final class WorkerPoolSession implements ClientSession
{
    private static final byte[] EMPTY = new byte[0];

    /** A request slot, preallocated and recycled, so the sender side does not allocate. */
    private static final class Request
    {
        final byte[] command;
        int length;
        long requestId;
        int outcome;
        long completedNs;
        byte[] result;

        Request(final int capacity)
        {
            command = new byte[capacity];
        }
    }

    private final ArrayBlockingQueue<Request> free;
    private final ArrayBlockingQueue<Request> pending;
    private final ArrayBlockingQueue<Request> done;
    private final Thread[] workers;
    private final NodeClient[] clients;
    private final long operationTimeoutMs;
    private volatile boolean running = true;
    private boolean closed;

    /**
     * Start the workers.
     *
     * @param endpoints          client endpoint of every node, by node id.
     * @param sessionIndex       index of the owning sender, in the workers' thread names.
     * @param workerCount        worker threads, each with its own client.
     * @param capacity           requests the session holds before {@code trySend} refuses.
     * @param maxCommandLength   largest command, bytes.
     * @param requestTimeoutMs   how long a worker's client waits for one node's answer.
     * @param operationTimeoutMs how long a worker's client keeps retrying one command.
     * @param clientIds          a fresh, cluster-unique client id per call.
     */
    public WorkerPoolSession(
        final Map<Integer, InetSocketAddress> endpoints,
        final int sessionIndex,
        final int workerCount,
        final int capacity,
        final int maxCommandLength,
        final long requestTimeoutMs,
        final long operationTimeoutMs,
        final LongSupplier clientIds)
    {
        if (workerCount < 1)
        {
            throw new IllegalArgumentException("need at least one client thread per session");
        }
        this.operationTimeoutMs = operationTimeoutMs;
        free = new ArrayBlockingQueue<>(capacity);
        pending = new ArrayBlockingQueue<>(capacity);
        done = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            free.add(new Request(maxCommandLength));
        }
        workers = new Thread[workerCount];
        clients = new NodeClient[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            clients[i] = new NodeClient(endpoints, clientIds.getAsLong(), requestTimeoutMs, operationTimeoutMs);
            final NodeClient client = clients[i];
            workers[i] = new Thread(() -> work(client), "qb-baseline-client-" + sessionIndex + "-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    private void work(final NodeClient client)
    {
        while (running)
        {
            final Request request;
            try
            {
                request = pending.poll(50, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (null == request)
            {
                continue;
            }
            try
            {
                request.result = client.execute(Arrays.copyOf(request.command, request.length));
                request.outcome = CompletionHandler.OK;
            }
            catch (final IllegalArgumentException ex)
            {
                request.result = null;
                request.outcome = CompletionHandler.FAILED;
            }
            catch (final NodeClientException ex)
            {
                request.result = null;
                request.outcome = CompletionHandler.UNKNOWN;
            }
            request.completedNs = System.nanoTime();
            done.add(request);
        }
    }

    /** {@inheritDoc} */
    @Override
    public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
    {
        final Request request = free.poll();
        if (null == request)
        {
            return false;
        }
        System.arraycopy(command, offset, request.command, 0, length);
        request.length = length;
        request.requestId = requestId;
        pending.add(request);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>True: a worker stamps the completion when the answer arrives.
     */
    @Override
    public boolean stampsCompletionOnArrival()
    {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        int delivered = 0;
        Request request;
        while (delivered < limit && null != (request = done.poll()))
        {
            final byte[] result = null == request.result ? EMPTY : request.result;
            handler.onComplete(request.requestId, request.outcome, request.completedNs, result, 0, result.length);
            request.result = null;
            free.add(request);
            delivered++;
        }
        return delivered;
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        running = false;
        for (final Thread worker : workers)
        {
            worker.interrupt();
        }
        // Closing the sockets unblocks a worker waiting on an answer.
        for (final NodeClient client : clients)
        {
            client.close();
        }
        for (final Thread worker : workers)
        {
            try
            {
                worker.join(operationTimeoutMs + 2_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
