package org.modeconn.core.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real datasets live (../shared/data); tests that need them skip with a clear message elsewhere. */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String configured = System.getProperty("modeconn.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path data = shared.resolve("data").normalize().toAbsolutePath();
        Assumptions.assumeTrue(Files.isDirectory(data),
                "skipped: the shared datasets are not at " + data + " (they sit beside the project in CI and on the build machines)");
        return data;
    }
}
