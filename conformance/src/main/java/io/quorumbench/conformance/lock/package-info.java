/**
 * The conformance kit for the lock service.
 *
 * <ul>
 *   <li>{@link io.quorumbench.conformance.lock.LockEventChecker}: judges what the log decided (the
 *       {@code LockEvents} a state machine reports while applying): mutual exclusion, strictly
 *       increasing tokens, lock-delay, FIFO, expiry releasing everything, the fenced resource never
 *       accepting an older token.</li>
 *   <li>{@link io.quorumbench.conformance.lock.LockHistoryModel}: the linearizability model of what
 *       clients were told (tokens and fenced-write answers per lock).</li>
 *   <li>{@link io.quorumbench.conformance.lock.LockClientModel} (random clients that contend, queue,
 *       write, release, close and pause past their lease) and
 *       {@link io.quorumbench.conformance.lock.PausedHolderClientModel} (the paused holder, scripted);
 *       {@link io.quorumbench.conformance.lock.LockWorkload} plugs either into the simulator with one
 *       event checker per replica, reported as an invariant.</li>
 *   <li>{@link io.quorumbench.conformance.lock.LockStateMachineSuite}: the semantics, one state
 *       machine at a time; {@link io.quorumbench.conformance.lock.LockServiceConformanceSuite}: the
 *       service on a replicated log through every fault plan and the paused holder. Each
 *       implementation's tests extend both.</li>
 * </ul>
 */
package io.quorumbench.conformance.lock;
