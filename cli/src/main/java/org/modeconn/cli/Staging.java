package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.stream.Stream;

/**
 * Makes a study runnable by services that see only the object store: uploads the local dataset splits,
 * pre-training corpora and base-model directories it names and rewrites those locations to {@code s3://} URIs. Files already
 * uploaded with the same content are not sent again, and the rewrite is deterministic, so a rerun
 * yields the same spec and therefore the same study id.
 */
final class Staging {
    private final ObjectStore store;
    private final LocalData data;
    private final PrintWriter out;

    Staging(ObjectStore store, LocalData data, PrintWriter out) {
        this.store = store;
        this.data = data;
        this.out = out;
    }

    /** Uploads what the spec names locally and returns the spec with the new locations. */
    JsonNode stage(JsonNode spec) throws IOException {
        ObjectNode copy = spec.deepCopy();
        for (Map.Entry<String, JsonNode> d : fields(copy.path("datasets"))) {
            String format = d.getValue().path("format").asText("tsv");
            if (d.getValue().path("splits") instanceof ObjectNode splits) {
                for (Map.Entry<String, JsonNode> split : fields(splits)) {
                    stageFile(splits, split.getKey(), ObjectKeys.datasetFile(d.getKey(), split.getKey(), format));
                }
            }
        }
        for (Map.Entry<String, JsonNode> run : fields(copy.path("pretraining"))) {
            if (run.getValue().path("corpus") instanceof ObjectNode corpus) {
                for (String part : new String[]{"train", "heldOut"}) {
                    stageFile(corpus, part, ObjectKeys.corpusFile(run.getKey(), part + ".txt"));
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
    private void stageFile(ObjectNode holder, String field, String key) throws IOException {
        String location = holder.path(field).asText(null);
        if (location != null && !location.startsWith("s3://")) {
            upload(key, data.resolve(location));
            holder.put(field, uri(key));
        }
    }

    private void stageModel(JsonNode holder, String field) throws IOException {
        if (!(holder instanceof ObjectNode o) || !o.path(field).isTextual()) {
            return;
        }
        String ref = o.get(field).asText();
        if (ref.startsWith("builtin:") || ref.startsWith("s3://") || ref.startsWith("pretrain:")) {
            return;
        }
        Path dir = data.resolveDirectory(ref.startsWith("file:") ? ref.substring(5) : ref);
        String name = dir.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                upload(ObjectKeys.modelFile(name, f.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_")), f);
            }
        }
        o.put(field, "s3://" + store.bucket() + "/models/" + name + "/");
    }

    private void upload(String key, Path file) throws IOException {
        String sha = Sha256.of(file);
        Optional<ObjectStore.Stat> stat = store.stat(key);
        if (stat.isPresent() && stat.get().ref().map(r -> r.sha256().equals(sha)).orElse(false)) {
            return;
        }
        store.putFile(key, file);
        out.printf("uploaded %s -> %s (%d bytes)%n", file, uri(key), Files.size(file));
    }

    private String uri(String key) {
        return "s3://" + store.bucket() + "/" + key;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }
}
