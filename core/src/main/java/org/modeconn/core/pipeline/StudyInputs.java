package org.modeconn.core.pipeline;

import org.modeconn.core.data.DatasetCheck;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.PretrainSpec;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.DataRef;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a study reads from outside (the dataset splits its endpoints train on and its paths score,
 * its pre-training corpora, the base models it starts from) and the checks on them that can be made before any training: every
 * such split is read whole ({@link DatasetReader#check}), every base model is checked from its
 * config.json and its safetensors header against the encoder it describes ({@link ModelFiles#check}, the
 * check a model load makes too), without loading weights. Where the files come from (a local directory, the object store) is the
 * caller's {@link Source}; the problems come back with the JSON path of the spec entry that names them.
 */
public final class StudyInputs {
    /** Problem lines reported per split; the rest are counted. */
    static final int PROBLEMS_PER_SPLIT = 5;

    /** A dataset split the study reads: where the spec names it and what it holds. */
    public record Split(String path, String dataset, String split, DatasetSpec spec, String location) {
    }

    /** A base model the study starts from: a directory in the store or a local one (not built in, not its own pre-training). */
    public record Model(String path, ModelRef reference) {
    }

    /** Where the inputs are read from. */
    public interface Source {
        /** A local copy of a dataset location. */
        Path file(String location) throws IOException;

        /**
         * What a base-model directory ({@link ModelRef.Stored} or {@link ModelRef.LocalDir}) holds, read
         * without loading its weights; no files when nothing is there.
         */
        ModelFiles model(ModelRef reference) throws IOException;
    }

    private StudyInputs() {
    }

    /** The splits used by the study (training splits of its endpoints, evaluation targets of its paths), each once. */
    public static List<Split> splits(StudyPlan plan) {
        Map<String, Split> used = new LinkedHashMap<>();
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            add(used, plan, e.config().task(), e.config().trainSplit());
        }
        for (StudyPlan.Path p : plan.paths()) {
            for (EvalTarget target : p.eval()) {
                add(used, plan, target.dataset(), target.split());
            }
        }
        return List.copyOf(used.values());
    }

    private static void add(Map<String, Split> used, StudyPlan plan, String dataset, String split) {
        DatasetSpec d = plan.datasets().get(dataset);
        used.computeIfAbsent(dataset + "/" + split, k -> new Split("$.datasets." + dataset + ".splits." + split,
                dataset, split, d, d.splits().get(split)));
    }

    /** The distinct base models the endpoints start from, other than built-in models and the study's own pre-training. */
    public static List<Model> models(StudyPlan plan) {
        Map<String, Model> used = new LinkedHashMap<>();
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            ModelRef ref = e.base();
            if (ref instanceof ModelRef.Stored || ref instanceof ModelRef.LocalDir) {
                used.putIfAbsent(ref.toString(), new Model("$.endpoints." + e.name() + ".base", ref));
            }
        }
        return List.copyOf(used.values());
    }

    /** Every problem of every input the study reads; empty when all of them pass. */
    public static List<Problem> check(StudyPlan plan, Source source) {
        List<Problem> problems = new ArrayList<>();
        for (Split s : splits(plan)) {
            problems.addAll(checkSplit(s, source));
        }
        for (StudyPlan.Pretraining run : plan.pretraining()) {
            PretrainSpec.Corpus corpus = run.spec().corpus();
            checkCorpus("$.pretraining." + run.name() + ".corpus.train", corpus.train(), source).ifPresent(problems::add);
            if (corpus.heldOut() != null) {
                checkCorpus("$.pretraining." + run.name() + ".corpus.heldOut", corpus.heldOut(), source).ifPresent(problems::add);
            }
        }
        for (Model m : models(plan)) {
            problems.addAll(checkModel(m, plan, source));
        }
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            if (e.base() instanceof ModelRef.Builtin) {
                checkLength(e, EncoderConfig.miniLm(), problems);
            }
        }
        return problems;
    }

    /** An endpoint's maxLength must fit its base model's position embeddings, or training fails on the first long batch. */
    static void checkLength(StudyPlan.Endpoint e, EncoderConfig base, List<Problem> problems) {
        Integer maxLength = e.config().maxLength();
        if (maxLength != null && maxLength > base.usablePositions()) {
            problems.add(new Problem("$.endpoints." + e.name() + ".maxLength", maxLength + " exceeds the "
                    + base.describePositions() + " of " + e.base()));
        }
    }

    /** A corpus file must be there, be UTF-8, and hold some text. */
    static Optional<Problem> checkCorpus(String path, String location, Source source) {
        try {
            String text = Files.readString(source.file(location), StandardCharsets.UTF_8);
            return text.isBlank() ? Optional.of(new Problem(path, location + " holds no text")) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(new Problem(path, location + " is not valid UTF-8"));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Problem(path, "cannot read " + location + ": " + e.getMessage()));
        }
    }

    static List<Problem> checkSplit(Split s, Source source) {
        DatasetCheck check;
        try {
            check = new DatasetReader(s.spec()).check(source.file(s.location()));
        } catch (IOException | RuntimeException e) {
            return List.of(new Problem(s.path(), "cannot read " + s.location() + ": " + e.getMessage()));
        }
        if (check.ok()) {
            return List.of();
        }
        String name = DataRef.parse(s.location()).location();
        List<String> lines = check.problems().stream().map(p -> p.at(name)).toList();
        int more = check.problemCount() - Math.min(PROBLEMS_PER_SPLIT, lines.size());
        String text = String.join("; ", lines.subList(0, Math.min(PROBLEMS_PER_SPLIT, lines.size())))
                + (more > 0 ? "; and " + more + " more problem" + (more == 1 ? "" : "s") : "");
        return List.of(new Problem(s.path(), s.dataset() + "/" + s.split() + " has " + check.problemCount()
                + " problem" + (check.problemCount() == 1 ? "" : "s") + ": " + text));
    }

    static List<Problem> checkModel(Model m, StudyPlan plan, Source source) {
        ModelFiles files;
        try {
            files = source.model(m.reference());
        } catch (IOException | RuntimeException e) {
            return List.of(new Problem(m.path(), "cannot read the model " + m.reference() + ": " + e.getMessage()));
        }
        if (files.files().isEmpty()) {
            return List.of(new Problem(m.path(), "no model at " + m.reference()));
        }
        ModelFiles.Checked checked = files.check();
        List<String> problems = new ArrayList<>(checked.problems());
        if (!files.files().contains("tokenizer.json") && !files.files().contains("vocab.txt")) {
            problems.add("tokenizer.json (or vocab.txt) is missing");
        }
        List<Problem> out = new ArrayList<>(problems.stream().map(p -> new Problem(m.path(), m.reference() + ": " + p)).toList());
        if (checked.config() != null) {
            plan.endpoints().stream().filter(e -> e.base().equals(m.reference()))
                    .forEach(e -> checkLength(e, checked.config(), out));
        }
        return out;
    }
}
