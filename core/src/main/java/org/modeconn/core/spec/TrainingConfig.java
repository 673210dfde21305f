package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One training configuration. Every field may be left out: an endpoint's settings are its own,
 * then its sweep's, then the study's {@code defaults}, then {@link #BUILT_IN}.
 *
 * @param task             dataset name to train on
 * @param trainSplit       split of that dataset (default "train")
 * @param base             base model; overrides the study's baseModel: {@link #baseRef()}
 * @param method           full fine-tuning or a delta-tuning method and its options
 * @param learningRate     peak learning rate of AdamW
 * @param schedule         "linear" (warm-up then linear decay) or "constant" (warm-up then flat): {@link #scheduleKind()}
 * @param warmupRatio      fraction of steps spent warming up
 * @param gradAccumulation micro-batches per optimizer step
 * @param seeds            separate seeds for new-parameter init, data order and dropout
 * @param subset           which part of the training split to use
 * @param dynamics         record training dynamics on a split of the task ({@link Dynamics}); none when left out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(String task, String trainSplit, String base, Method method,
                             Double learningRate, Integer batchSize, Integer steps, Integer maxLength,
                             String schedule, Double warmupRatio, Double weightDecay, Double gradClip,
                             Integer gradAccumulation, Double dropout, Seeds seeds, Subset subset, Dynamics dynamics) {

    /** The last resort for settings nobody gave; task, learningRate, batchSize and steps have none. */
    public static final TrainingConfig BUILT_IN = new TrainingConfig(null, "train", null, new Method(MethodKind.FULL.spelling(),
            null, null, null, null, null, null, null), null, null, null, 128, Schedule.LINEAR.spelling(), 0.06, 0.01, 1.0, 1, 0.1,
            new Seeds(0L, 0L, 0L), null, null);

    /**
     * The tuning method: "full", "adapter" (bottleneck, activation, initStd), "lora" (rank, alpha, targets, dropout),
     * "bitfit". The components keep the spec's text; the typed accessors read it and are defined on a validated
     * plan (they throw {@link IllegalArgumentException} for a value that validation refuses).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Method(String kind, Integer bottleneck, String activation, Double initStd,
                         Integer rank, Double alpha, List<String> targets, Double dropout) {

        /** Default adapter activation. */
        public static final Activation DEFAULT_ACTIVATION = Activation.RELU;
        /** Default LoRA targets. */
        public static final List<LoraTarget> DEFAULT_TARGETS = List.of(LoraTarget.QUERY, LoraTarget.VALUE);

        /** The method's kind. */
        public MethodKind methodKind() {
            return MethodKind.parse(kind);
        }

        /**
         * The kind and the options given, for people: {@code adapter (bottleneck 64, init std 0.08)},
         * {@code lora (rank 8, alpha 16.0)}, {@code full}.
         */
        public String describe() {
            List<String> options = new java.util.ArrayList<>();
            if (bottleneck != null) {
                options.add("bottleneck " + bottleneck);
            }
            if (activation != null) {
                options.add(activation);
            }
            if (initStd != null) {
                options.add("init std " + initStd);
            }
            if (rank != null) {
                options.add("rank " + rank);
            }
            if (alpha != null) {
                options.add("alpha " + alpha);
            }
            if (targets != null) {
                options.add("targets " + String.join("+", targets));
            }
            if (dropout != null) {
                options.add("dropout " + dropout);
            }
            return kind + (options.isEmpty() ? "" : " (" + String.join(", ", options) + ")");
        }

        /** The adapter's activation, {@link #DEFAULT_ACTIVATION} when none is given. */
        public Activation activationOrDefault() {
            return activation == null ? DEFAULT_ACTIVATION : Activation.parse(activation);
        }

        /** The projections LoRA adapts, {@link #DEFAULT_TARGETS} when none are given. */
        public List<LoraTarget> targetsOrDefault() {
            return targets == null ? DEFAULT_TARGETS : targets.stream().map(LoraTarget::parse).toList();
        }

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

    /**
     * Training dynamics ("data cartography", Swayamdipta et al. 2020): every {@code every} steps and after the
     * last one, the model in training scores split {@code split} of its task, keeping each example's gold-label
     * probability and whether it was right ({@code core.metrics.DataMap}). The report relates them to which
     * examples a path from this endpoint forgets first.
     *
     * @param split a split of the endpoint's task, e.g. the dev split the path is scored on
     * @param every steps between two recordings, ≥ 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dynamics(String split, Integer every) {
        Dynamics over(Dynamics lower) {
            if (lower == null) {
                return this;
            }
            return new Dynamics(pick(split, lower.split), pick(every, lower.every));
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

    /** The base model; defined on a resolved configuration (the planner sets the study's baseModel where none is given). */
    public ModelRef baseRef() {
        return ModelRef.parse(base);
    }

    /** The learning-rate schedule, {@link Schedule#LINEAR} when none is given. */
    public Schedule scheduleKind() {
        return schedule == null ? Schedule.LINEAR : Schedule.parse(schedule);
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
                subset == null ? lower.subset : subset.over(lower.subset),
                dynamics == null ? lower.dynamics : dynamics.over(lower.dynamics));
    }

    /** This configuration with {@code base} as its base model. */
    public TrainingConfig withBase(String base) {
        return new TrainingConfig(task, trainSplit, base, method, learningRate, batchSize, steps, maxLength, schedule,
                warmupRatio, weightDecay, gradClip, gradAccumulation, dropout, seeds, subset, dynamics);
    }

    private static <T> T pick(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
