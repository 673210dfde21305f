package org.modeconn.core.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blobs in an S3-compatible bucket, through the MinIO client. Every write hashes what it sends and
 * returns a {@link BlobRef} carrying the SHA-256 and length; every read through a BlobRef verifies
 * both at the end of the stream and fails with {@link ChecksumMismatchException} if they differ.
 * Uploads are multipart (16 MiB parts), so blobs of any size stream without being held in memory.
 */
public final class ObjectStore implements AutoCloseable {

    /** User-metadata key under which a blob's SHA-256 is stored when it is known before the upload. */
    public static final String SHA256_METADATA = "sha256";
    static final long PART_SIZE = 16L * 1024 * 1024;

    /** Connection settings; credentials come from configuration or the environment, never from code. */
    public record Config(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        public Config {
            if (endpoint == null || endpoint.isBlank()) {
                throw new IllegalArgumentException("object store endpoint is not configured");
            }
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("object store bucket is not configured");
            }
            if (region == null || region.isBlank()) {
                region = "us-east-1";
            }
        }

        @Override
        public String toString() {
            return "ObjectStore.Config[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
        }
    }

    private final MinioClient client;
    private final String bucket;

    private ObjectStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /** Connects and creates the bucket if it does not exist. */
    public static ObjectStore connect(Config config) throws IOException {
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region()) // a fixed region skips the location lookup
                .build();
        ObjectStore store = new ObjectStore(client, config.bucket());
        try {
            store.call(() -> {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(config.bucket()).build());
                }
                return null;
            }, "opening bucket " + config.bucket() + " at " + config.endpoint());
        } catch (IOException e) {
            store.close();
            throw e;
        }
        return store;
    }

    public String bucket() {
        return bucket;
    }

    /** Streams {@code in} (of {@code size} bytes, or -1 if unknown) to {@code key}. */
    public BlobRef put(String key, InputStream in, long size) throws IOException {
        ObjectKeys.validate(key);
        Sha256.HashingInputStream hashing = new Sha256.HashingInputStream(in);
        upload(key, hashing, size, Map.of());
        if (size >= 0 && hashing.count() != size) {
            throw new IOException("uploaded " + hashing.count() + " bytes to " + key + " but " + size + " were announced");
        }
        return BlobRef.of(bucket, key, hashing.hex(), hashing.count());
    }

    /** Uploads a file; its SHA-256 is computed first and stored with the object, so {@link #stat} can return it. */
    public BlobRef putFile(String key, Path file) throws IOException {
        ObjectKeys.validate(key);
        String sha = Sha256.of(file);
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            upload(key, in, size, Map.of(SHA256_METADATA, sha));
        }
        return BlobRef.of(bucket, key, sha, size);
    }

    public BlobRef putBytes(String key, byte[] bytes) throws IOException {
        ObjectKeys.validate(key);
        String sha = Sha256.of(bytes);
        upload(key, new java.io.ByteArrayInputStream(bytes), bytes.length, Map.of(SHA256_METADATA, sha));
        return BlobRef.of(bucket, key, sha, bytes.length);
    }

    private void upload(String key, InputStream in, long size, Map<String, String> metadata) throws IOException {
        call(() -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .stream(in, size, PART_SIZE)
                .userMetadata(metadata)
                .contentType("application/octet-stream")
                .build()), "uploading " + key);
    }

    /** Opens a blob; the stream fails at its end if the bytes do not match the reference. */
    public InputStream open(BlobRef ref) throws IOException {
        checkBucket(ref);
        InputStream raw = openUnverified(ref.key());
        return new Sha256.HashingInputStream(raw) {
            private boolean checked;

            @Override
            protected void onEnd() throws IOException {
                if (checked) {
                    return;
                }
                checked = true;
                if (count() != ref.bytes()) {
                    throw new ChecksumMismatchException(ref.uri() + ": read " + count() + " bytes, expected " + ref.bytes());
                }
                String actual = hex();
                if (!actual.equals(ref.sha256())) {
                    throw new ChecksumMismatchException(ref.uri() + ": SHA-256 is " + actual + ", expected " + ref.sha256());
                }
            }
        };
    }

    /** Opens a key without a checksum to compare against (user uploads, reports). */
    public InputStream openUnverified(String key) throws IOException {
        ObjectKeys.validate(key);
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()), "reading " + key);
    }

    public byte[] readBytes(BlobRef ref) throws IOException {
        try (InputStream in = open(ref)) {
            return in.readAllBytes();
        }
    }

    /** Downloads and verifies a blob into {@code target}; the file appears only when complete and verified. */
    public Path download(BlobRef ref, Path target) throws IOException {
        return copyInto(open(ref), target);
    }

    /** As {@link #fetch(String, Path, String)} with no expected hash: the object's own is compared. */
    public Path fetch(String key, Path target) throws IOException {
        return fetch(key, target, null);
    }

    /**
     * A local copy of an object, for caches. The copy's SHA-256 is kept beside it ({@code NAME.sha256}); an
     * existing copy is reused only when that hash equals the one wanted: {@code expectedSha256} if given,
     * else the object's own (from its metadata). Otherwise the object is downloaded and hashed on the way
     * (and verified when a hash is wanted); the file appears only when complete and verified. An object
     * with no recorded hash and no expected one is downloaded every time, as nothing tells whether a
     * cached copy is current.
     *
     * @throws ChecksumMismatchException when the object is not the content {@code expectedSha256} names
     *                                   (it was changed in place since it was pinned, or corrupted)
     */
    public Path fetch(String key, Path target, String expectedSha256) throws IOException {
        Stat stat = stat(key).orElseThrow(() -> new IOException("no object " + key + " in bucket " + bucket));
        String recorded = stat.ref().map(BlobRef::sha256).orElse(null);
        String uri = "s3://" + bucket + "/" + key;
        if (expectedSha256 != null && recorded != null && !recorded.equals(expectedSha256)) {
            throw new ChecksumMismatchException(uri + " has changed: its SHA-256 is " + recorded + ", the study names "
                    + expectedSha256 + " (stage changed data under a new key: a changed input is a new study)");
        }
        String wanted = expectedSha256 != null ? expectedSha256 : recorded;
        Path sidecar = target.resolveSibling(target.getFileName() + ".sha256");
        if (wanted != null && Files.isRegularFile(target) && Files.isRegularFile(sidecar)
                && Files.readString(sidecar).strip().equals(wanted)) {
            return target;
        }
        Files.deleteIfExists(sidecar);
        Sha256.HashingInputStream in = new Sha256.HashingInputStream(openUnverified(key));
        copyInto(in, target, () -> {
            if (wanted != null && !in.hex().equals(wanted)) {
                throw new ChecksumMismatchException(uri + ": SHA-256 is " + in.hex() + ", expected " + wanted);
            }
        });
        Files.writeString(sidecar, in.hex()); // after the copy is in place: a sidecar never vouches for an old copy
        return target;
    }

    /** The SHA-256 of a copy made by {@link #fetch}, as recorded beside it. */
    public static String fetchedSha256(Path copy) throws IOException {
        return Files.readString(copy.resolveSibling(copy.getFileName() + ".sha256")).strip();
    }

    @FunctionalInterface
    private interface Check {
        void run() throws IOException;
    }

    private static Path copyInto(InputStream source, Path target) throws IOException {
        return copyInto(source, target, () -> { });
    }

    /** Copies into a temporary file beside {@code target}, runs {@code check}, then moves it into place. */
    private static Path copyInto(InputStream source, Path target, Check check) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
        try {
            try (InputStream in = source; OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            check.run();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    /**
     * The object's reference if it exists. The SHA-256 is known only for objects written with
     * {@link #putFile} or {@link #putBytes}; for others the reference is empty even if the object exists.
     */
    public Optional<Stat> stat(String key) throws IOException {
        ObjectKeys.validate(key);
        try {
            StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            String sha = r.userMetadata().get(SHA256_METADATA);
            Optional<BlobRef> ref = sha == null ? Optional.empty() : Optional.of(BlobRef.of(bucket, key, sha, r.size()));
            return Optional.of(new Stat(key, r.size(), ref));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new IOException("stat " + key + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("stat " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** What {@link #stat} knows about an object. */
    public record Stat(String key, long bytes, Optional<BlobRef> ref) {
    }

    /** Every key under a prefix, recursively, in lexicographic order. */
    public List<String> list(String prefix) throws IOException {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = r.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
            keys.sort(null);
            return keys;
        }, "listing " + prefix);
    }

    public void delete(String key) throws IOException {
        ObjectKeys.validate(key);
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }, "deleting " + key);
    }

    private void checkBucket(BlobRef ref) {
        if (!ref.bucket().equals(bucket)) {
            throw new IllegalArgumentException(ref.uri() + " is not in bucket " + bucket);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }

    /** MinIO throws a zoo of checked exceptions; callers see IOException with what was being done. */
    private <T> T call(S3Call<T> call, String what) throws IOException {
        try {
            return call.run();
        } catch (IOException e) {
            throw e;
        } catch (ErrorResponseException e) {
            throw new IOException(what + " failed: " + e.errorResponse().code() + " " + e.errorResponse().message(), e);
        } catch (Exception e) {
            throw new IOException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // the HTTP client's pools are released; nothing else to do
        }
    }
}
