package io.quorumbench.api.lock;

/**
 * The settings of a lock service state machine; every replica must use the same ones.
 *
 * @param lockDelayNs     after a holder's session expires without releasing, the lock is granted
 *                        to nobody for this long (Chubby's lock-delay), so a paused holder's
 *                        in-flight writes drain first.
 * @param leaderGraceNs   when the leader's term changes, every live lease is extended to at least
 *                        this long after the new leader's first command (Chubby's grace period,
 *                        etcd's {@code Promote}), so clients that could not reach a leader during
 *                        the election are not expired for it.
 * @param maxNameLength   longest lock name or key, in bytes; longer ones get {@code NAME_TOO_LONG}.
 * @param maxValueLength  longest fenced-resource value, in bytes.
 */
public record LockServiceConfig(long lockDelayNs, long leaderGraceNs, int maxNameLength, int maxValueLength)
{
    /** Default lock-delay: 100 ms. */
    public static final long LOCK_DELAY_NS_DEFAULT = 100_000_000L;
    /** Default leader grace: 300 ms. */
    public static final long LEADER_GRACE_NS_DEFAULT = 300_000_000L;
    /** Default longest lock name or key: 64 bytes. */
    public static final int MAX_NAME_LENGTH_DEFAULT = 64;
    /** Default longest value: 256 bytes. */
    public static final int MAX_VALUE_LENGTH_DEFAULT = 256;

    /**
     * Validates the settings.
     */
    public LockServiceConfig
    {
        if (lockDelayNs < 0 || leaderGraceNs < 0)
        {
            throw new IllegalArgumentException("lockDelayNs and leaderGraceNs must be >= 0");
        }
        if (maxNameLength < 1 || maxNameLength > LockCommand.MAX_NAME_LENGTH || maxValueLength < 0)
        {
            throw new IllegalArgumentException("maxNameLength must be 1.." + LockCommand.MAX_NAME_LENGTH +
                " and maxValueLength >= 0");
        }
    }

    /**
     * The defaults.
     *
     * @return the default settings.
     */
    public static LockServiceConfig defaults()
    {
        return new LockServiceConfig(
            LOCK_DELAY_NS_DEFAULT, LEADER_GRACE_NS_DEFAULT, MAX_NAME_LENGTH_DEFAULT, MAX_VALUE_LENGTH_DEFAULT);
    }
}
