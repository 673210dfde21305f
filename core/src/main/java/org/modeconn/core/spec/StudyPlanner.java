package org.modeconn.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.Grid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a spec into a {@link StudyPlan}: expands sweeps, resolves every endpoint's settings
 * (own → sweep base → defaults → built-in), validates everything, and assigns content-derived ids.
 * All problems are reported together; a plan is produced only when there are none.
 */
public final class StudyPlanner {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The plan, or null with the problems that prevent it. */
    public record Result(StudyPlan plan, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private StudyPlanner() {
    }

    /** Reads a JSON or YAML file and plans it: problems of both steps are reported together. */
    public static Result plan(java.nio.file.Path file) throws java.io.IOException {
        return plan(SpecReader.read(file));
    }

    /**
     * Plans what was read, with the reader's problems first. Where the reader already found problems, the
     * spec may hold nulls where it refused a value (an entry {@code paths: {line: 3}} reads as a null path);
     * the planner's checks of such a spec are then best effort: if one of them fails on a refused value,
     * the reader's problems are reported alone (they name the cause).
     */
    public static Result plan(SpecReader.Result read) {
        if (read.spec() == null) {
            return new Result(null, read.problems());
        }
        if (read.problems().isEmpty()) {
            return plan(read.spec());
        }
        List<Problem> all = new ArrayList<>(read.problems());
        try {
            all.addAll(plan(read.spec()).problems());
        } catch (NullPointerException refusedValue) {
            // a value the reader refused (and reported) is null here
        }
        return new Result(null, List.copyOf(all));
    }

    /** Bounds on one study, so that a mistaken sweep cannot flood the topics and the store. */
    public static final int MAX_ENDPOINTS = 1000, MAX_PATHS = 1000;

    public static Result plan(StudySpec spec) {
        List<Problem> problems = new ArrayList<>();
        SpecValidator check = new SpecValidator(problems);

        spec.datasets().forEach((name, d) -> {
            check.name("$.datasets." + name, name);
            check.dataset("$.datasets." + name, d);
        });
        spec.pretraining().forEach((name, p) -> {
            check.name("$.pretraining." + name, name);
            check.pretraining("$.pretraining." + name, p);
        });
        if (spec.barrierRule() != null) {
            check.parse("$.barrierRule", spec::barrierRuleOrDefault);
        }
        if (spec.epsilon() != null && !(spec.epsilon() >= 0)) {
            check.add("$.epsilon", "epsilon must be >= 0, got " + spec.epsilon());
        }

        // Endpoints: the user's, then each sweep's, with the JSON path where each was written.
        Map<String, TrainingConfig> configs = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        TrainingConfig defaults = spec.defaults() == null ? TrainingConfig.BUILT_IN : spec.defaults().over(TrainingConfig.BUILT_IN);
        spec.endpoints().forEach((name, own) -> {
            check.name("$.endpoints." + name, name);
            configs.put(name, withBase((own == null ? defaults : own.over(defaults)), spec));
            origins.put(name, "$.endpoints." + name);
        });
        Map<String, PathSpec> paths = new LinkedHashMap<>(spec.paths());
        Map<String, String> pathOrigins = new LinkedHashMap<>();
        spec.paths().keySet().forEach(name -> pathOrigins.put(name, "$.paths." + name));
        List<StudyPlan.Comparison> comparisons = new ArrayList<>();
        spec.sweeps().forEach((name, sweep) -> expandSweep(name, sweep, defaults, spec, check, configs, origins, paths,
                pathOrigins, comparisons));

        if (configs.isEmpty()) {
            check.add("$.endpoints", "the study has no endpoints");
        } else if (configs.size() > MAX_ENDPOINTS) {
            check.add("$.endpoints", "the study has " + configs.size() + " endpoints (sweeps included); at most "
                    + MAX_ENDPOINTS + " in one study: split it");
        }
        if (paths.size() > MAX_PATHS) {
            check.add("$.paths", "the study has " + paths.size() + " paths (sweeps included); at most " + MAX_PATHS
                    + " in one study: split it");
        }
        configs.forEach((name, c) -> check.training(origins.get(name), c, spec.datasets(), spec.pretraining()));

        paths.forEach((name, p) -> {
            String at = pathOrigins.get(name);
            check.name(at, name);
            check.pathSettings(at, p, spec.datasets());
            checkEnds(check, at, p, configs);
            checkHeads(check, at, p, configs, spec.datasets());
        });
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(assignIds(spec, configs, paths, comparisons), List.of());
    }

    private static TrainingConfig withBase(TrainingConfig c, StudySpec spec) {
        if (c.base() != null) {
            return c;
        }
        return c.withBase(spec.baseModel());
    }

    private static void checkEnds(SpecValidator check, String at, PathSpec p, Map<String, TrainingConfig> configs) {
        TrainingConfig from = endpoint(check, at + ".from", p.from(), configs);
        TrainingConfig to = endpoint(check, at + ".to", p.to(), configs);
        if (from == null || to == null) {
            return;
        }
        if (p.from().equals(p.to())) {
            check.add(at + ".to", "a path joins two different endpoints; both ends are '" + p.from() + "'");
        } else if (from.equals(to)) {
            // Same settings, same endpoint id: a path of length 0, whose barrier would be 0 by construction.
            check.add(at + ".to", "'" + p.from() + "' and '" + p.to() + "' have the same settings, so they are one endpoint"
                    + " and the path has length 0; make them differ (a seed, a setting)");
        }
        // Only values that validation accepts are compared; an unknown one is reported where it is written.
        MethodKind fromMethod = from.method() == null ? null : quietly(from.method()::methodKind);
        MethodKind toMethod = to.method() == null ? null : quietly(to.method()::methodKind);
        if (fromMethod != null && toMethod != null && fromMethod != toMethod) {
            check.add(at, "'" + p.from() + "' uses " + fromMethod + " and '" + p.to() + "' uses " + toMethod
                    + ": their parameters cannot be interpolated");
        }
        // The same reference is the same text (ModelRef.toString gives the text back), valid or not.
        if (from.base() != null && to.base() != null && !from.base().equals(to.base())) {
            check.add(at, "'" + p.from() + "' and '" + p.to() + "' start from different base models ("
                    + from.base() + ", " + to.base() + ")");
        }
    }

    /**
     * Every split a path is scored on must have a head that fits it, known before any training: a path
     * between endpoints of one task scores with its own interpolated head, so the split's dataset needs that
     * task's number of classes; a path between two tasks interpolates no head and borrows the head of the
     * endpoint trained on the split's dataset, so one end must have been (docs/pipeline.md).
     */
    private static void checkHeads(SpecValidator check, String at, PathSpec p, Map<String, TrainingConfig> configs,
                                   Map<String, DatasetSpec> datasets) {
        TrainingConfig from = configs.get(p.from());
        TrainingConfig to = configs.get(p.to());
        if (from == null || to == null || from.task() == null || to.task() == null) {
            return; // reported where the endpoints are
        }
        for (int i = 0; i < p.eval().size(); i++) {
            EvalTarget target;
            try {
                target = EvalTarget.parse(p.eval().get(i));
            } catch (IllegalArgumentException reportedElsewhere) {
                continue;
            }
            DatasetSpec scored = datasets.get(target.dataset());
            if (scored == null) {
                continue; // an unknown dataset is reported by the path's own check
            }
            String where = at + ".eval[" + i + "]";
            if (!from.task().equals(to.task())) {
                if (!from.task().equals(target.dataset()) && !to.task().equals(target.dataset())) {
                    check.add(where, "'" + p.from() + "' is trained on " + from.task() + " and '" + p.to() + "' on " + to.task()
                            + ": a path between two tasks interpolates no head and scores " + target.dataset()
                            + " with the head of the endpoint trained on it, and neither is; score it on " + from.task()
                            + " or " + to.task() + ", or train one end on " + target.dataset());
                }
            } else {
                DatasetSpec trained = datasets.get(from.task());
                if (trained != null && trained.classes() != null && scored.classes() != null
                        && !trained.classes().equals(scored.classes())) {
                    check.add(where, "the path's head is trained on " + from.task() + " (" + trained.classes()
                            + " classes) and cannot score " + target.dataset() + " (" + scored.classes() + " classes)");
                }
            }
        }
    }

    /** The parsed value, or null where the text is missing or invalid (its problem is reported elsewhere). */
    private static <T> T quietly(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static TrainingConfig endpoint(SpecValidator check, String at, String name, Map<String, TrainingConfig> configs) {
        if (name == null) {
            check.add(at, "the endpoint name is required");
            return null;
        }
        TrainingConfig c = configs.get(name);
        if (c == null) {
            check.add(at, "unknown endpoint '" + name + "' (known: " + configs.keySet() + ")");
        }
        return c;
    }

    private static void expandSweep(String name, SweepSpec sweep, TrainingConfig defaults, StudySpec spec,
                                    SpecValidator check, Map<String, TrainingConfig> configs, Map<String, String> origins,
                                    Map<String, PathSpec> paths, Map<String, String> pathOrigins,
                                    List<StudyPlan.Comparison> comparisons) {
        String at = "$.sweeps." + name;
        check.name(at, name);
        if (sweep.vary().isEmpty()) {
            check.add(at + ".vary", "a sweep needs at least one field to vary");
            return;
        }
        List<Map<String, Object>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (var entry : sweep.vary().entrySet()) {
            List<Object> values = entry.getValue();
            if (values == null || values.isEmpty()) {
                check.add(at + ".vary." + entry.getKey(), "give at least one value");
                return;
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> combination : combinations) {
                for (Object value : values) {
                    Map<String, Object> extended = new LinkedHashMap<>(combination);
                    extended.put(entry.getKey(), value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        int replicates = sweep.replicatesOrDefault();
        if (replicates < 1 || replicates > SweepSpec.MAX_REPLICATES) {
            check.add(at + ".replicates", "replicates must be 1 to " + SweepSpec.MAX_REPLICATES + ", got " + replicates);
            return;
        }
        TrainingConfig base = sweep.base() == null ? defaults : sweep.base().over(defaults);
        List<List<String>> names = new ArrayList<>(); // by replicate, then combination
        for (int r = 1; r <= replicates; r++) {
            List<String> replicate = new ArrayList<>();
            for (int i = 0; i < combinations.size(); i++) {
                String endpointName = name + "-" + (i + 1) + suffix(r);
                TrainingConfig config = apply(base, combinations.get(i), at + ".vary", check);
                if (config == null) {
                    return;
                }
                config = r == 1 ? config : apply(config, Map.of("seeds", shifted(config.seeds(), r)), at + ".replicates", check);
                if (configs.containsKey(endpointName)) {
                    check.add(at, "sweep endpoint '" + endpointName + "' clashes with an endpoint of the same name");
                }
                configs.put(endpointName, withBase(config, spec));
                origins.put(endpointName, at + " (" + endpointName + ")");
                replicate.add(endpointName);
            }
            names.add(replicate);
        }
        Pairing pairing = check.parse(at + ".pairing", sweep::pairingOrDefault);
        if (pairing == null) {
            return;
        }
        if (sweep.path() == null) {
            return; // endpoints only
        }
        if (sweep.path().from() != null || sweep.path().to() != null) {
            check.add(at + ".path", "a sweep's path settings must not name from/to: the pairing chooses them");
        }
        List<Object> lastValues = List.copyOf(sweep.vary().values()).get(sweep.vary().size() - 1);
        for (int[] pair : pairs(combinations.size(), lastValues.size(), pairing)) {
            List<String> pathNames = new ArrayList<>();
            for (int r = 1; r <= replicates; r++) {
                List<String> replicate = names.get(r - 1);
                String pathName = name + "-" + (pair[0] + 1) + "-to-" + (pair[1] + 1) + suffix(r);
                PathSpec p = sweep.path();
                paths.put(pathName, new PathSpec(replicate.get(pair[0]), replicate.get(pair[1]), p.curve(), p.grid(), p.eval(), p.fit()));
                pathOrigins.put(pathName, at + ".path (" + pathName + ")");
                pathNames.add(pathName);
            }
            comparisons.add(new StudyPlan.Comparison(pathNames.get(0), name, combinations.get(pair[0]),
                    combinations.get(pair[1]), pathNames));
        }
    }

    /** The name suffix of replicate r: none for the first, {@code -rR} after. */
    private static String suffix(int r) {
        return r == 1 ? "" : "-r" + r;
    }

    /** The seeds of replicate r: each of the three plus {@link SweepSpec#SEED_STRIDE}·(r − 1). */
    private static Map<String, Long> shifted(TrainingConfig.Seeds seeds, int r) {
        long by = SweepSpec.SEED_STRIDE * (r - 1);
        TrainingConfig.Seeds s = seeds == null ? new TrainingConfig.Seeds(0L, 0L, 0L) : seeds;
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("init", (s.init() == null ? 0 : s.init()) + by);
        out.put("data", (s.data() == null ? 0 : s.data()) + by);
        out.put("dropout", (s.dropout() == null ? 0 : s.dropout()) + by);
        return out;
    }

    /** Index pairs (i < j) of {@code n} combinations whose last key takes {@code nLast} values (changing fastest). */
    static List<int[]> pairs(int n, int nLast, Pairing pairing) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean take = switch (pairing) {
                    case ALL_PAIRS -> true;
                    case ADJACENT -> j == i + 1;
                    case STAR -> i == 0;
                    case LAST -> j == i + 1 && i / nLast == j / nLast;
                };
                if (take) {
                    pairs.add(new int[]{i, j});
                }
            }
        }
        return pairs;
    }

    /** Sets dotted fields (learningRate, seeds.init, method.initStd, ...) on a copy of {@code base}. */
    private static TrainingConfig apply(TrainingConfig base, Map<String, Object> values, String at, SpecValidator check) {
        ObjectNode tree = MAPPER.valueToTree(base);
        for (var e : values.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            ObjectNode node = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
            }
            node.set(parts[parts.length - 1], MAPPER.valueToTree(e.getValue()));
        }
        SpecReader.Converted<TrainingConfig> read = SpecReader.convert(tree, TrainingConfig.class);
        if (!read.problems().isEmpty()) {
            for (Problem p : read.problems()) {
                check.add(at, "cannot vary " + values.keySet() + ": " + p.path().replaceFirst("^\\$\\.?", "") + " " + p.message());
            }
            return null;
        }
        return read.value();
    }

    private static StudyPlan assignIds(StudySpec spec, Map<String, TrainingConfig> configs, Map<String, PathSpec> paths,
                                       List<StudyPlan.Comparison> comparisons) {
        Map<String, StudyPlan.Pretraining> runs = new LinkedHashMap<>();
        spec.pretraining().forEach((name, p) -> runs.put(name, new StudyPlan.Pretraining(name,
                Ids.of("pt", Map.of("run", p, "computation", Ids.COMPUTATION)), p, SpecValidator.checkpointSteps(p))));

        Map<String, StudyPlan.Endpoint> endpoints = new LinkedHashMap<>();
        configs.forEach((name, c) -> {
            // A pre-training reference enters the id through the run's content id, not its name.
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("config", c);
            identity.put("computation", Ids.COMPUTATION);
            if (c.baseRef() instanceof ModelRef.PretrainStep step) {
                identity.put("base", runs.get(step.run()).id() + "@" + step.step());
            }
            endpoints.put(name, new StudyPlan.Endpoint(name, Ids.of("ep", identity), c));
        });

        List<StudyPlan.Path> planned = new ArrayList<>();
        paths.forEach((name, p) -> {
            PathSpec.CurveSpec curve = p.curveOrDefault();
            Curve.Kind kind = curve.kindOrDefault();
            PathSpec.GridSpec g = p.gridOrDefault();
            List<Double> grid = g.t() != null ? g.t() : Grid.uniform(g.points()).ts();
            String fromId = endpoints.get(p.from()).id();
            String toId = endpoints.get(p.to()).id();
            Map<String, Object> identity = new LinkedHashMap<>();
            identity.put("from", fromId);
            identity.put("to", toId);
            identity.put("curve", kind.spelling());
            identity.put("bends", curve.bendsOrDefault());
            identity.put("grid", grid);
            identity.put("eval", p.eval());
            if (p.fit() != null) {
                identity.put("fit", p.fit());
            }
            planned.add(new StudyPlan.Path(name, Ids.of("path", identity), p.from(), p.to(), fromId, toId, kind,
                    curve.bendsOrDefault(), grid, p.eval().stream().map(EvalTarget::parse).toList(), p.fit()));
        });
        return new StudyPlan(Ids.of("study", spec), spec, List.copyOf(endpoints.values()), List.copyOf(runs.values()),
                List.copyOf(planned), List.copyOf(comparisons));
    }
}
