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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Fine-tunes a classifier on a base model's weights, in place: full fine-tuning or a delta method with
 * the backbone frozen. AdamW, linear warm-up then linear decay (or constant), clipping by global norm,
 * gradient accumulation, dropout. Three seeds act separately: {@code init} draws the new parameters
 * (head, adapters, LoRA), {@code data} orders the examples, {@code dropout} drives the dropout masks;
 * with all three fixed a run on the CPU repeats exactly.
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

        Djl.seedDropout(c.seeds().dropout());
        int accumulation = c.gradAccumulation();
        int micro = Math.max(1, c.batchSize() / accumulation);
        Iterator<int[]> batches = new EpochBatches(train.lengths(), micro, c.seeds().data(), bucketing);
        LrSchedule schedule = LrSchedule.of(c.learningRate(), c.steps(), c.warmupRatio(), c.scheduleKind());
        List<Double> losses = new ArrayList<>();
        long started = System.nanoTime();
        try (TrainingStep step = new TrainingStep(w.manager(), params, c.weightDecay(), c.gradClip())) {
            for (int s = 1; s <= c.steps(); s++) {
                long t0 = System.nanoTime();
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
            }
            return new Result(model, trainable, losses, (System.nanoTime() - started) / 1e9, step.skippedSteps(),
                    step.lastSkipReason());
        }
    }
}
