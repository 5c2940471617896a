package io.quorumbench.baseline.raft.host;

import io.quorumbench.baseline.codec.ClientMessageDescriptor;

/**
 * Compatibility: the constants of {@link ClientMessageDescriptor}, the client message layout, under
 * their old name. Use {@link ClientMessageDescriptor} in new code; this class goes when the
 * benchmarks stop using it.
 */
public final class ClientProtocolDescriptor
{
    /** See {@link ClientMessageDescriptor#MAX_REQUEST_LENGTH}. */
    public static final int MAX_REQUEST_LENGTH = ClientMessageDescriptor.MAX_REQUEST_LENGTH;
    /** See {@link ClientMessageDescriptor#REQUEST_HEADER_LENGTH}. */
    public static final int REQUEST_HEADER_LENGTH = ClientMessageDescriptor.REQUEST_HEADER_LENGTH;
    /** See {@link ClientMessageDescriptor#RESPONSE_HEADER_LENGTH}. */
    public static final int RESPONSE_HEADER_LENGTH = ClientMessageDescriptor.RESPONSE_HEADER_LENGTH;
    /** See {@link ClientMessageDescriptor#STATUS_OK}. */
    public static final byte STATUS_OK = ClientMessageDescriptor.STATUS_OK;
    /** See {@link ClientMessageDescriptor#STATUS_NOT_LEADER}. */
    public static final byte STATUS_NOT_LEADER = ClientMessageDescriptor.STATUS_NOT_LEADER;
    /** See {@link ClientMessageDescriptor#STATUS_BACKPRESSURE}. */
    public static final byte STATUS_BACKPRESSURE = ClientMessageDescriptor.STATUS_BACKPRESSURE;
    /** See {@link ClientMessageDescriptor#STATUS_INVALID_COMMAND}. */
    public static final byte STATUS_INVALID_COMMAND = ClientMessageDescriptor.STATUS_INVALID_COMMAND;
    /** See {@link ClientMessageDescriptor#STATUS_LEADERSHIP_LOST}. */
    public static final byte STATUS_LEADERSHIP_LOST = ClientMessageDescriptor.STATUS_LEADERSHIP_LOST;

    private ClientProtocolDescriptor()
    {
    }
}
