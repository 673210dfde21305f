package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.metrics.Forgetting;
import org.modeconn.core.metrics.RankCorrelation;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forgetting of a sweep comparison's replicates, summarised over them. */
class ComparisonForgettingTest {
    /** The shape of examples/rq3-instances-replicates.yaml, plus a sweep without training dynamics. */
    private static final String SPEC = """
            baseModel: builtin:all-MiniLM-L6-v2
            datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, train2: t.tsv, dev: d.tsv}}}
            defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 10}
            sweeps:
              other-data:
                base: {dynamics: {split: train, every: 5}}
                vary: {trainSplit: [train, train2]}
                replicates: 3
                path: {grid: {points: 3}, eval: [d/train, d/dev]}
              lr:
                vary: {learningRate: [1.0e-4, 3.0e-5]}
                path: {grid: {points: 3}, eval: [d/dev]}
            """;

    private static Forgetting forgetting(int forgotten, double rhoConfidence, double rhoVariability) {
        List<Forgetting.Group> groups = List.of(new Forgetting.Group("t = 0.5", 0.5, forgotten, 0.5, 0.2, 0.8),
                new Forgetting.Group(Forgetting.Group.KEPT, Double.NaN, 100 - forgotten, 0.9, 0.1, 1));
        return new Forgetting(groups, 100, new RankCorrelation(forgotten, rhoConfidence, 0.01),
                new RankCorrelation(forgotten, rhoVariability, 0.01));
    }

    @Test
    void theRankCorrelationsOfTheReplicatesGetAMeanAndAnInterval() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        Map<String, Map<String, Forgetting>> byPath = Map.of(
                "other-data-1-to-2", Map.of("d/train", forgetting(30, 0.5, -0.4)),
                "other-data-1-to-2-r2", Map.of("d/train", forgetting(20, 0.6, Double.NaN)),
                "other-data-1-to-2-r3", Map.of("d/train", forgetting(40, 0.7, -0.6), "d/dev", forgetting(3, 0.1, 0.1)),
                "not-a-path-of-the-plan", Map.of("d/train", forgetting(9, 0.9, 0.9)));
        List<ComparisonForgetting> all = ComparisonForgetting.of(plan, byPath);
        assertEquals(2, all.size(), "one comparison, on the two splits it has forgetting tables for; nothing for other names");
        ComparisonForgetting c = all.get(0);
        assertEquals("d/dev", all.get(1).dataset());
        assertEquals(List.of("other-data-1-to-2-r3"), all.get(1).paths());
        assertEquals("d/train", c.dataset());
        assertEquals(List.of("other-data-1-to-2", "other-data-1-to-2-r2", "other-data-1-to-2-r3"), c.paths());
        assertArrayEquals(new int[]{30, 20, 40}, c.forgotten());
        assertEquals(3, c.confidenceOverReplicates().n());
        assertEquals(0.6, c.confidenceOverReplicates().mean(), 1e-12);
        // sd 0.1; t(0.975, 2) = 4.302652729749464: half-width 4.3027 · 0.1 / √3
        assertEquals(4.302652729749464 * 0.1 / Math.sqrt(3), c.confidenceOverReplicates().halfWidth(), 1e-9);
        assertEquals(2, c.variabilityOverReplicates().n(), "an undefined correlation is left out, not counted as 0");
        assertEquals(-0.5, c.variabilityOverReplicates().mean(), 1e-12);
        assertTrue(Double.isNaN(c.rhoVariability()[1]), "the per-path values stay aligned with the paths");
    }

    @Test
    void aComparisonWhoseCorrelationsAreUndefinedEverywhereHasNoSummary() {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml(SPEC)).plan();
        List<ComparisonForgetting> all = ComparisonForgetting.of(plan,
                Map.of("other-data-1-to-2-r2", Map.of("d/train", forgetting(1, Double.NaN, Double.NaN))));
        assertEquals(List.of("other-data-1-to-2-r2"), all.get(0).paths());
        assertNull(all.get(0).confidenceOverReplicates());
        assertNull(all.get(0).variabilityOverReplicates());
    }
}
