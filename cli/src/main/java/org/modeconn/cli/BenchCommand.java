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
 * Throughput of MiniLM on SST-2 on this machine: evaluation sequences/s and training steps/s, each with
 * length bucketing and against a reference run without it, in the same process; prints the ratios.
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

    @Option(names = "--reference", negatable = true, description = {"also run the plain PyTorch reference (bench/reference_pytorch.py",
            "with Debian's python3-torch) on the same weights and token ids, and print modeconn's ratios to it (default: ${DEFAULT-VALUE})"})
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

            double trainReference = trainRate(manager, trainSet, false);
            double trainBucketed = trainRate(manager, trainSet, true);
            out.printf("training (batch %d, %d steps): reference %.3f steps/s, bucketed %.3f steps/s, ratio %.2fx%n",
                    batchSize, steps, trainReference, trainBucketed, trainBucketed / trainReference);
            out.printf("peak RSS %d MiB%n", LocalData.peakRssMiB());
            if (reference) {
                Optional<PytorchReference.Result> ref = PytorchReference.run(out, devSet, trainSet, maxLength, steps, batchSize);
                ref.ifPresent(r -> {
                    out.printf("PyTorch %s reference (%d threads, %s): evaluation %.1f seq/s padded, training %.3f steps/s%n",
                            r.torch(), r.threads(), r.blas(), r.evalPerSecond(), r.trainStepsPerSecond());
                    out.printf("modeconn / PyTorch, the same work (both padded to %d): evaluation %.2fx, training %.2fx%n", maxLength,
                            evalReference / r.evalPerSecond(), trainReference / r.trainStepsPerSecond());
                    out.printf("modeconn with length bucketing / PyTorch padded: evaluation %.2fx, training %.2fx%n",
                            evalBucketed / r.evalPerSecond(), trainBucketed / r.trainStepsPerSecond());
                });
            }
        }
        return ExitCodes.OK;
    }

    private static double evalRate(Classifier model, Pretrained p, TokenizedSet set, boolean bucketing) {
        long t0 = System.nanoTime();
        Evaluator.evaluate(model, p.weights(), set, 64, 2, bucketing);
        return set.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private double trainRate(NDManager manager, TokenizedSet set, boolean bucketing) throws Exception {
        TrainingConfig c = new TrainingConfig("sst2", "train", null,
                new TrainingConfig.Method(MethodKind.FULL.spelling(), null, null, null, null, null, null, null), 2e-5, batchSize, steps,
                maxLength, Schedule.LINEAR.spelling(), 0.06, 0.01, 1.0, 1, 0.1, new TrainingConfig.Seeds(1L, 1L, 1L), null);
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
