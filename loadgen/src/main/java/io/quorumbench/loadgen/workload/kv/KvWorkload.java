package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.kv.KvCommand;
import io.quorumbench.api.kv.KvResult;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.workload.CheckBudgets;
import io.quorumbench.loadgen.workload.KeyChooser;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.Verification;
import io.quorumbench.loadgen.workload.Workload;
import io.quorumbench.loadgen.workload.WorkloadSession;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PUT / GET / CAS over {@code keys} keys for {@link io.quorumbench.api.kv.KvStateMachine}, in the
 * {@link KvCommand} layout. Keys are 8-byte big-endian key indexes. Every value written is unique:
 *
 * <pre>
 *   0               8               16                      valueSize
 *   +---------------+---------------+-----------------------+
 *   | value id (LE) | invoke ns (LE)|   zero filler         |
 *   +---------------+---------------+-----------------------+
 * </pre>
 * The value id is {@code runTag << 48 | (sender + 1) << 40 | request id}, where the run tag is a
 * random non-zero 16-bit number drawn per workload instance, so a value read back names the write
 * that stored it, and the invoke time lets the read-back judge whether it may be the final value
 * (see {@link AckedWriteTracker}); a value with another run's tag was written before this run
 * (a running cluster keeps its state), so it is older than every write of this run. A CAS expects the value this sender last saw for the key (or
 * absence), from a small direct-mapped cache, so a fair share of CAS operations succeed.
 *
 * <p>History: operations on the <em>history keys</em> ({@code historyKeys} key indexes spread
 * evenly over the key space, see {@link #isHistoryKey}) are recorded, up to {@code historyOpsPerSender} per sender
 * from the start of the run; the summary says which.
 *
 * <p><b>Threading</b>: immutable; sessions are single-threaded.
 */
public final class KvWorkload implements Workload
{
    /** History op code: PUT. */
    public static final byte OP_PUT = KvCommand.OP_PUT;
    /** History op code: GET. */
    public static final byte OP_GET = KvCommand.OP_GET;
    /** History op code: CAS. */
    public static final byte OP_CAS = KvCommand.OP_CAS;
    /** Smallest value size: the value id and the invoke time. */
    public static final int MIN_VALUE_SIZE = 16;
    /** Most keys when checks are on (the read-back tracker holds 80 to 300 bytes per key per sender). */
    public static final int MAX_KEYS = 1_000_000;
    /** Key length in bytes. */
    public static final int KEY_LENGTH = 8;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SEEN_CACHE = 4096;
    private static final int READ_BACK_WINDOW = 64;
    private static final long READ_BACK_ID_BASE = 1L << 62;

    private final int keys;
    private final KeyDistribution keyDistribution;
    private final double zipfTheta;
    private final double readRatio;
    private final double casRatio;
    private final int valueSize;
    private final int historyKeys;
    private final int historyOpsPerSender;
    private final HistoryChecker checker;
    private final KeyChooser.Zipf zipf;
    private final int runTag;
    private final int historyStride;
    private final Map<Integer, Long> initialValues = new java.util.TreeMap<>();
    private long initialReadNs;
    private boolean initialReadComplete = true;

    /**
     * A KV workload.
     *
     * @param keys                number of keys, 1..{@link #MAX_KEYS}.
     * @param keyDistribution     uniform or Zipfian.
     * @param zipfTheta           Zipfian skew in (0, 1), used when Zipfian.
     * @param readRatio           fraction of GETs, 0..1.
     * @param casRatio            fraction of CAS, 0..1-readRatio; the rest are PUTs.
     * @param valueSize           value size in bytes, &ge; {@link #MIN_VALUE_SIZE}.
     * @param historyKeys         keys whose operations go into the history, 0..keys.
     * @param historyOpsPerSender most history entries per sender.
     * @param checker             linearizability checker for the history; a {@link SkippedHistoryChecker}
     *                            (the explicit opt-out) records no history at all.
     */
    public KvWorkload(
        final int keys,
        final KeyDistribution keyDistribution,
        final double zipfTheta,
        final double readRatio,
        final double casRatio,
        final int valueSize,
        final int historyKeys,
        final int historyOpsPerSender,
        final HistoryChecker checker)
    {
        if (keys < 1 || keys > MAX_KEYS)
        {
            throw new IllegalArgumentException("keys must be in 1.." + MAX_KEYS + ", got " + keys);
        }
        if (!(readRatio >= 0 && readRatio <= 1))
        {
            throw new IllegalArgumentException("read ratio must be in [0, 1], got " + readRatio);
        }
        if (!(casRatio >= 0 && readRatio + casRatio <= 1))
        {
            throw new IllegalArgumentException("need cas ratio >= 0 and read + cas ratio <= 1, got " + casRatio);
        }
        if (valueSize < MIN_VALUE_SIZE || valueSize > KvResult.HEADER_LENGTH + (1 << 20))
        {
            throw new IllegalArgumentException("value size must be in " + MIN_VALUE_SIZE + "..1048576, got " + valueSize);
        }
        if (historyKeys < 0 || historyKeys > keys)
        {
            throw new IllegalArgumentException("history keys must be in 0..keys, got " + historyKeys);
        }
        if (historyOpsPerSender < 0)
        {
            throw new IllegalArgumentException("history ops must be >= 0");
        }
        this.keys = keys;
        this.keyDistribution = keyDistribution;
        this.zipfTheta = zipfTheta;
        this.readRatio = readRatio;
        this.casRatio = casRatio;
        this.valueSize = valueSize;
        this.historyKeys = historyKeys;
        this.historyOpsPerSender = historyOpsPerSender;
        this.historyStride = 0 == historyKeys ? 1 : keys / historyKeys;
        this.checker = checker;
        this.zipf = keyDistribution == KeyDistribution.ZIPFIAN ? new KeyChooser.Zipf(keys, zipfTheta) : null;
        // not from the seed: two runs with the same seed against one running cluster must differ
        this.runTag = 1 + new java.util.SplittableRandom(System.nanoTime() ^ System.identityHashCode(this)).nextInt(0xFFFF);
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "kv";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> settings()
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("keys", keys);
        settings.put("keyDistribution", keyDistribution.name().toLowerCase(java.util.Locale.ROOT));
        if (keyDistribution == KeyDistribution.ZIPFIAN)
        {
            settings.put("zipfTheta", zipfTheta);
        }
        settings.put("readRatio", readRatio);
        settings.put("casRatio", casRatio);
        settings.put("putRatio", 1.0 - readRatio - casRatio);
        settings.put("valueSize", valueSize);
        settings.put("keySize", KEY_LENGTH);
        settings.put("maxCommandSize", maxCommandLength());
        return settings;
    }

    /** {@inheritDoc} */
    @Override
    public int maxCommandLength()
    {
        return KvCommand.encodedLength(KEY_LENGTH, valueSize, valueSize);
    }

    /**
     * Value size in bytes.
     *
     * @return the size.
     */
    public int valueSize()
    {
        return valueSize;
    }

    /**
     * Whether a key's operations go into the history: every {@code keys / historyKeys}-th key,
     * starting half a stride in, so under Zipf the sample spans hot and cold ranks instead of
     * taking only the hottest keys (whose histories are the hardest to check).
     *
     * @param key key index.
     * @return true for the {@code historyKeys} sampled keys.
     */
    public boolean isHistoryKey(final int key)
    {
        return 0 != historyKeys && key % historyStride == historyStride / 2 && key / historyStride < historyKeys;
    }

    /** {@inheritDoc} */
    @Override
    public WorkloadSession newSession(final int senderIndex, final int slotCapacity, final boolean track, final long seed)
    {
        return new KvSession(senderIndex, slotCapacity, track, seed);
    }

    /**
     * Id of the value written by a sender's request.
     *
     * @param senderIndex the sender, 0..254.
     * @param requestId   its request id.
     * @return the value id, never {@link KvHistoryOp#ABSENT}.
     */
    public long valueId(final int senderIndex, final long requestId)
    {
        return ((long)runTag << 48) | ((long)(senderIndex + 1) << 40) | (requestId & ((1L << 40) - 1));
    }

    static int writeKey(final byte[] buffer, final int offset, final long key)
    {
        LONG_BE.set(buffer, offset, key);
        return KEY_LENGTH;
    }

    static void writeValue(final byte[] buffer, final int offset, final int size, final long valueId, final long invokeNs)
    {
        LONG_LE.set(buffer, offset, valueId);
        LONG_LE.set(buffer, offset + 8, invokeNs);
        for (int i = offset + 16; i < offset + size; i++)
        {
            buffer[i] = 0;
        }
    }

    /**
     * Read the history keys' values before the run: a running cluster keeps its state, and the
     * history must start from what the keys held, not from "absent". They enter the history as
     * writes completed before the run began.
     *
     * @param session    a target session, owned by the calling thread until the run starts.
     * @param deadlineNs when to give up (the history check is then INCONCLUSIVE, and says why).
     */
    @Override
    public void prepare(final ClientSession session, final long deadlineNs)
    {
        if (0 == historyKeys || !checker.wantsHistory())
        {
            return;
        }
        final ReadBack initial = new ReadBack(null, session);
        initialReadComplete = initial.run(historyKeys, deadlineNs);
        initialReadNs = System.nanoTime();
    }

    /** {@inheritDoc} */
    @Override
    public Verification verify(final WorkloadSession[] sessions, final ClientSession readSession, final CheckBudgets budgets)
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        final AckedWriteTracker merged = new AckedWriteTracker(keys);
        final List<KvHistoryOp> history = new ArrayList<>();
        long historyDropped = 0;
        long invalidResults = 0;
        for (final WorkloadSession session : sessions)
        {
            final KvSession kv = (KvSession)session;
            kv.tracker.mergeInto(merged);
            kv.drainHistory(history);
            historyDropped += kv.historyDropped;
            invalidResults += kv.invalidResults;
        }

        final ReadBack readBack = new ReadBack(merged, readSession);
        final long readBackStartNs = System.nanoTime();
        final boolean readBackComplete = readBack.run(readBackStartNs + budgets.readBackNs());
        final long readBackElapsedNs = System.nanoTime() - readBackStartNs;
        final CheckResult readBackVerdict = readBackVerdict(readBack, readBackComplete, budgets.readBackNs());
        final Map<String, Object> rb = new LinkedHashMap<>();
        rb.put("verdict", readBackVerdict.verdict().name());
        rb.put("reason", readBackVerdict.reason());
        rb.put("keysWithAckedWrites", readBack.toCheck);
        rb.put("keysRead", readBack.read);
        rb.put("verified", readBack.verified);
        rb.put("lost", readBack.lost);
        rb.put("unverifiable", readBack.unverifiable);
        rb.put("retried", readBack.retried);
        rb.put("complete", readBackComplete);
        rb.put("budgetNs", budgets.readBackNs());
        rb.put("elapsedNs", readBackElapsedNs);
        rb.put("method", "every key with an acknowledged write is read through the target after the run; " +
            "its value must come from an acknowledged write not strictly older than the latest-invoked " +
            "acknowledged write, or from an unacknowledged write");
        details.put("readBack", rb);

        // what the history keys held before the run, as writes that completed before it began
        final List<KvHistoryOp> withInitial = new ArrayList<>(history.size() + initialValues.size());
        for (final Map.Entry<Integer, Long> initial : initialValues.entrySet())
        {
            if (KvHistoryOp.ABSENT != initial.getValue())
            {
                withInitial.add(new KvHistoryOp(0, OP_PUT, initial.getKey(), initial.getValue(), KvHistoryOp.ABSENT,
                    initialReadNs - 2, initialReadNs - 1, KvHistoryOp.OK, KvHistoryOp.ABSENT));
            }
        }
        withInitial.addAll(history);

        final Map<String, Object> hist = new LinkedHashMap<>();
        hist.put("mode", checker.wantsHistory() ? "sampled-keys" : "none");
        hist.put("historyKeys", historyKeys);
        hist.put("ofKeys", keys);
        hist.put("keysSampled", 0 == historyKeys ? "none" : "every " + historyStride + "th key index from " +
            historyStride / 2 + (null != zipf ? " (ranks spread from hot to cold under zipfian)" : ""));
        hist.put("window", "from the start of the run, at most " + historyOpsPerSender + " operations per sender");
        hist.put("recorded", history.size());
        hist.put("droppedAfterWindow", historyDropped);
        hist.put("initialValuesRead", initialValues.size());
        hist.put("initialValuesPresent", withInitial.size() - history.size());
        final long checkStartNs = System.nanoTime();
        final HistoryChecker.Result result = checkHistory(history, withInitial, checkStartNs, budgets.historyCheckNs());
        final long checkElapsedNs = System.nanoTime() - checkStartNs;
        final CheckResult historyVerdict = result.verdict();
        hist.put("verdict", historyVerdict.verdict().name());
        hist.put("reason", historyVerdict.reason());
        hist.put("budgetNs", budgets.historyCheckNs());
        hist.put("elapsedNs", checkElapsedNs);
        hist.put("check", result.details());
        details.put("history", hist);
        details.put("invalidResults", invalidResults);

        // a count only from a read-back that decided: 0 from one cut short would read as a pass
        final boolean readBackDecided =
            readBackVerdict.verdict() == CheckVerdict.PASS || readBackVerdict.verdict() == CheckVerdict.FAIL;
        return new Verification(historyVerdict, readBackVerdict, readBackDecided ? readBack.lost : null, details);
    }

    /**
     * The history check, or why it cannot be made: a history that is empty or whose starting values
     * are unknown is INCONCLUSIVE before any checker runs (the check was asked for and had nothing
     * sound to decide), never "linearizable".
     */
    private HistoryChecker.Result checkHistory(
        final List<KvHistoryOp> recorded, final List<KvHistoryOp> withInitial, final long startNs, final long budgetNs)
    {
        if (!checker.wantsHistory())
        {
            return checker.check(List.of(), startNs + budgetNs);
        }
        final String why;
        if (!initialReadComplete)
        {
            why = "the history keys' values before the run could not be read within the read-back budget";
        }
        else if (recorded.isEmpty())
        {
            why = "the history is empty: " + (0 == historyKeys ? "--history-keys 0" : 0 == historyOpsPerSender ?
                "--history-ops 0" : "no operation on the " + historyKeys + " history keys was recorded") +
                "; --no-history-check runs without the check";
        }
        else
        {
            final HistoryChecker.Result result = checker.check(withInitial, startNs + budgetNs);
            if (result.verdict().verdict() != CheckVerdict.INCONCLUSIVE)
            {
                return result;
            }
            // the checker gave up: say how long it had, so a reader knows whether more time might decide it
            return new HistoryChecker.Result(CheckResult.inconclusive(String.format(Locale.ROOT,
                "%s (after %.1f s of its %.0f s budget, --check-budget)", result.verdict().reason(),
                (System.nanoTime() - startNs) / 1e9, budgetNs / 1e9)), result.details());
        }
        return new HistoryChecker.Result(CheckResult.inconclusive(why), Map.of("checked", false, "why", why));
    }

    /**
     * The read-back's verdict: FAIL as soon as one acknowledged write is lost (even in a read-back cut
     * short), otherwise PASS only if every key was read and at least one could be verified.
     */
    private CheckResult readBackVerdict(final ReadBack readBack, final boolean complete, final long budgetNs)
    {
        if (readBack.lost > 0)
        {
            return CheckResult.fail(readBack.lost + " acknowledged writes lost (of " + readBack.toCheck +
                " keys with acknowledged writes)");
        }
        if (!complete)
        {
            return CheckResult.inconclusive(String.format(Locale.ROOT, "the read-back was cut short by its budget " +
                "(%.0f s, --read-back-budget): %d of %d keys read, none lost", budgetNs / 1e9, readBack.read, readBack.toCheck));
        }
        if (0 == readBack.toCheck)
        {
            return readRatio >= 1.0 ? CheckResult.notApplicable("the workload writes nothing (--read-ratio 1)") :
                CheckResult.inconclusive("no write was acknowledged, so nothing could be read back");
        }
        if (0 == readBack.verified)
        {
            return CheckResult.inconclusive("none of the " + readBack.toCheck + " keys read back could be verified (" +
                readBack.unverifiable + " unverifiable: unacknowledged or too many overlapping writes)");
        }
        return CheckResult.pass("0 of " + readBack.toCheck + " keys lost (" + readBack.verified + " verified, " +
            readBack.unverifiable + " unverifiable)");
    }

    /** Reads every key with an acknowledged write back through the target, a window at a time, retrying failures. */
    private final class ReadBack implements CompletionHandler
    {
        private final AckedWriteTracker tracker;
        private final ClientSession session;
        private final int[] pendingKey = new int[READ_BACK_WINDOW];
        private final long[] pendingId = new long[READ_BACK_WINDOW];
        private final byte[] buffer = new byte[maxCommandLength()];
        private final byte[] keyBytes = new byte[KEY_LENGTH];
        private int[] queue;
        private long head;
        private long tail;
        private long toCheck;
        private long read;
        private long verified;
        private long lost;
        private long unverifiable;
        private long retried;
        private int inFlight;

        ReadBack(final AckedWriteTracker tracker, final ClientSession session)
        {
            this.tracker = tracker;
            this.session = session;
        }

        boolean run(final long deadlineNs)
        {
            int count = 0;
            for (int key = 0; key < keys; key++)
            {
                if (null == tracker || tracker.hasAckedWrite(key))
                {
                    count++;
                }
            }
            return run(count, deadlineNs);
        }

        boolean run(final int count, final long deadlineNs)
        {
            toCheck = count;
            // every key is either queued or in flight, never both, so the ring never overflows
            queue = new int[Math.max(1, count)];
            for (int key = 0; key < keys && tail < count; key++)
            {
                if (null == tracker ? isHistoryKey(key) : tracker.hasAckedWrite(key))
                {
                    queue[(int)(tail++ % queue.length)] = key;
                }
            }
            java.util.Arrays.fill(pendingKey, -1);
            long requestSeq = 0;
            while ((head < tail || inFlight > 0) && System.nanoTime() < deadlineNs)
            {
                session.poll(this, READ_BACK_WINDOW);
                while (inFlight < READ_BACK_WINDOW && head < tail)
                {
                    int slot = 0;
                    while (pendingKey[slot] >= 0)
                    {
                        slot++;
                    }
                    final int key = queue[(int)(head % queue.length)];
                    writeKey(keyBytes, 0, key);
                    final int length = KvCommand.encodeGet(buffer, 0, keyBytes);
                    final long requestId = READ_BACK_ID_BASE + requestSeq * READ_BACK_WINDOW + slot;
                    if (!session.trySend(requestId, buffer, 0, length))
                    {
                        break;
                    }
                    requestSeq++;
                    head++;
                    pendingKey[slot] = key;
                    pendingId[slot] = requestId;
                    inFlight++;
                }
                Thread.onSpinWait();
            }
            return head == tail && inFlight == 0;
        }

        @Override
        public void onComplete(
            final long requestId,
            final int outcome,
            final long completedNs,
            final byte[] result,
            final int offset,
            final int length)
        {
            if (requestId < READ_BACK_ID_BASE)
            {
                // a late answer to a request of the run itself
                return;
            }
            final int slot = (int)((requestId - READ_BACK_ID_BASE) % READ_BACK_WINDOW);
            if (pendingId[slot] != requestId || pendingKey[slot] < 0)
            {
                return;
            }
            final int key = pendingKey[slot];
            pendingKey[slot] = -1;
            inFlight--;
            if (CompletionHandler.OK != outcome || length < KvResult.HEADER_LENGTH)
            {
                retried++;
                queue[(int)(tail++ % queue.length)] = key;
                return;
            }
            read++;
            long valueId = KvHistoryOp.ABSENT;
            long writerInvokeNs = Long.MIN_VALUE;
            if (KvResult.Status.OK == KvResult.status(result, offset) &&
                KvResult.valueLength(result, offset) >= MIN_VALUE_SIZE)
            {
                valueId = (long)LONG_LE.get(result, KvResult.valueOffset(offset));
                writerInvokeNs = (long)LONG_LE.get(result, KvResult.valueOffset(offset) + 8);
            }
            if (null == tracker)
            {
                // reading the state before the run
                initialValues.put(key, valueId);
                return;
            }
            final boolean beforeThisRun = KvHistoryOp.ABSENT != valueId && (valueId >>> 48) != runTag;
            switch (beforeThisRun ? AckedWriteTracker.LOST : tracker.judge(key, valueId, writerInvokeNs))
            {
                case AckedWriteTracker.VERIFIED:
                    verified++;
                    break;
                case AckedWriteTracker.LOST:
                    lost++;
                    break;
                default:
                    unverifiable++;
                    break;
            }
        }
    }

    /** One sender's KV session: encodes into the sender's buffer, remembers each slot's op until it completes. */
    private final class KvSession implements WorkloadSession
    {
        private final int senderIndex;
        private final boolean track;
        private final boolean recordHistory;
        private final KeyChooser chooser;
        private final byte[] slotOp;
        private final int[] slotKey;
        private final long[] slotValueId;
        private final long[] slotExpectedId;
        private final long[] slotInvokeNs;
        private final boolean[] slotInHistory;
        private final byte[] keyBytes = new byte[KEY_LENGTH];
        private final byte[] valueBytes = new byte[valueSize];
        private final byte[] expectedBytes = new byte[valueSize];
        private final int[] seenKey = new int[SEEN_CACHE];
        private final long[] seenId = new long[SEEN_CACHE];
        private final long[] seenInvokeNs = new long[SEEN_CACHE];
        private final AckedWriteTracker tracker;

        private final byte[] historyOp;
        private final int[] historyKey;
        private final long[] historyValue;
        private final long[] historyExpected;
        private final long[] historyInvokeNs;
        private final long[] historyCompleteNs;
        private final byte[] historyType;
        private final long[] historyResult;
        private int historyReserved;
        private int historyCount;
        private long historyDropped;
        private long invalidResults;

        KvSession(final int senderIndex, final int slotCapacity, final boolean track, final long seed)
        {
            this.senderIndex = senderIndex;
            this.track = track;
            this.chooser = new KeyChooser(keys, zipf, seed);
            slotOp = new byte[slotCapacity];
            slotKey = new int[slotCapacity];
            slotValueId = new long[slotCapacity];
            slotExpectedId = new long[slotCapacity];
            slotInvokeNs = new long[slotCapacity];
            slotInHistory = new boolean[slotCapacity];
            java.util.Arrays.fill(seenKey, -1);
            // the opt-out (--no-history-check) records nothing: no memory, no work for a check not made
            recordHistory = track && checker.wantsHistory();
            final int historyCapacity = recordHistory ? historyOpsPerSender : 0;
            tracker = track ? new AckedWriteTracker(keys) : null;
            historyOp = new byte[historyCapacity];
            historyKey = new int[historyCapacity];
            historyValue = new long[historyCapacity];
            historyExpected = new long[historyCapacity];
            historyInvokeNs = new long[historyCapacity];
            historyCompleteNs = new long[historyCapacity];
            historyType = new byte[historyCapacity];
            historyResult = new long[historyCapacity];
        }

        @Override
        public int encode(final int slot, final long requestId, final long invokeNs, final byte[] buffer)
        {
            final int key = (int)chooser.next();
            final double choice = chooser.nextDouble();
            writeKey(keyBytes, 0, key);
            final int length;
            final byte op;
            long valueId = KvHistoryOp.ABSENT;
            long expectedId = KvHistoryOp.ABSENT;
            if (choice < readRatio)
            {
                op = OP_GET;
                length = KvCommand.encodeGet(buffer, 0, keyBytes);
            }
            else
            {
                valueId = valueId(senderIndex, requestId);
                writeValue(valueBytes, 0, valueSize, valueId, invokeNs);
                if (choice < readRatio + casRatio)
                {
                    op = OP_CAS;
                    final int cached = key & (SEEN_CACHE - 1);
                    byte[] expected = null;
                    if (seenKey[cached] == key && KvHistoryOp.ABSENT != seenId[cached])
                    {
                        expectedId = seenId[cached];
                        writeValue(expectedBytes, 0, valueSize, expectedId, seenInvokeNs[cached]);
                        expected = expectedBytes;
                    }
                    length = KvCommand.encodeCas(buffer, 0, keyBytes, expected, valueBytes);
                }
                else
                {
                    op = OP_PUT;
                    length = KvCommand.encodePut(buffer, 0, keyBytes, valueBytes);
                }
            }
            slotOp[slot] = op;
            slotKey[slot] = key;
            slotValueId[slot] = valueId;
            slotExpectedId[slot] = expectedId;
            slotInvokeNs[slot] = invokeNs;
            boolean inHistory = false;
            if (recordHistory && isHistoryKey(key))
            {
                if (historyReserved < historyOp.length)
                {
                    historyReserved++;
                    inHistory = true;
                }
                else
                {
                    historyDropped++;
                }
            }
            slotInHistory[slot] = inHistory;
            return length;
        }

        @Override
        public void onComplete(
            final int slot, final int outcome, final long completeNs, final byte[] result, final int offset, final int length)
        {
            if (!track)
            {
                return;
            }
            final byte op = slotOp[slot];
            final int key = slotKey[slot];
            final boolean write = OP_GET != op;
            int type;
            long resultId = KvHistoryOp.ABSENT;
            if (CompletionHandler.OK != outcome || length < KvResult.HEADER_LENGTH)
            {
                type = CompletionHandler.FAILED == outcome ? KvHistoryOp.FAIL : KvHistoryOp.INFO;
                if (CompletionHandler.OK == outcome)
                {
                    // an "ok" without a result is not something a KV store may answer
                    invalidResults++;
                    type = KvHistoryOp.INFO;
                }
                if (write)
                {
                    tracker.onNotAcked(key);
                }
            }
            else
            {
                final KvResult.Status status = KvResult.status(result, offset);
                final int valueLength = KvResult.valueLength(result, offset);
                final boolean hasValue = valueLength >= MIN_VALUE_SIZE && length >= KvResult.HEADER_LENGTH + MIN_VALUE_SIZE;
                final long valueId = hasValue ? (long)LONG_LE.get(result, KvResult.valueOffset(offset)) : KvHistoryOp.ABSENT;
                final long valueInvokeNs = hasValue ? (long)LONG_LE.get(result, KvResult.valueOffset(offset) + 8) : 0;
                if (KvResult.Status.INVALID == status)
                {
                    invalidResults++;
                    type = KvHistoryOp.INVALID;
                    if (write)
                    {
                        tracker.onNotAcked(key);
                    }
                }
                else if (OP_GET == op)
                {
                    type = KvHistoryOp.OK;
                    resultId = KvResult.Status.OK == status ? valueId : KvHistoryOp.ABSENT;
                    remember(key, resultId, valueInvokeNs);
                }
                else if (KvResult.Status.OK == status)
                {
                    type = KvHistoryOp.OK;
                    tracker.onAcked(key, slotValueId[slot], slotInvokeNs[slot], completeNs);
                    remember(key, slotValueId[slot], slotInvokeNs[slot]);
                }
                else if (OP_CAS == op && KvResult.Status.CAS_MISMATCH == status)
                {
                    // nothing written, and the key did not hold the expected value: an observation, unlike
                    // a rejection; the answer tells us the current value
                    type = KvHistoryOp.CAS_MISMATCH;
                    remember(key, valueId, valueInvokeNs);
                }
                else
                {
                    // a status this command cannot answer (a put not OK): nothing is known of its effect
                    invalidResults++;
                    type = KvHistoryOp.INFO;
                    tracker.onNotAcked(key);
                }
            }
            if (slotInHistory[slot])
            {
                appendHistory(slot, KvHistoryOp.INFO == type ? Long.MAX_VALUE : completeNs, type, resultId);
            }
        }

        @Override
        public void onTimeout(final int slot)
        {
            if (!track)
            {
                return;
            }
            if (OP_GET != slotOp[slot])
            {
                tracker.onNotAcked(slotKey[slot]);
            }
            if (slotInHistory[slot])
            {
                appendHistory(slot, Long.MAX_VALUE, KvHistoryOp.INFO, KvHistoryOp.ABSENT);
            }
        }

        private void remember(final int key, final long valueId, final long invokeNs)
        {
            final int cached = key & (SEEN_CACHE - 1);
            seenKey[cached] = key;
            seenId[cached] = valueId;
            seenInvokeNs[cached] = invokeNs;
        }

        private void appendHistory(final int slot, final long completeNs, final int type, final long resultId)
        {
            final int i = historyCount++;
            historyOp[i] = slotOp[slot];
            historyKey[i] = slotKey[slot];
            historyValue[i] = slotValueId[slot];
            historyExpected[i] = slotExpectedId[slot];
            historyInvokeNs[i] = slotInvokeNs[slot];
            historyCompleteNs[i] = completeNs;
            historyType[i] = (byte)type;
            historyResult[i] = resultId;
        }

        void drainHistory(final List<KvHistoryOp> into)
        {
            for (int i = 0; i < historyCount; i++)
            {
                into.add(new KvHistoryOp(senderIndex, historyOp[i], historyKey[i], historyValue[i], historyExpected[i],
                    historyInvokeNs[i], historyCompleteNs[i], historyType[i], historyResult[i]));
            }
        }
    }
}
