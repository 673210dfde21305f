package org.modeconn.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GEOMETRY = "\"vocab_size\": 24, \"hidden_size\": 8, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"intermediate_size\": 16, \"max_position_embeddings\": 42";

    private static EncoderConfig.Parsed parse(String json) throws Exception {
        return EncoderConfig.parse(JSON.readTree(json));
    }

    @Test
    void omittedKeysTakeTheFamilysDefaultsAsTransformersDoes() throws Exception {
        EncoderConfig roberta = parse("{\"model_type\": \"roberta\", " + GEOMETRY + "}").config();
        assertEquals(1, roberta.padTokenId(), "RobertaConfig's pad_token_id");
        assertEquals(2, roberta.positionOffset(), "positions of real tokens start at padding_idx + 1");
        assertEquals(2, roberta.typeVocabSize(), "RobertaConfig inherits BertConfig's type_vocab_size");
        assertEquals(1e-12, roberta.layerNormEps(), "RobertaConfig inherits BertConfig's layer_norm_eps");
        assertEquals(0.1, roberta.hiddenDropout());

        EncoderConfig bert = parse("{\"model_type\": \"bert\", " + GEOMETRY + "}").config();
        assertEquals(0, bert.padTokenId());
        assertEquals(0, bert.positionOffset());
        assertEquals("cls", bert.pooling());
        assertEquals(0, bert.numLabels());

        EncoderConfig explicitNull = parse("{\"model_type\": \"roberta\", \"pad_token_id\": null, " + GEOMETRY + "}").config();
        assertEquals(1, explicitNull.padTokenId(), "null counts as omitted");
        EncoderConfig stated = parse("{\"model_type\": \"roberta\", \"pad_token_id\": 3, \"layer_norm_eps\": 1e-5, "
                + "\"type_vocab_size\": 1, " + GEOMETRY + "}").config();
        assertEquals(3, stated.padTokenId());
        assertEquals(4, stated.positionOffset());
        assertEquals(1e-5, stated.layerNormEps());
        assertEquals(1, stated.typeVocabSize());
    }

    @Test
    void labelsComeFromNumLabelsOrId2label() throws Exception {
        assertEquals(3, parse("{\"model_type\": \"bert\", \"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\"}, " + GEOMETRY + "}")
                .config().numLabels());
        assertEquals(5, parse("{\"model_type\": \"bert\", \"num_labels\": 5, " + GEOMETRY + "}").config().numLabels());
    }

    @Test
    void everyProblemIsListedAtOnce() throws Exception {
        EncoderConfig.Parsed p = parse("{\"model_type\": \"gpt2\", \"vocab_size\": 24, \"hidden_size\": \"eight\", "
                + "\"num_attention_heads\": 2, \"intermediate_size\": 16.5, \"max_position_embeddings\": 40, "
                + "\"hidden_act\": \"gelu_new\", \"position_embedding_type\": \"relative_key\"}");
        assertNull(p.config());
        assertEquals(List.of(
                "num_hidden_layers is missing",
                "model_type 'gpt2' is not supported (supported: bert, roberta)",
                "hidden_act 'gelu_new' is not supported (the encoder computes the exact erf GELU, \"gelu\")",
                "position_embedding_type 'relative_key' is not supported (only \"absolute\")",
                "hidden_size must be an integer, got \"eight\"",
                "intermediate_size must be an integer, got 16.5"), p.problems());
    }

    @Test
    void geometryThatCannotWorkIsRefused() throws Exception {
        EncoderConfig.Parsed p = parse("{\"model_type\": \"roberta\", \"vocab_size\": 24, \"hidden_size\": 10, "
                + "\"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"intermediate_size\": 16, "
                + "\"max_position_embeddings\": 2, \"pad_token_id\": 30}");
        assertEquals(List.of(
                "hidden_size 10 is not divisible by num_attention_heads 4",
                "pad_token_id 30 is not an id of the vocabulary (vocab_size 24)",
                "max_position_embeddings 2 leaves no position for a token: RoBERTa's positions start at pad_token_id + 1 = 31"),
                p.problems());
        assertEquals(List.of("not a JSON object"), EncoderConfig.parse((JsonNode) JSON.readTree("[1]")).problems());
        assertThrows(IllegalArgumentException.class,
                () -> new EncoderConfig("bert", 24, 10, 1, 4, 16, 40, 2, 1e-12, 0.1, 0.1, 0, "cls", 0));
    }

    @Test
    void readRefusesNamingDirectoryAndFileAndWriteReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"bert\"");
        ModelDirectoryException e = assertThrows(ModelDirectoryException.class, () -> EncoderConfig.read(file));
        assertTrue(e.getMessage().startsWith(dir.toAbsolutePath() + " is not a usable Hugging Face model directory (1 problem):"),
                e.getMessage());
        assertTrue(e.problems().get(0).startsWith("config.json: not valid JSON"), e.problems().toString());

        EncoderConfig c = new EncoderConfig("roberta", 64, 32, 2, 2, 64, 34, 1, 1e-5, 0.0, 0.0, 1, "mean", 3);
        c.write(file);
        assertEquals(c, EncoderConfig.read(file));
    }

    /** A second value after the object (a merge left over, a pasted fragment) is refused, as Python's json.load refuses it. */
    @Test
    void anythingAfterTheObjectIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"bert\", \"vocab_size\": 26, \"hidden_size\": 8, \"num_hidden_layers\": 1,"
                + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"max_position_embeddings\": 40}\n{\"hidden_size\": 16}\n");
        EncoderConfig.Parsed parsed = EncoderConfig.parse(file);
        assertNull(parsed.config());
        assertTrue(parsed.problems().get(0).startsWith("not valid JSON: Trailing token"), parsed.problems().toString());
    }
}
