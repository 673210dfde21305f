package org.modeconn.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The checkpoints of a study in the object store. Each blob has a {@code .json} beside it holding its
 * {@link CheckpointReady} event; it is written last, so its presence means the checkpoint is complete.
 * This is how a job knows its inputs exist and how a rerun finds work already done.
 */
@ApplicationScoped
public class Checkpoints {
    private final ObjectStore store;

    Checkpoints(ObjectStore store) {
        this.store = store;
    }

    public boolean exists(String studyId, String checkpointId) throws IOException {
        return store.exists(ObjectKeys.checkpointInfo(studyId, checkpointId));
    }

    public Optional<CheckpointReady> find(String studyId, String checkpointId) throws IOException {
        String key = ObjectKeys.checkpointInfo(studyId, checkpointId);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        try (InputStream in = store.openUnverified(key)) {
            return Optional.of(EventCodec.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), CheckpointReady.class));
        }
    }

    /**
     * Where a base model named in a study is: {@code pretrain:RUN@STEP} becomes the object-store
     * directory of that pre-training checkpoint; any other reference is returned as it is.
     */
    public ModelRef baseModel(StudyPlan plan, ModelRef base) {
        return TrainingJobs.pretrainCheckpoint(plan, base)
                .<ModelRef>map(id -> new ModelRef.Stored(DataRef.pinned(store.bucket(),
                        ObjectKeys.checkpointDirectory(plan.studyId(), id), null)))
                .orElse(base);
    }

    /** Marks a checkpoint whose blob is already stored as complete. */
    public void record(CheckpointReady ready) throws IOException {
        store.putBytes(ObjectKeys.checkpointInfo(ready.studyId(), ready.checkpointId()), EventCodec.encodeBytes(ready));
    }
}
