package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.spec.StudyPlan;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study gauges: values along t as they come in, barriers once a path is whole, bounded studies. */
class StudyMeasuresTest {

    @Test
    void pointsAppearAsTheyArriveAndBarriersOnlyOnceThePathIsWhole() {
        StudyPlan plan = PipelineLogicTest.plan("d");
        StudyPlan.Path line = plan.paths().get(0);
        StudyProgress progress = new StudyProgress(plan);
        double[] accuracy = {0.9, 0.6, 0.8};
        evaluate(plan, progress, line, 0, accuracy);
        List<StudyMeasures.Sample> partial = StudyMeasures.of(new StudyMeasures.Study(plan.studyId(), plan,
                StudyStatus.State.PROGRESS, progress, 1));
        assertEquals(1, count(partial, StudyMeasures.POINT_VALUE, "quantity", "error"));
        assertEquals(0, count(partial, StudyMeasures.BARRIER, null, null), "no barrier from one point");
        assertEquals(1.0, value(partial, StudyMeasures.WORK_DONE, Map.of("stage", "evaluation")));
        assertEquals(9.0, value(partial, StudyMeasures.WORK_TOTAL, Map.of("stage", "evaluation")));
        assertEquals(1.0, value(partial, StudyMeasures.INFO, Map.of("state", "progress")));

        evaluate(plan, progress, line, 1, accuracy);
        evaluate(plan, progress, line, 2, accuracy);
        List<StudyMeasures.Sample> whole = StudyMeasures.of(new StudyMeasures.Study(plan.studyId(), plan,
                StudyStatus.State.PROGRESS, progress, 1));
        // error 0.1, 0.4, 0.2 at t 0, 0.5, 1: max − endpoint mean 0.4 − 0.15; linear: 0.4 − (0.1 + 0.2) / 2;
        // above the worse endpoint: 0.4 − 0.2.
        Map<String, String> error = Map.of("path", "line", "dataset", "d/dev", "quantity", "error");
        assertEquals(0.25, value(whole, StudyMeasures.BARRIER, with(error, "definition", "max_minus_mean")), 1e-12);
        assertEquals(0.25, value(whole, StudyMeasures.BARRIER, with(error, "definition", "linear")), 1e-12);
        assertEquals(0.2, value(whole, StudyMeasures.BARRIER, with(error, "definition", "above_worse_endpoint")), 1e-12);
        assertEquals(0.0, value(whole, StudyMeasures.CONNECTED, Map.of("path", "line", "dataset", "d/dev", "rule", "linear")));
        assertEquals(0.9, value(whole, StudyMeasures.ENDPOINT_ACCURACY, Map.of("endpoint_name", "a", "dataset", "d/dev")), 1e-12);
        assertEquals(0.8, value(whole, StudyMeasures.ENDPOINT_ACCURACY, Map.of("endpoint_name", "b", "dataset", "d/dev")), 1e-12);
        assertEquals(0.4, value(whole, StudyMeasures.POINT_VALUE,
                Map.of("path", "line", "quantity", "error", "t", "0.500")), 1e-12);
        assertEquals(0, count(whole, StudyMeasures.BARRIER, "dataset", "e/dev"), "e/dev is not scored yet");
        for (StudyMeasures.Sample s : whole) {
            assertTrue(StudyMeasures.NAMES.contains(s.name()), s.name());
            assertEquals(plan.studyId(), s.labels().get("study"));
        }
    }

    @Test
    void unfinishedStudiesStayAndOnlyTheNewestFinishedOnesAreKept() {
        StudyPlan plan = PipelineLogicTest.plan("d");
        List<StudyMeasures.Study> studies = List.of(
                new StudyMeasures.Study("old", plan, StudyStatus.State.COMPLETED, new StudyProgress(plan), 1),
                new StudyMeasures.Study("running", plan, StudyStatus.State.PROGRESS, new StudyProgress(plan), 0),
                new StudyMeasures.Study("new", plan, StudyStatus.State.FAILED, new StudyProgress(plan), 3),
                new StudyMeasures.Study("rejected", null, StudyStatus.State.REJECTED, null, 2));
        assertEquals(List.of("running", "new", "rejected"),
                StudyMeasures.retained(studies, 2).stream().map(StudyMeasures.Study::studyId).toList());
        assertEquals(List.of("running"), StudyMeasures.retained(studies, 0).stream().map(StudyMeasures.Study::studyId).toList());
        List<StudyMeasures.Sample> rejected = StudyMeasures.of(studies.get(3));
        assertEquals(1, rejected.size(), "a rejected study has only its state");
        assertEquals("rejected", rejected.get(0).labels().get("state"));
    }

    private static void evaluate(StudyPlan plan, StudyProgress progress, StudyPlan.Path p, int i, double[] accuracy) {
        progress.evaluation(new PointEvaluated(Event.SCHEMA, plan.studyId(), p.id(), i, p.grid().get(i), "d/dev", 10,
                0.5, accuracy[i], 0.5, PipelineLogicTest.BLOB));
    }

    private static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }

    private static long count(List<StudyMeasures.Sample> samples, String name, String key, String v) {
        return samples.stream().filter(s -> s.name().equals(name) && (key == null || v.equals(s.labels().get(key)))).count();
    }

    private static double value(List<StudyMeasures.Sample> samples, String name, Map<String, String> labels) {
        List<StudyMeasures.Sample> found = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertEquals(1, found.size(), name + labels + " in " + samples.stream().map(Object::toString).collect(Collectors.joining("\n")));
        return found.get(0).value();
    }
}
