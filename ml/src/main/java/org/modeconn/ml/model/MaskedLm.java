package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.ml.data.Batch;

import java.util.Random;

/**
 * The masked-LM head of RoBERTa: dense → GELU → LayerNorm → decoder tied to the word embeddings, plus
 * an output bias ({@code lm_head.dense}, {@code lm_head.layer_norm}, {@code lm_head.bias}). Logits are
 * computed only at the masked positions: [M, V] rather than [B·T, V].
 */
public final class MaskedLm {
    private final Encoder encoder;

    public MaskedLm(Encoder encoder) {
        this.encoder = encoder;
    }

    public Encoder encoder() {
        return encoder;
    }

    public static void initHead(Weights w, EncoderConfig c, Random random) {
        ModelInit.linear(w, "lm_head.dense", random, c.hidden(), c.hidden());
        ModelInit.layerNorm(w, "lm_head.layer_norm", c.hidden());
        w.put("lm_head.bias", new float[c.vocabSize()], c.vocabSize());
    }

    /**
     * @param positions [M] int64 flat indices (row·T + column) of the masked tokens
     * @return logits [M, V]
     */
    public NDArray logits(Weights w, Batch batch, NDArray positions, boolean training) {
        NDArray hidden = encoder.encode(w, batch.ids(), batch.typeIds(), batch.mask(), training); // [B, T, H]
        long h = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(new Shape(-1, h));
        NDArray picked = Encoder.embed(positions, flat); // a row gather that carries gradients: [M, H]
        NDArray z = Encoder.gelu(Linear.linear(picked, w.get("lm_head.dense.weight"), w.get("lm_head.dense.bias"))
                .singletonOrThrow());
        z = encoder.layerNorm(z, w, "lm_head.layer_norm");
        return Linear.linear(z, w.get("embeddings.word_embeddings.weight"), w.get("lm_head.bias")).singletonOrThrow();
    }
}
