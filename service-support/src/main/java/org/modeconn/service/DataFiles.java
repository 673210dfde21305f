package org.modeconn.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.events.MisfitException;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ChecksumMismatchException;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Local copies of what services read from the object store: dataset splits and model directories named
 * {@code s3://bucket/key} in a spec, and blobs named by a {@link BlobRef}; the ML library takes local
 * paths only. Copies live under {@code modeconn.cache-dir}; a blob
 * copy is verified (SHA-256) once when downloaded and reused while its size matches.
 */
@ApplicationScoped
public class DataFiles {
    private final ObjectStore store;
    private final Path cache;

    @Inject
    DataFiles(ObjectStore store, ModeconnConfig config) {
        this(store, config.cacheDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "modeconn-cache")));
    }

    /** Local copies under {@code cache} (the services get theirs injected; tests and tools build one). */
    public DataFiles(ObjectStore store, Path cache) {
        this.store = store;
        this.cache = cache;
    }

    public Path cacheDir() {
        return cache;
    }

    /**
     * A dataset or corpus location of a spec as a local file: {@code s3://} locations of this service's
     * bucket are downloaded (verified against the {@code #sha256=} pin when the spec carries one, see
     * {@link DataRef}); {@code file:} and absolute paths are read in place (a shared volume).
     *
     * @throws org.modeconn.core.store.ChecksumMismatchException when a pinned object has changed
     */
    public Path resolve(String location) throws IOException {
        DataRef ref = DataRef.parse(location);
        if (ref.inObjectStore()) {
            String key = ref.key(store.bucket());
            return store.fetch(key, cache.resolve("objects").resolve(key), ref.sha256());
        }
        Path p = ref.localPath();
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("'" + location + "' is a relative path: a service cannot resolve it "
                    + "(upload the data and name it s3://" + store.bucket() + "/..., as `modeconn run` does)");
        }
        if (!Files.isRegularFile(p)) {
            throw new IOException("no such file: " + p);
        }
        return p;
    }

    /**
     * A base-model reference as the ML library loads it: a Hugging Face directory stored under an
     * {@code s3://bucket/PREFIX/} location becomes a local directory (its own files, not nested ones;
     * each cached by hash; with a {@code #sha256=} pin the directory's {@link DataRef#treeHash} must
     * match); built-in models and local directories are returned as they are.
     *
     * @param reference a built-in, stored or local model; a {@code pretrain:} step is located first
     *                  ({@link Checkpoints#baseModel})
     * @throws IOException when nothing is stored under the prefix, or the pinned directory has changed
     */
    public ModelRef model(ModelRef reference) throws IOException {
        if (reference instanceof ModelRef.PretrainStep) {
            throw new IllegalArgumentException(reference + " names a checkpoint of the study: locate it first (Checkpoints.baseModel)");
        }
        if (!(reference instanceof ModelRef.Stored stored)) {
            return reference;
        }
        DataRef ref = stored.ref();
        String prefix = ref.key(store.bucket());
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        Path dir = cache.resolve("models").resolve(prefix.replace('/', '_'));
        SortedMap<String, String> hashes = new TreeMap<>();
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length());
            if (!name.contains("/")) {
                hashes.put(name, ObjectStore.fetchedSha256(store.fetch(key, dir.resolve(name))));
            }
        }
        if (hashes.isEmpty()) {
            throw new IOException("no model under " + ref.location());
        }
        if (ref.sha256() != null && !DataRef.treeHash(hashes).equals(ref.sha256())) {
            throw new ChecksumMismatchException(ref.location() + " has changed since the study named it (its files hash to "
                    + DataRef.treeHash(hashes) + ", the study names " + ref.sha256() + ")");
        }
        return ModelRef.LocalDir.of(dir);
    }

    /** A new empty file for a blob being written (delete it when done). */
    public Path tempFile(String prefix) throws IOException {
        Path dir = cache.resolve("tmp");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, prefix, ".safetensors");
    }

    /** A new empty directory for files being written (delete it with commons-io's {@code PathUtils.deleteDirectory} when done). */
    public Path tempDirectory(String prefix) throws IOException {
        Path dir = cache.resolve("tmp");
        Files.createDirectories(dir);
        return Files.createTempDirectory(dir, prefix);
    }

    /**
     * A verified local copy of a blob: a cached copy is reused only when its recorded SHA-256 is the
     * one the reference names (a checkpoint trained again under the same key is fetched again, even at
     * the same size).
     */
    public Path blob(BlobRef ref) throws IOException {
        if (!ref.bucket().equals(store.bucket())) {
            throw new MisfitException(ref.uri() + " is not in this deployment's bucket " + store.bucket());
        }
        return store.fetch(ref.key(), cache.resolve("objects").resolve(ref.key()), ref.sha256());
    }
}
