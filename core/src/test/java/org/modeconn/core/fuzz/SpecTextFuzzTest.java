package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlanner;

import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the study-spec reader and planner with the bytes of a YAML file, starting from valid specs (the seed
 * corpus in {@code SpecTextFuzzTestInputs/}): a spec plans or is refused with problems, never with an
 * exception. See docs/fuzzing.md.
 */
class SpecTextFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void aStudySpecWithBrokenTextIsRefusedWithProblems(byte[] yaml) {
        Oracles.plannedFromText(StudyPlanner.plan(SpecReader.readYaml(new String(yaml, StandardCharsets.UTF_8))));
    }
}
