package org.modeconn.core.data;

import org.modeconn.core.data.Row.Cell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TSV and CSV share: the first non-blank record is the header; its names are kept exactly as
 * written (not trimmed, as pandas and Hugging Face {@code datasets} keep them), must be distinct and
 * must include every field the dataset needs; every other record needs as many fields as the header.
 * Subclasses only split the text into records of cells.
 */
abstract class DelimitedRows implements RowSource {
    protected final Lines lines;
    protected final Problems problems;
    private List<String> names = List.of();

    DelimitedRows(Lines lines, Problems problems) {
        this.lines = lines;
        this.problems = problems;
    }

    /**
     * The next record's cells, skipping blank lines; null at the end of the file; an empty list for a
     * record that was reported as malformed and is left out.
     */
    abstract List<Cell> nextRecord() throws IOException;

    /** How messages name the field at {@code index} of a record: {@code field 'text'}, or its number. */
    protected final String field(int index) {
        return index < names.size() ? "field " + Printable.quote(names.get(index)) : "field " + (index + 1);
    }

    @Override
    public final void read(List<String> fields, Sink sink) throws IOException {
        List<Cell> header = nextRecord();
        if (header == null) {
            problems.report(0, 0, "no header row: the file is empty");
            return;
        }
        if (header.isEmpty() || !header(header, fields)) {
            return;
        }
        List<Cell> cells;
        while ((cells = nextRecord()) != null) {
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.size() != names.size()) {
                problems.report(cells.get(0).line(), 0, cells.size() + " fields, the header has " + names.size());
                continue;
            }
            Map<String, Cell> row = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                row.put(names.get(i), cells.get(i));
            }
            sink.row(new Row(cells.get(0).line(), row, names));
        }
    }

    /** Checks the header and keeps its names; false if the file cannot be read past it. */
    private boolean header(List<Cell> header, List<String> fields) throws DatasetException {
        int line = header.get(0).line();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> quoted = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).value();
            quoted.add(Printable.quote(name));
            Integer first = seen.putIfAbsent(name, i + 1);
            if (first != null) {
                problems.report(line, header.get(i).column(), "duplicate column " + Printable.quote(name)
                        + " (columns " + first + " and " + (i + 1) + ")");
                ok = false;
            }
        }
        for (String f : fields) {
            if (!seen.containsKey(f)) {
                problems.report(line, 0, "no column " + Printable.quote(f) + " in header " + quoted + untrimmed(f, seen));
                ok = false;
            }
        }
        names = header.stream().map(Cell::value).toList();
        return ok;
    }

    /** A hint when the wanted name is there with spaces around it. */
    private static String untrimmed(String wanted, Map<String, Integer> names) {
        return names.entrySet().stream()
                .filter(e -> e.getKey().strip().equals(wanted.strip()))
                .map(e -> " (column " + e.getValue() + " is " + Printable.quote(e.getKey()) + "; header names are not trimmed)")
                .findFirst().orElse("");
    }
}
