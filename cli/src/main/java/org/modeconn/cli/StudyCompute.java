package org.modeconn.cli;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.path.Curve;
import org.modeconn.core.pipeline.PathPoints;
import org.modeconn.core.pipeline.ScoringTask;
import org.modeconn.core.pipeline.ScoringTasks;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.CurveTrainer;
import org.modeconn.ml.Djl;
import org.modeconn.ml.EndpointTrainer;
import org.modeconn.ml.PointModel;
import org.modeconn.ml.eval.PointScoring;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;
import org.modeconn.ml.train.CurveFitter;
import org.modeconn.ml.train.TrainingListener;
import org.modeconn.ml.train.TrainingState;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's compute in this one process, stage after stage, with no Kafka, no store and no services: every
 * endpoint trained, every curve fitted, every point blended into the engine's arrays and scored on every split its
 * path names, with the same library calls the services make. The reference of the benchmark's
 * pipeline-overhead figure (docs/performance.md): what the study costs when nothing but the work is done.
 * Studies with pre-training runs or base models in a store are refused (the benchmark's study has neither).
 */
final class StudyCompute {
    /** Evaluation batch size: the evaluator service's default ({@code modeconn.evaluator.batch-size}). */
    static final int EVAL_BATCH = 64;

    /**
     * Seconds spent in each stage, and every score.
     *
     * @param scoreCpuSeconds CPU time this process used while scoring (all its threads, the engine's included), in
     *                        seconds; divided by {@code scoreSeconds} it is the cores the scoring kept busy
     * @param scoreSwitches this process's context switches while scoring, summed over the scoring calls
     * @param losses mean loss per scored point, keyed {@code "PATH/INDEX/DATASET/SPLIT"} as in points.csv
     */
    record Result(double trainSeconds, double fitSeconds, double blendSeconds, double scoreSeconds, double scoreCpuSeconds,
                  ContextSwitches scoreSwitches, int evaluations, Map<String, Double> losses) {
        double totalSeconds() {
            return trainSeconds + fitSeconds + blendSeconds + scoreSeconds;
        }
    }

    /** Told after each evaluation scored in process, with the number scored so far (the memory bench samples there). */
    @FunctionalInterface
    interface EvaluationListener {
        EvaluationListener NONE = done -> {
        };

        void evaluated(int done);
    }

    private StudyCompute() {
    }

    /** {@link #run(StudyPlan, LocalData, PrintWriter, EvaluationListener)} with no listener. */
    static Result run(StudyPlan plan, LocalData data, PrintWriter out) throws IOException {
        return run(plan, data, out, EvaluationListener.NONE);
    }

    /**
     * Runs every stage of {@code plan} here, in a temporary folder deleted afterwards.
     *
     * @throws IllegalArgumentException for a study with pre-training runs or a base model that is not built in or local
     */
    static Result run(StudyPlan plan, LocalData data, PrintWriter out, EvaluationListener listener) throws IOException {
        if (!plan.pretraining().isEmpty()) {
            throw new IllegalArgumentException("the in-process reference does not pre-train: choose a study without `pretraining`");
        }
        Path dir = Files.createTempDirectory("modeconn-compute");
        try (NDManager manager = Djl.newManager()) {
            Map<String, Path> checkpoints = new HashMap<>();
            long t0 = System.nanoTime();
            for (StudyPlan.Endpoint e : plan.endpoints()) {
                try (EndpointTrainer.Trained t = EndpointTrainer.train(e.config(), plan.datasets(), data, manager,
                        TrainingListener.NONE)) {
                    Path file = dir.resolve(e.id() + ".safetensors");
                    EndpointTrainer.save(t, file);
                    checkpoints.put(e.id(), file);
                    out.printf("  in process: trained %s (%d steps, %.1f s)%n", e.name(), e.config().steps(), t.seconds());
                }
            }
            double train = seconds(t0);
            t0 = System.nanoTime();
            for (StudyPlan.Path p : plan.paths()) {
                if (p.bends() > 0) {
                    fit(plan, p, data, manager, checkpoints, dir);
                }
            }
            double fit = seconds(t0);
            double blend = 0;
            double score = 0;
            double scoreCpu = 0;
            ContextSwitches.Counter switches = new ContextSwitches.Counter(ProcessHandle.current().pid());
            ContextSwitches scoreSwitches = ContextSwitches.NONE;
            Map<String, Double> losses = new LinkedHashMap<>();
            try (PointScoring scoring = new PointScoring(ref -> Pretrained.load(ref, manager), data, EVAL_BATCH)) {
                for (StudyPlan.Path p : plan.paths()) {
                    List<Path> controls = new ArrayList<>();
                    for (String id : TrainingJobs.controlPoints(p)) {
                        controls.add(checkpoints.get(id));
                    }
                    List<SafetensorsReader> readers = PathPoints.open(controls);
                    try {
                        for (int i = 0; i < p.grid().size(); i++) {
                            long b0 = System.nanoTime();
                            try (Weights point = PointModel.blend(manager, plan, p, i, readers)) {
                                blend += seconds(b0);
                                for (ScoringTask task : ScoringTasks.of(plan, p.id())) {
                                    Path head = task.crossTask() ? checkpoints.get(task.settings().id()) : null;
                                    ContextSwitches w0 = switches.read();
                                    long s0 = System.nanoTime();
                                    double c0 = processCpuSeconds();
                                    losses.put(p.name() + "/" + i + "/" + task.target(), scoring.score(task.base(), task, point, head).loss());
                                    score += seconds(s0);
                                    scoreCpu += processCpuSeconds() - c0;
                                    scoreSwitches = scoreSwitches.plus(switches.read().minus(w0));
                                    listener.evaluated(losses.size());
                                }
                            }
                        }
                    } finally {
                        PathPoints.close(readers);
                    }
                }
            }
            out.printf("  in process: %d point(s) blended in %.1f s and scored %d time(s) in %.1f s (%.2f cores busy)%n",
                    plan.paths().stream().mapToInt(p -> p.grid().size()).sum(), blend, losses.size(), score,
                    score > 0 ? scoreCpu / score : 0);
            return new Result(train, fit, blend, score, scoreCpu, scoreSwitches, losses.size(), losses);
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    private static void fit(StudyPlan plan, StudyPlan.Path p, LocalData data, NDManager manager, Map<String, Path> checkpoints,
                            Path dir) throws IOException {
        TrainingConfig c = plan.endpoint(p.from()).orElseThrow().config();
        CurveFitter.Result r;
        try (Pretrained base = Pretrained.load(c.baseRef(), manager)) {
            r = CurveTrainer.fit(base, c, plan.datasets(), data, checkpoints.get(p.fromId()), checkpoints.get(p.toId()),
                    Curve.of(p.curve(), p.bends()), p.fit(), TrainingListener.NONE, TrainingState.Store.NONE);
        }
        List<String> ids = TrainingJobs.bendIds(p);
        for (int j = 0; j < ids.size(); j++) {
            Path file = dir.resolve(ids.get(j) + ".safetensors");
            CurveTrainer.saveBend(r.bends().get(j), file, Map.of());
            checkpoints.put(ids.get(j), file);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** CPU time of this whole process so far (every thread, native ones included), in seconds; NaN where not told. */
    static double processCpuSeconds() {
        return cpuSeconds(ProcessHandle.current());
    }

    /** CPU time of process {@code p} so far (every thread), in seconds; NaN where the system does not tell. */
    static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
