package org.modeconn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.store.Sha256;
import org.modeconn.stack.LocalStack;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @Test
    void benchRunsThePytorchReferenceUnlessToldNotTo() {
        BenchCommand plain = new BenchCommand();
        new CommandLine(plain).parseArgs();
        assertTrue(plain.reference);
        BenchCommand off = new BenchCommand();
        new CommandLine(off).parseArgs("--no-reference");
        assertFalse(off.reference, "--no-reference turns it off");
        BenchCommand on = new BenchCommand();
        new CommandLine(on).parseArgs("--reference");
        assertTrue(on.reference);
    }

    @Test
    void benchStagesAreChosenInAnyCase() {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("bench", "--only", "pipeline,Reference");
        BenchCommand bench = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(java.util.EnumSet.of(BenchCommand.Stage.PIPELINE, BenchCommand.Stage.REFERENCE), bench.only);
    }

    @Test
    void theLongMemoryStageRunsOnlyWhenAskedFor() {
        BenchCommand all = Main.commandLine().parseArgs("bench").subcommand().commandSpec().commandLine().getCommand();
        assertTrue(all.runs(BenchCommand.Stage.PIPELINE));
        assertFalse(all.runs(BenchCommand.Stage.MEMORY));
        BenchCommand memory = Main.commandLine().parseArgs("bench", "--only", "memory").subcommand().commandSpec().commandLine().getCommand();
        assertTrue(memory.runs(BenchCommand.Stage.MEMORY));
        assertFalse(memory.runs(BenchCommand.Stage.EVALUATION));
    }

    @Test
    void benchPipelinePointModesDefaultToBothAndAreReplacedWhenGiven() {
        BenchCommand both = Main.commandLine().parseArgs("bench").subcommand().commandSpec().commandLine().getCommand();
        assertEquals(java.util.EnumSet.allOf(PipelineBench.PointMode.class), both.pipelinePoints);
        BenchCommand blended = Main.commandLine().parseArgs("bench", "--pipeline-points", "Blended")
                .subcommand().commandSpec().commandLine().getCommand();
        assertEquals(java.util.EnumSet.of(PipelineBench.PointMode.BLENDED), blended.pipelinePoints);
    }

    @Test
    void benchPipelineRoundsDefaultToOneAndFewerAreRefusedWithExitCode2() {
        BenchCommand one = Main.commandLine().parseArgs("bench").subcommand().commandSpec().commandLine().getCommand();
        assertEquals(1, one.pipelineRounds);
        Run r = run("bench", "--only", "pipeline", "--pipeline-rounds", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--pipeline-rounds must be at least 1, got 0"), r.err());
    }

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path checkpoint(String name, long seed, DType dtype) throws IOException {
        Path file = dir.resolve(name);
        Random random = new Random(seed);
        List<TensorInfo> layout = List.of(TensorInfo.of("embeddings.word_embeddings.weight", dtype, 50, 8),
                TensorInfo.of("encoder.layer.0.output.dense.bias", dtype, 8), TensorInfo.of("classifier.weight", dtype, 2, 8));
        try (OutputStream o = Files.newOutputStream(file); SafetensorsWriter w = SafetensorsWriter.open(o, layout, null)) {
            for (TensorInfo t : layout) {
                float[] v = new float[(int) t.elementCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                w.writeFloats(t.name(), v);
            }
        }
        return file;
    }

    private static float[] read(Path file, String name) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            return r.floats(name);
        }
    }

    @Test
    void runRefusesAnInvalidStudyBeforeStartingAnything() throws IOException {
        Path study = dir.resolve("bad.yaml");
        Files.writeString(study, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: missing.tsv}}
                endpoints:
                  a: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 0}
                paths:
                  p: {from: a, to: nobody}
                """);
        Run r = run("run", study.toString(), "--work-dir", dir.resolve("work").toString());
        assertEquals(ExitCodes.INVALID, r.exit());
        assertTrue(r.err().contains("$.paths.p.to"), r.err());
        assertTrue(r.err().contains("$.endpoints.a.steps"), r.err());
        assertFalse(Files.exists(dir.resolve("work")), "nothing was started");
    }

    @Test
    void interpolateWritesTheLinearPoint() throws IOException {
        Path a = checkpoint("a.safetensors", 1, DType.F32);
        Path b = checkpoint("b.safetensors", 2, DType.F32);
        Path out = dir.resolve("point.safetensors");
        Run r = run("interpolate", a.toString(), b.toString(), "--t", "0.25", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("3 tensors"), r.out());
        for (String name : List.of("embeddings.word_embeddings.weight", "encoder.layer.0.output.dense.bias", "classifier.weight")) {
            float[] x = read(a, name);
            float[] y = read(b, name);
            float[] p = read(out, name);
            for (int i = 0; i < p.length; i++) {
                float expected = Math.fma(0.25f, y[i], 0.75f * x[i]); // PathBlender's float32 arithmetic, exactly
                assertEquals(expected, p[i], name + "[" + i + "]");
            }
        }
    }

    @Test
    void interpolateThroughABendIsTheBezierFormula() throws IOException {
        Path a = checkpoint("a.safetensors", 1, DType.F32);
        Path b = checkpoint("b.safetensors", 2, DType.F32);
        Path c = checkpoint("c.safetensors", 3, DType.F16);
        Path out = dir.resolve("bezier.safetensors");
        double t = 0.7;
        Run r = run("interpolate", a.toString(), b.toString(), "--t", String.valueOf(t), "--bend", c.toString(),
                "--curve", "bezier", "--exclude-prefix", "classifier.", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        try (SafetensorsReader point = SafetensorsReader.open(out)) {
            assertEquals(List.of("embeddings.word_embeddings.weight", "encoder.layer.0.output.dense.bias"),
                    List.copyOf(point.tensors().keySet()), "the head was left out");
            assertEquals("bezier", point.metadata().get("modeconn.curve"));
        }
        String name = "embeddings.word_embeddings.weight";
        float[] x = read(a, name);
        float[] y = read(b, name);
        float[] z = read(c, name);
        float[] p = read(out, name);
        for (int i = 0; i < p.length; i++) {
            double expected = (1 - t) * (1 - t) * x[i] + 2 * t * (1 - t) * z[i] + t * t * y[i];
            assertEquals(expected, p[i], 1e-6, name + "[" + i + "]");
        }
    }

    @Test
    void interpolateRejectsBadArgumentsWithExitCode2() throws IOException {
        Path a = checkpoint("a.safetensors", 1, DType.F32);
        Run r = run("interpolate", a.toString(), a.toString(), "--t", "1.5", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--t must lie in [0, 1]"), r.err());
        r = run("interpolate", a.toString(), a.toString(), "--t", "0.5", "--curve", "spline", "--bend", a.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown curve 'spline'"), r.err());
        r = run("interpolate", a.toString(), dir.resolve("none.safetensors").toString(), "--t", "0.5", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file: " + dir.resolve("none.safetensors")), r.err());
        r = run("interpolate", a.toString(), a.toString(), "--t", "0.5", "--out", dir.resolve("nodir/x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such directory for --out: " + dir.resolve("nodir")), r.err());
        // A filter that keeps nothing, or names what no file holds, writes nothing.
        r = run("interpolate", a.toString(), a.toString(), "--t", "0.5", "--only", "W", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--only names parameters that no file holds: [W]"), r.err());
        r = run("interpolate", a.toString(), a.toString(), "--t", "0.5", "--exclude-prefix", "", "--out", dir.resolve("x").toString());
        assertTrue(r.err().contains("keeps no parameter of " + a + ": nothing to interpolate"), r.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void inspectShowsTensorsCountAndHash() throws IOException {
        Path a = checkpoint("a.safetensors", 1, DType.BF16);
        Run r = run("inspect", a.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("embeddings.word_embeddings.weight"), r.out());
        assertTrue(r.out().contains("BF16"), r.out());
        assertTrue(r.out().contains("[50, 8]"), r.out());
        assertTrue(r.out().contains("parameters: 424"), r.out()); // 400 + 8 + 16
        assertTrue(r.out().contains(Sha256.of(a)), r.out());

        Run json = run("inspect", "--json", a.toString());
        assertTrue(json.out().contains("\"parameters\" : 424"), json.out());

        Files.write(dir.resolve("bad.safetensors"), new byte[]{1, 2});
        Run bad = run("inspect", dir.resolve("bad.safetensors").toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("too short"), bad.err());
    }

    @Test
    void validatePrintsEveryProblemAndExits2() throws IOException {
        Path spec = dir.resolve("study.yaml");
        Files.writeString(spec, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv}}}
                defaults: {task: d, learningRate: -1, batchSize: 8, steps: 10}
                endpoints: {a: {method: {kind: magic}}, b: {seeds: {init: 2}}}
                paths: {p: {from: a, to: z, grid: {points: 3}, eval: [d/dev]}}
                """);
        Run r = run("validate", spec.toString());
        assertEquals(2, r.exit());
        for (String expected : List.of("$.endpoints.a.method.kind: unknown method 'magic'",
                "$.endpoints.b.learningRate: learning rate must be > 0", "$.paths.p.to: unknown endpoint 'z'",
                "$.paths.p.eval[0]: dataset 'd' has no split 'dev'")) {
            assertTrue(r.err().contains(expected), "missing " + expected + " in\n" + r.err());
        }
        Files.writeString(spec, Files.readString(spec).replace("-1", "1.0e-5").replace("{kind: magic}",
                        "{kind: adapter, bottleneck: 16, initStd: 0.08}").replace("{seeds: {init: 2}}", "{method: {kind: adapter,"
                        + " bottleneck: 16, initStd: 0.02}, trainSplit: dev}")
                .replace("to: z", "to: b").replace("{train: t.tsv}", "{train: t.tsv, dev: d.tsv}"));
        Run ok = run("validate", "--spec-only", spec.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().matches("(?s).*is valid: study study-[0-9a-f]{16} \\(spec only\\).*"), ok.out());
        assertTrue(ok.out().contains("adapter (bottleneck 16, init std 0.08) on d/train,"), "what tells the endpoints apart,"
                + " with the split each trains on: " + ok.out());
        assertTrue(ok.out().contains("adapter (bottleneck 16, init std 0.02) on d/dev,"), "trainSplit: dev: " + ok.out());
        assertEquals(2, run("validate", dir.resolve("missing.yaml").toString()).exit());
    }

    /** Two sweeps that share an endpoint, as examples/rq1-domains.yaml: validate says it is trained once. */
    @Test
    void validateSaysWhichEndpointsAreTrainedOnceAndWhichRecordDynamics() throws IOException {
        Path spec = dir.resolve("shared.yaml");
        Files.writeString(spec, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  a: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                  b: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                  c: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                defaults: {learningRate: 1.0e-4, batchSize: 8, steps: 10, dynamics: {split: dev, every: 5}}
                sweeps:
                  ab: {vary: {task: [a, b]}, path: {grid: {points: 3}, eval: [a/dev, b/dev]}}
                  ac: {vary: {task: [a, c]}, path: {grid: {points: 3}, eval: [a/dev, c/dev]}}
                """);
        Run ok = run("validate", "--spec-only", spec.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("endpoints (4 names, 3 to train: names with equal settings share one checkpoint):"), ok.out());
        assertTrue(ok.out().contains("the same endpoint as ab-1: trained once"), ok.out());
        assertEquals(1, ok.out().split("trained once", -1).length - 1, "only ac-1 repeats another: " + ok.out());
        assertTrue(ok.out().contains("records training dynamics on c/dev every 5 steps"), ok.out());
    }

    /** What can be known before training is known: every split read whole, every base model checked, all at once. */
    @Test
    void validateReadsEverySplitAndChecksEveryModelBeforeAnyTraining() throws IOException {
        Path spec = dir.resolve("inputs.yaml");
        Files.writeString(spec, """
                baseModel: model
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv, unused: u.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
                paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
                """);
        Files.writeString(dir.resolve("t.tsv"), "\uFEFFs\tl\ngood\t1\nbad\t0\n"); // a BOM is fine
        Files.writeString(dir.resolve("d.tsv"), "s\tl\nfine\t1\nodd\t7\nworse\tx\n");
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/config.json"), "{\"model_type\": \"bert\"}");
        Run r = run("validate", spec.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        for (String expected : List.of("$.datasets.d.splits.dev: d/dev has 2 problems:", "d.tsv:3:", "d.tsv:4:",
                "$.endpoints.a.base: model: model.safetensors is missing", "config.json: vocab_size is missing")) {
            assertTrue(r.err().contains(expected), "missing " + expected + " in\n" + r.err());
        }
        assertFalse(r.err().contains("splits.train"), "the training split is fine: " + r.err());
        assertFalse(r.err().contains("u.tsv"), "a split nothing reads is not required: " + r.err());
    }

    /** A #sha256= pin on a local input is checked, never replaced by the hash of whatever the file now holds. */
    @Test
    void aLocalPinThatNoLongerMatchesIsRefused() throws IOException {
        Files.writeString(dir.resolve("t.tsv"), "s\tl\ngood\t1\n");
        Files.writeString(dir.resolve("d.tsv"), "s\tl\nfine\t0\n");
        Path spec = dir.resolve("pinned.yaml");
        Files.writeString(spec, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: "t.tsv#sha256=%s", dev: d.tsv}}}
                defaults: {task: d, learningRate: 1.0e-5, batchSize: 8, steps: 10, maxLength: 16}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
                paths: {p: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}}
                """.formatted("0".repeat(64)));
        Run r = run("validate", spec.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("$.datasets.d.splits.train: cannot read t.tsv#sha256=" + "0".repeat(64) + ": "
                + dir.resolve("t.tsv") + " has SHA-256 " + Sha256.of(dir.resolve("t.tsv")) + ", the spec pins " + "0".repeat(64)), r.err());
        Files.writeString(spec, Files.readString(spec).replace("0".repeat(64), Sha256.of(dir.resolve("t.tsv"))));
        Run ok = run("validate", spec.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().matches("(?s).*modeconn run publishes it as study study-[0-9a-f]{16} \\(local files pinned.*"), ok.out());
    }

    @Test
    void stackStatusReportsARunningStackAndAnAbsentOne() throws Exception {
        Path stackDir = dir.resolve("stack");
        Run down = run("stack", "status", "--dir", stackDir.toString());
        assertEquals(ExitCodes.NOT_RUNNING, down.exit());
        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(stackDir).withTopics(
                org.modeconn.core.events.Topics.ALL))) {
            Run up = run("stack", "status", "--dir", stackDir.toString());
            assertEquals(0, up.exit(), up.out() + up.err());
            assertTrue(up.out().contains("kafka:  UP (8 of 8 modeconn topics)"), up.out());
            assertTrue(up.out().contains("s3:     UP (bucket modeconn"), up.out());
            assertTrue(up.out().contains(stack.endpoints().kafkaBootstrapServers()), up.out());
        }
    }
}
