package io.quorumbench.peers;

import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the peers' embedded clusters share: their data directory, free loopback ports and the
 * deletion of a tree.
 *
 * <p>Stateless; thread-safe.
 */
public final class PeerSupport
{
    /** The address every embedded peer binds. */
    public static final String LOOPBACK = "127.0.0.1";

    private PeerSupport()
    {
    }

    /**
     * The directory under which the nodes of an embedded cluster keep their data: the context's, or
     * a fresh temporary one.
     *
     * @param implementation the pair, for the temporary directory's name.
     * @param context        the cluster's settings.
     * @return the directory, created.
     * @throws UncheckedIOException if it cannot be created.
     */
    public static Path baseDir(final Implementation implementation, final ClusterContext context)
    {
        try
        {
            return null == context.dataDir() ?
                Files.createTempDirectory("qb-" + implementation.protocol().id() + "-" + implementation.impl() + "-") :
                Files.createDirectories(context.dataDir());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a data directory " +
                (null == context.dataDir() ? "under " + System.getProperty("java.io.tmpdir") : context.dataDir()), ex);
        }
    }

    /**
     * Loopback ports free for both UDP and TCP now. The engines need their members' endpoints before
     * any member starts (Aeron's cluster members string, Ratis's group), so ephemeral ports cannot be
     * used; a port taken by someone else between this call and the bind fails the launch loudly.
     *
     * @param count how many.
     * @return distinct ports.
     * @throws UncheckedIOException if the system gives none.
     */
    public static int[] freePorts(final int count)
    {
        final int[] ports = new int[count];
        final ServerSocket[] held = new ServerSocket[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                while (true)
                {
                    final ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
                    if (udpFree(socket.getLocalPort()))
                    {
                        held[i] = socket;
                        ports[i] = socket.getLocalPort();
                        break;
                    }
                    socket.close();
                }
            }
            return ports;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free loopback port: " + ex.getMessage(), ex);
        }
        finally
        {
            for (final ServerSocket socket : held)
            {
                closeQuietly(socket);
            }
        }
    }

    private static boolean udpFree(final int port)
    {
        try (DatagramSocket ignored = new DatagramSocket(new InetSocketAddress(LOOPBACK, port)))
        {
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void closeQuietly(final ServerSocket socket)
    {
        if (null != socket)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ex)
            {
                // closing a probe socket that was only bound: nothing to lose
            }
        }
    }

    /**
     * The directory with its file system, for a run's context (tmpfs and ext4 differ in tail latency).
     *
     * @param dir the directory.
     * @return e.g. {@code /tmp/x (tmpfs)}.
     */
    public static String describe(final Path dir)
    {
        try
        {
            return dir + " (" + Files.getFileStore(dir).type() + ")";
        }
        catch (final IOException ex)
        {
            return dir + " (file system unknown)";
        }
    }

    /**
     * Delete a tree, best effort (a leftover temporary directory is not worth failing a close over).
     *
     * @param dir the root; absent is fine.
     */
    public static void deleteTree(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            System.getLogger(PeerSupport.class.getName()).log(System.Logger.Level.WARNING,
                "cannot delete " + dir + ": " + ex.getMessage());
        }
    }
}
