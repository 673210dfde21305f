package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Checks a study spec and shows every problem at once, or the plan it expands to. */
@Command(name = "validate", description = {"Check a study spec (YAML or JSON) and the inputs it names (every dataset split it",
        "trains on or scores is read whole, every base model checked against its config.json); exit code 2 if invalid."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path file;

    @Option(names = "--data-dir", description = "where relative dataset and model locations point (default: the study file's folder)")
    Path dataDir;

    @Option(names = "--spec-only", description = "check the spec alone, not the datasets and models it names")
    boolean specOnly;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        StudyPlanner.Result result = StudyPlanner.plan(file);
        if (!result.ok()) {
            spec.commandLine().getErr().println(file + " is invalid: " + result.problems().size() + " problem(s)");
            for (Problem p : result.problems()) {
                spec.commandLine().getErr().println("  " + p.path() + ": " + p.message());
            }
            return ExitCodes.INVALID;
        }
        StudyPlan plan = result.plan();
        LocalData data = new LocalData(dataDir != null ? dataDir : file.toAbsolutePath().getParent());
        if (!specOnly) {
            List<Problem> problems = StudyInputs.check(plan, data);
            if (!problems.isEmpty()) {
                spec.commandLine().getErr().println(file + " is invalid: its inputs have " + problems.size() + " problem(s)");
                problems.forEach(p -> spec.commandLine().getErr().println("  " + p));
                return ExitCodes.INVALID;
            }
        }
        spec.commandLine().getOut().println(file + " is valid: study " + plan.studyId()
                + (specOnly ? " (spec only)" : ", every split read and every model checked"));
        if (!specOnly) {
            // run pins local files by content in the local stack's bucket, which changes the spec and so its id
            JsonNode tree = StudyFiles.tree(file);
            JsonNode staged = Staging.locationsOnly(LocalStack.DEFAULT_BUCKET, data).stage(tree);
            if (!staged.equals(tree)) {
                spec.commandLine().getOut().println("modeconn run publishes it as study "
                        + StudyFiles.planOrFail(staged, "the staged study").studyId()
                        + " (local files pinned by content under s3://" + LocalStack.DEFAULT_BUCKET + "/; watch that id)");
            }
        }
        // Endpoints of equal settings have one id and are trained once (docs/study-spec.md, "Sweeps and replicates").
        Map<String, String> firstNamed = new LinkedHashMap<>();
        plan.endpoints().forEach(e -> firstNamed.putIfAbsent(e.id(), e.name()));
        spec.commandLine().getOut().println("endpoints (" + plan.endpoints().size()
                + (firstNamed.size() == plan.endpoints().size() ? "" : " names, " + firstNamed.size()
                + " to train: names with equal settings share one checkpoint") + "):");
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            var c = e.config();
            var subset = c.subset();
            String part = subset == null ? "" : subset.half() != null ? ", half " + subset.half() + " of the data"
                    : subset.fraction() != null ? ", " + subset.fraction() + " of the data" : "";
            spec.commandLine().getOut().printf("  %-20s %s  %s on %s%s, lr %s (%s, warm-up %s), batch %d, %d steps, seeds %s/%s/%s%n", e.name(),
                    e.id(), c.method().describe(), c.task() + "/" + c.trainSplit(), part, c.learningRate(), c.scheduleKind(), c.warmupRatio(),
                    c.batchSize(), c.steps(),
                    c.seeds().init(), c.seeds().data(), c.seeds().dropout());
            if (c.dynamics() != null) {
                spec.commandLine().getOut().printf("  %-20s %s  records training dynamics on %s every %s steps%n", "", " ".repeat(e.id().length()),
                        c.task() + "/" + c.dynamics().split(), c.dynamics().every());
            }
            if (!firstNamed.get(e.id()).equals(e.name())) {
                spec.commandLine().getOut().printf("  %-20s %s  the same endpoint as %s: trained once%n", "", " ".repeat(e.id().length()),
                        firstNamed.get(e.id()));
            }
        }
        for (StudyPlan.Pretraining p : plan.pretraining()) {
            spec.commandLine().getOut().printf("  pre-training %-7s %s  checkpoints at %s%n", p.name(), p.id(), p.checkpointSteps());
        }
        spec.commandLine().getOut().println("paths (" + plan.paths().size() + "):");
        for (StudyPlan.Path p : plan.paths()) {
            spec.commandLine().getOut().printf("  %-20s %s  %s -> %s, %s%s, %d points, eval %s%n", p.name(), p.id(), p.from(), p.to(),
                    p.curve(), p.bends() > 0 ? " (" + p.bends() + " bend" + (p.bends() > 1 ? "s" : "") + ")" : "",
                    p.grid().size(), p.eval());
        }
        return ExitCodes.OK;
    }
}
