package org.modeconn.core.fuzz;

import org.modeconn.core.data.DatasetCheck;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each reader must do with any input: read it consistently, or refuse it with its own exception (or its
 * list of problems) and a message. Anything else that escapes (an unchecked exception, an out-of-bounds read,
 * an OutOfMemoryError) fails the fuzz target, and Jazzer keeps the input as a finding.
 */
final class Oracles {
    private Oracles() {
    }

    /** A safetensors file, opened from disk and read as a stream's header. */
    static void safetensors(byte[] bytes) throws IOException {
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
        } finally {
            Files.delete(file);
        }
        try {
            Map<String, TensorInfo> header = SafetensorsReader.header("fuzz", new ByteArrayInputStream(bytes), bytes.length);
            header.values().forEach(t -> assertTrue(8 + t.end() <= bytes.length, t.name()));
        } catch (SafetensorsException refused) {
            assertFalse(refused.getMessage().isBlank());
        }
    }

    /** An event record: it decodes to an event that round-trips, or it is a dead letter with a reason. */
    static void event(String text) {
        Event decoded;
        try {
            decoded = EventCodec.decode(text, Event.class);
        } catch (EventCodec.BadEventException refused) {
            assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
            return;
        }
        assertEquals(decoded, EventCodec.decode(EventCodec.encode(decoded), Event.class), "an accepted event round-trips");
    }

    /** A study spec read from a tree: it plans, or each problem names its place ({@code $...}) and what is wrong. */
    static void plannedFromTree(StudyPlanner.Result planned) {
        if (!planned.ok()) {
            assertFalse(planned.problems().isEmpty());
            for (Problem p : planned.problems()) {
                assertTrue(p.path().startsWith("$"), p.toString());
                assertFalse(p.message() == null || p.message().isBlank(), p.toString());
            }
        } else {
            // A study may train endpoints without joining them (one endpoint and no path plans: a document cut
            // short by YAML's end marker "..." showed it, 2026-12-03); every path it has joins two of its endpoints.
            StudyPlan plan = planned.plan();
            assertFalse(plan.endpoints().isEmpty(), "a planned study has an endpoint");
            java.util.Set<String> ids = new java.util.HashSet<>();
            plan.endpoints().forEach(e -> ids.add(e.id()));
            for (StudyPlan.Path p : plan.paths()) {
                assertTrue(ids.contains(p.fromId()) && ids.contains(p.toId()) && !p.fromId().equals(p.toId()),
                        "path " + p.name() + " joins two of the study's endpoints");
            }
        }
    }

    /** A study spec read from text: it plans or is refused with problems. */
    static void plannedFromText(StudyPlanner.Result planned) {
        assertTrue(planned.ok() || !planned.problems().isEmpty());
    }

    /** A dataset file in one of the formats is checked whole, its problems listed, without throwing. */
    static void dataset(String format, byte[] content) throws IOException {
        Path file = Files.createTempFile("fuzz", "." + format);
        try {
            Files.write(file, content);
            DatasetSpec spec = new DatasetSpec(format, List.of("s"), "l", Map.of("neg", 0, "pos", 1), null, Map.of());
            DatasetCheck check = new DatasetReader(spec).check(file);
            assertTrue(check.ok() || !check.problems().isEmpty());
            check.problems().forEach(p -> assertFalse(p.toString().isBlank()));
        } finally {
            Files.delete(file);
        }
    }
}
