package io.quorumbench.jmh.paxos;

import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.baseline.paxos.PaxosCodec;
import io.quorumbench.baseline.paxos.PaxosMessage;
import io.quorumbench.baseline.paxos.SlotValue;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.codec.FrameSealer;
import io.quorumbench.lockfree.paxos.codec.AcceptFlyweight;
import io.quorumbench.lockfree.paxos.codec.BatchDescriptor;
import io.quorumbench.lockfree.paxos.codec.PaxosFrameType;
import io.quorumbench.lockfree.paxos.codec.PromiseFlyweight;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
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
 * Encode and decode of the two Multi-Paxos frames that carry values, the way each node does it:
 * {@code accept} (phase 2a: the commit point and one slot of {@value #COMMANDS} commands of
 * {@link ConsensusBenchSettings#command()}) and {@code promise} (phase 1b: {@value #PROMISE_SLOTS} such
 * slots accepted earlier).
 *
 * <ul>
 *   <li>{@code baseline}: the node builds a {@link PaxosMessage} record (values as {@code byte[]}
 *       {@link SlotValue} batches) and {@link PaxosCodec} writes it with {@code DataOutputStream} into a
 *       fresh array; decode checks the envelope and builds the records back.</li>
 *   <li>{@code lockfree}: the slot records are as {@code MappedSlotLog} holds them (CRC32C'd at append);
 *       encode copies them after an {@link AcceptFlyweight} or {@link PromiseFlyweight} into a
 *       preallocated send buffer and seals the frame ({@link FrameSealer}); decode checks the header and
 *       frame checksum and every record ({@link SlotRecordDescriptor#validRecords}), the checks
 *       {@code PaxosCore.onMessage} makes before it reads a value.</li>
 * </ul>
 *
 * <p>Checked in setup: each side's decoder accepts its encoder's frame; each benchmark returns a
 * value derived from the frame, and a rejected frame fails the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class PaxosCodecBenchmark
{
    /** Commands in one slot's value. */
    public static final int COMMANDS = 16;
    /** Slots a promise reports. */
    public static final int PROMISE_SLOTS = 8;

    private static final int CLUSTER_ID = 11;
    private static final int LEADER = 1;
    private static final int FOLLOWER = 2;
    private static final long BALLOT = Ballot.of(7, LEADER);
    private static final long SLOT = 1_000;
    private static final long COMMIT_SLOT = 990;
    private static final int HEADER_LENGTH = FrameHeaderFlyweight.HEADER_LENGTH;
    private static final int MAX_VALUE_LENGTH = 64 * 1024;

    /** {@code baseline} or {@code lockfree}. */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** {@code accept} (phase 2a) or {@code promise} (phase 1b). */
    @Param({ "accept", "promise" })
    public String message;

    private boolean baseline;
    private boolean promise;

    // baseline
    private byte[] value;
    private List<PaxosMessage.AcceptedSlot> acceptedSlots;
    private PaxosCodec leaderCodec;
    private PaxosCodec followerCodec;
    private byte[] baselineFrame;

    // lockfree
    private final Crc32cChecksum crc = new Crc32cChecksum();
    private final AcceptFlyweight accept = new AcceptFlyweight();
    private final PromiseFlyweight promiseFlyweight = new PromiseFlyweight();
    private FrameSealer leaderFrames;
    private FrameSealer followerFrames;
    private UnsafeBuffer records;
    private int recordsLength;
    private int recordCount;
    private UnsafeBuffer sendBuffer;
    private UnsafeBuffer receivedFrame;
    private int frameLength;

    /**
     * Build the values in each implementation's form and check a round trip.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        promise = switch (message)
        {
            case "accept" -> false;
            case "promise" -> true;
            default -> throw new IllegalArgumentException("unknown message '" + message + "', expected accept or promise");
        };
        recordCount = promise ? PROMISE_SLOTS : 1;
        final byte[] command = ConsensusBenchSettings.command();
        switch (impl)
        {
            case "baseline" ->
            {
                baseline = true;
                final List<SlotValue.Command> commands = new ArrayList<>(COMMANDS);
                for (int i = 0; i < COMMANDS; i++)
                {
                    commands.add(new SlotValue.Command(42, i + 1, command.clone()));
                }
                value = SlotValue.batch(commands);
                acceptedSlots = new ArrayList<>(PROMISE_SLOTS);
                for (int i = 0; i < PROMISE_SLOTS; i++)
                {
                    acceptedSlots.add(new PaxosMessage.AcceptedSlot(SLOT + i, BALLOT, value.clone()));
                }
                leaderCodec = new PaxosCodec(CLUSTER_ID, LEADER, ConsensusBenchSettings.MAX_COMMAND_BYTES, MAX_VALUE_LENGTH);
                followerCodec = new PaxosCodec(CLUSTER_ID, FOLLOWER, ConsensusBenchSettings.MAX_COMMAND_BYTES, MAX_VALUE_LENGTH);
                baselineFrame = leaderCodec.encode(baselineMessage());
                if (decodeBaseline() != recordCount)
                {
                    throw new IllegalStateException("baseline decode did not return the encoded " + message + ": " +
                        followerCodec.lastVerdict());
                }
            }
            case "lockfree" ->
            {
                final UnsafeBuffer batch = new UnsafeBuffer(new byte[MAX_VALUE_LENGTH]);
                final UnsafeBuffer commandBuffer = new UnsafeBuffer(command);
                int batchLength = BatchDescriptor.HEADER_LENGTH;
                for (int i = 0; i < COMMANDS; i++)
                {
                    batchLength = BatchDescriptor.putEntry(batch, batchLength, 42, i + 1, commandBuffer, 0, command.length);
                }
                BatchDescriptor.count(batch, 0, COMMANDS);
                final int recordLength = SlotRecordDescriptor.recordLength(batchLength);
                records = new UnsafeBuffer(new byte[recordLength * recordCount]);
                for (int i = 0; i < recordCount; i++)
                {
                    SlotRecordDescriptor.encode(records, i * recordLength, SLOT + i, BALLOT, batch, 0, batchLength, crc);
                }
                recordsLength = recordLength * recordCount;
                leaderFrames = new FrameSealer(CLUSTER_ID, LEADER, crc);
                followerFrames = new FrameSealer(CLUSTER_ID, FOLLOWER, crc);
                sendBuffer = new UnsafeBuffer(new byte[HEADER_LENGTH + PromiseFlyweight.HEADER_LENGTH + recordsLength]);
                frameLength = encodeLockfree();
                receivedFrame = new UnsafeBuffer(new byte[frameLength]);
                receivedFrame.putBytes(0, sendBuffer, 0, frameLength);
                if (decodeLockfree() != recordCount)
                {
                    throw new IllegalStateException("lockfree decode did not accept its own " + message + " frame");
                }
            }
            default -> throw new IllegalArgumentException("unknown paxos impl '" + impl + "', expected baseline or lockfree");
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
        return baseline ? leaderCodec.encode(baselineMessage()).length : encodeLockfree();
    }

    /**
     * Decode and validate the frame.
     *
     * @return slots decoded; a rejected frame fails the run.
     */
    @Benchmark
    public int decode()
    {
        final int slots = baseline ? decodeBaseline() : decodeLockfree();
        if (slots != recordCount)
        {
            throw new IllegalStateException(impl + " decode rejected the " + message + " frame");
        }
        return slots;
    }

    private PaxosMessage baselineMessage()
    {
        return promise ? new PaxosMessage.Promise(BALLOT, true, BALLOT, COMMIT_SLOT, acceptedSlots) :
            new PaxosMessage.Accept(BALLOT, SLOT, COMMIT_SLOT, value);
    }

    private int decodeBaseline()
    {
        final PaxosMessage decoded = followerCodec.decode(LEADER, baselineFrame, 0, baselineFrame.length, id -> id != FOLLOWER);
        if (decoded instanceof PaxosMessage.Accept a && !promise)
        {
            return a.value().length == value.length ? 1 : -1;
        }
        if (decoded instanceof PaxosMessage.Promise p && promise)
        {
            return p.accepted().size();
        }
        return -1;
    }

    private int encodeLockfree()
    {
        // PaxosCore.encodeAccept / the promise chunk: records as the log holds them, the fixed part, the seal.
        final int fixedLength = promise ? PromiseFlyweight.HEADER_LENGTH : AcceptFlyweight.HEADER_LENGTH;
        sendBuffer.putBytes(HEADER_LENGTH + fixedLength, records, 0, recordsLength);
        if (promise)
        {
            promiseFlyweight.wrap(sendBuffer, HEADER_LENGTH).encode(BALLOT, BALLOT, SLOT, 0, recordCount);
        }
        else
        {
            accept.wrap(sendBuffer, HEADER_LENGTH).encode(COMMIT_SLOT);
        }
        return leaderFrames.seal(sendBuffer, 0, promise ? PaxosFrameType.TYPE_PROMISE : PaxosFrameType.TYPE_ACCEPT,
            fixedLength + recordsLength);
    }

    /** The checks of PaxosCore.onMessage, onAccept and onPromise; the slots carried, or -1 if rejected. */
    private int decodeLockfree()
    {
        if (!followerFrames.isValid(receivedFrame, 0, frameLength, LEADER))
        {
            return -1;
        }
        final int bodyLength = followerFrames.header().bodyLength();
        final int count;
        final int fixedLength;
        if (promise)
        {
            if (followerFrames.header().type() != PaxosFrameType.TYPE_PROMISE || bodyLength < PromiseFlyweight.HEADER_LENGTH)
            {
                return -1;
            }
            promiseFlyweight.wrap(receivedFrame, HEADER_LENGTH);
            count = promiseFlyweight.recordCount();
            fixedLength = PromiseFlyweight.HEADER_LENGTH;
            if (promiseFlyweight.promised() < promiseFlyweight.ballot() || count < 0)
            {
                return -1;
            }
        }
        else
        {
            if (followerFrames.header().type() != PaxosFrameType.TYPE_ACCEPT || bodyLength < AcceptFlyweight.HEADER_LENGTH ||
                accept.wrap(receivedFrame, HEADER_LENGTH).commitSlot() < 0)
            {
                return -1;
            }
            count = 1;
            fixedLength = AcceptFlyweight.HEADER_LENGTH;
        }
        return SlotRecordDescriptor.validRecords(receivedFrame, HEADER_LENGTH + fixedLength, bodyLength - fixedLength, count,
            1, Long.MAX_VALUE, Long.MAX_VALUE, MAX_VALUE_LENGTH, ConsensusBenchSettings.MAX_COMMAND_BYTES, crc) ? count : -1;
    }
}
