package org.modeconn.trainer;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Topics;
import org.modeconn.core.events.TrainingJob;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.EventPublisher;
import org.modeconn.service.Inbox;
import org.modeconn.service.StudyCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs training jobs, one at a time per replica; replicas share the topic's partitions through the
 * consumer group. A job whose checkpoints already exist is not trained again: its checkpoints are
 * announced again instead. Jobs take minutes to hours, so the channel has no unacknowledged-record
 * age limit (application.properties).
 */
@ApplicationScoped
public class TrainingWorker {
    private final Inbox inbox;
    private final StudyCatalog catalog;
    private final Checkpoints checkpoints;
    private final EventPublisher publisher;
    private final JobRunner runner;

    TrainingWorker(Inbox inbox, StudyCatalog catalog, Checkpoints checkpoints, EventPublisher publisher, JobRunner runner) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.runner = runner;
    }

    private void announce(CheckpointReady ready) {
        publisher.publish(Topics.CHECKPOINTS, ready);
    }

    @Incoming("training-jobs")
    @Blocking
    public void onJob(ConsumerRecord<String, String> record) {
        inbox.handle(record, TrainingJob.class, job -> {
            StudyPlan plan = catalog.plan(job.studyId());
            TrainingJobs.find(plan, job); // a job the plan does not hold is a stray record: dead letter, no failure
            List<CheckpointReady> done = new ArrayList<>();
            for (String id : job.outputs()) {
                Optional<CheckpointReady> found = checkpoints.find(job.studyId(), id);
                found.ifPresent(done::add);
            }
            if (done.size() == job.outputs().size()) {
                for (CheckpointReady ready : done) {
                    announce(ready); // trained before: say so again, train nothing
                }
                return;
            }
            switch (job.kind()) {
                case ENDPOINT -> announce(runner.endpoint(plan, job.name()));
                case CURVE -> runner.curve(plan, job.name()).forEach(this::announce);
                case PRETRAIN -> runner.pretrain(plan, job.name(), this::announce); // each step as soon as it is saved
            }
        });
    }
}
