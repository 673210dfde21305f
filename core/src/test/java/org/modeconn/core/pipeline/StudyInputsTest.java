package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a study reads is checked before it trains: every split it uses read whole, every base model against its config. */
class StudyInputsTest {
    @TempDir
    Path dir;

    /** Locations relative to the temporary directory, as the CLI resolves them against --data-dir. */
    private StudyInputs.Source local() {
        return new StudyInputs.Source() {
            @Override
            public Path file(String location) throws IOException {
                Path p = dir.resolve(location);
                if (!Files.isRegularFile(p)) {
                    throw new IOException("no such file: " + p);
                }
                return p;
            }

            @Override
            public ModelFiles model(ModelRef reference) throws IOException {
                return ModelFiles.local(dir.resolve(((ModelRef.LocalDir) reference).path()));
            }
        };
    }

    private StudyPlan plan(String yaml) throws IOException {
        Path spec = dir.resolve("study.yaml");
        Files.writeString(spec, yaml);
        StudyPlanner.Result r = StudyPlanner.plan(spec);
        assertTrue(r.ok(), r.problems().toString());
        return r.plan();
    }

    private void copyModel(String name) throws IOException {
        Files.createDirectories(dir.resolve(name));
        for (String f : List.of("config.json", "model.safetensors")) {
            try (InputStream in = getClass().getResourceAsStream("/hf-dirs/layernorm-gamma-beta/" + f)) {
                Files.copy(in, dir.resolve(name).resolve(f));
            }
        }
    }

    private static final String STUDY = """
            baseModel: %s
            datasets:
              d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: train.tsv, dev: dev.tsv, test: test.tsv}}
            defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10, maxLength: 32}
            endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
            paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
            """;

    @Test
    void onlyTheSplitsTheStudyReadsAreUsedEachOnce() throws IOException {
        StudyPlan plan = plan(STUDY.formatted("builtin:all-MiniLM-L6-v2"));
        assertEquals(List.of("$.datasets.d.splits.train", "$.datasets.d.splits.dev"),
                StudyInputs.splits(plan).stream().map(StudyInputs.Split::path).toList());
        assertEquals(List.of(), StudyInputs.models(plan), "a built-in model needs no check");
    }

    @Test
    void everyProblemOfEveryInputComesBackWithItsPath() throws IOException {
        copyModel("model");
        Files.writeString(dir.resolve("model/vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        Files.writeString(dir.resolve("train.tsv"), "s\tl\n" + "good\t1\n".repeat(3));
        StringBuilder dev = new StringBuilder("s\tl\n");
        for (int i = 0; i < 8; i++) {
            dev.append("row ").append(i).append('\t').append(i + 2).append('\n');
        }
        Files.writeString(dir.resolve("dev.tsv"), dev);
        List<Problem> problems = StudyInputs.check(plan(STUDY.formatted("model")), local());
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals("$.datasets.d.splits.dev", p.path());
        assertTrue(p.message().startsWith("d/dev has 8 problems: dev.tsv:2:"), p.message());
        assertTrue(p.message().endsWith("; and 3 more problems"), p.message());
    }

    @Test
    void aMissingSplitAndABrokenModelAreRefusedTogether() throws IOException {
        copyModel("broken");
        Files.writeString(dir.resolve("broken/config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 8}");
        Files.writeString(dir.resolve("dev.tsv"), "s\tl\nfine\t1\n");
        List<Problem> problems = StudyInputs.check(plan(STUDY.formatted("broken")), local());
        List<String> lines = problems.stream().map(Problem::toString).toList();
        assertTrue(lines.get(0).startsWith("$.datasets.d.splits.train: cannot read train.tsv: no such file"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("$.endpoints.a.base: broken: config.json: vocab_size is missing")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.equals("$.endpoints.a.base: broken: tokenizer.json (or vocab.txt) is missing")),
                lines.toString());
        List<Problem> none = StudyInputs.check(plan(STUDY.formatted("nowhere")), local());
        assertTrue(none.stream().anyMatch(q -> q.toString().equals("$.endpoints.a.base: no model at nowhere")), none.toString());
    }

    @Test
    void aPreTrainingCorpusMustBeThereAndBeUtf8Text() throws IOException {
        Files.writeString(dir.resolve("train.tsv"), "s\tl\ngood\t1\n");
        Files.writeString(dir.resolve("dev.tsv"), "s\tl\nfine\t0\n");
        Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9, '\n'});
        String yaml = STUDY.formatted("pretrain:p@1") + """
                pretraining:
                  p:
                    config: {layers: 1, hidden: 8, heads: 1, intermediate: 8, vocabSize: 50, maxPositions: 20}
                    corpus: {train: missing.txt, heldOut: latin1.txt}
                    steps: 1
                    checkpointEvery: 1
                    learningRate: 1.0e-3
                    batchSize: 2
                    maxLength: 8
                """;
        List<String> problems = StudyInputs.check(plan(yaml), local()).stream().map(Problem::toString).toList();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("$.pretraining.p.corpus.train: cannot read missing.txt: no such file"), problems.toString());
        assertEquals("$.pretraining.p.corpus.heldOut: latin1.txt is not valid UTF-8", problems.get(1));
    }

    /** A maxLength beyond the base model's positions would fail only when a long batch comes, maybe hours in. */
    @Test
    void aMaxLengthBeyondTheModelsPositionsIsRefused() throws IOException {
        copyModel("model");
        Files.writeString(dir.resolve("model/vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        Files.writeString(dir.resolve("train.tsv"), "s\tl\ngood\t1\n");
        Files.writeString(dir.resolve("dev.tsv"), "s\tl\nfine\t0\n");
        List<String> problems = StudyInputs.check(plan(STUDY.formatted("model").replace("maxLength: 32", "maxLength: 64")), local())
                .stream().map(Problem::toString).toList();
        assertEquals(List.of("$.endpoints.a.maxLength: 64 exceeds the 40 positions (max_position_embeddings 40) of model",
                "$.endpoints.b.maxLength: 64 exceeds the 40 positions (max_position_embeddings 40) of model"), problems);
        problems = StudyInputs.check(plan(STUDY.formatted("builtin:all-MiniLM-L6-v2").replace("maxLength: 32", "maxLength: 600")),
                local()).stream().map(Problem::toString).toList();
        assertTrue(problems.contains("$.endpoints.a.maxLength: 600 exceeds the 512 positions (max_position_embeddings 512)"
                + " of builtin:all-MiniLM-L6-v2"), problems.toString());
    }
}
