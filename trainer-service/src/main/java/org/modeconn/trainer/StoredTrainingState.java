package org.modeconn.trainer;

import org.jboss.logging.Logger;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.train.TrainingState;
import org.modeconn.service.DataFiles;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * A job's training state in the object store ({@link ObjectKeys#trainingState}): saved every
 * {@code modeconn.trainer.state-every} steps and, where {@code modeconn.trainer.state-interval} is set, once that
 * long has passed since the last save ({@link TrainingState#due(int, long, int, long)}) while the job runs, read back when the job starts again
 * after its trainer was killed, deleted once the job's checkpoints are stored ({@link #finished()}).
 * A state that does not fit the job is deleted and the job starts over (logged).
 *
 * <p>The loop waits only while the state is written to a local file; the file is uploaded on a
 * thread of its own while training goes on (docs/performance.md, "Training-state saves"). One upload
 * at a time: a save that comes while the previous one is still uploading waits for it, so the store
 * always ends with the latest state and at most two state files are on disk. An upload that fails is
 * logged and the job goes on: the state only saves work on a restart, which then resumes from the
 * state before (or from the start).
 */
final class StoredTrainingState implements TrainingState.Store, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoredTrainingState.class);

    private final ObjectStore store;
    private final DataFiles files;
    private final String key;
    private final String job;
    private final int every;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastSave;
    private final ExecutorService uploader;
    private Future<?> upload = CompletableFuture.completedFuture(null);
    private Path fetched;
    private long writeStarted;

    /**
     * @param every    steps between saves, 0 for none by count ({@code modeconn.trainer.state-every})
     * @param interval the longest time between saves, zero for none by time ({@code modeconn.trainer.state-interval})
     * @param clock    nanoseconds, as {@link System#nanoTime()}; the job starts now
     */
    StoredTrainingState(ObjectStore store, DataFiles files, String studyId, String jobId, String job, int every,
                        Duration interval, LongSupplier clock) { // both checked non-negative at start-up (JobRunner) and by the rule
        this.store = store;
        this.files = files;
        this.key = ObjectKeys.trainingState(studyId, jobId);
        this.job = job;
        this.every = every;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.lastSave = clock.getAsLong();
        this.uploader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "training-state-upload");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int every() {
        return every;
    }

    /** Every {@code every} steps, and once {@code interval} has passed since the last save or the job's start. */
    @Override
    public boolean due(int step) {
        return TrainingState.due(every, intervalNanos, step, clock.getAsLong() - lastSave);
    }

    @Override
    public Optional<Path> latest() throws IOException {
        if (!store.exists(key)) {
            lastSave = clock.getAsLong(); // the loop asks this before its first step: the interval counts from here, not from the set-up
            return Optional.empty();
        }
        Path target = files.tempFile("state");
        Files.delete(target); // fetch writes the file only once it is complete and verified
        fetched = store.fetch(key, target);
        LOG.infof("%s: resuming from the training state saved at %s", job, key);
        lastSave = clock.getAsLong();
        return Optional.of(fetched);
    }

    @Override
    public Path scratch() throws IOException {
        writeStarted = System.nanoTime();
        return files.tempFile("state");
    }

    /** Starts uploading {@code file} once the previous upload has ended; returns without waiting for this one. */
    @Override
    public void keep(Path file, int step) throws IOException {
        double writeSeconds = (System.nanoTime() - writeStarted) / 1e9;
        try {
            awaitUpload();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        lastSave = clock.getAsLong(); // after any wait for the previous upload: an upload slower than the interval cannot make every step due
        upload = uploader.submit(() -> upload(file, step, writeSeconds));
    }

    private void upload(Path file, int step, double writeSeconds) {
        long started = System.nanoTime();
        try {
            long bytes = Files.size(file);
            store.putFile(key, file);
            LOG.infof("%s: training state at step %d saved (%d MB; written in %.1f s, uploaded in %.1f s beside training)",
                    job, step, bytes >> 20, writeSeconds, (System.nanoTime() - started) / 1e9);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("%s: the training state at step %d could not be uploaded to %s (%s); the job goes on, and a restart"
                    + " would resume from an earlier state or from the start", job, step, key, e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("%s: could not delete %s: %s", job, file, e.getMessage());
            }
        }
    }

    /** Waits until the upload under way, if any, has ended (it logs its own failure). */
    private void awaitUpload() throws IOException {
        try {
            upload.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(job + ": interrupted while the training state was uploading");
        } catch (ExecutionException e) {
            throw new IOException(job + ": the training-state upload failed", e.getCause());
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

    /** The job's checkpoints are stored: its state is no longer needed (deleted after an upload under way ends). */
    void finished() throws IOException {
        awaitUpload();
        store.delete(key);
    }

    /** Waits for an upload under way, then deletes the local files. */
    @Override
    public void close() throws IOException {
        try {
            awaitUpload();
        } finally {
            uploader.shutdown();
            if (fetched != null) {
                Files.deleteIfExists(fetched);
                Files.deleteIfExists(fetched.resolveSibling(fetched.getFileName() + ".sha256"));
            }
        }
    }
}
