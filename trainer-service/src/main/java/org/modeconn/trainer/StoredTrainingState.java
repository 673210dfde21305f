package org.modeconn.trainer;

import org.jboss.logging.Logger;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.train.TrainingState;
import org.modeconn.service.DataFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's training state in the object store ({@link ObjectKeys#trainingState}): saved every
 * {@code modeconn.trainer.state-every} steps while the job runs, read back when the job starts again
 * after its trainer was killed, deleted once the job's checkpoints are stored ({@link #finished()}).
 * A state that does not fit the job is deleted and the job starts over (logged).
 */
final class StoredTrainingState implements TrainingState.Store, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoredTrainingState.class);

    private final ObjectStore store;
    private final DataFiles files;
    private final String key;
    private final String job;
    private final int every;
    private Path fetched;

    StoredTrainingState(ObjectStore store, DataFiles files, String studyId, String jobId, String job, int every) {
        this.store = store;
        this.files = files;
        this.key = ObjectKeys.trainingState(studyId, jobId);
        this.job = job;
        this.every = every;
    }

    @Override
    public int every() {
        return every;
    }

    @Override
    public Optional<Path> latest() throws IOException {
        if (!store.exists(key)) {
            return Optional.empty();
        }
        Path target = files.tempFile("state");
        Files.delete(target); // fetch writes the file only once it is complete and verified
        fetched = store.fetch(key, target);
        LOG.infof("%s: resuming from the training state saved at %s", job, key);
        return Optional.of(fetched);
    }

    @Override
    public Path scratch() throws IOException {
        return files.tempFile("state");
    }

    @Override
    public void keep(Path file, int step) throws IOException {
        try {
            store.putFile(key, file);
            LOG.debugf("%s: training state saved at step %d", job, step);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void unusable(Path file, String reason) {
        LOG.warnf("%s: the saved training state %s cannot continue this job (%s); starting over", job, key, reason);
        try {
            store.delete(key);
        } catch (IOException e) {
            LOG.warnf("%s: could not delete %s: %s", job, key, e.getMessage());
        }
    }

    /** The job's checkpoints are stored: its state is no longer needed. */
    void finished() throws IOException {
        store.delete(key);
    }

    @Override
    public void close() throws IOException {
        if (fetched != null) {
            Files.deleteIfExists(fetched);
            Files.deleteIfExists(fetched.resolveSibling(fetched.getFileName() + ".sha256"));
        }
    }
}
