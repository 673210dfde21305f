package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.ml.Djl;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PretrainedTest {
    @TempDir
    Path dir;

    @Test
    void miniLmExportsToAHuggingFaceDirectoryAndLoadsBack() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m)) {
            assertEquals(22_565_376, minilm.weights().parameterCount(ParameterFilter.all()), "all-MiniLM-L6-v2 without pooler");
            minilm.export(dir);
            assertTrue(Files.isRegularFile(dir.resolve("config.json")));
            assertTrue(Files.readString(dir.resolve("config.json")).contains("\"hidden_size\" : 384"));
            try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
                assertArrayEquals(new long[]{1536, 384}, r.info("encoder.layer.0.intermediate.dense.weight").shape(), "[out, in]");
                assertArrayEquals(new long[]{30522, 384}, r.info("embeddings.word_embeddings.weight").shape());
                assertEquals(101, r.tensors().size());
            }
            try (Pretrained back = Pretrained.fromDirectory(dir, m)) {
                assertEquals(minilm.config(), back.config());
                for (String name : minilm.weights().names()) {
                    assertArrayEquals(minilm.weights().get(name).toFloatArray(), back.weights().get(name).toFloatArray(), name);
                }
                try (var a = minilm.tokenizer(32); var b = back.tokenizer(32)) {
                    assertArrayEquals(a.encode("mode connectivity").ids(), b.encode("mode connectivity").ids());
                }
            }
        }
    }

    @Test
    void aDirectoryWithoutItsFilesIsRefusedClearly() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{}");
        try (NDManager m = Djl.newManager()) {
            var e = assertThrows(java.io.IOException.class, () -> Pretrained.fromDirectory(dir, m));
            assertTrue(e.getMessage().contains("model.safetensors is missing"), e.getMessage());
            var b = assertThrows(IllegalArgumentException.class, () -> Pretrained.load(ModelRef.parse("builtin:gpt-2"), m));
            assertTrue(b.getMessage().contains("unknown built-in model"), b.getMessage());
        }
    }
}
