package org.modeconn.reporter;

import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every study the reporter knows, in memory. It is rebuilt from the topics at start-up (the reporter
 * reads them from the beginning), so nothing here needs to survive a restart.
 */
@ApplicationScoped
public class StudyBook {

    /** One study: its plan (null if rejected), where it stands, and its reports once complete. */
    public static final class Entry {
        final String studyId;
        final StudyPlan plan;
        final StudyProgress progress;
        volatile StudyStatus.State state;
        volatile String message;
        volatile List<Problem> problems = List.of();
        volatile List<PathReport> reports = List.of();
        /** Timestamp (ms since the epoch) of the newest record about this study: replays restore it. */
        volatile long updatedMillis;

        Entry(String studyId, StudyPlan plan) {
            this.studyId = studyId;
            this.plan = plan;
            this.progress = plan == null ? null : new StudyProgress(plan);
        }

        public String studyId() {
            return studyId;
        }

        public StudyPlan plan() {
            return plan;
        }

        public StudyProgress progress() {
            return progress;
        }

        public StudyStatus.State state() {
            return state;
        }

        public String message() {
            return message;
        }

        public List<Problem> problems() {
            return problems;
        }

        public List<PathReport> reports() {
            return reports;
        }

        public long updatedMillis() {
            return updatedMillis;
        }

        /** Notes a record about this study with the given Kafka timestamp (ms). */
        void touched(long timestampMillis) {
            updatedMillis = Math.max(updatedMillis, timestampMillis);
        }
    }

    private final Map<String, Entry> studies = new ConcurrentHashMap<>();

    Entry planned(StudyPlan plan) {
        return studies.computeIfAbsent(plan.studyId(), id -> {
            Entry e = new Entry(id, plan);
            e.state = StudyStatus.State.ACCEPTED;
            return e;
        });
    }

    Entry rejected(String studyId, List<Problem> problems) {
        Entry e = studies.computeIfAbsent(studyId, id -> new Entry(id, null));
        if (e.plan == null) {
            e.state = StudyStatus.State.REJECTED;
            e.problems = List.copyOf(problems);
        }
        return e;
    }

    public Entry get(String studyId) {
        return studies.get(studyId);
    }

    public Collection<Entry> all() {
        return new ArrayList<>(studies.values());
    }

    public long count(StudyStatus.State state) {
        return studies.values().stream().filter(e -> e.state == state).count();
    }
}
