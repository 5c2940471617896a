package io.quorumbench.jmh.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.baseline.raft.Entry;
import io.quorumbench.baseline.raft.FileLog;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.raft.MappedRaftLog;
import io.quorumbench.lockfree.raft.RaftTuning;
import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
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
 * Cost of appending one client command to a node's durable log, per fsync policy:
 * {@code baseline} {@link FileLog} (entries as objects in an {@code ArrayList}, records written
 * with a {@code FileChannel}) vs {@code lockfree} {@link MappedRaftLog} (records CRC'd straight
 * into memory-mapped segments).
 *
 * <p>{@code policy}: {@code none} appends only (the page cache is the promise); {@code batch}
 * forces once per {@value #GROUP} appends (group commit, the force amortised over the group);
 * {@code always} forces after every append. Each implementation forces as its node does:
 * {@code FileLog.sync()} ({@code FileChannel.force}) and {@code MappedRaftLog.force()} (msync of
 * the bytes appended since the last force).
 *
 * <p><b>Storage</b>: the logs live in a fresh directory under {@code java.io.tmpdir}, and what an
 * fsync costs depends entirely on that file system: on tmpfs it is free, on an overlay or a
 * virtual disk it is whatever the host does with a flush. The suite records its type in the run
 * context ({@code raft.data.fileSystem}); compare {@code batch}/{@code always} figures only between
 * runs on the same storage.
 *
 * <p>The log is emptied every {@value #WRAP} entries ({@code truncateFrom(1)}), so a long run
 * needs bounded disk and memory; the measured time includes that truncation amortised over the
 * entries (an ftruncate and list clear for {@code FileLog}, zeroing the bytes, forced unless
 * {@code none}, for {@code MappedRaftLog}, as each log truncates in service).
 *
 * <p>Checked: after every wrap and at tear-down the last entry must be the last one appended.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class RaftLogAppendBenchmark
{
    /** Appends per force under {@code batch}. */
    public static final int GROUP = 32;

    /** Entries after which the log is emptied. */
    public static final int WRAP = 1 << 16;

    private static final long TERM = 1;
    private static final long CLIENT_ID = 1;
    private static final int SEGMENT_LENGTH = 16 * 1024 * 1024;

    /** {@code baseline} ({@link FileLog}) or {@code lockfree} ({@link MappedRaftLog}). */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** {@code none}, {@code batch} or {@code always}. */
    @Param({ "none", "batch", "always" })
    public String policy;

    private Path dir;
    private FsyncPolicy fsyncPolicy;
    private boolean baseline;
    private FileLog fileLog;
    private MappedRaftLog mappedLog;
    private byte[] command;
    private UnsafeBuffer commandBuffer;
    private long sequence;

    /**
     * Open an empty log in a fresh directory and check a first append reads back.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        fsyncPolicy = ConsensusBenchSettings.fsyncPolicy(policy);
        dir = ConsensusBenchSettings.newDataDir(ConsensusBenchSettings.dataRoot(), "qb-jmh-raft-log-");
        command = ConsensusBenchSettings.command();
        commandBuffer = new UnsafeBuffer(command);
        switch (impl)
        {
            case "baseline" ->
            {
                baseline = true;
                fileLog = new FileLog(dir, fsyncPolicy, ConsensusBenchSettings.MAX_COMMAND_BYTES);
            }
            case "lockfree" -> mappedLog = new MappedRaftLog(
                dir, SEGMENT_LENGTH, ConsensusBenchSettings.MAX_COMMAND_BYTES, WRAP + 16, fsyncPolicy != FsyncPolicy.NONE,
                new RaftTuning().preTouchLog(), new Crc32cChecksum());
            default -> throw new IllegalArgumentException("unknown raft impl '" + impl + "', expected baseline or lockfree");
        }
        append();
        check();
    }

    /**
     * Check the last append, close the log and delete its files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (null != fileLog || null != mappedLog)
            {
                check();
            }
        }
        finally
        {
            if (null != fileLog)
            {
                fileLog.close();
            }
            if (null != mappedLog)
            {
                mappedLog.close();
            }
            ConsensusBenchSettings.deleteTree(dir);
        }
    }

    /**
     * Append one command, forcing as the policy says.
     *
     * @return the index of the new entry.
     */
    @Benchmark
    public long append()
    {
        final long index;
        if (baseline)
        {
            if (fileLog.lastIndex() == WRAP)
            {
                check();
                fileLog.truncateFrom(1);
            }
            final long seq = ++sequence;
            // As the baseline node stores a client command: a fresh entry owning a copy of the bytes.
            fileLog.append(List.of(new Entry(TERM, Entry.TYPE_COMMAND, CLIENT_ID, seq, command.clone())));
            if (fsyncPolicy == FsyncPolicy.BATCH && seq % GROUP == 0)
            {
                fileLog.sync();
            }
            index = fileLog.lastIndex();
        }
        else
        {
            if (mappedLog.lastIndex() == WRAP)
            {
                check();
                mappedLog.truncateFrom(1);
            }
            final long seq = ++sequence;
            index = mappedLog.append(TERM, CLIENT_ID, seq, 0, commandBuffer, 0, command.length);
            if (fsyncPolicy == FsyncPolicy.ALWAYS || (fsyncPolicy == FsyncPolicy.BATCH && seq % GROUP == 0))
            {
                mappedLog.force();
            }
        }
        return index;
    }

    private void check()
    {
        final long lastIndex = baseline ? fileLog.lastIndex() : mappedLog.lastIndex();
        final long expectedIndex = (sequence - 1) % WRAP + 1;
        if (lastIndex != expectedIndex)
        {
            throw new IllegalStateException(impl + " log holds " + lastIndex + " entries after " + sequence +
                " appends, expected " + expectedIndex);
        }
        final long lastSequence = baseline ? fileLog.entryAt(lastIndex).sequence() :
            LogRecordDescriptor.sequence(mappedLog.buffer(lastIndex), mappedLog.offset(lastIndex));
        if (lastSequence != sequence)
        {
            throw new IllegalStateException(impl + " log's last entry has sequence " + lastSequence + ", expected " + sequence);
        }
    }
}
