package org.modeconn.core.store;

import org.modeconn.core.spec.DatasetFormat;
import org.modeconn.core.spec.EvalTarget;

import java.util.regex.Pattern;

/**
 * The one place that knows the object layout (ARCHITECTURE.md, "Object layout"):
 * <pre>
 * models/{name}/{sha256}/config.json, model.safetensors, tokenizer.json   (sha256: the directory's tree hash)
 * datasets/{name}/{sha256}/{split}.{tsv|csv|jsonl}                        (sha256: the file's)
 * studies/{studyId}/spec.json
 * corpora/{run}/{sha256}/{file}
 * studies/{studyId}/checkpoints/{checkpointId}.safetensors (+ .json)
 * studies/{studyId}/checkpoints/{checkpointId}/config.json, model.safetensors, tokenizer.json   (pre-training steps)
 * studies/{studyId}/paths/{pathId}/points/{index}.safetensors
 * studies/{studyId}/paths/{pathId}/examples/{index}-{dataset}.safetensors
 * studies/{studyId}/report/report.json, report.html, points.csv
 * </pre>
 * Every segment is checked, so that no id or name can escape its prefix. Staged inputs are
 * content-addressed: the hash in the key means an edited file or directory never overwrites the copy
 * that an earlier study trained on.
 */
public final class ObjectKeys {
    /** A key that would leave its prefix or is not a key at all; when it comes from a record, the record is a misfit. */
    public static final class InvalidKeyException extends IllegalArgumentException {
        InvalidKeyException(String message) {
            super(message);
        }
    }

    /** A segment: letters, digits, '.', '_', '-'; not "." or ".."; at most 200 characters. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private ObjectKeys() {
    }

    /** The prefix (ending in '/') of a staged model directory whose files hash to {@code treeSha256}. */
    public static String modelDirectory(String model, String treeSha256) {
        return join("models", model, sha(treeSha256)) + "/";
    }

    public static String modelFile(String model, String treeSha256, String file) {
        return join("models", model, sha(treeSha256), file);
    }

    /** A staged dataset split whose file hashes to {@code sha256}, named with its format's extension. */
    public static String datasetFile(String dataset, String split, DatasetFormat format, String sha256) {
        return join("datasets", dataset, sha(sha256), split + "." + format.spelling());
    }

    public static String studySpec(String studyId) {
        return join("studies", studyId, "spec.json");
    }

    public static String checkpoint(String studyId, String checkpointId) {
        return join("studies", studyId, "checkpoints", checkpointId + ".safetensors");
    }

    /** An endpoint's training dynamics (core.pipeline.TrainingDynamics), beside its checkpoint. */
    public static String dynamics(String studyId, String checkpointId) {
        return join("studies", studyId, "checkpoints", checkpointId + ".dynamics.safetensors");
    }

    public static String checkpointInfo(String studyId, String checkpointId) {
        return join("studies", studyId, "checkpoints", checkpointId + ".json");
    }

    /**
     * The last saved training state of a job (an endpoint, a curve's bends, a pre-training run), kept while
     * the job runs so that a restarted trainer resumes it; deleted when the job's checkpoints are stored.
     */
    public static String trainingState(String studyId, String jobId) {
        return join("studies", studyId, "training-state", jobId + ".safetensors");
    }

    /** A file of a checkpoint stored as a Hugging Face directory (a pre-training step: config, weights, tokenizer). */
    public static String checkpointFile(String studyId, String checkpointId, String file) {
        return join("studies", studyId, "checkpoints", checkpointId, file);
    }

    /** The prefix (ending in '/') of a checkpoint stored as a directory. */
    public static String checkpointDirectory(String studyId, String checkpointId) {
        return join("studies", studyId, "checkpoints", checkpointId) + "/";
    }

    /** An uploaded pre-training corpus file. */
    public static String corpusFile(String run, String file, String sha256) {
        return join("corpora", run, sha(sha256), file);
    }

    public static String pathPoint(String studyId, String pathId, int index) {
        checkIndex(index);
        return join("studies", studyId, "paths", pathId, "points", index + ".safetensors");
    }

    /** The per-example scores of a point on one split, {@code {index}-{dataset}.{split}.safetensors}. */
    public static String pointExamples(String studyId, String pathId, int index, EvalTarget target) {
        checkIndex(index);
        return join("studies", studyId, "paths", pathId, "examples",
                index + "-" + target.dataset() + "." + target.split() + ".safetensors");
    }

    public static String report(String studyId, String file) {
        return join("studies", studyId, "report", file);
    }

    /** A chart of a study's report, as an SVG file: {@code studies/ID/report/charts/FILE}. */
    public static String reportChart(String studyId, String file) {
        return join("studies", studyId, "report", "charts", file);
    }

    /** The prefix under which a study's report charts lie. */
    public static String reportCharts(String studyId) {
        return join("studies", studyId, "report", "charts") + "/";
    }

    /** Validates a whole key: relative, no empty, "." or ".." segments, no backslashes or control characters. */
    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key must not be empty");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key must be relative, got '" + key + "'");
        }
        if (key.length() > 1024) {
            throw new IllegalArgumentException("object key longer than 1024 characters");
        }
        for (String segment : key.split("/", -1)) {
            checkSegment(segment, key);
        }
        return key;
    }

    private static String join(String... segments) {
        for (String s : segments) {
            checkSegment(s, String.join("/", segments));
        }
        return String.join("/", segments);
    }

    private static void checkSegment(String segment, String key) {
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidKeyException("object key '" + key + "' contains a '" + segment + "' segment");
        }
        if (!SEGMENT.matcher(segment).matches()) {
            throw new InvalidKeyException("object key '" + key + "' has an invalid segment '" + segment
                    + "' (allowed: letters, digits, '.', '_', '-'; 1 to 200 characters)");
        }
    }

    private static String sha(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a content hash must be 64 lowercase hex digits, got " + sha256);
        }
        return sha256;
    }

    private static void checkIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("point index must be >= 0, got " + index);
        }
    }
}
