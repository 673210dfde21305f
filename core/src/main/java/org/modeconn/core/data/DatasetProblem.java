package org.modeconn.core.data;

import java.nio.file.Path;

/**
 * One thing wrong with a dataset file, where it is: {@code file:line:column: message}.
 *
 * @param file    the file
 * @param line    1-based physical line of the file (the header is line 1), or 0 for the file as a whole
 * @param column  1-based column in characters (Unicode code points, a BOM not counted) where the value
 *                at fault starts, or 0 where no column is meaningful
 * @param message what is wrong; values in it are quoted with {@link Printable#quote(String)}
 */
public record DatasetProblem(Path file, int line, int column, String message) {

    /** {@code file:line:column: message}, leaving out a line or column that is 0. */
    @Override
    public String toString() {
        return at(String.valueOf(file));
    }

    /**
     * As {@link #toString()} with another name for the file, e.g. the {@code s3://} location a local
     * copy was made from, so that the user reads the name they gave.
     */
    public String at(String name) {
        StringBuilder out = new StringBuilder().append(name);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        return out.append(": ").append(message).toString();
    }
}
