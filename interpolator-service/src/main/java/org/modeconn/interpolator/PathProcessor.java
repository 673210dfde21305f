package org.modeconn.interpolator;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.service.Inbox;
import org.modeconn.service.StudyCatalog;

/**
 * Writes a path's points as soon as every control point of the path exists: when a checkpoint
 * arrives, and when a study is (re)requested, since its checkpoints may all exist already.
 */
@ApplicationScoped
public class PathProcessor {
    private final Inbox inbox;
    private final StudyCatalog catalog;
    private final PointWriter writer;

    PathProcessor(Inbox inbox, StudyCatalog catalog, PointWriter writer) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.writer = writer;
    }

    @Incoming("studies")
    @Blocking
    public void onStudy(ConsumerRecord<String, String> record) {
        inbox.handle(record, StudyRequested.class, request -> {
            StudyPlanner.Result r = catalog.accept(request);
            if (r.ok()) {
                for (StudyPlan.Path p : r.plan().paths()) {
                    writer.writeIfReady(r.plan(), p);
                }
            }
        });
    }

    @Incoming("checkpoints")
    @Blocking
    public void onCheckpoint(ConsumerRecord<String, String> record) {
        inbox.handle(record, CheckpointReady.class, ready -> {
            StudyPlan plan = catalog.plan(ready.studyId());
            for (StudyPlan.Path p : plan.paths()) {
                if (TrainingJobs.controlPoints(p).contains(ready.checkpointId())) {
                    writer.writeIfReady(plan, p);
                }
            }
        });
    }
}
