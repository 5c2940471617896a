package io.quorumbench.lockfree.host;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NodeIdleTest
{
    @Test
    void shouldParseTheTwoWordsAndNameTheOptionAndTheChoicesOtherwise()
    {
        assertEquals(NodeIdle.YIELD, NodeIdle.parse("--idle", "yield"));
        assertEquals(NodeIdle.BACKOFF, NodeIdle.parse("--idle", "backoff"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> NodeIdle.parse("--agent-idle", "spin"));
        assertEquals("--agent-idle: expected backoff or yield, got 'spin'", ex.getMessage());
    }
}
