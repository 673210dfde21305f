package org.modeconn.core.store;

import java.io.IOException;

/** A blob whose bytes do not hash to the SHA-256 its reference promised: corrupt or replaced. */
public class ChecksumMismatchException extends IOException {
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
