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
 * blend's bytes/s against a plain copy; and, with the PyTorch reference, modeconn's ratios to it. Every
 * figure is a ratio to something measured in the same run (docs/performance.md).
 */
@Command(name = "bench", description = {"Benchmark MiniLM on SST-2: evaluation sequences/s and training steps/s,",
        "with length bucketing and without (the reference), in one process."})
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LocalData data = new LocalData(dataDir);
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

            double evalReference;
            double evalBucketed;
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
            }
            Interpolation blend = interpolationRate(manager);
            out.printf("interpolation of two MiniLM checkpoints (%.0f MB out): blend %.2f GB/s, plain copy %.2f GB/s, ratio %.2f%n",
                    blend.bytes() / 1e6, blend.blendPerSecond() / 1e9, blend.copyPerSecond() / 1e9,
                    blend.blendPerSecond() / blend.copyPerSecond());

            double trainReference = trainRate(manager, trainSet, false, FULL);
            double trainBucketed = trainRate(manager, trainSet, true, FULL);
            out.printf("training (batch %d, %d steps): reference %.3f steps/s, bucketed %.3f steps/s, ratio %.2fx%n",
                    batchSize, steps, trainReference, trainBucketed, trainBucketed / trainReference);
            double adapterReference = trainRate(manager, trainSet, false, ADAPTER);
            double adapterBucketed = trainRate(manager, trainSet, true, ADAPTER);
            out.printf("training adapters (bottleneck %d, encoder frozen): reference %.3f steps/s, bucketed %.3f steps/s,"
                    + " ratio %.2fx%n", ADAPTER_BOTTLENECK, adapterReference, adapterBucketed, adapterBucketed / adapterReference);
            out.printf("peak RSS %d MiB%n", LocalData.peakRssMiB());
            if (reference) {
                Optional<PytorchReference.Result> ref = PytorchReference.run(out, devSet, trainSet, maxLength, steps, batchSize);
                ref.ifPresent(r -> {
                    out.printf("PyTorch %s reference (%d threads, %s): evaluation %.1f seq/s padded, training %.3f steps/s,"
                                    + " adapters %.3f steps/s%n", r.torch(), r.threads(), r.blas(), r.evalPerSecond(),
                            r.trainStepsPerSecond(), r.adapterTrainStepsPerSecond());
                    out.printf("modeconn / PyTorch, the same work (both padded to %d): evaluation %.2fx, training %.2fx,"
                                    + " adapters %.2fx%n", maxLength, evalReference / r.evalPerSecond(),
                            trainReference / r.trainStepsPerSecond(), adapterReference / r.adapterTrainStepsPerSecond());
                    out.printf("modeconn with length bucketing / PyTorch padded: evaluation %.2fx, training %.2fx, adapters %.2fx%n",
                            evalBucketed / r.evalPerSecond(), trainBucketed / r.trainStepsPerSecond(),
                            adapterBucketed / r.adapterTrainStepsPerSecond());
                });
            }
        }
        return ExitCodes.OK;
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

    /** Bytes of one blended point, and the blend's and a plain copy's throughput over them (bytes/s). */
    record Interpolation(long bytes, double blendPerSecond, double copyPerSecond) {
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
            }
            return new Interpolation(bytes, blend, copy);
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
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
