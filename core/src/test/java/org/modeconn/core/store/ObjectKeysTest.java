package org.modeconn.core.store;

import org.junit.jupiter.api.Test;
import org.modeconn.core.spec.DatasetFormat;
import org.modeconn.core.spec.EvalTarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ObjectKeysTest {
    @Test
    void layoutOfArchitectureMd() {
        String sha = "0123456789abcdef".repeat(4);
        assertEquals("models/minilm/" + sha + "/config.json", ObjectKeys.modelFile("minilm", sha, "config.json"));
        assertEquals("models/minilm/" + sha + "/", ObjectKeys.modelDirectory("minilm", sha));
        assertEquals("datasets/sst2/" + sha + "/dev.tsv", ObjectKeys.datasetFile("sst2", "dev", DatasetFormat.TSV, sha));
        assertEquals("corpora/run/" + sha + "/train.txt", ObjectKeys.corpusFile("run", "train.txt", sha));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetFile("sst2", "dev", DatasetFormat.TSV, "../x"));
        assertEquals("studies/s1/spec.json", ObjectKeys.studySpec("s1"));
        assertEquals("studies/s1/checkpoints/ep-1.safetensors", ObjectKeys.checkpoint("s1", "ep-1"));
        assertEquals("studies/s1/checkpoints/ep-1.json", ObjectKeys.checkpointInfo("s1", "ep-1"));
        assertEquals("studies/s1/paths/p1/points/7.safetensors", ObjectKeys.pathPoint("s1", "p1", 7));
        assertEquals("studies/s1/paths/p1/examples/7-sst2.dev.safetensors", ObjectKeys.pointExamples("s1", "p1", 7, new EvalTarget("sst2", "dev")));
        assertEquals("studies/s1/report/report.html", ObjectKeys.report("s1", "report.html"));
    }

    @Test
    void noKeyEscapesItsPrefix() {
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkpoint("s1", "../../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.studySpec(".."));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.modelFile("a/b", "0".repeat(64), "c"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.pathPoint("s", "p", -1));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.datasetFile("d", "train", DatasetFormat.parse("parquet"), "0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.validate("/absolute/key"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.validate("a//b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.validate("a\\b"));
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.validate("a/\u0000"));
        assertEquals("blobs/x-1_y.bin", ObjectKeys.validate("blobs/x-1_y.bin"));
    }

    @Test
    void blobRefsNameBucketAndKey() {
        BlobRef ref = BlobRef.of("modeconn", "studies/s/spec.json", "0".repeat(64), 10);
        assertEquals("s3://modeconn/studies/s/spec.json", ref.uri());
        assertEquals("modeconn", ref.bucket());
        assertEquals("studies/s/spec.json", ref.key());
        assertThrows(IllegalArgumentException.class, () -> new BlobRef("http://x/y", "0".repeat(64), 1));
        assertThrows(IllegalArgumentException.class, () -> new BlobRef("s3://b/k", "ABC", 1));
    }
}
