package io.quorumbench.api.registry;

/** How the node processes of an implementation talk to each other and to clients. */
public enum Transport
{
    /** TCP sockets (the baseline). */
    TCP,
    /** Aeron over UDP (the tuned implementation, Aeron Cluster). */
    UDP,
    /** gRPC over TCP (Apache Ratis by default). */
    GRPC
}
