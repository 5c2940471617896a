package io.quorumbench.conformance.check;

import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Checks the safety properties a protocol picks ({@link Invariant}s) after every step of a
 * simulation, by looking at the nodes through the query methods of {@link ProtocolNode} and at what
 * their state machines are given. The properties of a replicated log
 * ({@link ReplicatedLogInvariant}, Raft paper figure 3) share one scan of every node's log:
 *
 * <ul>
 *   <li><b>election safety</b>: at most one leader per term, over the whole run (§5.2);</li>
 *   <li><b>log matching</b>: two logs with an entry of the same index and term hold the same command
 *       there and the same term just before it, hence (by induction) the same prefix (§5.3);</li>
 *   <li><b>leader completeness</b>: an entry known committed while some node was in term T is in the
 *       log of every leader of a term after T (§5.4);</li>
 *   <li><b>state machine safety</b>: one command per committed index across all nodes; a node's
 *       committed entries never change; every node applies the same command at an index, in
 *       increasing index order, and none skips an index another node applied (§5.4.3);</li>
 *   <li><b>commit monotonicity</b>: per node incarnation, the commit index never decreases, and
 *       {@code lastApplied <= commitIndex <= lastLogIndex}.</li>
 * </ul>
 *
 * Other invariants (a lock's single holder, a counter that never decreases) are called after the
 * built-in checks on every step and apply ({@link Invariant}).
 *
 * <p>A crash starts a new incarnation of the node ({@link #onRestart}): volatile state such as the
 * commit index may restart from zero, but whatever it then reports is checked against what the
 * whole cluster committed before. In <em>relaxed</em> mode (a power loss with fsync {@code NONE},
 * where losing acknowledged writes is allowed) violations are counted instead of thrown.
 *
 * <p>Cost: each step scans the touched node's log terms above its commit index (and the whole log
 * every {@value #FULL_TERM_SCAN_EVERY} steps), fetching commands only for entries that changed;
 * every {@value #FULL_COMMAND_SCAN_EVERY} steps it re-reads every command.
 *
 * <p><b>Threading</b>: single-threaded, like the simulator that drives it.
 */
public final class InvariantChecker
{
    /** A full scan of a node's log terms happens every this many steps that touch the node. */
    public static final int FULL_TERM_SCAN_EVERY = 64;
    /** A full re-read of a node's log commands happens every this many steps that touch the node. */
    public static final int FULL_COMMAND_SCAN_EVERY = 512;

    private final IntFunction<ProtocolNode> liveNodes;
    private final int[] nodeIds;
    private final List<Invariant> invariants;
    private final List<Invariant> custom = new ArrayList<>();
    private final boolean electionSafety;
    private final boolean logMatching;
    private final boolean leaderCompleteness;
    private final boolean committedNeverChange;
    private final boolean stateMachineSafety;
    private final Map<Integer, Track> tracks = new HashMap<>();
    private final Map<Long, Integer> leaderByTerm = new HashMap<>();
    private final Map<IndexTerm, EntryInfo> entriesByIndexTerm = new HashMap<>();
    private final List<Committed> committed = new ArrayList<>();
    private final NavigableMap<Long, byte[]> applied = new TreeMap<>();
    private String context = "";
    private boolean relaxed;
    private long relaxedViolations;
    private String firstRelaxedViolation;

    /**
     * A checker for one cluster.
     *
     * @param nodeIds          ids of every member.
     * @param liveNodes        the current incarnation of a node, or {@code null} while it is down.
     * @param invariants       the properties to check, e.g. {@link ReplicatedLogInvariant#raft()}; not empty.
     */
    public InvariantChecker(final int[] nodeIds, final IntFunction<ProtocolNode> liveNodes, final List<Invariant> invariants)
    {
        if (invariants.isEmpty())
        {
            // a checker that checks nothing would pass every run
            throw new IllegalArgumentException("no invariants to check");
        }
        this.nodeIds = nodeIds.clone();
        this.liveNodes = liveNodes;
        final List<Invariant> fresh = new ArrayList<>();
        for (final Invariant invariant : invariants)
        {
            fresh.add(invariant.forNewRun());
        }
        this.invariants = List.copyOf(fresh);
        for (final Invariant invariant : this.invariants)
        {
            if (!(invariant instanceof ReplicatedLogInvariant))
            {
                custom.add(invariant);
            }
        }
        electionSafety = this.invariants.contains(ReplicatedLogInvariant.ELECTION_SAFETY);
        logMatching = this.invariants.contains(ReplicatedLogInvariant.LOG_MATCHING);
        leaderCompleteness = this.invariants.contains(ReplicatedLogInvariant.LEADER_COMPLETENESS);
        committedNeverChange = this.invariants.contains(ReplicatedLogInvariant.COMMITTED_ENTRIES_NEVER_CHANGE);
        stateMachineSafety = this.invariants.contains(ReplicatedLogInvariant.STATE_MACHINE_SAFETY);
        for (final int id : nodeIds)
        {
            tracks.put(id, new Track());
        }
    }

    /**
     * The properties checked.
     *
     * @return the list, as given.
     */
    public List<Invariant> invariants()
    {
        return invariants;
    }

    /**
     * Member ids.
     *
     * @return a copy.
     */
    public int[] nodeIds()
    {
        return nodeIds.clone();
    }

    /**
     * The current incarnation of a node.
     *
     * @param nodeId the node.
     * @return the node, or {@code null} while it is down.
     */
    public ProtocolNode node(final int nodeId)
    {
        return liveNodes.apply(nodeId);
    }

    /**
     * Set the context appended to every violation message (seed, plan).
     *
     * @param context the context.
     */
    public void context(final String context)
    {
        this.context = null == context ? "" : context;
    }

    /**
     * Count violations instead of throwing them, for runs where the fault model allows them.
     *
     * @param relaxed whether to relax.
     */
    public void relaxed(final boolean relaxed)
    {
        this.relaxed = relaxed;
    }

    /**
     * Violations counted in relaxed mode.
     *
     * @return the count.
     */
    public long relaxedViolations()
    {
        return relaxedViolations;
    }

    /**
     * The first violation counted in relaxed mode.
     *
     * @return its message, or {@code null}.
     */
    public String firstRelaxedViolation()
    {
        return firstRelaxedViolation;
    }

    /**
     * Highest index known committed anywhere.
     *
     * @return the index, 0 if none.
     */
    public long maxCommitted()
    {
        return committed.size();
    }

    /**
     * Number of terms that had a leader.
     *
     * @return the count.
     */
    public int termsWithLeader()
    {
        return leaderByTerm.size();
    }

    /**
     * A node was rebuilt after a crash: forget its volatile state.
     *
     * @param nodeId the node.
     */
    public void onRestart(final int nodeId)
    {
        onRestart(nodeId, false);
    }

    /**
     * A node was rebuilt after a crash: forget its volatile state.
     *
     * @param nodeId    the node.
     * @param powerLoss whether the crash lost what the node had not forced to disk.
     */
    public void onRestart(final int nodeId, final boolean powerLoss)
    {
        tracks.put(nodeId, new Track());
        for (final Invariant invariant : custom)
        {
            invariant.onRestart(this, nodeId, powerLoss);
        }
    }

    /**
     * A node's state machine was given a command.
     *
     * @param nodeId  the node.
     * @param index   log index passed to the state machine.
     * @param command buffer holding the command.
     * @param offset  first byte.
     * @param length  length.
     */
    public void onApplied(final int nodeId, final long index, final byte[] command, final int offset, final int length)
    {
        final Track track = tracks.get(nodeId);
        final byte[] bytes = Arrays.copyOfRange(command, offset, offset + length);
        for (final Invariant invariant : custom)
        {
            invariant.onApplied(this, nodeId, index, bytes);
        }
        if (index <= track.lastAppliedSeen)
        {
            violation(stateMachineSafety, "state machine safety", "applied index " + index + " after " +
                track.lastAppliedSeen + " (indexes must increase)", nodeId, index, -1);
            return;
        }
        final byte[] before = applied.get(index);
        if (null != before && !Arrays.equals(before, bytes))
        {
            violation(stateMachineSafety, "state machine safety", "applied a different command at index " + index + " than another node",
                nodeId, index, -1);
        }
        final Map<Long, byte[]> skipped = applied.subMap(track.lastAppliedSeen, false, index, false);
        if (!skipped.isEmpty())
        {
            final long first = skipped.keySet().iterator().next();
            violation(stateMachineSafety, "state machine safety", "skipped index " + first + " that another node applied (applied " +
                track.lastAppliedSeen + " then " + index + ")", nodeId, first, -1);
        }
        if (null == before)
        {
            applied.put(index, bytes);
            for (final int other : nodeIds)
            {
                final Track otherTrack = tracks.get(other);
                if (other != nodeId && otherTrack.lastAppliedSeen > index)
                {
                    violation(stateMachineSafety, "state machine safety", "node " + other + " applied up to " + otherTrack.lastAppliedSeen +
                        " without index " + index + " that node " + nodeId + " applied", other, index, -1);
                }
            }
        }
        track.lastAppliedSeen = index;
    }

    /**
     * A node's state machine was restored from a snapshot reflecting the commands up to {@code index}
     * (a restart from its own snapshot, or one installed from the leader). The state must not go
     * back: a snapshot below what the node already applied in this incarnation is a violation.
     *
     * @param nodeId the node.
     * @param index  last index the snapshot reflects.
     */
    public void onRestored(final int nodeId, final long index)
    {
        final Track track = tracks.get(nodeId);
        if (index < track.lastAppliedSeen)
        {
            violation(stateMachineSafety, "state machine safety", "restored a snapshot at index " + index + " after applying up to " +
                track.lastAppliedSeen + " (the state went back)", nodeId, index, -1);
            return;
        }
        track.lastAppliedSeen = index;
    }

    /**
     * Check everything a step on one node may have changed.
     *
     * @param nodeId the node the step touched.
     */
    public void afterStep(final int nodeId)
    {
        final ProtocolNode node = liveNodes.apply(nodeId);
        if (null == node)
        {
            return;
        }
        final Track track = tracks.get(nodeId);
        track.touches++;
        check(nodeId, node, track, track.touches % FULL_TERM_SCAN_EVERY == 0, track.touches % FULL_COMMAND_SCAN_EVERY == 0);
    }

    /** Check every live node with full scans; call at the end of a run and after healing. */
    public void checkAll()
    {
        for (final int id : nodeIds)
        {
            final ProtocolNode node = liveNodes.apply(id);
            if (null != node)
            {
                check(id, node, tracks.get(id), true, true);
            }
        }
    }

    private void check(
        final int nodeId, final ProtocolNode node, final Track track, final boolean fullTermScan, final boolean fullCommandScan)
    {
        final Role role = node.role();
        final long term = node.term();
        if (role == Role.LEADER)
        {
            final Integer leader = leaderByTerm.putIfAbsent(term, nodeId);
            if (null != leader && leader != nodeId)
            {
                violation(electionSafety, "election safety", "nodes " + leader + " and " + nodeId + " were both leader in term " + term,
                    nodeId, -1, term);
            }
        }

        final long commitIndex = node.commitIndex();
        final long lastLogIndex = node.lastLogIndex();
        final long lastApplied = node.lastApplied();
        if (commitIndex < track.lastCommit)
        {
            violation(committedNeverChange, "commit monotonicity", "commit index went back from " + track.lastCommit + " to " + commitIndex,
                nodeId, commitIndex, term);
        }
        if (commitIndex > lastLogIndex)
        {
            violation(committedNeverChange, "commit bounds", "commit index " + commitIndex + " beyond last log index " + lastLogIndex,
                nodeId, commitIndex, term);
        }
        if (lastApplied > commitIndex)
        {
            violation(committedNeverChange, "commit bounds", "last applied " + lastApplied + " beyond commit index " + commitIndex,
                nodeId, lastApplied, term);
        }
        if (track.lastAppliedSeen > lastApplied)
        {
            violation(committedNeverChange, "commit bounds", "state machine was given index " + track.lastAppliedSeen +
                " but lastApplied() is " + lastApplied, nodeId, track.lastAppliedSeen, term);
        }

        scanLog(nodeId, node, track, role, term, lastLogIndex, fullTermScan, fullCommandScan);

        for (long index = track.lastCommit + 1; index <= commitIndex && index <= track.length; index++)
        {
            onCommitted(nodeId, track, index, term);
        }
        track.lastCommit = Math.max(track.lastCommit, Math.min(commitIndex, track.length));

        if (leaderCompleteness && role == Role.LEADER && track.completenessCheckedTerm != term)
        {
            track.completenessCheckedTerm = term;
            for (int i = 0; i < committed.size(); i++)
            {
                final Committed entry = committed.get(i);
                if (entry.observedTerm < term)
                {
                    checkLeaderHas(nodeId, track, i + 1L, entry, term);
                }
            }
        }
        for (final Invariant invariant : custom)
        {
            invariant.afterStep(this, nodeId, node);
        }
    }

    private void scanLog(
        final int nodeId,
        final ProtocolNode node,
        final Track track,
        final Role role,
        final long term,
        final long lastLogIndex,
        final boolean fullTermScan,
        final boolean fullCommandScan)
    {
        if (lastLogIndex < track.length && lastLogIndex < track.lastCommit)
        {
            violation(committedNeverChange, "state machine safety", "log truncated to " + lastLogIndex + " below its commit index " +
                track.lastCommit, nodeId, lastLogIndex + 1, term);
        }
        track.ensureCapacity(lastLogIndex);
        // Below a snapshot the node holds no entries (section 7): what the checker saw of them before
        // the compaction stays checked if the snapshot ends on the entry the checker saw at its
        // index (log matching: then it saw the snapshot's prefix). Otherwise an installed snapshot
        // replaced them: the ones above the last commit it saw are forgotten, and commitment and
        // leader completeness are checked there only for entries the checker saw.
        final long snapshotIndex = node.snapshotIndex();
        if (snapshotIndex > track.snapshotIndex && snapshotIndex <= track.length &&
            track.terms[(int)snapshotIndex] == node.logTermAt(snapshotIndex))
        {
            track.snapshotIndex = snapshotIndex;
        }
        else if (snapshotIndex > track.snapshotIndex)
        {
            for (long index = Math.max(track.lastCommit, track.snapshotIndex) + 1; index <= Math.min(snapshotIndex, track.length); index++)
            {
                track.terms[(int)index] = 0;
                track.commands[(int)index] = null;
            }
            track.snapshotIndex = snapshotIndex;
        }
        final long from = Math.max(snapshotIndex + 1,
            fullTermScan || fullCommandScan ? 1 : Math.max(1, Math.min(track.lastCommit, track.length)));
        for (long index = from; index <= lastLogIndex; index++)
        {
            final int slot = (int)index;
            final long entryTerm = node.logTermAt(index);
            final boolean cached = index <= track.length && track.terms[slot] == entryTerm;
            if (cached && !fullCommandScan)
            {
                continue;
            }
            final byte[] command = node.logCommandAt(index);
            if (cached && Arrays.equals(track.commands[slot], command))
            {
                continue;
            }
            if (index <= track.length && index <= track.lastCommit)
            {
                violation(committedNeverChange, "state machine safety", "committed entry at index " + index + " changed from term " +
                    track.terms[slot] + " to " + entryTerm, nodeId, index, entryTerm);
            }
            if (logMatching)
            {
                final long previousTerm = index == 1 ? 0 : node.logTermAt(index - 1);
                final EntryInfo info = new EntryInfo(command, previousTerm, nodeId);
                final EntryInfo known = entriesByIndexTerm.putIfAbsent(new IndexTerm(index, entryTerm), info);
                if (null != known && (!Arrays.equals(known.command, command) || known.previousTerm != previousTerm))
                {
                    violation(logMatching, "log matching", "entry (index " + index + ", term " + entryTerm + ") differs from node " +
                        known.nodeId + "'s: " + (Arrays.equals(known.command, command) ? "previous term " +
                        previousTerm + " vs " + known.previousTerm : "different command"), nodeId, index, entryTerm);
                }
            }
            if (leaderCompleteness && role == Role.LEADER && index <= committed.size())
            {
                final Committed entry = committed.get(slot - 1);
                if (entry.observedTerm < term && (entry.term != entryTerm || !Arrays.equals(entry.command, command)))
                {
                    violation(leaderCompleteness, "leader completeness", "leader of term " + term + " holds (term " + entryTerm +
                        ") at committed index " + index + " where term " + entry.term + " was committed", nodeId,
                        index, term);
                }
            }
            track.terms[slot] = entryTerm;
            track.commands[slot] = command;
        }
        for (long index = lastLogIndex + 1; index <= track.length; index++)
        {
            track.commands[(int)index] = null;
        }
        track.length = lastLogIndex;
    }

    private void onCommitted(final int nodeId, final Track track, final long index, final long observedTerm)
    {
        final int slot = (int)index;
        final long entryTerm = track.terms[slot];
        final byte[] command = track.commands[slot];
        if (null == command && index <= track.snapshotIndex)
        {
            // Committed inside a snapshot the checker never saw the entries of.
            return;
        }
        if (index <= committed.size())
        {
            final Committed known = committed.get(slot - 1);
            if (known.term != entryTerm || !Arrays.equals(known.command, command))
            {
                violation(stateMachineSafety, "state machine safety", "committed (term " + entryTerm + ") at index " + index +
                    " but node " + known.nodeId + " committed term " + known.term + " there" +
                    (known.term == entryTerm ? " with another command" : ""), nodeId, index, entryTerm);
            }
            return;
        }
        if (index != committed.size() + 1L)
        {
            // commit indexes advance contiguously from the committed prefix every node shares
            violation(stateMachineSafety, "state machine safety", "committed index " + index + " before index " + (committed.size() + 1),
                nodeId, index, entryTerm);
            return;
        }
        final Committed entry = new Committed(entryTerm, command, observedTerm, nodeId);
        committed.add(entry);
        for (final int other : nodeIds)
        {
            final ProtocolNode otherNode = liveNodes.apply(other);
            if (leaderCompleteness && other != nodeId && null != otherNode && otherNode.role() == Role.LEADER &&
                otherNode.term() > observedTerm)
            {
                final Track otherTrack = tracks.get(other);
                checkLeaderHas(other, otherTrack, index, entry, otherNode.term());
            }
        }
    }

    private void checkLeaderHas(final int nodeId, final Track track, final long index, final Committed entry, final long term)
    {
        final int slot = (int)index;
        if (index <= track.snapshotIndex && null == track.commands[slot])
        {
            return;
        }
        if (index > track.length || track.terms[slot] != entry.term || !Arrays.equals(track.commands[slot], entry.command))
        {
            violation(leaderCompleteness, "leader completeness", "leader of term " + term + " lacks the entry committed at index " + index +
                " (term " + entry.term + ", known committed in term " + entry.observedTerm + " by node " + entry.nodeId +
                ")", nodeId, index, term);
        }
    }

    private void violation(
        final boolean checked, final String invariant, final String detail, final int nodeId, final long index, final long term)
    {
        if (checked)
        {
            violation(invariant, detail, nodeId, index, term);
        }
    }

    /**
     * Report a broken invariant: thrown as an {@link InvariantViolation} with the run's context, or
     * counted in relaxed mode.
     *
     * @param invariant the property's name.
     * @param detail    what was observed.
     * @param nodeId    node where it was observed, or -1.
     * @param index     log index involved, or -1.
     * @param term      term involved, or -1.
     * @throws InvariantViolation unless relaxed.
     */
    public void violation(final String invariant, final String detail, final int nodeId, final long index, final long term)
    {
        final InvariantViolation violation = new InvariantViolation(invariant, detail, nodeId, index, term, context);
        if (relaxed)
        {
            relaxedViolations++;
            if (null == firstRelaxedViolation)
            {
                firstRelaxedViolation = violation.getMessage();
            }
            return;
        }
        throw violation;
    }

    private record IndexTerm(long index, long term)
    {
    }

    private record EntryInfo(byte[] command, long previousTerm, int nodeId)
    {
    }

    private record Committed(long term, byte[] command, long observedTerm, int nodeId)
    {
    }

    /** What the checker remembers of one incarnation of a node. */
    private static final class Track
    {
        long[] terms = new long[64];
        byte[][] commands = new byte[64][];
        long length;
        long lastCommit;
        long lastAppliedSeen;
        long snapshotIndex;
        long completenessCheckedTerm = -1;
        long touches;

        void ensureCapacity(final long lastIndex)
        {
            if (lastIndex >= terms.length)
            {
                final int capacity = (int)Math.max(lastIndex + 1, terms.length * 2L);
                terms = Arrays.copyOf(terms, capacity);
                commands = Arrays.copyOf(commands, capacity);
            }
        }
    }
}
