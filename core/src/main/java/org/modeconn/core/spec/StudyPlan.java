package org.modeconn.core.spec;

import org.modeconn.core.path.Curve;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated study with sweeps expanded, every setting resolved and every id assigned: what the
 * services work from. Ids depend on content only, never on names. The plan is typed: references and
 * enumerations that the spec writes as text are read through {@link ModelRef}, {@link EvalTarget} and
 * the {@link SpecEnum}s, which cannot fail on a planned study.
 */
public record StudyPlan(String studyId, StudySpec spec, List<Endpoint> endpoints, List<Pretraining> pretraining,
                        List<Path> paths, List<Comparison> comparisons) {

    /** An endpoint to train: its fully resolved configuration and base model reference. */
    public record Endpoint(String name, String id, TrainingConfig config) {
        /** The base model it starts from. */
        public ModelRef base() {
            return config.baseRef();
        }

        /** How it is tuned. */
        public MethodKind method() {
            return config.method().methodKind();
        }
    }

    /** A pre-training run and the steps at which it saves a checkpoint. */
    public record Pretraining(String name, String id, PretrainSpec spec, List<Integer> checkpointSteps) {
    }

    /**
     * A path: control points are the start endpoint, {@code bends} trained bends, the end endpoint.
     *
     * @param eval the splits scored at every point
     */
    public record Path(String name, String id, String from, String to, String fromId, String toId,
                       Curve.Kind curve, int bends, List<Double> grid, List<EvalTarget> eval, PathSpec.FitSpec fit) {
    }

    /**
     * One pair of a sweep's settings, joined once per replicate: the report gives its barriers as a mean with a
     * 95% interval over the replicates ({@code core.metrics.Replicates}) and draws them against the sweep's factor.
     *
     * @param name  the pair's name, its first replicate's path name ({@code lr-1-to-2})
     * @param sweep the sweep it belongs to
     * @param from  the varied settings of the start endpoints ({@code {learningRate: 1.0E-4}}), as written
     * @param to    the varied settings of the end endpoints
     * @param paths the names of its paths, replicate 1 first
     */
    public record Comparison(String name, String sweep, Map<String, Object> from, Map<String, Object> to,
                             List<String> paths) {
        public Comparison {
            from = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(from));
            to = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(to));
            paths = List.copyOf(paths);
        }

        /**
         * The varied settings at each end: {@code 1.0E-4 → 3.0E-5} for one key; with settings both ends share, those
         * first ({@code base pretrain:tiny@1000: seeds {…} → seeds {…}}).
         */
        public String label() {
            Map<String, Object> shared = shared();
            if (shared.isEmpty()) {
                return describe(from) + " → " + describe(to);
            }
            Map<String, Object> a = new java.util.LinkedHashMap<>(from);
            Map<String, Object> b = new java.util.LinkedHashMap<>(to);
            a.keySet().removeAll(shared.keySet());
            b.keySet().removeAll(shared.keySet());
            return named(shared) + ": " + named(a) + " → " + named(b);
        }

        /** What tells this comparison from the others of its sweep: the shared settings if any, else {@link #label()}. */
        public String shortLabel() {
            Map<String, Object> shared = shared();
            return shared.isEmpty() ? label() : describe(shared);
        }

        /** The keys the chart of its sweep is drawn against: the shared settings' keys if any, else the varied keys. */
        public java.util.Set<String> factors() {
            Map<String, Object> shared = shared();
            return shared.isEmpty() ? from.keySet() : shared.keySet();
        }

        /** The settings both ends have in common, in {@code from}'s order. */
        private Map<String, Object> shared() {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            from.forEach((k, v) -> {
                if (java.util.Objects.equals(v, to.get(k))) {
                    out.put(k, v);
                }
            });
            return out;
        }

        private static String named(Map<String, Object> values) {
            return values.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        private static String describe(Map<String, Object> values) {
            return values.entrySet().stream().map(e -> values.size() == 1 ? String.valueOf(e.getValue())
                    : e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** The path of that name. */
    public Optional<Path> pathNamed(String name) {
        return paths.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The endpoint of that name. */
    public Optional<Endpoint> endpoint(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The path with that id. */
    public Optional<Path> path(String id) {
        return paths.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The spec's datasets by name. */
    public Map<String, DatasetSpec> datasets() {
        return spec.datasets();
    }
}
