package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.spec.StudyPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Publishes a study to a running deployment. The spec must name its data where the services can read
 * it ({@code s3://} in the deployment's bucket); it is validated here first.
 */
@Command(name = "submit", description = {"Publish a study to an existing deployment's Kafka (data must already be in its object store).",
        "Prints the study id; follow it with `modeconn watch`."})
final class SubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "study spec, .yaml or .json")
    Path study;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        StudyFiles.planOrFail(study, spec.commandLine().getErr());
        JsonNode tree = StudyFiles.tree(study);
        StudyPlan plan = StudyFiles.planOrFail(tree, study.toString());
        StudyClient.publish(bootstrap, plan.studyId(), tree);
        spec.commandLine().getOut().println(plan.studyId());
        return ExitCodes.OK;
    }
}
