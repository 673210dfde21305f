package org.modeconn.ml.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The tokenizer of a Hugging Face model directory, as tokenizer.json bytes, or every reason why there is
 * none that modeconn can use.
 *
 * <ul>
 *   <li>tokenizer.json: used once the tokenizers library has accepted it; where tokenizer_config.json (of a
 *       BERT tokenizer) disagrees with its BertNormalizer about lowercasing, accents or CJK characters,
 *       tokenizer_config.json wins, as transformers' {@code BertTokenizerFast} rebuilds the normalizer;</li>
 *   <li>otherwise vocab.txt: BERT's WordPiece tokenizer, built by {@link TokenizerJson#wordPiece} with the
 *       settings of tokenizer_config.json and special_tokens_map.json ({@link WordPieceSettings#parse});
 *       ids are line indices, as transformers' {@code load_vocab} reads the file;</li>
 *   <li>vocab.json + merges.txt without tokenizer.json (RoBERTa's byte-level BPE files): refused; so are
 *       added tokens next to a vocab.txt (added_tokens.json, or added_tokens_decoder entries that are not
 *       vocab.txt's own lines), which transformers would honour and a vocab.txt build cannot;</li>
 *   <li>either way, every id the tokenizer can produce must be below config.json's vocab_size, or it
 *       would index past the word embeddings.</li>
 * </ul>
 */
public final class DirectoryTokenizer {
    // One JSON value per file: anything after it is an error, as Python's json.load makes it.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** tokenizer.json bytes, or null with the problems (each prefixed by its file name). */
    public record Result(byte[] json, List<String> problems) {
    }

    private DirectoryTokenizer() {
    }

    /**
     * The directory's tokenizer.json, or the one built from its vocab.txt, or every problem found.
     *
     * @param vocabSize config.json's vocab_size, or 0 when unknown (then ids are not checked)
     * @throws IOException when a file exists but cannot be read
     */
    public static Result read(Path dir, int vocabSize) throws IOException {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        if (Files.isRegularFile(tokenizerJson)) {
            List<String> problems = new ArrayList<>();
            JsonNode config = json(dir.resolve("tokenizer_config.json"), problems);
            if (!problems.isEmpty()) {
                return new Result(null, List.copyOf(problems));
            }
            return fromTokenizerJson(withConfigNormalizer(Files.readAllBytes(tokenizerJson), config, problems), vocabSize, problems);
        }
        if (Files.isRegularFile(dir.resolve("vocab.txt"))) {
            return fromVocabTxt(dir, vocabSize);
        }
        if (Files.isRegularFile(dir.resolve("vocab.json")) || Files.isRegularFile(dir.resolve("merges.txt"))) {
            return failed("tokenizer.json is missing: a byte-level BPE tokenizer (vocab.json + merges.txt, as RoBERTa "
                    + "ships) is read only from its tokenizer.json (save it with tokenizer.save_pretrained)");
        }
        return failed("tokenizer.json is missing (and there is no BERT vocab.txt to build it from)");
    }

    /**
     * tokenizer.json with its BertNormalizer's flags taken from tokenizer_config.json where the two disagree
     * (transformers' {@code BertTokenizerFast.__init__}: do_lower_case, default true; strip_accents, default
     * null; tokenize_chinese_chars, default true). Left as it is without a tokenizer_config.json, for
     * another tokenizer class, or another normalizer.
     */
    static byte[] withConfigNormalizer(byte[] json, JsonNode tokenizerConfig, List<String> problems) throws IOException {
        if (tokenizerConfig == null) {
            return json;
        }
        String tokenizerClass = tokenizerConfig.path("tokenizer_class").asText("BertTokenizerFast");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return json; // reported when the file itself is read
        }
        if (!WordPieceSettings.BERT_CLASSES.contains(tokenizerClass)
                || !(root.path("normalizer") instanceof ObjectNode normalizer)
                || !"BertNormalizer".equals(normalizer.path("type").asText())) {
            return json;
        }
        WordPieceSettings.Parsed wanted = WordPieceSettings.parse(tokenizerConfig, null);
        if (!wanted.problems().isEmpty()) {
            problems.addAll(wanted.problems());
            return json;
        }
        WordPieceSettings w = wanted.settings();
        JsonNode strip = normalizer.path("strip_accents");
        boolean same = normalizer.path("lowercase").asBoolean(true) == w.lowercase()
                && normalizer.path("handle_chinese_chars").asBoolean(true) == w.chineseChars()
                && (strip.isNull() || strip.isMissingNode() ? w.stripAccents() == null : w.stripAccents() != null && strip.asBoolean() == w.stripAccents());
        if (same) {
            return json;
        }
        normalizer.put("lowercase", w.lowercase());
        normalizer.put("handle_chinese_chars", w.chineseChars());
        if (w.stripAccents() == null) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", w.stripAccents());
        }
        return JSON.writeValueAsBytes(root);
    }

    private static Result fromTokenizerJson(byte[] json, int vocabSize, List<String> problems) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return failed("tokenizer.json: not valid JSON: " + e.getMessage());
        }
        try (TextTokenizer t = TextTokenizer.fromJson(json, TextTokenizer.UNLIMITED)) {
            t.maxLength(); // loaded: the tokenizers library accepts the file
        } catch (RuntimeException | IOException e) {
            problems.add("tokenizer.json: the tokenizers library refuses it: " + e.getMessage());
        }
        long maxId = maxId(root);
        if (vocabSize > 0 && maxId >= vocabSize) {
            problems.add("tokenizer.json: produces ids up to " + maxId + ", but config.json's vocab_size is " + vocabSize
                    + ": ids " + vocabSize + ".." + maxId + " have no embedding");
        }
        return problems.isEmpty() ? new Result(json, List.of()) : new Result(null, List.copyOf(problems));
    }

    private static Result fromVocabTxt(Path dir, int vocabSize) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> vocab = null;
        try {
            vocab = TokenizerJson.readVocabTxt(dir.resolve("vocab.txt"));
        } catch (CharacterCodingException e) {
            problems.add("vocab.txt: not UTF-8 text");
        }
        JsonNode config = json(dir.resolve("tokenizer_config.json"), problems);
        JsonNode map = json(dir.resolve("special_tokens_map.json"), problems);
        WordPieceSettings.Parsed settings = WordPieceSettings.parse(config, map);
        problems.addAll(settings.problems());
        addedTokens(dir, config, vocab, problems);
        if (vocab != null) {
            int maxId = vocab.isEmpty() ? -1 : Collections.max(vocab.values());
            if (vocabSize > 0 && maxId >= vocabSize) {
                problems.add("vocab.txt: " + (maxId + 1) + " lines (ids 0.." + maxId + "), but config.json's vocab_size is "
                        + vocabSize + ": ids " + vocabSize + ".." + maxId + " have no embedding");
            }
        }
        if (vocab == null || !problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        try {
            return new Result(TokenizerJson.wordPiece(vocab, settings.settings()), List.of());
        } catch (IllegalArgumentException e) {
            return failed("vocab.txt: " + e.getMessage());
        }
    }

    /**
     * Tokens added on top of vocab.txt (added_tokens.json; added_tokens_decoder entries of
     * tokenizer_config.json other than vocab.txt's own lines): transformers gives them their own ids, a
     * tokenizer built from vocab.txt would split them into pieces, so they are refused.
     */
    private static void addedTokens(Path dir, JsonNode config, Map<String, Integer> vocab, List<String> problems) throws IOException {
        JsonNode file = json(dir.resolve("added_tokens.json"), problems);
        if (file != null && file.size() > 0) {
            List<String> names = new ArrayList<>();
            file.fieldNames().forEachRemaining(names::add);
            problems.add("added_tokens.json: added tokens " + names + " cannot be read with vocab.txt; "
                    + "save the tokenizer with tokenizer.save_pretrained so that the directory has a tokenizer.json");
        }
        if (config != null && vocab != null && config.path("added_tokens_decoder").isObject()) {
            List<String> extra = new ArrayList<>();
            config.path("added_tokens_decoder").fields().forEachRemaining(e -> {
                String content = e.getValue().path("content").asText(null);
                Integer id = content == null ? null : vocab.get(content);
                if (id == null || !String.valueOf(id).equals(e.getKey())) {
                    extra.add(e.getKey() + ": " + content);
                }
            });
            if (!extra.isEmpty()) {
                problems.add("tokenizer_config.json: added_tokens_decoder holds tokens that are not vocab.txt's own lines "
                        + extra + "; save the tokenizer with tokenizer.save_pretrained so that the directory has a tokenizer.json");
            }
        }
    }

    /** The file's JSON tree, null when absent; invalid JSON is a problem. */
    private static JsonNode json(Path file, List<String> problems) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            problems.add(file.getFileName() + ": not valid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** The largest id of the model's vocabulary (a map, or Unigram's list) and of the added tokens. */
    static long maxId(JsonNode root) {
        long max = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asLong());
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1;
        }
        for (JsonNode t : root.path("added_tokens")) {
            max = Math.max(max, t.path("id").asLong());
        }
        return max;
    }

    private static Result failed(String problem) {
        return new Result(null, List.of(problem));
    }
}
