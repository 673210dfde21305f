package org.modeconn.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.SharedLocalStack;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A study is accepted only when everything it reads from the store can be read: its splits are read
 * whole and its base model is checked from config.json and the safetensors header (read from the first
 * bytes of the object), against a real S3 server.
 */
class StudyCatalogTest {
    @TempDir
    Path dir;
    private ObjectStore store;
    private StudyCatalog catalog;

    @BeforeEach
    void connect() throws Exception {
        LocalStack.Endpoints e = SharedLocalStack.get(List.of()).endpoints();
        store = ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(), "catalog-test", null));
        catalog = new StudyCatalog(store, new DataFiles(store, dir), true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StudyPlanner.Result accept(String base, String dev) throws Exception {
        JsonNode spec = EventCodec.mapper().readTree("""
                {"baseModel": "%s",
                 "datasets": {"d": {"format": "tsv", "text": ["s"], "label": "l", "numLabels": 2,
                   "splits": {"train": "s3://catalog-test/data/train.tsv", "dev": "s3://catalog-test/data/%s"}}},
                 "defaults": {"task": "d", "learningRate": 1.0e-5, "batchSize": 8, "steps": 10, "maxLength": 16},
                 "endpoints": {"a": {"seeds": {"init": 1}}, "b": {"seeds": {"init": 2}}},
                 "paths": {"p": {"from": "a", "to": "b", "grid": {"points": 3}, "eval": ["d/dev"]}}}
                """.formatted(base, dev));
        return catalog.accept(new StudyRequested(Event.SCHEMA, null, spec));
    }

    private void put(String key, String text) throws Exception {
        store.putBytes(key, text.getBytes(StandardCharsets.UTF_8));
    }

    private void putResource(String key, String resource) throws Exception {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            store.putBytes(key, in.readAllBytes());
        }
    }

    @Test
    void aStudyWhoseInputsReadIsAcceptedAndOneWithBadInputsIsRefusedWithEveryProblem() throws Exception {
        put("data/train.tsv", "s\tl\ngood\t1\nbad\t0\n");
        put("data/dev.tsv", "s\tl\nfine\t1\n");
        put("data/bad-dev.tsv", "s\tl\nfine\t1\nodd\t3\n");
        putResource("models/tiny/config.json", "/tiny-bert/config.json");
        putResource("models/tiny/model.safetensors", "/tiny-bert/model.safetensors");
        put("models/tiny/vocab.txt", "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
        put("models/noconfig/model.safetensors", "not even a safetensors file");

        assertTrue(accept("s3://catalog-test/models/tiny/", "dev.tsv").ok());

        StudyPlanner.Result bad = accept("s3://catalog-test/models/noconfig/", "bad-dev.tsv");
        assertFalse(bad.ok());
        List<String> problems = bad.problems().stream().map(Problem::toString).toList();
        assertEquals(4, problems.size(), problems.toString());
        assertEquals("$.datasets.d.splits.dev: d/dev has 1 problem: s3://catalog-test/data/bad-dev.tsv:3:5: "
                + "field 'l': label '3' is outside 0..1", problems.get(0));
        assertTrue(problems.contains("$.endpoints.a.base: s3://catalog-test/models/noconfig/: config.json is missing"), problems.toString());
        assertTrue(problems.get(2).startsWith("$.endpoints.a.base: s3://catalog-test/models/noconfig/: model.safetensors: "
                + "malformed safetensors file s3://catalog-test/models/noconfig/model.safetensors"), problems.toString());
        assertEquals("$.endpoints.a.base: s3://catalog-test/models/noconfig/: tokenizer.json (or vocab.txt) is missing", problems.get(3));

        StudyPlanner.Result none = accept("s3://catalog-test/models/absent/", "dev.tsv");
        assertEquals(List.of("$.endpoints.a.base: no model at s3://catalog-test/models/absent/"),
                none.problems().stream().map(Problem::toString).toList());
    }
}
