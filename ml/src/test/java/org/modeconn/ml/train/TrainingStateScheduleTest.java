package org.modeconn.ml.train;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a loop saves its training state: every N steps, after a time since the last save, never after the last step. */
class TrainingStateScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void byStepCountEveryNthStep() {
        List<Integer> due = new ArrayList<>();
        for (int step = 1; step <= 10; step++) {
            if (TrainingState.due(4, 0, step, 100 * SECOND)) {
                due.add(step);
            }
        }
        assertEquals(List.of(4, 8), due, "time plays no part when the interval is 0");
    }

    @Test
    void byTimeOnceTheIntervalHasPassedSinceTheLastSave() {
        assertFalse(TrainingState.due(0, 60 * SECOND, 3, 59 * SECOND));
        assertTrue(TrainingState.due(0, 60 * SECOND, 3, 60 * SECOND));
        assertTrue(TrainingState.due(0, 60 * SECOND, 7, 3600 * SECOND));
        // Both rules: whichever comes first.
        assertTrue(TrainingState.due(50, 60 * SECOND, 50, 1 * SECOND));
        assertTrue(TrainingState.due(50, 60 * SECOND, 13, 61 * SECOND));
        assertFalse(TrainingState.due(50, 60 * SECOND, 13, 59 * SECOND));
    }

    @Test
    void bothOffNeverSavesAndNegativeSettingsAreRefused() {
        for (int step = 1; step <= 100; step++) {
            assertFalse(TrainingState.due(0, 0, step, Long.MAX_VALUE));
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingState.due(-1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> TrainingState.due(0, -1, 1, 0));
    }

    /** A store that saves nothing; its rule is {@code every} (by step count) or, where given, {@code due}. */
    private record RuleStore(int every, java.util.function.IntPredicate rule) implements TrainingState.Store {
        @Override
        public boolean due(int step) {
            return rule == null ? TrainingState.Store.super.due(step) : rule.test(step);
        }

        @Override
        public Optional<Path> latest() {
            return Optional.empty();
        }

        @Override
        public Path scratch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void keep(Path file, int step) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theLoopNeverSavesAfterItsLastStepWhateverTheStoreSays() {
        TrainingState.Store always = new RuleStore(1, null);
        TrainingState.Store byTime = new RuleStore(0, step -> step == 3); // the store's own rule decides, not every()
        assertTrue(TrainingState.due(byTime, 3, 10));
        assertFalse(TrainingState.due(byTime, 4, 10));
        assertTrue(TrainingState.due(always, 9, 10));
        assertFalse(TrainingState.due(always, 10, 10));
        assertFalse(TrainingState.due(TrainingState.Store.NONE, 5, 10));
    }
}
