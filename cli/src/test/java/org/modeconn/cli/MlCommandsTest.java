package org.modeconn.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.safetensors.SafetensorsReader;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that run the ML core, on the real MiniLM, for a few steps. */
class MlCommandsTest {
    @TempDir
    Path dir;

    private static Path sharedData() {
        String configured = System.getProperty("modeconn.shared.dir");
        Path data = (configured != null ? Path.of(configured) : Path.of("..", "..", "shared")).resolve("data").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(data), "skipped: no shared datasets at " + data);
        return data;
    }

    @Test
    void importModelWritesAHuggingFaceDirectory() throws Exception {
        CliTest.Run r = CliTest.run("import-model", "builtin:all-MiniLM-L6-v2", "--out", dir.resolve("minilm").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("22,565,376 parameters"), r.out());
        for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve("minilm").resolve(f)), f);
        }
    }

    @Test
    void importModelRefusesABrokenDirectoryListingEveryProblem() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 8}");
        CliTest.Run r = CliTest.run("import-model", broken.toString(), "--out", dir.resolve("out").toString());
        assertTrue(r.exit() != 0, r.out());
        for (String problem : new String[]{"config.json: vocab_size is missing", "config.json: num_hidden_layers is missing",
                "model.safetensors is missing", "tokenizer.json is missing"}) {
            assertTrue(r.err().contains(problem), r.err());
        }
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is written");
    }

    @Test
    void trainRunsAFewStepsScoresAndSavesADeltaCheckpoint() throws Exception {
        Path data = sharedData();
        Path spec = dir.resolve("study.yaml");
        Files.writeString(spec, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  sst2: {format: tsv, text: [sentence], label: label, numLabels: 2,
                         splits: {train: sst2/dev.tsv, dev: sst2/dev.tsv}}
                defaults: {task: sst2, learningRate: 1.0e-3, batchSize: 8, steps: 3, maxLength: 32, subset: {fraction: 0.1}}
                endpoints:
                  lora: {method: {kind: lora, rank: 4}}
                """);
        Path ckpt = dir.resolve("lora.safetensors");
        CliTest.Run r = CliTest.run("train", spec.toString(), "--endpoint", "lora", "--data-dir", data.toString(),
                "--eval", "sst2/dev", "--log-every", "1", "--out", ckpt.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("step    3/3"), r.out());
        assertTrue(r.out().contains("trained on 88 examples"), r.out()); // ⌈0.1 · 872⌉
        assertTrue(r.out().matches("(?s).*sst2/dev\\s+n   872\\s+loss \\d\\.\\d{4}\\s+accuracy 0\\.\\d{4}.*"), r.out());
        try (SafetensorsReader ck = SafetensorsReader.open(ckpt)) {
            // 6 layers × (query, value) × (A, B) + classifier weight and bias
            assertEquals(26, ck.tensors().size());
            assertEquals("lora", ck.metadata().get("modeconn.method"));
        }
    }

    @Test
    void trainRefusesAnUnknownEndpoint() throws Exception {
        Path spec = dir.resolve("study.yaml");
        Files.writeString(spec, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv}}}
                defaults: {task: d, learningRate: 1.0e-3, batchSize: 8, steps: 3}
                endpoints: {a: {}}
                """);
        CliTest.Run r = CliTest.run("train", spec.toString(), "--endpoint", "b");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no endpoint 'b'"), r.err());
    }
}
