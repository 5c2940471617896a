/**
 * What every quorumbench JVM runs with: {@link io.quorumbench.api.runtime.JvmFlags}, read from the
 * one {@code jvm.properties} the pom, the scripts, the cluster runner and the benchmark forks share.
 */
package io.quorumbench.api.runtime;
