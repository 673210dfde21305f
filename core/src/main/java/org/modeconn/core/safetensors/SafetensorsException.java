package org.modeconn.core.safetensors;

import java.io.IOException;

/** A safetensors file that is malformed or cannot be read; the message names the problem and the file. */
public class SafetensorsException extends IOException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
