package io.quorumbench.jmh;

import java.util.List;

/**
 * The JVM flags every benchmark fork runs with, as compile-time constants so each benchmark pins
 * them in {@code @Fork(jvmArgsPrepend = {...})} and the runner records the same list in the run's
 * context. Changing a flag here changes every benchmark and every recorded context together.
 *
 * <p>Agrona and Aeron reach into {@code jdk.internal.misc} on JDK 17+ (the same exports as
 * {@code qb.jvm.exports} in the parent pom). A fixed 1 GiB heap ({@code -Xms} = {@code -Xmx}) keeps
 * heap resizing out of the measurements and the forks small enough for a 2-core, shared machine.
 */
public final class BenchmarkJvm
{
    /** Lets Agrona use {@code jdk.internal.misc.Unsafe}. */
    public static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Lets Aeron reach the selector internals. */
    public static final String ADD_OPENS_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    /** Lets Agrona reach direct buffer internals. */
    public static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    /** Initial heap, equal to the maximum so the heap never resizes during a measurement. */
    public static final String HEAP_MIN = "-Xms1g";

    /** Maximum heap. */
    public static final String HEAP_MAX = "-Xmx1g";

    /** The flags above, in the order benchmarks prepend them. */
    public static final List<String> FORK_ARGS = List.of(ADD_EXPORTS_MISC, ADD_OPENS_NIO_CH, ADD_OPENS_NIO, HEAP_MIN, HEAP_MAX);

    private BenchmarkJvm()
    {
    }
}
