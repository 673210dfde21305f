package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import org.modeconn.core.model.EncoderConfig;

/**
 * A BERT/RoBERTa encoder as a function of named weights: post-LayerNorm blocks, erf-GELU, absolute
 * position and token-type embeddings. Shapes: B = batch, T = tokens, H = hidden, h = heads, d = H/h.
 *
 * <p>Optional parameters change the computation where they exist, so one forward serves every tuning
 * method: LoRA ({@code ...query.lora_A.weight} [r, in], {@code lora_B.weight} [out, r], scaled by
 * α/r) beside a projection, and bottleneck adapters ({@code ...adapter.down/up}) after the attention
 * output and the FFN output, before their residual add.
 *
 * <p>Every intermediate array lives in the manager of the batch's inputs: close that manager after
 * the step and nothing leaks.
 */
public final class Encoder {
    private final EncoderConfig config;
    private final DeltaConfig delta;

    public Encoder(EncoderConfig config, DeltaConfig delta) {
        this.config = config;
        this.delta = delta;
    }

    public EncoderConfig config() {
        return config;
    }

    /** ids, typeIds, mask: [B, T] int64 (mask 1 for real tokens) → hidden states [B, T, H]. */
    public NDArray encode(Weights w, NDArray ids, NDArray typeIds, NDArray mask, boolean training) {
        NDManager m = ids.getManager();
        long batch = ids.getShape().get(0);
        long tokens = ids.getShape().get(1);
        if (tokens > config.usablePositions()) {
            throw new IllegalArgumentException(tokens + " tokens exceed the model's " + config.describePositions());
        }
        NDArray positions;
        if (config.isRoberta()) {
            // RoBERTa: positions count real tokens from padding_idx + 1; padding keeps padding_idx.
            positions = mask.cumSum(1).mul(mask).add(config.padTokenId());
        } else {
            positions = m.arange(0L, tokens, 1L, DataType.INT64).reshape(1, tokens).repeat(0, batch);
        }
        NDArray x = embed(ids, w.get("embeddings.word_embeddings.weight"))
                .add(embed(positions, w.get("embeddings.position_embeddings.weight")))
                // A model with one token type (RoBERTa) ignores the second segment's type ids.
                .add(embed(config.typeVocabSize() == 1 ? typeIds.zerosLike() : typeIds,
                        w.get("embeddings.token_type_embeddings.weight")));
        x = layerNorm(x, w, "embeddings.LayerNorm");
        x = dropout(x, config.hiddenDropout(), training);

        // Additive mask over keys: 0 for tokens, a large negative number for padding. [B, 1, 1, T]
        NDArray keyBias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(-1e9f).reshape(batch, 1, 1, tokens);
        for (int i = 0; i < config.layers(); i++) {
            x = layer(w, "encoder.layer." + i + ".", x, keyBias, training);
        }
        return x;
    }

    private NDArray layer(Weights w, String p, NDArray x, NDArray keyBias, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int h = config.heads();
        int d = config.headDim();
        // [B, T, H] → [B, h, T, d]
        NDArray q = linear(x, w, p + "attention.self.query", training).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray k = linear(x, w, p + "attention.self.key", training).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray v = linear(x, w, p + "attention.self.value", training).reshape(b, t, h, d).transpose(0, 2, 1, 3);
        NDArray scores = Scalars.div(q.matMul(k.transpose(0, 1, 3, 2)), Math.sqrt(d)).add(keyBias); // [B, h, T, T]
        NDArray probs = dropout(scores.softmax(-1), config.attentionDropout(), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) h * d); // [B, T, H]

        NDArray attended = linear(context, w, p + "attention.output.dense", training);
        attended = dropout(attended, config.hiddenDropout(), training);
        attended = adapter(attended, w, p + "attention.output.adapter");
        x = layerNorm(attended.add(x), w, p + "attention.output.LayerNorm");

        NDArray inner = gelu(linear(x, w, p + "intermediate.dense", training)); // [B, T, I]
        NDArray out = linear(inner, w, p + "output.dense", training);
        out = dropout(out, config.hiddenDropout(), training);
        out = adapter(out, w, p + "output.adapter");
        return layerNorm(out.add(x), w, p + "output.LayerNorm");
    }

    /** x·Wᵀ + b, plus (α/r)·x·Aᵀ·Bᵀ where a LoRA pair sits beside W. */
    NDArray linear(NDArray x, Weights w, String name, boolean training) {
        NDArray y = Linear.linear(x, w.get(name + ".weight"), w.find(name + ".bias")).singletonOrThrow();
        NDArray loraA = w.find(name + ".lora_A.weight");
        if (loraA != null) {
            NDArray in = dropout(x, delta.loraDropout(), training);
            NDArray low = Linear.linear(in, loraA).singletonOrThrow();
            y = y.add(Scalars.mul(Linear.linear(low, w.get(name + ".lora_B.weight")).singletonOrThrow(), delta.loraScale()));
        }
        return y;
    }

    /** h + up(act(down(h))): a residual bottleneck, identity where no adapter exists. */
    private NDArray adapter(NDArray h, Weights w, String name) {
        NDArray down = w.find(name + ".down.weight");
        if (down == null) {
            return h;
        }
        NDArray z = Linear.linear(h, down, w.get(name + ".down.bias")).singletonOrThrow();
        z = switch (delta.adapterActivation()) {
            case RELU -> Activation.relu(z);
            case TANH -> z.tanh();
            case GELU -> gelu(z);
        };
        return h.add(Linear.linear(z, w.get(name + ".up.weight"), w.get(name + ".up.bias")).singletonOrThrow());
    }

    NDArray layerNorm(NDArray x, Weights w, String name) {
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), w.get(name + ".weight"), w.get(name + ".bias"),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    /**
     * The exact GELU of BERT, ½·x·(1 + erf(x/√2)), as PyTorch's fused kernel (one op forward, one
     * formula backward).
     */
    static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    static NDArray embed(NDArray ids, NDArray table) {
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    static NDArray dropout(NDArray x, double rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    }
}
