package org.modeconn.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local copies of what services read from the object store: dataset splits named {@code s3://bucket/key}
 * in a spec, and blobs named by a {@link BlobRef}. Copies live under {@code modeconn.cache-dir}; a blob
 * copy is verified (SHA-256) once when downloaded and reused while its size matches.
 */
@ApplicationScoped
public class DataFiles {
    private final ObjectStore store;
    private final Path cache;

    DataFiles(ObjectStore store, @ConfigProperty(name = "modeconn.cache-dir",
            defaultValue = "${java.io.tmpdir}/modeconn-cache") String cache) {
        this.store = store;
        this.cache = Path.of(cache);
    }

    public Path cacheDir() {
        return cache;
    }

    /**
     * A dataset location of a spec as a local file: {@code s3://} locations of this service's bucket
     * are downloaded; {@code file:} and absolute paths are read in place (a shared volume).
     */
    public Path resolve(String location) throws IOException {
        if (location == null) {
            throw new IllegalArgumentException("no location given");
        }
        String prefix = "s3://" + store.bucket() + "/";
        if (location.startsWith("s3://")) {
            if (!location.startsWith(prefix)) {
                throw new IllegalArgumentException(location + " is not in this deployment's bucket " + store.bucket());
            }
            String key = location.substring(prefix.length());
            return store.fetch(key, cache.resolve("objects").resolve(key));
        }
        Path p = Path.of(location.startsWith("file:") ? location.substring(5) : location);
        if (!p.isAbsolute()) {
            throw new IllegalArgumentException("'" + location + "' is a relative path: a service cannot resolve it "
                    + "(upload the data and name it s3://" + store.bucket() + "/..., as `modeconn run` does)");
        }
        if (!Files.isRegularFile(p)) {
            throw new IOException("no such file: " + p);
        }
        return p;
    }

    /** A new empty file for a blob being written (delete it when done). */
    public Path tempFile(String prefix) throws IOException {
        Path dir = cache.resolve("tmp");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, prefix, ".safetensors");
    }

    /** A new empty directory for files being written (delete it when done). */
    public Path tempDirectory(String prefix) throws IOException {
        Path dir = cache.resolve("tmp");
        Files.createDirectories(dir);
        return Files.createTempDirectory(dir, prefix);
    }

    /** A verified local copy of a blob. */
    public Path blob(BlobRef ref) throws IOException {
        String key = ref.key();
        Path target = cache.resolve("objects").resolve(key);
        if (Files.isRegularFile(target) && Files.size(target) == ref.bytes()) {
            return target;
        }
        Files.createDirectories(target.getParent());
        return store.download(ref, target);
    }
}
