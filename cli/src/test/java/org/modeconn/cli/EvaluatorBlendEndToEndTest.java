package org.modeconn.cli;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the interpolator's {@code store-points} off (what {@code modeconn run --no-store-points} sets), the
 * evaluator blends every point itself from the path's control points (a line and a fitted Bezier curve
 * here): no point is stored, every point is scored exactly once, and every score equals the same study's
 * compute done in one process ({@link StudyCompute}) bit for bit.
 */
class EvaluatorBlendEndToEndTest {
    /** Under target/, so that the service logs are there to read after a failure. */
    private final Path work = Path.of("target", "evaluator-blend-e2e").toAbsolutePath();

    @Test
    void pointsBlendedByTheEvaluatorScoreAsTheInProcessComputeAndNoneIsStored() throws Exception {
        PipelineEndToEndTest.deleteRecursively(work);
        Path study = PipelineEndToEndTest.writeStudy(work.resolve("study"), 3);
        StringWriter console = new StringWriter();
        PipelineEndToEndTest.StudyRun run;
        try (LocalStack stack = LocalStack.start(LocalStack.Config.in(work.resolve("stack")).withTopics(org.modeconn.core.events.Topics.ALL));
             Services services = Services.start(stack.endpoints(), work, "-Xmx512m -XX:+UseSerialGC",
                     Map.of("MODECONN_INTERPOLATOR_STORE_POINTS", "false"))) {
            run = PipelineEndToEndTest.runStudy(stack.endpoints(), services, study, new PrintWriter(console));
            assertEquals(StudyStatus.State.COMPLETED, run.outcome().state(), run.outcome().message() + "\n" + console);
            StudyClient.download(services.get("reporter-service").url(), run.plan().studyId(), work.resolve("report"));
            try (ObjectStore store = StackCommand.objectStore(stack.endpoints())) {
                for (StudyPlan.Path p : run.plan().paths()) {
                    String prefix = "studies/" + run.plan().studyId() + "/paths/" + p.id() + "/";
                    assertEquals(0, store.list(prefix + "points/").size(), "no point of " + p.name() + " is stored");
                    assertEquals(p.grid().size(), store.list(prefix + "examples/").size(), "each point of " + p.name() + " scored");
                }
            }
            int points = run.plan().paths().stream().mapToInt(p -> p.grid().size()).sum();
            assertEquals(points, Files.readAllLines(services.get("evaluator-service").log()).stream()
                    .filter(l -> l.contains("control points in")).count(), "each point blended once, by the evaluator");
            assertTrue(Files.readString(services.get("interpolator-service").log()).contains("announced, not stored"));
        }

        Map<String, Double> piped = PipelineBench.pointLosses(work.resolve("report"));
        StudyPlan plan = StudyFiles.planOrFail(study, new PrintWriter(new StringWriter()));
        StudyCompute.Result inProcess = StudyCompute.run(plan, new LocalData(study.getParent()), new PrintWriter(new StringWriter()));
        assertEquals(6, inProcess.losses().size(), "two paths of three points, one split");
        assertEquals(inProcess.losses(), piped, "every point's loss, bit for bit");
    }
}
