package org.modeconn.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every spec in examples/ stays valid as the spec format and the checks move on: the quick start with its
 * committed data, the others against ../shared/data (every split read, every model checked), or as specs
 * only where that folder is absent.
 */
class ExamplesTest {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Services.home().resolve("examples"))) {
            List<Path> specs = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(specs.size() >= 5, specs.toString());
            return specs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void validates(Path spec) {
        CliTest.Run r;
        if (spec.getFileName().toString().equals("quickstart.yaml")) {
            r = CliTest.run("validate", spec.toString()); // its data is committed next to it
        } else {
            String configured = System.getProperty("modeconn.shared.dir");
            Path data = (configured != null ? Path.of(configured) : Services.home().resolve("../shared")).resolve("data");
            r = Files.isDirectory(data) ? CliTest.run("validate", spec.toString(), "--data-dir", data.toString())
                    : CliTest.run("validate", "--spec-only", spec.toString());
        }
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(" is valid: study study-"), r.out());
    }
}
