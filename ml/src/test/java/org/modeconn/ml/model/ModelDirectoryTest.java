package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.data.Example;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.model.ModelDirectoryException;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.train.FineTuner;
import org.modeconn.ml.train.TrainingListener;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hugging Face directories as users bring them: legacy names, odd vocabularies, omitted config keys, broken files. */
class ModelDirectoryTest {
    @TempDir
    Path tmp;

    static Path resource(String name) throws Exception {
        return Path.of(ModelDirectoryTest.class.getResource("/hf-dirs/" + name + "/config.json").toURI()).getParent();
    }

    /** A writable copy of a test directory. */
    private Path copy(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        try (var files = Files.list(resource(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    @Test
    void legacyGammaBetaNamesAreRenamedAndTheModelTrains() throws Exception {
        Path dir = resource("layernorm-gamma-beta");
        float[] gamma;
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            gamma = r.floats("bert.embeddings.LayerNorm.gamma");
        }
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(dir, m)) {
            for (String name : p.weights().names()) {
                assertFalse(name.startsWith("bert.") || name.endsWith(".gamma") || name.endsWith(".beta")
                        || name.endsWith("position_ids"), name);
            }
            assertArrayEquals(gamma, p.weights().get("embeddings.LayerNorm.weight").toFloatArray());
            assertTrue(p.weights().has("encoder.layer.0.output.LayerNorm.bias"));
            assertTrue(p.weights().has("pooler.dense.weight"), "the pooler is kept");

            float[] before = p.weights().get("embeddings.LayerNorm.weight").toFloatArray();
            List<Example> examples = List.of(new Example("the film was good .", null, 1), new Example("the plot was dull .", null, 0),
                    new Example("it is very fun", null, 1), new Example("not good , very bad", null, 0));
            try (TextTokenizer tokenizer = p.tokenizer(16)) {
                TokenizedSet set = TokenizedSet.of(examples, tokenizer, p.config().padTokenId());
                TrainingConfig tc = new TrainingConfig("d", "train", null,
                        new TrainingConfig.Method("full", null, null, null, null, null, null, null), 1e-2, 2, 3, 16,
                        "constant", 0.0, 0.01, 1.0, 1, 0.1, new TrainingConfig.Seeds(1L, 1L, 1L), null, null);
                FineTuner.Result r = FineTuner.train(p.weights(), p.config(), tc, 2, set, TrainingListener.NONE);
                assertEquals(3, r.losses().size());
                assertEquals(0, r.skippedSteps());
                assertTrue(r.losses().stream().allMatch(l -> Double.isFinite(l) && l > 0), r.losses().toString());
            }
            assertFalse(Arrays.equals(before, p.weights().get("embeddings.LayerNorm.weight").toFloatArray()),
                    "the renamed LayerNorm trains");
        }
    }

    @Test
    void aTokensIdIsItsLineInVocabTxtDespiteBlankLines() throws Exception {
        List<String> lines = Files.readAllLines(resource("vocab-blank-line").resolve("vocab.txt"));
        assertEquals("", lines.get(12));
        assertEquals("", lines.get(13));
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(resource("vocab-blank-line"), m);
             TextTokenizer t = p.tokenizer(16)) {
            assertEquals(14, t.tokenId("a"), "line 14");
            assertEquals(15, t.tokenId("plot"));
            assertEquals(lines.size() - 1, t.tokenId(lines.get(lines.size() - 1)));
            var vocab = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.tokenizerJson()).get("model").get("vocab");
            assertEquals(13, vocab.get("").asInt(), "a later duplicate line overwrites the id, as load_vocab does");
            assertArrayEquals(new long[]{2, 5, 14, 15, 3}, t.encode("the a plot").ids());
        }
    }

    @Test
    void robertaWithoutPadTokenIdUsesOneSoPositionsStartAtTwo() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(resource("roberta-no-pad-id"), m);
             TextTokenizer t = p.tokenizer(32); NDManager step = m.newSubManager()) {
            assertEquals(1, p.config().padTokenId(), "RobertaConfig's default");
            assertEquals(2, p.config().positionOffset());
            Encoder encoder = new Encoder(p.config(), DeltaConfig.NONE);
            Batch one = Batch.of(step, List.of(t.encode("the film was good")), p.config().padTokenId());
            float[] before = encoder.encode(p.weights(), one.ids(), one.typeIds(), one.mask(), false).toFloatArray();

            float[] table = p.weights().get("embeddings.position_embeddings.weight").toFloatArray();
            float[] rowsZeroOne = table.clone();
            Arrays.fill(rowsZeroOne, 0, 2 * 8, 0f);
            p.weights().assign("embeddings.position_embeddings.weight", rowsZeroOne);
            assertArrayEquals(before, encoder.encode(p.weights(), one.ids(), one.typeIds(), one.mask(), false).toFloatArray(),
                    1e-6f, "rows 0 and 1 are not positions of real tokens");
            float[] rowTwo = table.clone();
            Arrays.fill(rowTwo, 2 * 8, 3 * 8, 0f);
            p.weights().assign("embeddings.position_embeddings.weight", rowTwo);
            assertFalse(Arrays.equals(before, encoder.encode(p.weights(), one.ids(), one.typeIds(), one.mask(), false).toFloatArray()),
                    "row 2 is the first token's position");
            p.weights().assign("embeddings.position_embeddings.weight", table);

            assertPaddingChangesNothing(p, t, step);
        }
    }

    @Test
    void bertStatesOfRealTokensDoNotDependOnPadding() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(resource("tiny-bert"), m);
             TextTokenizer t = p.tokenizer(32); NDManager step = m.newSubManager()) {
            assertEquals(0, p.config().padTokenId());
            assertPaddingChangesNothing(p, t, step);
        }
    }

    /** Each sequence alone and in a batch padded to a longer one: the same hidden states for its tokens. */
    private static void assertPaddingChangesNothing(Pretrained p, TextTokenizer t, NDManager step) {
        Encoder encoder = new Encoder(p.config(), DeltaConfig.NONE);
        TextTokenizer.Tokens shorter = t.encode("the film was good");
        TextTokenizer.Tokens longer = t.encode("the plot was dull and the acting was bad , but it is fun");
        Batch both = Batch.of(step, List.of(shorter, longer), p.config().padTokenId());
        assertTrue(both.tokens() > shorter.length(), "the shorter sequence is padded");
        NDArray batched = encoder.encode(p.weights(), both.ids(), both.typeIds(), both.mask(), false);
        for (int i = 0; i < 2; i++) {
            TextTokenizer.Tokens alone = i == 0 ? shorter : longer;
            Batch single = Batch.of(step, List.of(alone), p.config().padTokenId());
            NDArray expected = encoder.encode(p.weights(), single.ids(), single.typeIds(), single.mask(), false);
            NDArray actual = batched.get(new NDIndex(i + ", :" + alone.length() + ", :")).expandDims(0);
            assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f, p.config().modelType() + " sequence " + i);
        }
    }

    @Test
    void aWrongShapeAMissingAndAnUnexpectedTensorAreRefusedTogether() throws Exception {
        Path dir = copy("tiny-bert");
        Path file = dir.resolve("model.safetensors");
        Map<String, float[]> values = new LinkedHashMap<>();
        List<TensorInfo> layout = new ArrayList<>();
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            for (TensorInfo t : r.tensors().values()) {
                switch (t.name()) {
                    case "encoder.layer.0.output.dense.bias" -> { }
                    case "encoder.layer.0.intermediate.dense.weight" -> {
                        layout.add(TensorInfo.of(t.name(), DType.F32, 15, 8));
                        values.put(t.name(), new float[15 * 8]);
                    }
                    default -> {
                        layout.add(TensorInfo.of(t.name(), DType.F32, t.shape()));
                        values.put(t.name(), r.floats(t.name()));
                    }
                }
            }
        }
        layout.add(TensorInfo.of("adapter.weight", DType.F32, 2, 8));
        values.put("adapter.weight", new float[16]);
        try (OutputStream out = Files.newOutputStream(file); SafetensorsWriter w = SafetensorsWriter.open(out, layout, Map.of())) {
            for (TensorInfo t : layout) {
                w.writeFloats(t.name(), values.get(t.name()));
            }
        }
        try (NDManager m = Djl.newManager()) {
            ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> Pretrained.fromDirectory(dir, m));
            assertEquals(List.of(
                    "model.safetensors: unexpected tensor adapter.weight [2, 8]: not part of a BERT/RoBERTa encoder, pooler, "
                            + "classifier or LM head",
                    "model.safetensors: encoder.layer.0.intermediate.dense.weight has shape [15, 8], config.json implies [16, 8] "
                            + "(intermediate_size, hidden_size)",
                    "model.safetensors: encoder.layer.0.output.dense.bias is missing"), e.problems());
            assertTrue(e.getMessage().startsWith(dir + " is not a usable Hugging Face model directory (3 problems):"), e.getMessage());
        }
    }

    @Test
    void configAndTokenizerProblemsAreListedWithTheTensorOnes() throws Exception {
        Path dir = copy("tiny-bert");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"distilbert\", \"vocab_size\": 24, \"num_hidden_layers\": 1, "
                + "\"num_attention_heads\": 2, \"intermediate_size\": 16, \"max_position_embeddings\": 40}");
        Files.delete(dir.resolve("vocab.txt"));
        Files.writeString(dir.resolve("vocab.json"), "{}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
        try (NDManager m = Djl.newManager()) {
            ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> Pretrained.fromDirectory(dir, m));
            assertEquals(List.of(
                    "config.json: hidden_size is missing",
                    "config.json: model_type 'distilbert' is not supported (supported: bert, roberta)",
                    "tokenizer.json is missing: a byte-level BPE tokenizer (vocab.json + merges.txt, as RoBERTa ships) is read "
                            + "only from its tokenizer.json (save it with tokenizer.save_pretrained)"), e.problems());
        }
    }

    @Test
    void aTokenizerThatCannotBeBuiltOrOutrunsTheEmbeddingsIsRefused() throws Exception {
        Path dir = copy("tiny-bert");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"XLMRobertaTokenizer\", \"do_lower_case\": \"yes\"}");
        Files.write(dir.resolve("vocab.txt"), List.of("extra1", "extra2"), java.nio.file.StandardOpenOption.APPEND);
        try (NDManager m = Djl.newManager()) {
            ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> Pretrained.fromDirectory(dir, m));
            assertEquals(List.of(
                    "tokenizer_config.json: tokenizer_class 'XLMRobertaTokenizer' cannot be built from vocab.txt (only BertTokenizer, "
                            + "BertTokenizerFast); the directory needs its tokenizer.json",
                    "tokenizer_config.json: do_lower_case must be true or false, got \"yes\"",
                    "vocab.txt: 26 lines (ids 0..25), but config.json's vocab_size is 24: ids 24..25 have no embedding"), e.problems());
        }
    }

    /** transformers' BertTokenizerFast rebuilds the normalizer from tokenizer_config.json where the two disagree. */
    @Test
    void tokenizerConfigWinsOverATokenizerJsonThatDisagreesAboutCase() throws Exception {
        Path dir = copy("tiny-bert");
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(dir, m)) {
            p.export(tmp.resolve("exported"));
        }
        Path exported = tmp.resolve("exported");
        String cased = Files.readString(exported.resolve("tokenizer.json")).replace("\"lowercase\":true", "\"lowercase\":false");
        Files.writeString(exported.resolve("tokenizer.json"), cased);
        try (NDManager m = Djl.newManager(); Pretrained asWritten = Pretrained.fromDirectory(exported, m);
             var t = asWritten.tokenizer(16)) {
            assertFalse(Arrays.equals(t.encode("the film").ids(), t.encode("THE FILM").ids()), "without a config the file is used as written");
        }
        Files.writeString(exported.resolve("tokenizer_config.json"), "{\"do_lower_case\": true, \"tokenizer_class\": \"BertTokenizerFast\"}");
        try (NDManager m = Djl.newManager(); Pretrained fixed = Pretrained.fromDirectory(exported, m); var t = fixed.tokenizer(16)) {
            assertArrayEquals(t.encode("the film").ids(), t.encode("THE FILM").ids());
        }
    }

    @Test
    void addedTokensNextToAVocabTxtAreRefused() throws Exception {
        Path dir = copy("tiny-bert");
        Files.writeString(dir.resolve("added_tokens.json"), "{\"[ENT]\": 24}");
        Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"added_tokens_decoder\": {\"0\": {\"content\": \"[PAD]\", \"special\": true}, \"25\": {\"content\": \"[REL]\"}}}");
        try (NDManager m = Djl.newManager()) {
            ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> Pretrained.fromDirectory(dir, m));
            assertTrue(e.problems().get(0).startsWith("added_tokens.json: added tokens [[ENT]] cannot be read with vocab.txt"), e.problems().toString());
            assertTrue(e.problems().get(1).startsWith("tokenizer_config.json: added_tokens_decoder holds tokens that are not vocab.txt's own lines [25: [REL]]"),
                    e.problems().toString());
        }
    }

    @Test
    void anExportedDirectoryLoadsBackUnchanged() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained p = Pretrained.fromDirectory(resource("layernorm-gamma-beta"), m)) {
            p.export(tmp.resolve("out"));
            try (Pretrained back = Pretrained.fromDirectory(tmp.resolve("out"), m)) {
                assertEquals(p.config(), back.config());
                assertEquals(p.weights().names(), back.weights().names());
                assertArrayEquals(p.tokenizerJson(), back.tokenizerJson());
            }
        }
        EncoderConfig roberta = EncoderConfig.read(resource("roberta-no-pad-id").resolve("config.json"));
        roberta.write(tmp.resolve("config.json"));
        assertTrue(Files.readString(tmp.resolve("config.json")).contains("\"pad_token_id\" : 1"), "the default is written out");
    }
}
