package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderCheckpoint;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.model.ModelDirectoryException;
import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.ml.data.DirectoryTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a Hugging Face model directory (config.json, model.safetensors, and tokenizer.json or BERT's
 * vocab.txt) after checking all of it: the configuration, every tensor's name, shape and dtype against
 * it ({@link ModelFiles#check}, the same check a study's acceptance makes from the store), and the
 * tokenizer ({@link DirectoryTokenizer}). Every problem of every file is collected first; a directory with any
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
        ModelFiles.Checked checked = ModelFiles.local(dir).check();
        EncoderConfig config = checked.config();
        EncoderCheckpoint.Plan plan = checked.plan();
        List<String> problems = new ArrayList<>(checked.problems());
        DirectoryTokenizer.Result tokenizer = DirectoryTokenizer.read(dir, config == null ? 0 : config.vocabSize());
        problems.addAll(tokenizer.problems());
        if (!problems.isEmpty()) {
            throw new ModelDirectoryException(dir, problems);
        }
        Weights weights = Weights.read(manager, dir.resolve("model.safetensors"), ParameterFilter.only(plan.load().keySet()),
                plan.load()::get);
        return new Pretrained(config, weights, tokenizer.json());
    }
}
