package io.quorumbench.jmh;

import io.quorumbench.api.runtime.JvmFlags;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchmarksMainTest
{
    @Test
    void shouldGiveEveryForkTheFlagsOfTheOneFileAsJmhParsesThem() throws Exception
    {
        final CommandLineOptions options = new CommandLineOptions(BenchmarksMain.withForkFlags(new String[] {"Ring", "-f", "1"}));
        assertEquals(JvmFlags.benchmarkFork(), List.copyOf(options.getJvmArgsPrepend().get()));
        assertEquals(List.of("Ring"), options.getIncludes());
    }

    @Test
    void shouldLeaveTheCallersOwnPrependAlone() throws Exception
    {
        final String[] args = {"-jvmArgsPrepend", "-Xmx2g", "Ring"};
        final CommandLineOptions options = new CommandLineOptions(BenchmarksMain.withForkFlags(args));
        assertEquals(List.of("-Xmx2g"), List.copyOf(options.getJvmArgsPrepend().get()));
    }
}
