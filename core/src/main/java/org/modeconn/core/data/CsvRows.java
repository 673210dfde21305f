package org.modeconn.core.data;

import org.modeconn.core.data.Row.Cell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: commas between fields; a field that starts with {@code "} is quoted,
 * may hold commas and line ends (read as LF, whatever the file uses) and writes a quote as
 * {@code ""}; a quote elsewhere in an unquoted field is an ordinary character. A record that starts
 * a quoted field on one line and ends it on a later one keeps the line where it starts.
 */
final class CsvRows extends DelimitedRows {

    CsvRows(Lines lines, Problems problems) {
        super(lines, problems);
    }

    @Override
    List<Cell> nextRecord() throws IOException {
        Lines.Line line = lines.nextNonBlank();
        if (line == null) {
            return null;
        }
        List<Cell> cells = new ArrayList<>();
        String text = line.text();
        int i = 0;
        while (true) {
            int startLine = line.number();
            int startColumn = Row.column(text, i);
            if (i < text.length() && text.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i == text.length()) {
                        line = lines.next();
                        if (line == null) {
                            problems.report(startLine, startColumn, field(cells.size())
                                    + ": quoted field is not closed before the end of the file");
                            return null;
                        }
                        value.append('\n');
                        text = line.text();
                        i = 0;
                    } else if (text.charAt(i) != '"') {
                        value.append(text.charAt(i++));
                    } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        value.append('"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                }
                if (i < text.length() && text.charAt(i) != ',') {
                    problems.report(line.number(), Row.column(text, i), field(cells.size())
                            + ": characters after the closing quote (write a quote inside a quoted field as \"\")");
                    return List.of();
                }
                cells.add(new Cell(value.toString(), startLine, startColumn));
            } else {
                int comma = text.indexOf(',', i);
                int to = comma < 0 ? text.length() : comma;
                cells.add(new Cell(text.substring(i, to), startLine, startColumn));
                i = to;
            }
            if (i == text.length()) {
                return cells;
            }
            i++;
        }
    }
}
