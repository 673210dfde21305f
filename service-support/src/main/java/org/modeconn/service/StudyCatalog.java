package org.modeconn.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Study plans by id. A requested study is planned here (every service plans it the same way, from the
 * same code) and its spec saved as {@code studies/{id}/spec.json}, so that a service that meets a
 * study only through a later event (a checkpoint, a point) finds the plan in the object store.
 */
@ApplicationScoped
public class StudyCatalog {
    private final ObjectStore store;
    private final StudyInputs.Source inputs;
    private final boolean checkInputs;
    private final Map<String, StudyPlan> plans = new ConcurrentHashMap<>();

    /**
     * @param checkInputs whether accepting a study reads its inputs; the services that act on that
     *                    verdict (the trainer, which releases jobs, and the reporter, which publishes it)
     *                    do; the interpolator, which never reads datasets or base models, turns it off
     */
    @Inject
    StudyCatalog(ObjectStore store, DataFiles files, ModeconnConfig config) {
        this(store, files, config.accept().checkInputs());
    }

    StudyCatalog(ObjectStore store, DataFiles files, boolean checkInputs) {
        this.store = store;
        this.inputs = new StoreInputs(store, files);
        this.checkInputs = checkInputs;
    }

    /**
     * Plans a requested study and checks everything it reads ({@link StudyInputs}: every dataset split
     * it trains on or scores is read whole, every base model is checked against its config.json), so
     * that a study that cannot run is refused before any training with every problem, not failed hours
     * later. The study id is the spec's content id; a request that names another id is refused (the id
     * is what makes a republished study resume instead of starting over).
     */
    public StudyPlanner.Result accept(StudyRequested request) throws IOException {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.fromTree(request.spec()));
        if (r.ok() && checkInputs) {
            List<Problem> problems = StudyInputs.check(r.plan(), inputs);
            if (!problems.isEmpty()) {
                return new StudyPlanner.Result(null, problems);
            }
        }
        if (r.ok() && request.studyId() != null && !request.studyId().equals(r.plan().studyId())) {
            List<Problem> problems = new ArrayList<>();
            problems.add(new Problem("$.studyId", "'" + request.studyId() + "' is not this spec's id "
                    + r.plan().studyId() + " (ids are derived from the spec; leave studyId out)"));
            return new StudyPlanner.Result(null, problems);
        }
        if (r.ok()) {
            StudyPlan plan = r.plan();
            String key = ObjectKeys.studySpec(plan.studyId());
            if (!store.exists(key)) {
                store.putBytes(key, EventCodec.mapper().writeValueAsBytes(request.spec()));
            }
            plans.put(plan.studyId(), plan);
        }
        return r;
    }

    /** The plan of a study seen before (here or by any service sharing the store). */
    public StudyPlan plan(String studyId) throws IOException {
        StudyPlan cached = plans.get(studyId);
        if (cached != null) {
            return cached;
        }
        String key = ObjectKeys.studySpec(studyId);
        if (!store.exists(key)) {
            throw new MisfitException("unknown study " + studyId + ": no " + key + " in the object store");
        }
        JsonNode spec;
        try (InputStream in = store.openUnverified(key)) {
            spec = EventCodec.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.fromTree(spec));
        if (!r.ok()) {
            throw new IOException(key + " no longer plans: " + r.problems());
        }
        if (!r.plan().studyId().equals(studyId)) {
            throw new IOException(key + " plans as study " + r.plan().studyId() + ", not " + studyId);
        }
        plans.put(studyId, r.plan());
        return r.plan();
    }
}
