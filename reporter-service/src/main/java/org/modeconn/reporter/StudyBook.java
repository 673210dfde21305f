package org.modeconn.reporter;

import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.pipeline.StudyLifecycle;
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

    /** One study: its plan and lifecycle (both null if rejected), its problems if rejected, its reports once complete. */
    public static final class Entry {
        final String studyId;
        final StudyPlan plan;
        final StudyLifecycle lifecycle;
        volatile List<Problem> problems = List.of();
        volatile List<PathReport> reports = List.of();
        /** Timestamp (ms since the epoch) of the newest record about this study: replays restore it. */
        volatile long updatedMillis;

        Entry(String studyId, StudyPlan plan) {
            this.studyId = studyId;
            this.plan = plan;
            this.lifecycle = plan == null ? null : new StudyLifecycle(plan);
        }

        public String studyId() {
            return studyId;
        }

        public StudyPlan plan() {
            return plan;
        }

        /** Null for a rejected study. */
        public StudyLifecycle lifecycle() {
            return lifecycle;
        }

        /** Null for a rejected study. */
        public StudyProgress progress() {
            return lifecycle == null ? null : lifecycle.progress();
        }

        public StudyStatus.State state() {
            return lifecycle == null ? StudyStatus.State.REJECTED : lifecycle.state();
        }

        /** Why the study failed; null unless FAILED. */
        public String message() {
            return lifecycle == null ? null : lifecycle.message();
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
        return studies.computeIfAbsent(plan.studyId(), id -> new Entry(id, plan));
    }

    Entry rejected(String studyId, List<Problem> problems) {
        Entry e = studies.computeIfAbsent(studyId, id -> new Entry(id, null));
        if (e.plan == null) {
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
        return studies.values().stream().filter(e -> e.state() == state).count();
    }
}
