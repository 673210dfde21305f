package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Replicates' path reports grouped by comparison and dataset, summarised per definition, with the interval verdict. */
class ComparisonBarriersTest {
    private static final String SPEC = """
            baseModel: builtin:all-MiniLM-L6-v2
            epsilon: 0.02
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
            sweeps:
              lr:
                vary: {learningRate: [1.0e-4, 3.0e-5]}
                replicates: 3
                path: {grid: {points: 3}, eval: [d/dev]}
            """;

    /** A report whose error along t = 0, ½, 1 is (0.1, 0.1 + bump, 0.1): every error barrier equals bump. */
    static PathReport report(StudyPlan plan, String path, double bump) {
        double[] t = {0, 0.5, 1};
        Connectivity error = Connectivity.of(t, new double[]{0.1, 0.1 + bump, 0.1});
        Connectivity loss = Connectivity.of(t, new double[]{0.3, 0.3 + 2 * bump, 0.3});
        return new PathReport(1, plan.studyId(), plan.pathNamed(path).orElseThrow().id(), "d/dev", List.of(0.0, 0.5, 1.0),
                List.of(0.3, 0.3 + 2 * bump, 0.3), List.of(0.1, 0.1 + bump, 0.1), loss, error,
                bump <= 0.02 ? Verdict.CONNECTED : Verdict.BARRIER, null, BarrierRule.LINEAR, 0.02);
    }

    @Test
    void theReplicatesOfAComparisonAreSummarisedWithTheirInterval() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        List<PathReport> reports = new ArrayList<>(List.of(report(plan, "lr-1-to-2", 0.02), report(plan, "lr-1-to-2-r2", 0.035)));
        ComparisonBarriers partial = ComparisonBarriers.of(plan, reports).get(0);
        assertEquals(List.of("lr-1-to-2", "lr-1-to-2-r2"), partial.paths(), "the replicates reported so far");

        reports.add(report(plan, "lr-1-to-2-r3", 0.011));
        List<ComparisonBarriers> all = ComparisonBarriers.of(plan, reports);
        assertEquals(1, all.size());
        ComparisonBarriers c = all.get(0);
        assertEquals("d/dev", c.dataset());
        assertEquals(ComparisonBarriers.DEFINITIONS, List.copyOf(c.barriers().keySet()));
        assertArrayEquals(new double[]{0.02, 0.035, 0.011}, c.values().get("error linear"), 1e-12);
        assertArrayEquals(new double[]{0.04, 0.07, 0.022}, c.values().get("loss max − mean"), 1e-12);
        assertEquals(0.022, c.barriers().get("error rule").mean(), 1e-12);
        assertEquals(4.302652729911275 * 0.012124355652982144 / Math.sqrt(3), c.barriers().get("error rule").halfWidth(), 1e-9);
        assertEquals(ComparisonBarriers.Verdict.UNDECIDED, c.verdict(), "ε = 0.02 lies inside [-0.008, 0.052]");

        List<PathReport> flat = List.of(report(plan, "lr-1-to-2", 0.001), report(plan, "lr-1-to-2-r2", 0.002),
                report(plan, "lr-1-to-2-r3", 0.0015));
        assertEquals(ComparisonBarriers.Verdict.CONNECTED, ComparisonBarriers.of(plan, flat).get(0).verdict());
        List<PathReport> high = List.of(report(plan, "lr-1-to-2", 0.10), report(plan, "lr-1-to-2-r2", 0.11),
                report(plan, "lr-1-to-2-r3", 0.105));
        assertEquals(ComparisonBarriers.Verdict.BARRIER, ComparisonBarriers.of(plan, high).get(0).verdict());
        assertEquals(List.of(), ComparisonBarriers.of(plan, List.of()), "nothing reported, nothing summarised");
    }
}
