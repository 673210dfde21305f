package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.core.store.Sha256;
import org.modeconn.stack.LocalStack;
import org.modeconn.stack.LocalStackExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local data named by a study goes to the object store once under content-addressed keys; the rewritten spec changes exactly when the content does. */
@ExtendWith(LocalStackExtension.class)
class StagingTest {
    @Test
    void localSplitsCorporaAndModelDirectoriesAreUploadedOnceAndRenamedDeterministically(LocalStack.Endpoints e,
                                                                                         @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("data/model"));
        Files.writeString(dir.resolve("data/train.tsv"), "s\tl\na\t0\n");
        Files.writeString(dir.resolve("data/corpus.txt"), "some text\n");
        Files.writeString(dir.resolve("data/model/config.json"), "{}");
        Path study = dir.resolve("s.yaml");
        Files.writeString(study, """
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: train.tsv, dev: s3://modeconn/already/there.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 1}
                endpoints:
                  a: {base: model, seeds: {init: 1, data: 1, dropout: 1}}
                pretraining:
                  p:
                    config: {layers: 1, hidden: 8, heads: 1, intermediate: 8, vocabSize: 50, maxPositions: 20}
                    corpus: {train: corpus.txt}
                    steps: 1
                    checkpointEvery: 1
                    learningRate: 1.0e-3
                    batchSize: 2
                    maxLength: 8
                """);
        try (ObjectStore store = StackCommand.objectStore(e)) {
            JsonNode dry = Staging.locationsOnly(store.bucket(), new LocalData(dir.resolve("data"))).stage(StudyFiles.tree(study));
            assertFalse(store.exists("datasets/d/" + Sha256.of(dir.resolve("data/train.tsv")) + "/train.tsv"), "locationsOnly uploads nothing");
            StringWriter log = new StringWriter();
            Staging staging = new Staging(store, new LocalData(dir.resolve("data")), new PrintWriter(log, true));
            JsonNode first = staging.stage(StudyFiles.tree(study));
            assertEquals(first, dry, "validate's id of the staged study is the one run publishes");
            String bucket = "s3://" + store.bucket() + "/";
            String train = Sha256.of(dir.resolve("data/train.tsv"));
            assertEquals(bucket + "datasets/d/" + train + "/train.tsv#sha256=" + train, first.at("/datasets/d/splits/train").asText());
            assertEquals("s3://modeconn/already/there.tsv", first.at("/datasets/d/splits/dev").asText(), "s3:// stays");
            String corpus = Sha256.of(dir.resolve("data/corpus.txt"));
            assertEquals(bucket + "corpora/p/" + corpus + "/train.txt#sha256=" + corpus, first.at("/pretraining/p/corpus/train").asText());
            String tree = DataRef.treeHash(new TreeMap<>(Map.of("config.json", Sha256.of(dir.resolve("data/model/config.json")))));
            assertEquals(bucket + "models/model/" + tree + "/#sha256=" + tree, first.at("/endpoints/a/base").asText());
            assertEquals("builtin:all-MiniLM-L6-v2", first.at("/baseModel").asText());
            assertTrue(store.exists("models/model/" + tree + "/config.json"));
            assertTrue(log.toString().contains("uploaded"));

            StringWriter again = new StringWriter();
            JsonNode second = new Staging(store, new LocalData(dir.resolve("data")), new PrintWriter(again, true))
                    .stage(StudyFiles.tree(study));
            assertEquals(first, second);
            assertFalse(again.toString().contains("uploaded"), "nothing is sent twice: " + again);
            assertEquals(StudyPlanner.plan(SpecReader.fromTree(first)).plan().studyId(),
                    StudyPlanner.plan(SpecReader.fromTree(second)).plan().studyId(), "so a rerun finds the same study");

            // An edited dataset and another model directory of the same folder name: a new study, nothing overwritten.
            Files.writeString(dir.resolve("data/train.tsv"), "s\tl\nb\t1\n");
            Files.writeString(dir.resolve("data/model/config.json"), "{ }");
            JsonNode edited = new Staging(store, new LocalData(dir.resolve("data")), new PrintWriter(new StringWriter(), true))
                    .stage(StudyFiles.tree(study));
            assertNotEquals(first.at("/datasets/d/splits/train"), edited.at("/datasets/d/splits/train"));
            assertNotEquals(first.at("/endpoints/a/base"), edited.at("/endpoints/a/base"));
            assertNotEquals(StudyPlanner.plan(SpecReader.fromTree(first)).plan().studyId(),
                    StudyPlanner.plan(SpecReader.fromTree(edited)).plan().studyId(), "a changed input is a new study");
            assertEquals("s\tl\na\t0\n", new String(store.openUnverified("datasets/d/" + train + "/train.tsv").readAllBytes()),
                    "the data the first study trained on is still there");
            assertTrue(store.exists("models/model/" + tree + "/config.json"));
        }
    }
}
