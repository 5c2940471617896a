package io.quorumbench.baseline.raft;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.baseline.codec.ClientMessageDescriptor;
import io.quorumbench.baseline.codec.PeerStreamDescriptor;
import io.quorumbench.baseline.host.NodeClient;
import io.quorumbench.baseline.host.NodeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeServerBadInputTest
{
    @TempDir
    Path dir;

    private ClusterConfig singleNode(final String dataDir)
    {
        final Properties p = new Properties();
        p.setProperty("cluster.id", "5");
        p.setProperty("cluster.members", "1");
        p.setProperty("node.1.peer", "127.0.0.1:0");
        p.setProperty("node.1.client", "127.0.0.1:0");
        p.setProperty("node.1.data", dataDir);
        p.setProperty("heartbeat.interval.ms", "10");
        p.setProperty("election.timeout.min.ms", "50");
        p.setProperty("election.timeout.max.ms", "100");
        p.setProperty("max.command.bytes", "64");
        return ClusterConfig.parse(p, "test", dir);
    }

    /** True if the server closed the connection (EOF) within the timeout. */
    private static boolean closedByServer(final Socket socket) throws IOException
    {
        socket.setSoTimeout(5_000);
        return socket.getInputStream().read() == -1;
    }

    @Test
    @Timeout(30)
    void shouldDropBadPeerAndClientStreamsAndKeepServing() throws Exception
    {
        try (NodeServer server = NodeServerIntegrationTest.bind(singleNode("n1"), 1, new NodeServerIntegrationTest.AppendingStateMachine()))
        {
            server.start(id -> new InetSocketAddress("127.0.0.1", 1));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.role() != Role.LEADER && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait();
            }
            assertEquals(Role.LEADER, server.role());

            // A peer stream with a foreign handshake, and one with an absurd frame length, are hung up on.
            try (Socket s = new Socket("127.0.0.1", server.peerPort()))
            {
                new DataOutputStream(s.getOutputStream()).write(new byte[]{ 'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n' });
                assertTrue(closedByServer(s));
            }
            try (Socket s = new Socket("127.0.0.1", server.peerPort()))
            {
                final DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(PeerStreamDescriptor.HANDSHAKE_MAGIC);
                out.writeInt(5);
                out.writeInt(1); // claims to be the node itself
                out.flush();
                assertTrue(closedByServer(s));
            }
            // A client request with an absurd length is garbage: the stream is closed.
            try (Socket s = new Socket("127.0.0.1", server.clientPort()))
            {
                final DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(Integer.MAX_VALUE);
                out.flush();
                assertTrue(closedByServer(s));
            }
            // The server still commits.
            try (NodeClient client = new NodeClient(Map.of(1, new InetSocketAddress("127.0.0.1", server.clientPort())), 1, 1_000, 5_000))
            {
                final byte[] result = client.execute(ByteBuffer.allocate(8).putLong(7).array());
                assertEquals(1, ByteBuffer.wrap(result).getLong());
                // Too large for max.command.bytes but well-formed: rejected as invalid, the connection stays usable.
                assertThrows(IllegalArgumentException.class, () -> client.execute(new byte[65]));
                assertEquals(2, ByteBuffer.wrap(client.execute(ByteBuffer.allocate(8).putLong(8).array())).getLong());
            }
            // A well-formed request for a command the node rejects gets a status, not a hang-up.
            try (Socket s = new Socket("127.0.0.1", server.clientPort()))
            {
                s.setSoTimeout(5_000);
                final DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(ClientMessageDescriptor.REQUEST_HEADER_LENGTH + 8);
                out.writeLong(2);
                out.writeLong(1);
                out.writeLong(8);
                out.flush();
                final DataInputStream in = new DataInputStream(s.getInputStream());
                final int length = in.readInt();
                assertEquals(ClientMessageDescriptor.RESPONSE_HEADER_LENGTH + 8, length);
                assertEquals(2, in.readLong());
                assertEquals(1, in.readLong());
                assertEquals(ClientMessageDescriptor.STATUS_OK, in.readByte());
            }
        }
    }

    @Test
    void shouldReleasePortsWhenNodeCannotStart() throws Exception
    {
        // A data "directory" that is a file: the node cannot recover, and nothing stays bound.
        Files.writeString(dir.resolve("not-a-dir"), "x");
        final ClusterConfig config = singleNode("not-a-dir");
        assertThrows(RuntimeException.class, () -> NodeServerIntegrationTest.bind(config, 1, new NodeServerIntegrationTest.AppendingStateMachine()));
        try (NodeServer server = NodeServerIntegrationTest.bind(singleNode("ok"), 1, new NodeServerIntegrationTest.AppendingStateMachine()))
        {
            assertTrue(server.peerPort() > 0);
        }
    }
}
