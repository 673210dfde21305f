package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderCheckpoint;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.model.ModelDirectoryException;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.ml.data.DirectoryTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a Hugging Face model directory (config.json, model.safetensors, and tokenizer.json or BERT's
 * vocab.txt) after checking all of it: the configuration ({@link EncoderConfig#parse}), every tensor's
 * name and shape against it ({@link EncoderCheckpoint#plan}), floating-point dtypes, and the tokenizer
 * ({@link DirectoryTokenizer}). Every problem of every file is collected first; a directory with any
 * is refused with one {@link ModelDirectoryException} that lists them all, before a tensor is read.
 * Tensors are stored under their normalised names; ignored tensors (buffers, pre-training heads) are
 * not loaded.
 */
final class ModelDirectory {
    private ModelDirectory() {
    }

    static Pretrained load(Path dir, NDManager manager) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ModelDirectoryException(dir, List.of("not a directory"));
        }
        List<String> problems = new ArrayList<>();
        EncoderConfig config = null;
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            problems.add("config.json is missing");
        } else {
            EncoderConfig.Parsed parsed = EncoderConfig.parse(configFile);
            parsed.problems().forEach(p -> problems.add("config.json: " + p));
            config = parsed.config();
        }
        EncoderCheckpoint.Plan plan = checkTensors(dir, config, problems);
        DirectoryTokenizer.Result tokenizer = DirectoryTokenizer.read(dir, config == null ? 0 : config.vocabSize());
        problems.addAll(tokenizer.problems());
        if (!problems.isEmpty()) {
            throw new ModelDirectoryException(dir, problems);
        }
        Weights weights = new Weights(manager);
        try {
            weights.load(dir.resolve("model.safetensors"), ParameterFilter.only(plan.load().keySet()), plan.load()::get);
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
        return new Pretrained(config, weights, tokenizer.json());
    }

    /** The load plan of model.safetensors, adding its problems (and non-float tensors among those to load). */
    private static EncoderCheckpoint.Plan checkTensors(Path dir, EncoderConfig config, List<String> problems) throws IOException {
        Path file = dir.resolve("model.safetensors");
        if (!Files.isRegularFile(file)) {
            boolean bin = Files.isRegularFile(dir.resolve("pytorch_model.bin"));
            problems.add("model.safetensors is missing" + (bin ? " (pytorch_model.bin is not read: save the model "
                    + "with safe_serialization=True)" : ""));
            return null;
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors;
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            tensors = r.tensors();
        } catch (SafetensorsException e) {
            problems.add("model.safetensors: " + e.getMessage());
            return null;
        }
        tensors.values().forEach(t -> shapes.put(t.name(), t.shape()));
        EncoderCheckpoint.Plan plan = EncoderCheckpoint.plan(config, shapes);
        plan.problems().forEach(p -> problems.add("model.safetensors: " + p));
        for (String name : plan.load().keySet()) {
            if (!tensors.get(name).dtype().isFloat()) {
                problems.add("model.safetensors: " + name + " is " + tensors.get(name).dtype() + ", not a floating-point tensor");
            }
        }
        return plan;
    }
}
