package io.quorumbench.lockfree.lock;

import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.baseline.lock.BaselineLockStateMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline is the tuned lock table's oracle: the same random command streams (sessions opening,
 * keeping alive, expiring and closing, contended acquires with waiters and timeouts, releases with
 * right and wrong tokens, fenced writes, term changes, bad input of every kind) give the same result
 * bytes, command by command, and the same state digest.
 */
class LockTableOracleTest
{
    private static final LockServiceConfig CONFIG = new LockServiceConfig(50_000L, 200_000L, 12, 16);
    private static final int COMMANDS = 20_000;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldAnswerEveryCommandAsTheBaselineDoes(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final BaselineLockStateMachine baseline = new BaselineLockStateMachine(CONFIG);
        final LockTableStateMachine tuned = new LockTableStateMachine(CONFIG);
        final byte[] expected = new byte[LockResult.LENGTH];
        final byte[] actual = new byte[LockResult.LENGTH];
        final List<Long> sessions = new ArrayList<>();
        final List<long[]> grants = new ArrayList<>();
        final int locks = 1 + random.nextInt(6);
        long timeNs = 0;
        long term = 1;
        long lastVersion = 1;
        for (long index = 1; index <= COMMANDS; index++)
        {
            timeNs += random.nextInt(8) == 0 ? random.nextInt(100_000) : random.nextInt(2_000);
            if (random.nextInt(500) == 0)
            {
                term++;
            }
            final byte[] command = next(random, sessions, grants, locks, lastVersion);
            LockCommand.stamp(command, 0, random.nextInt(50) == 0 ? timeNs - 5_000 : timeNs, term);
            final int length = random.nextInt(300) == 0 ? command.length - 1 - random.nextInt(8) : command.length;
            final int expectedLength = baseline.apply(index, command, 0, length, expected);
            final int actualLength = tuned.apply(index, command, 0, length, actual);
            assertEquals(expectedLength, actualLength);
            final long at = index;
            assertArrayEquals(expected, actual, () -> "seed " + seed + " index " + at + ": " + describe(command, expected, actual));
            final byte status = LockResult.status(expected, 0);
            if (LockCommand.OP_OPEN_SESSION == command[LockCommand.OP_OFFSET] && LockResult.OK == status)
            {
                sessions.add(LockResult.sessionId(expected, 0));
            }
            if (LockResult.GRANTED == status || LockResult.HELD == status)
            {
                grants.add(new long[]{LockResult.sessionId(expected, 0), LockResult.token(expected, 0),
                    Arrays.hashCode(Arrays.copyOfRange(command, LockCommand.HEADER_LENGTH,
                    LockCommand.HEADER_LENGTH + LockCommand.lockLength(command, 0)))});
            }
            if (LockResult.OK == status || LockResult.NOT_DUE == status || LockResult.EXPIRED == status)
            {
                lastVersion = LockResult.version(expected, 0);
            }
            if (index % 1000 == 0)
            {
                assertEquals(baseline.stateDigest(), tuned.stateDigest(), "seed " + seed + " index " + index);
            }
        }
        assertEquals(baseline.stateDigest(), tuned.stateDigest());
        for (byte status = 0; status <= LockResult.INVALID; status++)
        {
            assertEquals(baseline.count(status), tuned.count(status), LockResult.name(status));
        }
        // the stream must have reached the interesting answers, or it checked little
        for (final byte status : new byte[]{LockResult.GRANTED, LockResult.HELD, LockResult.QUEUED, LockResult.BUSY,
            LockResult.NOT_HOLDER, LockResult.STALE_TOKEN, LockResult.NAME_TOO_LONG, LockResult.EXPIRED,
            LockResult.NOT_DUE, LockResult.INVALID, LockResult.UNKNOWN_SESSION})
        {
            assertTrue(baseline.count(status) > 0, "seed " + seed + " never answered " + LockResult.name(status));
        }
    }

    private static String describe(final byte[] command, final byte[] expected, final byte[] actual)
    {
        return "op " + command[LockCommand.OP_OFFSET] + " baseline " + LockResult.name(LockResult.status(expected, 0)) +
            " tuned " + LockResult.name(LockResult.status(actual, 0));
    }

    private static byte[] lock(final SplittableRandom random, final int locks)
    {
        if (random.nextInt(100) == 0)
        {
            return "a-lock-name-too-long".getBytes(StandardCharsets.ISO_8859_1);
        }
        return ("L" + random.nextInt(locks)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long session(final SplittableRandom random, final List<Long> sessions)
    {
        if (sessions.isEmpty() || random.nextInt(30) == 0)
        {
            return 1 + random.nextInt(100_000);
        }
        return sessions.get(sessions.size() - 1 - random.nextInt(Math.min(sessions.size(), 12)));
    }

    private static byte[] next(
        final SplittableRandom random, final List<Long> sessions, final List<long[]> grants, final int locks,
        final long lastVersion)
    {
        final int r = random.nextInt(100);
        if (r < 8 || sessions.isEmpty())
        {
            return LockCommand.openSession(random.nextInt(40) == 0 ? 0 : 20_000 + random.nextInt(200_000));
        }
        if (r < 25)
        {
            return LockCommand.keepAlive(session(random, sessions));
        }
        if (r < 32)
        {
            return LockCommand.expireSession(session(random, sessions), random.nextBoolean() ? lastVersion :
                1 + random.nextInt(4));
        }
        if (r < 35)
        {
            return LockCommand.closeSession(session(random, sessions));
        }
        if (r < 60)
        {
            // a fifth of the acquires come from a recent holder, so HELD answers are checked too
            final long session = !grants.isEmpty() && random.nextInt(5) == 0 ?
                grants.get(grants.size() - 1 - random.nextInt(Math.min(grants.size(), 4)))[0] : session(random, sessions);
            return LockCommand.acquire(session, lock(random, locks), random.nextInt(10) == 0 ? 0 :
                random.nextInt(150_000), random.nextInt(4) == 0);
        }
        if (r < 78)
        {
            if (!grants.isEmpty() && random.nextInt(4) != 0)
            {
                final long[] grant = grants.get(grants.size() - 1 - random.nextInt(Math.min(grants.size(), 8)));
                return LockCommand.release(random.nextInt(5) == 0 ? session(random, sessions) : grant[0], lock(random, locks),
                    random.nextInt(6) == 0 ? grant[1] - 1 : grant[1]);
            }
            return LockCommand.release(session(random, sessions), lock(random, locks), random.nextInt(100_000));
        }
        if (r < 95)
        {
            final long token = grants.isEmpty() ? 1 + random.nextInt(1000) :
                grants.get(grants.size() - 1 - random.nextInt(Math.min(grants.size(), 8)))[1];
            final byte[] value = new byte[random.nextInt(20)];
            random.nextBytes(value);
            return LockCommand.fencedWrite(lock(random, locks), random.nextInt(30) == 0 ? 0 : token,
                ("k" + random.nextInt(5)).getBytes(StandardCharsets.ISO_8859_1), value);
        }
        if (r < 98)
        {
            return LockCommand.tick();
        }
        final byte[] garbage = LockCommand.tick();
        garbage[LockCommand.OP_OFFSET] = (byte)random.nextInt(256);
        return garbage;
    }
}
