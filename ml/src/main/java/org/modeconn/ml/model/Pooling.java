package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import org.modeconn.core.model.EncoderConfig;

/** How a sequence of hidden states [B, T, H] becomes one vector per example [B, H]. */
public final class Pooling {
    private Pooling() {
    }

    /** The mean over real tokens (sentence-transformers). */
    public static NDArray mean(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(-1); // [B, T, 1]
        return hidden.mul(m).sum(new int[]{1}).div(m.sum(new int[]{1}).maximum(1e-9f));
    }

    /** The first token's state, through the pooler (dense + tanh) when the model has one. */
    public static NDArray cls(NDArray hidden, Weights w) {
        NDArray first = hidden.get(new NDIndex(":, 0, :"));
        NDArray dense = w.find("pooler.dense.weight");
        if (dense == null) {
            return first;
        }
        return Linear.linear(first, dense, w.get("pooler.dense.bias")).singletonOrThrow().tanh();
    }

    public static NDArray pool(EncoderConfig config, NDArray hidden, NDArray mask, Weights w) {
        return config.pooling().equals("mean") ? mean(hidden, mask) : cls(hidden, w);
    }

    /** x / ‖x‖₂ along the last axis. */
    public static NDArray normalize(NDArray x) {
        return x.div(Scalars.maximum(x.norm(new int[]{-1}, true), 1e-12));
    }
}
