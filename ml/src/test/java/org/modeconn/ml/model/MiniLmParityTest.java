package org.modeconn.ml.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.TextTokenizer;

import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our encoder on the imported MiniLM weights against an independent implementation: ONNX Runtime
 * running the original ONNX graph. Mean-pooled, L2-normalised embeddings must agree to 1e-5.
 */
class MiniLmParityTest {
    private static final List<String> SENTENCES = List.of(
            "A man is playing a guitar.",
            "The movie was a complete waste of two hours, and the popcorn was stale too.",
            "Mode connectivity!",
            "Two fine-tuned copies of one pre-trained language model are two minima in parameter space; "
                    + "is there a low-loss path that joins them?");

    private static NDManager manager;
    private static Pretrained model;
    private static TextTokenizer tokenizer;
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        manager = Djl.newManager();
        model = Pretrained.miniLm(manager);
        tokenizer = model.tokenizer(128);
        env = OrtEnvironment.getEnvironment();
        try (InputStream in = MiniLmParityTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            session = env.createSession(in.readAllBytes(), new OrtSession.SessionOptions());
        }
    }

    @AfterAll
    static void close() throws Exception {
        session.close();
        tokenizer.close();
        model.close();
        manager.close();
    }

    @Test
    void paddedBatchMatchesOnnxRuntime() throws Exception {
        List<TextTokenizer.Tokens> tokens = SENTENCES.stream().map(tokenizer::encode).toList();
        compare(tokens);
    }

    @Test
    void eachSentenceAloneMatchesOnnxRuntime() throws Exception {
        for (String s : SENTENCES) {
            compare(List.of(tokenizer.encode(s)));
        }
    }

    private void compare(List<TextTokenizer.Tokens> tokens) throws Exception {
        float[][] ours;
        try (NDManager step = manager.newSubManager()) {
            Batch batch = Batch.of(step, tokens, 0);
            Encoder encoder = new Encoder(model.config(), DeltaConfig.NONE);
            NDArray hidden = encoder.encode(model.weights(), batch.ids(), batch.typeIds(), batch.mask(), false);
            NDArray emb = Pooling.normalize(Pooling.mean(hidden, batch.mask()));
            ours = toRows(emb.toFloatArray(), tokens.size());
        }
        float[][] reference = onnxRuntime(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            for (int j = 0; j < reference[i].length; j++) {
                assertEquals(reference[i][j], ours[i][j], 1e-5, "sentence " + i + " dim " + j);
            }
        }
    }

    private float[][] onnxRuntime(List<TextTokenizer.Tokens> tokens) throws Exception {
        int b = tokens.size();
        int t = tokens.stream().mapToInt(TextTokenizer.Tokens::length).max().orElseThrow();
        long[] ids = new long[b * t];
        long[] types = new long[b * t];
        long[] mask = new long[b * t];
        for (int i = 0; i < b; i++) {
            TextTokenizer.Tokens x = tokens.get(i);
            for (int j = 0; j < x.length(); j++) {
                ids[i * t + j] = x.ids()[j];
                types[i * t + j] = x.typeIds()[j];
                mask[i * t + j] = 1;
            }
        }
        long[] shape = {b, t};
        try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
             OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", idT, "attention_mask", maskT, "token_type_ids", typeT))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] out = new float[b][];
            for (int i = 0; i < b; i++) {
                // independent mean pooling and normalisation, in double
                double[] sum = new double[hidden[i][0].length];
                int n = 0;
                for (int j = 0; j < t; j++) {
                    if (mask[i * t + j] == 1) {
                        n++;
                        for (int k = 0; k < sum.length; k++) {
                            sum[k] += hidden[i][j][k];
                        }
                    }
                }
                double norm = 0;
                for (int k = 0; k < sum.length; k++) {
                    sum[k] /= n;
                    norm += sum[k] * sum[k];
                }
                norm = Math.sqrt(norm);
                out[i] = new float[sum.length];
                for (int k = 0; k < sum.length; k++) {
                    out[i][k] = (float) (sum[k] / norm);
                }
            }
            return out;
        }
    }

    private static float[][] toRows(float[] flat, int rows) {
        int cols = flat.length / rows;
        float[][] out = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }
}
