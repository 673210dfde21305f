package org.modeconn.ml.eval;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.pipeline.PathPoints;
import org.modeconn.core.pipeline.ScoringTask;
import org.modeconn.core.pipeline.ScoringTasks;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.ml.Djl;
import org.modeconn.ml.EndpointTrainer;
import org.modeconn.ml.PointModel;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;
import org.modeconn.ml.train.TrainingListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring rule the evaluator and the benchmark share: a point scored through {@link PointScoring} equals
 * the trained model scored directly, the base model is loaded once per base and the split read once per
 * base, whatever the number of points.
 */
class PointScoringTest {
    @TempDir
    Path dir;

    @Test
    void aPointScoresAsTheTrainedModelAndTheBaseAndSplitAreReadOncePerBase() throws Exception {
        Path train = Files.writeString(dir.resolve("train.tsv"), "s\tl\n" + "a fine film\t1\nan awful mess\t0\n".repeat(8));
        Path dev = Files.writeString(dir.resolve("dev.tsv"), "s\tl\ngreat fun\t1\ndull and slow\t0\nnot bad at all\t1\n");
        StudyPlanner.Result planned = StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: %s, dev: %s}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 4, steps: 2, maxLength: 16}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
                paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
                """.formatted(train, dev)));
        assertTrue(planned.ok(), () -> planned.problems().toString());
        StudyPlan plan = planned.plan();
        StudyPlan.Endpoint a = plan.endpoints().get(0);
        List<String> reads = new ArrayList<>();
        EndpointTrainer.DataResolver data = location -> {
            reads.add(location);
            return Path.of(location);
        };
        List<ModelRef> loads = new ArrayList<>();

        try (NDManager manager = Djl.newManager()) {
            Path point = dir.resolve("a.safetensors");
            EvalResult direct;
            try (EndpointTrainer.Trained t = EndpointTrainer.train(a.config(), plan.datasets(), Path::of, manager,
                    TrainingListener.NONE)) {
                EndpointTrainer.save(t, point);
                direct = EndpointTrainer.evaluate(t, plan.datasets().get("d"), "dev", dev, 64);
            }
            ScoringTask task = ScoringTasks.of(plan, plan.paths().get(0).id()).get(0);
            try (PointScoring scoring = new PointScoring(ref -> {
                loads.add(ref);
                return Pretrained.load(ref, manager);
            }, data, 64)) {
                for (int i = 0; i < 2; i++) {
                    EvalResult r = scoring.score(task.base(), task, point, null);
                    assertEquals(direct.loss(), r.loss(), 1e-6);
                    assertEquals(3, r.n());
                    assertArrayEquals(direct.correct(), r.correct());
                    assertArrayEquals(direct.goldProbability(), r.goldProbability(), 1e-6f);
                }
                assertEquals(List.of(task.base()), loads);
                assertEquals(List.of(dev.toString()), reads);

                // A point of another base replaces the loaded one: loaded and read anew.
                ModelRef other = ModelRef.parse(dir.resolve("other-base").toString());
                assertThrows(java.io.IOException.class, () -> scoring.score(other, task, point, null));
                assertEquals(List.of(task.base(), other), loads);
                scoring.score(task.base(), task, point, null);
                assertEquals(List.of(task.base(), other, task.base()), loads);
                assertEquals(List.of(dev.toString(), dev.toString()), reads);
            }
        }
    }

    @Test
    void aPointBlendedIntoTheEngineScoresBitForBitAsItsFileAndServesSeveralSplits() throws Exception {
        Path train = Files.writeString(dir.resolve("train.tsv"), "s\tl\n" + "a fine film\t1\nan awful mess\t0\n".repeat(8));
        Path dev = Files.writeString(dir.resolve("dev.tsv"), "s\tl\ngreat fun\t1\ndull and slow\t0\nnot bad at all\t1\n");
        Path test = Files.writeString(dir.resolve("test.tsv"), "s\tl\nsuperb\t1\ntedious\t0\n");
        StudyPlanner.Result planned = StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: %s, dev: %s, test: %s}}
                defaults: {task: d, learningRate: 1.0e-3, batchSize: 4, steps: 2, maxLength: 16}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
                paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev, d/test]}}
                """.formatted(train, dev, test)));
        assertTrue(planned.ok(), () -> planned.problems().toString());
        StudyPlan plan = planned.plan();
        StudyPlan.Path path = plan.paths().get(0);
        List<ScoringTask> tasks = ScoringTasks.of(plan, path.id());
        assertEquals(2, tasks.size());

        try (NDManager manager = Djl.newManager();
             PointScoring scoring = new PointScoring(ref -> Pretrained.load(ref, manager), Path::of, 64)) {
            List<Path> controls = new ArrayList<>();
            for (StudyPlan.Endpoint e : plan.endpoints()) {
                try (EndpointTrainer.Trained t = EndpointTrainer.train(e.config(), plan.datasets(), Path::of, manager,
                        TrainingListener.NONE)) {
                    Path checkpoint = dir.resolve(e.name() + ".safetensors");
                    EndpointTrainer.save(t, checkpoint);
                    controls.add(checkpoint);
                }
            }
            Path file = dir.resolve("point.safetensors");
            List<SafetensorsReader> readers = PathPoints.open(controls);
            try (Weights blended = PointModel.blend(manager, plan, path, 1, readers)) {
                PathPoints.write(plan, path, 1, readers, file);
                for (ScoringTask task : tasks) { // one blended point for both splits: scoring leaves it open
                    EvalResult fromFile = scoring.score(task.base(), task, file, null);
                    EvalResult inMemory = scoring.score(task.base(), task, blended, null);
                    assertEquals(fromFile.loss(), inMemory.loss(), 0.0, task.target().toString());
                    assertArrayEquals(fromFile.goldProbability(), inMemory.goldProbability(), 0f);
                    assertArrayEquals(fromFile.correct(), inMemory.correct());
                }
            } finally {
                PathPoints.close(readers);
            }
        }
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PointScoring(ref -> null, Path::of, 0));
    }
}
