package io.quorumbench.api.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        final byte[] good = Arrays.copyOf(command, putLength);
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
            assertArrayEquals(Arrays.copyOf(out, lengthA), Arrays.copyOf(outB, lengthB));
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
    void shouldNeitherChangeStateNorThrowOnPrefetch()
    {
        final KvStateMachine hinted = new KvStateMachine(16, 32);
        final KvStateMachine plain = new KvStateMachine(16, 32);
        final SplittableRandom random = new SplittableRandom(11);
        final byte[] noise = new byte[64];
        final byte[] outHinted = new byte[hinted.maxResultLength()];
        final byte[] outPlain = new byte[plain.maxResultLength()];
        for (int i = 1; i <= 5000; i++)
        {
            final byte[] key = b("k" + random.nextInt(300));
            final int length = 0 == random.nextInt(3) ?
                KvCommand.encodeGet(command, 0, key) : KvCommand.encodePut(command, 0, key, b("v" + i));
            // Hints for this command, for malformed bytes and for commands that are never applied.
            hinted.prefetch(command, 0, length);
            random.nextBytes(noise);
            hinted.prefetch(noise, 0, random.nextInt(noise.length + 1));
            hinted.prefetch(noise, 60, 4);
            hinted.prefetch(null, 0, 0);
            final int lengthHinted = hinted.apply(i, command, 0, length, outHinted);
            final int lengthPlain = plain.apply(i, command, 0, length, outPlain);
            assertArrayEquals(
                Arrays.copyOf(outPlain, lengthPlain), Arrays.copyOf(outHinted, lengthHinted));
        }
        assertEquals(plain.size(), hinted.size());
        assertEquals(plain.stateDigest(), hinted.stateDigest());
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

    @Test
    void shouldMatchAMapModelThroughGrowthAndValuesThatShrinkAndGrow()
    {
        final java.util.Map<String, String> model = new java.util.HashMap<>();
        final SplittableRandom random = new SplittableRandom(11);
        final int keyCount = 5 * KvStateMachine.INITIAL_CAPACITY; // several doublings
        for (int i = 0; i < 60_000; i++)
        {
            final String key = "k" + random.nextInt(keyCount);
            final String value = "v".repeat(random.nextInt(31)); // 0..30 bytes: shrinks and regrows in place
            switch (random.nextInt(3))
            {
                case 0:
                    assertEquals(KvResult.Status.OK, put(key, value));
                    model.put(key, value);
                    break;
                case 1:
                    assertEquals(model.get(key), get(key), key);
                    break;
                default:
                    final String expected = random.nextBoolean() ? model.get(key) : null;
                    final KvResult.Status status = cas(key, expected, value);
                    final boolean shouldMatch = java.util.Objects.equals(expected, model.get(key));
                    assertEquals(shouldMatch ? KvResult.Status.OK : KvResult.Status.CAS_MISMATCH, status, key);
                    if (shouldMatch)
                    {
                        model.put(key, value);
                    }
                    break;
            }
        }
        assertEquals(model.size(), machine.size());
        assertTrue(machine.size() > 2 * KvStateMachine.INITIAL_CAPACITY, "the table grew");
        model.forEach((key, value) -> assertArrayEquals(b(value), machine.get(b(key)), key));
        assertNull(machine.get(b("absent")));
    }

    @Test
    void shouldGiveEqualDigestsWhateverTheInsertionOrderAndTableSize()
    {
        final KvStateMachine forward = new KvStateMachine();
        final KvStateMachine backward = new KvStateMachine();
        final byte[] out = new byte[forward.maxResultLength()];
        final int keys = 3 * KvStateMachine.INITIAL_CAPACITY;
        for (int i = 0; i < keys; i++)
        {
            forward.apply(i + 1, command, 0, KvCommand.encodePut(command, 0, b("key-" + i), b("value-" + i)), out);
        }
        for (int i = keys - 1; i >= 0; i--)
        {
            // first a longer value, then the real one: the stored array is larger than the value
            backward.apply(2 * i + 1, command, 0, KvCommand.encodePut(command, 0, b("key-" + i), b("a much longer value")), out);
            backward.apply(2 * i + 2, command, 0, KvCommand.encodePut(command, 0, b("key-" + i), b("value-" + i)), out);
        }
        assertEquals(forward.stateDigest(), backward.stateDigest());
        forward.apply(keys + 1, command, 0, KvCommand.encodePut(command, 0, b("key-7"), b("value-7!")), out);
        assertNotEquals(forward.stateDigest(), backward.stateDigest(), "a changed value changes the digest");
    }

    @Test
    void shouldAllocateNothingOnceEveryKeyHoldsAValue()
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs allocation counting");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        final KvStateMachine kv = new KvStateMachine();
        final byte[] out = new byte[kv.maxResultLength()];
        final int keys = 4096;
        final byte[][] puts = new byte[keys][];
        final byte[][] gets = new byte[keys][];
        final byte[][] cases = new byte[keys][];
        for (int i = 0; i < keys; i++)
        {
            final byte[] key = java.nio.ByteBuffer.allocate(8).putLong(i).array();
            puts[i] = Arrays.copyOf(command, KvCommand.encodePut(command, 0, key, new byte[64]));
            gets[i] = Arrays.copyOf(command, KvCommand.encodeGet(command, 0, key));
            cases[i] = Arrays.copyOf(command, KvCommand.encodeCas(command, 0, key, new byte[64], new byte[64]));
            kv.apply(i + 1, puts[i], 0, puts[i].length, out);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < keys; i++)
            {
                kv.apply(i, puts[i], 0, puts[i].length, out);
                kv.apply(i, gets[i], 0, gets[i].length, out);
                kv.apply(i, cases[i], 0, cases[i].length, out);
            }
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 245,760 commands: one copied 64-byte value each would be over 19 MB
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 245,760 commands on existing keys");
    }

    @Test
    void shouldRestoreFromSnapshotToEqualStateAndDigest()
    {
        for (int i = 0; i < 2000; i++)
        {
            put("k" + i, "v" + (i * 7));
        }
        put("k5", "overwritten");
        final byte[] image = machine.snapshot();
        final KvStateMachine copy = new KvStateMachine(16, 32);
        copy.restore(index, image, 0, image.length);

        assertEquals(machine.stateDigest(), copy.stateDigest());
        assertEquals(machine.size(), copy.size());
        assertEquals(index, copy.lastAppliedIndex());
        assertArrayEquals(b("overwritten"), copy.get(b("k5")));
    }

    @Test
    void shouldReplaceExistingStateOnRestore()
    {
        put("a", "1");
        final byte[] image = machine.snapshot();
        put("b", "2");
        machine.restore(1, image, 0, image.length);

        assertNull(machine.get(b("b")));
        assertArrayEquals(b("1"), machine.get(b("a")));
    }

    @Test
    void shouldRefuseMalformedImageAndKeepState()
    {
        put("a", "1");
        final byte[] image = machine.snapshot();
        final byte[] truncated = Arrays.copyOf(image, image.length - 1);
        final long digest = machine.stateDigest();

        assertThrows(IllegalArgumentException.class, () -> machine.restore(9, truncated, 0, truncated.length));
        assertEquals(digest, machine.stateDigest());
        assertEquals(1, machine.lastAppliedIndex());
    }
}
