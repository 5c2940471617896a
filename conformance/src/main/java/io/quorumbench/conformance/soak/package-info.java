/**
 * How big a {@code slow}-tagged test runs. {@link io.quorumbench.conformance.soak.SoakScale} gives
 * every soak its number of seeds (or its duration) in one of two sizes: the full soak that
 * {@code scripts/soak} runs nightly, and the small slice the default build runs in the surefire
 * execution {@code slow-slice} ({@code -Dqb.soak.slice=true}), so a soak that breaks fails CI the
 * same day instead of rotting until the next time someone runs it.
 */
package io.quorumbench.conformance.soak;
