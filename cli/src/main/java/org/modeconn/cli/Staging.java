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
import java.util.Iterator;
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
        JsonNode datasets = copy.path("datasets");
        for (Iterator<Map.Entry<String, JsonNode>> it = datasets.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            String format = d.getValue().path("format").asText("tsv");
            JsonNode splits = d.getValue().path("splits");
            if (splits instanceof ObjectNode s) {
                for (Iterator<Map.Entry<String, JsonNode>> si = s.fields(); si.hasNext(); ) {
                    Map.Entry<String, JsonNode> split = si.next();
                    String location = split.getValue().asText();
                    if (!location.startsWith("s3://")) {
                        Path file = data.resolve(location);
                        String key = ObjectKeys.datasetFile(d.getKey(), split.getKey(), format);
                        upload(key, file);
                        split.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(uri(key)));
                    }
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.path("pretraining").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> run = it.next();
            if (run.getValue().path("corpus") instanceof ObjectNode corpus) {
                for (String part : new String[]{"train", "heldOut"}) {
                    String location = corpus.path(part).asText(null);
                    if (location != null && !location.startsWith("s3://")) {
                        Path file = data.resolve(location);
                        String key = ObjectKeys.corpusFile(run.getKey(), part + "-" + file.getFileName().toString()
                                .replaceAll("[^A-Za-z0-9._-]", "_"));
                        upload(key, file);
                        corpus.put(part, uri(key));
                    }
                }
            }
        }
        stageModel(copy, "baseModel");
        stageModel(copy.path("defaults"), "base");
        for (JsonNode endpoint : iterable(copy.path("endpoints"))) {
            stageModel(endpoint, "base");
        }
        return copy;
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

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return node::elements;
    }
}
