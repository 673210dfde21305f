package org.modeconn.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.modeconn.core.data.Row.Cell;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSONL: one JSON object a line. Keys must be distinct within an object; a needed field's value is a
 * string, or a number or boolean taken as written ({@code 1}, {@code 2.5}, {@code true}); null,
 * arrays and objects are refused. Other fields may hold anything.
 */
final class JsonlRows implements RowSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Lines lines;
    private final Problems problems;

    JsonlRows(Lines lines, Problems problems) {
        this.lines = lines;
        this.problems = problems;
    }

    @Override
    public void read(List<String> fields, Sink sink) throws IOException {
        Lines.Line line;
        while ((line = lines.nextNonBlank()) != null) {
            Row row = object(line, fields);
            if (row != null) {
                sink.row(row);
            }
        }
    }

    /** The line's object, or null after reporting what is wrong with it. */
    private Row object(Lines.Line line, List<String> fields) throws IOException {
        String text = line.text();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return refuse(line, p.currentTokenLocation(), "expected a JSON object, got " + kind(t));
            }
            Map<String, Cell> cells = new HashMap<>();
            Set<String> keys = new LinkedHashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                if (!keys.add(name)) {
                    return refuse(line, at, "duplicate field " + Printable.quote(name));
                }
                JsonToken value = p.nextToken();
                at = p.currentTokenLocation();
                if (!fields.contains(name)) {
                    p.skipChildren();
                } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    // The value as written: a number keeps its text (1e2 stays "1e2", not "100.0").
                    cells.put(name, new Cell(p.getText(), line.number(), column(text, at)));
                } else {
                    return refuse(line, at, "field " + Printable.quote(name) + ": " + kind(value) + ", expected a string");
                }
            }
            if (p.nextToken() != null) {
                return refuse(line, p.currentTokenLocation(), "characters after the JSON object");
            }
            return new Row(line.number(), cells, List.copyOf(keys));
        } catch (JsonProcessingException e) {
            return refuse(line, e.getLocation(), "bad JSON: " + Printable.escape(e.getOriginalMessage()));
        }
    }

    private Row refuse(Lines.Line line, JsonLocation at, String message) throws DatasetException {
        problems.report(line.number(), column(line.text(), at), message);
        return null;
    }

    /** The location as a code-point column of the line, 0 if the parser gave none. */
    private static int column(String text, JsonLocation at) {
        if (at == null) {
            return 0;
        }
        long offset = at.getCharOffset();
        return offset >= 0 ? Row.column(text, (int) offset) : Math.max(0, at.getColumnNr());
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
