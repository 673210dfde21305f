package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.modeconn.core.spec.Schedule;
import org.modeconn.ml.Djl;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two AdamW steps against the update rule worked out in plain double arithmetic. */
class AdamWTest {
    @Test
    void twoStepsMatchAHandComputation() {
        double lr = 0.1;
        double wd = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = {1.0, 2.0};
        double[] bias = {0.5};
        double[][] gradsW = {{0.5, -1.0}, {0.2, 0.4}};
        double[][] gradsB = {{0.3}, {-0.1}};

        try (NDManager m = Djl.newManager(); AdamW adam = new AdamW(m, b1, b2, eps, wd)) {
            NDArray pw = m.create(new float[]{1f, 2f});
            NDArray pb = m.create(new float[]{0.5f});
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("layer.weight", pw);
            params.put("layer.bias", pb);
            double[] mw = new double[2];
            double[] vw = new double[2];
            double[] mb = new double[1];
            double[] vb = new double[1];
            for (int t = 1; t <= 2; t++) {
                try (NDManager s = m.newSubManager()) {
                    adam.step(params, Map.of("layer.weight", s.create(toFloat(gradsW[t - 1])),
                            "layer.bias", s.create(toFloat(gradsB[t - 1]))), lr);
                }
                // by hand: decoupled decay on the weight only, then the Adam update with bias correction
                for (int i = 0; i < 2; i++) {
                    w[i] -= lr * wd * w[i];
                    mw[i] = b1 * mw[i] + (1 - b1) * gradsW[t - 1][i];
                    vw[i] = b2 * vw[i] + (1 - b2) * gradsW[t - 1][i] * gradsW[t - 1][i];
                    w[i] -= lr * (mw[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(vw[i] / (1 - Math.pow(b2, t))) + eps);
                }
                mb[0] = b1 * mb[0] + (1 - b1) * gradsB[t - 1][0];
                vb[0] = b2 * vb[0] + (1 - b2) * gradsB[t - 1][0] * gradsB[t - 1][0];
                bias[0] -= lr * (mb[0] / (1 - Math.pow(b1, t))) / (Math.sqrt(vb[0] / (1 - Math.pow(b2, t))) + eps);

                float[] gotW = pw.toFloatArray();
                assertEquals(w[0], gotW[0], 1e-6, "step " + t);
                assertEquals(w[1], gotW[1], 1e-6, "step " + t);
                assertEquals(bias[0], pb.toFloatArray()[0], 1e-6, "biases are not decayed");
            }
            assertEquals(2, adam.steps());
        }
    }

    /**
     * Six steps with a changing learning rate replayed from {@code adamw-torch.json}, which
     * {@code bench/adamw_fixture.py} wrote with {@code torch.optim.AdamW} (decay on the weight only): after
     * every step the weights equal PyTorch's within float rounding.
     */
    @Test
    void sixStepsEqualTorchOptimAdamW() throws Exception {
        com.fasterxml.jackson.databind.JsonNode f;
        try (var in = AdamWTest.class.getResourceAsStream("/adamw-torch.json")) {
            f = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        try (NDManager m = Djl.newManager(); AdamW adam = new AdamW(m, f.path("weightDecay").asDouble())) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("dense.weight", m.create(floats(f.at("/start/weight")), new ai.djl.ndarray.types.Shape(3, 4)));
            params.put("dense.bias", m.create(floats(f.at("/start/bias"))));
            int k = 0;
            for (com.fasterxml.jackson.databind.JsonNode step : f.path("steps")) {
                k++;
                try (NDManager s = m.newSubManager()) {
                    adam.step(params, Map.of(
                            "dense.weight", s.create(floats(step.path("gradWeight")), new ai.djl.ndarray.types.Shape(3, 4)),
                            "dense.bias", s.create(floats(step.path("gradBias")))), step.path("lr").asDouble());
                }
                float[] w = params.get("dense.weight").toFloatArray();
                float[] b = params.get("dense.bias").toFloatArray();
                float[] tw = floats(step.path("weight"));
                float[] tb = floats(step.path("bias"));
                for (int i = 0; i < w.length; i++) {
                    assertEquals(tw[i], w[i], 2e-6 * Math.max(1, Math.abs(tw[i])), "weight " + i + " after step " + k);
                }
                for (int i = 0; i < b.length; i++) {
                    assertEquals(tb[i], b[i], 2e-6 * Math.max(1, Math.abs(tb[i])), "bias " + i + " after step " + k);
                }
            }
            assertEquals(6, k);
        }
    }

    private static float[] floats(com.fasterxml.jackson.databind.JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void scheduleWarmsUpThenDecaysLinearly() {
        LrSchedule s = LrSchedule.of(1e-3, 100, 0.1, Schedule.LINEAR);
        assertEquals(10, s.warmup());
        assertEquals(1e-4, s.at(1), 1e-15);
        assertEquals(1e-3, s.at(10), 1e-15);
        assertEquals(0.5e-3, s.at(55), 1e-15);
        assertEquals(0.0, s.at(100), 1e-15);
        LrSchedule flat = LrSchedule.of(1e-3, 100, 0.1, Schedule.CONSTANT);
        assertEquals(1e-3, flat.at(90), 1e-15);
        assertEquals(1e-3, LrSchedule.of(1e-3, 100, 0, Schedule.LINEAR).at(0) + 1e-3, 1e-15, "no warm-up: at(0) is 0");
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
