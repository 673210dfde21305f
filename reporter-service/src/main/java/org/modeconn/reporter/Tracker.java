package org.modeconn.reporter;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.pipeline.StudyMeasures;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.spec.Ids;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.service.EventPublisher;
import org.modeconn.service.Inbox;
import org.modeconn.service.StudyCatalog;

import java.io.IOException;
import java.util.List;

/**
 * Follows every study through its events: accepts or rejects it, counts checkpoints, points and
 * evaluations, publishes progress, and publishes the reports when the last evaluation or checkpoint arrives.
 */
@ApplicationScoped
public class Tracker {
    private static final Logger LOG = Logger.getLogger(Tracker.class);

    private final Inbox inbox;
    private final StudyCatalog catalog;
    private final StudyBook book;
    private final History history;
    private final EventPublisher publisher;
    private final Reports reports;

    Tracker(Inbox inbox, StudyCatalog catalog, StudyBook book, History history, EventPublisher publisher, Reports reports) {
        this.inbox = inbox;
        this.catalog = catalog;
        this.book = book;
        this.history = history;
        this.publisher = publisher;
        this.reports = reports;
    }

    @Incoming("studies")
    @Blocking
    public synchronized void onStudy(ConsumerRecord<String, String> record) {
        if (!history.first(record)) {
            return;
        }
        boolean live = !history.replayed(record);
        inbox.handle(record, StudyRequested.class, delivery(live), request -> {
            StudyPlanner.Result r = catalog.accept(request);
            if (!r.ok()) {
                String id = request.studyId() != null ? request.studyId() : Ids.of("study", request.spec());
                book.rejected(id, r.problems()).touched(record.timestamp());
                if (live) {
                    publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, id, StudyStatus.State.REJECTED,
                            "validation", 0, 0, r.problems().size() + " problem(s) in the study spec", r.problems()));
                }
                return;
            }
            StudyBook.Entry e = book.planned(r.plan());
            e.touched(record.timestamp());
            if (live) {
                StudyProgress.Count total = e.progress().evaluation();
                publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.ACCEPTED,
                        "accepted", total.done(), total.total(), r.plan().endpoints().size() + " endpoint(s), "
                        + r.plan().paths().size() + " path(s)", null));
                if (e.progress().complete()) {
                    complete(e); // asked again for a finished study: announce its reports again
                } else if (e.state() != StudyStatus.State.ACCEPTED) {
                    e.state = StudyStatus.State.ACCEPTED; // a rerun after a failure starts afresh
                }
            }
        });
    }

    @Incoming("checkpoints")
    @Blocking
    public synchronized void onCheckpoint(ConsumerRecord<String, String> record) {
        if (!history.first(record)) {
            return;
        }
        boolean live = !history.replayed(record);
        inbox.handle(record, CheckpointReady.class, delivery(live), c -> {
            StudyBook.Entry e = entry(c.studyId());
            e.touched(record.timestamp());
            if (e.progress().checkpoint(c.checkpointId())) {
                if (live) {
                    progress(e, "checkpoints", e.progress().training());
                }
                completeIfFinished(e, live); // in a replay, every evaluation can come before the last checkpoint
            }
        });
    }

    @Incoming("path-points")
    @Blocking
    public synchronized void onPoint(ConsumerRecord<String, String> record) {
        if (!history.first(record)) {
            return;
        }
        boolean live = !history.replayed(record);
        inbox.handle(record, PathPointReady.class, delivery(live), p -> {
            StudyBook.Entry e = entry(p.studyId());
            e.touched(record.timestamp());
            if (e.progress().point(p) && live) {
                progress(e, "points", e.progress().interpolation());
            }
        });
    }

    @Incoming("evaluations")
    @Blocking
    public synchronized void onEvaluation(ConsumerRecord<String, String> record) {
        if (!history.first(record)) {
            return;
        }
        boolean live = !history.replayed(record);
        inbox.handle(record, PointEvaluated.class, delivery(live), p -> {
            StudyBook.Entry e = entry(p.studyId());
            e.touched(record.timestamp());
            String misfit = e.progress().misfit(p.pathId(), p.index(), p.t());
            if (misfit != null) {
                throw new MisfitException(misfit);
            }
            if (e.progress().evaluation(p)) {
                if (live) {
                    progress(e, "evaluations", e.progress().evaluation());
                }
                completeIfFinished(e, live);
            }
        });
    }

    /** Failures other services announce. */
    @Incoming("study-status")
    @Blocking
    public synchronized void onStatus(ConsumerRecord<String, String> record) {
        if (!history.first(record)) {
            return;
        }
        inbox.handle(record, StudyStatus.class, delivery(!history.replayed(record)), s -> {
            StudyBook.Entry e = book.get(s.studyId());
            if (e != null && s.state() == StudyStatus.State.FAILED && e.state() != StudyStatus.State.COMPLETED) {
                e.touched(record.timestamp());
                e.state = StudyStatus.State.FAILED;
                e.message = s.message();
            }
        });
    }

    /**
     * The gauge samples of the studies to export ({@link StudyMeasures#retained}): taken while no record is
     * being handled, so every study's numbers are from one moment.
     */
    synchronized List<StudyMeasures.Sample> measures(int finishedStudies) {
        List<StudyMeasures.Study> studies = book.all().stream().map(e -> new StudyMeasures.Study(e.studyId(), e.plan(),
                e.state(), e.progress(), e.updatedMillis())).toList();
        return StudyMeasures.retained(studies, finishedStudies).stream().flatMap(s -> StudyMeasures.of(s).stream()).toList();
    }

    /** History is handled without spans: its traces ended when the records were first handled. */
    private static Inbox.Delivery delivery(boolean live) {
        return live ? Inbox.Delivery.NEW : Inbox.Delivery.REPLAY;
    }

    private StudyBook.Entry entry(String studyId) throws IOException {
        StudyBook.Entry e = book.get(studyId);
        return e != null && e.plan() != null ? e : book.planned(catalog.plan(studyId));
    }

    private void progress(StudyBook.Entry e, String stage, StudyProgress.Count count) {
        if (e.state() == StudyStatus.State.ACCEPTED || e.state() == StudyStatus.State.PROGRESS) {
            e.state = StudyStatus.State.PROGRESS;
        }
        publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.PROGRESS, stage,
                count.done(), count.total(), null, null));
    }

    /**
     * Completes the study if its last missing checkpoint or evaluation just arrived: live, by publishing its reports;
     * in history, by rebuilding them (they were published the first time round). Topics are consumed independently,
     * so either kind of event can be the last.
     */
    private void completeIfFinished(StudyBook.Entry e, boolean live) throws IOException {
        if (!e.progress().complete()) {
            return;
        }
        if (live) {
            complete(e);
        } else {
            e.reports = reports.build(e);
            e.state = StudyStatus.State.COMPLETED;
        }
    }

    private void complete(StudyBook.Entry e) throws IOException {
        e.reports = reports.build(e);
        reports.publish(e);
        e.state = StudyStatus.State.COMPLETED;
        publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.COMPLETED,
                "completed", 1, 1, e.reports.size() + " path report(s)", null));
        LOG.infof("study %s completed: %d path report(s)", e.studyId(), e.reports.size());
    }
}
