package org.modeconn.cli;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results table `modeconn run` prints: one row per path and dataset, then each replicated comparison's verdict. */
class StudyClientTest {
    private static final String SPEC = """
            baseModel: builtin:all-MiniLM-L6-v2
            epsilon: 0.02
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
            sweeps:
              lr:
                vary: {learningRate: [1.0e-4, 3.0e-5]}
                replicates: %d
                path: {grid: {points: 3}, eval: [d/dev]}
            """;

    /** Error along t = 0, ½, 1 of (0.1, 0.1 + bump, 0.1): every error barrier equals bump. */
    private static PathReport report(StudyPlan plan, String path, double bump) {
        double[] t = {0, 0.5, 1};
        return new PathReport(1, plan.studyId(), plan.pathNamed(path).orElseThrow().id(), "d/dev", List.of(0.0, 0.5, 1.0),
                List.of(0.3, 0.3, 0.3), List.of(0.1, 0.1 + bump, 0.1), Connectivity.of(t, new double[]{0.3, 0.3, 0.3}),
                Connectivity.of(t, new double[]{0.1, 0.1 + bump, 0.1}), bump <= 0.02 ? Verdict.CONNECTED : Verdict.BARRIER,
                null, BarrierRule.LINEAR, 0.02);
    }

    private static String print(StudyPlan plan, List<PathReport> reports) {
        StringWriter out = new StringWriter();
        StudyClient.printResults(new PrintWriter(out), plan, reports);
        return out.toString();
    }

    @Test
    void aReplicatedComparisonIsPrintedWithItsIntervalAndTheVerdictOverItsReplicates() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC.formatted(3))).plan();
        // Every path alone is CONNECTED (0.010, 0.015, 0.017 <= 0.02), but over the three ε lies inside the interval.
        String out = print(plan, List.of(report(plan, "lr-1-to-2", 0.010), report(plan, "lr-1-to-2-r2", 0.015),
                report(plan, "lr-1-to-2-r3", 0.017)));
        assertTrue(out.contains("lr-1-to-2-r3   linear     d/dev"), out);
        assertTrue(out.matches("(?s).*\\nlr-1-to-2\\s+d/dev\\s+3\\s+0\\.0140 ± 0\\.0090\\s+UNDECIDED \\(interval 0\\.0050 to 0\\.0230, ε 0\\.02\\)\\n.*"),
                out);
    }

    @Test
    void aStudyWithoutReplicatesPrintsItsPathsOnly() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC.formatted(1))).plan();
        String out = print(plan, List.of(report(plan, "lr-1-to-2", 0.010)));
        assertTrue(out.contains("CONNECTED (linear <= 0.02)"), out);
        assertFalse(out.contains("verdict over replicates"), out);
    }
}
