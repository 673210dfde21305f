package org.modeconn.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code modeconn run} itself, the README's first command, on a tiny real study (MiniLM, two steps per endpoint,
 * the quick start's synthetic data, a line of two points): it starts the local stack and the four service jars,
 * publishes the study, follows it, prints the results table and writes the report, whose points agree with the table.
 * The work directory stays under target/ to read the service logs after a failure.
 */
class RunCommandEndToEndTest {
    @Test
    void aStudyRunsFromTheCommandToItsReport() throws Exception {
        Path root = Path.of("target", "run-command-e2e").toAbsolutePath();
        if (Files.exists(root)) {
            org.apache.commons.io.file.PathUtils.deleteDirectory(root);
        }
        Path data = Files.createDirectories(root.resolve("study"));
        Path examples = Services.home().resolve("examples/data/synthetic-sentiment");
        Files.copy(examples.resolve("train.tsv"), data.resolve("train.tsv"));
        Files.copy(examples.resolve("dev.tsv"), data.resolve("dev.tsv"));
        Path spec = PipelineEndToEndTest.lineStudy(data, "run-command-e2e");
        Path work = root.resolve("work");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = new CommandLine(new RunCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(spec.toString(), "--work-dir", work.toString(), "--service-java-options", "-Xmx512m -XX:+UseSerialGC",
                        "--timeout", "15");
        String console = out + "\n" + err;
        assertEquals(ExitCodes.OK, rc, console);
        assertTrue(console.contains("accepted: 2 endpoint(s), 1 path(s)"), console);

        Matcher id = Pattern.compile("study (study-[0-9a-f]{16}): 2 endpoint\\(s\\), 1 path\\(s\\), 2 point\\(s\\) to score").matcher(console);
        assertTrue(id.find(), console);
        Path report = work.resolve("reports").resolve(id.group(1));
        assertTrue(Files.size(report.resolve("report.html")) > 0);
        assertTrue(Files.size(report.resolve("report.json")) > 0);

        // The table's accuracies at t = 0 and t = 1 are the report's points, each scored on all 200 dev sentences.
        List<String[]> rows = Files.readAllLines(report.resolve("points.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(List.of("0.0", "1.0"), rows.stream().map(r -> r[4]).toList());
        rows.forEach(r -> assertEquals("200", r[5]));
        Matcher line = Pattern.compile("(?m)^line\\s+linear\\s+synth/dev\\s+(\\d\\.\\d{4})\\s+(\\d\\.\\d{4})\\s").matcher(console);
        assertTrue(line.find(), console);
        assertEquals(String.format(Locale.ROOT, "%.4f", Double.parseDouble(rows.get(0)[7])), line.group(1));
        assertEquals(String.format(Locale.ROOT, "%.4f", Double.parseDouble(rows.get(1)[7])), line.group(2));
    }
}
