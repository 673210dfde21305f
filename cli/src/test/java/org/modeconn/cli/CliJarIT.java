package org.modeconn.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI (target/modeconn-cli.jar with its lib/, what the `modeconn` script runs) trains an
 * endpoint on the built-in MiniLM: every library a command needs at run time is in lib/ (the in-process
 * tests run on the test classpath and cannot see a missing one).
 */
class CliJarIT {
    @Test
    void thePackagedJarTrainsAnEndpointOnTheBuiltInModel() throws Exception {
        Path jar = Path.of("target", "modeconn-cli.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is built in the package phase");
        Path dir = Path.of("target", "cli-jar-it").toAbsolutePath();
        PipelineEndToEndTest.deleteRecursively(dir);
        Files.createDirectories(dir);
        List<String> train = new ArrayList<>(List.of("sentence\tlabel"));
        train.addAll(SyntheticDataCommand.examples(new Random(1), 32));
        Files.write(dir.resolve("train.tsv"), train);
        Files.write(dir.resolve("dev.tsv"), train.subList(0, 9));
        Path study = PipelineEndToEndTest.lineStudy(dir, "jar");

        Path out = dir.resolve("a.safetensors");
        ProcessBuilder pb = new ProcessBuilder(StackCommand.javaBinary(), "-jar", jar.toString(), "train",
                study.toString(), "--endpoint", "a", "--data-dir", dir.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "train did not finish in 5 minutes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("train.log")));
        assertTrue(Files.size(out) > 20_000_000, "a full MiniLM checkpoint");
    }
}
