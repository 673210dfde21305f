package org.modeconn.core.data;

import org.modeconn.core.spec.DatasetSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns a label value into a class index as the spec says: through the label map when there is one,
 * else as an integer 0..numLabels-1. The value is stripped of surrounding whitespace first.
 */
final class Labels {
    private final Map<String, Integer> map;
    private final int classes;

    /** A label value's class index, or why it has none. */
    record Label(int index, String problem) {
    }

    Labels(DatasetSpec spec) {
        this.map = spec.labelMap() == null || spec.labelMap().isEmpty() ? null : spec.labelMap();
        this.classes = spec.classes() == null ? -1 : spec.classes();
    }

    /** The number of classes, or -1 when neither a label map nor numLabels says. */
    int classes() {
        return classes;
    }

    /** The label values that map to a class index, quoted, or an empty list without a label map. */
    List<String> names(int index) {
        return map == null ? List.of() : map.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() == index)
                .map(e -> Printable.quote(e.getKey())).sorted().toList();
    }

    Label parse(String value) {
        String raw = value.strip();
        if (raw.isEmpty()) {
            return problem("empty label");
        }
        int index;
        if (map != null) {
            Integer mapped = map.get(raw);
            if (mapped == null) {
                return problem("label " + Printable.quote(raw) + " is not in the label map " + mapKeys());
            }
            index = mapped;
        } else {
            try {
                index = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                return problem("label " + Printable.quote(raw) + " is not an integer; give a labelMap");
            }
        }
        if (index < 0 || (classes >= 0 && index >= classes)) {
            String range = classes >= 0 ? "outside 0.." + (classes - 1) : "negative";
            return problem(map == null
                    ? "label " + Printable.quote(raw) + " is " + range
                    : "label " + Printable.quote(raw) + " maps to class " + index + ", " + range);
        }
        return new Label(index, null);
    }

    private static Label problem(String message) {
        return new Label(-1, message);
    }

    /** The label map's keys, by class index then name. */
    private List<String> mapKeys() {
        return map.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> Printable.quote(e.getKey())).toList();
    }
}
