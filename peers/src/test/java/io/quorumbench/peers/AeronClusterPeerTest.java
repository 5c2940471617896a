package io.quorumbench.peers;

import io.quorumbench.peers.aeron.AeronClusterPeer;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/** {@code raft/aeron-cluster} held to the {@link PeerContract}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronClusterPeerTest extends PeerContract
{
    @Override
    String impl()
    {
        return AeronClusterPeer.NAME;
    }

    @Override
    String tuningKey()
    {
        return "aeron.logTermLength";
    }
}
