package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.Djl;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hugging Face directories as users bring them: with vocab.txt only, and from the object store. */
class HubDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aBertDirectoryWithOnlyVocabTxtTokenizesAsTheFullTokenizerDoes() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m)) {
            minilm.export(dir);
            // Rewrite the tokenizer as BERT's vocab.txt: one piece per line, in id order.
            var vocab = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllBytes(dir.resolve("tokenizer.json")))
                    .get("model").get("vocab");
            String[] pieces = new String[vocab.size()];
            vocab.fields().forEachRemaining(e -> pieces[e.getValue().asInt()] = e.getKey());
            Files.write(dir.resolve("vocab.txt"), List.of(pieces));
            Files.delete(dir.resolve("tokenizer.json"));

            try (Pretrained fromVocab = Pretrained.fromDirectory(dir, m);
                 var a = minilm.tokenizer(64); var b = fromVocab.tokenizer(64)) {
                for (String s : List.of("Mode connectivity of PLMs!", "An unaffected, naïve re-run.", "premise", "")) {
                    assertArrayEquals(a.encode(s).ids(), b.encode(s).ids(), s);
                }
                assertArrayEquals(a.encode("a premise", "a hypothesis").typeIds(), b.encode("a premise", "a hypothesis").typeIds());
            }
        }
    }

    @Test
    void aDirectoryInTheObjectStoreIsFetchedOnceAndLoaded() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m);
             ObjectStore store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(),
                     "models-test", null))) {
            Path local = dir.resolve("export");
            minilm.export(local);
            for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
                store.putFile("models/minilm/" + f, local.resolve(f));
            }
            Path cache = dir.resolve("cache");
            try (Pretrained fetched = Pretrained.fromObjectStore(store, "s3://models-test/models/minilm", cache, m)) {
                assertEquals(minilm.config(), fetched.config());
                assertArrayEquals(minilm.weights().get("encoder.layer.5.output.dense.weight").toFloatArray(),
                        fetched.weights().get("encoder.layer.5.output.dense.weight").toFloatArray());
            }
            Path cached = cache.resolve("models_minilm_").resolve("model.safetensors");
            long modified = Files.getLastModifiedTime(cached).toMillis();
            try (Pretrained again = Pretrained.fromObjectStore(store, "s3://models-test/models/minilm/", cache, m)) {
                assertEquals(modified, Files.getLastModifiedTime(cached).toMillis(), "a cached file is not fetched again");
            }
        }
    }
}
