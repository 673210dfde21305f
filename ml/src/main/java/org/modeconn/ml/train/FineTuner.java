package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.pipeline.TrainingDynamics;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.EpochBatches;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaModules;
import org.modeconn.ml.model.Encoder;
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
import java.util.Set;

/**
 * Fine-tunes a classifier on a base model's weights, in place: full fine-tuning or a delta method with
 * the backbone frozen. AdamW, linear warm-up then linear decay (or constant), clipping by global norm,
 * gradient accumulation, dropout. Three seeds act separately: {@code init} draws the new parameters
 * (head, adapters, LoRA), {@code data} orders the examples, {@code dropout} drives the dropout masks
 * (reseeded at each step from the seed and the step, so that a resumed run draws the same masks); with
 * all three fixed a run on the CPU repeats exactly. With a {@link TrainingState.Store} the state is saved
 * every few steps and a run killed mid-way resumes from it and ends where an uninterrupted run ends.
 */
public final class FineTuner {

    /**
     * The trained model: weights (base plus new modules), which of them trained, the loss per step, and the
     * training dynamics when the configuration asks for them (else null).
     */
    public record Result(Classifier model, Set<String> trainable, List<Double> losses, double seconds, int skippedSteps,
                         String lastSkipReason, TrainingDynamics dynamics) {
    }

    private FineTuner() {
    }

    /** Length-bucketed batches of {@code batchSize / gradAccumulation} examples; window 50 batches. */
    public static Result train(Weights w, EncoderConfig base, TrainingConfig c, int classes, TokenizedSet train,
                               TrainingListener listener) {
        return train(w, base, c, classes, train, listener, true);
    }

    public static Result train(Weights w, EncoderConfig base, TrainingConfig c, int classes, TokenizedSet train,
                               TrainingListener listener, boolean bucketing) {
        try {
            return train(w, base, c, classes, train, listener, bucketing, TrainingState.Store.NONE, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a store that keeps nothing does no I/O
        }
    }

    /** As the overload with dynamics, for a configuration that records none. */
    public static Result train(Weights w, EncoderConfig base, TrainingConfig c, int classes, TokenizedSet train,
                               TrainingListener listener, boolean bucketing, TrainingState.Store state) throws IOException {
        return train(w, base, c, classes, train, listener, bucketing, state, null);
    }

    /**
     * As {@link #train(Weights, EncoderConfig, TrainingConfig, int, TokenizedSet, TrainingListener, boolean)},
     * resuming from {@code state}'s latest state if it has one and saving every {@code state.every()} steps.
     * With {@code c.dynamics()} and its split's examples in {@code dynamicsSet}, the model in training scores
     * them every {@code c.dynamics().every()} steps and after the last (evaluation mode, no dropout, between two
     * steps, so the training itself is unchanged); the recordings survive a resume.
     *
     * @throws IOException if a state cannot be written or kept
     */
    public static Result train(Weights w, EncoderConfig base, TrainingConfig c, int classes, TokenizedSet train,
                               TrainingListener listener, boolean bucketing, TrainingState.Store state,
                               TokenizedSet dynamicsSet) throws IOException {
        if (c.dynamics() != null && dynamicsSet == null) {
            throw new IllegalArgumentException("the configuration records dynamics on '" + c.dynamics().split()
                    + "' but no examples of it were given");
        }
        EncoderConfig config = base.withDropout(c.dropout()).withLabels(classes);
        Random init = new Random(c.seeds().init());
        Classifier.initHead(w, config.hidden(), classes, init);
        Set<String> trainable = DeltaModules.apply(c.method(), config, w, init);
        for (String name : w.names()) {
            w.get(name).setRequiresGradient(false); // the trainable ones are switched on by TrainingStep
        }
        Classifier model = new Classifier(new Encoder(config, DeltaModules.deltaConfig(c.method())));
        Map<String, NDArray> params = new LinkedHashMap<>();
        trainable.forEach(n -> params.put(n, w.get(n)));

        int accumulation = c.gradAccumulation();
        int micro = Math.max(1, c.batchSize() / accumulation);
        Iterator<int[]> batches = new EpochBatches(train.lengths(), micro, c.seeds().data(), bucketing);
        LrSchedule schedule = LrSchedule.of(c.learningRate(), c.steps(), c.warmupRatio(), c.scheduleKind());
        List<Double> losses = new ArrayList<>();
        List<Integer> recordedAt = new ArrayList<>();
        List<float[]> gold = new ArrayList<>();
        List<boolean[]> right = new ArrayList<>();
        long started = System.nanoTime();
        try (TrainingStep step = new TrainingStep(w.manager(), params, c.weightDecay(), c.gradClip())) {
            int first = 1;
            Optional<TrainingState.Restored> restored = TrainingState.restore(state, step, c.steps(), w.manager());
            if (restored.isPresent()) {
                try (TrainingState.Restored r = restored.get()) {
                    first = r.step() + 1;
                    losses.addAll(r.losses());
                    restoreDynamics(r, recordedAt, gold, right);
                }
                for (long b = 0; b < (long) (first - 1) * accumulation; b++) {
                    batches.next(); // the data position: every step takes `accumulation` micro-batches
                }
            }
            for (int s = first; s <= c.steps(); s++) {
                long t0 = System.nanoTime();
                Djl.seedDropout(TrainingState.seedFor(c.seeds().dropout(), s));
                double lr = schedule.at(s);
                double loss = step.run(accumulation, scratch -> {
                    int[] indices = batches.next();
                    Batch batch = train.batch(scratch, indices);
                    NDArray perExample = Classifier.crossEntropy(model.logits(w, batch, true), train.labels(scratch, indices));
                    return new TrainingStep.Loss(perExample.mean(), perExample.sum().getFloat(), indices.length);
                }, lr);
                losses.add(loss);
                double seconds = (System.nanoTime() - t0) / 1e9;
                listener.onStep(s, c.steps(), loss, lr, micro * accumulation / seconds);
                if (c.dynamics() != null && (s % c.dynamics().every() == 0 || s == c.steps())) {
                    EvalResult r = Evaluator.evaluate(model, w, dynamicsSet, 64, classes);
                    recordedAt.add(s);
                    gold.add(r.goldProbability());
                    right.add(r.correct());
                }
                if (TrainingState.due(state, s, c.steps())) {
                    try (NDManager scratch = w.manager().newSubManager()) {
                        TrainingState.save(state, s, step, losses, dynamicsTensors(scratch, gold, right),
                                recordedAt.isEmpty() ? Map.of() : Map.of(DYNAMICS_STEPS, join(recordedAt)));
                    }
                }
            }
            TrainingDynamics dynamics = c.dynamics() == null ? null : new TrainingDynamics(c.task() + "/" + c.dynamics().split(),
                    recordedAt.stream().mapToInt(Integer::intValue).toArray(), gold.toArray(new float[0][]),
                    right.toArray(new boolean[0][]));
            return new Result(model, trainable, losses, (System.nanoTime() - started) / 1e9, step.skippedSteps(),
                    step.lastSkipReason(), dynamics);
        }
    }

    private static final String DYNAMICS_GOLD = "dynamics/gold_probability";
    private static final String DYNAMICS_CORRECT = "dynamics/correct";
    private static final String DYNAMICS_STEPS = "dynamics.steps";

    /** The recordings so far as [k, n] arrays for a saved state (1 for right, 0 for wrong); none before the first. */
    private static Map<String, NDArray> dynamicsTensors(NDManager scratch, List<float[]> gold, List<boolean[]> right) {
        if (gold.isEmpty()) {
            return Map.of();
        }
        int k = gold.size();
        int n = gold.get(0).length;
        float[] p = new float[k * n];
        float[] c = new float[k * n];
        for (int j = 0; j < k; j++) {
            System.arraycopy(gold.get(j), 0, p, j * n, n);
            for (int i = 0; i < n; i++) {
                c[j * n + i] = right.get(j)[i] ? 1f : 0f;
            }
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put(DYNAMICS_GOLD, scratch.create(p, new Shape(k, n)));
        out.put(DYNAMICS_CORRECT, scratch.create(c, new Shape(k, n)));
        return out;
    }

    private static void restoreDynamics(TrainingState.Restored r, List<Integer> recordedAt, List<float[]> gold,
                                        List<boolean[]> right) {
        String steps = r.values().get(DYNAMICS_STEPS);
        if (steps == null) {
            return;
        }
        for (String x : steps.split(",")) {
            recordedAt.add(Integer.parseInt(x));
        }
        NDArray p = r.tensors().get(DYNAMICS_GOLD);
        NDArray c = r.tensors().get(DYNAMICS_CORRECT);
        int k = recordedAt.size();
        int n = Math.toIntExact(p.getShape().get(1));
        float[] pv = p.toFloatArray();
        float[] cv = c.toFloatArray();
        for (int j = 0; j < k; j++) {
            gold.add(java.util.Arrays.copyOfRange(pv, j * n, (j + 1) * n));
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = cv[j * n + i] != 0f;
            }
            right.add(b);
        }
    }

    private static String join(List<Integer> steps) {
        return String.join(",", steps.stream().map(String::valueOf).toList());
    }
}
