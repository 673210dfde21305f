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
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The results table `modeconn run` prints for the example specs: one row per path and dataset, then each replicated comparison's verdict. */
class StudyClientTest {
    /** The plan of an example spec (its lr sweep has three replicates, each path scored on sst2/dev). */
    private static StudyPlan example(String name) throws Exception {
        return StudyPlanner.plan(SpecReader.readYaml(Files.readString(Services.home().resolve("examples").resolve(name)))).plan();
    }

    /** Error along t = 0, ½, 1 of (0.1, 0.1 + bump, 0.1): every error barrier equals bump. */
    private static PathReport report(StudyPlan plan, String path, double bump) {
        double[] t = {0, 0.5, 1};
        return new PathReport(1, plan.studyId(), plan.pathNamed(path).orElseThrow().id(), "sst2/dev", List.of(0.0, 0.5, 1.0),
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
    void aReplicatedComparisonIsPrintedWithItsIntervalAndTheVerdictOverItsReplicates() throws Exception {
        StudyPlan plan = example("rq1-hyper.yaml");
        // Every path alone is CONNECTED (0.010, 0.015, 0.017 <= 0.02), but over the three ε lies inside the interval.
        String out = print(plan, List.of(report(plan, "lr-1-to-2", 0.010), report(plan, "lr-1-to-2-r2", 0.015),
                report(plan, "lr-1-to-2-r3", 0.017)));
        assertTrue(out.contains("lr-1-to-2-r3   linear     sst2/dev"), out);
        assertTrue(out.matches("(?s).*\\nlr-1-to-2\\s+sst2/dev\\s+3\\s+0\\.0140 ± 0\\.0090\\s+UNDECIDED \\(interval 0\\.0050 to 0\\.0230, ε 0\\.02\\)\\n.*"),
                out);
    }

    @Test
    void aStudyWithoutReplicatesPrintsItsPathsOnly() throws Exception {
        StudyPlan plan = example("sst2-seeds.yaml");
        String out = print(plan, List.of(report(plan, plan.paths().get(0).name(), 0.010)));
        assertTrue(out.contains("CONNECTED (linear <= 0.02)"), out);
        assertFalse(out.contains("verdict over replicates"), out);
    }
}
