package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Masked-LM pre-training of a small RoBERTa-style encoder from scratch. Its checkpoints are base
 * models that endpoints name as {@code pretrain:RUN@STEP}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PretrainSpec(ModelConfig config, Corpus corpus, Integer steps, Integer checkpointEvery,
                           Double learningRate, Integer batchSize, Integer maxLength, Double maskProbability,
                           Long seed) {

    /** Encoder geometry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelConfig(Integer layers, Integer hidden, Integer heads, Integer intermediate,
                              Integer vocabSize, Integer maxPositions) {
    }

    /** Training text and the held-out text for perplexity (locations as in {@link DatasetSpec#splits()}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Corpus(String train, String heldOut) {
    }
}
