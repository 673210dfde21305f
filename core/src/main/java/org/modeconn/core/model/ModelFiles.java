package org.modeconn.core.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a Hugging Face model directory holds, as far as checking it needs: its file names, config.json's
 * bytes and model.safetensors' header (names, dtypes, shapes) — no weights. Read from a local directory
 * ({@link #local}) or from an object store (the services read the header from the object's first bytes),
 * then {@link #check}ed the same way wherever it came from.
 *
 * @param files   the directory's own file names
 * @param config  config.json's bytes, or null when absent
 * @param tensors model.safetensors' tensors in file order, or null when absent
 * @param weightsProblem why model.safetensors could not be read, or null
 */
public record ModelFiles(Set<String> files, byte[] config, Map<String, TensorInfo> tensors, String weightsProblem) {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    // One JSON value per file (per line in JSONL): anything after it is an error, as Python's json.load makes it.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The configuration, what loading does with each tensor, and every problem (empty when it loads). */
    public record Checked(EncoderConfig config, EncoderCheckpoint.Plan plan, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A directory on this machine; nothing (no files) when it is not a directory. */
    public static ModelFiles local(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new ModelFiles(Set.of(), null, null, null);
        }
        Set<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
        }
        byte[] config = names.contains(CONFIG) ? Files.readAllBytes(dir.resolve(CONFIG)) : null;
        if (!names.contains(WEIGHTS)) {
            return new ModelFiles(names, config, null, null);
        }
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(WEIGHTS))) {
            return new ModelFiles(names, config, r.tensors(), null);
        } catch (SafetensorsException e) {
            return new ModelFiles(names, config, null, e.getMessage());
        }
    }

    /**
     * Checks config.json ({@link EncoderConfig#parse}) and model.safetensors' names, shapes
     * ({@link EncoderCheckpoint#plan}) and dtypes (every tensor to load must be floating-point). The
     * tokenizer is not looked at here. Problems name their file: {@code "config.json: vocab_size is missing"}.
     */
    public Checked check() {
        List<String> problems = new ArrayList<>();
        EncoderConfig parsed = null;
        if (config == null) {
            problems.add(CONFIG + " is missing");
        } else {
            EncoderConfig.Parsed p;
            try {
                p = EncoderConfig.parse(JSON.readTree(config));
            } catch (IOException e) {
                p = new EncoderConfig.Parsed(null, List.of("not valid JSON: " + e.getMessage().lines().findFirst().orElse("")));
            }
            p.problems().forEach(m -> problems.add(CONFIG + ": " + m));
            parsed = p.config();
        }
        if (weightsProblem != null) {
            problems.add(WEIGHTS + ": " + weightsProblem);
            return new Checked(parsed, null, problems);
        }
        if (tensors == null) {
            problems.add(WEIGHTS + " is missing" + (files.contains("pytorch_model.bin")
                    ? " (pytorch_model.bin is not read: save the model with safe_serialization=True)" : ""));
            return new Checked(parsed, null, problems);
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.values().forEach(t -> shapes.put(t.name(), t.shape()));
        EncoderCheckpoint.Plan plan = EncoderCheckpoint.plan(parsed, shapes);
        plan.problems().forEach(m -> problems.add(WEIGHTS + ": " + m));
        for (String name : plan.load().keySet()) {
            if (!tensors.get(name).dtype().isFloat()) {
                problems.add(WEIGHTS + ": " + name + " is " + tensors.get(name).dtype() + ", not a floating-point tensor");
            }
        }
        return new Checked(parsed, plan, problems);
    }
}
