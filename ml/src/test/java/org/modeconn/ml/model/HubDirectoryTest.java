package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.ml.Djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Hugging Face directories as users bring them: with vocab.txt only. */
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
}
