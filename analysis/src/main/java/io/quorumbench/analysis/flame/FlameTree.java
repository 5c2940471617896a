package io.quorumbench.analysis.flame;

import java.util.Map;
import java.util.TreeMap;

/**
 * A flame graph's tree: one node per distinct call path, its value the (normalised) weight of every
 * stack through it, and for a differential graph the change of that value against a base profile.
 *
 * <p>Not thread-safe: built once, then rendered.
 */
public final class FlameTree
{
    /**
     * One call path.
     */
    public static final class Node
    {
        private final String name;
        private final TreeMap<String, Node> children = new TreeMap<>();
        private double value;
        private double self;
        private double delta = Double.NaN;

        Node(final String name)
        {
            this.name = name;
        }

        /**
         * @return the frame name.
         */
        public String name()
        {
            return name;
        }

        /**
         * @return weight of every stack through this path, normalised.
         */
        public double value()
        {
            return value;
        }

        /**
         * @return weight of stacks ending here, normalised.
         */
        public double self()
        {
            return self;
        }

        /**
         * @return this path's value minus the base profile's value of the same path; NaN in a plain graph.
         */
        public double delta()
        {
            return delta;
        }

        /**
         * @return children by frame name, sorted (stable rendering).
         */
        public Map<String, Node> children()
        {
            return children;
        }

        /**
         * @param childName a frame name.
         * @return the child, or {@code null}.
         */
        public Node child(final String childName)
        {
            return children.get(childName);
        }
    }

    private final Node root = new Node("all");

    private FlameTree()
    {
    }

    /**
     * @param profile stacks.
     * @param scale   factor applied to every weight (the normalisation: 1/operations, 1/total, ...).
     * @return the tree.
     */
    public static FlameTree of(final StackProfile profile, final double scale)
    {
        final FlameTree tree = new FlameTree();
        for (final Map.Entry<String, Long> e : profile.stacks().entrySet())
        {
            final double v = e.getValue() * scale;
            Node node = tree.root;
            node.value += v;
            for (final String frame : e.getKey().split(";"))
            {
                node = node.children.computeIfAbsent(frame, Node::new);
                node.value += v;
            }
            node.self += v;
        }
        return tree;
    }

    /**
     * @return the root ("all").
     */
    public Node root()
    {
        return root;
    }

    /**
     * Set every node's delta to its value minus the value of the same call path in {@code base}
     * (0 when the base lacks the path).
     *
     * @param base the profile compared against, normalised the same way.
     * @return this tree.
     */
    public FlameTree diffAgainst(final FlameTree base)
    {
        diff(root, base.root);
        return this;
    }

    private static void diff(final Node node, final Node baseNode)
    {
        node.delta = node.value - (null == baseNode ? 0 : baseNode.value);
        for (final Node child : node.children.values())
        {
            diff(child, null == baseNode ? null : baseNode.child(child.name));
        }
    }

    /**
     * @param visitor receives every node with its depth, root at depth 0.
     */
    public void visit(final java.util.function.ObjIntConsumer<Node> visitor)
    {
        visit(root, 0, visitor);
    }

    private static void visit(final Node node, final int depth, final java.util.function.ObjIntConsumer<Node> visitor)
    {
        visitor.accept(node, depth);
        for (final Node child : node.children.values())
        {
            visit(child, depth + 1, visitor);
        }
    }
}
