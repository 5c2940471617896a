package io.quorumbench.api.consensus;

/**
 * When a node forces its durable log to stable storage. Recorded in every result, since it changes
 * both the numbers and what a power loss may take away.
 */
public enum FsyncPolicy
{
    /** Never fsync; writes reach the OS page cache only. A power loss may lose acknowledged entries. */
    NONE,
    /** Group commit: one fsync covers every entry appended since the last one, before they are acknowledged. */
    BATCH,
    /** fsync after every append, before it is acknowledged. */
    ALWAYS
}
