package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.modeconn.core.spec.DatasetFormat;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.core.store.Sha256;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * Makes a study runnable by services that see only the object store: uploads the local dataset splits,
 * pre-training corpora and base-model directories it names and rewrites those locations to pinned
 * {@code s3://…#sha256=…} references ({@link DataRef}) under content-addressed keys ({@link ObjectKeys}).
 * Files already uploaded are not sent again, and the rewrite depends only on the content, so an unchanged
 * input yields the same spec and therefore the same study id (a rerun resumes), while an edited dataset
 * or model yields another id (a new study, trained anew) and never overwrites the copy an earlier study used.
 */
final class Staging {
    /** Where a staged file goes: a content-addressed key in the bucket, its SHA-256 (hex) already known. */
    @FunctionalInterface
    interface Upload {
        void put(String key, Path file, String sha256) throws IOException;
    }

    private final String bucket;
    private final LocalData data;
    private final Upload upload;

    private Staging(String bucket, LocalData data, Upload upload) {
        this.bucket = bucket;
        this.data = data;
        this.upload = upload;
    }

    /** Stages into {@code store}: files already there with the same content are not sent again; each upload is logged to {@code out}. */
    Staging(ObjectStore store, LocalData data, PrintWriter out) {
        this(store.bucket(), data, (key, file, sha) -> upload(store, key, file, sha, out));
    }

    /**
     * Computes the locations staging into {@code bucket} would give, uploading nothing: what {@code validate} uses
     * to print the study id that {@code run} will publish (the rewrite depends only on content and bucket).
     */
    static Staging locationsOnly(String bucket, LocalData data) {
        return new Staging(bucket, data, (key, file, sha) -> { });
    }

    /** Uploads what the spec names locally and returns the spec with the new locations. */
    JsonNode stage(JsonNode spec) throws IOException {
        ObjectNode copy = spec.deepCopy();
        for (Map.Entry<String, JsonNode> d : fields(copy.path("datasets"))) {
            DatasetFormat format = DatasetFormat.parse(d.getValue().path("format").asText(DatasetFormat.TSV.spelling()));
            if (d.getValue().path("splits") instanceof ObjectNode splits) {
                for (Map.Entry<String, JsonNode> split : fields(splits)) {
                    stageFile(splits, split.getKey(), sha -> ObjectKeys.datasetFile(d.getKey(), split.getKey(), format, sha));
                }
            }
        }
        for (Map.Entry<String, JsonNode> run : fields(copy.path("pretraining"))) {
            if (run.getValue().path("corpus") instanceof ObjectNode corpus) {
                for (String part : new String[]{"train", "heldOut"}) {
                    stageFile(corpus, part, sha -> ObjectKeys.corpusFile(run.getKey(), part + ".txt", sha));
                }
            }
        }
        stageModel(copy, "baseModel");
        stageModel(copy.path("defaults"), "base");
        for (Map.Entry<String, JsonNode> endpoint : fields(copy.path("endpoints"))) {
            stageModel(endpoint.getValue(), "base");
        }
        for (Map.Entry<String, JsonNode> sweep : fields(copy.path("sweeps"))) {
            stageModel(sweep.getValue().path("base"), "base");
        }
        return copy;
    }

    /** Uploads the local file that {@code holder.field} names (if it is local) and points the field at the copy. */
    private void stageFile(ObjectNode holder, String field, UnaryOperator<String> keyOfHash) throws IOException {
        String location = holder.path(field).asText(null);
        if (location != null && !DataRef.parse(location).inObjectStore()) {
            Path file = data.resolve(location);
            String sha = Sha256.of(file);
            String key = keyOfHash.apply(sha);
            upload.put(key, file, sha);
            holder.put(field, DataRef.pinned(bucket, key, sha).toString());
        }
    }

    private void stageModel(JsonNode holder, String field) throws IOException {
        if (!(holder instanceof ObjectNode o) || !o.path(field).isTextual()) {
            return;
        }
        ModelRef ref;
        try {
            ref = ModelRef.parse(o.get(field).asText());
        } catch (IllegalArgumentException e) {
            return; // not stageable; validation reports it wherever an endpoint uses it
        }
        if (!(ref instanceof ModelRef.LocalDir local)) {
            return; // built in, already in the store, or a pre-training step of the study
        }
        Path dir = data.resolveModel(local);
        String name = dir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        SortedMap<String, Path> files = LocalData.modelFiles(dir);
        SortedMap<String, String> hashes = LocalData.hashes(files);
        String tree = DataRef.treeHash(hashes);
        for (Map.Entry<String, Path> f : files.entrySet()) {
            upload.put(ObjectKeys.modelFile(name, tree, f.getKey()), f.getValue(), hashes.get(f.getKey()));
        }
        o.put(field, DataRef.pinned(bucket, ObjectKeys.modelDirectory(name, tree), tree).toString());
    }

    private static void upload(ObjectStore store, String key, Path file, String sha, PrintWriter out) throws IOException {
        Optional<ObjectStore.Stat> stat = store.stat(key);
        if (stat.isPresent() && stat.get().ref().map(r -> r.sha256().equals(sha)).orElse(false)) {
            return;
        }
        store.putFile(key, file);
        out.printf("uploaded %s -> s3://%s/%s (%d bytes)%n", file, store.bucket(), key, Files.size(file));
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}
