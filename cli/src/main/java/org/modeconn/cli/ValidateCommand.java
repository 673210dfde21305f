package org.modeconn.cli;

import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Checks a study spec and shows every problem at once, or the plan it expands to. */
@Command(name = "validate", description = "Check a study spec (YAML or JSON); exit code 2 if it is invalid.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path file;

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
        spec.commandLine().getOut().println(file + " is valid: study " + plan.studyId());
        spec.commandLine().getOut().println("endpoints (" + plan.endpoints().size() + "):");
        for (StudyPlan.Endpoint e : plan.endpoints()) {
            var c = e.config();
            spec.commandLine().getOut().printf("  %-20s %s  %s on %s, lr %s, batch %d, %d steps, seeds %s/%s/%s%n", e.name(), e.id(),
                    c.method().kind(), c.task(), c.learningRate(), c.batchSize(), c.steps(),
                    c.seeds().init(), c.seeds().data(), c.seeds().dropout());
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
