package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.modeconn.core.events.EventCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed corpus of the fuzz targets, made from {@link Samples}: for each target, the files Jazzer replays in
 * regression mode and starts fuzzing from ({@code <Class>Inputs/<method>/} next to the class, in the test
 * resources). {@link SeedCorpusTest} checks that the committed files are these; {@code main} writes them
 * (see docs/fuzzing.md).
 */
final class SeedCorpus {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SeedCorpus() {
    }

    /** Seed files by path relative to the package's resource directory. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Samples.safetensors().forEach((name, bytes) -> seeds.put(dir(SafetensorsFuzzTest.class) + name, bytes));
        Samples.events().forEach((name, event) -> {
            seeds.put(dir(EventTextFuzzTest.class) + name, EventCodec.encodeBytes(event));
            seeds.put(dir(EventTreeFuzzTest.class) + name, EventCodec.encodeBytes(event));
        });
        String pathPoint = EventCodec.encode(Samples.events().get("path-point-ready.json"));
        seeds.put(dir(EventTreeFuzzTest.class) + "path-point-ready-schema-as-text.bin",
                edited(EventCodec.mapper(), pathPoint, replace("/schema", 4, 0, "1")));
        seeds.put(dir(EventTreeFuzzTest.class) + "path-point-ready-huge-index-no-blob.bin",
                edited(EventCodec.mapper(), pathPoint, replace("/index", 9, 1, null), remove("/blob")));
        for (Map.Entry<String, String> spec : List.of(Map.entry("spec.yaml", Samples.SPEC), Map.entry("minimal-spec.yaml", Samples.MINIMAL_SPEC))) {
            seeds.put(dir(SpecTextFuzzTest.class) + spec.getKey(), spec.getValue().getBytes(StandardCharsets.UTF_8));
            seeds.put(dir(SpecTreeFuzzTest.class) + spec.getKey(), spec.getValue().getBytes(StandardCharsets.UTF_8));
        }
        // SpecTreeFuzzTest#aPathOrDatasetWithoutAValueIsAProblemAtItsPath, as an input of the fuzz target.
        seeds.put(dir(SpecTreeFuzzTest.class) + "null-path-and-number-dataset.bin",
                edited(YAML, Samples.SPEC, replace("/paths/line", 0, 0, null), replace("/datasets/d", 1, 0, null)));
        Samples.datasets().forEach((name, text) -> seeds.put(dir(DatasetFuzzTest.class) + name, text.getBytes(StandardCharsets.UTF_8)));
        return seeds;
    }

    /** Writes the seeds under {@code <module>/src/test/resources}; the argument is the core module's directory. */
    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : ".").resolve("src/test/resources")
                .resolve(SeedCorpus.class.getPackageName().replace('.', '/'));
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            Path file = base.resolve(seed.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, seed.getValue());
            System.out.println(file);
        }
    }

    /** {@code <Class>Inputs/<method>/}, where Jazzer looks for the inputs of the class's one fuzz test. */
    static String dir(Class<?> target) {
        List<Method> fuzzTests = Arrays.stream(target.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(FuzzTest.class)).toList();
        if (fuzzTests.size() != 1) {
            throw new IllegalStateException(target + " must have one fuzz test (one per class: Jazzer fuzzes one per JVM)");
        }
        return target.getSimpleName() + "Inputs/" + fuzzTests.get(0).getName() + "/";
    }

    private record Change(String pointer, boolean remove, int value, long number, String text) {
    }

    private static Change replace(String pointer, int value, long number, String text) {
        return new Change(pointer, false, value, number, text);
    }

    private static Change remove(String pointer) {
        return new Change(pointer, true, 0, 0, null);
    }

    /** The document followed by the edit script that makes these changes, in order. */
    private static byte[] edited(ObjectMapper mapper, String document, Change... changes) {
        try {
            JsonNode tree = mapper.readTree(document);
            List<Edits.Edit> edits = new ArrayList<>();
            for (Change c : changes) {
                Edits.Edit e = new Edits.Edit(c.remove(), Edits.positionOf(tree, c.pointer()), c.value(), c.number(), c.text());
                edits.add(e);
                tree = Edits.apply(tree, List.of(e));
            }
            return Edits.join(document, edits);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
