package io.quorumbench.conformance.history;

import java.util.Locale;

/** Kind of a history entry, with Jepsen's meaning. */
public enum OpType
{
    /** A client began an operation. */
    INVOKE,
    /** The operation completed and took effect; its value is the result. */
    OK,
    /** The operation definitely did not take effect (for example a CAS whose expected value did not match). */
    FAIL,
    /** The outcome is unknown (timeout, lost leadership): it may or may not have taken effect, at any time after its invocation. */
    INFO;

    /**
     * Name as written in history files.
     *
     * @return lower-case name, e.g. {@code "invoke"}.
     */
    public String jsonName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse a name as written in history files.
     *
     * @param name lower-case name.
     * @return the type.
     * @throws IllegalArgumentException naming the bad value.
     */
    public static OpType fromJsonName(final String name)
    {
        for (final OpType type : values())
        {
            if (type.jsonName().equals(name))
            {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown op type \"" + name + "\", expected invoke, ok, fail or info");
    }
}
