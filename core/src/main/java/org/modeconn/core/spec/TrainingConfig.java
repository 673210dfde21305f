package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One training configuration. Every field may be left out: an endpoint's settings are its own,
 * then its sweep's, then the study's {@code defaults}, then {@link #BUILT_IN}.
 *
 * @param task             dataset name to train on
 * @param trainSplit       split of that dataset (default "train")
 * @param base             base model; overrides the study's baseModel
 * @param method           full fine-tuning or a delta-tuning method and its options
 * @param learningRate     peak learning rate of AdamW
 * @param schedule         "linear" (warm-up then linear decay) or "constant" (warm-up then flat)
 * @param warmupRatio      fraction of steps spent warming up
 * @param gradAccumulation micro-batches per optimizer step
 * @param seeds            separate seeds for new-parameter init, data order and dropout
 * @param subset           which part of the training split to use
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(String task, String trainSplit, String base, Method method,
                             Double learningRate, Integer batchSize, Integer steps, Integer maxLength,
                             String schedule, Double warmupRatio, Double weightDecay, Double gradClip,
                             Integer gradAccumulation, Double dropout, Seeds seeds, Subset subset) {

    public static final List<String> METHODS = List.of("full", "adapter", "lora", "bitfit");
    public static final List<String> SCHEDULES = List.of("linear", "constant");

    /** The last resort for settings nobody gave; task, learningRate, batchSize and steps have none. */
    public static final TrainingConfig BUILT_IN = new TrainingConfig(null, "train", null, new Method("full",
            null, null, null, null, null, null, null), null, null, null, 128, "linear", 0.06, 0.01, 1.0, 1, 0.1,
            new Seeds(0L, 0L, 0L), null);

    /** The tuning method: "full", "adapter" (bottleneck, activation, initStd), "lora" (rank, alpha, targets, dropout), "bitfit". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Method(String kind, Integer bottleneck, String activation, Double initStd,
                         Integer rank, Double alpha, List<String> targets, Double dropout) {

        Method over(Method lower) {
            if (lower == null) {
                return this;
            }
            if (kind != null && lower.kind != null && !kind.equals(lower.kind)) {
                return this; // another method: the lower level's options belong to a different kind
            }
            return new Method(pick(kind, lower.kind), pick(bottleneck, lower.bottleneck), pick(activation, lower.activation),
                    pick(initStd, lower.initStd), pick(rank, lower.rank), pick(alpha, lower.alpha),
                    pick(targets, lower.targets), pick(dropout, lower.dropout));
        }
    }

    /** Seeds for the initialisation of new parameters, the data order and dropout, varied independently. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Seeds(Long init, Long data, Long dropout) {
        Seeds over(Seeds lower) {
            if (lower == null) {
                return this;
            }
            return new Seeds(pick(init, lower.init), pick(data, lower.data), pick(dropout, lower.dropout));
        }
    }

    /** Part of the training split: disjoint {@code half} 1 or 2, or a {@code fraction}, drawn with {@code seed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subset(Integer half, Double fraction, Long seed) {
        Subset over(Subset lower) {
            if (lower == null) {
                return this;
            }
            return new Subset(pick(half, lower.half), pick(fraction, lower.fraction), pick(seed, lower.seed));
        }
    }

    /** This configuration with every field it leaves out taken from {@code lower}. */
    public TrainingConfig over(TrainingConfig lower) {
        if (lower == null) {
            return this;
        }
        return new TrainingConfig(pick(task, lower.task), pick(trainSplit, lower.trainSplit), pick(base, lower.base),
                method == null ? lower.method : method.over(lower.method),
                pick(learningRate, lower.learningRate), pick(batchSize, lower.batchSize), pick(steps, lower.steps),
                pick(maxLength, lower.maxLength), pick(schedule, lower.schedule), pick(warmupRatio, lower.warmupRatio),
                pick(weightDecay, lower.weightDecay), pick(gradClip, lower.gradClip),
                pick(gradAccumulation, lower.gradAccumulation), pick(dropout, lower.dropout),
                seeds == null ? lower.seeds : seeds.over(lower.seeds),
                subset == null ? lower.subset : subset.over(lower.subset));
    }

    private static <T> T pick(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
