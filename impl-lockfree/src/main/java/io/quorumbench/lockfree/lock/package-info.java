/**
 * The tuned lock service state machine, {@link io.quorumbench.lockfree.lock.LockTableStateMachine}:
 * sessions, locks, waiters and the fenced resource in primitive slot tables found through Agrona
 * {@code Long2LongHashMap}s, with intrusive {@code int} links for queues and a session's holdings, so
 * that applying a command allocates nothing in steady state. Same layouts, semantics and answers as
 * the baseline ({@code io.quorumbench.api.lock}), which is its oracle.
 */
package io.quorumbench.lockfree.lock;
