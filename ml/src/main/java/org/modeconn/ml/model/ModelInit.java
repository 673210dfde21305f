package org.modeconn.ml.model;

import org.modeconn.core.model.EncoderConfig;

import java.util.Random;

/**
 * Fresh weights for an encoder trained from scratch, initialised as BERT does: every weight matrix
 * and embedding from N(0, 0.02²), biases 0, LayerNorm γ = 1 and β = 0.
 */
public final class ModelInit {
    private static final double STD = 0.02;

    private ModelInit() {
    }

    public static void encoder(Weights w, EncoderConfig c, Random random) {
        int h = c.hidden();
        normal(w, "embeddings.word_embeddings.weight", random, c.vocabSize(), h);
        normal(w, "embeddings.position_embeddings.weight", random, c.maxPositions(), h);
        normal(w, "embeddings.token_type_embeddings.weight", random, c.typeVocabSize(), h);
        layerNorm(w, "embeddings.LayerNorm", h);
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String proj : new String[]{"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
                linear(w, p + proj, random, h, h);
            }
            layerNorm(w, p + "attention.output.LayerNorm", h);
            linear(w, p + "intermediate.dense", random, c.intermediate(), h);
            linear(w, p + "output.dense", random, h, c.intermediate());
            layerNorm(w, p + "output.LayerNorm", h);
        }
    }

    static void linear(Weights w, String name, Random random, int out, int in) {
        normal(w, name + ".weight", random, out, in);
        w.put(name + ".bias", new float[out], out);
    }

    static void layerNorm(Weights w, String name, int size) {
        float[] ones = new float[size];
        java.util.Arrays.fill(ones, 1f);
        w.put(name + ".weight", ones, size);
        w.put(name + ".bias", new float[size], size);
    }

    static void normal(Weights w, String name, Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * STD);
        }
        w.put(name, v, rows, cols);
    }
}
