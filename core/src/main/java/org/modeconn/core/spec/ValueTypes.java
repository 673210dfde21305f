package org.modeconn.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a spec tree against the types of the spec's records before Jackson converts it, because
 * Jackson's conversions are lenient in ways that change a study silently: {@code 2.5} for an integer is
 * truncated to 2, {@code "8"} for a number is parsed. Both become problems here, with their JSON path,
 * and Jackson's conversion then goes on so that every other problem is found too. The study id hashes
 * the spec's text, so two texts must not read as one study.
 */
final class ValueTypes {
    private ValueTypes() {
    }

    /** Appends a problem for each integer written as a fraction and each number written as a string. */
    static void check(JsonNode node, Type type, String path, List<Problem> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        Class<?> raw = raw(type);
        if (isInteger(raw)) {
            if (numeric(node)) {
                problems.add(new Problem(path, "expected an integer but found the string '" + node.textValue() + "'"));
            } else if (node.isNumber() && !node.isIntegralNumber()) {
                problems.add(new Problem(path, "expected an integer but found " + node.asText()));
            }
        } else if (isNumber(raw)) {
            if (numeric(node)) {
                problems.add(new Problem(path, "expected a number but found the string '" + node.textValue() + "'"));
            }
        } else if (raw.isRecord() && node.isObject()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                check(node.get(c.getName()), c.getGenericType(), path + "." + c.getName(), problems);
            }
            if (raw == SweepSpec.class) {
                sweepValues(node.get("vary"), path + ".vary", problems);
            }
        } else if (Map.class.isAssignableFrom(raw) && node.isObject() && type instanceof ParameterizedType p) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkPresent(e.getValue(), p.getActualTypeArguments()[1], path + "." + e.getKey(), problems);
            }
        } else if (List.class.isAssignableFrom(raw) && node.isArray() && type instanceof ParameterizedType p) {
            for (int i = 0; i < node.size(); i++) {
                checkPresent(node.get(i), p.getActualTypeArguments()[0], path + "[" + i + "]", problems);
            }
        }
    }

    /** The message of an entry of a map or an element of a list that is null: {@link #hasNullEntry} finds it. */
    static final String NULL_ENTRY = "has no value (null): give one or leave the entry out";

    /** Whether {@link #check} found a null map entry or list element (a spec with one cannot be planned). */
    static boolean hasNullEntry(List<Problem> problems) {
        return problems.stream().anyMatch(p -> NULL_ENTRY.equals(p.message()));
    }

    /** An entry of a map or an element of a list: unlike a record's field, it cannot be left null. */
    private static void checkPresent(JsonNode node, Type type, String path, List<Problem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new Problem(path, NULL_ENTRY));
        } else {
            check(node, type, path, problems);
        }
    }

    /** A sweep's values are written as plain values; each must fit the training setting it varies. */
    private static void sweepValues(JsonNode vary, String path, List<Problem> problems) {
        if (vary == null || !vary.isObject()) {
            return;
        }
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            JsonNode values = vary.get(c.getName());
            if (values != null && values.isArray()) {
                for (int i = 0; i < values.size(); i++) {
                    check(values.get(i), c.getGenericType(), path + "." + c.getName() + "[" + i + "]", problems);
                }
            }
        }
    }

    /** A string that reads as a number; one that does not is reported by the conversion itself. */
    private static boolean numeric(JsonNode node) {
        if (!node.isTextual()) {
            return false;
        }
        try {
            Double.parseDouble(node.textValue().strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
    }

    private static boolean isInteger(Class<?> c) {
        return c == Integer.class || c == int.class || c == Long.class || c == long.class;
    }

    private static boolean isNumber(Class<?> c) {
        return c == Double.class || c == double.class || c == Float.class || c == float.class;
    }
}
