package org.modeconn.core.spec;

import org.modeconn.core.path.Curve;
import org.modeconn.core.path.Grid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks on each part of a study spec. Each method appends every problem it finds to a list,
 * with the JSON path of the offending value; nothing stops at the first problem. References and
 * enumerations are read by their own parse methods ({@link ModelRef}, {@link EvalTarget}, the
 * {@link SpecEnum}s), whose messages become the problems.
 */
final class SpecValidator {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final List<Problem> problems;

    SpecValidator(List<Problem> problems) {
        this.problems = problems;
    }

    void name(String path, String name) {
        if (!NAME.matcher(name).matches()) {
            add(path, "name '" + name + "' must start with a letter or digit and use only letters, digits, '.', '_', '-' (at most 64)");
        }
    }

    void baseModel(String path, String text, Map<String, PretrainSpec> pretraining) {
        if (text == null || text.isBlank()) {
            add(path, "no base model: set baseModel for the study or base for this endpoint");
            return;
        }
        ModelRef ref = parse(path, () -> ModelRef.parse(text));
        if (ref instanceof ModelRef.PretrainStep step) {
            PretrainSpec run = pretraining.get(step.run());
            if (run == null) {
                add(path, "unknown pre-training run '" + step.run() + "'");
            } else if (run.steps() != null && run.checkpointEvery() != null && run.checkpointEvery() > 0
                    && !checkpointSteps(run).contains(step.step())) {
                add(path, "run '" + step.run() + "' saves no checkpoint at step " + step.step() + " (it saves "
                        + checkpointSteps(run) + ")");
            }
        }
    }

    /** A location may carry only a well-formed {@code #sha256=} pin ({@link org.modeconn.core.store.DataRef}). */
    void contentPin(String path, String location) {
        parse(path, () -> org.modeconn.core.store.DataRef.parse(location));
    }

    /**
     * The value that {@code parse} reads from the spec's text, or null after adding its problem at {@code path}:
     * the one way the validator reads references and enumerations, through their own parse methods.
     */
    <T> T parse(String path, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
            return null;
        }
    }

    /** Checkpoints at every multiple of checkpointEvery, plus the last step. */
    static List<Integer> checkpointSteps(PretrainSpec run) {
        List<Integer> steps = new java.util.ArrayList<>();
        for (int s = run.checkpointEvery(); s < run.steps(); s += run.checkpointEvery()) {
            steps.add(s);
        }
        steps.add(run.steps());
        return steps;
    }

    void dataset(String path, DatasetSpec d) {
        parse(path + ".format", d::datasetFormat);
        if (d.text().isEmpty() || d.text().size() > 2) {
            add(path + ".text", "give one text field, or two for sentence pairs; got " + d.text().size());
        }
        if (d.label() == null || d.label().isBlank()) {
            add(path + ".label", "the label field is required");
        } else if (d.text().contains(d.label())) {
            add(path + ".text", "'" + d.label() + "' is the label field: a model would read the answer in its input");
        }
        if (d.text().size() == 2 && d.text().get(0).equals(d.text().get(1))) {
            add(path + ".text", "the field '" + d.text().get(0) + "' is named twice: a pair needs two fields");
        }
        if (d.splits().isEmpty()) {
            add(path + ".splits", "at least one split (name: location) is required");
        }
        d.splits().forEach((split, location) -> {
            name(path + ".splits." + split, split);
            if (location == null || location.isBlank()) {
                add(path + ".splits." + split, "location is empty");
            } else {
                contentPin(path + ".splits." + split, location);
            }
        });
        rows(path, d);
        if (d.labelMap() != null && !d.labelMap().isEmpty()) {
            labelMap(path, d);
        } else if (d.numLabels() == null) {
            add(path, "give labelMap or numLabels so that the number of classes is known");
        } else if (d.numLabels() < 2) {
            add(path + ".numLabels", "a classification task needs at least 2 classes, got " + d.numLabels());
        }
    }

    /**
     * Each split cut from a file names a range 0 ≤ from < to ≤ 1 of it, and in a dataset that cuts rows, two
     * splits of one file share no row: a model scored on rows it was trained on would report a number that
     * means nothing.
     */
    private void rows(String path, DatasetSpec d) {
        if (d.rows() == null) {
            return; // whole files: two splits may name one file on purpose (a smoke test scored on its training rows)
        }
        Map<String, DatasetSpec.Rows> rows = d.rows();
        rows.forEach((split, r) -> {
            String at = path + ".rows." + split;
            if (!d.splits().containsKey(split)) {
                add(at, "no split '" + split + "' (the dataset has " + d.splits().keySet() + ")");
            } else if (r == null || r.from() == null || r.to() == null) {
                add(at, "give from and to, fractions of the file's rows with 0 <= from < to <= 1");
            } else if (!(r.from() >= 0 && r.from() < r.to() && r.to() <= 1)) {
                add(at, "from and to must satisfy 0 <= from < to <= 1, got from " + r.from() + ", to " + r.to());
            }
        });
        List<String> names = new ArrayList<>(d.splits().keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                String a = names.get(i);
                String b = names.get(j);
                if (!java.util.Objects.equals(d.splits().get(a), d.splits().get(b))) {
                    continue;
                }
                DatasetSpec.Rows ra = rows.get(a);
                DatasetSpec.Rows rb = rows.get(b);
                boolean valid = ra != null && rb != null && ra.from() != null && ra.to() != null && rb.from() != null
                        && rb.to() != null;
                if (ra != null && rb != null && !valid) {
                    continue; // reported above
                }
                if (!valid || ra.mayShareRowsWith(rb)) {
                    add(path + ".rows", "splits '" + a + "' and '" + b + "' read the same file and may share rows: give both "
                            + "rows with one seed and ranges that do not overlap");
                }
            }
        }
    }

    /**
     * Several labels may share a class index (as Hugging Face's label2id allows), but the distinct
     * indices must be exactly 0..k-1, so that k classes leave no head output without a label.
     */
    private void labelMap(String path, DatasetSpec d) {
        d.labelMap().forEach((label, index) -> {
            if (index == null) {
                add(path + ".labelMap." + label, "class index is required");
            }
        });
        List<Integer> indices = d.labelMap().values().stream().filter(java.util.Objects::nonNull).distinct().sorted().toList();
        if (!indices.equals(java.util.stream.IntStream.range(0, indices.size()).boxed().toList())) {
            add(path + ".labelMap", "class indices must be exactly 0..k-1, got " + indices);
        }
        if (indices.size() < 2) {
            add(path + ".labelMap", "a classification task needs at least 2 classes");
        }
        if (d.numLabels() != null && d.numLabels() != indices.size()) {
            add(path + ".numLabels", "numLabels " + d.numLabels() + " disagrees with labelMap's " + indices.size() + " classes");
        }
    }

    /** A fully resolved training configuration. */
    void training(String path, TrainingConfig c, Map<String, DatasetSpec> datasets, Map<String, PretrainSpec> pretraining) {
        if (c.task() == null) {
            add(path + ".task", "no task: name the dataset to train on here or in defaults");
        } else if (!datasets.containsKey(c.task())) {
            add(path + ".task", "unknown dataset '" + c.task() + "' (known: " + datasets.keySet() + ")");
        } else if (!datasets.get(c.task()).splits().containsKey(c.trainSplit())) {
            add(path + ".trainSplit", "dataset '" + c.task() + "' has no split '" + c.trainSplit() + "'");
        }
        if (c.dynamics() != null) {
            TrainingConfig.Dynamics d = c.dynamics();
            if (d.split() == null) {
                add(path + ".dynamics.split", "name the split of the task to record training dynamics on");
            } else if (c.task() != null && datasets.containsKey(c.task()) && !datasets.get(c.task()).splits().containsKey(d.split())) {
                add(path + ".dynamics.split", "dataset '" + c.task() + "' has no split '" + d.split() + "' (it has "
                        + datasets.get(c.task()).splits().keySet() + ")");
            }
            if (d.every() == null || d.every() < 1) {
                add(path + ".dynamics.every", "every must be a number of steps ≥ 1, got " + d.every());
            }
        }
        baseModel(path + ".base", c.base(), pretraining);
        method(path + ".method", c.method());
        positive(path + ".learningRate", c.learningRate(), "learning rate");
        positive(path + ".batchSize", c.batchSize(), "batch size");
        positive(path + ".steps", c.steps(), "number of steps");
        if (c.maxLength() != null && (c.maxLength() < 4 || c.maxLength() > 4096)) {
            add(path + ".maxLength", "maxLength must be between 4 and 4096, got " + c.maxLength());
        }
        parse(path + ".schedule", c::scheduleKind);
        fraction(path + ".warmupRatio", c.warmupRatio(), true);
        fraction(path + ".dropout", c.dropout(), true);
        nonNegative(path + ".weightDecay", c.weightDecay());
        nonNegative(path + ".gradClip", c.gradClip());
        positive(path + ".gradAccumulation", c.gradAccumulation(), "gradient accumulation");
        if (c.subset() != null) {
            TrainingConfig.Subset s = c.subset();
            if (s.half() != null && s.half() != 1 && s.half() != 2) {
                add(path + ".subset.half", "half must be 1 or 2, got " + s.half());
            }
            if (s.fraction() != null && !(s.fraction() > 0 && s.fraction() <= 1)) {
                add(path + ".subset.fraction", "fraction must lie in (0, 1], got " + s.fraction());
            }
            if (s.half() != null && s.fraction() != null) {
                add(path + ".subset", "give half or fraction, not both");
            }
        }
    }

    private void method(String path, TrainingConfig.Method m) {
        MethodKind kind = parse(path + ".kind", () -> MethodKind.parse(m == null ? null : m.kind()));
        if (kind == null) {
            return;
        }
        switch (kind) {
            case FULL, BITFIT -> {
                notFor(path, kind, "bottleneck", m.bottleneck());
                notFor(path, kind, "activation", m.activation());
                notFor(path, kind, "initStd", m.initStd());
                notFor(path, kind, "rank", m.rank());
                notFor(path, kind, "alpha", m.alpha());
                notFor(path, kind, "targets", m.targets());
                notFor(path, kind, "dropout", m.dropout());
            }
            case ADAPTER -> {
                positive(path + ".bottleneck", m.bottleneck(), "adapter bottleneck");
                parse(path + ".activation", m::activationOrDefault);
                if (m.initStd() != null && !(m.initStd() > 0)) {
                    add(path + ".initStd", "initStd must be > 0, got " + m.initStd());
                }
                notFor(path, kind, "rank", m.rank());
                notFor(path, kind, "alpha", m.alpha());
                notFor(path, kind, "targets", m.targets());
            }
            case LORA -> {
                positive(path + ".rank", m.rank(), "LoRA rank");
                if (m.alpha() != null && !(m.alpha() > 0)) {
                    add(path + ".alpha", "alpha must be > 0, got " + m.alpha());
                }
                if (m.targets() != null) {
                    if (m.targets().isEmpty()) {
                        add(path + ".targets", "give at least one target projection");
                    }
                    for (int i = 0; i < m.targets().size(); i++) {
                        String target = m.targets().get(i);
                        parse(path + ".targets[" + i + "]", () -> LoraTarget.parse(target));
                    }
                }
                fraction(path + ".dropout", m.dropout(), true);
                notFor(path, kind, "bottleneck", m.bottleneck());
                notFor(path, kind, "activation", m.activation());
                notFor(path, kind, "initStd", m.initStd());
            }
        }
    }

    void pretraining(String path, PretrainSpec p) {
        if (p.config() == null) {
            add(path + ".config", "the model config is required");
        } else {
            PretrainSpec.ModelConfig c = p.config();
            positive(path + ".config.layers", c.layers(), "number of layers");
            positive(path + ".config.hidden", c.hidden(), "hidden size");
            positive(path + ".config.heads", c.heads(), "number of heads");
            positive(path + ".config.intermediate", c.intermediate(), "intermediate size");
            positive(path + ".config.vocabSize", c.vocabSize(), "vocabulary size");
            positive(path + ".config.maxPositions", c.maxPositions(), "maximum positions");
            if (c.hidden() != null && c.heads() != null && c.heads() > 0 && c.hidden() % c.heads() != 0) {
                add(path + ".config", "hidden size " + c.hidden() + " is not divisible by " + c.heads() + " heads");
            }
        }
        if (p.corpus() == null || p.corpus().train() == null) {
            add(path + ".corpus.train", "a training corpus is required");
        }
        positive(path + ".steps", p.steps(), "number of steps");
        positive(path + ".checkpointEvery", p.checkpointEvery(), "checkpoint interval");
        if (p.steps() != null && p.checkpointEvery() != null && p.checkpointEvery() > p.steps()) {
            add(path + ".checkpointEvery", "checkpointEvery " + p.checkpointEvery() + " exceeds steps " + p.steps());
        }
        positive(path + ".learningRate", p.learningRate(), "learning rate");
        positive(path + ".batchSize", p.batchSize(), "batch size");
        positive(path + ".maxLength", p.maxLength(), "maxLength");
        if (p.maskProbability() != null && !(p.maskProbability() > 0 && p.maskProbability() < 1)) {
            add(path + ".maskProbability", "maskProbability must lie in (0, 1), got " + p.maskProbability());
        }
    }

    /** The path's own settings; whether from/to exist is checked by the planner. */
    void pathSettings(String path, PathSpec p, Map<String, DatasetSpec> datasets) {
        PathSpec.CurveSpec curve = p.curveOrDefault();
        Curve.Kind kind = parse(path + ".curve.kind", curve::kindOrDefault);
        if (kind == Curve.Kind.LINEAR && curve.bendsOrDefault() != 0) {
            add(path + ".curve.bends", "a linear path has no bends, got " + curve.bends());
        } else if (kind != null && kind != Curve.Kind.LINEAR && curve.bendsOrDefault() < 1) {
            add(path + ".curve.bends", "a " + kind + " curve needs at least 1 bend, got " + curve.bends());
        }
        if (curve.init() != null && !curve.init().equals("midpoint")) {
            add(path + ".curve.init", "unknown bend initialisation '" + curve.init() + "' (known: midpoint)");
        }
        PathSpec.GridSpec grid = p.gridOrDefault();
        if (grid.points() != null && grid.t() != null) {
            add(path + ".grid", "give points or t, not both");
        } else if (grid.t() != null) {
            for (String problem : Grid.problems(grid.t())) {
                add(path + ".grid.t", problem);
            }
        } else if (grid.points() == null || grid.points() < 2 || grid.points() > 1001) {
            add(path + ".grid.points", "points must be between 2 and 1001, got " + grid.points());
        }
        if (p.eval().isEmpty()) {
            add(path + ".eval", "name at least one dataset/split to score along the path");
        }
        for (int i = 0; i < p.eval().size(); i++) {
            evalTarget(path + ".eval[" + i + "]", p.eval().get(i), datasets);
        }
        if (p.fit() != null) {
            PathSpec.FitSpec f = p.fit();
            if (kind == Curve.Kind.LINEAR) {
                add(path + ".fit", "a linear path has no bends to fit");
            }
            positive(path + ".fit.steps", f.steps(), "number of steps");
            positive(path + ".fit.learningRate", f.learningRate(), "learning rate");
            positive(path + ".fit.batchSize", f.batchSize(), "batch size");
            if (f.samplesPerStep() != null) {
                positive(path + ".fit.samplesPerStep", f.samplesPerStep(), "t samples per step");
            }
            if (f.validateAt() != null) {
                for (int i = 0; i < f.validateAt().size(); i++) {
                    Double t = f.validateAt().get(i);
                    if (t == null || !(t >= 0 && t <= 1)) {
                        add(path + ".fit.validateAt[" + i + "]", "t must lie in [0, 1], got " + t);
                    }
                }
            }
        } else if (kind != null && kind != Curve.Kind.LINEAR) {
            add(path + ".fit", "a " + kind + " curve needs fit settings (steps, learningRate, batchSize) for its bends");
        }
    }

    private void evalTarget(String path, String text, Map<String, DatasetSpec> datasets) {
        EvalTarget target = parse(path, () -> EvalTarget.parse(text));
        if (target == null) {
            return;
        }
        DatasetSpec d = datasets.get(target.dataset());
        if (d == null) {
            add(path, "unknown dataset '" + target.dataset() + "' (known: " + datasets.keySet() + ")");
        } else if (!d.splits().containsKey(target.split())) {
            add(path, "dataset '" + target.dataset() + "' has no split '" + target.split() + "' (it has " + d.splits().keySet() + ")");
        }
    }

    void positive(String path, Number value, String what) {
        if (value == null) {
            add(path, what + " is required");
        } else if (!(value.doubleValue() > 0)) {
            add(path, what + " must be > 0, got " + value);
        }
    }

    private void nonNegative(String path, Double value) {
        if (value != null && !(value >= 0)) {
            add(path, "must be >= 0, got " + value);
        }
    }

    private void fraction(String path, Double value, boolean zeroAllowed) {
        if (value != null && !((zeroAllowed ? value >= 0 : value > 0) && value < 1)) {
            add(path, "must lie in [0, 1), got " + value);
        }
    }

    private void notFor(String path, MethodKind kind, String option, Object value) {
        if (value != null) {
            add(path + "." + option, "option '" + option + "' does not apply to method '" + kind + "'");
        }
    }

    void add(String path, String message) {
        problems.add(new Problem(path, message));
    }
}
