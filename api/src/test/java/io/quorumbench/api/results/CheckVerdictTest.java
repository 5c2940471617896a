package io.quorumbench.api.results;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckVerdictTest
{
    @Test
    void shouldMergeAsJepsenDoesFailOverInconclusiveOverPass()
    {
        assertEquals(CheckVerdict.FAIL, CheckVerdict.INCONCLUSIVE.and(CheckVerdict.FAIL));
        assertEquals(CheckVerdict.FAIL, CheckVerdict.FAIL.and(CheckVerdict.PASS));
        assertEquals(CheckVerdict.INCONCLUSIVE, CheckVerdict.PASS.and(CheckVerdict.INCONCLUSIVE));
        assertEquals(CheckVerdict.PASS, CheckVerdict.PASS.and(CheckVerdict.PASS));
    }

    @Test
    void shouldLetACheckThatWasNotRunLeaveTheOthersToDecide()
    {
        assertEquals(CheckVerdict.PASS, CheckVerdict.PASS.and(CheckVerdict.SKIPPED).and(CheckVerdict.NOT_APPLICABLE));
        assertEquals(CheckVerdict.INCONCLUSIVE, CheckVerdict.SKIPPED.and(CheckVerdict.INCONCLUSIVE));
        assertEquals(CheckVerdict.NOT_APPLICABLE, CheckVerdict.NOT_APPLICABLE.and(CheckVerdict.NOT_APPLICABLE));
    }

    @Test
    void shouldRefuseAVerdictWithoutItsReason()
    {
        assertThrows(IllegalArgumentException.class, () -> new CheckResult(CheckVerdict.INCONCLUSIVE, " "));
    }
}
