package io.quorumbench.jmh.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.baseline.paxos.AcceptorLog;
import io.quorumbench.baseline.paxos.SlotValue;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.paxos.MappedSlotLog;
import io.quorumbench.lockfree.paxos.codec.BatchDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of an acceptor accepting one slot (a one-command batch of {@link ConsensusBenchSettings#command()})
 * into its durable log, per fsync policy: {@code baseline} {@link AcceptorLog} (values as objects,
 * records written with a {@code FileChannel}) vs {@code lockfree} {@link MappedSlotLog} (records CRC'd
 * straight into memory-mapped segments, an index that allows holes).
 *
 * <p>{@code policy}: {@code none} appends only; {@code batch} forces once per {@value #GROUP} accepts
 * (group commit); {@code always} forces after every accept; each log forces as its node does
 * ({@code AcceptorLog.sync()}, {@code MappedSlotLog.force()}). What a force costs depends on the file
 * system of {@code java.io.tmpdir} (the suite records it as {@code paxos.data.fileSystem}).
 *
 * <p>Neither log truncates (an acceptor keeps its slots), so the log is replaced by a fresh one in a
 * fresh directory every {@value #WRAP} slots to bound disk use; the measured time includes that
 * (close, delete, open) amortised over the slots. Checked: at every wrap and at tear-down the last slot
 * holds the ballot it was accepted in.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class PaxosLogAppendBenchmark
{
    /** Accepts per force under {@code batch}. */
    public static final int GROUP = 32;

    /** Slots after which the log is replaced by an empty one (about 100 MiB of one-command records). */
    public static final int WRAP = 1 << 20;

    private static final long BALLOT = Ballot.of(3, 1);
    private static final int SEGMENT_LENGTH = 16 * 1024 * 1024;
    private static final int MAX_VALUE_LENGTH = 8 * 1024;

    /** {@code baseline} ({@link AcceptorLog}) or {@code lockfree} ({@link MappedSlotLog}). */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** {@code none}, {@code batch} or {@code always}. */
    @Param({ "none", "batch", "always" })
    public String policy;

    private Path root;
    private Path dir;
    private FsyncPolicy fsyncPolicy;
    private boolean baseline;
    private AcceptorLog acceptorLog;
    private MappedSlotLog mappedLog;
    private byte[] value;
    private UnsafeBuffer valueBuffer;
    private int valueLength;
    private long slot;
    private long appends;
    private int generation;

    /**
     * Open an empty log in a fresh directory and check a first accept reads back.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        fsyncPolicy = ConsensusBenchSettings.fsyncPolicy(policy);
        root = ConsensusBenchSettings.newDataDir(ConsensusBenchSettings.dataRoot(), "qb-jmh-paxos-log-");
        final byte[] command = ConsensusBenchSettings.command();
        switch (impl)
        {
            case "baseline" ->
            {
                baseline = true;
                value = SlotValue.batch(List.of(new SlotValue.Command(1, 1, command)));
            }
            case "lockfree" ->
            {
                valueBuffer = new UnsafeBuffer(new byte[MAX_VALUE_LENGTH]);
                valueLength = BatchDescriptor.putEntry(valueBuffer, BatchDescriptor.HEADER_LENGTH, 1, 1,
                    new UnsafeBuffer(command), 0, command.length);
                BatchDescriptor.count(valueBuffer, 0, 1);
            }
            default -> throw new IllegalArgumentException("unknown paxos impl '" + impl + "', expected baseline or lockfree");
        }
        open();
        append();
        check();
    }

    /**
     * Check the last accept, close the log and delete its files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (null != acceptorLog || null != mappedLog)
            {
                check();
            }
        }
        finally
        {
            close();
            ConsensusBenchSettings.deleteTree(root);
        }
    }

    /**
     * Accept the next slot, forcing as the policy says.
     *
     * @return the slot accepted.
     */
    @Benchmark
    public long append()
    {
        if (slot == WRAP)
        {
            check();
            close();
            ConsensusBenchSettings.deleteTree(dir);
            open();
        }
        final long s = ++slot;
        final long n = ++appends;
        final boolean force = fsyncPolicy == FsyncPolicy.ALWAYS || (fsyncPolicy == FsyncPolicy.BATCH && n % GROUP == 0);
        if (baseline)
        {
            acceptorLog.accept(s, BALLOT, value);
            if (force)
            {
                acceptorLog.sync();
            }
        }
        else
        {
            mappedLog.append(s, BALLOT, valueBuffer, 0, valueLength);
            if (force)
            {
                mappedLog.force();
            }
        }
        return s;
    }

    private void open()
    {
        dir = root.resolve("log-" + generation++);
        slot = 0;
        if (baseline)
        {
            acceptorLog = new AcceptorLog(dir, fsyncPolicy, MAX_VALUE_LENGTH);
        }
        else
        {
            mappedLog = new MappedSlotLog(dir, SEGMENT_LENGTH, MAX_VALUE_LENGTH, new Crc32cChecksum());
        }
    }

    private void close()
    {
        if (null != acceptorLog)
        {
            acceptorLog.close();
            acceptorLog = null;
        }
        if (null != mappedLog)
        {
            mappedLog.close();
            mappedLog = null;
        }
    }

    private void check()
    {
        final long highest = baseline ? acceptorLog.highestSlot() : mappedLog.highestSlot();
        final long ballot = baseline ? acceptorLog.ballotAt(slot) : mappedLog.ballotAt(slot);
        if (highest != slot || ballot != BALLOT)
        {
            throw new IllegalStateException(impl + " log's highest slot is " + highest + " with ballot " + ballot +
                " after accepting slot " + slot + " in ballot " + BALLOT);
        }
    }
}
