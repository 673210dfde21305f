package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderConfig;

import java.util.Random;

/** A small random BERT for fast tests: 2 layers, hidden 16, 2 heads, the MiniLM vocabulary size. */
public final class TinyModel {
    private TinyModel() {
    }

    public static EncoderConfig config() {
        return new EncoderConfig("bert", 30522, 16, 2, 2, 32, 64, 2, 1e-12, 0.1, 0.1, 0, "mean", 0);
    }

    public static Weights weights(NDManager manager, EncoderConfig config, long seed) {
        Weights w = new Weights(manager);
        ModelInit.encoder(w, config, new Random(seed));
        return w;
    }
}
