package org.modeconn.core.data;

import org.modeconn.core.data.Row.Cell;
import org.modeconn.core.spec.DatasetFormat;
import org.modeconn.core.spec.DatasetSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads labelled text from TSV (header row, one tab between fields, no quoting), CSV (header row,
 * RFC 4180 quoting) or JSONL (one object a line), mapping fields as a {@link DatasetSpec} says.
 * All three formats are read alike: UTF-8 only, a BOM at the start ignored, LF or CRLF line ends,
 * blank lines skipped, problems located by physical line (the header is line 1) and column.
 * {@link #read} stops at the first problem; {@link #check} reads the whole file and lists them all,
 * with the same message for the same problem.
 */
public final class DatasetReader {
    /** How many problems {@link #check(Path)} lists before it only counts them. */
    public static final int MAX_PROBLEMS = 20;

    private final DatasetSpec spec;
    private final DatasetFormat format;
    private final Labels labels;

    /**
     * @param spec the dataset's format, text fields (one or two), label field and classes
     * @throws IllegalArgumentException if the spec has no text field or more than two, or an unknown format
     */
    public DatasetReader(DatasetSpec spec) {
        if (spec.text().isEmpty() || spec.text().size() > 2) {
            throw new IllegalArgumentException("a dataset needs one or two text fields, got " + spec.text());
        }
        this.format = spec.datasetFormat();
        this.spec = spec;
        this.labels = new Labels(spec);
    }

    /**
     * Every example of the file, in file order.
     *
     * @throws DatasetException at the first problem, with its {@code file:line:column: message}
     * @throws IOException      if the file cannot be read
     */
    public List<Example> readAll(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    /**
     * The examples of split {@code split}, read from its file: every row, or the part the dataset's
     * {@code rows} gives that split ({@link DatasetSpec#rowsOf}), in file order.
     *
     * @throws DatasetException at the first problem of the file, with its {@code file:line:column: message}
     * @throws IOException      if the file cannot be read
     */
    public List<Example> readSplit(Path file, String split) throws IOException {
        return spec.rowsOf(split, readAll(file));
    }

    /**
     * Streams the file's examples, in file order, into the sink.
     *
     * @throws DatasetException at the first problem, with its {@code file:line:column: message}
     * @throws IOException      if the file cannot be read
     */
    public void read(Path file, Consumer<Example> sink) throws IOException {
        scan(file, sink, (line, column, message) -> {
            throw new DatasetException(new DatasetProblem(file, line, column, message));
        });
    }

    /**
     * Reads the whole file and reports every problem, listing the first {@link #MAX_PROBLEMS}.
     *
     * @throws IOException only if the file cannot be read; problems with its content are in the result
     */
    public DatasetCheck check(Path file) throws IOException {
        return check(file, MAX_PROBLEMS);
    }

    /**
     * Reads the whole file and reports every problem, listing the first {@code maxProblems}: missing
     * or duplicate columns, wrong field counts, empty texts, labels not in the label map, not integers
     * or outside 0..k-1, bad JSON, bytes that are not UTF-8, and a file without examples. A class
     * that never occurs is a warning.
     *
     * @param maxProblems how many problems to list (at least 0); the rest are counted
     * @throws IOException only if the file cannot be read; problems with its content are in the result
     */
    public DatasetCheck check(Path file, int maxProblems) throws IOException {
        List<DatasetProblem> problems = new ArrayList<>();
        int[] more = {0};
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < labels.classes(); i++) {
            counts.add(0);
        }
        int examples = scan(file, e -> {
            while (counts.size() <= e.label()) {
                counts.add(0);
            }
            counts.set(e.label(), counts.get(e.label()) + 1);
        }, (line, column, message) -> {
            if (problems.size() < maxProblems) {
                problems.add(new DatasetProblem(file, line, column, message));
            } else {
                more[0]++;
            }
        });
        List<DatasetProblem> warnings = new ArrayList<>();
        if (examples > 0) {
            for (int i = 0; i < counts.size(); i++) {
                if (counts.get(i) == 0) {
                    List<String> names = labels.names(i);
                    warnings.add(new DatasetProblem(file, 0, 0, "class " + i
                            + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")") + " never occurs"));
                }
            }
        }
        return new DatasetCheck(file, examples, counts, problems, more[0], warnings);
    }

    /** Reads the file, sending examples and problems on; returns the number of examples. */
    private int scan(Path file, Consumer<Example> sink, Problems problems) throws IOException {
        if (!Files.isRegularFile(file)) {
            problems.report(0, 0, "no such file");
            return 0;
        }
        int[] examples = {0};
        int[] reported = {0};
        Problems counting = (line, column, message) -> {
            reported[0]++;
            problems.report(line, column, message);
        };
        List<String> fields = new ArrayList<>(spec.text());
        fields.add(spec.label());
        try (InputStream in = Files.newInputStream(file)) {
            RowSource.of(format, new Lines(in, counting), counting).read(fields, row -> {
                Example e = example(row, counting);
                if (e != null) {
                    examples[0]++;
                    sink.accept(e);
                }
            });
        }
        if (examples[0] == 0 && reported[0] == 0) {
            problems.report(0, 0, "no examples");
        }
        return examples[0];
    }

    /** The row as an example, or null after reporting every problem it has. */
    private Example example(Row row, Problems problems) throws DatasetException {
        boolean ok = true;
        List<String> texts = new ArrayList<>();
        for (String f : spec.text()) {
            Cell cell = cell(row, f, problems);
            if (cell == null) {
                ok = false;
            } else if (cell.value().isBlank()) {
                problems.report(cell.line(), cell.column(), "field " + Printable.quote(f) + ": empty text");
                ok = false;
            } else {
                texts.add(cell.value());
            }
        }
        Cell cell = cell(row, spec.label(), problems);
        Labels.Label label = cell == null ? null : labels.parse(cell.value());
        if (label != null && label.problem() != null) {
            problems.report(cell.line(), cell.column(), "field " + Printable.quote(spec.label()) + ": " + label.problem());
        }
        if (!ok || label == null || label.problem() != null) {
            return null;
        }
        return new Example(texts.get(0), texts.size() == 2 ? texts.get(1) : null, label.index());
    }

    private static Cell cell(Row row, String field, Problems problems) throws DatasetException {
        Cell cell = row.cells().get(field);
        if (cell == null) {
            problems.report(row.line(), 0, "no field " + Printable.quote(field) + " in "
                    + row.names().stream().map(Printable::quote).toList());
        }
        return cell;
    }
}
