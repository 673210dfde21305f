package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the event decoder with the bytes of a record, starting from valid events (the seed corpus in
 * {@code EventTextFuzzTestInputs/}): a record decodes to an event that round-trips, or is a dead letter with
 * a reason ({@code BadEventException}), never an unchecked exception that would fail a study. See docs/fuzzing.md.
 */
class EventTextFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void eventTextWithBrokenBytesIsADeadLetterWithAReason(byte[] record) {
        Oracles.event(new String(record, StandardCharsets.UTF_8));
    }
}
