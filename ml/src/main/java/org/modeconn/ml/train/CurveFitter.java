package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.EpochBatches;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.Scalars;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Curve finding (Garipov et al. 2018): the endpoints stay fixed, the bends train. Each step samples
 * t ~ U(0, 1) (several with accumulated gradients if asked), sets the interpolated parameters to
 * θ(t) = Σ_j c_j(t)·θ_j and steps on the task loss with respect to the bends only; the objective is
 * E_t[L(θ(t))]. Parameters outside the filter (a frozen backbone) come from the start endpoint.
 * Validation at fixed t keeps the best bends seen. With a {@link TrainingState.Store}, a fit killed
 * mid-way resumes from its last saved state.
 */
public final class CurveFitter {

    /** Fitting settings. */
    public record Settings(int steps, double learningRate, int batchSize, int samplesPerStep, List<Double> validateAt,
                           int validateEvery, long seed) {
    }

    /** One tensor of a fitted bend: its shape and its values (F32, row-major). */
    public record Tensor(long[] shape, float[] values) {
    }

    /**
     * The fitted bends, each its interpolated parameters by name (everything needed to save it), and the
     * validation loss curve.
     */
    public record Result(List<Map<String, Tensor>> bends, double initialValidationLoss, double bestValidationLoss,
                         int bestStep, List<Double> trainLosses) {
    }

    private CurveFitter() {
    }

    public static Result fit(Classifier model, Weights start, Weights end, Curve curve, ParameterFilter interpolated,
                             TokenizedSet train, TokenizedSet validation, int classes, Settings s,
                             TrainingListener listener) {
        try {
            return fit(model, start, end, curve, interpolated, train, validation, classes, s, listener, TrainingState.Store.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a store that keeps nothing does no I/O
        }
    }

    /**
     * As {@link #fit(Classifier, Weights, Weights, Curve, ParameterFilter, TokenizedSet, TokenizedSet, int, Settings,
     * TrainingListener)}, resuming from {@code state}'s latest state (the bends, their optimizer, the best bends so
     * far) and saving every {@code state.every()} steps. Step k draws its t values from
     * {@code seedFor(seed + 1, k)} and its dropout masks from {@code seedFor(seed, k)}, so a resumed fit ends
     * where an uninterrupted one ends.
     *
     * @throws IOException if a state cannot be written or kept
     */
    public static Result fit(Classifier model, Weights start, Weights end, Curve curve, ParameterFilter interpolated,
                             TokenizedSet train, TokenizedSet validation, int classes, Settings s,
                             TrainingListener listener, TrainingState.Store state) throws IOException {
        int bendsCount = curve.controlPoints() - 2;
        if (bendsCount < 1) {
            throw new IllegalArgumentException("a curve to fit needs at least one bend");
        }
        List<String> names = start.names().stream().filter(interpolated::test).toList();
        for (Weights endpoint : List.of(start, end)) {
            endpoint.names().forEach(n -> endpoint.get(n).setRequiresGradient(false)); // endpoints stay fixed
        }
        NDManager manager = start.manager().newSubManager();
        try {
            // Bends start on the segment: bend j at (j+1)/(n+1) of the way (the midpoint for one bend).
            List<Map<String, NDArray>> bends = new ArrayList<>();
            Map<String, NDArray> trainable = new LinkedHashMap<>();
            for (int j = 0; j < bendsCount; j++) {
                float u = (float) (j + 1) / (bendsCount + 1);
                Map<String, NDArray> bend = new LinkedHashMap<>();
                for (String n : names) {
                    NDArray a = start.get(n);
                    NDArray b = end.get(n);
                    float[] x = a.toFloatArray();
                    float[] y = b.toFloatArray();
                    float[] mid = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        mid[i] = (1 - u) * x[i] + u * y[i];
                    }
                    NDArray p = manager.create(mid, a.getShape());
                    bend.put(n, p);
                    trainable.put(bendName(j, n), p);
                }
                bends.add(bend);
            }
            Iterator<int[]> batches = new EpochBatches(train.lengths(), s.batchSize(), s.seed(), true);
            List<Double> losses = new ArrayList<>();
            try (TrainingStep step = new TrainingStep(manager, trainable, 0, 1.0)) {
                int first = 1;
                double initial;
                double best;
                int bestStep;
                List<Map<String, Tensor>> bestBends;
                Optional<TrainingState.Restored> restored = TrainingState.restore(state, step, s.steps(), manager);
                if (restored.isPresent()) {
                    try (TrainingState.Restored r = restored.get()) {
                        first = r.step() + 1;
                        losses.addAll(r.losses());
                        initial = Double.parseDouble(r.values().get("initialValidationLoss"));
                        best = Double.parseDouble(r.values().get("bestValidationLoss"));
                        bestStep = Integer.parseInt(r.values().get("bestStep"));
                        bestBends = new ArrayList<>();
                        for (int j = 0; j < bendsCount; j++) {
                            Map<String, Tensor> bend = new LinkedHashMap<>();
                            for (String n : names) {
                                NDArray a = r.tensors().get(BEST + bendName(j, n));
                                bend.put(n, new Tensor(a.getShape().getShape(), a.toFloatArray()));
                            }
                            bestBends.add(bend);
                        }
                    }
                    for (long b = 0; b < (long) (first - 1) * s.samplesPerStep(); b++) {
                        batches.next(); // the data position: every step takes samplesPerStep batches
                    }
                } else {
                    initial = validate(model, start, end, bends, curve, names, validation, classes, s);
                    best = initial;
                    bestStep = 0;
                    bestBends = snapshot(bends);
                }
                for (int k = first; k <= s.steps(); k++) {
                    long t0 = System.nanoTime();
                    Djl.seedDropout(TrainingState.seedFor(s.seed(), k));
                    Random tSampler = new Random(TrainingState.seedFor(s.seed() + 1, k));
                    double loss = step.run(s.samplesPerStep(), scratch -> {
                        double t = tSampler.nextDouble();
                        Weights point = pointAt(scratch, start, end, bends, curve.coefficients(t), names);
                        int[] indices = batches.next();
                        Batch batch = train.batch(scratch, indices);
                        NDArray perExample = Classifier.crossEntropy(model.logits(point, batch, true), train.labels(scratch, indices));
                        return new TrainingStep.Loss(perExample.mean(), perExample.sum().getFloat(), indices.length);
                    }, s.learningRate());
                    losses.add(loss);
                    listener.onStep(k, s.steps(), loss, s.learningRate(),
                            s.batchSize() * s.samplesPerStep() / ((System.nanoTime() - t0) / 1e9));
                    if (k % s.validateEvery() == 0 || k == s.steps()) {
                        double v = validate(model, start, end, bends, curve, names, validation, classes, s);
                        if (v < best) {
                            best = v;
                            bestStep = k;
                            bestBends = snapshot(bends);
                        }
                    }
                    if (TrainingState.due(state, k, s.steps())) {
                        try (NDManager scratch = manager.newSubManager()) {
                            Map<String, NDArray> extra = new LinkedHashMap<>();
                            for (int j = 0; j < bendsCount; j++) {
                                for (Map.Entry<String, Tensor> e : bestBends.get(j).entrySet()) {
                                    extra.put(BEST + bendName(j, e.getKey()),
                                            scratch.create(e.getValue().values(), new Shape(e.getValue().shape())));
                                }
                            }
                            TrainingState.save(state, k, step, losses, extra, Map.of(
                                    "initialValidationLoss", Double.toString(initial),
                                    "bestValidationLoss", Double.toString(best),
                                    "bestStep", Integer.toString(bestStep)));
                        }
                    }
                }
                return new Result(bestBends, initial, best, bestStep, losses);
            }
        } finally {
            manager.close();
        }
    }

    /** Prefix of the best bends so far in a saved state. */
    private static final String BEST = "best/";

    private static String bendName(int j, String parameter) {
        return "bend" + j + "/" + parameter;
    }

    /** Weights of the point with the given coefficients: blended where interpolated, the start endpoint's elsewhere. */
    static Weights pointAt(NDManager scratch, Weights start, Weights end, List<Map<String, NDArray>> bends,
                           double[] c, List<String> names) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String n : start.names()) {
            arrays.put(n, start.get(n));
        }
        for (String n : names) {
            NDArray sum = keep(scratch, Scalars.mul(start.get(n), c[0]));
            for (int j = 0; j < bends.size(); j++) {
                sum = keep(scratch, sum.add(keep(scratch, Scalars.mul(bends.get(j).get(n), c[j + 1]))));
            }
            sum = keep(scratch, sum.add(keep(scratch, Scalars.mul(end.get(n), c[c.length - 1]))));
            arrays.put(n, sum);
        }
        return Weights.view(scratch, arrays);
    }

    /** Mean validation loss over the fixed t values. */
    static double validate(Classifier model, Weights start, Weights end, List<Map<String, NDArray>> bends, Curve curve,
                           List<String> names, TokenizedSet validation, int classes, Settings s) {
        double sum = 0;
        for (double t : s.validateAt()) {
            try (NDManager scratch = start.manager().newSubManager()) {
                Weights point = pointAt(scratch, start, end, bends, curve.coefficients(t), names);
                sum += Evaluator.evaluate(model, point, validation, s.batchSize(), classes).loss();
            }
        }
        return sum / s.validateAt().size();
    }

    private static List<Map<String, Tensor>> snapshot(List<Map<String, NDArray>> bends) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (Map<String, NDArray> bend : bends) {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            bend.forEach((n, a) -> copy.put(n, new Tensor(a.getShape().getShape(), a.toFloatArray())));
            out.add(copy);
        }
        return out;
    }

    private static NDArray keep(NDManager scratch, NDArray a) {
        a.attach(scratch);
        return a;
    }
}
