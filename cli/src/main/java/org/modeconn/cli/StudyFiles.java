package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and plans a study file for the commands that run part of it; an invalid one is an input error. */
final class StudyFiles {
    private StudyFiles() {
    }

    /** The plan; otherwise every problem is printed to {@code err} and an IllegalArgumentException (exit 2) thrown. */
    static StudyPlan planOrFail(Path study, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(study)) {
            throw new IllegalArgumentException("no such file: " + study);
        }
        StudyPlanner.Result result = StudyPlanner.plan(study);
        if (!result.ok()) {
            for (Problem p : result.problems()) {
                err.println("  " + p);
            }
            throw new IllegalArgumentException(study + " is invalid (" + result.problems().size() + " problems)");
        }
        return result.plan();
    }

    /** The study file as a JSON tree (YAML is read as its JSON equivalent): what a StudyRequested carries. */
    /**
     * Checks everything the study reads ({@link StudyInputs}) from this machine; otherwise prints every
     * problem to {@code err} and throws an IllegalArgumentException (exit 2).
     */
    static void checkInputsOrFail(StudyPlan plan, LocalData data, Path study, PrintWriter err) {
        List<Problem> problems = StudyInputs.check(plan, data);
        if (!problems.isEmpty()) {
            err.println(study + ": the study's inputs have " + problems.size() + " problem(s)");
            for (Problem p : problems) {
                err.println("  " + p);
            }
            err.flush();
            throw new IllegalArgumentException(study + " cannot run (" + problems.size() + " input problems)");
        }
    }

    static JsonNode tree(Path study) throws IOException {
        return SpecReader.tree(study);
    }

    /** Plans a spec tree (after staging) or fails with its problems. */
    static StudyPlan planOrFail(JsonNode spec, String what) {
        StudyPlanner.Result result = StudyPlanner.plan(SpecReader.fromTree(spec));
        if (!result.ok()) {
            throw new IllegalArgumentException(what + " is invalid: " + result.problems());
        }
        return result.plan();
    }
}
