package org.modeconn.trainer;

import ai.djl.ndarray.NDManager;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.Topics;
import org.modeconn.core.path.Curve;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.CurveTrainer;
import org.modeconn.ml.Djl;
import org.modeconn.ml.EndpointTrainer;
import org.modeconn.ml.PretrainRun;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.train.CurveFitter;
import org.modeconn.ml.train.TrainingListener;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Trains an endpoint, fits a curve's bends or pre-trains from scratch; stores the checkpoints and records them as complete. */
@Startup // created at start-up, so that a bad training-state setting stops the service at once, not its first job
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Held-out sequences scored for perplexity at each pre-training checkpoint. */
    static final int HELD_OUT_SEQUENCES = 256;

    private final ObjectStore store;
    private final DataFiles files;
    private final Checkpoints checkpoints;
    private final EventPublisher publisher;
    private final TrainingMeters meters;
    private final TrainerConfig config;

    JobRunner(ObjectStore store, DataFiles files, Checkpoints checkpoints, EventPublisher publisher, TrainingMeters meters,
              TrainerConfig config) {
        this.store = store;
        this.files = files;
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.meters = meters;
        this.config = config;
        if (config.stateEvery() < 0 || config.stateInterval().isNegative()) {
            throw new IllegalArgumentException("modeconn.trainer.state-every (" + config.stateEvery() + ") and"
                    + " modeconn.trainer.state-interval (" + config.stateInterval() + ") must not be negative; 0 turns either off");
        }
    }

    /** Where the job {@code jobId} of a study keeps its training state while it runs. */
    private StoredTrainingState state(String studyId, String jobId, String job) {
        return new StoredTrainingState(store, files, studyId, jobId, job, config.stateEvery(), config.stateInterval(),
                System::nanoTime);
    }

    CheckpointReady endpoint(StudyPlan plan, String name) throws IOException {
        StudyPlan.Endpoint e = plan.endpoint(name).orElseThrow(() -> new IllegalArgumentException("no endpoint " + name));
        TrainingConfig c = e.config();
        LOG.infof("training endpoint %s (%s) of study %s: %s, %d steps", name, e.id(), plan.studyId(), c.method().methodKind(), c.steps());
        Path tmp = files.tempFile(e.id());
        long started = System.nanoTime();
        try (StoredTrainingState state = state(plan.studyId(), e.id(), "endpoint " + name);
             NDManager manager = Djl.newManager();
             EndpointTrainer.Trained t = EndpointTrainer.train(c, plan.datasets(), files::resolve,
                     base(plan, c, manager),
                     progress(plan.studyId(), "train " + name, TrainingMeters.Job.ENDPOINT, c.batchSize()), state)) {
            EndpointTrainer.save(t, tmp);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("firstLoss", t.losses().get(0));
            metrics.put("finalLoss", tail(t.losses()));
            metrics.put("seconds", t.seconds());
            metrics.put("trainExamples", (double) t.trainExamples());
            metrics.put("skippedSteps", (double) t.skippedSteps());
            warnSkipped("endpoint " + name, plan.studyId(), t.losses(), "; last: " + t.lastSkipReason());
            if (t.dynamics() != null) {
                // Stored before the checkpoint is announced, so a report never looks for dynamics that are not there.
                Path dyn = files.tempFile(e.id() + "-dynamics");
                try {
                    t.dynamics().write(dyn);
                    store.putFile(ObjectKeys.dynamics(plan.studyId(), e.id()), dyn);
                } finally {
                    Files.deleteIfExists(dyn);
                }
                metrics.put("dynamicsRecordings", (double) t.dynamics().steps().length);
            }
            CheckpointReady ready = store(plan.studyId(), e.id(), CheckpointReady.Kind.ENDPOINT, tmp, metrics);
            state.finished();
            meters.jobDone(TrainingMeters.Job.ENDPOINT, started);
            LOG.infof("endpoint %s (%s) of study %s trained: %d steps, final loss %.4f (mean of the last 10), %.1f s training, %.1f s in all",
                    name, e.id(), plan.studyId(), c.steps(), tail(t.losses()), t.seconds(), seconds(started));
            return ready;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    List<CheckpointReady> curve(StudyPlan plan, String name) throws IOException {
        StudyPlan.Path p = plan.paths().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no path " + name));
        TrainingConfig c = plan.endpoint(p.from()).orElseThrow().config();
        Path start = blob(plan.studyId(), p.fromId());
        Path end = blob(plan.studyId(), p.toId());
        LOG.infof("fitting %d bend(s) of path %s (%s) of study %s", p.bends(), name, p.id(), plan.studyId());
        CurveFitter.Result r;
        long started = System.nanoTime();
        StoredTrainingState state = state(plan.studyId(), p.id(), "curve " + name);
        try (state; NDManager manager = Djl.newManager();
             Pretrained base = base(plan, c, manager)) {
            r = CurveTrainer.fit(base, c, plan.datasets(), files::resolve, start, end,
                    Curve.of(p.curve(), p.bends()), p.fit(),
                    progress(plan.studyId(), "fit " + name, TrainingMeters.Job.BEND, p.fit().batchSize()), state);
        }
        warnSkipped("curve " + name, plan.studyId(), r.trainLosses(), "");
        List<String> ids = TrainingJobs.bendIds(p);
        List<CheckpointReady> out = new ArrayList<>();
        for (int j = 0; j < ids.size(); j++) {
            Path tmp = files.tempFile(ids.get(j));
            try {
                CurveTrainer.saveBend(r.bends().get(j), tmp, Map.of("modeconn.path", p.id(),
                        "modeconn.bend", String.valueOf(j + 1), "modeconn.method", c.method().methodKind().spelling()));
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("initialValidationLoss", r.initialValidationLoss());
                metrics.put("bestValidationLoss", r.bestValidationLoss());
                metrics.put("bestStep", (double) r.bestStep());
                metrics.put("skippedSteps", (double) skippedSteps(r.trainLosses()).size());
                out.add(store(plan.studyId(), ids.get(j), CheckpointReady.Kind.BEND, tmp, metrics));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        state.finished();
        meters.jobDone(TrainingMeters.Job.BEND, started);
        LOG.infof("%d bend(s) of path %s (%s) of study %s fitted: best validation loss %.4f at step %d, %.1f s in all",
                p.bends(), name, p.id(), plan.studyId(), r.bestValidationLoss(), r.bestStep(), seconds(started));
        return out;
    }

    /** Pre-trains from scratch; every checkpoint step is stored as a base-model directory and announced at once. */
    void pretrain(StudyPlan plan, String name, Consumer<CheckpointReady> announce) throws IOException {
        StudyPlan.Pretraining run = plan.pretraining().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pre-training run " + name));
        LOG.infof("pre-training %s (%s) of study %s: %d steps, checkpoints at %s", name, run.id(), plan.studyId(),
                run.spec().steps(), run.checkpointSteps());
        StoredTrainingState state = state(plan.studyId(), run.id(), "pre-training " + name);
        try (state) {
            pretrainSteps(plan, name, run, announce, state);
        }
        state.finished();
    }

    private void pretrainSteps(StudyPlan plan, String name, StudyPlan.Pretraining run, Consumer<CheckpointReady> announce,
                               StoredTrainingState state) throws IOException {
        PretrainRun.Summary summary = PretrainRun.run(run.spec(), files::resolve, HELD_OUT_SEQUENCES, (step, perplexity, checkpoint) -> {
            String id = TrainingJobs.pretrainCheckpointId(run, step);
            java.util.Optional<CheckpointReady> announced = checkpoints.find(plan.studyId(), id);
            if (announced.isPresent()) {
                // Stored and announced by an earlier run of this job (killed before its state caught up):
                // endpoints may already train from it, so it is never replaced.
                LOG.infof("pre-training %s step %d: already stored, kept as it is", name, step);
                announce.accept(announced.get());
                return;
            }
            Path dir = files.tempDirectory(id);
            try {
                checkpoint.export(dir);
                BlobRef weights = null;
                for (String file : List.of("config.json", "tokenizer.json", "model.safetensors")) {
                    BlobRef ref = store.putFile(ObjectKeys.checkpointFile(plan.studyId(), id, file), dir.resolve(file));
                    weights = file.equals("model.safetensors") ? ref : weights;
                }
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("step", (double) step);
                metrics.put("heldOutPerplexity", perplexity);
                CheckpointReady ready = new CheckpointReady(Event.SCHEMA, plan.studyId(), id, CheckpointReady.Kind.PRETRAIN,
                        weights, metrics);
                checkpoints.record(ready);
                announce.accept(ready);
                LOG.infof("pre-training %s step %d: held-out perplexity %.2f", name, step, perplexity);
            } finally {
                org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
            }
        }, progress(plan.studyId(), "pretrain " + name, TrainingMeters.Job.PRETRAIN, run.spec().batchSize()), state);
        warnSkipped("pre-training " + name, plan.studyId(), summary.losses(), "");
    }

    /** The endpoint's base model: built in, from the store, or a pre-training checkpoint of this study. */
    private Pretrained base(StudyPlan plan, TrainingConfig c, NDManager manager) throws IOException {
        return Pretrained.load(files.model(checkpoints.baseModel(plan, c.baseRef())), manager);
    }

    private Path blob(String studyId, String checkpointId) throws IOException {
        CheckpointReady ready = checkpoints.find(studyId, checkpointId)
                .orElseThrow(() -> new IOException("checkpoint " + checkpointId + " of study " + studyId + " does not exist"));
        return files.blob(ready.blob());
    }

    private CheckpointReady store(String studyId, String id, CheckpointReady.Kind kind, Path file, Map<String, Double> metrics)
            throws IOException {
        BlobRef ref = store.putFile(ObjectKeys.checkpoint(studyId, id), file);
        CheckpointReady ready = new CheckpointReady(Event.SCHEMA, studyId, id, kind, ref, metrics);
        checkpoints.record(ready);
        return ready;
    }

    /** The 1-based steps whose loss is NaN: skipped for a non-finite gradient (TrainingStep). */
    static List<Integer> skippedSteps(List<Double> losses) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < losses.size(); i++) {
            if (Double.isNaN(losses.get(i))) {
                at.add(i + 1);
            }
        }
        return at;
    }

    /** A skipped step is a fault (docs/ml.md): said in the log, with the steps, for every kind of job. */
    private static void warnSkipped(String job, String studyId, List<Double> losses, String detail) {
        List<Integer> at = skippedSteps(losses);
        if (!at.isEmpty()) {
            LOG.warnf("%s of study %s: %d step(s) skipped for a non-finite gradient (steps %s)%s", job, studyId, at.size(), at,
                    detail);
        }
    }

    /** Mean of the last 10 finite losses (a step skipped for non-finite gradients has no usable loss). */
    private static double tail(List<Double> losses) {
        List<Double> finite = losses.stream().filter(Double::isFinite).toList();
        int from = Math.max(0, finite.size() - 10);
        return finite.subList(from, finite.size()).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Meters every step, and publishes training progress at most every two seconds and at the last step. */
    private TrainingListener progress(String studyId, String stage, TrainingMeters.Job job, Integer examplesPerStep) {
        long[] last = {0};
        TrainingListener metered = meters.listener(job, examplesPerStep == null ? 0 : examplesPerStep);
        return (step, steps, loss, lr, examplesPerSecond) -> {
            metered.onStep(step, steps, loss, lr, examplesPerSecond);
            long now = System.nanoTime();
            if (step == steps || step == 1 || now - last[0] > 2_000_000_000L) {
                last[0] = now;
                publisher.publish(Topics.STUDY_STATUS, new StudyStatus(Event.SCHEMA, studyId, StudyStatus.State.PROGRESS,
                        stage, step, steps, String.format("loss %.4f", loss), null));
            }
        };
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
