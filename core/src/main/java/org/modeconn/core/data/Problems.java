package org.modeconn.core.data;

/**
 * Where the parts of a read send what they find wrong in the file being read. The reader's
 * implementation throws at the first problem; the checker's collects them and lets the read go on,
 * so both produce the same message for the same problem.
 */
interface Problems {
    /**
     * @param line    1-based physical line, 0 for the whole file
     * @param column  1-based column in code points, 0 if none is meaningful
     * @param message what is wrong
     * @throws DatasetException when the read is to stop here
     */
    void report(int line, int column, String message) throws DatasetException;
}
