package org.modeconn.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ChecksumMismatchException;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.core.store.Sha256;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local copies of study inputs against a real S3 server: caches compare hashes, pins are verified. */
class DataFilesTest {
    @TempDir
    Path dir;
    private ObjectStore store;
    private DataFiles files;

    @BeforeEach
    void connect() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(), "datafiles-test", null));
        files = new DataFiles(store, dir.resolve("cache"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The local model a reference becomes, as text. */
    private String model(String reference) throws java.io.IOException {
        return files.model(ModelRef.parse(reference)).toString();
    }

    @Test
    void aSameSizeEditInPlaceIsFetchedAgainNotServedFromTheCache() throws Exception {
        store.putBytes("datasets/d/train.tsv", utf8("sentence\tlabel\ngood\t1\n"));
        Path first = files.resolve("s3://datafiles-test/datasets/d/train.tsv");
        assertEquals("sentence\tlabel\ngood\t1\n", Files.readString(first));
        store.putBytes("datasets/d/train.tsv", utf8("sentence\tlabel\nfine\t0\n")); // same size, other content
        Path second = files.resolve("s3://datafiles-test/datasets/d/train.tsv");
        assertEquals("sentence\tlabel\nfine\t0\n", Files.readString(second));
    }

    @Test
    void aPinnedDatasetIsVerifiedAndAChangedOneRefused() throws Exception {
        byte[] v1 = utf8("sentence\tlabel\ngood\t1\n");
        store.putBytes("datasets/p/train.tsv", v1);
        String pinned = DataRef.pinned("datafiles-test", "datasets/p/train.tsv", Sha256.of(v1)).toString();
        assertTrue(pinned.endsWith("#sha256=" + Sha256.of(v1)), pinned);
        assertEquals("sentence\tlabel\ngood\t1\n", Files.readString(files.resolve(pinned)));
        long modified = Files.getLastModifiedTime(files.resolve(pinned)).toMillis();
        assertEquals(modified, Files.getLastModifiedTime(files.resolve(pinned)).toMillis(), "the cached copy is reused");

        store.putBytes("datasets/p/train.tsv", utf8("sentence\tlabel\nbad\t0\n"));
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> files.resolve(pinned));
        assertTrue(e.getMessage().contains("s3://datafiles-test/datasets/p/train.tsv has changed"), e.getMessage());
    }

    @Test
    void aModelDirectoryIsFetchedByHashAndItsTreeHashChecked() throws Exception {
        byte[] config = utf8("{\"model_type\": \"bert\"}");
        byte[] weights = new byte[]{1, 2, 3, 4};
        store.putBytes("models/m/config.json", config);
        store.putBytes("models/m/model.safetensors", weights);
        store.putBytes("models/m/nested/ignored.txt", utf8("not part of the directory"));
        TreeMap<String, String> hashes = new TreeMap<>();
        hashes.put("config.json", Sha256.of(config));
        hashes.put("model.safetensors", Sha256.of(weights));
        String tree = DataRef.treeHash(hashes);

        Path local = Path.of(model("s3://datafiles-test/models/m/#sha256=" + tree));
        assertEquals(List.of("config.json", "model.safetensors"),
                Files.list(local).map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".sha256")).sorted().toList());
        assertEquals(local.toString(), model("s3://datafiles-test/models/m"), "pinned or not, one cache");
        assertEquals("builtin:all-MiniLM-L6-v2", model("builtin:all-MiniLM-L6-v2"));

        store.putBytes("models/m/model.safetensors", new byte[]{1, 2, 3, 5});
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> model("s3://datafiles-test/models/m/#sha256=" + tree));
        assertTrue(e.getMessage().contains("has changed since the study named it"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> model("s3://datafiles-test/models/none/"));
    }

    @Test
    void aBlobRewrittenUnderItsKeyAtTheSameSizeIsFetchedAgainFromItsHash() throws Exception {
        BlobRef first = store.putBytes("studies/s/checkpoints/c.safetensors", new byte[]{1, 2, 3});
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(files.blob(first)));
        BlobRef second = store.putBytes("studies/s/checkpoints/c.safetensors", new byte[]{4, 5, 6});
        assertArrayEquals(new byte[]{4, 5, 6}, Files.readAllBytes(files.blob(second)));
        assertThrows(ChecksumMismatchException.class, () -> files.blob(first), "the store no longer holds the first content");
    }

    @Test
    void referencesParseAndPrintBack() {
        String sha = "a".repeat(64);
        assertEquals("s3://b/k#sha256=" + sha, DataRef.parse("s3://b/k#sha256=" + sha).toString());
        assertEquals(new DataRef("s3://b/k", null), DataRef.parse("s3://b/k"));
        assertThrows(IllegalArgumentException.class, () -> DataRef.parse("s3://b/k#md5=00"));
        assertThrows(IllegalArgumentException.class, () -> DataRef.parse("s3://b/k#sha256=XYZ"));
        assertNotEquals(DataRef.parse("s3://b/k"), DataRef.parse("s3://b/k#sha256=" + sha));
    }
}
