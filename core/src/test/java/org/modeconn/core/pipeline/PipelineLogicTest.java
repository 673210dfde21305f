package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.TrainingJob;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.BlobRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs and their dependencies, progress counting, and the per-example score format. */
class PipelineLogicTest {
    static final BlobRef BLOB = BlobRef.of("b", "k", "0".repeat(64), 1);

    /**
     * Endpoint a on d (2 classes), b on {@code secondTask}; the line is scored on d and e. Dataset e has 3
     * classes when b trains on it and 2 otherwise, as a same-task path scores e with the 2-class head of d.
     */
    static StudyPlan plan(String secondTask) {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                  e: {format: tsv, text: [s], label: l, numLabels: %d, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {task: %s, seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 3}, eval: [d/dev, e/dev]}
                  curve: {from: a, to: b, curve: {kind: bezier, bends: 2}, grid: {points: 3}, eval: [d/dev],
                          fit: {steps: 1, learningRate: 1.0e-4, batchSize: 8}}
                """.formatted(secondTask.equals("e") ? 3 : 2, secondTask)));
        assertTrue(r.ok(), r.problems().toString());
        return r.plan();
    }

    @Test
    void endpointsAreReadyAtOnceAndACurveWaitsForBothEndpoints() {
        StudyPlan plan = plan("d");
        List<TrainingJobs.Job> jobs = TrainingJobs.of(plan);
        assertEquals(3, jobs.size());
        TrainingJobs.Job curve = jobs.get(2);
        StudyPlan.Path p = plan.paths().get(1);
        assertEquals(TrainingJob.Kind.CURVE, curve.kind());
        assertEquals(List.of(p.id() + "-bend1", p.id() + "-bend2"), curve.outputs());
        assertEquals(List.of(p.fromId(), p.id() + "-bend1", p.id() + "-bend2", p.toId()), TrainingJobs.controlPoints(p));
        assertTrue(jobs.get(0).ready(Set.of()));
        assertFalse(curve.ready(Set.of(p.fromId())));
        assertTrue(curve.ready(Set.of(p.fromId(), p.toId())));
        assertFalse(curve.done(Set.of(p.id() + "-bend1")));
        assertEquals(4, TrainingJobs.checkpoints(plan).size());
    }

    @Test
    void headsAreInterpolatedWithinATaskButNotAcrossTasks() {
        StudyPlan same = plan("d");
        assertTrue(TrainingJobs.interpolated(same, same.paths().get(0)).test("classifier.weight"));
        StudyPlan cross = plan("e");
        assertFalse(TrainingJobs.interpolated(cross, cross.paths().get(0)).test("classifier.weight"));
        assertTrue(TrainingJobs.interpolated(cross, cross.paths().get(0)).test("encoder.layer.0.output.dense.weight"));
    }

    @Test
    void progressCountsEachThingOnceAndRefusesWhatIsNotInThePlan() {
        StudyPlan plan = plan("d");
        StudyProgress progress = new StudyProgress(plan);
        StudyPlan.Path line = plan.paths().get(0);
        assertEquals(new StudyProgress.Count(0, 4), progress.training());
        assertEquals(new StudyProgress.Count(0, 6), progress.interpolation());
        assertEquals(new StudyProgress.Count(0, 9), progress.evaluation()); // 3 points × 2 datasets + 3 × 1

        assertTrue(progress.checkpoint(line.fromId()));
        assertFalse(progress.checkpoint(line.fromId()), "seen twice, counted once");
        assertFalse(progress.checkpoint("ep-unknown"));
        assertTrue(progress.point(new PathPointReady(Event.SCHEMA, plan.studyId(), line.id(), 1, 0.5, BLOB)));
        assertFalse(progress.point(new PathPointReady(Event.SCHEMA, plan.studyId(), line.id(), 1, 0.5, BLOB)));
        assertTrue(progress.misfit(line.id(), 3, 1.0).contains("index 3 is off the grid"));
        assertTrue(progress.misfit(line.id(), 1, 0.4).contains("is at t = 0.5, not 0.4"));
        assertTrue(progress.misfit("path-nope", 0, 0.0).contains("no path path-nope"));
        assertNull(progress.misfit(line.id(), 2, 1.0));

        double[] losses = {0.3, 0.9, 0.5};
        for (int i = 2; i >= 0; i--) { // any order
            progress.evaluation(new PointEvaluated(Event.SCHEMA, plan.studyId(), line.id(), i, i * 0.5, "d/dev", 10,
                    losses[i], 0.8 - 0.1 * i, 0.7, BLOB));
        }
        assertFalse(progress.evaluation(new PointEvaluated(Event.SCHEMA, plan.studyId(), line.id(), 0, 0.0, "d/dev", 10,
                9.9, 0.1, 0.1, BLOB)), "a repeated evaluation does not replace the first");
        assertFalse(progress.evaluation(new PointEvaluated(Event.SCHEMA, plan.studyId(), line.id(), 0, 0.0, "x/dev", 10,
                1, 1, 1, BLOB)), "a dataset the path does not score");
        StudyProgress.Series s = progress.series(line.id(), "d/dev");
        assertArrayEquals(new double[]{0, 0.5, 1}, s.t());
        assertArrayEquals(losses, s.loss());
        assertArrayEquals(new double[]{0.2, 0.3, 0.4}, s.error(), 1e-12);
        assertFalse(progress.pathComplete(line.id()), "e/dev is still missing");
        assertFalse(progress.complete());
    }

    @Test
    void exampleScoresRoundTripThroughSafetensors(@TempDir Path dir) throws Exception {
        ExampleScores scores = new ExampleScores("d/dev", 3, 0.25, 2 / 3.0, 0.5, new boolean[]{true, false, true},
                new float[]{0.9f, 0.2f, 0.6f});
        Path file = dir.resolve("s.safetensors");
        Files.write(file, scores.toSafetensors());
        ExampleScores back = ExampleScores.read(file);
        assertEquals(scores.dataset(), back.dataset());
        assertEquals(scores.n(), back.n());
        assertEquals(scores.loss(), back.loss());
        assertEquals(scores.accuracy(), back.accuracy());
        assertEquals(scores.macroF1(), back.macroF1());
        assertArrayEquals(scores.correct(), back.correct());
        assertArrayEquals(scores.goldProbability(), back.goldProbability());
    }

    /** A training-job record must be one of its study's jobs; anything else is a misfit, never work. */
    @Test
    void aTrainingJobRecordMustBeOneOfThePlansJobs() {
        StudyPlan plan = plan("d");
        TrainingJobs.Job job = TrainingJobs.of(plan).get(0);
        TrainingJob event = new TrainingJob(1, plan.studyId(), job.id(), job.kind(), job.name(), job.inputs(), job.outputs());
        assertEquals(job, TrainingJobs.find(plan, event));
        TrainingJob escape = new TrainingJob(1, plan.studyId(), job.id(), job.kind(), job.name(), job.inputs(), List.of("../../escape"));
        org.modeconn.core.events.MisfitException e = assertThrows(org.modeconn.core.events.MisfitException.class,
                () -> TrainingJobs.find(plan, escape));
        assertTrue(e.getMessage().contains("is not one of study " + plan.studyId() + "'s jobs"), e.getMessage());
    }
}
