package org.modeconn.cli;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.spec.PretrainSpec;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.MlmBatches;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.VocabularyPruner;
import org.modeconn.ml.model.EncoderConfig;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;
import org.modeconn.ml.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs one pre-training run of a study here: masked-LM from scratch, checkpoints as Hugging Face directories. */
@Command(name = "pretrain", description = {"Pre-train a small RoBERTa-style encoder from scratch (masked LM) as a study's",
        "pre-training run says; writes OUT/step-N/ (a Hugging Face directory) at every checkpoint."})
final class PretrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path study;

    @Option(names = "--run", required = true, description = "pre-training run name")
    String run;

    @Option(names = "--data-dir", description = "where relative corpus locations point (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".");

    @Option(names = "--out", required = true, description = "output directory")
    Path outDir;

    @Option(names = "--held-out-sequences", description = "held-out sequences scored for perplexity (default: ${DEFAULT-VALUE})")
    int heldOutSequences = 256;

    @Option(names = "--log-every", description = "print progress every N steps (default: ${DEFAULT-VALUE})")
    int logEvery = 50;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PretrainSpec p = StudyFiles.planOrFail(study, spec.commandLine().getErr()).spec().pretraining().get(run);
        if (p == null) {
            throw new IllegalArgumentException("no pre-training run '" + run + "' in " + study);
        }
        LocalData data = new LocalData(dataDir);
        List<String> trainLines = Files.readAllLines(data.resolve(p.corpus().train()), StandardCharsets.UTF_8);
        List<String> heldOutLines = p.corpus().heldOut() != null
                ? Files.readAllLines(data.resolve(p.corpus().heldOut()), StandardCharsets.UTF_8)
                : trainLines.subList(trainLines.size() * 19 / 20, trainLines.size());
        if (p.corpus().heldOut() == null) {
            trainLines = trainLines.subList(0, trainLines.size() * 19 / 20);
        }
        PretrainSpec.ModelConfig m = p.config();
        if (m.maxPositions() < p.maxLength() + VocabularyPruner.PAD_ID + 1) {
            throw new IllegalArgumentException("maxPositions " + m.maxPositions() + " must be at least maxLength + 2 = "
                    + (p.maxLength() + 2) + " (RoBERTa counts positions from padding_idx + 1)");
        }
        EncoderConfig config = new EncoderConfig("roberta", m.vocabSize(), m.hidden(), m.layers(), m.heads(), m.intermediate(),
                m.maxPositions(), 1, 1e-5, 0.1, 0.1, VocabularyPruner.PAD_ID, "cls", 0);
        long seed = p.seed() == null ? 0 : p.seed();
        double maskProbability = p.maskProbability() == null ? 0.15 : p.maskProbability();
        long started = System.nanoTime();
        try (NDManager manager = Djl.newManager()) {
            byte[] tokenizerJson;
            try (Pretrained minilm = Pretrained.miniLm(manager)) {
                tokenizerJson = VocabularyPruner.prune(minilm.tokenizerJson(), trainLines, m.vocabSize());
            }
            try (TextTokenizer tokenizer = TextTokenizer.fromJson(tokenizerJson, TextTokenizer.UNLIMITED); Weights w = new Weights(manager)) {
                List<TextTokenizer.Tokens> train = MlmBatches.pack(trainLines, tokenizer, p.maxLength(), 0, 2);
                List<TextTokenizer.Tokens> heldOut = MlmBatches.pack(heldOutLines, tokenizer, p.maxLength(), 0, 2);
                heldOut = heldOut.subList(0, Math.min(heldOut.size(), heldOutSequences));
                out.printf("pre-training %s: %d layers, hidden %d, %d heads, vocabulary %d; %d training and %d held-out sequences of <= %d tokens%n",
                        run, m.layers(), m.hidden(), m.heads(), m.vocabSize(), train.size(), heldOut.size(), p.maxLength());
                Pretrainer.init(w, config, seed);
                Files.createDirectories(outDir);
                Path summary = outDir.resolve("perplexity.tsv");
                Files.writeString(summary, "step\theld_out_perplexity\tseconds\n");
                Pretrainer.Settings s = new Pretrainer.Settings(p.steps(), p.checkpointEvery(), p.learningRate(), p.batchSize(),
                        maskProbability, seed, 0.06, 0.01, 1.0);
                Pretrainer.train(w, config, s, train, heldOut, 4, VocabularyPruner.SPECIALS.size(), (step, ppl, weights) -> {
                    Path dir = outDir.resolve("step-" + step);
                    new Pretrained(config, weights, tokenizerJson).export(dir);
                    double secs = (System.nanoTime() - started) / 1e9;
                    out.printf("checkpoint step %d: held-out perplexity %.2f (%.0f s) -> %s%n", step, ppl, secs, dir);
                    Files.writeString(summary, String.format("%d\t%.4f\t%.0f%n", step, ppl, secs),
                            java.nio.file.StandardOpenOption.APPEND);
                }, (step, steps, loss, lr, eps) -> {
                    if (step % logEvery == 0 || step == 1) {
                        out.printf("  step %5d/%d  masked-LM loss %.4f  lr %.2e  %.1f seq/s%n", step, steps, loss, lr, eps);
                    }
                });
            }
        }
        out.printf("done in %.0f s; peak RSS %d MiB%n", (System.nanoTime() - started) / 1e9, LocalData.peakRssMiB());
        return ExitCodes.OK;
    }
}
