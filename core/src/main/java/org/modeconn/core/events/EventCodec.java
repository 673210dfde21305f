package org.modeconn.core.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * The JSON form of events. Decoding checks the {@code schema} version and that the event is of the
 * expected type; a bad record fails with {@link BadEventException}, whose message is fit for a dead letter.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // one event a record: anything after it is malformed
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // newer minor fields are ignored
            .build();

    /** A record that is not a valid event of the expected kind. */
    public static class BadEventException extends RuntimeException {
        public BadEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Event event) {
        try {
            return MAPPER.writerFor(Event.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    public static byte[] encodeBytes(Event event) {
        return encode(event).getBytes(StandardCharsets.UTF_8);
    }

    public static <T extends Event> T decode(String json, Class<T> type) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadEventException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new BadEventException("an event must be a JSON object", null);
        }
        JsonNode schema = tree.get("schema");
        if (schema == null || !schema.isInt()) {
            throw new BadEventException("the event has no integer 'schema' field", null);
        }
        if (schema.intValue() != Event.SCHEMA) {
            throw new BadEventException("unsupported schema version " + schema.intValue() + " (this service reads "
                    + Event.SCHEMA + ")", null);
        }
        String expected = type.getSimpleName();
        JsonNode kind = tree.get("type");
        if (type != Event.class && (kind == null || !expected.equals(kind.asText()))) {
            throw new BadEventException("expected an event of type " + expected + " but got "
                    + (kind == null ? "no type" : kind.asText()), null);
        }
        try {
            Event e = MAPPER.treeToValue(tree, Event.class);
            return type.cast(e);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new BadEventException("invalid " + expected + ": " + why, e);
        }
    }
}
