package org.modeconn.trainer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.service.DataFiles;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's training state against a real S3 server: the uploads run beside training, yet the store ends with
 * the latest state, a finished job leaves none, a failed upload does not stop the job, and no local file is left.
 */
class StoredTrainingStateTest {
    @TempDir
    Path dir;
    private ObjectStore store;
    private DataFiles files;
    private final String key = ObjectKeys.trainingState("study-state-test", "ep-1");

    @BeforeEach
    void connect() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(), "state-test", null));
        store.delete(key);
        files = new DataFiles(store, dir.resolve("cache"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StoredTrainingState state() {
        return new StoredTrainingState(store, files, "study-state-test", "ep-1", "endpoint a", 2, Duration.ZERO, System::nanoTime);
    }

    /** Writes a state file of {@code n} bytes, each {@code fill}, as the loop does into {@code scratch()}. */
    private static Path written(StoredTrainingState s, int n, byte fill) throws Exception {
        Path file = s.scratch();
        byte[] bytes = new byte[n];
        java.util.Arrays.fill(bytes, fill);
        Files.write(file, bytes);
        return file;
    }

    private long localFiles() throws Exception {
        try (Stream<Path> all = Files.walk(files.cacheDir())) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void theStoreEndsWithTheLatestStateAndARestartReadsIt() throws Exception {
        try (StoredTrainingState s = state()) {
            s.keep(written(s, 3 << 20, (byte) 1), 2);
            s.keep(written(s, 5 << 20, (byte) 2), 4); // waits for the first upload, then starts its own
        } // close waits for the second upload
        assertEquals(0, localFiles(), "no state file is left on disk");
        byte[] expected = new byte[5 << 20];
        java.util.Arrays.fill(expected, (byte) 2);
        try (StoredTrainingState restarted = state()) {
            Optional<Path> latest = restarted.latest();
            assertTrue(latest.isPresent());
            assertArrayEquals(expected, Files.readAllBytes(latest.get()));
        }
        assertEquals(0, localFiles(), "the fetched copy is deleted on close");
    }

    @Test
    void aFinishedJobLeavesNoStateEvenWithItsLastUploadUnderWay() throws Exception {
        try (StoredTrainingState s = state()) {
            s.keep(written(s, 8 << 20, (byte) 3), 2);
            s.finished(); // deletes only after the upload has ended, or the upload would store it again
        }
        assertFalse(store.exists(key));
        assertEquals(0, localFiles());
    }

    @Test
    void withAnIntervalASaveIsDueOnceThatLongHasPassedSinceTheLastSaveOrTheStart() throws Exception {
        long[] now = {1_000L};
        long minute = Duration.ofMinutes(1).toNanos();
        try (StoredTrainingState s = new StoredTrainingState(store, files, "study-state-test", "ep-1", "endpoint a", 50,
                Duration.ofMinutes(1), () -> now[0])) {
            assertFalse(s.due(1), "the job has just started");
            assertTrue(s.due(50), "every 50 steps, whatever the time");
            now[0] += minute;
            assertTrue(s.due(7), "a minute since the start");
            s.keep(written(s, 1 << 20, (byte) 4), 7);
            assertFalse(s.due(8), "a save was just made");
            now[0] += minute - 1;
            assertFalse(s.due(9));
            now[0] += 1;
            assertTrue(s.due(10), "a minute since the last save");
            s.latest(); // asked by the loop before its first step (here: nothing stored yet): the interval counts from then
            assertFalse(s.due(11));
        }
        assertEquals(0, localFiles(), "no state file is left on disk");
    }

    @Test
    void aFailedUploadIsLoggedAndTheJobGoesOn() throws Exception {
        try (StoredTrainingState s = state()) {
            Path unreadable = s.scratch();
            Files.delete(unreadable);
            Files.createDirectory(unreadable); // the upload cannot read it: it fails on its own thread
            s.keep(unreadable, 2);
            s.keep(written(s, 1 << 20, (byte) 5), 4); // the next save still goes ahead
        }
        byte[] expected = new byte[1 << 20];
        java.util.Arrays.fill(expected, (byte) 5);
        try (StoredTrainingState restarted = state()) {
            assertArrayEquals(expected, Files.readAllBytes(restarted.latest().orElseThrow()));
        }
        assertEquals(0, localFiles(), "the state that could not be uploaded is deleted all the same");
    }
}
