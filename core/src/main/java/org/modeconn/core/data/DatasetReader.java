package org.modeconn.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.modeconn.core.spec.DatasetSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads labelled text from TSV (header row, one tab between fields, no quoting), CSV (header row,
 * RFC 4180 quoting) or JSONL (one object per line), mapping fields as a {@link DatasetSpec} says.
 * Rows stream through a consumer; a bad row stops the read with its file, line and problem.
 */
public final class DatasetReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetSpec spec;

    public DatasetReader(DatasetSpec spec) {
        if (spec.text().isEmpty() || spec.text().size() > 2) {
            throw new IllegalArgumentException("a dataset needs one or two text fields, got " + spec.text());
        }
        this.spec = spec;
    }

    public List<Example> readAll(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        read(file, out::add);
        return out;
    }

    public void read(Path file, Consumer<Example> sink) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no such file");
        }
        switch (spec.format()) {
            case "tsv" -> readTsv(file, sink);
            case "csv" -> readCsv(file, sink);
            case "jsonl" -> readJsonl(file, sink);
            default -> throw new IllegalArgumentException("unknown format " + spec.format());
        }
    }

    private void readTsv(Path file, Consumer<Example> sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DatasetException(file + ": empty file, expected a header row");
            }
            String[] names = header.split("\t", -1);
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                column.put(names[i].strip(), i);
            }
            for (String f : fields()) {
                if (!column.containsKey(f)) {
                    throw new DatasetException(file + ":1: no column '" + f + "' in header " + List.of(names));
                }
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != names.length) {
                    throw new DatasetException(file + ":" + number + ": " + cells.length + " fields, the header has " + names.length);
                }
                Map<String, String> row = new HashMap<>();
                column.forEach((name, i) -> row.put(name, cells[i]));
                sink.accept(example(row, file, number));
            }
        }
    }

    private void readCsv(Path file, Consumer<Example> sink) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class).with(schema).readValues(file.toFile())) {
            while (rows.hasNextValue()) {
                Map<String, String> row;
                int number = rows.getCurrentLocation() == null ? -1 : (int) rows.getCurrentLocation().getLineNr();
                try {
                    row = rows.nextValue();
                } catch (RuntimeException e) {
                    throw new DatasetException(file + ":" + number + ": " + e.getMessage());
                }
                for (String f : fields()) {
                    if (!row.containsKey(f)) {
                        throw new DatasetException(file + ":" + number + ": no column '" + f + "' (columns " + row.keySet() + ")");
                    }
                }
                sink.accept(example(row, file, number));
            }
        }
    }

    private void readJsonl(Path file, Consumer<Example> sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DatasetException(file + ":" + number + ": not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
                if (node == null || !node.isObject()) {
                    throw new DatasetException(file + ":" + number + ": not a JSON object");
                }
                Map<String, String> row = new HashMap<>();
                for (String f : fields()) {
                    JsonNode v = node.get(f);
                    if (v == null || v.isNull()) {
                        throw new DatasetException(file + ":" + number + ": field '" + f + "' is missing");
                    }
                    row.put(f, v.isTextual() ? v.textValue() : v.toString());
                }
                sink.accept(example(row, file, number));
            }
        }
    }

    private List<String> fields() {
        List<String> f = new ArrayList<>(spec.text());
        f.add(spec.label());
        return f;
    }

    private Example example(Map<String, String> row, Path file, int line) throws DatasetException {
        String text = row.get(spec.text().get(0));
        String pair = spec.text().size() == 2 ? row.get(spec.text().get(1)) : null;
        if (text == null || text.isBlank()) {
            throw new DatasetException(file + ":" + line + ": text field '" + spec.text().get(0) + "' is empty");
        }
        return new Example(text, pair, label(row.get(spec.label()).strip(), file, line));
    }

    private int label(String raw, Path file, int line) throws DatasetException {
        if (spec.labelMap() != null && !spec.labelMap().isEmpty()) {
            Integer index = spec.labelMap().get(raw);
            if (index == null) {
                throw new DatasetException(file + ":" + line + ": label '" + raw + "' is not in the label map " + spec.labelMap().keySet());
            }
            return index;
        }
        int classes = spec.numLabels() == null ? Integer.MAX_VALUE : spec.numLabels();
        try {
            int index = Integer.parseInt(raw);
            if (index < 0 || index >= classes) {
                throw new DatasetException(file + ":" + line + ": label " + index + " is outside 0.." + (classes - 1));
            }
            return index;
        } catch (NumberFormatException e) {
            throw new DatasetException(file + ":" + line + ": label '" + raw + "' is not an integer; give a labelMap");
        }
    }
}
