package org.modeconn.core.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated study with sweeps expanded, every setting resolved and every id assigned: what the
 * services work from. Ids depend on content only, never on names.
 */
public record StudyPlan(String studyId, StudySpec spec, List<Endpoint> endpoints, List<Pretraining> pretraining,
                        List<Path> paths) {

    /** An endpoint to train: its fully resolved configuration and base model reference. */
    public record Endpoint(String name, String id, TrainingConfig config) {
        public String base() {
            return config.base();
        }

        public String method() {
            return config.method().kind();
        }
    }

    /** A pre-training run and the steps at which it saves a checkpoint. */
    public record Pretraining(String name, String id, PretrainSpec spec, List<Integer> checkpointSteps) {
    }

    /**
     * A path: control points are the start endpoint, {@code bends} trained bends, the end endpoint.
     *
     * @param eval datasets scored at every point, as {@code dataset/split}
     */
    public record Path(String name, String id, String from, String to, String fromId, String toId,
                       String curve, int bends, List<Double> grid, List<String> eval, PathSpec.FitSpec fit) {
    }

    public Optional<Endpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Map<String, DatasetSpec> datasets() {
        return spec.datasets();
    }
}
