package io.quorumbench.api.consensus;

/** Why a node did not accept a client command. */
public enum RejectReason
{
    /** This node is not the leader; see the leader hint. */
    NOT_LEADER,
    /** The node's queues are full; back off and retry. */
    BACKPRESSURE,
    /** The command is malformed or larger than the configured maximum. */
    INVALID_COMMAND,
    /** Leadership was lost before the command committed; its outcome is unknown (an "info" op). */
    LEADERSHIP_LOST
}
