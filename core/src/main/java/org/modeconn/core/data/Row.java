package org.modeconn.core.data;

import java.util.List;
import java.util.Map;

/**
 * One record of a dataset file, by field name, before its values are checked.
 *
 * @param line  the physical line where the record starts
 * @param cells field name → value and where it starts, for the fields the dataset needs
 * @param names every field name of the record, in order
 */
record Row(int line, Map<String, Cell> cells, List<String> names) {

    /**
     * One field's value.
     *
     * @param value  the text, with CSV quoting undone
     * @param line   physical line where the value starts
     * @param column 1-based column in code points where the value starts
     */
    record Cell(String value, int line, int column) {
    }

    /** 1-based code-point column of the character at {@code index} of {@code text}. */
    static int column(String text, int index) {
        return text.codePointCount(0, Math.min(index, text.length())) + 1;
    }
}
