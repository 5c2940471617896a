package io.quorumbench.api.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvStateMachineTest
{
    private final KvStateMachine machine = new KvStateMachine(16, 32);
    private final byte[] command = new byte[256];
    private final byte[] result = new byte[machine.maxResultLength()];
    private long index;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private int apply(final int length)
    {
        return machine.apply(++index, command, 0, length, result);
    }

    private KvResult.Status put(final String key, final String value)
    {
        final int length = apply(KvCommand.encodePut(command, 0, b(key), b(value)));
        assertEquals(KvResult.HEADER_LENGTH, length);
        return KvResult.status(result, 0);
    }

    private String get(final String key)
    {
        final int length = apply(KvCommand.encodeGet(command, 0, b(key)));
        final byte[] value = KvResult.value(result, 0, length);
        if (KvResult.status(result, 0) == KvResult.Status.NOT_FOUND)
        {
            assertNull(value);
            return null;
        }
        assertEquals(KvResult.Status.OK, KvResult.status(result, 0));
        return new String(value, StandardCharsets.US_ASCII);
    }

    private KvResult.Status cas(final String key, final String expected, final String value)
    {
        apply(KvCommand.encodeCas(command, 0, b(key), null == expected ? null : b(expected), b(value)));
        return KvResult.status(result, 0);
    }

    private KvResult.Status statusOf(final int resultLength)
    {
        assertEquals(KvResult.HEADER_LENGTH, resultLength, "an INVALID result carries no value");
        return KvResult.status(result, 0);
    }

    @Test
    void shouldPutThenGet()
    {
        assertNull(get("k"));
        assertEquals(KvResult.Status.OK, put("k", "v1"));
        assertEquals("v1", get("k"));
        assertEquals(KvResult.Status.OK, put("k", "v2"));
        assertEquals("v2", get("k"));
        assertEquals(1, machine.size());
        assertArrayEquals(b("v2"), machine.get(b("k")));
    }

    @Test
    void shouldCompareAndSetOnlyOnMatch()
    {
        assertEquals(KvResult.Status.CAS_MISMATCH, cas("k", "x", "y"));
        assertNull(get("k"));
        assertEquals(KvResult.Status.OK, cas("k", null, "a"));
        assertEquals(KvResult.Status.CAS_MISMATCH, cas("k", null, "b"));
        assertEquals("a", new String(KvResult.value(result, 0, result.length), StandardCharsets.US_ASCII),
            "mismatch carries the current value");
        assertEquals(KvResult.Status.OK, cas("k", "a", "b"));
        assertEquals("b", get("k"));
        assertEquals(KvResult.Status.CAS_MISMATCH, cas("k", "a", "c"));
        assertEquals("b", get("k"));
    }

    @Test
    void shouldAllowEmptyKeysAndValues()
    {
        assertEquals(KvResult.Status.OK, put("", ""));
        assertEquals("", get(""));
        assertEquals(KvResult.Status.OK, cas("", "", "x"));
        assertEquals("x", get(""));
    }

    @Test
    void shouldAnswerOversizeKeysAndValuesWithInvalid()
    {
        assertEquals(KvResult.Status.INVALID, put("k".repeat(17), "v"));
        assertEquals(KvResult.Status.INVALID, put("k", "v".repeat(33)));
        assertEquals(KvResult.Status.INVALID, cas("k", "v".repeat(33), "v"));
        assertEquals(0, machine.size());
    }

    @Test
    void shouldAnswerMalformedCommandsWithInvalidAndNeverThrow()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final int putLength = KvCommand.encodePut(command, 0, b("key"), b("value"));
        final byte[] good = java.util.Arrays.copyOf(command, putLength);
        for (int length = 0; length < putLength; length++)
        {
            System.arraycopy(good, 0, command, 0, putLength);
            assertEquals(KvResult.Status.INVALID, statusOf(apply(length)), "truncated to " + length);
        }
        command[0] = 99;
        assertEquals(KvResult.Status.INVALID, statusOf(apply(putLength)));
        for (int i = 0; i < 20_000; i++)
        {
            final int length = random.nextInt(64);
            for (int j = 0; j < length; j++)
            {
                command[j] = (byte)random.nextInt(256);
            }
            if (random.nextBoolean())
            {
                command[0] = (byte)(1 + random.nextInt(3));
                command[1] = 0;
            }
            final int resultLength = apply(length);
            assertTrue(resultLength <= machine.maxResultLength());
            if (!KvCommand.isWellFormed(command, 0, length))
            {
                assertEquals(KvResult.Status.INVALID, KvResult.status(result, 0));
            }
        }
        assertEquals(KvResult.Status.INVALID, statusOf(machine.apply(1, null, 0, 0, result)));
        assertEquals(KvResult.Status.INVALID, statusOf(machine.apply(1, command, 250, 100, result)));
    }

    @Test
    void shouldReachEqualStateAndDigestOnEqualCommands()
    {
        final KvStateMachine a = new KvStateMachine();
        final KvStateMachine b = new KvStateMachine();
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] out = new byte[a.maxResultLength()];
        final byte[] outB = new byte[b.maxResultLength()];
        for (int i = 1; i <= 2000; i++)
        {
            final byte[] key = b("k" + random.nextInt(20));
            final byte[] value = b("v" + random.nextInt(5));
            final int length;
            switch (random.nextInt(3))
            {
                case 0:
                    length = KvCommand.encodePut(command, 0, key, value);
                    break;
                case 1:
                    length = KvCommand.encodeGet(command, 0, key);
                    break;
                default:
                    length = KvCommand.encodeCas(command, 0, key, random.nextBoolean() ? null : b("v" + random.nextInt(5)), value);
                    break;
            }
            final int lengthA = a.apply(i, command, 0, length, out);
            final int lengthB = b.apply(i, command, 0, length, outB);
            assertArrayEquals(java.util.Arrays.copyOf(out, lengthA), java.util.Arrays.copyOf(outB, lengthB));
        }
        assertEquals(a.stateDigest(), b.stateDigest());
        assertEquals(2000, a.appliedCount());
        assertEquals(2000, a.lastAppliedIndex());
        assertTrue(a.size() > 0);
        final KvStateMachine empty = new KvStateMachine();
        assertNotEquals(a.stateDigest(), empty.stateDigest());
        b.apply(2001, command, 0, KvCommand.encodePut(command, 0, b("fresh"), b("v")), outB);
        assertNotEquals(a.stateDigest(), b.stateDigest(), "one more key changes the digest");
    }

    @Test
    void shouldOrderKeysUnsigned()
    {
        final KvStateMachine m = new KvStateMachine();
        final byte[] out = new byte[m.maxResultLength()];
        final byte[] high = { (byte)0xF0 };
        final byte[] low = { 0x10 };
        final KvStateMachine n = new KvStateMachine();
        m.apply(1, command, 0, KvCommand.encodePut(command, 0, high, b("h")), out);
        m.apply(2, command, 0, KvCommand.encodePut(command, 0, low, b("l")), out);
        n.apply(1, command, 0, KvCommand.encodePut(command, 0, low, b("l")), out);
        n.apply(2, command, 0, KvCommand.encodePut(command, 0, high, b("h")), out);
        assertEquals(m.stateDigest(), n.stateDigest(), "digest is independent of insertion order");
        assertArrayEquals(b("h"), m.get(high));
    }
}
