package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A study as the user writes it (JSON or YAML). Everything named is a map from name to definition,
 * so names are unique by construction and keep the order in which they were written.
 *
 * @param name        a label for people; not part of any id
 * @param baseModel   default base model of every endpoint: {@code builtin:all-MiniLM-L6-v2},
 *                    {@code s3://bucket/models/NAME} (a Hugging Face directory), or {@code pretrain:RUN@STEP}
 * @param datasets    task datasets by name
 * @param defaults    training settings every endpoint starts from
 * @param endpoints   the minima to train, each a set of overrides of {@code defaults}
 * @param pretraining masked-LM runs from scratch whose checkpoints can serve as base models
 * @param paths       the paths to build and score between endpoints
 * @param sweeps      lists of values that expand to endpoints and paths
 * @param epsilon     error barrier up to which a path counts as connected (default 0.02)
 * @param barrierRule which barrier of the error decides the verdict: "linear" (default), "mean" or
 *                    "worse-endpoint" ({@link org.modeconn.core.metrics.BarrierRule})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudySpec(String name,
                        String baseModel,
                        Map<String, DatasetSpec> datasets,
                        TrainingConfig defaults,
                        Map<String, TrainingConfig> endpoints,
                        Map<String, PretrainSpec> pretraining,
                        Map<String, PathSpec> paths,
                        Map<String, SweepSpec> sweeps,
                        Double epsilon,
                        String barrierRule) {

    public StudySpec {
        datasets = ordered(datasets);
        endpoints = ordered(endpoints);
        pretraining = ordered(pretraining);
        paths = ordered(paths);
        sweeps = ordered(sweeps);
    }

    public double epsilonOrDefault() {
        return epsilon != null ? epsilon : 0.02;
    }

    /** The rule that decides verdicts; {@link org.modeconn.core.metrics.BarrierRule#DEFAULT} when none is named. */
    public org.modeconn.core.metrics.BarrierRule barrierRuleOrDefault() {
        return barrierRule == null ? org.modeconn.core.metrics.BarrierRule.DEFAULT
                : org.modeconn.core.metrics.BarrierRule.parse(barrierRule);
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
