package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The embedded default: a study end to end on this machine, through the same services and topics as
 * in a cluster. Rerunning the same study in the same work directory resumes it: finished checkpoints,
 * points and scores are found in the store and only announced again.
 */
@Command(name = "run", description = {"Run a study end to end here: start the local stack and the four services,",
        "upload the data, publish the study, show progress, print the results and write the report."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path study;

    @Option(names = "--data-dir", description = "where relative dataset and model locations point (default: the study file's folder)")
    Path dataDir;

    @Option(names = "--work-dir", description = "stack data, service logs and caches (default: ${DEFAULT-VALUE})")
    Path workDir = Path.of(".modeconn");

    @Option(names = "--out", description = "report folder (default: WORK-DIR/reports/STUDY-ID)")
    Path out;

    @Option(names = "--timeout", description = "give up after this many minutes (default: ${DEFAULT-VALUE})")
    long timeoutMinutes = 24 * 60;

    /** The services' JVM options unless {@code --service-java-options} is given: a small heap, the serial collector. */
    static final String SERVICE_JAVA_OPTIONS = "-Xmx1g -XX:+UseSerialGC";

    @Option(names = "--service-java-options", description = "JVM options of each service (default: ${DEFAULT-VALUE})")
    String serviceJavaOptions = SERVICE_JAVA_OPTIONS;

    @Option(names = "--store-points", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "store every path point's parameters (the default); with --no-store-points the evaluator blends"
                    + " each point from the path's control points and no point crosses the store (docs/performance.md)")
    boolean storePoints = true;

    /** Exit status after Ctrl-C (128 + SIGINT), as shells expect. */
    static final int INTERRUPTED = 130;

    private volatile boolean stopping;
    private volatile Services services;
    private volatile LocalStack stack;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StudyPlan local = StudyFiles.planOrFail(study, err); // every problem, before anything starts
        JsonNode tree = StudyFiles.tree(study);
        LocalData data = new LocalData(dataDir != null ? dataDir : study.toAbsolutePath().getParent());
        StudyFiles.checkInputsOrFail(local, data, study, err); // every split read, every model checked
        Thread stopper = new Thread(() -> {
            stopping = true;
            err.println();
            err.println("stopping the services and the local stack...");
            err.flush();
            stopAll();
        }, "modeconn-run-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: stop the services and the stack cleanly
        long started = System.nanoTime();
        try {
            LocalStack.Endpoints endpoints = stack(out);
            out.println("starting the services (logs in " + workDir.resolve("logs") + ")");
            out.flush();
            // The JVMs start while the inputs are staged; the study is published once all four are ready.
            services = Services.launch(endpoints, workDir, serviceJavaOptions,
                    Map.of("MODECONN_INTERPOLATOR_STORE_POINTS", String.valueOf(storePoints)));
            JsonNode staged;
            try (ObjectStore store = StackCommand.objectStore(endpoints)) {
                staged = new Staging(store, data, out).stage(tree);
            }
            StudyPlan plan = StudyFiles.planOrFail(staged, "the staged study");
            out.printf("study %s: %d endpoint(s), %d path(s), %d point(s) to score%n", plan.studyId(), plan.endpoints().size(),
                    plan.paths().size(), plan.paths().stream().mapToLong(p -> (long) p.grid().size() * p.eval().size()).sum());
            out.flush();
            services.awaitReady();
            StudyWatcher.Outcome outcome;
            try (StudyWatcher watcher = new StudyWatcher(endpoints.kafkaBootstrapServers(), plan.studyId(), false)) {
                StudyClient.publish(endpoints.kafkaBootstrapServers(), plan.studyId(), staged);
                Services pipeline = services;
                outcome = watcher.await(out, () -> stopping ? "stopped" : pipeline.deadService(),
                        Duration.ofMinutes(timeoutMinutes));
            }
            if (stopping) {
                err.println("stopped; run the same command again to resume (finished work is kept)");
                return INTERRUPTED;
            }
            return finish(outcome, plan, (System.nanoTime() - started) / 60e9, out, err);
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    /** The stack already running in the work directory, or a new one that this command owns. */
    private LocalStack.Endpoints stack(PrintWriter out) throws IOException {
        Path stackDir = workDir.resolve("stack");
        Optional<LocalStack.Endpoints> running = LocalStack.findRunning(stackDir);
        if (running.isPresent()) {
            out.println("using the local stack already running in " + stackDir + " (pid " + running.get().pid() + ")");
            return running.get();
        }
        stack = LocalStack.start(LocalStack.Config.in(stackDir).withTopics(Topics.ALL));
        LocalStack.Endpoints endpoints = stack.endpoints();
        out.printf("local stack up: Kafka %s, S3 %s%n", endpoints.kafkaBootstrapServers(), endpoints.s3Endpoint());
        return endpoints;
    }

    /** Says how the study ended; on success fetches the report and prints the results table. */
    private int finish(StudyWatcher.Outcome outcome, StudyPlan plan, double minutes, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        if (outcome.state() == StudyStatus.State.REJECTED) {
            err.println("the study was rejected:");
            outcome.errors().forEach(p -> err.println("  " + p));
            return ExitCodes.INVALID;
        }
        if (outcome.state() != StudyStatus.State.COMPLETED) {
            err.println("the study failed: " + outcome.message());
            err.println("service logs: " + workDir.resolve("logs"));
            return ExitCodes.FAILED;
        }
        Path reportDir = this.out != null ? this.out : workDir.resolve("reports").resolve(plan.studyId());
        StudyClient.download(services.get("reporter-service").url(), plan.studyId(), reportDir);
        out.println();
        StudyClient.printResults(out, plan, outcome.report() == null ? List.of() : outcome.report().paths());
        out.printf("%nreport: %s (also report.json, points.csv, charts/); %.1f minutes%n", reportDir.resolve("report.html"),
                minutes);
        return ExitCodes.OK;
    }

    private synchronized void stopAll() {
        if (stack != null) {
            stack.withdraw(); // no other command attaches to it while the services stop
        }
        if (services != null) {
            services.close();
            services = null;
        }
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
