package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What scoring a path's points needs, resolved from the plan. */
class ScoringTasksTest {

    @Test
    void aSameTaskPathIsScoredWithItsStartEndpointsSettings() {
        StudyPlan plan = PipelineLogicTest.plan("d");
        StudyPlan.Path line = plan.paths().get(0);
        List<ScoringTask> tasks = ScoringTasks.of(plan, line.id());
        assertEquals(List.of(new EvalTarget("d", "dev"), new EvalTarget("e", "dev")),
                tasks.stream().map(ScoringTask::target).toList(), "one task per evaluation split, in spec order");
        ScoringTask d = tasks.get(0);
        assertEquals(line.id(), d.pathId());
        assertEquals("v.tsv", d.location());
        assertEquals(2, d.classes());
        assertEquals("a", d.settings().name());
        assertEquals(ModelRef.parse("builtin:all-MiniLM-L6-v2"), d.base());
        assertFalse(d.crossTask());
        assertEquals(2, tasks.get(1).classes(), "the dataset's own classes");
    }

    @Test
    void aCrossTaskPathTakesHeadAndSettingsFromTheEndpointOfTheScoredTask() {
        StudyPlan plan = PipelineLogicTest.plan("e");
        List<ScoringTask> tasks = ScoringTasks.of(plan, plan.paths().get(0).id());
        assertTrue(tasks.get(0).crossTask());
        assertEquals("a", tasks.get(0).settings().name(), "a was trained on d");
        assertEquals("b", tasks.get(1).settings().name(), "b was trained on e");
        assertEquals(3, tasks.get(1).classes(), "the dataset's own classes");
    }

    @Test
    void aCrossTaskPathScoredOnAThirdDatasetIsRefusedWhenPlanned() {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                  e: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                  f: {format: tsv, text: [s], label: l, numLabels: 2, splits: {dev: v.tsv}}
                defaults: {learningRate: 1.0e-4, batchSize: 8, steps: 2}
                endpoints: {a: {task: d}, b: {task: e}}
                paths: {p: {from: a, to: b, grid: {points: 3}, eval: [f/dev]}}
                """));
        assertFalse(r.ok(), "no head fits f: known before any training");
        assertEquals("$.paths.p.eval[0]", r.problems().get(0).path());
    }

    @Test
    void anUnknownPathIsRefused() {
        StudyPlan plan = PipelineLogicTest.plan("d");
        var e = assertThrows(IllegalArgumentException.class, () -> ScoringTasks.of(plan, "path-nope"));
        assertEquals("study " + plan.studyId() + " has no path path-nope", e.getMessage());
    }
}
