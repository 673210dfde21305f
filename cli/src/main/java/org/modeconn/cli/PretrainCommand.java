package org.modeconn.cli;

import org.modeconn.core.spec.PretrainSpec;
import org.modeconn.ml.PretrainRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        PretrainSpec.ModelConfig m = p.config();
        long started = System.nanoTime();
        Files.createDirectories(outDir);
        Path summary = outDir.resolve("perplexity.tsv");
        Files.writeString(summary, "step\theld_out_perplexity\tseconds\n");
        out.printf("pre-training %s: %d layers, hidden %d, %d heads, vocabulary %d, sequences of <= %d tokens%n",
                run, m.layers(), m.hidden(), m.heads(), m.vocabSize(), p.maxLength());
        PretrainRun.Summary done = PretrainRun.run(p, data, heldOutSequences, (step, ppl, checkpoint) -> {
            Path dir = outDir.resolve("step-" + step);
            checkpoint.export(dir);
            double secs = (System.nanoTime() - started) / 1e9;
            out.printf("checkpoint step %d: held-out perplexity %.2f (%.0f s) -> %s%n", step, ppl, secs, dir);
            Files.writeString(summary, String.format("%d\t%.4f\t%.0f%n", step, ppl, secs), java.nio.file.StandardOpenOption.APPEND);
        }, (step, steps, loss, lr, eps) -> {
            if (step % logEvery == 0 || step == 1) {
                out.printf("  step %5d/%d  masked-LM loss %.4f  lr %.2e  %.1f seq/s%n", step, steps, loss, lr, eps);
            }
        });
        out.printf("%d training and %d held-out sequences%n", done.trainSequences(), done.heldOutSequences());
        out.printf("done in %.0f s; peak RSS %d MiB%n", (System.nanoTime() - started) / 1e9, LocalData.peakRssMiB());
        return ExitCodes.OK;
    }
}
