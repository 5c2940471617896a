package io.quorumbench.loadgen.fault;

import io.quorumbench.api.fault.FaultAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultScheduleTest
{
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldParseEveryActionInTimeOrder()
    {
        final FaultSchedule schedule = FaultSchedule.parse(
            "15s:heal,4s:kill-leader,7s:restart:2,9s:pause:1,10s:resume:1,12s:partition:3,1500ms:kill:leader," +
            "8s:restart:killed,13s:partition:4+5");
        final List<FaultSchedule.Entry> e = schedule.entries();
        assertEquals(9, e.size());
        assertEquals(1_500_000_000L, e.get(0).atNs());
        assertEquals(FaultAction.KILL, e.get(0).action());
        assertArrayEquals(new int[] {FaultSchedule.LEADER}, e.get(0).nodes());
        assertEquals(FaultAction.KILL_LEADER, e.get(1).action());
        assertEquals(0, e.get(1).nodes().length);
        assertEquals(FaultAction.RESTART, e.get(2).action());
        assertArrayEquals(new int[] {2}, e.get(2).nodes());
        assertArrayEquals(new int[] {FaultSchedule.KILLED}, e.get(3).nodes());
        assertEquals(FaultAction.PARTITION, e.get(7).action());
        assertArrayEquals(new int[] {4, 5}, e.get(7).nodes());
        assertEquals("partition 4+5", e.get(7).describe());
        assertEquals(15 * S, e.get(8).atNs());
        assertEquals(FaultAction.HEAL, e.get(8).action());
    }

    @Test
    void shouldReadAFileWithCommentsAndBlankLines() throws Exception
    {
        final Path file = dir.resolve("faults.txt");
        Files.writeString(file, "# fail-over drill\n\n4s:kill-leader   # the leader\n  7s:restart:killed\n");
        final FaultSchedule schedule = FaultSchedule.parseFile(file);
        assertEquals(2, schedule.entries().size());
        assertEquals("4s:kill-leader,7s:restart:killed", schedule.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4s:explode|unknown action 'explode'",
        "soon:kill-leader|'soon' is not a time",
        "4s|expected TIME:ACTION[:NODES]",
        "4s:kill|kill needs a node id or 'leader'",
        "4s:heal:2|heal takes no node",
        "4s:kill-leader:2|kill-leader takes no node",
        "4s:pause:1+2|pause takes one node",
        "4s:partition:x|'x' is not a node id",
        "4s:partition:2+2|a node is named twice",
        "4s:pause:killed|'killed' names a node only for restart",
        "4s:kill:leader:3|expected TIME:ACTION[:NODES]",
        "4s:kill-leader,,5s:heal|empty fault entry"})
    void shouldRejectABadEntryNamingIt(final String spec, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.parse(spec));
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }

    @Test
    void shouldRejectABadLineOfAFileNamingTheLine() throws Exception
    {
        final Path file = dir.resolve("faults.txt");
        Files.writeString(file, "4s:kill-leader\n5s:reboot\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> FaultSchedule.parseFile(file));
        assertTrue(ex.getMessage().contains("line 2") && ex.getMessage().contains("5s:reboot"), ex.getMessage());
    }

    @Test
    void shouldValidateAgainstTheRunAndTheMembers()
    {
        final int[] members = {1, 2, 3};
        FaultSchedule.parse("1s:kill:2,2s:partition:3,3s:heal").validate(10 * S, members);
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FaultSchedule.parse("12s:kill-leader").validate(10 * S, members)).getMessage().contains("not within the run"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FaultSchedule.parse("1s:kill:4").validate(10 * S, members)).getMessage().contains("node 4 is not a member"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> FaultSchedule.parse("1s:partition:1+2").validate(10 * S, members)).getMessage().contains("minority"));
    }
}
