/**
 * What every recorded run carries besides its numbers.
 *
 * <p>{@link io.quorumbench.api.results.RunContext} is captured once at the start of a run (JMH
 * suite, load-generator run, flame-graph run) and written as {@code results/<run-id>/context.json};
 * the layout of a run directory is described in {@code results/README.md}. This package has no
 * dependencies: modules that own a JSON library serialise {@link io.quorumbench.api.results.RunContext#toMap()}.
 */
package io.quorumbench.api.results;
