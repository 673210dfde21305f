package org.modeconn.ml.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.TinyModel;
import org.modeconn.ml.model.Weights;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two tiny endpoints of the synthetic task, then a quadratic Bezier bend fitted between them. */
class CurveFitterTest {
    @Test
    void fittingTheBendLowersTheLossAlongThePathAndLeavesEndpointsAlone() throws Exception {
        try (NDManager m = Djl.newManager(); Pretrained minilm = Pretrained.miniLm(m); TextTokenizer tok = minilm.tokenizer(32)) {
            minilm.close();
            TokenizedSet train = TokenizedSet.of(FineTunerTest.synthetic(256, 1), tok, 0);
            TokenizedSet validation = TokenizedSet.of(FineTunerTest.synthetic(64, 3), tok, 0);
            EncoderConfig c = TinyModel.config();
            try (Weights a = TinyModel.weights(m, c, 7); Weights b = TinyModel.weights(m, c, 7)) {
                // Same start, different seeds: two minima of the same task.
                FineTuner.Result ra = FineTuner.train(a, c, FineTunerTest.config("full", 3e-3, 40, 1, 1, 1), 2, train, TrainingListener.NONE);
                FineTuner.train(b, c, FineTunerTest.config("full", 3e-3, 40, 2, 2, 2), 2, train, TrainingListener.NONE);
                float[] aBefore = a.get("encoder.layer.0.output.dense.weight").toFloatArray();

                CurveFitter.Settings s = new CurveFitter.Settings(30, 1e-2, 16, 1, List.of(0.25, 0.5, 0.75), 10, 5);
                CurveFitter.Result r = CurveFitter.fit(ra.model(), a, b, Curve.of(Curve.Kind.BEZIER, 1), ParameterFilter.all(),
                        train, validation, 2, s, TrainingListener.NONE);

                assertEquals(1, r.bends().size());
                assertEquals(a.names().size(), r.bends().get(0).size(), "a full fine-tuning path bends every parameter");
                for (String name : a.names()) {
                    assertArrayEquals(a.get(name).getShape().getShape(), r.bends().get(0).get(name).shape(),
                            "a bend tensor carries the endpoint's shape: " + name);
                }
                assertTrue(r.bestValidationLoss() <= r.initialValidationLoss(),
                        "best " + r.bestValidationLoss() + " vs initial " + r.initialValidationLoss());
                assertTrue(r.bestStep() > 0, "training improved on the linear midpoint: " + r.initialValidationLoss()
                        + " → " + r.bestValidationLoss());
                assertEquals(30, r.trainLosses().size());
                assertTrue(java.util.Arrays.equals(aBefore, a.get("encoder.layer.0.output.dense.weight").toFloatArray()),
                        "the endpoints stay fixed");
                float[] mid = new float[aBefore.length];
                float[] bw = b.get("encoder.layer.0.output.dense.weight").toFloatArray();
                for (int i = 0; i < mid.length; i++) {
                    mid[i] = 0.5f * aBefore[i] + 0.5f * bw[i];
                }
                assertFalse(java.util.Arrays.equals(mid, r.bends().get(0).get("encoder.layer.0.output.dense.weight").values()),
                        "the bend moved off the midpoint");
            }
        }
    }
}
