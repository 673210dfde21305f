package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

/**
 * Fuzzes the safetensors reader with whole files, starting from valid ones (the seed corpus in
 * {@code SafetensorsFuzzTestInputs/}): opened from disk and read tensor by tensor, or read as a stream's header,
 * a file is read consistently or refused with a {@code SafetensorsException} and a message, never read out of
 * bounds. See docs/fuzzing.md.
 */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void aSafetensorsFileIsReadConsistentlyOrRefusedWithAReason(byte[] file) throws IOException {
        Oracles.safetensors(file);
    }
}
