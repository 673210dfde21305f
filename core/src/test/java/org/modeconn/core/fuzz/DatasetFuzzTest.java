package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Fuzzes the dataset readers (TSV, CSV, JSONL): an input is a first line naming the format, then the file.
 * Starting from valid files (the seed corpus in {@code DatasetFuzzTestInputs/}), a file is checked whole and
 * its problems listed, never with an exception. See docs/fuzzing.md.
 */
class DatasetFuzzTest {
    private static final Set<String> FORMATS = Set.of("tsv", "csv", "jsonl");

    @FuzzTest(maxDuration = "10s")
    void aDatasetFileIsCheckedWholeWithoutThrowing(byte[] input) throws IOException {
        int newline = 0;
        while (newline < input.length && input[newline] != '\n') {
            newline++;
        }
        String format = new String(input, 0, newline, StandardCharsets.US_ASCII);
        if (!FORMATS.contains(format)) {
            return; // names no format: nothing to read it as
        }
        Oracles.dataset(format, Arrays.copyOfRange(input, Math.min(input.length, newline + 1), input.length));
    }
}
