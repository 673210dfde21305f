package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A line and a curve between the same endpoints, replicate by replicate: their barriers' paired differences. */
class PairedBarriersTest {
    /** The shape of examples/rq1-adapter-init.yaml, plus a sweep whose endpoints differ (never paired). */
    private static final String SPEC = """
            baseModel: builtin:all-MiniLM-L6-v2
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-3, batchSize: 8, steps: 10}
            sweeps:
              line: &init
                base: {method: {kind: adapter, bottleneck: 4}}
                vary: {method.initStd: [0.02, 0.08]}
                replicates: 3
                path: {grid: {points: 3}, eval: [d/dev]}
              curve:
                <<: *init
                path:
                  curve: {kind: bezier, bends: 1}
                  grid: {points: 3}
                  eval: [d/dev]
                  fit: {steps: 5, learningRate: 1.0e-3, batchSize: 8}
              lr:
                vary: {learningRate: [1.0e-3, 3.0e-4]}
                replicates: 3
                path: {grid: {points: 3}, eval: [d/dev]}
            """;

    private static List<PathReport> reports(StudyPlan plan, double[] line, double[] curve) {
        List<PathReport> out = new ArrayList<>();
        String[] suffix = {"", "-r2", "-r3"};
        for (int r = 0; r < 3; r++) {
            // ComparisonBarriersTest.report: error (0.1, 0.1 + bump, 0.1) and loss (0.3, 0.3 + 2·bump, 0.3) at t = 0, ½, 1.
            out.add(ComparisonBarriersTest.report(plan, "line-1-to-2" + suffix[r], line[r]));
            out.add(ComparisonBarriersTest.report(plan, "curve-1-to-2" + suffix[r], curve[r]));
            out.add(ComparisonBarriersTest.report(plan, "lr-1-to-2" + suffix[r], 0.05));
        }
        return out;
    }

    @Test
    void theCurveIsComparedWithTheLineBetweenTheSameEndpointsPairByPair() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        // The error linear barriers of examples/rq1-adapter-init's lines and curves (docs/findings.md), rounded to four
        // decimals first, so the first difference is −0.0020 here where the findings' unrounded one is −0.0019.
        List<PathReport> reports = reports(plan, new double[]{0.0130, 0.0078, 0.0111}, new double[]{0.0110, 0.0087, 0.0});
        List<PairedBarriers> paired = PairedBarriers.of(plan, ComparisonBarriers.of(plan, reports));

        assertEquals(1, paired.size(), "only line and curve share their endpoints; lr's differ");
        PairedBarriers p = paired.get(0);
        assertEquals("line-1-to-2", p.first().comparison().name());
        assertEquals("curve-1-to-2", p.second().comparison().name());
        assertArrayEquals(new double[]{-0.0020, 0.0009, -0.0111}, p.values().get("error linear"), 1e-12);
        assertArrayEquals(new double[]{-0.0040, 0.0018, -0.0222}, p.values().get("loss linear"), 1e-12);
        // Independently: numpy mean and scipy.stats.t.ppf(0.975, 2) * std(ddof=1) / sqrt(3) of the three differences.
        assertEquals(-0.004066666666666667, p.differences().get("error linear").mean(), 1e-12);
        assertEquals(0.015553823468890995, p.differences().get("error linear").halfWidth(), 1e-9);
        assertEquals(PairedBarriers.Effect.NOT_SEPARABLE, p.effect("error linear"));
    }

    @Test
    void aConsistentDifferenceIsSeparatedEvenWhereTheTwoIntervalsOverlap() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        List<PathReport> reports = reports(plan, new double[]{0.030, 0.050, 0.040}, new double[]{0.019, 0.041, 0.030});
        List<ComparisonBarriers> comparisons = ComparisonBarriers.of(plan, reports);
        ComparisonBarriers line = comparisons.get(0);
        ComparisonBarriers curve = comparisons.get(1);
        assertTrue(curve.barriers().get("error linear").high() > line.barriers().get("error linear").low(),
                "the two comparisons' own intervals overlap");

        PairedBarriers p = PairedBarriers.of(plan, comparisons).get(0);
        assertEquals(-0.01, p.differences().get("error linear").mean(), 1e-12);
        assertEquals(0.00248413771175033, p.differences().get("error linear").halfWidth(), 1e-9);
        assertEquals(PairedBarriers.Effect.LOWER, p.effect("error linear"));
        assertEquals(PairedBarriers.Effect.HIGHER,
                PairedBarriers.of(plan, ComparisonBarriers.of(plan, reports(plan, new double[]{0.019, 0.041, 0.030},
                        new double[]{0.030, 0.050, 0.040}))).get(0).effect("error linear"));
    }

    @Test
    void oneReplicateGivesADifferenceWithoutInterval() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC.replace("replicates: 3", "replicates: 1"))).plan();
        List<PathReport> reports = List.of(ComparisonBarriersTest.report(plan, "line-1-to-2", 0.0154),
                ComparisonBarriersTest.report(plan, "curve-1-to-2", 0.0055));
        PairedBarriers p = PairedBarriers.of(plan, ComparisonBarriers.of(plan, reports)).get(0);
        assertEquals(-0.0099, p.differences().get("error linear").mean(), 1e-12);
        assertEquals(PairedBarriers.Effect.ONE_PAIR, p.effect("error linear"));
        assertEquals(List.of(), PairedBarriers.of(plan, ComparisonBarriers.of(plan, List.of(reports.get(0)))),
                "a curve not reported yet: nothing to pair");
    }

    @Test
    void replicatesThatDoNotLineUpAreNeverPaired() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        // Line reported for replicates 1 and 2, curve for 1 and 3: two differences each, but the second would
        // subtract a replicate-2 barrier from a replicate-3 one (different endpoints).
        List<PathReport> misaligned = List.of(ComparisonBarriersTest.report(plan, "line-1-to-2", 0.01),
                ComparisonBarriersTest.report(plan, "line-1-to-2-r2", 0.02),
                ComparisonBarriersTest.report(plan, "curve-1-to-2", 0.005),
                ComparisonBarriersTest.report(plan, "curve-1-to-2-r3", 0.015));
        assertEquals(0, PairedBarriers.of(plan, ComparisonBarriers.of(plan, misaligned)).size(),
                "replicate 2 of the line and replicate 3 of the curve join different endpoints");

        // Three line replicates against two curve replicates: not paired until the third curve arrives.
        List<PathReport> uneven = new ArrayList<>(reports(plan, new double[]{0.01, 0.02, 0.03}, new double[]{0.0, 0.0, 0.0}));
        uneven.removeIf(r -> r.pathId().equals(plan.pathNamed("curve-1-to-2-r3").orElseThrow().id()));
        assertEquals(0, PairedBarriers.of(plan, ComparisonBarriers.of(plan, uneven)).size(),
                "three line replicates against two curve replicates");
    }

    @Test
    void theReverseDirectionIsNotTheSamePath() {
        // The curve sweep lists the same two settings in the opposite order: its path runs 2 → 1, the line's 1 → 2.
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC.replace("""
                  curve:
                    <<: *init
                """, """
                  curve:
                    <<: *init
                    vary: {method.initStd: [0.08, 0.02]}
                """))).plan();
        StudyPlan.Path line = plan.pathNamed("line-1-to-2").orElseThrow();
        StudyPlan.Path curve = plan.pathNamed("curve-1-to-2").orElseThrow();
        assertEquals(line.fromId(), curve.toId(), "the same endpoints, in the opposite direction");
        assertEquals(line.toId(), curve.fromId());
        assertEquals(0, PairedBarriers.of(plan, ComparisonBarriers.of(plan, reports(plan,
                new double[]{0.01, 0.02, 0.03}, new double[]{0.0, 0.0, 0.0}))).size(), "i → j is not paired with j → i");
    }
}
