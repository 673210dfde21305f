package org.modeconn.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.ParameterDistance;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.BlobRef;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BlobRef BLOB = BlobRef.of("modeconn", "studies/s/checkpoints/c.safetensors", "a".repeat(64), 1234);

    static List<Event> oneOfEach() throws Exception {
        Connectivity c = Connectivity.of(new double[]{0, 0.5, 1}, new double[]{0.1, 0.3, 0.1});
        PathReport report = new PathReport(1, "study-1", "path-1", "sst2/dev", List.of(0.0, 0.5, 1.0),
                List.of(0.3, 0.9, 0.3), List.of(0.1, 0.3, 0.1), c, c, Verdict.BARRIER,
                new ParameterDistance(10, 2.0, 0.63, 0.99), BarrierRule.LINEAR, 0.02);
        return List.of(
                new StudyRequested(1, "study-0123456789abcdef", JSON.readTree("{\"name\": \"x\"}")),
                new TrainingJob(1, "study-1", "job-1", TrainingJob.Kind.CURVE, "p", List.of("ep-a", "ep-b"), List.of("path-1-bend1")),
                new CheckpointReady(1, "study-1", "ep-a", CheckpointReady.Kind.ENDPOINT, BLOB, Map.of("loss", 0.25)),
                new PathPointReady(1, "study-1", "path-1", 3, 0.12, BLOB),
                new PointEvaluated(1, "study-1", "path-1", 3, 0.12, "sst2/dev", 872, 0.31, 0.9, 0.89, BLOB),
                new StudyStatus(1, "study-1", StudyStatus.State.REJECTED, "validation", 0, 0, "invalid",
                        List.of(new Problem("$.paths.p.to", "unknown endpoint 'c'"))),
                report,
                new StudyReport(1, "study-1", List.of(report), BLOB, BLOB, BLOB),
                new DeadLetter(1, "trainer", "modeconn.studies", 0, 42, "k", "{oops", "not JSON"));
    }

    @Test
    void everyEventRoundTrips() throws Exception {
        for (Event e : oneOfEach()) {
            String json = EventCodec.encode(e);
            JsonNode tree = JSON.readTree(json);
            assertEquals(e.getClass().getSimpleName(), tree.get("type").asText());
            assertEquals(1, tree.get("schema").asInt());
            assertFalse(tree.has("key"), "the record key is not part of the value");
            assertEquals(e, EventCodec.decode(json, e.getClass()), e.getClass().getSimpleName());
            assertEquals(e, EventCodec.decode(json, Event.class));
        }
    }

    @Test
    void aTrainingJobWithoutNameOrOutputsIsRefused() throws Exception {
        String ok = EventCodec.encode(new TrainingJob(1, "s", "ep-a", TrainingJob.Kind.ENDPOINT, "a", List.of(), List.of("ep-a")));
        JsonNode tree = JSON.readTree(ok);
        assertEquals("a", tree.get("name").asText());
        assertEquals("ep-a", tree.get("outputs").get(0).asText());
        for (String field : List.of("name", "outputs")) {
            com.fasterxml.jackson.databind.node.ObjectNode without = tree.deepCopy();
            without.remove(field);
            var e = assertThrows(EventCodec.BadEventException.class,
                    () -> EventCodec.decode(without.toString(), TrainingJob.class));
            assertTrue(e.getMessage().contains("required field '" + field + "' is missing"), e.getMessage());
        }
        com.fasterxml.jackson.databind.node.ObjectNode empty = tree.deepCopy();
        empty.putArray("outputs");
        var e = assertThrows(EventCodec.BadEventException.class, () -> EventCodec.decode(empty.toString(), TrainingJob.class));
        assertTrue(e.getMessage().contains("'outputs' is empty"), e.getMessage());
    }

    @Test
    void badRecordsAreRefusedWithAReason() {
        String ok = EventCodec.encode(new PathPointReady(1, "s", "p", 0, 0, BLOB));
        assertThrows(EventCodec.BadEventException.class, () -> EventCodec.decode("{not json", PathPointReady.class));
        assertThrows(EventCodec.BadEventException.class, () -> EventCodec.decode("[]", PathPointReady.class));
        var wrongVersion = assertThrows(EventCodec.BadEventException.class,
                () -> EventCodec.decode(ok.replace("\"schema\":1", "\"schema\":2"), PathPointReady.class));
        assertTrue(wrongVersion.getMessage().contains("unsupported schema version 2"));
        var wrongType = assertThrows(EventCodec.BadEventException.class, () -> EventCodec.decode(ok, CheckpointReady.class));
        assertTrue(wrongType.getMessage().contains("expected an event of type CheckpointReady"));
        var missing = assertThrows(EventCodec.BadEventException.class,
                () -> EventCodec.decode("{\"type\":\"PathPointReady\",\"schema\":1,\"studyId\":\"s\"}", PathPointReady.class));
        assertTrue(missing.getMessage().contains("invalid PathPointReady"), missing.getMessage());
        assertThrows(EventCodec.BadEventException.class, () -> EventCodec.decode(
                ok.replace("\"sha256\":\"" + "a".repeat(64), "\"sha256\":\"xyz"), PathPointReady.class),
                "a blob reference with a malformed hash is refused");
    }

    @Test
    void theExampleStudyRequestedMatchesItsSchemaDecodesAndPlans() throws Exception {
        JsonSchema schema = schema();
        JsonNode example;
        try (InputStream in = getClass().getResourceAsStream("/schemas/StudyRequested.example.json")) {
            example = JSON.readTree(in);
        }
        Set<ValidationMessage> errors = schema.validate(example);
        assertEquals(Set.of(), errors);

        StudyRequested event = EventCodec.decode(JSON.writeValueAsString(example), StudyRequested.class);
        StudyPlanner.Result plan = StudyPlanner.plan(SpecReader.fromTree(event.spec()));
        assertTrue(plan.ok(), () -> plan.problems().toString());
        assertEquals(2, plan.plan().paths().size());
    }

    @Test
    void theSchemaRejectsWhatTheServicesWouldReject() throws Exception {
        JsonSchema schema = schema();
        JsonNode bad = JSON.readTree("""
                {"type": "StudyRequested", "schema": 1,
                 "spec": {"endpoints": {"a": {"learningRate": -1, "method": {"kind": "prefix"}}}, "colour": "blue"}}
                """);
        Set<ValidationMessage> errors = schema.validate(bad);
        String all = errors.toString();
        assertTrue(all.contains("learningRate"), all);
        assertTrue(all.contains("kind"), all);
        assertTrue(all.contains("colour"), all);
    }

    private JsonSchema schema() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/schemas/StudyRequested.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }
}
