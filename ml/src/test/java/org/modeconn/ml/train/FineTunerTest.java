package org.modeconn.ml.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modeconn.core.data.Example;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.TinyModel;
import org.modeconn.ml.model.Weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training a tiny random BERT on a synthetic task that a model can learn in a few dozen steps. */
class FineTunerTest {
    private static NDManager manager;
    private static TextTokenizer tokenizer;
    private static TokenizedSet train;
    private static TokenizedSet test;

    /** label 1 when "wonderful" appears, 0 when "terrible" does, among random filler words. */
    static List<Example> synthetic(int n, long seed) {
        String[] filler = {"the", "film", "was", "a", "plot", "actor", "scene", "quite", "really", "story", "music", "and"};
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(2);
            List<String> words = new ArrayList<>();
            for (int k = 0; k < 3 + r.nextInt(8); k++) {
                words.add(filler[r.nextInt(filler.length)]);
            }
            words.add(r.nextInt(words.size() + 1), label == 1 ? "wonderful" : "terrible");
            out.add(new Example(String.join(" ", words), null, label));
        }
        return out;
    }

    @BeforeAll
    static void data() throws Exception {
        manager = Djl.newManager();
        try (Pretrained minilm = Pretrained.miniLm(manager)) {
            tokenizer = minilm.tokenizer(32);
        }
        train = TokenizedSet.of(synthetic(256, 1), tokenizer, 0);
        test = TokenizedSet.of(synthetic(128, 2), tokenizer, 0);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        manager.close();
    }

    static TrainingConfig config(String method, double lr, int steps, long init, long data, long dropout) {
        TrainingConfig.Method m = switch (method) {
            case "adapter" -> new TrainingConfig.Method("adapter", 4, null, 0.02, null, null, null, null);
            case "lora" -> new TrainingConfig.Method("lora", null, null, null, 4, 8.0, List.of("query", "value"), null);
            default -> new TrainingConfig.Method(method, null, null, null, null, null, null, null);
        };
        return new TrainingConfig("t", "train", null, m, lr, 16, steps, 32, "linear", 0.1, 0.01, 1.0, 2, 0.1,
                new TrainingConfig.Seeds(init, data, dropout), null, null);
    }

    private static FineTuner.Result train(Weights w, EncoderConfig c, TrainingConfig tc) {
        return FineTuner.train(w, c, tc, 2, train, TrainingListener.NONE);
    }

    @Test
    void fullFineTuningLearnsTheTask() {
        EncoderConfig c = TinyModel.config();
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            List<Integer> seen = new ArrayList<>();
            FineTuner.Result r = FineTuner.train(w, c, config("full", 1e-2, 60, 1, 1, 1), 2, train,
                    (step, steps, loss, lr, eps) -> seen.add(step));
            assertEquals(60, seen.size(), "the listener hears every step");
            double first = r.losses().subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double last = r.losses().subList(55, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertTrue(last < first - 0.3, "loss falls: first " + first + ", last " + last);
            EvalResult e = Evaluator.evaluate(r.model(), w, test, 32, 2);
            assertTrue(e.accuracy() > 0.9, "held-out accuracy " + e.accuracy());
            assertEquals(128, e.correct().length);
        }
    }

    @Test
    void theSeedTripleMakesARunRepeatAndEachSeedMatters() {
        EncoderConfig c = TinyModel.config();
        float[] base = run(c, config("full", 1e-3, 6, 1, 1, 1));
        assertArrayEquals(base, run(c, config("full", 1e-3, 6, 1, 1, 1)), "same seeds, same weights");
        assertFalse(java.util.Arrays.equals(base, run(c, config("full", 1e-3, 6, 2, 1, 1))), "init seed");
        assertFalse(java.util.Arrays.equals(base, run(c, config("full", 1e-3, 6, 1, 2, 1))), "data seed");
        assertFalse(java.util.Arrays.equals(base, run(c, config("full", 1e-3, 6, 1, 1, 2))), "dropout seed");
    }

    private static float[] run(EncoderConfig c, TrainingConfig tc) {
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            train(w, c, tc);
            return w.get("encoder.layer.1.output.dense.weight").toFloatArray();
        }
    }

    @Test
    void deltaMethodsFreezeTheBackboneAndCheckpointOnlyWhatTrained(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        EncoderConfig c = TinyModel.config();
        for (String method : List.of("adapter", "lora", "bitfit")) {
            try (Weights w = TinyModel.weights(manager, c, 7)) {
                Map<String, float[]> before = new java.util.HashMap<>();
                for (String n : w.names()) {
                    before.put(n, w.get(n).toFloatArray());
                }
                FineTuner.Result r = train(w, c, config(method, 1e-2, 8, 1, 1, 1));
                for (String n : before.keySet()) {
                    boolean changed = !java.util.Arrays.equals(before.get(n), w.get(n).toFloatArray());
                    assertEquals(r.trainable().contains(n), changed, method + ": " + n + (changed ? " changed" : " did not change"));
                }
                Set<String> added = w.names().stream().filter(n -> !before.containsKey(n)).collect(Collectors.toSet());
                assertTrue(r.trainable().containsAll(added), method + " trains what it adds");
                assertTrue(r.trainable().contains("classifier.weight"), "the head trains");
                switch (method) {
                    case "adapter" -> assertEquals(2 * 2 * 4 + 2, r.trainable().size()); // 2 layers × 2 adapters × 4 + head
                    case "lora" -> assertEquals(2 * 2 * 2 + 2, r.trainable().size());   // 2 layers × q,v × A,B + head
                    default -> assertTrue(r.trainable().stream().allMatch(n -> n.endsWith(".bias") || n.startsWith("classifier.")));
                }
                Path file = dir.resolve(method + ".safetensors");
                w.save(file, ParameterFilter.only(r.trainable()), Map.of());
                try (var reader = org.modeconn.core.safetensors.SafetensorsReader.open(file)) {
                    assertEquals(r.trainable(), reader.tensors().keySet(), "a delta checkpoint holds only the trained parameters");
                }
            }
        }
    }

    @Test
    void loraStartsAtTheBaseModel() {
        EncoderConfig c = TinyModel.config();
        try (Weights w = TinyModel.weights(manager, c, 7); Weights same = TinyModel.weights(manager, c, 7)) {
            // zero steps is not allowed; one step at learning rate ~0 leaves B ≈ 0, so outputs match the base
            FineTuner.Result lora = train(w, c, config("lora", 1e-12, 1, 1, 1, 1));
            FineTuner.Result full = train(same, c, config("full", 1e-12, 1, 1, 1, 1));
            EvalResult a = Evaluator.evaluate(lora.model(), w, test, 32, 2);
            EvalResult b = Evaluator.evaluate(full.model(), same, test, 32, 2);
            assertEquals(b.loss(), a.loss(), 1e-5);
            assertNotEquals(0, w.get("encoder.layer.0.attention.self.query.lora_A.weight").abs().sum().getFloat());
        }
    }

    @Test
    void evaluationMatchesAnIndependentCount() {
        EncoderConfig c = TinyModel.config();
        try (Weights w = TinyModel.weights(manager, c, 7)) {
            FineTuner.Result r = train(w, c, config("full", 3e-3, 10, 1, 1, 1));
            EvalResult sorted = Evaluator.evaluate(r.model(), w, test, 32, 2, true);
            EvalResult plain = Evaluator.evaluate(r.model(), w, test, 7, 2, false);
            assertEquals(plain.accuracy(), sorted.accuracy(), 1e-12, "batching does not change results");
            assertEquals(plain.loss(), sorted.loss(), 1e-5);
            double loss = 0;
            int right = 0;
            for (int i = 0; i < test.size(); i++) {
                loss += -Math.log(sorted.goldProbability()[i]);
                right += sorted.correct()[i] ? 1 : 0;
                assertEquals(sorted.goldProbability()[i] > 0.5, sorted.correct()[i], "binary: right iff p(gold) > 1/2");
            }
            assertEquals(loss / test.size(), sorted.loss(), 1e-4, "loss is the mean of −log p(gold)");
            assertEquals((double) right / test.size(), sorted.accuracy(), 1e-12);
        }
    }
}
