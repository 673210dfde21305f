package org.modeconn.ml.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.pipeline.TrainingDynamics;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.MlmBatches;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.data.VocabularyPruner;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaConfig;
import org.modeconn.ml.model.Encoder;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.TinyModel;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job killed mid-way resumes from its last saved training state and ends exactly where an
 * uninterrupted run ends: fine-tuning (with dropout), curve fitting (random t, best bends) and
 * pre-training (random masks, checkpoint steps not handed over twice).
 */
class TrainingStateTest {
    private static NDManager manager;
    private static TextTokenizer tokenizer;
    private static TokenizedSet train;

    /** A folder that keeps the latest state as {@code state.safetensors}; counts saves; remembers why a state was refused. */
    static class FolderStore implements TrainingState.Store {
        final Path dir;
        final int every;
        final List<Integer> savedAt = new ArrayList<>();
        String refused;

        FolderStore(Path dir, int every) {
            this.dir = dir;
            this.every = every;
        }

        @Override
        public int every() {
            return every;
        }

        @Override
        public Optional<Path> latest() {
            Path f = dir.resolve("state.safetensors");
            return Files.exists(f) ? Optional.of(f) : Optional.empty();
        }

        @Override
        public Path scratch() throws IOException {
            return Files.createTempFile(dir, "state", ".part");
        }

        @Override
        public void keep(Path file, int step) throws IOException {
            Files.move(file, dir.resolve("state.safetensors"), StandardCopyOption.REPLACE_EXISTING);
            savedAt.add(step);
        }

        @Override
        public void unusable(Path file, String reason) {
            refused = reason;
        }
    }

    /** The process "dies" at this step: the listener throws before the step's state could be saved. */
    static final class Killed extends RuntimeException {
        Killed(int step) {
            super("killed at step " + step);
        }
    }

    static TrainingListener killAt(int step) {
        return (s, steps, loss, lr, eps) -> {
            if (s == step) {
                throw new Killed(s);
            }
        };
    }

    @BeforeAll
    static void data() throws Exception {
        manager = Djl.newManager();
        try (Pretrained minilm = Pretrained.miniLm(manager)) {
            tokenizer = minilm.tokenizer(32);
        }
        train = TokenizedSet.of(FineTunerTest.synthetic(128, 1), tokenizer, 0);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        manager.close();
    }

    private static Map<String, float[]> values(Weights w) {
        Map<String, float[]> out = new LinkedHashMap<>();
        w.names().forEach(n -> out.put(n, w.get(n).toFloatArray()));
        return out;
    }

    private static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((n, v) -> assertArrayEquals(v, actual.get(n), n));
    }

    @Test
    void aFineTuningRunKilledMidWayResumesAndEndsWhereAnUninterruptedOneEnds(@TempDir Path dir) throws Exception {
        EncoderConfig c = TinyModel.config();
        for (String method : List.of("full", "lora")) {
            TrainingConfig tc = FineTunerTest.config(method, 3e-3, 8, 1, 1, 1); // 2 micro-batches per step, dropout 0.1
            Map<String, float[]> expected;
            List<Double> expectedLosses;
            try (Weights w = TinyModel.weights(manager, c, 7)) {
                expectedLosses = FineTuner.train(w, c, tc, 2, train, TrainingListener.NONE).losses();
                expected = values(w);
            }
            Path folder = Files.createDirectories(dir.resolve(method));
            FolderStore store = new FolderStore(folder, 3);
            try (Weights w = TinyModel.weights(manager, c, 7)) {
                assertThrows(Killed.class, () -> FineTuner.train(w, c, tc, 2, train, killAt(7), true, store));
            }
            assertEquals(List.of(3, 6), store.savedAt, "saved every 3 steps until killed at step 7");
            List<Integer> ran = new ArrayList<>();
            try (Weights w = TinyModel.weights(manager, c, 7)) {
                FineTuner.Result r = FineTuner.train(w, c, tc, 2, train, (s, steps, loss, lr, eps) -> ran.add(s), true, store);
                assertEquals(List.of(7, 8), ran, method + ": the second run starts after the last saved step");
                assertEquals(expectedLosses, r.losses(), method + ": the losses of all 8 steps, the saved ones included");
                assertSameWeights(expected, values(w));
            }
            assertEquals(null, store.refused);
        }
    }

    /**
     * Training dynamics are recorded between steps in evaluation mode, so they change nothing the run computes,
     * and a run killed mid-way resumes with the recordings it had saved: every 3 steps and after the last.
     */
    @Test
    void trainingDynamicsChangeNothingAndSurviveAResume(@TempDir Path dir) throws Exception {
        EncoderConfig c = TinyModel.config();
        TrainingConfig plain = FineTunerTest.config("full", 3e-3, 8, 1, 1, 1);
        TrainingConfig tc = new TrainingConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, new TrainingConfig.Dynamics("dev", 3)).over(plain);
        TokenizedSet probe = TokenizedSet.of(FineTunerTest.synthetic(24, 9), tokenizer, 0);
        Map<String, float[]> expected;
        List<Double> expectedLosses;
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            expectedLosses = FineTuner.train(w, c, plain, 2, train, TrainingListener.NONE).losses();
            expected = values(w);
        }
        TrainingDynamics recorded;
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            FineTuner.Result r = FineTuner.train(w, c, tc, 2, train, TrainingListener.NONE, true, TrainingState.Store.NONE, probe);
            assertEquals(expectedLosses, r.losses(), "recording dynamics changes no loss");
            assertSameWeights(expected, values(w));
            recorded = r.dynamics();
        }
        assertEquals("t/dev", recorded.split());
        assertArrayEquals(new int[]{3, 6, 8}, recorded.steps());
        assertEquals(24, recorded.size());
        try (Weights w = TinyModel.weights(manager, c, 7)) { // the last recording is the trained model's own evaluation
            FineTuner.train(w, c, plain, 2, train, TrainingListener.NONE);
            EvalResult last = Evaluator.evaluate(new Classifier(new Encoder(c.withDropout(0.1).withLabels(2), DeltaConfig.NONE)),
                    w, probe, 64, 2);
            assertArrayEquals(last.goldProbability(), recorded.goldProbability()[2]);
            assertArrayEquals(last.correct(), recorded.correct()[2]);
        }

        FolderStore store = new FolderStore(Files.createDirectories(dir.resolve("dynamics")), 3);
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            assertThrows(Killed.class, () -> FineTuner.train(w, c, tc, 2, train, killAt(7), true, store, probe));
        }
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            TrainingDynamics resumed = FineTuner.train(w, c, tc, 2, train, TrainingListener.NONE, true, store, probe).dynamics();
            assertArrayEquals(recorded.steps(), resumed.steps());
            for (int j = 0; j < 3; j++) {
                assertArrayEquals(recorded.goldProbability()[j], resumed.goldProbability()[j], "recording " + j);
                assertArrayEquals(recorded.correct()[j], resumed.correct()[j], "recording " + j);
            }
        }
        Path file = dir.resolve("d.safetensors");
        recorded.write(file);
        TrainingDynamics read = TrainingDynamics.read(file);
        assertArrayEquals(recorded.steps(), read.steps());
        assertArrayEquals(recorded.goldProbability()[1], read.goldProbability()[1]);
        assertArrayEquals(recorded.correct()[1], read.correct()[1]);
        assertEquals(recorded.split(), read.split());
    }

    @Test
    void aJobAfterAResumedOneInTheSameProcessIsUntouchedByIt(@TempDir Path dir) throws Exception {
        EncoderConfig c = TinyModel.config();
        TrainingConfig other = FineTunerTest.config("lora", 3e-3, 8, 2, 2, 2);
        Map<String, float[]> expected;
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            FineTuner.train(w, c, other, 2, train, TrainingListener.NONE);
            expected = values(w);
        }
        TrainingConfig tc = FineTunerTest.config("lora", 3e-3, 8, 1, 1, 1);
        FolderStore store = new FolderStore(dir, 3);
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            assertThrows(Killed.class, () -> FineTuner.train(w, c, tc, 2, train, killAt(5), true, store));
        }
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            FineTuner.train(w, c, tc, 2, train, TrainingListener.NONE, true, store);
        }
        for (int round = 0; round < 3; round++) {
            try (Weights w = TinyModel.weights(manager, c, 7)) {
                FineTuner.Result r = FineTuner.train(w, c, other, 2, train, TrainingListener.NONE, true, new FolderStore(
                        Files.createDirectories(dir.resolve("other" + round)), 2));
                assertEquals(0, r.skippedSteps());
                assertSameWeights(expected, values(w));
            }
        }
    }

    @Test
    void aCurveFitKilledMidWayResumesWithItsBestBends(@TempDir Path dir) throws Exception {
        curveFitResumes(dir, "full");
    }

    /** The same between two LoRA endpoints: only the adapters and the head are interpolated and fitted. */
    @Test
    void aCurveFitBetweenLoraEndpointsKilledMidWayResumesWithItsBestBends(@TempDir Path dir) throws Exception {
        curveFitResumes(dir, "lora");
    }

    private void curveFitResumes(Path dir, String method) throws Exception {
        TokenizedSet validation = TokenizedSet.of(FineTunerTest.synthetic(32, 3), tokenizer, 0);
        EncoderConfig c = TinyModel.config();
        try (Weights a = TinyModel.weights(manager, c, 7); Weights b = TinyModel.weights(manager, c, 7)) {
            FineTuner.Result ra = FineTuner.train(a, c, FineTunerTest.config(method, 3e-3, 10, 1, 1, 1), 2, train, TrainingListener.NONE);
            FineTuner.train(b, c, FineTunerTest.config(method, 3e-3, 10, 2, 2, 2), 2, train, TrainingListener.NONE);
            ParameterFilter interpolated = method.equals("full") ? ParameterFilter.all() : ParameterFilter.only(ra.trainable());
            CurveFitter.Settings s = new CurveFitter.Settings(9, 1e-2, 16, 2, List.of(0.5), 3, 5);
            Curve curve = Curve.of(Curve.Kind.BEZIER, 1);
            CurveFitter.Result expected = CurveFitter.fit(ra.model(), a, b, curve, interpolated, train, validation, 2, s,
                    TrainingListener.NONE);
            FolderStore store = new FolderStore(dir, 4);
            assertThrows(Killed.class, () -> CurveFitter.fit(ra.model(), a, b, curve, interpolated, train, validation,
                    2, s, killAt(7), store));
            assertEquals(List.of(4), store.savedAt);
            CurveFitter.Result resumed = CurveFitter.fit(ra.model(), a, b, curve, interpolated, train, validation, 2, s,
                    TrainingListener.NONE, store);
            assertEquals(expected.trainLosses(), resumed.trainLosses());
            assertEquals(expected.initialValidationLoss(), resumed.initialValidationLoss());
            assertEquals(expected.bestValidationLoss(), resumed.bestValidationLoss());
            assertEquals(expected.bestStep(), resumed.bestStep());
            for (String n : expected.bends().get(0).keySet()) {
                assertArrayEquals(expected.bends().get(0).get(n).values(), resumed.bends().get(0).get(n).values(), method + " " + n);
            }
        }
    }

    @Test
    void aPreTrainingRunResumesAndHandsOverOnlyTheCheckpointsItHadNotReached(@TempDir Path dir) throws Exception {
        try (Pretrained minilm = Pretrained.miniLm(manager)) {
            List<String> corpus = PretrainerTest.corpus(300, 1);
            byte[] json = VocabularyPruner.prune(minilm.tokenizerJson(), corpus, 64);
            EncoderConfig c = new EncoderConfig("roberta", 64, 32, 2, 2, 64, 34, 1, 1e-5, 0.1, 0.1,
                    VocabularyPruner.PAD_ID, "cls", 0);
            try (TextTokenizer t = TextTokenizer.fromJson(json, TextTokenizer.UNLIMITED)) {
                List<TextTokenizer.Tokens> seqs = MlmBatches.pack(corpus, t, 32, 0, 2);
                Pretrainer.Settings s = new Pretrainer.Settings(9, 3, 3e-3, 8, 0.15, 1, 0.1, 0.01, 1.0);
                Map<String, float[]> expected;
                List<Integer> expectedCheckpoints = new ArrayList<>();
                try (Weights w = new Weights(manager)) {
                    Pretrainer.init(w, c, 1);
                    Pretrainer.train(w, c, s, seqs, seqs.subList(0, 8), 4, 5, (k, ppl, x) -> expectedCheckpoints.add(k),
                            TrainingListener.NONE);
                    expected = values(w);
                }
                FolderStore store = new FolderStore(dir, 2);
                List<Integer> checkpoints = new ArrayList<>();
                try (Weights w = new Weights(manager)) {
                    Pretrainer.init(w, c, 1);
                    assertThrows(Killed.class, () -> Pretrainer.train(w, c, s, seqs, seqs.subList(0, 8), 4, 5,
                            (k, ppl, x) -> checkpoints.add(k), killAt(5), store));
                }
                assertEquals(List.of(3), checkpoints);
                try (Weights w = new Weights(manager)) {
                    Pretrainer.init(w, c, 1);
                    Pretrainer.train(w, c, s, seqs, seqs.subList(0, 8), 4, 5, (k, ppl, x) -> checkpoints.add(k),
                            TrainingListener.NONE, store);
                    assertSameWeights(expected, values(w));
                }
                assertEquals(expectedCheckpoints, checkpoints, "step 3 once, then 6 and 9 after resuming from step 4");
            }
        }
    }

    @Test
    void aStateThatDoesNotFitTheJobIsRefusedWithTheReasonAndTheRunStartsOver(@TempDir Path dir) throws Exception {
        EncoderConfig c = TinyModel.config();
        FolderStore store = new FolderStore(dir, 2);
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            FineTuner.train(w, c, FineTunerTest.config("lora", 3e-3, 3, 1, 1, 1), 2, train, TrainingListener.NONE, true, store);
        }
        assertEquals(List.of(2), store.savedAt);
        List<Integer> ran = new ArrayList<>();
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            // Full fine-tuning trains parameters a LoRA state does not hold.
            FineTuner.train(w, c, FineTunerTest.config("full", 3e-3, 3, 1, 1, 1), 2, train, (s, n, l, lr, e) -> ran.add(s),
                    true, new FolderStore(dir, 0) {
                        @Override
                        public void unusable(Path file, String reason) {
                            store.refused = reason;
                        }
                    });
        }
        assertEquals(List.of(1, 2, 3), ran);
        assertTrue(store.refused != null && store.refused.contains("is missing"), String.valueOf(store.refused));
    }
}
