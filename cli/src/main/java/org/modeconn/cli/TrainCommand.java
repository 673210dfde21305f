package org.modeconn.cli;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.ml.Djl;
import org.modeconn.ml.EndpointTrainer;
import org.modeconn.ml.eval.EvalResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Trains one endpoint of a study in this process (no services), scores it and saves it. */
@Command(name = "train", description = {"Train one endpoint of a study here, without the services, and score it:",
        "for trying settings and for documented runs."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path study;

    @Option(names = "--endpoint", required = true, description = "endpoint name")
    String endpoint;

    @Option(names = "--data-dir", description = "where relative dataset locations point (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(".");

    @Option(names = "--eval", split = ",", paramLabel = "DATASET/SPLIT", description = "splits to score (default: the study's path eval targets)")
    List<String> eval;

    @Option(names = "--out", description = "save the checkpoint here (.safetensors)")
    Path out;

    @Option(names = "--log-every", description = "print progress every N steps (default: ${DEFAULT-VALUE})")
    int logEvery = 10;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StudyPlan plan = StudyFiles.planOrFail(study, spec.commandLine().getErr());
        StudyPlan.Endpoint e = plan.endpoint(endpoint).orElseThrow(() ->
                new IllegalArgumentException("no endpoint '" + endpoint + "' in " + study));
        List<EvalTarget> targets = eval != null ? eval.stream().map(EvalTarget::parse).toList()
                : plan.paths().stream().flatMap(p -> p.eval().stream()).distinct().toList();
        LocalData data = new LocalData(dataDir);
        var c = e.config();
        out.printf("training %s (%s) on %s: %s, lr %s, batch %d, %d steps, max length %d, seeds %s/%s/%s%n",
                e.name(), e.id(), c.task(), c.method().kind(), c.learningRate(), c.batchSize(), c.steps(), c.maxLength(),
                c.seeds().init(), c.seeds().data(), c.seeds().dropout());
        long started = System.nanoTime();
        try (NDManager manager = Djl.newManager();
             EndpointTrainer.Trained t = EndpointTrainer.train(c, plan.datasets(), data, manager, (step, steps, loss, lr, eps) -> {
                 if (step % logEvery == 0 || step == 1 || step == steps) {
                     out.printf("  step %4d/%d  loss %.4f  lr %.2e  %.1f ex/s  %.0f s%n", step, steps, loss, lr, eps,
                             (System.nanoTime() - started) / 1e9);
                 }
             })) {
            out.printf("trained on %d examples in %.1f s (%.2f s/step); %d trainable tensors; peak RSS %d MiB%n",
                    t.trainExamples(), t.seconds(), t.seconds() / c.steps(), t.trainable().size(), LocalData.peakRssMiB());
            if (t.dynamics() != null) {
                org.modeconn.core.metrics.DataMap map = t.dynamics().dataMap();
                out.printf("training dynamics on %s: %d examples at steps %s; mean confidence %.3f, mean variability %.3f%n",
                        t.dynamics().split(), map.size(), java.util.Arrays.toString(t.dynamics().steps()),
                        java.util.Arrays.stream(map.confidence()).average().orElse(Double.NaN),
                        java.util.Arrays.stream(map.variability()).average().orElse(Double.NaN));
            }
            if (t.skippedSteps() > 0) {
                out.printf("skipped %d step(s) with non-finite gradients (last: %s)%n", t.skippedSteps(), t.lastSkipReason());
            }
            List<String> lines = new ArrayList<>();
            for (EvalTarget target : targets) {
                DatasetSpec d = plan.datasets().get(target.dataset());
                long t0 = System.nanoTime();
                EvalResult r = EndpointTrainer.evaluate(t, d, target.split(), data.resolve(d.splits().get(target.split())), 64);
                double secs = (System.nanoTime() - t0) / 1e9;
                lines.add(String.format("  %-20s n %5d  loss %.4f  accuracy %.4f  macro-F1 %.4f  (%.1f s, %.0f seq/s)",
                        target, r.n(), r.loss(), r.accuracy(), r.macroF1(), secs, r.n() / secs));
            }
            out.println("evaluation:");
            lines.forEach(out::println);
            if (this.out != null) {
                EndpointTrainer.save(t, this.out);
                out.println("saved " + this.out);
                if (t.dynamics() != null) {
                    Path file = this.out.resolveSibling(this.out.getFileName().toString().replaceFirst("\\.safetensors$", "")
                            + ".dynamics.safetensors");
                    t.dynamics().write(file);
                    out.println("saved " + file);
                }
            }
            out.printf("total %.1f s; peak RSS %d MiB%n", (System.nanoTime() - started) / 1e9, LocalData.peakRssMiB());
        }
        return ExitCodes.OK;
    }
}
