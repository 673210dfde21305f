package org.modeconn.core.model;

import org.junit.jupiter.api.Test;
import org.modeconn.core.safetensors.SafetensorsReader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderCheckpointTest {
    /** 1 layer, hidden 8, 2 heads, FFN 16, vocabulary 24, 40 positions, 2 token types. */
    private static final EncoderConfig TINY = new EncoderConfig("bert", 24, 8, 1, 2, 16, 40, 2, 1e-12, 0.1, 0.1, 0, "cls", 0);

    private static Map<String, long[]> complete(EncoderConfig c) {
        return new LinkedHashMap<>(EncoderCheckpoint.requiredShapes(c));
    }

    @Test
    void legacyNamesArePrefixedOrGammaBetaAndAreNormalisedAsTransformersDoes() {
        assertEquals("embeddings.LayerNorm.weight", CheckpointNames.normalise("bert.embeddings.LayerNorm.gamma"));
        assertEquals("encoder.layer.3.output.LayerNorm.bias", CheckpointNames.normalise("roberta.encoder.layer.3.output.LayerNorm.beta"));
        assertEquals("lm_head.layer_norm.weight", CheckpointNames.normalise("lm_head.layer_norm.gamma"));
        assertEquals("classifier.weight", CheckpointNames.normalise("classifier.weight"), "the head keeps its name");
        assertEquals("encoder.layer.0.attention.self.query.weight",
                CheckpointNames.normalise("encoder.layer.0.attention.self.query.weight"));
    }

    @Test
    void aCompleteEncoderHasNoProblemsAndKeepsPoolerAndHead() {
        Map<String, long[]> shapes = complete(TINY);
        shapes.put("pooler.dense.weight", new long[]{8, 8});
        shapes.put("pooler.dense.bias", new long[]{8});
        shapes.put("classifier.weight", new long[]{3, 8});
        shapes.put("classifier.bias", new long[]{3});
        shapes.put("embeddings.position_ids", new long[]{1, 40});
        shapes.put("cls.predictions.transform.dense.weight", new long[]{8, 8});
        EncoderCheckpoint.Plan plan = EncoderCheckpoint.plan(TINY, shapes);
        assertEquals(List.of(), plan.problems());
        assertTrue(plan.load().containsKey("pooler.dense.weight"));
        assertTrue(plan.load().containsKey("classifier.bias"));
        assertEquals(List.of("embeddings.position_ids", "cls.predictions.transform.dense.weight"), List.copyOf(plan.ignored().keySet()));
        assertEquals(5 + 16 + 2 + 2, plan.load().size(), "embeddings, one layer, pooler, head");
    }

    @Test
    void theLegacyCheckpointHeaderPassesFromCoreAlone() throws Exception {
        Path dir = Path.of(getClass().getResource("/hf-dirs/layernorm-gamma-beta/config.json").toURI()).getParent();
        EncoderConfig config = EncoderConfig.read(dir.resolve("config.json"));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
            r.tensors().values().forEach(t -> shapes.put(t.name(), t.shape()));
        }
        assertEquals(List.of(), EncoderCheckpoint.problems(config, shapes));
        EncoderCheckpoint.Plan plan = EncoderCheckpoint.plan(config, shapes);
        assertEquals("embeddings.LayerNorm.weight", plan.load().get("bert.embeddings.LayerNorm.gamma"));
        assertEquals("encoder.layer.0.output.LayerNorm.bias", plan.load().get("bert.encoder.layer.0.output.LayerNorm.beta"));
        assertEquals("a buffer, not a parameter", plan.ignored().get("bert.embeddings.position_ids"));
        assertFalse(plan.load().containsValue("embeddings.position_ids"));
    }

    @Test
    void everyMissingMisshapenOrUnexpectedTensorIsListed() {
        Map<String, long[]> shapes = complete(TINY);
        shapes.put("embeddings.word_embeddings.weight", new long[]{26, 8});
        shapes.remove("encoder.layer.0.output.dense.bias");
        shapes.put("encoder.layer.1.output.dense.bias", new long[]{8});
        shapes.put("decoder.weight", new long[]{8, 8});
        shapes.put("pooler.dense.weight", new long[]{8, 8});
        assertEquals(List.of(
                "unexpected tensor decoder.weight [8, 8]: not part of a BERT/RoBERTa encoder, pooler, classifier or LM head",
                "embeddings.word_embeddings.weight has shape [26, 8], config.json implies [24, 8] (vocab_size, hidden_size)",
                "encoder.layer.0.output.dense.bias is missing",
                "pooler.dense.bias is missing",
                "unexpected tensor encoder.layer.1.output.dense.bias [8]: not a parameter of the encoder config.json describes (bert, 1 layer)"),
                EncoderCheckpoint.problems(TINY, shapes));
    }

    @Test
    void twoNamesForOneParameterAndAHeadOfTheWrongWidthAreProblems() {
        Map<String, long[]> shapes = complete(TINY);
        shapes.put("bert.embeddings.LayerNorm.gamma", new long[]{8});
        shapes.put("classifier.weight", new long[]{2, 7});
        shapes.put("classifier.bias", new long[]{2});
        assertEquals(List.of(
                "embeddings.LayerNorm.weight and bert.embeddings.LayerNorm.gamma both name embeddings.LayerNorm.weight",
                "classifier.weight has shape [2, 7], config.json implies [2, 8] (classes of classifier.weight, hidden_size)"),
                EncoderCheckpoint.problems(TINY, shapes));
        EncoderConfig threeLabels = TINY.withLabels(3);
        assertEquals(List.of("classifier.weight has shape [2, 8], config.json implies [3, 8] (num_labels, hidden_size)",
                        "classifier.bias has shape [2], config.json implies [3] (num_labels)"),
                EncoderCheckpoint.problems(threeLabels, Map.of("classifier.weight", new long[]{2, 8}, "classifier.bias", new long[]{2}))
                        .stream().filter(p -> p.startsWith("classifier")).toList());
    }

    @Test
    void robertaHeadsOfOtherFormsAreIgnoredAndTheMaskedLmHeadIsKept() {
        EncoderConfig roberta = new EncoderConfig("roberta", 24, 8, 1, 2, 16, 42, 1, 1e-5, 0.1, 0.1, 1, "cls", 0);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        EncoderCheckpoint.requiredShapes(roberta).forEach((n, s) -> shapes.put("roberta." + n, s));
        shapes.put("classifier.dense.weight", new long[]{8, 8});
        shapes.put("classifier.out_proj.weight", new long[]{2, 8});
        shapes.put("lm_head.dense.weight", new long[]{8, 8});
        shapes.put("lm_head.dense.bias", new long[]{8});
        shapes.put("lm_head.layer_norm.weight", new long[]{8});
        shapes.put("lm_head.layer_norm.bias", new long[]{8});
        shapes.put("lm_head.bias", new long[]{24});
        shapes.put("lm_head.decoder.weight", new long[]{24, 8});
        EncoderCheckpoint.Plan plan = EncoderCheckpoint.plan(roberta, shapes);
        assertEquals(List.of(), plan.problems());
        assertEquals(List.of("classifier.dense.weight", "classifier.out_proj.weight", "lm_head.decoder.weight"),
                List.copyOf(plan.ignored().keySet()));
        assertEquals("lm_head.bias", plan.load().get("lm_head.bias"));
        assertEquals("embeddings.token_type_embeddings.weight", plan.load().get("roberta.embeddings.token_type_embeddings.weight"));
    }

    @Test
    void withoutAConfigOnlyNamesAreChecked() {
        assertEquals(List.of("unexpected tensor h.0.attn.c_attn.weight [8, 24]: not part of a BERT/RoBERTa encoder, pooler, classifier or LM head"),
                EncoderCheckpoint.problems(null, Map.of("h.0.attn.c_attn.weight", new long[]{8, 24})));
    }
}
