package org.modeconn.core.data;

import org.modeconn.core.spec.DatasetFormat;

import java.io.IOException;
import java.util.List;

/** The records of one file in one format, as rows by field name; problems of form go to its {@link Problems}. */
interface RowSource {

    /**
     * Reads every record.
     *
     * @param fields the fields the dataset needs (a TSV/CSV header lacking one stops the read)
     * @param sink   receives each well-formed record
     */
    void read(List<String> fields, Sink sink) throws IOException;

    /** Receives rows. */
    @FunctionalInterface
    interface Sink {
        void row(Row row) throws IOException;
    }

    /** The source for a spec's format. */
    static RowSource of(DatasetFormat format, Lines lines, Problems problems) {
        return switch (format) {
            case TSV -> new TsvRows(lines, problems);
            case CSV -> new CsvRows(lines, problems);
            case JSONL -> new JsonlRows(lines, problems);
        };
    }
}
