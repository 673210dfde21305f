package org.modeconn.evaluator;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.Topics;
import org.modeconn.core.pipeline.ExampleScores;
import org.modeconn.core.pipeline.PathPoints;
import org.modeconn.core.pipeline.ScoringTask;
import org.modeconn.core.pipeline.ScoringTasks;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.Djl;
import org.modeconn.ml.PointModel;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.PointScoring;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Scores a point on every evaluation split of its path, as the plan's {@link ScoringTasks} say, with
 * {@link PointScoring} (one base model kept loaded while points of that base arrive), and stores and
 * announces the scores. A point announced without a blob (the interpolator's {@code store-points} off) is
 * blended here from the path's control points straight into the engine's arrays ({@link PointModel#blend}), no file
 * in between; either way a point is read or blended once for all its splits. The
 * device comes from configuration ({@code modeconn.evaluator.device}: cpu here, gpu in production). Scores already in the store are
 * announced again, not recomputed.
 */
@Startup // created at start-up, so that a device it cannot use (gpu without a visible GPU) stops the service at once
@ApplicationScoped
public class PointScorer {
    private static final Logger LOG = Logger.getLogger(PointScorer.class);

    private final ObjectStore store;
    private final DataFiles files;
    private final Checkpoints checkpoints;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final NDManager manager;
    private final PointScoring scoring;

    PointScorer(ObjectStore store, DataFiles files, Checkpoints checkpoints, EventPublisher publisher, MeterRegistry registry,
                EvaluatorConfig config) {
        this.store = store;
        this.files = files;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.registry = registry;
        registry.counter("modeconn.evaluation.points"); // at 0 from the start, so that rate() sees the first point
        registry.counter("modeconn.evaluation.sequences");
        this.manager = Djl.newManager(config.device());
        this.scoring = new PointScoring(ref -> {
            Pretrained base = Pretrained.load(files.model(ref), manager);
            LOG.infof("loaded base model %s", ref);
            return base;
        }, files::resolve, config.batchSize());
    }

    synchronized void score(StudyPlan plan, PathPointReady point) throws IOException {
        List<ScoringTask> tasks = ScoringTasks.of(plan, point.pathId());
        StudyPlan.Path path = plan.path(point.pathId()).orElseThrow();
        // Checked before anything is looked up, so that a stray record is refused even where the point's
        // scores exist already (a completed study).
        if (point.index() < 0 || point.index() >= path.grid().size()) {
            throw new MisfitException("path " + path.name() + " has no point " + point.index() + " (" + path.grid().size()
                    + " points)");
        }
        String expected = ObjectKeys.pathPoint(plan.studyId(), path.id(), point.index());
        if (point.blob() != null && (!point.blob().bucket().equals(store.bucket()) || !point.blob().key().equals(expected))) {
            throw new MisfitException("point " + point.index() + " of path " + path.name() + " is at "
                    + point.blob().uri() + ", not at s3://" + store.bucket() + "/" + expected);
        }
        Weights parameters = null; // read or blended once, on the first split not scored yet, for all of them
        try {
            for (ScoringTask task : tasks) {
                String key = ObjectKeys.pointExamples(plan.studyId(), path.id(), point.index(), task.target());
                long asked = System.nanoTime();
                Optional<BlobRef> existing = store.stat(key).flatMap(ObjectStore.Stat::ref);
                long statNanos = System.nanoTime() - asked;
                ExampleScores scores;
                BlobRef ref;
                if (existing.isPresent()) {
                    ref = existing.get();
                    scores = ExampleScores.read(files.blob(ref));
                } else {
                    long started = System.nanoTime();
                    if (parameters == null) {
                        parameters = point.blob() != null ? Weights.read(manager, files.blob(point.blob()))
                                : blend(plan, path, point.index());
                    }
                    long scoring = System.nanoTime();
                    scores = evaluate(plan, task, parameters);
                    long storing = System.nanoTime();
                    ref = store.putBytes(key, scores.toSafetensors());
                    long stored = System.nanoTime();
                    registry.counter("modeconn.evaluation.points").increment();
                    registry.counter("modeconn.evaluation.sequences").increment(scores.n());
                    Timer.builder("modeconn.evaluation.point").description("Time to score one path point on one dataset and store it")
                            .publishPercentileHistogram().register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    // The parts the benchmark sums (docs/performance.md): scoring alone, and the store's two requests
                    // (whether the scores exist, then storing them).
                    LOG.infof("path %s point %d (t = %.3f) on %s: loss %.4f, accuracy %.4f (%d examples, %.1f s; scoring %.2f s,"
                                    + " store requests %.3f s)", path.name(), point.index(), point.t(), task.target(), scores.loss(),
                            scores.accuracy(), scores.n(), (System.nanoTime() - started) / 1e9, (storing - scoring) / 1e9,
                            (statNanos + stored - storing) / 1e9);
                }
                publisher.publish(Topics.EVALUATIONS, new PointEvaluated(Event.SCHEMA, plan.studyId(), path.id(), point.index(),
                        point.t(), task.target().toString(), scores.n(), scores.loss(), scores.accuracy(), scores.macroF1(), ref));
            }
        } finally {
            if (parameters != null) {
                parameters.close();
            }
        }
    }

    /**
     * Blends a point that the interpolator announced without storing it ({@link PathPoints}) straight into the
     * engine's arrays, from the path's control points (downloaded and verified once, then reused from the cache).
     */
    private Weights blend(StudyPlan plan, StudyPlan.Path path, int index) throws IOException {
        long started = System.nanoTime();
        List<Path> controls = new ArrayList<>();
        for (String id : TrainingJobs.controlPoints(path)) {
            CheckpointReady c = checkpoints.find(plan.studyId(), id)
                    .orElseThrow(() -> new IOException("control point " + id + " of path " + path.name() + " has no checkpoint"));
            controls.add(files.blob(c.blob()));
        }
        double fetched = (System.nanoTime() - started) / 1e9; // the first point of a path downloads and verifies them
        started = System.nanoTime();
        Weights parameters;
        List<SafetensorsReader> readers = PathPoints.open(controls);
        try {
            parameters = PointModel.blend(manager, plan, path, index, readers);
        } catch (IOException | RuntimeException e) {
            PathPoints.close(readers);
            throw e;
        }
        try {
            PathPoints.close(readers);
        } catch (IOException e) {
            parameters.close(); // a whole model's native memory, under the service's manager
            throw e;
        }
        LOG.infof("path %s point %d: control points ready in %.2f s, blended from %d control points in %.2f s", path.name(),
                index, fetched, controls.size(), (System.nanoTime() - started) / 1e9);
        return parameters;
    }

    private ExampleScores evaluate(StudyPlan plan, ScoringTask task, Weights parameters) throws IOException {
        Path headFrom = null;
        if (task.crossTask()) {
            StudyPlan.Endpoint owner = task.settings();
            CheckpointReady c = checkpoints.find(plan.studyId(), owner.id())
                    .orElseThrow(() -> new IOException("endpoint " + owner.name() + " has no checkpoint"));
            headFrom = files.blob(c.blob());
        }
        EvalResult r = scoring.score(checkpoints.baseModel(plan, task.base()), task, parameters, headFrom);
        return new ExampleScores(task.target().toString(), r.n(), r.loss(), r.accuracy(), r.macroF1(), r.correct(),
                r.goldProbability());
    }

    @PreDestroy
    synchronized void close() {
        scoring.close();
        manager.close();
    }
}
