package io.quorumbench.conformance.testnodes;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A deliberately simple replicated log used to test the conformance kit itself: the member with
 * the smallest id is leader forever (term 1), it streams its log to followers and commits what a
 * majority holds. Safe by construction (one leader, never truncates), live whenever the leader is
 * up and connected, so the kit must pass it under every fault plan; with
 * {@code appendWithoutGapCheck} a follower appends whatever arrives next in place of the missing
 * entry, a classic bug the kit must catch under loss or reordering.
 *
 * <p>"Disk" is an in-memory map keyed by data directory, with a synced prefix that a power loss
 * keeps. Frames: {@code clusterId:i32 type:u8 from:i32 index:i64 commit:i64 clientId:i64
 * sequence:i64 length:i32 command crc32:i32}, big-endian.
 */
public final class FixedLeaderLogNode implements ProtocolNode
{
    private static final Map<Path, Disk> DISKS = new ConcurrentHashMap<>();
    private static final byte APPEND = 1;
    private static final byte ACK = 2;
    private static final int HEADER = 4 + 1 + 4 + 8 + 8 + 8 + 8 + 4;
    private static final int MAX_BATCH = 16;

    private final NodeConfig config;
    private final boolean appendWithoutGapCheck;
    private final Disk disk;
    private final int leader;
    private final Map<Integer, Long> matchIndex = new HashMap<>();
    private final Map<Long, long[]> sessions = new HashMap<>();
    private final Map<Long, byte[]> sessionResults = new HashMap<>();
    private final byte[] result;
    private long commitIndex;
    private long lastApplied;
    private long lastHeartbeatNs = Long.MIN_VALUE / 2;
    private long rejected;
    private boolean dead;

    /** One entry of the log. */
    private record Entry(long clientId, long sequence, byte[] command)
    {
    }

    /** The durable log of one data directory. */
    private static final class Disk
    {
        final List<Entry> entries = new ArrayList<>();
        int synced;
    }

    /**
     * A factory.
     *
     * @param appendWithoutGapCheck whether followers have the gap bug.
     * @return the factory.
     */
    public static ProtocolNodeFactory factory(final boolean appendWithoutGapCheck)
    {
        return config -> new FixedLeaderLogNode(config, appendWithoutGapCheck);
    }

    FixedLeaderLogNode(final NodeConfig config, final boolean appendWithoutGapCheck)
    {
        this.config = config;
        this.appendWithoutGapCheck = appendWithoutGapCheck;
        this.disk = DISKS.computeIfAbsent(config.dataDir().toAbsolutePath(), p -> new Disk());
        this.leader = config.memberIds()[0];
        this.result = new byte[config.stateMachine().maxResultLength()];
        // sessions are rebuilt by re-applying the log as it commits again
    }

    @Override
    public int nodeId()
    {
        return config.nodeId();
    }

    private boolean isLeader()
    {
        return config.nodeId() == leader;
    }

    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        if (length < HEADER + 4 || Arrays.binarySearch(config.memberIds(), fromNodeId) < 0 || fromNodeId == nodeId())
        {
            rejected++;
            return;
        }
        final CRC32 crc = new CRC32();
        crc.update(frame, offset, length - 4);
        final ByteBuffer in = ByteBuffer.wrap(frame, offset, length);
        if ((int)crc.getValue() != in.getInt(offset + length - 4))
        {
            rejected++;
            return;
        }
        final int clusterId = in.getInt();
        final byte type = in.get();
        final int from = in.getInt();
        final long index = in.getLong();
        final long commit = in.getLong();
        final long clientId = in.getLong();
        final long sequence = in.getLong();
        final int commandLength = in.getInt();
        if (clusterId != config.clusterId() || from != fromNodeId || commandLength < -1 ||
            commandLength != (commandLength < 0 ? -1 : length - HEADER - 4) || (type != APPEND && type != ACK))
        {
            rejected++;
            return;
        }
        if (type == ACK)
        {
            if (isLeader())
            {
                // the follower's own report wins, so one that lost its log after a power loss is refilled
                matchIndex.put(from, index);
                advanceCommit();
            }
            return;
        }
        if (isLeader() || from != leader)
        {
            rejected++;
            return;
        }
        if (commandLength >= 0)
        {
            final byte[] command = new byte[commandLength];
            in.get(command);
            final long last = disk.entries.size();
            if (index == last + 1 || (appendWithoutGapCheck && index > last + 1))
            {
                disk.entries.add(new Entry(clientId, sequence, command));
                sync();
            }
        }
        commitIndex = Math.max(commitIndex, Math.min(commit, disk.entries.size()));
        applyCommitted();
        send(leader, ACK, disk.entries.size(), commitIndex, null);
    }

    @Override
    public void onTick(final long nowNs)
    {
        if (!isLeader() || nowNs - lastHeartbeatNs < config.heartbeatIntervalNs() / 5)
        {
            return;
        }
        lastHeartbeatNs = nowNs;
        for (final int peer : config.memberIds())
        {
            if (peer == nodeId())
            {
                continue;
            }
            final long match = Math.min(disk.entries.size(), matchIndex.getOrDefault(peer, 0L));
            final long last = Math.min(disk.entries.size(), match + MAX_BATCH);
            if (match >= disk.entries.size())
            {
                send(peer, APPEND, 0, commitIndex, null);
            }
            for (long index = match + 1; index <= last; index++)
            {
                send(peer, APPEND, index, commitIndex, disk.entries.get((int)index - 1));
            }
        }
    }

    @Override
    public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        if (!isLeader())
        {
            config.responder().onRejected(clientId, sequence, RejectReason.NOT_LEADER, leader);
            return;
        }
        if (length > config.maxCommandLength())
        {
            config.responder().onRejected(clientId, sequence, RejectReason.INVALID_COMMAND, leader);
            return;
        }
        final long[] session = sessions.get(clientId);
        if (null != session && session[0] >= sequence)
        {
            if (session[0] == sequence)
            {
                final byte[] cached = sessionResults.get(clientId);
                config.responder().onCommitted(clientId, sequence, session[1], cached, 0, cached.length);
            }
            return;
        }
        for (long index = lastApplied + 1; index <= disk.entries.size(); index++)
        {
            final Entry pending = disk.entries.get((int)index - 1);
            if (pending.clientId == clientId && pending.sequence == sequence)
            {
                return;
            }
        }
        disk.entries.add(new Entry(clientId, sequence, Arrays.copyOfRange(command, offset, offset + length)));
        sync();
        advanceCommit();
    }

    private void sync()
    {
        if (config.fsyncPolicy() != FsyncPolicy.NONE)
        {
            disk.synced = disk.entries.size();
        }
    }

    private void advanceCommit()
    {
        final long[] indexes = new long[config.memberIds().length];
        int i = 0;
        for (final int member : config.memberIds())
        {
            // a follower may claim more than the leader holds after the leader lost unsynced entries
            indexes[i++] = member == nodeId() ? disk.entries.size() :
                Math.min(disk.entries.size(), matchIndex.getOrDefault(member, 0L));
        }
        Arrays.sort(indexes);
        final long majority = indexes[indexes.length - config.quorum()];
        if (majority > commitIndex)
        {
            commitIndex = majority;
            applyCommitted();
        }
    }

    private void applyCommitted()
    {
        while (lastApplied < commitIndex)
        {
            lastApplied++;
            final Entry entry = disk.entries.get((int)lastApplied - 1);
            final long[] session = sessions.get(entry.clientId);
            if (null != session && session[0] >= entry.sequence)
            {
                continue;
            }
            final int length = config.stateMachine().apply(lastApplied, entry.command, 0, entry.command.length, result);
            sessions.put(entry.clientId, new long[]{ entry.sequence, lastApplied });
            sessionResults.put(entry.clientId, Arrays.copyOf(result, length));
            if (isLeader())
            {
                config.responder().onCommitted(entry.clientId, entry.sequence, lastApplied, result, 0, length);
            }
        }
    }

    private void send(final int to, final byte type, final long index, final long commit, final Entry entry)
    {
        final int commandLength = null == entry ? -1 : entry.command.length;
        final ByteBuffer out = ByteBuffer.allocate(HEADER + Math.max(0, commandLength) + 4);
        out.putInt(config.clusterId()).put(type).putInt(nodeId()).putLong(index).putLong(commit)
            .putLong(null == entry ? 0 : entry.clientId).putLong(null == entry ? 0 : entry.sequence).putInt(commandLength);
        if (null != entry)
        {
            out.put(entry.command);
        }
        final CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int)crc.getValue());
        config.outbox().send(to, out.array(), 0, out.position());
    }

    @Override
    public Role role()
    {
        return isLeader() ? Role.LEADER : Role.FOLLOWER;
    }

    @Override
    public long term()
    {
        return 1;
    }

    @Override
    public int leaderId()
    {
        return leader;
    }

    @Override
    public long commitIndex()
    {
        return commitIndex;
    }

    @Override
    public long lastApplied()
    {
        return lastApplied;
    }

    @Override
    public long lastLogIndex()
    {
        return disk.entries.size();
    }

    @Override
    public long logTermAt(final long index)
    {
        return index == 0 ? 0 : 1;
    }

    @Override
    public byte[] logCommandAt(final long index)
    {
        return disk.entries.get((int)index - 1).command.clone();
    }

    @Override
    public long rejectedFrames()
    {
        return rejected;
    }

    @Override
    public void crash(final boolean powerLoss)
    {
        dead = true;
        if (powerLoss)
        {
            while (disk.entries.size() > disk.synced)
            {
                disk.entries.remove(disk.entries.size() - 1);
            }
        }
    }

    @Override
    public void close()
    {
        if (!dead)
        {
            dead = true;
            DISKS.remove(config.dataDir().toAbsolutePath());
        }
    }
}
