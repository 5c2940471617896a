package io.quorumbench.jmh.raft;

import io.quorumbench.baseline.raft.Entry;
import io.quorumbench.baseline.raft.RaftCodec;
import io.quorumbench.baseline.raft.RaftMessage;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.raft.codec.AppendEntriesFlyweight;
import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
import io.quorumbench.lockfree.raft.codec.RaftFrameType;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of one AppendEntries frame carrying {@code entries} client commands (the
 * 60-byte command of {@link ConsensusBenchSettings#command()}), the way each node does it:
 *
 * <ul>
 *   <li>{@code baseline}: the entries are {@link Entry} records as {@code FileLog} holds them;
 *       encode builds a {@link RaftMessage.AppendEntries} and {@link RaftCodec#encode} writes it
 *       with {@code DataOutputStream} into a fresh array, CRC32 over header and body; decode
 *       ({@link RaftCodec#decode}) checks the frame and builds the records back.</li>
 *   <li>{@code lockfree}: the entries are {@link LogRecordDescriptor} records as
 *       {@code MappedRaftLog} holds them (each already CRC32C'd at append); encode copies them after
 *       an {@link AppendEntriesFlyweight} into a preallocated send buffer, checksums the body and
 *       writes the {@link FrameHeaderFlyweight}; decode checks the header and body checksum, reads
 *       the flyweight and validates every record (bounds, CRC32C, terms never decreasing), the
 *       same calls {@code RaftCore.onMessage} makes before it appends anything.</li>
 * </ul>
 *
 * <p>Checked in setup: each side's decoder accepts its encoder's frame and gets back every entry
 * (count, terms, sequences); each benchmark returns a value derived from the whole frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class RaftCodecBenchmark
{
    private static final int CLUSTER_ID = 11;
    private static final int LEADER = 1;
    private static final int FOLLOWER = 2;
    private static final long TERM = 7;
    private static final long PREV_LOG_INDEX = 1_000;
    private static final long PREV_LOG_TERM = 6;
    private static final long LEADER_COMMIT = 990;
    private static final int HEADER_LENGTH = FrameHeaderFlyweight.HEADER_LENGTH;

    /** {@code baseline} or {@code lockfree}. */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** Commands carried by the frame. */
    @Param({ "1", "16", "64" })
    public int entries;

    private boolean baseline;

    // baseline
    private List<Entry> entryList;
    private RaftCodec leaderCodec;
    private RaftCodec followerCodec;
    private byte[] baselineFrame;

    // lockfree
    private final Crc32cChecksum crc = new Crc32cChecksum();
    private final FrameHeaderFlyweight header = new FrameHeaderFlyweight();
    private final AppendEntriesFlyweight appendEntries = new AppendEntriesFlyweight();
    private UnsafeBuffer records;
    private int recordsLength;
    private UnsafeBuffer sendBuffer;
    private UnsafeBuffer receivedFrame;
    private int frameLength;

    /**
     * Build the entries in each implementation's log form and check a round trip.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (entries < 1)
        {
            throw new IllegalArgumentException("entries must be >= 1, got " + entries);
        }
        final byte[] command = ConsensusBenchSettings.command();
        switch (impl)
        {
            case "baseline" ->
            {
                baseline = true;
                entryList = new ArrayList<>(entries);
                for (int i = 0; i < entries; i++)
                {
                    entryList.add(new Entry(TERM, Entry.TYPE_COMMAND, 42, i + 1, command.clone()));
                }
                leaderCodec = new RaftCodec(CLUSTER_ID, LEADER, ConsensusBenchSettings.MAX_COMMAND_BYTES);
                followerCodec = new RaftCodec(CLUSTER_ID, FOLLOWER, ConsensusBenchSettings.MAX_COMMAND_BYTES);
                baselineFrame = leaderCodec.encode(appendEntriesMessage());
                checkBaseline(followerCodec.decode(LEADER, baselineFrame, 0, baselineFrame.length, id -> id == 1 || id == 3));
            }
            case "lockfree" ->
            {
                final int recordLength = LogRecordDescriptor.recordLength(command.length);
                records = new UnsafeBuffer(new byte[recordLength * entries]);
                final UnsafeBuffer commandBuffer = new UnsafeBuffer(command);
                for (int i = 0; i < entries; i++)
                {
                    final int offset = i * recordLength;
                    records.putBytes(offset + LogRecordDescriptor.HEADER_LENGTH, commandBuffer, 0, command.length);
                    LogRecordDescriptor.encodeHeader(records, offset, TERM, 42, i + 1, 0, command.length, crc);
                }
                recordsLength = recordLength * entries;
                sendBuffer = new UnsafeBuffer(new byte[HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET + recordsLength]);
                frameLength = encodeLockfree();
                receivedFrame = new UnsafeBuffer(new byte[frameLength]);
                receivedFrame.putBytes(0, sendBuffer, 0, frameLength);
                if (decodeLockfree() != entries)
                {
                    throw new IllegalStateException("lockfree decode did not accept its own frame of " + entries + " entries");
                }
                checkLockfreeSequences();
            }
            default -> throw new IllegalArgumentException("unknown raft impl '" + impl + "', expected baseline or lockfree");
        }
    }

    /**
     * Encode the frame.
     *
     * @return the frame length in bytes.
     */
    @Benchmark
    public int encode()
    {
        if (baseline)
        {
            return leaderCodec.encode(appendEntriesMessage()).length;
        }
        return encodeLockfree();
    }

    /**
     * Decode and validate the frame.
     *
     * @return entries decoded; a rejected frame fails the run.
     */
    @Benchmark
    public int decode()
    {
        if (baseline)
        {
            final RaftMessage message = followerCodec.decode(LEADER, baselineFrame, 0, baselineFrame.length, id -> id == 1 || id == 3);
            if (!(message instanceof RaftMessage.AppendEntries ae))
            {
                throw new IllegalStateException("baseline decode rejected the frame: " + followerCodec.lastVerdict());
            }
            return ae.entries().size();
        }
        final int count = decodeLockfree();
        if (count < 0)
        {
            throw new IllegalStateException("lockfree decode rejected the frame");
        }
        return count;
    }

    private RaftMessage.AppendEntries appendEntriesMessage()
    {
        return new RaftMessage.AppendEntries(TERM, PREV_LOG_INDEX, PREV_LOG_TERM, LEADER_COMMIT, entryList);
    }

    private int encodeLockfree()
    {
        // RaftCore.sendAppend: copy the records as the log holds them, then the fixed part, checksum, header.
        final int entriesOffset = HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET;
        final int recordLength = recordsLength / entries;
        for (int i = 0, offset = 0; i < entries; i++, offset += recordLength)
        {
            sendBuffer.putBytes(entriesOffset + offset, records, offset, recordLength);
        }
        appendEntries.wrap(sendBuffer, HEADER_LENGTH)
            .encode(TERM, PREV_LOG_INDEX, PREV_LOG_TERM, LEADER_COMMIT, entries, recordsLength);
        final int bodyLength = AppendEntriesFlyweight.ENTRIES_OFFSET + recordsLength;
        final int checksum = crc.compute(sendBuffer, HEADER_LENGTH, bodyLength);
        header.wrapForEncode(sendBuffer, 0).encode(RaftFrameType.TYPE_APPEND_ENTRIES, CLUSTER_ID, LEADER, bodyLength, checksum);
        return HEADER_LENGTH + bodyLength;
    }

    /** The checks of RaftCore.onMessage and validEntries; the entry count, or -1 if rejected. */
    private int decodeLockfree()
    {
        header.wrap(receivedFrame, 0);
        final int bodyLength = header.bodyLength();
        if (header.magic() != FrameHeaderFlyweight.MAGIC || header.version() != FrameHeaderFlyweight.VERSION ||
            header.clusterId() != CLUSTER_ID || header.from() != LEADER || bodyLength != frameLength - HEADER_LENGTH ||
            header.type() != RaftFrameType.TYPE_APPEND_ENTRIES ||
            crc.compute(receivedFrame, HEADER_LENGTH, bodyLength) != header.checksum() ||
            bodyLength < AppendEntriesFlyweight.ENTRIES_OFFSET)
        {
            return -1;
        }
        appendEntries.wrap(receivedFrame, HEADER_LENGTH);
        final long term = appendEntries.term();
        final long prevLogTerm = appendEntries.prevLogTerm();
        final int count = appendEntries.entryCount();
        final int entriesLength = appendEntries.entriesLength();
        if (appendEntries.prevLogIndex() < 0 || prevLogTerm < 0 || prevLogTerm > term || appendEntries.leaderCommit() < 0 ||
            count < 0 || entriesLength != bodyLength - AppendEntriesFlyweight.ENTRIES_OFFSET)
        {
            return -1;
        }
        int position = HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET;
        final int end = position + entriesLength;
        long lastTerm = prevLogTerm;
        for (int i = 0; i < count; i++)
        {
            final int recordLength = LogRecordDescriptor.validate(
                receivedFrame, position, end - position, ConsensusBenchSettings.MAX_COMMAND_BYTES, crc);
            if (recordLength < 0)
            {
                return -1;
            }
            final long entryTerm = LogRecordDescriptor.term(receivedFrame, position);
            if (entryTerm < lastTerm || entryTerm > term)
            {
                return -1;
            }
            lastTerm = entryTerm;
            position += recordLength;
        }
        return position == end ? count : -1;
    }

    private void checkBaseline(final RaftMessage decoded)
    {
        if (!(decoded instanceof RaftMessage.AppendEntries ae) || ae.entries().size() != entries ||
            ae.term() != TERM || ae.prevLogIndex() != PREV_LOG_INDEX || ae.leaderCommit() != LEADER_COMMIT)
        {
            throw new IllegalStateException("baseline decode did not return the encoded AppendEntries: " + decoded +
                " (" + followerCodec.lastVerdict() + ")");
        }
        for (int i = 0; i < entries; i++)
        {
            if (ae.entries().get(i).sequence() != i + 1 || ae.entries().get(i).term() != TERM)
            {
                throw new IllegalStateException("baseline entry " + i + " decoded as " + ae.entries().get(i));
            }
        }
    }

    private void checkLockfreeSequences()
    {
        final int recordLength = recordsLength / entries;
        for (int i = 0; i < entries; i++)
        {
            final int offset = HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET + i * recordLength;
            if (LogRecordDescriptor.sequence(receivedFrame, offset) != i + 1 || LogRecordDescriptor.term(receivedFrame, offset) != TERM)
            {
                throw new IllegalStateException("lockfree entry " + i + " decoded with sequence " +
                    LogRecordDescriptor.sequence(receivedFrame, offset));
            }
        }
    }
}
