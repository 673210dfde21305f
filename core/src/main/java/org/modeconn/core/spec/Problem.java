package org.modeconn.core.spec;

/** One thing wrong with a study spec, located by a JSON path such as {@code $.paths.p1.to}. */
public record Problem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
