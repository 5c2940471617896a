package io.quorumbench.cluster;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetNamespaces} without root: names, commands and the stale-sweep decision, with the
 * commands recorded by a fake {@link CommandRunner}.
 */
class NetNamespacesTest
{
    private static final int[] THREE = {1, 2, 3};

    /** Records every command; answers from a function of the command line (exit 0 and "" by default). */
    private static final class FakeShell implements CommandRunner
    {
        final List<String> commands = new ArrayList<>();
        final Function<String, Result> answers;

        FakeShell(final Function<String, Result> answers)
        {
            this.answers = answers;
        }

        @Override
        public Result run(final List<String> command)
        {
            final String line = String.join(" ", command);
            commands.add(line);
            final Result answer = answers.apply(line);
            return null == answer ? new Result(0, "") : answer;
        }
    }

    @Test
    void shouldNameNamespacesLinksAndAddressesBySubnetOwnerAndNode()
    {
        final NetNamespaces.Layout layout = new NetNamespaces.Layout(7, 4711, THREE, false);
        assertEquals("qb-7-4711-n2", layout.namespace(2));
        assertEquals("qb7-br", layout.bridge());
        assertEquals("qb7-n2", layout.rootVeth(2));
        assertEquals("10.77.7.2", layout.nodeAddress(2));
        assertEquals("10.77.7.254", layout.rootAddress());
        assertEquals(3, layout.nodeAt("10.77.7.3"));
        assertEquals(-1, layout.nodeAt("10.77.8.3"));

        // the kernel limits link names to 15 characters: the longest names of the scheme fit
        final NetNamespaces.Layout widest = new NetNamespaces.Layout(NetNamespaces.MAX_SUBNET, 4_194_304, new int[] {NetNamespaces.MAX_NODE_ID}, false);
        assertTrue(widest.bridge().length() <= 15, widest.bridge());
        assertTrue(widest.rootVeth(NetNamespaces.MAX_NODE_ID).length() <= 15, widest.rootVeth(NetNamespaces.MAX_NODE_ID));
        assertEquals(new NetNamespaces.ParsedName(NetNamespaces.MAX_SUBNET, 4_194_304, NetNamespaces.MAX_NODE_ID),
            NetNamespaces.parse(widest.namespace(NetNamespaces.MAX_NODE_ID)));
    }

    @Test
    void shouldRejectNodeIdsThatCannotBeAnAddressAndBadSubnets()
    {
        assertThrows(IllegalArgumentException.class, () -> new NetNamespaces.Layout(1, 1, new int[] {0}, false));
        assertThrows(IllegalArgumentException.class, () -> new NetNamespaces.Layout(1, 1, new int[] {NetNamespaces.ROOT_HOST_SUFFIX}, false));
        assertThrows(IllegalArgumentException.class, () -> new NetNamespaces.Layout(1, 1, new int[] {2, 2}, false));
        assertThrows(IllegalArgumentException.class, () -> new NetNamespaces.Layout(0, 1, THREE, false));
        assertThrows(IllegalArgumentException.class, () -> new NetNamespaces.Layout(NetNamespaces.MAX_SUBNET + 1, 1, THREE, false));
    }

    @Test
    void shouldBuildOneNamespaceAndVethPairPerNodeOnTheBridge()
    {
        final List<String> setup = lines(new NetNamespaces.Layout(3, 99, THREE, false).setupCommands());
        assertEquals("ip link set qb3-br alias quorumbench owner=99", setup.get(0));
        assertEquals("ip link set qb3-br alias quorumbench owner=99 detached",
            lines(new NetNamespaces.Layout(3, 99, THREE, true).setupCommands()).get(0), "a detached cluster says so");
        assertTrue(setup.contains("ip addr add 10.77.3.254/24 dev qb3-br"), setup.toString());
        for (final int id : THREE)
        {
            final String ns = "qb-3-99-n" + id;
            final int add = setup.indexOf("ip netns add " + ns);
            final int veth = setup.indexOf("ip link add qb3-n" + id + " type veth peer name eth0 netns " + ns);
            assertTrue(add >= 0 && veth > add, "namespace made before its veth: " + setup);
            assertTrue(setup.contains("ip link set qb3-n" + id + " master qb3-br up"), setup.toString());
            assertTrue(setup.contains("ip -n " + ns + " addr add 10.77.3." + id + "/24 dev eth0"), setup.toString());
            assertTrue(setup.contains("ip -n " + ns + " link set eth0 up"), setup.toString());
            assertTrue(setup.contains("ip -n " + ns + " link set lo up"), setup.toString());
        }
        final List<String> teardown = lines(new NetNamespaces.Layout(3, 99, THREE, false).teardownCommands());
        assertEquals("ip link del qb3-br", teardown.get(teardown.size() - 1), "the bridge goes last");
        assertTrue(teardown.contains("ip netns del qb-3-99-n2"), teardown.toString());
        assertTrue(teardown.contains("ip link del qb3-n2"), teardown.toString());
    }

    @Test
    void shouldCutEveryLinkBetweenTheMinorityAndTheRestOnBothEnds()
    {
        final NetNamespaces.Layout layout = new NetNamespaces.Layout(5, 1, new int[] {1, 2, 3, 4, 5}, false);
        final List<String> cut = lines(layout.partitionCommands(new int[] {1, 2}));
        // 2 cut nodes x 3 others, a route on each end
        assertEquals(12, cut.size(), cut.toString());
        for (final int a : new int[] {1, 2})
        {
            for (final int b : new int[] {3, 4, 5})
            {
                assertTrue(cut.contains("ip -n qb-5-1-n" + a + " route replace blackhole 10.77.5." + b + "/32"), cut.toString());
                assertTrue(cut.contains("ip -n qb-5-1-n" + b + " route replace blackhole 10.77.5." + a + "/32"), cut.toString());
            }
        }
        assertTrue(cut.subList(0, 6).stream().allMatch(c -> c.contains("-n1 route") || c.contains("-n2 route")),
            "the cut side's routes come first: " + cut);
        assertFalse(cut.stream().anyMatch(c -> c.contains("n1 route") && c.contains("10.77.5.2/")), "the minority keeps its own link");
        assertFalse(cut.stream().anyMatch(c -> c.contains("n3 route") && c.contains("10.77.5.4/")), "the majority keeps its links");

        assertThrows(IllegalArgumentException.class, () -> layout.partitionCommands(new int[] {9}));
        assertThrows(IllegalArgumentException.class, () -> layout.partitionCommands(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> layout.partitionCommands(new int[] {1, 2, 3, 4, 5}));
    }

    @Test
    void shouldSweepDeadRunsKillingOrphanedNodesOnlyOfAttachedRuns()
    {
        final Set<Long> alive = Set.of(100L);
        final Set<String> occupied = Set.of("qb-1-100-n1", "qb-2-200-n1", "qb-6-600-n1", "qb-7-700-n1");
        final Map<String, NetNamespaces.BridgeOwner> bridges = new LinkedHashMap<>();
        bridges.put("qb1-br", new NetNamespaces.BridgeOwner(100, false));   // live owner
        bridges.put("qb2-br", new NetNamespaces.BridgeOwner(200, true));    // dead owner, detached (scripts/cluster), a node runs
        bridges.put("qb3-br", new NetNamespaces.BridgeOwner(300, false));   // dead owner, namespaces empty
        bridges.put("qb4-br", new NetNamespaces.BridgeOwner(-1, false));    // no owner alias yet: being made now, or not ours
        bridges.put("qb5-br", new NetNamespaces.BridgeOwner(500, false));   // dead owner, no namespace at all
        bridges.put("qb6-br", new NetNamespaces.BridgeOwner(600, false));   // dead attached owner (SIGKILLed loadgen), orphan node
        // qb7: no bridge left, a process in the namespace: not known to be attached, so kept
        final NetNamespaces.Sweep sweep = NetNamespaces.staleOf(
            List.of("qb-1-100-n1", "qb-2-200-n1", "qb-2-200-n2", "qb-3-300-n1", "qb-3-300-n2", "qb-6-600-n1", "qb-7-700-n1",
                "other-ns", "qb-x-1-n1", "qb9-br"),
            bridges, alive::contains, occupied::contains);
        assertEquals(List.of("qb-2-200-n2", "qb-3-300-n1", "qb-3-300-n2", "qb-6-600-n1"), sweep.namespaces());
        assertEquals(List.of("qb-6-600-n1"), sweep.orphaned());
        assertEquals(List.of("qb3-br", "qb5-br", "qb6-br"), sweep.bridges());
    }

    @Test
    void shouldParseWhatIpPrints()
    {
        assertEquals(List.of("qb-1-2-n3", "foo"), NetNamespaces.namespaceNames("qb-1-2-n3 (id: 0)\nfoo\n\n"));
        final String bridges =
            "9: qb1-br: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    " +
            "link/ether 4a:21:1c:e5:0c:48 brd ff:ff:ff:ff:ff:ff\\    alias quorumbench owner=123\n" +
            "10: qb2-br: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    " +
            "link/ether 4a:21:1c:e5:0c:49 brd ff:ff:ff:ff:ff:ff\n" +
            "12: qb3-br: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\\    link/ether 4a:21:1c:e5:0c:51 brd " +
            "ff:ff:ff:ff:ff:ff\\    alias quorumbench owner=77 detached\n" +
            "11: docker0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\\    link/ether 4a:21:1c:e5:0c:50 brd ff:ff:ff:ff:ff:ff";
        final Map<String, NetNamespaces.BridgeOwner> owners = NetNamespaces.bridgeOwners(bridges);
        assertEquals(Map.of("qb1-br", new NetNamespaces.BridgeOwner(123, false), "qb2-br", new NetNamespaces.BridgeOwner(-1, false),
            "qb3-br", new NetNamespaces.BridgeOwner(77, true)), owners);
        assertEquals(List.of("10.77.3.2", "10.77.3.3"),
            NetNamespaces.parseBlackholes("blackhole 10.77.3.2 \nblackhole 10.77.3.3\n10.77.3.0/24 dev eth0 proto kernel"));
        assertEquals(null, NetNamespaces.parse("qbx-br"));
        assertEquals(new NetNamespaces.ParsedName(12, -1, -1), NetNamespaces.parse("qb12-br"));
    }

    @Test
    void shouldClaimTheNextSubnetWhenABridgeExistsAndSkipSubnetsInUse()
    {
        // owner pid 1 points at subnet 2; 10.77.2.x is someone's address, qb3-br exists already
        final FakeShell shell = new FakeShell(line ->
        {
            if (line.equals("ip -o -4 addr show"))
            {
                return new CommandRunner.Result(0, "2: eth0    inet 10.77.2.9/24 brd 10.77.2.255 scope global eth0");
            }
            if (line.equals("ip link add qb3-br type bridge"))
            {
                return new CommandRunner.Result(2, "RTNETLINK answers: File exists");
            }
            return null;
        });
        final NetNamespaces net = NetNamespaces.create(THREE, false, shell, 1);
        assertEquals(4, net.layout().subnet());
        assertFalse(shell.commands.contains("ip link add qb2-br type bridge"), shell.commands.toString());
        assertTrue(shell.commands.contains("ip link add qb4-br type bridge"), shell.commands.toString());
        assertEquals(List.of("ip", "netns", "exec", "qb-4-1-n2"), net.execPrefix(2));
    }

    @Test
    void shouldRemoveWhatWasMadeAndNameTheCommandWhenSetupFails()
    {
        final FakeShell shell = new FakeShell(line -> line.equals("ip netns add qb-2-1-n2") ?
            new CommandRunner.Result(1, "mount --make-shared /run/netns failed: Operation not permitted") : null);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> NetNamespaces.create(THREE, false, shell, 1));
        assertTrue(ex.getMessage().contains("'ip netns add qb-2-1-n2' failed (exit 1): mount --make-shared"), ex.getMessage());
        final int failed = shell.commands.indexOf("ip netns add qb-2-1-n2");
        final List<String> after = shell.commands.subList(failed + 1, shell.commands.size());
        assertTrue(after.contains("ip netns del qb-2-1-n1"), "earlier namespaces removed: " + after);
        assertTrue(after.contains("ip link del qb2-br"), "the bridge removed: " + after);
    }

    @Test
    void shouldSayWhatIsMissingBeforeCreatingAnything()
    {
        final CommandRunner noIp = command ->
        {
            throw new UncheckedIOException("cannot run 'ip -V'", new java.io.IOException("No such file or directory"));
        };
        final IllegalStateException missing = assertThrows(IllegalStateException.class, () -> NetNamespaces.checkAvailable(noIp, 0));
        assertTrue(missing.getMessage().contains("iproute2"), missing.getMessage());

        final FakeShell ok = new FakeShell(line -> new CommandRunner.Result(0, "ip utility, iproute2-6.1.0"));
        final IllegalStateException notRoot = assertThrows(IllegalStateException.class, () -> NetNamespaces.checkAvailable(ok, 1000));
        assertTrue(notRoot.getMessage().contains("need root") && notRoot.getMessage().contains("uid 1000"), notRoot.getMessage());
        assertEquals(List.of("ip -V"), ok.commands, "nothing is created by the check");
        NetNamespaces.checkAvailable(ok, 0);
    }

    @Test
    void shouldHealByDeletingEveryBlackholeRouteItFinds()
    {
        final FakeShell shell = new FakeShell(line -> line.equals("ip -n qb-2-1-n1 route show type blackhole") ?
            new CommandRunner.Result(0, "blackhole 10.77.2.2 \nblackhole 10.77.2.3") : null);
        final NetNamespaces net = NetNamespaces.create(THREE, false, shell, 1);
        shell.commands.clear();
        assertEquals(List.of(2, 3), net.cutFrom(1));
        assertEquals(2, net.heal());
        assertTrue(shell.commands.contains("ip -n qb-2-1-n1 route del blackhole 10.77.2.2"), shell.commands.toString());
        assertTrue(shell.commands.contains("ip -n qb-2-1-n1 route del blackhole 10.77.2.3"), shell.commands.toString());
        assertFalse(shell.commands.stream().anyMatch(c -> c.startsWith("ip -n qb-2-1-n2 route del")), shell.commands.toString());
    }

    private static List<String> lines(final List<List<String>> commands)
    {
        final List<String> lines = new ArrayList<>();
        for (final List<String> command : commands)
        {
            lines.add(String.join(" ", command));
        }
        return lines;
    }
}
