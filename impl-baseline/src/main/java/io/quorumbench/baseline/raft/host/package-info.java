/**
 * The old home of the baseline host, kept only so that the benchmarks' fixtures compile until they
 * take the baseline from the registry ({@code raft/baseline},
 * {@link io.quorumbench.baseline.raft.BaselineRaft}); delete this package then. Each class here
 * delegates to its protocol-neutral successor and behaves as before:
 * {@code RaftServer} to {@link io.quorumbench.baseline.host.NodeServer} with the Raft core,
 * {@code RaftClient} to {@link io.quorumbench.baseline.host.NodeClient},
 * {@code ClientProtocolDescriptor} to {@link io.quorumbench.baseline.codec.ClientMessageDescriptor}.
 * (The load generator takes it from the registry since issue 12.)
 */
package io.quorumbench.baseline.raft.host;
