package org.modeconn.evaluator;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.Topics;
import org.modeconn.core.pipeline.ExampleScores;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.Djl;
import org.modeconn.ml.PointModel;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a point's parameters into the base model (loaded once and kept while points of the same base
 * arrive) and scores it on every evaluation dataset of its path. The device comes from configuration
 * ({@code modeconn.evaluator.device}: cpu here, gpu in production). Scores already in the store are
 * announced again, not recomputed.
 */
@ApplicationScoped
public class PointScorer {
    private static final Logger LOG = Logger.getLogger(PointScorer.class);

    private final ObjectStore store;
    private final DataFiles files;
    private final Checkpoints checkpoints;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final int batchSize;
    private final NDManager manager;
    private String baseRef;
    private Pretrained base;
    /** Tokenized evaluation sets of the loaded base, by max length and location. */
    private final Map<String, TokenizedSet> sets = new HashMap<>();

    PointScorer(ObjectStore store, DataFiles files, Checkpoints checkpoints, EventPublisher publisher, MeterRegistry registry,
                @ConfigProperty(name = "modeconn.evaluator.device", defaultValue = "cpu") String device,
                @ConfigProperty(name = "modeconn.evaluator.batch-size", defaultValue = "64") int batchSize) {
        this.store = store;
        this.files = files;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.registry = registry;
        this.batchSize = batchSize;
        this.manager = Djl.newManager(device);
    }

    synchronized void score(StudyPlan plan, PathPointReady point) throws IOException {
        StudyPlan.Path path = plan.paths().stream().filter(p -> p.id().equals(point.pathId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("study " + plan.studyId() + " has no path " + point.pathId()));
        for (String target : path.eval()) {
            String key = ObjectKeys.pointExamples(plan.studyId(), path.id(), point.index(), target.replace('/', '.'));
            Optional<BlobRef> existing = store.stat(key).flatMap(ObjectStore.Stat::ref);
            ExampleScores scores;
            BlobRef ref;
            if (existing.isPresent()) {
                ref = existing.get();
                scores = ExampleScores.read(files.blob(ref));
            } else {
                long started = System.nanoTime();
                scores = evaluate(plan, path, point, target);
                ref = store.putBytes(key, scores.toSafetensors());
                registry.counter("modeconn.points.evaluated").increment();
                LOG.infof("path %s point %d (t = %.3f) on %s: loss %.4f, accuracy %.4f (%d examples, %.1f s)", path.name(),
                        point.index(), point.t(), target, scores.loss(), scores.accuracy(), scores.n(),
                        (System.nanoTime() - started) / 1e9);
            }
            publisher.publish(Topics.EVALUATIONS, new PointEvaluated(Event.SCHEMA, plan.studyId(), path.id(), point.index(),
                    point.t(), target, scores.n(), scores.loss(), scores.accuracy(), scores.macroF1(), ref));
        }
    }

    private ExampleScores evaluate(StudyPlan plan, StudyPlan.Path path, PathPointReady point, String target) throws IOException {
        String dataset = target.substring(0, target.indexOf('/'));
        String split = target.substring(target.indexOf('/') + 1);
        DatasetSpec d = plan.datasets().get(dataset);
        // Scored as a model of the dataset's task: the endpoint trained on it decides method and length,
        // and lends its head when the path interpolates no head (endpoints of different tasks).
        StudyPlan.Endpoint from = plan.endpoint(path.from()).orElseThrow();
        StudyPlan.Endpoint to = plan.endpoint(path.to()).orElseThrow();
        StudyPlan.Endpoint owner = from.config().task().equals(dataset) ? from
                : to.config().task().equals(dataset) ? to : from;
        boolean headless = TrainingJobs.crossTask(plan, path);
        if (headless && !owner.config().task().equals(dataset)) {
            throw new IllegalArgumentException("path " + path.name() + " joins endpoints of tasks " + from.config().task()
                    + " and " + to.config().task() + ": neither has a head for " + dataset);
        }
        Path headFrom = null;
        if (headless) {
            CheckpointReady c = checkpoints.find(plan.studyId(), owner.id())
                    .orElseThrow(() -> new IOException("endpoint " + owner.name() + " has no checkpoint"));
            headFrom = files.blob(c.blob());
        }
        TrainingConfig c = owner.config();
        Pretrained model = base(checkpoints.baseModel(plan, c.base()));
        TokenizedSet set = tokenized(model, c.maxLength(), d, d.splits().get(split));
        try (PointModel m = PointModel.load(model, c, d.classes(), files.blob(point.blob()), headFrom)) {
            EvalResult r = Evaluator.evaluate(m.classifier(), m.weights(), set, batchSize, d.classes());
            return new ExampleScores(target, r.n(), r.loss(), r.accuracy(), r.macroF1(), r.correct(), r.goldProbability());
        }
    }

    private Pretrained base(String ref) throws IOException {
        if (!ref.equals(baseRef)) {
            if (base != null) {
                base.close();
                base = null;
                sets.clear();
            }
            base = Pretrained.load(files.model(ref), manager);
            baseRef = ref;
            LOG.infof("loaded base model %s", ref);
        }
        return base;
    }

    private TokenizedSet tokenized(Pretrained model, int maxLength, DatasetSpec d, String location) throws IOException {
        String key = maxLength + "|" + location;
        TokenizedSet set = sets.get(key);
        if (set == null) {
            try (TextTokenizer tokenizer = model.tokenizer(maxLength)) {
                set = TokenizedSet.of(new DatasetReader(d).readAll(files.resolve(location)), tokenizer, model.config().padTokenId());
            }
            sets.put(key, set);
        }
        return set;
    }

    @PreDestroy
    synchronized void close() {
        if (base != null) {
            base.close();
        }
        manager.close();
    }
}
