/**
 * The plain lock service state machine, {@link io.quorumbench.baseline.lock.BaselineLockStateMachine}:
 * {@code HashMap}s of session and lock objects and an {@code ArrayDeque} of waiters per lock, written
 * as ordinary Java code writes it. It is the baseline the tuned lock table is measured against and
 * the oracle it is checked against, command by command (layouts and semantics in
 * {@code io.quorumbench.api.lock}).
 */
package io.quorumbench.baseline.lock;
