package org.modeconn.trainer;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.Topics;
import org.modeconn.core.events.TrainingJob;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.EventPublisher;
import org.modeconn.service.Inbox;
import org.modeconn.service.StudyCatalog;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns studies into training jobs. A requested study releases every job whose inputs exist (finished
 * ones too: their worker only re-announces the checkpoint, so a rerun replays the whole pipeline
 * cheaply); a new checkpoint releases the jobs that were waiting for it.
 */
@ApplicationScoped
public class JobReleaser {
    private static final Logger LOG = Logger.getLogger(JobReleaser.class);

    private final Inbox inbox;
    private final StudyCatalog catalog;
    private final Checkpoints checkpoints;
    private final EventPublisher publisher;

    JobReleaser(Inbox inbox, StudyCatalog catalog, Checkpoints checkpoints, EventPublisher publisher) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
    }

    @Incoming("studies")
    @Blocking
    public void onStudy(ConsumerRecord<String, String> record) {
        inbox.handle(record, StudyRequested.class, request -> {
            StudyPlanner.Result r = catalog.accept(request);
            if (!r.ok()) {
                LOG.infof("study not planned (%d problems); the reporter rejects it", r.problems().size());
                return;
            }
            StudyPlan plan = r.plan();
            Set<String> existing = existingCheckpoints(plan);
            for (TrainingJobs.Job job : TrainingJobs.of(plan)) {
                if (job.ready(existing)) {
                    release(plan, job);
                }
            }
        });
    }

    @Incoming("checkpoints")
    @Blocking
    public void onCheckpoint(ConsumerRecord<String, String> record) {
        inbox.handle(record, CheckpointReady.class, ready -> {
            StudyPlan plan = catalog.plan(ready.studyId());
            Set<String> existing = null;
            for (TrainingJobs.Job job : TrainingJobs.of(plan)) {
                if (job.inputs().contains(ready.checkpointId())) {
                    existing = existing == null ? existingCheckpoints(plan) : existing;
                    if (job.ready(existing) && !job.done(existing)) {
                        release(plan, job);
                    }
                }
            }
        });
    }

    private Set<String> existingCheckpoints(StudyPlan plan) throws IOException {
        Set<String> existing = new HashSet<>();
        for (String id : TrainingJobs.checkpoints(plan)) {
            if (checkpoints.exists(plan.studyId(), id)) {
                existing.add(id);
            }
        }
        return existing;
    }

    private void release(StudyPlan plan, TrainingJobs.Job job) {
        publisher.publish(Topics.TRAINING_JOBS, new TrainingJob(Event.SCHEMA, plan.studyId(), job.id(), job.kind(),
                job.name(), job.inputs(), job.outputs()));
    }
}
