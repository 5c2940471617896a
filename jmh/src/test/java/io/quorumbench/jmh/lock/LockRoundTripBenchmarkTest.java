package io.quorumbench.jmh.lock;

import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acquire/release round trip benchmark's fixture works on every registered pair with a core:
 * tokens rise from round to round (the benchmark checks that itself and throws otherwise).
 */
class LockRoundTripBenchmarkTest
{
    static List<Implementation> hostedPairs()
    {
        return Registry.discover().all().stream().filter((i) -> i.nodeFactory().isPresent()).toList();
    }

    @ParameterizedTest
    @MethodSource("hostedPairs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAcquireAndReleaseOnEveryPair(final Implementation implementation)
    {
        final LockRoundTripBenchmark benchmark = new LockRoundTripBenchmark();
        benchmark.protocol = implementation.protocol().id();
        benchmark.impl = implementation.impl();
        benchmark.setUp();
        try
        {
            long last = 0;
            for (int i = 0; i < 20; i++)
            {
                final long token = benchmark.acquireRelease();
                assertTrue(token > last, token + " after " + last);
                last = token;
            }
        }
        finally
        {
            benchmark.tearDown();
        }
    }
}
