package org.modeconn.ml.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Geometry of a BERT/RoBERTa-style encoder, read from (and written to) a Hugging Face config.json.
 *
 * @param modelType  "bert" or "roberta": RoBERTa offsets positions by padding_idx + 1 and has one token type
 * @param pooling    how a sequence becomes one vector for classification: "cls" (with the pooler if the
 *                   model has one) or "mean" (sentence-transformer models); a modeconn field
 * @param numLabels  classes of the classification head, 0 for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EncoderConfig(
        @JsonProperty("model_type") String modelType,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("hidden_size") int hidden,
        @JsonProperty("num_hidden_layers") int layers,
        @JsonProperty("num_attention_heads") int heads,
        @JsonProperty("intermediate_size") int intermediate,
        @JsonProperty("max_position_embeddings") int maxPositions,
        @JsonProperty("type_vocab_size") int typeVocabSize,
        @JsonProperty("layer_norm_eps") double layerNormEps,
        @JsonProperty("hidden_dropout_prob") double hiddenDropout,
        @JsonProperty("attention_probs_dropout_prob") double attentionDropout,
        @JsonProperty("pad_token_id") int padTokenId,
        @JsonProperty("modeconn_pooling") String pooling,
        @JsonProperty("num_labels") int numLabels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EncoderConfig {
        if (modelType == null) {
            modelType = "bert";
        }
        if (!modelType.equals("bert") && !modelType.equals("roberta")) {
            throw new IllegalArgumentException("unsupported model_type '" + modelType + "' (bert or roberta)");
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden_size " + hidden + " is not divisible by " + heads + " heads");
        }
        if (layerNormEps == 0) {
            layerNormEps = modelType.equals("roberta") ? 1e-5 : 1e-12;
        }
        if (typeVocabSize == 0) {
            typeVocabSize = modelType.equals("roberta") ? 1 : 2;
        }
        if (pooling == null) {
            pooling = "cls";
        }
        if (!pooling.equals("cls") && !pooling.equals("mean")) {
            throw new IllegalArgumentException("pooling must be cls or mean, got " + pooling);
        }
    }

    public boolean isRoberta() {
        return modelType.equals("roberta");
    }

    public int headDim() {
        return hidden / heads;
    }

    /** The first position id: RoBERTa counts positions from padding_idx + 1. */
    public int positionOffset() {
        return isRoberta() ? padTokenId + 1 : 0;
    }

    public EncoderConfig withPooling(String pooling) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout, padTokenId, pooling, numLabels);
    }

    public EncoderConfig withLabels(int numLabels) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout, padTokenId, pooling, numLabels);
    }

    public EncoderConfig withDropout(double dropout) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, dropout, dropout, padTokenId, pooling, numLabels);
    }

    public static EncoderConfig read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EncoderConfig.class);
    }

    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    /** all-MiniLM-L6-v2: BERT, 6 layers, hidden 384, 12 heads, mean pooling. */
    public static EncoderConfig miniLm() {
        return new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.1, 0.1, 0, "mean", 0);
    }
}
