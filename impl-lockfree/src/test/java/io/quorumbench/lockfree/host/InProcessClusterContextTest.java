package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.kv.NoOpStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every setting of an in-process cluster is checked once, in {@code conclude()}, before anything is created. */
class InProcessClusterContextTest
{
    /** A protocol whose frames are a fixed size; it is never asked for a node here. */
    private static DirectNodeFactory framesOf(final int frameLength)
    {
        return new DirectNodeFactory()
        {
            @Override
            public DirectProtocolNode createNode(final NodeConfig config)
            {
                throw new UnsupportedOperationException("no node is built by a context test");
            }

            @Override
            public int maxFrameLength(final int maxCommandLength)
            {
                return frameLength;
            }

            @Override
            public String protocolName()
            {
                return "fixed";
            }
        };
    }

    private static InProcessCluster.Context valid()
    {
        return new InProcessCluster.Context().nodeFactory(framesOf(1024)).stateMachines(id -> NoOpStateMachine.INSTANCE);
    }

    @Test
    void shouldNameTheFirstBadSetting()
    {
        assertEquals("nodeFactory must be set", assertThrows(IllegalArgumentException.class,
            () -> new InProcessCluster.Context().stateMachines(id -> NoOpStateMachine.INSTANCE).conclude()).getMessage());
        assertEquals("stateMachines must be set", assertThrows(IllegalArgumentException.class,
            () -> new InProcessCluster.Context().nodeFactory(framesOf(1024)).conclude()).getMessage());
        assertEquals("nodeCount must be 1..63, got 64", assertThrows(IllegalArgumentException.class,
            () -> valid().nodeCount(64).conclude()).getMessage());
        assertEquals("agentThreads must be 1..3, got 4", assertThrows(IllegalArgumentException.class,
            () -> valid().agentThreads(4).conclude()).getMessage());
        assertEquals("a client-invoked cluster runs on one agent thread, got 2", assertThrows(IllegalArgumentException.class,
            () -> valid().agentThreads(2).clientInvoked(true).conclude()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> valid().heartbeatIntervalMs(200).conclude());
        assertThrows(IllegalArgumentException.class, () -> valid().udpBasePort(80).conclude());
    }

    @Test
    void shouldConcludeOnceAndReturnItself()
    {
        final InProcessCluster.Context context = valid();
        assertSame(context, context.conclude());
        assertSame(context, context.conclude());
    }

    @Test
    void shouldRefuseFramesTooLargeForTheIpcTermsBeforeCreatingTheDataDirectory(@TempDir final Path tmp)
    {
        final Path baseDir = tmp.resolve("cluster");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> InProcessCluster.launch(new InProcessCluster.Context()
                .nodeFactory(framesOf(InProcessCluster.Context.MAX_IPC_FRAME_LENGTH + 1))
                .stateMachines(id -> NoOpStateMachine.INSTANCE)
                .baseDir(baseDir)));
        assertEquals("frames of 8193 bytes exceed the 8192-byte Aeron message limit of 64 KiB terms: lower the " +
            "protocol's batch size or maxCommandLength", refused.getMessage());
        // the old constructor created the directory first and left it behind when the frame check failed
        assertFalse(Files.exists(baseDir), "nothing is created for a cluster that cannot launch");
    }
}
