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
import org.modeconn.core.pipeline.StudyLifecycle;
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
 * evaluations, publishes progress, and publishes the reports when the study is due to complete. What each
 * event means for a study is {@link StudyLifecycle}'s rule (in core, unit-tested); this class only reads the
 * topics and publishes what the rule asks.
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
                if (history.announceOnce(id) || live) {
                    publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, id, StudyStatus.State.REJECTED,
                            "validation", 0, 0, r.problems().size() + " problem(s) in the study spec", r.problems()));
                }
                return;
            }
            StudyBook.Entry e = book.planned(r.plan());
            e.touched(record.timestamp());
            if (live) {
                history.announceOnce(e.studyId());
                accepted(e);
                if (e.lifecycle().requestedAgain()) {
                    complete(e, true); // asked again for a finished study: announce its reports again
                }
            } else if (!history.announced(e.studyId()) && !reports.written(e.studyId())) {
                // Published while no reporter ran (docs/reliability.md). Marked announced only after the store answered,
                // so a store error retries the record and still announces the study.
                history.announceOnce(e.studyId());
                accepted(e);
            }
        });
    }

    private void accepted(StudyBook.Entry e) {
        StudyProgress.Count total = e.progress().evaluation();
        publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.ACCEPTED,
                "accepted", total.done(), total.total(), e.plan().endpoints().size() + " endpoint(s), "
                + e.plan().paths().size() + " path(s)", null));
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
            act(e, e.lifecycle().checkpoint(c.checkpointId()), live, "checkpoints", e.progress().training());
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
            act(e, e.lifecycle().point(p), live, "points", e.progress().interpolation());
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
            act(e, e.lifecycle().evaluation(p), live, "evaluations", e.progress().evaluation());
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
            if (e != null && e.lifecycle() != null && s.state() == StudyStatus.State.FAILED && e.lifecycle().failed(s.message())) {
                e.touched(record.timestamp());
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

    /**
     * Does what an event asks ({@link StudyLifecycle.Outcome}): announces the stage's progress if the event was
     * counted and is live, and completes the study if it is due, whichever event made it so.
     */
    private void act(StudyBook.Entry e, StudyLifecycle.Outcome outcome, boolean live, String stage, StudyProgress.Count count)
            throws IOException {
        if (outcome.counted() && live) {
            publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.PROGRESS, stage,
                    count.done(), count.total(), null, null));
        }
        if (outcome.completes()) {
            complete(e, live);
        }
    }

    /**
     * Builds the study's reports and marks it COMPLETED; live, also publishes them and announces it. In history the
     * reports are only rebuilt, as they were published the first time round, unless the study completed while no
     * reporter was running: its report was never written, so it is published and announced now, after an ACCEPTED
     * status if none was published for it (docs/reliability.md). If building or publishing throws, the study is not
     * COMPLETED, so the record's retry completes it.
     */
    private void complete(StudyBook.Entry e, boolean live) throws IOException {
        e.reports = reports.build(e);
        boolean announce = live || !reports.written(e.studyId());
        if (announce) {
            reports.publish(e);
        }
        e.lifecycle().completed();
        if (announce) {
            if (history.announceOnce(e.studyId())) {
                accepted(e); // completed in history before its request was met: accepted first, as watchers expect
            }
            publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, e.studyId(), StudyStatus.State.COMPLETED,
                    "completed", 1, 1, e.reports.size() + " path report(s)", null));
            LOG.infof("study %s completed: %d path report(s)", e.studyId(), e.reports.size());
        }
    }
}
