package org.modeconn.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.modeconn.core.data.DatasetCheck;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.BlobRef;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input, fuzzed with jqwik from valid samples: every reader that takes input from users or from
 * the topics either reads it consistently or refuses it with its own exception and a message, never with an
 * unchecked exception (which in a service would fail a study for a record that should be a dead letter) and
 * never by reading out of bounds. A failure shrinks to the fewest edits and is replayed from jqwik's database.
 */
class HostileInputTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final BlobRef BLOB = BlobRef.of("modeconn", "studies/s/paths/p/points/1.safetensors", "a".repeat(64), 10);
    private static final byte[] SAFETENSORS = validSafetensors();
    private static final List<Event> EVENTS = List.of(
            new PathPointReady(Event.SCHEMA, "study-1", "path-1", 1, 0.5, BLOB),
            new CheckpointReady(Event.SCHEMA, "study-1", "ep-1", CheckpointReady.Kind.ENDPOINT, BLOB, Map.of("finalLoss", 0.3)),
            new PointEvaluated(Event.SCHEMA, "study-1", "path-1", 1, 0.5, "d/dev", 10, 0.4, 0.8, 0.7, BLOB),
            new StudyStatus(Event.SCHEMA, "study-1", StudyStatus.State.PROGRESS, "points", 1, 3, null, null));
    private static final String SPEC = """
            name: fuzzed
            baseModel: builtin:all-MiniLM-L6-v2
            datasets:
              d: {format: tsv, text: [s], label: l, labelMap: {neg: 0, pos: 1}, splits: {train: t.tsv, dev: v.tsv}}
            defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2, maxLength: 32, seeds: {init: 1, data: 1, dropout: 1}}
            endpoints:
              a: {method: {kind: adapter, bottleneck: 8, initStd: 0.02}}
              b: {method: {kind: adapter, bottleneck: 8, initStd: 0.08}}
            sweeps:
              lr: {base: {method: {kind: lora, rank: 4}}, vary: {learningRate: [1.0e-4, 2.0e-4]}, pairing: adjacent,
                   path: {grid: {points: 3}, eval: [d/dev]}}
            paths:
              line: {from: a, to: b, grid: {t: [0, 0.5, 1]}, eval: [d/dev]}
              curve: {from: a, to: b, curve: {kind: bezier, bends: 1}, grid: {points: 3}, eval: [d/dev],
                      fit: {steps: 1, learningRate: 1.0e-4, batchSize: 8, validateAt: [0.5]}}
            """;

    @Provide
    Arbitrary<List<Edits.Edit>> byteEdits() {
        return Edits.byteEdits().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Edits.Edit>> treeEdits() {
        return Edits.treeEdits().list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void aSafetensorsFileIsReadConsistentlyOrRefusedWithAReason(@ForAll("byteEdits") List<Edits.Edit> edits) throws IOException {
        byte[] bytes = Edits.apply(SAFETENSORS, edits);
        Path file = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(file, bytes);
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                for (TensorInfo t : r.tensors().values()) {
                    ByteBuffer data = r.data(t.name());
                    assertEquals(t.byteLength(), data.remaining(), t.name());
                    if (t.dtype() == DType.F32) {
                        assertEquals(t.elementCount(), r.floats(t.name()).length);
                    }
                }
            } catch (SafetensorsException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
            try {
                Map<String, TensorInfo> header = SafetensorsReader.header("fuzz", new ByteArrayInputStream(bytes), bytes.length);
                header.values().forEach(t -> assertTrue(8 + t.end() <= bytes.length, t.name()));
            } catch (SafetensorsException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 400)
    void anEventDecodesToAValidEventOrIsADeadLetterWithAReason(@ForAll @IntRange(min = 0, max = 3) int which,
                                                                 @ForAll("treeEdits") List<Edits.Edit> edits) throws IOException {
        JsonNode tree = EventCodec.mapper().readTree(EventCodec.encode(EVENTS.get(which)));
        decodeOrRefuse(EventCodec.mapper().writeValueAsString(Edits.apply(tree, edits)));
    }

    @Property(tries = 300)
    void eventTextWithBrokenBytesIsADeadLetterWithAReason(@ForAll @IntRange(min = 0, max = 3) int which,
                                                         @ForAll("byteEdits") List<Edits.Edit> edits) {
        decodeOrRefuse(new String(Edits.apply(EventCodec.encodeBytes(EVENTS.get(which)), edits), StandardCharsets.UTF_8));
    }

    private static void decodeOrRefuse(String text) {
        Event decoded;
        try {
            decoded = EventCodec.decode(text, Event.class);
        } catch (EventCodec.BadEventException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
            return;
        }
        assertEquals(decoded, EventCodec.decode(EventCodec.encode(decoded), Event.class), "an accepted event round-trips");
    }

    @Property(tries = 300)
    void aStudySpecPlansOrListsItsProblemsWithTheirPaths(@ForAll("treeEdits") List<Edits.Edit> edits) throws IOException {
        JsonNode tree = Edits.apply(YAML.readTree(SPEC), edits);
        SpecReader.Result read = SpecReader.fromTree(tree);
        StudyPlanner.Result planned = StudyPlanner.plan(read);
        if (!planned.ok()) {
            assertFalse(planned.problems().isEmpty());
            for (Problem p : planned.problems()) {
                assertTrue(p.path().startsWith("$"), p.toString());
                assertFalse(p.message() == null || p.message().isBlank(), p.toString());
            }
        } else {
            assertTrue(planned.plan().endpoints().size() >= 2, "a planned study has its endpoints");
        }
    }

    /** Found by the property above: an entry without a value used to stop the planner with a NullPointerException. */
    @Example
    void aPathOrDatasetWithoutAValueIsAProblemAtItsPath() throws IOException {
        JsonNode tree = YAML.readTree(SPEC);
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("paths")).putNull("line");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("datasets")).put("d", 0);
        StudyPlanner.Result planned = StudyPlanner.plan(SpecReader.fromTree(tree));
        List<String> paths = planned.problems().stream().map(Problem::path).toList();
        assertTrue(paths.contains("$.paths.line"), planned.problems().toString());
        assertTrue(paths.contains("$.datasets.d"), planned.problems().toString());
    }

    @Property(tries = 200)
    void aStudySpecWithBrokenTextIsRefusedWithProblems(@ForAll("byteEdits") List<Edits.Edit> edits) {
        String text = new String(Edits.apply(SPEC.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8);
        StudyPlanner.Result planned = StudyPlanner.plan(SpecReader.readYaml(text));
        assertTrue(planned.ok() || !planned.problems().isEmpty());
    }

    @Property(tries = 300)
    void aDatasetFileIsCheckedWholeWithoutThrowing(@ForAll @IntRange(min = 0, max = 2) int format,
                                                   @ForAll("byteEdits") @Size(max = 6) List<Edits.Edit> edits) throws IOException {
        String[] formats = {"tsv", "csv", "jsonl"};
        String[] samples = {
                "s\tl\na fine film .\tpos\na dull one .\tneg\n",
                "s,l\n\"a fine, warm film .\",pos\na dull one .,neg\n",
                "{\"s\": \"a fine film .\", \"l\": \"pos\"}\n{\"s\": \"a dull one .\", \"l\": \"neg\"}\n"};
        Path file = Files.createTempFile("fuzz", "." + formats[format]);
        try {
            Files.write(file, Edits.apply(samples[format].getBytes(StandardCharsets.UTF_8), edits));
            DatasetSpec spec = new DatasetSpec(formats[format], List.of("s"), "l", Map.of("neg", 0, "pos", 1), null, Map.of());
            DatasetCheck check = new DatasetReader(spec).check(file);
            assertTrue(check.ok() || !check.problems().isEmpty());
            check.problems().forEach(p -> assertFalse(p.toString().isBlank()));
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] validSafetensors() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<TensorInfo> layout = List.of(TensorInfo.of("encoder.weight", DType.F32, 2, 3),
                    TensorInfo.of("encoder.ids", DType.I64, 2), TensorInfo.of("empty", DType.F16, 0, 4),
                    TensorInfo.of("head.bias", DType.BF16, 3));
            try (SafetensorsWriter w = SafetensorsWriter.open(out, layout, Map.of("format", "pt"))) {
                w.writeFloats("encoder.weight", new float[]{1, 2, 3, 4, 5, 6});
                w.writeTensor("encoder.ids", ByteBuffer.allocate(16).putLong(7).putLong(9).flip());
                w.writeTensor("empty", ByteBuffer.allocate(0));
                w.writeTensor("head.bias", ByteBuffer.allocate(6));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
