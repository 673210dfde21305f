package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlanner;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the study-spec reader and planner with well-formed YAML of the wrong shape: an input is a spec
 * followed by an edit script ({@link Edits}) that puts values of other types, extreme numbers or nothing at
 * its nodes. The edited spec plans, or each problem names its place ({@code $...}) and what is wrong. Seeds:
 * valid specs in {@code SpecTreeFuzzTestInputs/}, and the finding below as an edit. See docs/fuzzing.md.
 */
class SpecTreeFuzzTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @FuzzTest(maxDuration = "10s")
    void aStudySpecPlansOrListsItsProblemsWithTheirPaths(byte[] input) {
        Edits.Input in = Edits.split(input);
        JsonNode tree;
        try {
            tree = YAML.readTree(in.document());
        } catch (JsonProcessingException notYaml) {
            return; // no tree to edit: broken text is SpecTextFuzzTest's
        }
        if (tree == null || tree.isMissingNode()) {
            return;
        }
        Oracles.plannedFromTree(StudyPlanner.plan(SpecReader.fromTree(Edits.apply(tree, in.edits()))));
    }

    /** Found by fuzzing the tree (with jqwik, before Jazzer): an entry without a value stopped the planner with a NullPointerException. */
    @Test
    void aPathOrDatasetWithoutAValueIsAProblemAtItsPath() throws JsonProcessingException {
        JsonNode tree = YAML.readTree(Samples.SPEC);
        ((ObjectNode) tree.path("paths")).putNull("line");
        ((ObjectNode) tree.path("datasets")).put("d", 0);
        StudyPlanner.Result planned = StudyPlanner.plan(SpecReader.fromTree(tree));
        List<String> paths = planned.problems().stream().map(Problem::path).toList();
        assertTrue(paths.contains("$.paths.line"), planned.problems().toString());
        assertTrue(paths.contains("$.datasets.d"), planned.problems().toString());
    }
}
