package io.quorumbench.api.consensus;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything a protocol node is built from. One immutable value, validated once on construction,
 * so a simulator and a real host build nodes the same way.
 *
 * @param clusterId             id stamped on every frame; frames of another cluster are dropped and counted.
 * @param nodeId                this node's id, one of {@code memberIds}.
 * @param memberIds             ids of all voting members, this node included.
 * @param outbox                where frames to peers go.
 * @param responder             where client outcomes go.
 * @param stateMachine          what committed commands are applied to.
 * @param dataDir               directory of the durable state (term, vote, log); created if absent.
 * @param fsyncPolicy           when the durable state is forced to disk.
 * @param randomSeed            seed of the node's only source of randomness (election timeouts).
 * @param electionTimeoutMinNs  lower bound of the randomized election timeout.
 * @param electionTimeoutMaxNs  upper bound of the randomized election timeout.
 * @param heartbeatIntervalNs   leader heartbeat interval; well below the election timeout.
 * @param maxCommandLength      largest client command accepted; larger ones are rejected.
 */
public record NodeConfig(
    int clusterId,
    int nodeId,
    int[] memberIds,
    Outbox outbox,
    ClientResponder responder,
    StateMachine stateMachine,
    Path dataDir,
    FsyncPolicy fsyncPolicy,
    long randomSeed,
    long electionTimeoutMinNs,
    long electionTimeoutMaxNs,
    long heartbeatIntervalNs,
    int maxCommandLength)
{
    /** Node id meaning "none known". */
    public static final int NO_NODE = -1;

    /**
     * Validates the configuration.
     */
    public NodeConfig
    {
        Objects.requireNonNull(memberIds, "memberIds");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(stateMachine, "stateMachine");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        memberIds = memberIds.clone();
        Arrays.sort(memberIds);
        if (memberIds.length == 0)
        {
            throw new IllegalArgumentException("memberIds must not be empty");
        }
        for (int i = 1; i < memberIds.length; i++)
        {
            if (memberIds[i] == memberIds[i - 1])
            {
                throw new IllegalArgumentException("duplicate member id " + memberIds[i]);
            }
        }
        if (memberIds[0] < 0)
        {
            throw new IllegalArgumentException("member ids must be >= 0, got " + memberIds[0]);
        }
        if (Arrays.binarySearch(memberIds, nodeId) < 0)
        {
            throw new IllegalArgumentException("nodeId " + nodeId + " is not one of memberIds " + Arrays.toString(memberIds));
        }
        if (electionTimeoutMinNs <= 0 || electionTimeoutMaxNs <= electionTimeoutMinNs)
        {
            throw new IllegalArgumentException("need 0 < electionTimeoutMinNs < electionTimeoutMaxNs, got " +
                electionTimeoutMinNs + ", " + electionTimeoutMaxNs);
        }
        if (heartbeatIntervalNs <= 0 || heartbeatIntervalNs >= electionTimeoutMinNs)
        {
            throw new IllegalArgumentException("need 0 < heartbeatIntervalNs < electionTimeoutMinNs, got " +
                heartbeatIntervalNs);
        }
        if (maxCommandLength <= 0)
        {
            throw new IllegalArgumentException("maxCommandLength must be > 0, got " + maxCommandLength);
        }
    }

    /**
     * Member ids, sorted ascending (a copy).
     *
     * @return the member ids.
     */
    @Override
    public int[] memberIds()
    {
        return memberIds.clone();
    }

    /**
     * Votes needed for a majority of the members.
     *
     * @return the quorum size.
     */
    public int quorum()
    {
        return memberIds.length / 2 + 1;
    }
}
