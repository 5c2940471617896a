package io.quorumbench.loadgen.target;

/**
 * Builds a fresh, started target for each run (a sweep starts a new cluster per rate so runs do
 * not inherit each other's state).
 */
@FunctionalInterface
public interface TargetFactory
{
    /**
     * Start a target.
     *
     * @return the started target; the caller closes it.
     */
    LoadTarget start();
}
