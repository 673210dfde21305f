package org.modeconn.cli;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.data.Example;
import org.modeconn.core.spec.DatasetFormat;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.MethodKind;
import org.modeconn.core.spec.Schedule;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.Subsets;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaConfig;
import org.modeconn.ml.model.Encoder;
import org.modeconn.ml.model.EncoderFlops;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.train.FineTuner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Throughput of MiniLM on SST-2 on this machine: evaluation sequences/s and training steps/s (full fine-tuning and
 * adapters), each with length bucketing and against a reference run without it, in the same process; the share of the engine's
 * own fp32 GEMM rate that evaluation achieves on real tokens ({@link EncoderFlops}); the interpolation
 * blend's bytes/s against a plain copy; with the PyTorch reference, modeconn's ratios to it; and a small
 * study's wall time through the pipeline against the same work in one process, with each service's memory
 * and CPU ({@link PipelineBench}). Every figure is a ratio to something measured in the same run
 * (docs/performance.md).
 */
@Command(name = "bench", description = {"Benchmark MiniLM on SST-2: evaluation sequences/s and training steps/s,",
        "with length bucketing and without, against plain PyTorch; the interpolation blend against a copy;",
        "a study through the pipeline against the same work in one process;",
        "with --only memory, this process's memory over a thousand points blended and scored."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "folder with sst2/train.tsv and sst2/dev.tsv (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of("..", "shared", "data");

    @Option(names = "--steps", description = "training steps per run (default: ${DEFAULT-VALUE})")
    int steps = 10;

    @Option(names = "--batch-size", description = "training batch size (default: ${DEFAULT-VALUE})")
    int batchSize = 32;

    @Option(names = "--max-length", description = "maximum tokens (default: ${DEFAULT-VALUE})")
    int maxLength = 64;

    // Picocli sets a negatable option to the opposite of its default when its own name is given, so the name is the
    // negative one: --no-reference turns the reference off, --reference keeps it on (CliTest checks both).
    @Option(names = "--no-reference", negatable = true, description = {"skip the plain PyTorch reference (bench/reference_pytorch.py",
            "with Debian's python3-torch, on the same weights and token ids, with modeconn's ratios to it); it runs by default"})
    boolean reference = true;

    /** The parts of the benchmark, in the order they run. */
    enum Stage { EVALUATION, INTERPOLATION, TRAINING, REFERENCE, PIPELINE, MEMORY }

    @Option(names = "--only", split = ",", paramLabel = "STAGE", description = {"run only these parts (any case): ${COMPLETION-CANDIDATES}",
            "(default: all but memory; the reference needs the evaluation and training figures to print its ratios)"})
    java.util.EnumSet<Stage> only;

    @Option(names = "--memory-study", description = {"study whose points are blended and scored in this process while its",
            "resident memory is read after each evaluation, with --only memory (default: bench/memory-inprocess.yaml",
            "in the source tree, 1,001 points)"})
    Path memoryStudy;

    @Option(names = "--pipeline-study", description = {"study whose pipeline overhead is measured, run through `modeconn run` and",
            "in this process (default: bench/pipeline-study.yaml in the source tree)"})
    Path pipelineStudy;

    @Option(names = "--pipeline-points", split = ",", paramLabel = "MODE", description = {"how the pipeline runs the study (any case):",
            "${COMPLETION-CANDIDATES}: points stored by the interpolator, or blended by the evaluators (--no-store-points);",
            "default: both, in that order"})
    java.util.EnumSet<PipelineBench.PointMode> pipelinePoints = java.util.EnumSet.allOf(PipelineBench.PointMode.class);

    @Option(names = "--pipeline-rounds", paramLabel = "N", description = {"measure the pipeline overhead N times, the in-process",
            "run first in odd rounds and last in even ones, and print every round's ratios side by side (default: 1)"})
    int pipelineRounds = 1;

    /** Whether {@code stage} runs: those {@link #only} names, or every one but the long memory stage. */
    boolean runs(Stage stage) {
        return (only == null ? stage != Stage.MEMORY : only.contains(stage)) && (stage != Stage.REFERENCE || reference);
    }

    @Override
    public Integer call() throws Exception {
        if (pipelineRounds < 1) {
            throw new IllegalArgumentException("--pipeline-rounds must be at least 1, got " + pipelineRounds);
        }
        PrintWriter out = spec.commandLine().getOut();
        LocalData data = new LocalData(dataDir);
        if (runs(Stage.EVALUATION) || runs(Stage.INTERPOLATION) || runs(Stage.TRAINING) || runs(Stage.REFERENCE)) {
            modelFigures(out, data);
        }
        if (runs(Stage.PIPELINE)) {
            Path study = pipelineStudy != null ? pipelineStudy : Services.home().resolve("bench/pipeline-study.yaml");
            PipelineBench.measure(study, data, dataDir, pipelinePoints, pipelineRounds, out);
        }
        if (runs(Stage.MEMORY)) {
            MemoryBench.measure(memoryStudy != null ? memoryStudy : Services.home().resolve("bench/memory-inprocess.yaml"), data, out);
        }
        out.printf("peak RSS of this process %d MiB%n", LocalData.peakRssMiB());
        return ExitCodes.OK;
    }

    /** Evaluation, GEMM share, interpolation, training and the PyTorch reference, as far as {@link #only} asks. */
    private void modelFigures(PrintWriter out, LocalData data) throws Exception {
        DatasetSpec sst2 = new DatasetSpec(DatasetFormat.TSV.spelling(), List.of("sentence"), "label", null, 2, Map.of());
        List<Example> dev = new DatasetReader(sst2).readAll(data.resolve("sst2/dev.tsv"));
        List<Example> train = Subsets.fraction(new DatasetReader(sst2).readAll(data.resolve("sst2/train.tsv")), 0.05, 0);
        try (NDManager manager = Djl.newManager()) {
            TokenizedSet devSet;
            TokenizedSet trainSet;
            try (Pretrained p = Pretrained.miniLm(manager); TextTokenizer tok = p.tokenizer(maxLength)) {
                devSet = TokenizedSet.of(dev, tok, 0);
                trainSet = TokenizedSet.of(train, tok, 0);
            }
            out.printf("MiniLM-L6 on SST-2, max length %d, %d threads; dev %d sentences, training pool %d%n",
                    maxLength, Runtime.getRuntime().availableProcessors(), devSet.size(), trainSet.size());
            boolean evaluation = runs(Stage.EVALUATION) || runs(Stage.REFERENCE);
            boolean training = runs(Stage.TRAINING) || runs(Stage.REFERENCE);
            double evalReference = Double.NaN;
            double evalBucketed = Double.NaN;
            if (evaluation) {
                try (Pretrained p = Pretrained.miniLm(manager)) {
                    p.weights().put("classifier.weight", new float[2 * 384], 2, 384);
                    p.weights().put("classifier.bias", new float[2], 2);
                    Classifier model = new Classifier(new Encoder(p.config(), DeltaConfig.NONE));
                    Evaluator.evaluate(model, p.weights(), devSet, 64, 2, true); // warm-up: native libraries, allocator
                    evalReference = evalRate(model, p, devSet, false);
                    evalBucketed = evalRate(model, p, devSet, true);
                }
                out.printf("evaluation (batch 64):   reference %.1f seq/s, bucketed %.1f seq/s, ratio %.2fx%n",
                        evalReference, evalBucketed, evalBucketed / evalReference);
                double gemm = gemmRate(manager);
                try (Pretrained p = Pretrained.miniLm(manager)) {
                    double useful = EncoderFlops.forward(p.config(), devSet.lengths()) / devSet.size(); // FLOPs per sequence, real tokens
                    out.printf("fp32 GEMM through the engine (%d x %d): %.1f GFLOP/s; bucketed evaluation does %.1f GFLOP/s of"
                                    + " useful work (real tokens), %.0f%% of it%n", GEMM_SIZE, GEMM_SIZE, gemm / 1e9,
                            evalBucketed * useful / 1e9, 100 * evalBucketed * useful / gemm);
                    double padded = EncoderFlops.forward(p.config(), paddedLengths(devSet.lengths(), 64));
                    double pass = devSet.size() / evalBucketed;
                    Products products = productSeconds(manager, p.config(), devSet.lengths(), 64);
                    out.printf("where bucketed evaluation's %.2f s per pass go: its %.1f GFLOP are %.0f%% real tokens and %.0f%%"
                                    + " padding inside batches; the same matrix products alone take %.2f s (%.0f%%: linear layers %.2f s,"
                                    + " attention %.2f s); the rest, %.2f s, is softmax, layer norms, GELU, embeddings and the"
                                    + " engine's per-op cost%n", pass, padded / 1e9, 100 * useful * devSet.size() / padded,
                            100 - 100 * useful * devSet.size() / padded, products.linear() + products.attention(),
                            100 * (products.linear() + products.attention()) / pass, products.linear(), products.attention(),
                            pass - products.linear() - products.attention());
                }
            }
            if (runs(Stage.INTERPOLATION)) {
                Interpolation blend = interpolationRate(manager);
                out.printf("interpolation of two MiniLM checkpoints (%.0f MB out): blend %.2f GB/s, plain copy %.2f GB/s, ratio %.2f;"
                                + " copy through this process's memory (stream to stream) %.2f GB/s, blend / that %.2f%n",
                        blend.bytes() / 1e6, blend.blendPerSecond() / 1e9, blend.copyPerSecond() / 1e9,
                        blend.blendPerSecond() / blend.copyPerSecond(), blend.streamCopyPerSecond() / 1e9,
                        blend.blendPerSecond() / blend.streamCopyPerSecond());
            }
            double trainReference = Double.NaN;
            double trainBucketed = Double.NaN;
            double adapterReference = Double.NaN;
            double adapterBucketed = Double.NaN;
            if (training) {
                trainReference = trainRate(manager, trainSet, false, FULL);
                trainBucketed = trainRate(manager, trainSet, true, FULL);
                out.printf("training (batch %d, %d steps): reference %.3f steps/s, bucketed %.3f steps/s, ratio %.2fx%n",
                        batchSize, steps, trainReference, trainBucketed, trainBucketed / trainReference);
                adapterReference = trainRate(manager, trainSet, false, ADAPTER);
                adapterBucketed = trainRate(manager, trainSet, true, ADAPTER);
                out.printf("training adapters (bottleneck %d, encoder frozen): reference %.3f steps/s, bucketed %.3f steps/s,"
                        + " ratio %.2fx%n", ADAPTER_BOTTLENECK, adapterReference, adapterBucketed, adapterBucketed / adapterReference);
            }
            if (runs(Stage.REFERENCE)) {
                Optional<PytorchReference.Result> ref = PytorchReference.run(out, devSet, trainSet, maxLength, steps, batchSize);
                if (ref.isPresent()) {
                    PytorchReference.Result r = ref.get();
                    out.printf("PyTorch %s reference (%d threads, %s): evaluation %.1f seq/s padded, training %.3f steps/s,"
                                    + " adapters %.3f steps/s%n", r.torch(), r.threads(), r.blas(), r.evalPerSecond(),
                            r.trainStepsPerSecond(), r.adapterTrainStepsPerSecond());
                    out.printf("modeconn / PyTorch, the same work (both padded to %d): evaluation %.2fx, training %.2fx,"
                                    + " adapters %.2fx%n", maxLength, evalReference / r.evalPerSecond(),
                            trainReference / r.trainStepsPerSecond(), adapterReference / r.adapterTrainStepsPerSecond());
                    out.printf("modeconn with length bucketing / PyTorch padded: evaluation %.2fx, training %.2fx, adapters %.2fx%n",
                            evalBucketed / r.evalPerSecond(), trainBucketed / r.trainStepsPerSecond(),
                            adapterBucketed / r.adapterTrainStepsPerSecond());
                }
            }
        }
    }

    static final int GEMM_SIZE = 1024;

    /** The engine's fp32 matrix-product rate: the best of 5 timed products of two GEMM_SIZE² matrices, 2n³ FLOPs each. */
    private static double gemmRate(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            ai.djl.ndarray.NDArray a = m.randomNormal(new ai.djl.ndarray.types.Shape(GEMM_SIZE, GEMM_SIZE));
            ai.djl.ndarray.NDArray b = m.randomNormal(new ai.djl.ndarray.types.Shape(GEMM_SIZE, GEMM_SIZE));
            a.matMul(b).close(); // warm-up
            double best = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                ai.djl.ndarray.NDArray c = a.matMul(b);
                c.toFloatArray(); // forces the work and reads it back once, as evaluation does
                double seconds = (System.nanoTime() - t0) / 1e9;
                c.close();
                best = Math.max(best, 2.0 * GEMM_SIZE * GEMM_SIZE * GEMM_SIZE / seconds);
            }
            return best;
        }
    }

    /** Each sequence's length as a length-sorted batch of {@code batchSize} pads it: its batch's longest. */
    static int[] paddedLengths(int[] lengths, int batchSize) {
        int[] padded = new int[lengths.length];
        for (int[] batch : org.modeconn.ml.data.Batcher.byLength(lengths, batchSize, true)) {
            int longest = java.util.Arrays.stream(batch).map(i -> lengths[i]).max().orElse(0);
            for (int i : batch) {
                padded[i] = longest;
            }
        }
        return padded;
    }

    /** Seconds of the encoder's matrix products alone: the projections and feed-forward, and attention's two products. */
    record Products(double linear, double attention) {
    }

    /**
     * A profile of evaluation by subtraction: the matrix products one bucketed pass over sequences of these
     * lengths makes (per batch and layer: Q, K, V and output projections, the two feed-forward matrices, and per
     * head Q·Kᵀ and the weighted sum of V, all at the batch's padded length), timed alone through the engine on
     * random operands of the same shapes; the best of 2 passes.
     */
    private static Products productSeconds(NDManager manager, org.modeconn.core.model.EncoderConfig c, int[] lengths,
                                           int batchSize) {
        int h = c.hidden();
        int f = c.intermediate();
        int heads = c.heads();
        double bestLinear = Double.MAX_VALUE;
        double bestAttention = Double.MAX_VALUE;
        try (NDManager m = manager.newSubManager()) {
            ai.djl.ndarray.NDArray wh = m.randomNormal(new ai.djl.ndarray.types.Shape(h, h));
            ai.djl.ndarray.NDArray w1 = m.randomNormal(new ai.djl.ndarray.types.Shape(h, f));
            ai.djl.ndarray.NDArray w2 = m.randomNormal(new ai.djl.ndarray.types.Shape(f, h));
            List<int[]> batches = org.modeconn.ml.data.Batcher.byLength(lengths, batchSize, true);
            for (int pass = 0; pass < 2; pass++) {
                double linear = 0;
                double attention = 0;
                for (int[] batch : batches) {
                    int len = java.util.Arrays.stream(batch).map(i -> lengths[i]).max().orElse(1);
                    int rows = batch.length * len;
                    try (NDManager b = m.newSubManager()) {
                        ai.djl.ndarray.NDArray x = b.randomNormal(new ai.djl.ndarray.types.Shape(rows, h));
                        ai.djl.ndarray.NDArray inner = b.randomNormal(new ai.djl.ndarray.types.Shape(rows, f));
                        ai.djl.ndarray.NDArray q = b.randomNormal(new ai.djl.ndarray.types.Shape(batch.length, heads, len, h / heads));
                        ai.djl.ndarray.NDArray kt = b.randomNormal(new ai.djl.ndarray.types.Shape(batch.length, heads, h / heads, len));
                        ai.djl.ndarray.NDArray probs = b.randomNormal(new ai.djl.ndarray.types.Shape(batch.length, heads, len, len));
                        long t0 = System.nanoTime();
                        for (int layer = 0; layer < c.layers(); layer++) {
                            for (int j = 0; j < 4; j++) {
                                x.matMul(wh).close();
                            }
                            x.matMul(w1).close();
                            inner.matMul(w2).close();
                        }
                        long t1 = System.nanoTime();
                        for (int layer = 0; layer < c.layers(); layer++) {
                            q.matMul(kt).close();
                            probs.matMul(q).close();
                        }
                        long t2 = System.nanoTime();
                        linear += (t1 - t0) / 1e9;
                        attention += (t2 - t1) / 1e9;
                    }
                }
                bestLinear = Math.min(bestLinear, linear);
                bestAttention = Math.min(bestAttention, attention);
            }
        }
        return new Products(bestLinear, bestAttention);
    }

    /** Bytes of one blended point, and the blend's and a plain copy's throughput over them (bytes/s). */
    /**
     * @param copyPerSecond       {@code Files.copy}: the operating system's own copy, which may never bring the bytes into
     *                            this process (a kernel-to-kernel transfer)
     * @param streamCopyPerSecond a copy that reads the bytes into this process and writes them out, as the blend must
     */
    record Interpolation(long bytes, double blendPerSecond, double copyPerSecond, double streamCopyPerSecond) {
    }

    /**
     * The streaming blend at t = ½ of two MiniLM checkpoints (written here first) against a plain copy of one of
     * them, the same number of bytes, in the same folder; the best of 3 of each.
     */
    private static Interpolation interpolationRate(NDManager manager) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("modeconn-bench");
        try {
            Path a = dir.resolve("a.safetensors");
            Path b = dir.resolve("b.safetensors");
            try (Pretrained p = Pretrained.miniLm(manager)) {
                p.weights().save(a, org.modeconn.core.path.ParameterFilter.all(), Map.of());
            }
            java.nio.file.Files.copy(a, b);
            long bytes = java.nio.file.Files.size(a);
            double blend = 0;
            double copy = 0;
            double streamCopy = 0;
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("point.safetensors");
                long t0 = System.nanoTime();
                try (org.modeconn.core.safetensors.SafetensorsReader ra = org.modeconn.core.safetensors.SafetensorsReader.open(a);
                     org.modeconn.core.safetensors.SafetensorsReader rb = org.modeconn.core.safetensors.SafetensorsReader.open(b);
                     java.io.OutputStream o = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out), 1 << 20)) {
                    org.modeconn.core.path.PathBlender.blend(List.of(ra, rb), new double[]{0.5, 0.5},
                            org.modeconn.core.path.ParameterFilter.all(), Map.of(), o);
                }
                blend = Math.max(blend, java.nio.file.Files.size(out) / ((System.nanoTime() - t0) / 1e9));
                java.nio.file.Files.delete(out);
                t0 = System.nanoTime();
                java.nio.file.Files.copy(a, out);
                copy = Math.max(copy, bytes / ((System.nanoTime() - t0) / 1e9));
                java.nio.file.Files.delete(out);
                t0 = System.nanoTime();
                try (java.io.InputStream in = java.nio.file.Files.newInputStream(a);
                     java.io.OutputStream o = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out), 1 << 20)) {
                    in.transferTo(o);
                }
                streamCopy = Math.max(streamCopy, bytes / ((System.nanoTime() - t0) / 1e9));
                java.nio.file.Files.delete(out);
            }
            return new Interpolation(bytes, blend, copy, streamCopy);
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    private static double evalRate(Classifier model, Pretrained p, TokenizedSet set, boolean bucketing) {
        long t0 = System.nanoTime();
        Evaluator.evaluate(model, p.weights(), set, 64, 2, bucketing);
        return set.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /** The adapters both sides train: bottleneck 64, ReLU, std 0.02 (the reference builds the same modules). */
    static final int ADAPTER_BOTTLENECK = 64;
    private static final TrainingConfig.Method FULL =
            new TrainingConfig.Method(MethodKind.FULL.spelling(), null, null, null, null, null, null, null);
    private static final TrainingConfig.Method ADAPTER =
            new TrainingConfig.Method(MethodKind.ADAPTER.spelling(), ADAPTER_BOTTLENECK, null, null, null, null, null, null);

    /** Optimizer steps/s of {@code method} (full fine-tuning at lr 2e-5, adapters at 1e-3), the first step left out. */
    private double trainRate(NDManager manager, TokenizedSet set, boolean bucketing, TrainingConfig.Method method) throws Exception {
        TrainingConfig c = new TrainingConfig("sst2", "train", null, method, method == FULL ? 2e-5 : 1e-3, batchSize, steps,
                maxLength, Schedule.LINEAR.spelling(), 0.06, 0.01, 1.0, 1, 0.1, new TrainingConfig.Seeds(1L, 1L, 1L), null, null);
        try (Pretrained p = Pretrained.miniLm(manager)) {
            // the first step pays for warm-up; time the rest
            long[] firstDone = new long[1];
            FineTuner.train(p.weights(), p.config(), c, 2, set, (step, n, loss, lr, eps) -> {
                if (step == 1) {
                    firstDone[0] = System.nanoTime();
                }
            }, bucketing);
            return (steps - 1) / ((System.nanoTime() - firstDone[0]) / 1e9);
        }
    }
}
