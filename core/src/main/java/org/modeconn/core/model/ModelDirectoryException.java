package org.modeconn.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face model directory that modeconn refuses, with every problem found at once. Each problem
 * starts with the file it concerns ({@code config.json: hidden_size is missing}), and the message names
 * the directory:
 *
 * <pre>
 * /models/x is not a usable Hugging Face model directory (2 problems):
 *   - model.safetensors: embeddings.word_embeddings.weight has shape [24, 8], config.json implies [26, 8]
 *   - model.safetensors: encoder.layer.0.output.dense.bias is missing
 * </pre>
 */
public final class ModelDirectoryException extends IOException {
    private final transient Path directory;
    private final List<String> problems;

    public ModelDirectoryException(Path directory, List<String> problems) {
        super(message(directory, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs at least one problem");
        }
        this.directory = directory;
        this.problems = List.copyOf(problems);
    }

    public Path directory() {
        return directory;
    }

    /** Every problem, each prefixed by its file name. */
    public List<String> problems() {
        return problems;
    }

    private static String message(Path directory, List<String> problems) {
        StringBuilder b = new StringBuilder().append(directory).append(" is not a usable Hugging Face model directory (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        problems.forEach(p -> b.append("\n  - ").append(p));
        return b.toString();
    }
}
