package org.modeconn.core.data;

import java.io.IOException;

/** A dataset file that cannot be read as declared; the message names file, line and problem. */
public class DatasetException extends IOException {
    public DatasetException(String message) {
        super(message);
    }
}
