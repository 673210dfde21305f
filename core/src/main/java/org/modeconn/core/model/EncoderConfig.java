package org.modeconn.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Geometry of a BERT/RoBERTa-style encoder, read from (and written to) a Hugging Face config.json.
 *
 * <p>Reading follows Hugging Face transformers' {@code BertConfig} / {@code RobertaConfig}: a key the
 * file omits takes the family's default ({@link #defaultsOf(String)}), so that modeconn computes what
 * transformers computes for the same directory. {@code RobertaConfig} inherits every default of
 * {@code BertConfig} and changes only {@code pad_token_id} (1; BERT 0), {@code bos_token_id} (0) and
 * {@code eos_token_id} (2). The geometry keys that fix tensor shapes are required instead of defaulting
 * to bert-base's (transformers would assume 768 hidden, 12 layers, …, and then fail on every shape).
 *
 * @param modelType      "bert" or "roberta": RoBERTa offsets positions by pad_token_id + 1
 * @param vocabSize      rows of the word embeddings
 * @param hidden         hidden size H, divisible by {@code heads}
 * @param layers         transformer blocks
 * @param heads          attention heads
 * @param intermediate   FFN inner size
 * @param maxPositions   rows of the position embeddings
 * @param typeVocabSize  rows of the token-type embeddings
 * @param padTokenId     the padding id; RoBERTa's positions count from it + 1 (Hugging Face's padding_idx)
 * @param pooling        how a sequence becomes one vector for classification: "cls" (with the pooler if the
 *                       model has one) or "mean" (sentence-transformer models); a modeconn field
 * @param numLabels      classes of the classification head, 0 for none
 */
public record EncoderConfig(
        @JsonProperty("model_type") String modelType,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("hidden_size") int hidden,
        @JsonProperty("num_hidden_layers") int layers,
        @JsonProperty("num_attention_heads") int heads,
        @JsonProperty("intermediate_size") int intermediate,
        @JsonProperty("max_position_embeddings") int maxPositions,
        @JsonProperty("type_vocab_size") int typeVocabSize,
        @JsonProperty("layer_norm_eps") double layerNormEps,
        @JsonProperty("hidden_dropout_prob") double hiddenDropout,
        @JsonProperty("attention_probs_dropout_prob") double attentionDropout,
        @JsonProperty("pad_token_id") int padTokenId,
        @JsonProperty("modeconn_pooling") String pooling,
        @JsonProperty("num_labels") int numLabels) {

    /** The model families modeconn's encoder computes. */
    public static final List<String> MODEL_TYPES = List.of("bert", "roberta");

    /** Keys without which the tensor shapes are unknown; config.json must state them. */
    public static final List<String> REQUIRED_KEYS = List.of("model_type", "vocab_size", "hidden_size", "num_hidden_layers",
            "num_attention_heads", "intermediate_size", "max_position_embeddings");

    // One JSON value per file (per line in JSONL): anything after it is an error, as Python's json.load makes it.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Checks a configuration built in code.
     *
     * @throws IllegalArgumentException on an unknown model type or pooling, a size that is not positive,
     *                                  or a hidden size that the heads do not divide
     */
    public EncoderConfig {
        if (pooling == null) {
            pooling = "cls";
        }
        List<String> problems = geometryProblems(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions,
                typeVocabSize, padTokenId, pooling);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * The values transformers gives keys that config.json omits, per model type: {@code BertConfig}'s
     * {@code type_vocab_size} 2, {@code layer_norm_eps} 1e-12, dropouts 0.1, {@code hidden_act} "gelu",
     * {@code position_embedding_type} "absolute", and {@code pad_token_id} 0 for BERT, 1 for RoBERTa
     * ({@code RobertaConfig.__init__(pad_token_id=1, bos_token_id=0, eos_token_id=2)}; the encoder does not
     * use bos/eos, so they are not read).
     */
    public static Map<String, Object> defaultsOf(String modelType) {
        return Map.of("type_vocab_size", 2, "layer_norm_eps", 1e-12, "hidden_dropout_prob", 0.1,
                "attention_probs_dropout_prob", 0.1, "hidden_act", "gelu", "position_embedding_type", "absolute",
                "pad_token_id", "roberta".equals(modelType) ? 1 : 0);
    }

    /** A configuration, or every reason why config.json does not give one. */
    public record Parsed(EncoderConfig config, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads a config.json tree: required keys present and positive integers, {@code model_type} bert or
     * roberta, {@code hidden_size} divisible by {@code num_attention_heads}, {@code hidden_act} "gelu"
     * (the exact erf GELU the encoder computes), absolute positions; omitted keys take the family's
     * defaults ({@link #defaultsOf(String)}). A JSON {@code null} counts as omitted.
     *
     * @return the configuration, or null with every problem found (messages without a file name)
     */
    public static Parsed parse(JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return new Parsed(null, List.of("not a JSON object"));
        }
        for (String key : REQUIRED_KEYS) {
            if (present(root, key) == null) {
                problems.add(key + " is missing");
            }
        }
        String modelType = text(root, "model_type", null, problems);
        if (modelType != null && !MODEL_TYPES.contains(modelType)) {
            problems.add("model_type '" + modelType + "' is not supported (supported: " + String.join(", ", MODEL_TYPES) + ")");
        }
        Map<String, Object> d = defaultsOf(modelType);
        String act = text(root, "hidden_act", (String) d.get("hidden_act"), problems);
        if (act != null && !act.equals("gelu")) {
            problems.add("hidden_act '" + act + "' is not supported (the encoder computes the exact erf GELU, \"gelu\")");
        }
        String positions = text(root, "position_embedding_type", (String) d.get("position_embedding_type"), problems);
        if (positions != null && !positions.equals("absolute")) {
            problems.add("position_embedding_type '" + positions + "' is not supported (only \"absolute\")");
        }
        int vocab = integer(root, "vocab_size", 0, problems);
        int hidden = integer(root, "hidden_size", 0, problems);
        int layers = integer(root, "num_hidden_layers", 0, problems);
        int heads = integer(root, "num_attention_heads", 0, problems);
        int inner = integer(root, "intermediate_size", 0, problems);
        int maxPositions = integer(root, "max_position_embeddings", 0, problems);
        int types = integer(root, "type_vocab_size", (Integer) d.get("type_vocab_size"), problems);
        int pad = integer(root, "pad_token_id", (Integer) d.get("pad_token_id"), problems);
        double eps = number(root, "layer_norm_eps", (Double) d.get("layer_norm_eps"), problems);
        double hiddenDropout = number(root, "hidden_dropout_prob", (Double) d.get("hidden_dropout_prob"), problems);
        double attentionDropout = number(root, "attention_probs_dropout_prob", (Double) d.get("attention_probs_dropout_prob"), problems);
        String pooling = text(root, "modeconn_pooling", "cls", problems);
        int labels = labels(root, problems);
        if (!(eps > 0)) {
            problems.add("layer_norm_eps must be positive, got " + eps);
        }
        if (problems.isEmpty()) {
            problems.addAll(geometryProblems(modelType, vocab, hidden, layers, heads, inner, maxPositions, types, pad, pooling));
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new EncoderConfig(modelType, vocab, hidden, layers, heads, inner, maxPositions, types, eps,
                hiddenDropout, attentionDropout, pad, pooling, labels), List.of());
    }

    /**
     * Reads a config.json file.
     *
     * @throws ModelDirectoryException listing every problem of {@link #parse(JsonNode)}, or that the file
     *                                 is not JSON
     */
    public static EncoderConfig read(Path file) throws IOException {
        Parsed p = parse(file);
        if (!p.ok()) {
            Path dir = file.toAbsolutePath().getParent();
            throw new ModelDirectoryException(dir, p.problems().stream().map(m -> file.getFileName() + ": " + m).toList());
        }
        return p.config();
    }

    /** As {@link #parse(JsonNode)} on a file; invalid JSON is one problem. */
    public static Parsed parse(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            return new Parsed(null, List.of("not valid JSON: " + e.getOriginalMessage()));
        }
        return parse(root);
    }

    public void write(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    @JsonIgnore
    public boolean isRoberta() {
        return modelType.equals("roberta");
    }

    @JsonIgnore
    public int headDim() {
        return hidden / heads;
    }

    /** The first position id of a real token: RoBERTa counts positions from padding_idx + 1, BERT from 0. */
    @JsonIgnore
    public int positionOffset() {
        return isRoberta() ? padTokenId + 1 : 0;
    }

    /**
     * The longest sequence (special tokens included) the position embeddings can take:
     * max_position_embeddings, less RoBERTa's offset of pad_token_id + 1.
     */
    public int usablePositions() {
        return maxPositions() - positionOffset();
    }

    /** {@link #usablePositions()} with where it comes from, for messages. */
    public String describePositions() {
        return usablePositions() + " positions (max_position_embeddings " + maxPositions()
                + (positionOffset() > 0 ? " less RoBERTa's offset of pad_token_id + 1 = " + positionOffset() : "") + ")";
    }

    public EncoderConfig withPooling(String pooling) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout, padTokenId, pooling, numLabels);
    }

    public EncoderConfig withLabels(int numLabels) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, hiddenDropout, attentionDropout, padTokenId, pooling, numLabels);
    }

    public EncoderConfig withDropout(double dropout) {
        return new EncoderConfig(modelType, vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocabSize,
                layerNormEps, dropout, dropout, padTokenId, pooling, numLabels);
    }

    /** all-MiniLM-L6-v2: BERT, 6 layers, hidden 384, 12 heads, mean pooling. */
    public static EncoderConfig miniLm() {
        return new EncoderConfig("bert", 30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0.1, 0.1, 0, "mean", 0);
    }

    private static List<String> geometryProblems(String modelType, int vocab, int hidden, int layers, int heads, int inner,
                                                 int maxPositions, int types, int pad, String pooling) {
        List<String> problems = new ArrayList<>();
        if (!MODEL_TYPES.contains(modelType)) {
            problems.add("model_type '" + modelType + "' is not supported (supported: " + String.join(", ", MODEL_TYPES) + ")");
        }
        String[] names = {"vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size",
                "max_position_embeddings", "type_vocab_size"};
        int[] values = {vocab, hidden, layers, heads, inner, maxPositions, types};
        for (int i = 0; i < names.length; i++) {
            if (values[i] <= 0) {
                problems.add(names[i] + " must be positive, got " + values[i]);
            }
        }
        if (heads > 0 && hidden % heads != 0) {
            problems.add("hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
        }
        if (pad < 0 || (vocab > 0 && pad >= vocab)) {
            problems.add("pad_token_id " + pad + " is not an id of the vocabulary (vocab_size " + vocab + ")");
        }
        if ("roberta".equals(modelType) && maxPositions > 0 && pad + 1 >= maxPositions) {
            problems.add("max_position_embeddings " + maxPositions + " leaves no position for a token: RoBERTa's positions "
                    + "start at pad_token_id + 1 = " + (pad + 1));
        }
        if (!pooling.equals("cls") && !pooling.equals("mean")) {
            problems.add("modeconn_pooling must be cls or mean, got '" + pooling + "'");
        }
        return problems;
    }

    private static JsonNode present(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : n;
    }

    private static String text(JsonNode root, String key, String fallback, List<String> problems) {
        JsonNode n = present(root, key);
        if (n == null) {
            return fallback;
        }
        if (!n.isTextual()) {
            problems.add(key + " must be a string, got " + n);
            return fallback;
        }
        return n.asText();
    }

    private static int integer(JsonNode root, String key, int fallback, List<String> problems) {
        JsonNode n = present(root, key);
        if (n == null) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            problems.add(key + " must be an integer, got " + n);
            return fallback;
        }
        return n.intValue();
    }

    private static double number(JsonNode root, String key, double fallback, List<String> problems) {
        JsonNode n = present(root, key);
        if (n == null) {
            return fallback;
        }
        if (!n.isNumber()) {
            problems.add(key + " must be a number, got " + n);
            return fallback;
        }
        return n.doubleValue();
    }

    /** {@code num_labels} if stated, else the size of {@code id2label} (how transformers derives it), else 0. */
    private static int labels(JsonNode root, List<String> problems) {
        if (present(root, "num_labels") != null) {
            return integer(root, "num_labels", 0, problems);
        }
        JsonNode id2label = present(root, "id2label");
        return id2label != null && id2label.isObject() ? id2label.size() : 0;
    }
}
