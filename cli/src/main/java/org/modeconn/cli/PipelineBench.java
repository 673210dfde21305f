package org.modeconn.cli;

import org.modeconn.core.spec.StudyPlan;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pipeline's overhead and the services' footprint, measured on one study in one run: the study's wall
 * time through {@code modeconn run} (local stack, four service processes, Kafka, the store; started here in
 * a fresh work directory), with points stored and with {@code --no-store-points}, against the same work
 * done in this process ({@link StudyCompute}); while the
 * study runs, every service process is sampled each second for resident memory and CPU time, and the
 * evaluator's memory is followed point by point (a native leak grows with the points scored). The
 * pipeline's scores are compared with the in-process ones. docs/performance.md.
 */
final class PipelineBench {
    /**
     * One sample of one service process: seconds since sampling began, resident memory, CPU time so far (every
     * thread), its threads' context switches so far, and the evaluations the evaluator had logged by then.
     */
    record Sample(double seconds, String service, long rssKiB, double cpuSeconds, ContextSwitches switches, int evaluations) {
    }

    /** What the run measured; {@code maxLossDifference} is over every scored point both ways have. */
    record Result(double pipelineSeconds, StudyCompute.Result inProcess, List<Sample> samples, int comparedPoints,
                  double maxLossDifference, Breakdown breakdown) {
        double overhead() {
            return pipelineSeconds / inProcess.totalSeconds();
        }
    }

    /**
     * Where the pipeline's wall time went, from the service logs: seconds until the trainer started its first job
     * (local stack, staging, four JVMs, Kafka consumer groups), the summed seconds the trainer logged per job (training
     * or fitting, saving and storing) and, of them, in its endpoints' training loops (state saves included), the
     * seconds its training-state saves spent writing the file (in the loop) and uploading it (beside the loop), the
     * interpolator per point (blend and upload), the evaluator per evaluation (download or blend, load, score, upload)
     * and, of that, blending the points it was not given ({@code --no-store-points}), having their control points'
     * files (downloaded and verified once per path), scoring alone, and the store requests for the per-example scores
     * (whether they exist, then storing them).
     */
    record Breakdown(double startupSeconds, double trainingSeconds, double trainingLoopSeconds, double stateWriteSeconds,
                     double stateUploadSeconds, double blendAndStoreSeconds, double evaluationSeconds, double evaluatorBlendSeconds,
                     double evaluatorFetchSeconds, double evaluatorScoreSeconds, double evaluatorStoreSeconds,
                     double reportSeconds, double reportImageSeconds) {
    }

    private PipelineBench() {
    }

    /** How the pipeline runs a study's points: stored by the interpolator (the default), or blended by the evaluators. */
    enum PointMode { STORED, BLENDED }

    /**
     * Runs {@code study} in this process and through the pipeline once per mode, in the enum's order: with points
     * stored by the interpolator (the default) and with {@code --no-store-points} (each evaluator blends the points it
     * scores); prints the figures of each. With several rounds the whole measurement is repeated, the in-process run
     * first in odd rounds and last in even ones ({@link #inProcessFirst}), each pipeline run compared with its own
     * round's in-process run, and the ratios of all rounds are printed together ({@link #roundsSummary}).
     *
     * @param study a study spec without pre-training whose base models are built in or local
     * @param modes the pipeline runs to make, at least one
     * @param rounds how many times to measure, at least 1
     * @return one result per round and mode, rounds in order, modes in the enum's order within a round
     * @throws IOException if the study does not complete through the pipeline
     */
    static List<Result> measure(Path study, LocalData data, Path dataDir, java.util.Set<PointMode> modes, int rounds,
                                PrintWriter out) throws IOException, InterruptedException {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no pipeline mode to run");
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        StudyPlan plan = StudyFiles.planOrFail(study, out);
        long points = plan.paths().stream().mapToLong(p -> (long) p.grid().size() * p.eval().size()).sum();
        out.printf("pipeline overhead on %s: %d endpoint(s), %d path(s), %d evaluation(s)%n", study, plan.endpoints().size(),
                plan.paths().size(), points);
        out.flush();
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                out.printf("round %d of %d, %s%n", round, rounds, inProcessFirst(round) ? "in process first" : "the pipeline first");
                out.flush();
            }
            StudyCompute.Result inProcess = inProcessFirst(round) ? StudyCompute.run(plan, data, out) : null;
            Map<PointMode, Piped> runs = new java.util.EnumMap<>(PointMode.class);
            for (PointMode mode : java.util.EnumSet.copyOf(modes)) {
                runs.put(mode, piped(study, dataDir, mode == PointMode.STORED));
            }
            if (inProcess == null) {
                inProcess = StudyCompute.run(plan, data, out);
            }
            for (Map.Entry<PointMode, Piped> run : runs.entrySet()) {
                Result r = run.getValue().against(inProcess);
                out.printf("with %s:%n", run.getKey() == PointMode.STORED ? "points stored by the interpolator (the default)"
                        : "--no-store-points (the evaluator blends each point from the control points)");
                print(r, out);
                out.flush();
                results.add(r);
            }
        }
        if (rounds > 1) {
            out.print(roundsSummary(results, List.copyOf(java.util.EnumSet.copyOf(modes))));
        }
        return results;
    }

    /** Whether round {@code round} (from 1) runs the study in process before the pipeline: odd rounds do. */
    static boolean inProcessFirst(int round) {
        return round % 2 == 1;
    }

    /**
     * The ratios of every round side by side, per mode: each round's pipeline wall time over its in-process time, the
     * evaluator's scoring over the in-process scoring, and the in-process times themselves, with the median and the
     * range of the overhead over the rounds.
     *
     * @param results as {@link #measure} returns them: per round, one result per mode in {@code modes}' order
     * @param modes the modes each round ran, in the order they ran
     */
    static String roundsSummary(List<Result> results, List<PointMode> modes) {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < modes.size(); m++) {
            List<Result> mode = new ArrayList<>();
            for (int i = m; i < results.size(); i += modes.size()) {
                mode.add(results.get(i));
            }
            double[] overheads = mode.stream().mapToDouble(Result::overhead).sorted().toArray();
            sb.append(String.format(Locale.ROOT, "over %d rounds, points %s: overhead %s; median %.2fx, range %.2f-%.2fx;"
                            + " the evaluator's scoring / in-process scoring %s; in-process work %s s%n",
                    mode.size(), modes.get(m).name().toLowerCase(Locale.ROOT),
                    String.join(", ", mode.stream().map(r -> String.format(Locale.ROOT, "%.2fx", r.overhead())).toList()),
                    median(overheads), overheads[0], overheads[overheads.length - 1],
                    String.join(", ", mode.stream().map(r -> r.inProcess().scoreSeconds() > 0 ? String.format(Locale.ROOT, "%.2fx",
                            r.breakdown().evaluatorScoreSeconds() / r.inProcess().scoreSeconds()) : "-").toList()),
                    String.join(", ", mode.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.inProcess().totalSeconds())).toList())));
        }
        return sb.toString();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A study's run through the pipeline, before it is compared with the in-process run: wall time, samples, log sums, scores. */
    private record Piped(double wallSeconds, List<Sample> samples, Breakdown breakdown, Map<String, Double> losses) {
        /** This run against {@code inProcess}: the overhead, and the largest difference between the scores both have. */
        Result against(StudyCompute.Result inProcess) {
            double maxDiff = 0;
            int compared = 0;
            for (Map.Entry<String, Double> e : inProcess.losses().entrySet()) {
                Double other = losses.get(e.getKey());
                if (other != null) {
                    compared++;
                    maxDiff = Math.max(maxDiff, Math.abs(other - e.getValue()));
                }
            }
            return new Result(wallSeconds, inProcess, samples, compared, maxDiff, breakdown);
        }
    }

    private static Piped piped(Path study, Path dataDir, boolean storePoints) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("modeconn-bench-pipeline");
        try {
            List<Sample> samples = new ArrayList<>();
            double[] firstJob = {Double.NaN};
            Thread sampler = new Thread(() -> sample(work.resolve("logs"), samples, firstJob), "bench-sampler");
            sampler.setDaemon(true);
            StringWriter log = new StringWriter();
            long t0 = System.nanoTime();
            sampler.start();
            int rc = new CommandLine(new RunCommand()).setOut(new PrintWriter(log)).setErr(new PrintWriter(log))
                    .execute(study.toString(), "--data-dir", dataDir.toString(), "--work-dir", work.toString(),
                            storePoints ? "--store-points" : "--no-store-points");
            double wall = (System.nanoTime() - t0) / 1e9;
            sampler.interrupt();
            sampler.join();
            if (rc != ExitCodes.OK) {
                throw new IOException("the study did not complete through the pipeline (exit " + rc + "):\n" + log);
            }
            Path trainerLog = work.resolve("logs/trainer-service.log");
            Breakdown breakdown = new Breakdown(firstJob[0], loggedSeconds(trainerLog, JOB_SECONDS),
                    loggedSeconds(trainerLog, TRAINING_LOOP_SECONDS), loggedSeconds(trainerLog, STATE_WRITE_SECONDS),
                    loggedSeconds(trainerLog, STATE_UPLOAD_SECONDS), loggedSeconds(work.resolve("logs/interpolator-service.log"),
                    BLEND_SECONDS), loggedSeconds(work.resolve("logs/evaluator-service.log"), EVALUATION_SECONDS),
                    loggedSeconds(work.resolve("logs/evaluator-service.log"), EVALUATOR_BLEND_SECONDS),
                    loggedSeconds(work.resolve("logs/evaluator-service.log"), EVALUATOR_FETCH_SECONDS),
                    loggedSeconds(work.resolve("logs/evaluator-service.log"), EVALUATOR_SCORE_SECONDS),
                    loggedSeconds(work.resolve("logs/evaluator-service.log"), EVALUATOR_STORE_SECONDS),
                    loggedSeconds(work.resolve("logs/reporter-service.log"), REPORT_SECONDS),
                    loggedSeconds(work.resolve("logs/reporter-service.log"), REPORT_IMAGE_SECONDS));
            return new Piped(wall, List.copyOf(samples), breakdown, pointLosses(work.resolve("reports")));
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(work);
        }
    }

    private static void print(Result r, PrintWriter out) {
        StudyCompute.Result c = r.inProcess();
        out.printf("pipeline: study through `modeconn run` %.1f s (stack and services started in it); the same work in one"
                        + " process %.1f s (training %.1f, curve fits %.1f, blends %.1f, scoring %.1f); overhead %.2fx%n",
                r.pipelineSeconds(), c.totalSeconds(), c.trainSeconds(), c.fitSeconds(), c.blendSeconds(), c.scoreSeconds(),
                r.overhead());
        Breakdown b = r.breakdown();
        out.printf("  where the pipeline's time went: %.1f s until the first job (stack, staging, services, consumer groups);"
                        + " the trainer logged %.1f s training, fitting and storing, %.1f s of it in endpoints' training loops"
                        + " (in process: %.1f s training and fitting), its training-state saves %.1f s writing in the loops and"
                        + " %.1f s uploading beside them;"
                        + " the interpolator logged %.1f s blending and storing points (in process: %.1f s blending), the evaluator"
                        + " %.1f s fetching or blending, loading, scoring and storing, %.1f s of it blending, %.1f s having the control"
                        + " points, %.1f s scoring and %.1f s in store requests for the per-example scores (in process: %.1f s scoring);"
                        + " the wall time less"
                        + " start-up, training and evaluation, %.1f s, is the interpolator's work where it did not overlap, the"
                        + " hand-offs between stages and the report (the reporter logged %.1f s writing and publishing it, %.1f s"
                        + " of it drawing PNG images)%n", b.startupSeconds(), b.trainingSeconds(), b.trainingLoopSeconds(),
                c.trainSeconds() + c.fitSeconds(), b.stateWriteSeconds(), b.stateUploadSeconds(), b.blendAndStoreSeconds(), c.blendSeconds(),
                b.evaluationSeconds(), b.evaluatorBlendSeconds(), b.evaluatorFetchSeconds(), b.evaluatorScoreSeconds(),
                b.evaluatorStoreSeconds(), c.scoreSeconds(),
                r.pipelineSeconds() - b.startupSeconds() - b.trainingSeconds() - b.evaluationSeconds(), b.reportSeconds(),
                b.reportImageSeconds());
        out.printf("pipeline scores vs in-process: %d of %d point scores compared, max |loss difference| %.2e%n",
                r.comparedPoints(), c.evaluations(), r.maxLossDifference());
        out.printf("  the in-process reference ran with %s; the services with java options '%s' and OMP_WAIT_POLICY %s"
                        + " (for the services' collector and heap in the reference too: MODECONN_JAVA_OPTS=\"%s\")%n",
                JvmSettings.current().describe(), RunCommand.SERVICE_JAVA_OPTIONS, JvmSettings.servicesWaitPolicy(System.getenv()),
                RunCommand.SERVICE_JAVA_OPTIONS);
        Map<String, List<Sample>> byService = new LinkedHashMap<>();
        for (String s : Services.NAMES) {
            byService.put(s, r.samples().stream().filter(x -> x.service().equals(s)).toList());
        }
        byService.forEach((service, list) -> {
            if (list.isEmpty()) {
                return;
            }
            long peak = list.stream().mapToLong(Sample::rssKiB).max().orElse(0);
            double cpu = list.get(list.size() - 1).cpuSeconds();
            double span = list.get(list.size() - 1).seconds() - list.get(0).seconds();
            out.printf("  %-21s peak RSS %5d MiB, CPU %.1f s over %.0f s (%.1f%% of one core)%n", service, peak / 1024, cpu, span,
                    span > 0 ? 100 * cpu / span : 0);
        });
        Map<String, Double> cores = coresWhileScoring(r.samples());
        if (!cores.isEmpty()) {
            out.printf("  cores busy while the evaluator scored (from its first to its last evaluation): %s; together %.2f of %d;"
                            + " scoring in process kept %.2f busy%n",
                    String.join(", ", cores.entrySet().stream().map(e -> String.format("%s %.2f", e.getKey()
                            + (e.getKey().equals(THIS_PROCESS) ? " (Kafka broker, S3 server, watcher)" : ""), e.getValue())).toList()),
                    cores.values().stream().mapToDouble(Double::doubleValue).sum(), Runtime.getRuntime().availableProcessors(),
                    c.scoreSeconds() > 0 ? c.scoreCpuSeconds() / c.scoreSeconds() : 0);
        }
        Map<String, double[]> switches = switchesWhileScoring(r.samples());
        if (!switches.isEmpty()) {
            out.printf("  context switches per second while the evaluator scored, voluntary/involuntary (a thread slept / was"
                            + " preempted): %s; scoring in process %.0f/%.0f%n",
                    String.join(", ", switches.entrySet().stream().map(e -> String.format("%s %.0f/%.0f", e.getKey(),
                            e.getValue()[0], e.getValue()[1])).toList()),
                    c.scoreSeconds() > 0 ? c.scoreSwitches().voluntary() / c.scoreSeconds() : 0,
                    c.scoreSeconds() > 0 ? c.scoreSwitches().involuntary() / c.scoreSeconds() : 0);
        }
        List<Sample> evaluator = byService.get("evaluator-service");
        int total = evaluator.isEmpty() ? 0 : evaluator.get(evaluator.size() - 1).evaluations();
        Optional<Sample> early = evaluator.stream().filter(s -> s.evaluations() >= Math.max(1, total / 10)).findFirst();
        if (early.isPresent()) {
            long after = evaluator.stream().filter(s -> s.evaluations() >= early.get().evaluations())
                    .mapToLong(Sample::rssKiB).max().orElse(0);
            long last = evaluator.get(evaluator.size() - 1).rssKiB();
            out.printf("  evaluator memory: %d MiB after %d evaluations, at most %d MiB after that, %d MiB after all %d;"
                            + " least-squares growth after the first tenth %+.1f MiB per 100 evaluations (MALLOC_ARENA_MAX %s)%n",
                    early.get().rssKiB() / 1024, early.get().evaluations(), after / 1024, last / 1024, total,
                    growthMiBPer100(evaluator, early.get().evaluations()), System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
        }
    }

    /**
     * The slope of resident memory against evaluations done, over the samples from {@code from} evaluations on
     * (ordinary least squares, commons-math3's {@code SimpleRegression}), in MiB per 100 evaluations; NaN with
     * fewer than two distinct counts.
     */
    static double growthMiBPer100(List<Sample> samples, int from) {
        org.apache.commons.math3.stat.regression.SimpleRegression fit = new org.apache.commons.math3.stat.regression.SimpleRegression();
        samples.stream().filter(x -> x.evaluations() >= from).forEach(x -> fit.addData(x.evaluations(), x.rssKiB() / 1024.0));
        return 100 * fit.getSlope();
    }

    /** The samples of the bench's own process, which hosts the local stack (Kafka broker, S3 server) and the watcher. */
    static final String THIS_PROCESS = "this process";

    /**
     * The cores each process kept busy while the evaluator scored: from the first sample that counts an evaluation
     * to the first that counts them all, the CPU seconds each process used in that span divided by its length,
     * keyed by service ({@link #THIS_PROCESS} for the bench's own); empty if no span of at least two samples.
     *
     * @param samples every process's samples, in time order per process
     */
    static Map<String, Double> coresWhileScoring(List<Sample> samples) {
        return perSecondWhileScoring(samples, Sample::cpuSeconds);
    }

    /**
     * Each process's voluntary and involuntary context switches per second while the evaluator scored (the span of
     * {@link #coresWhileScoring}), keyed by service; empty if no such span.
     */
    static Map<String, double[]> switchesWhileScoring(List<Sample> samples) {
        Map<String, Double> voluntary = perSecondWhileScoring(samples, x -> x.switches().voluntary());
        Map<String, Double> involuntary = perSecondWhileScoring(samples, x -> x.switches().involuntary());
        Map<String, double[]> both = new LinkedHashMap<>();
        voluntary.forEach((process, v) -> both.put(process, new double[]{v, involuntary.get(process)}));
        return both;
    }

    /** How fast {@code counter} grew per second in each process over the span of {@link #coresWhileScoring}. */
    private static Map<String, Double> perSecondWhileScoring(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> counter) {
        int total = samples.stream().mapToInt(Sample::evaluations).max().orElse(0);
        double from = samples.stream().filter(x -> x.evaluations() >= 1).mapToDouble(Sample::seconds).min().orElse(Double.NaN);
        double to = samples.stream().filter(x -> x.evaluations() >= total).mapToDouble(Sample::seconds).min().orElse(Double.NaN);
        Map<String, Double> cores = new LinkedHashMap<>();
        if (total == 0 || !(to > from)) {
            return cores;
        }
        Map<String, List<Sample>> byProcess = new LinkedHashMap<>();
        samples.forEach(x -> byProcess.computeIfAbsent(x.service(), k -> new ArrayList<>()).add(x));
        byProcess.forEach((process, list) -> {
            Optional<Sample> first = list.stream().filter(x -> x.seconds() == from).findFirst();
            Optional<Sample> last = list.stream().filter(x -> x.seconds() == to).findFirst();
            if (first.isPresent() && last.isPresent()) {
                cores.put(process, (counter.applyAsDouble(last.get()) - counter.applyAsDouble(first.get())) / (to - from));
            }
        });
        return cores;
    }

    /** Samples every service process below this one, and this one, each second until interrupted; notes when the first job began. */
    private static void sample(Path logs, List<Sample> into, double[] firstJob) {
        long t0 = System.nanoTime();
        Map<Long, ContextSwitches.Counter> switches = new java.util.HashMap<>();
        while (!Thread.currentThread().isInterrupted()) {
            int evaluations = evaluations(logs.resolve("evaluator-service.log"));
            double now = (System.nanoTime() - t0) / 1e9;
            if (Double.isNaN(firstJob[0]) && contains(logs.resolve("trainer-service.log"), "training endpoint ")) {
                firstJob[0] = now;
            }
            ProcessHandle.current().descendants().forEach(p -> service(p).ifPresent(s -> {
                long rss = ResidentMemory.of(p.pid()).totalKiB();
                double cpu = StudyCompute.cpuSeconds(p);
                ContextSwitches switched = switches.computeIfAbsent(p.pid(), ContextSwitches.Counter::new).read();
                if (rss > 0) {
                    synchronized (into) {
                        into.add(new Sample(now, s, rss, cpu, switched, evaluations));
                    }
                }
            }));
            synchronized (into) {
                into.add(new Sample(now, THIS_PROCESS, ResidentMemory.of(ProcessHandle.current().pid()).totalKiB(),
                        StudyCompute.processCpuSeconds(),
                        switches.computeIfAbsent(ProcessHandle.current().pid(), ContextSwitches.Counter::new).read(), evaluations));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Optional<String> service(ProcessHandle p) {
        String args = String.join(" ", p.info().arguments().orElse(new String[0]));
        return Services.NAMES.stream().filter(n -> args.contains("/" + n + "/")).findFirst();
    }

    /** Points scored so far: the evaluator logs one line per point and split ("... (N examples, S s)"). */
    private static int evaluations(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return (int) lines.filter(l -> l.contains(" examples, ")).count();
        } catch (IOException | java.io.UncheckedIOException notYet) {
            return 0;
        }
    }

    /** The trainer's line per job: "... S s in all". */
    static final java.util.regex.Pattern JOB_SECONDS = java.util.regex.Pattern.compile(" ([0-9.]+) s in all$");
    /** The trainer's line per endpoint: "... S s training, T s in all" (the loop, state saves included). */
    static final java.util.regex.Pattern TRAINING_LOOP_SECONDS = java.util.regex.Pattern.compile(" ([0-9.]+) s training, ");
    /** The trainer's line per training-state save: "... (N MB; written in W s, uploaded in U s beside training)". */
    static final java.util.regex.Pattern STATE_WRITE_SECONDS = java.util.regex.Pattern.compile("; written in ([0-9.]+) s, uploaded in ");
    static final java.util.regex.Pattern STATE_UPLOAD_SECONDS = java.util.regex.Pattern.compile(", uploaded in ([0-9.]+) s beside training\\)");
    /** The interpolator's line per point: "... N bytes in S s". */
    static final java.util.regex.Pattern BLEND_SECONDS = java.util.regex.Pattern.compile(" bytes in ([0-9.]+) s");
    /** The evaluator's line per point it blends itself: "...: control points ready in F s, blended from K control points in S s". */
    static final java.util.regex.Pattern EVALUATOR_BLEND_SECONDS = java.util.regex.Pattern.compile(" control points in ([0-9.]+) s$");
    /** The same line's time to have the control points' files (downloaded and verified for a path's first point). */
    static final java.util.regex.Pattern EVALUATOR_FETCH_SECONDS = java.util.regex.Pattern.compile(" control points ready in ([0-9.]+) s");
    /** The reporter's line per study: "study X: report written and published in S s (N charts; PNG images drawn in P s)". */
    static final java.util.regex.Pattern REPORT_SECONDS = java.util.regex.Pattern.compile(" report written and published in ([0-9.]+) s");
    static final java.util.regex.Pattern REPORT_IMAGE_SECONDS = java.util.regex.Pattern.compile("; PNG images drawn in ([0-9.]+) s\\)");
    /** The evaluator's line per point and split: "... (N examples, S s; scoring X s, store requests Y s)". */
    static final java.util.regex.Pattern EVALUATION_SECONDS = java.util.regex.Pattern.compile(" examples, ([0-9.]+) s[;)]");
    /** The same line's seconds of scoring alone. */
    static final java.util.regex.Pattern EVALUATOR_SCORE_SECONDS = java.util.regex.Pattern.compile("; scoring ([0-9.]+) s,");
    /** The same line's seconds in the store's two requests for the per-example scores. */
    static final java.util.regex.Pattern EVALUATOR_STORE_SECONDS = java.util.regex.Pattern.compile(" store requests ([0-9.]+) s\\)");

    /** The sum of the seconds a service logged, one match of {@code pattern} per line. */
    static double loggedSeconds(Path log, java.util.regex.Pattern pattern) throws IOException {
        double sum = 0;
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher m = pattern.matcher(line);
            if (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return sum;
    }

    private static boolean contains(Path log, String text) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | java.io.UncheckedIOException notYet) {
            return false;
        }
    }

    /** Mean loss per point from the report's points.csv, keyed as {@link StudyCompute.Result#losses()}. */
    static Map<String, Double> pointLosses(Path reports) throws IOException {
        Map<String, Double> losses = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path csv : files.filter(f -> f.getFileName().toString().equals("points.csv")).toList()) {
                List<String> lines = Files.readAllLines(csv);
                List<String> header = List.of(lines.get(0).split(","));
                int path = header.indexOf("path");
                int dataset = header.indexOf("dataset");
                int index = header.indexOf("index");
                int loss = header.indexOf("loss");
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    losses.put(f[path] + "/" + f[index] + "/" + f[dataset], Double.parseDouble(f[loss]));
                }
            }
        }
        return losses;
    }
}
