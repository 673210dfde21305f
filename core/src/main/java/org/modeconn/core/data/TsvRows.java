package org.modeconn.core.data;

import org.modeconn.core.data.Row.Cell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** TSV: one record a line, one tab between fields, no quoting (a quote is an ordinary character). */
final class TsvRows extends DelimitedRows {

    TsvRows(Lines lines, Problems problems) {
        super(lines, problems);
    }

    @Override
    List<Cell> nextRecord() throws IOException {
        Lines.Line line = lines.nextNonBlank();
        if (line == null) {
            return null;
        }
        String text = line.text();
        List<Cell> cells = new ArrayList<>();
        int from = 0;
        while (true) {
            int tab = text.indexOf('\t', from);
            int to = tab < 0 ? text.length() : tab;
            cells.add(new Cell(text.substring(from, to), line.number(), Row.column(text, from)));
            if (tab < 0) {
                return cells;
            }
            from = tab + 1;
        }
    }
}
