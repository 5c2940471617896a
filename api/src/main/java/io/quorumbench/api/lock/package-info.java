/**
 * The lock service's shared contract: a Chubby-style lock service (sessions with leases, exclusive
 * locks with FIFO waiters, fencing tokens, lock-delay, a fenced KV resource) run as a replicated
 * state machine on any log.
 *
 * <p>{@link io.quorumbench.api.lock.LockCommand} and {@link io.quorumbench.api.lock.LockResult} are
 * the byte layouts every implementation applies and answers (so the baseline can be the tuned one's
 * oracle byte for byte); {@link io.quorumbench.api.lock.LockServiceConfig} the settings every
 * replica shares; {@link io.quorumbench.api.lock.LockEvents} what a state machine decided, for
 * checkers; {@link io.quorumbench.api.lock.LockStateDigest} the canonical state digest.
 * {@link io.quorumbench.api.lock.LockServiceNode} wraps a log's node (Raft, Multi-Paxos) and is how
 * time enters the log: the leader stamps every command with its clock and term, proposes
 * ExpireSession with the session version it saw run out, and Ticks so that deadlines pass when no
 * client writes. State machines never read a clock.
 *
 * <p>The state machines themselves live with each implementation ({@code baseline.lock},
 * {@code lockfree.lock}); the checks in the conformance kit ({@code conformance.lock}).
 */
package io.quorumbench.api.lock;
