package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Batch;
import org.modeconn.ml.data.EpochBatches;
import org.modeconn.ml.data.TokenizedSet;
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

    /** The trained model: weights (base plus new modules), which of them trained, and the loss per step. */
    public record Result(Classifier model, Set<String> trainable, List<Double> losses, double seconds, int skippedSteps,
                         String lastSkipReason) {
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
            return train(w, base, c, classes, train, listener, bucketing, TrainingState.Store.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a store that keeps nothing does no I/O
        }
    }

    /**
     * As {@link #train(Weights, EncoderConfig, TrainingConfig, int, TokenizedSet, TrainingListener, boolean)},
     * resuming from {@code state}'s latest state if it has one and saving every {@code state.every()} steps.
     *
     * @throws IOException if a state cannot be written or kept
     */
    public static Result train(Weights w, EncoderConfig base, TrainingConfig c, int classes, TokenizedSet train,
                               TrainingListener listener, boolean bucketing, TrainingState.Store state) throws IOException {
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
        long started = System.nanoTime();
        try (TrainingStep step = new TrainingStep(w.manager(), params, c.weightDecay(), c.gradClip())) {
            int first = 1;
            Optional<TrainingState.Restored> restored = TrainingState.restore(state, step, c.steps(), w.manager());
            if (restored.isPresent()) {
                try (TrainingState.Restored r = restored.get()) {
                    first = r.step() + 1;
                    losses.addAll(r.losses());
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
                if (TrainingState.due(state, s, c.steps())) {
                    TrainingState.save(state, s, step, losses, Map.of(), Map.of());
                }
            }
            return new Result(model, trainable, losses, (System.nanoTime() - started) / 1e9, step.skippedSteps(),
                    step.lastSkipReason());
        }
    }
}
