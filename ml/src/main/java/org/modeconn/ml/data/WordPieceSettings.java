package org.modeconn.ml.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of BERT's WordPiece tokenizer that a model directory's tokenizer_config.json (and
 * special_tokens_map.json) can change, with the defaults of transformers' {@code BertTokenizer}.
 *
 * @param lowercase          {@code do_lower_case} (default true)
 * @param stripAccents       {@code strip_accents}: true, false, or null = follow {@code lowercase} (default null)
 * @param chineseChars       {@code tokenize_chinese_chars}: a space around each CJK ideograph (default true)
 * @param unk                {@code unk_token} (default "[UNK]")
 * @param cls                {@code cls_token} (default "[CLS]"), first token of the post-processor's templates
 * @param sep                {@code sep_token} (default "[SEP]"), after each sequence
 * @param pad                {@code pad_token} (default "[PAD]"), null for none
 * @param mask               {@code mask_token} (default "[MASK]"), null for none
 * @param additionalSpecial  {@code additional_special_tokens} (default none)
 */
public record WordPieceSettings(boolean lowercase, Boolean stripAccents, boolean chineseChars, String unk, String cls,
                                String sep, String pad, String mask, List<String> additionalSpecial) {

    /** The tokenizer classes whose settings these are (transformers' slow and fast BERT tokenizers). */
    public static final List<String> BERT_CLASSES = List.of("BertTokenizer", "BertTokenizerFast");

    public WordPieceSettings {
        Objects.requireNonNull(unk, "unk");
        Objects.requireNonNull(cls, "cls");
        Objects.requireNonNull(sep, "sep");
        additionalSpecial = List.copyOf(additionalSpecial);
    }

    /** bert-base-uncased's (and all-MiniLM-L6-v2's): every default. */
    public static WordPieceSettings uncased() {
        return new WordPieceSettings(true, null, true, "[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", List.of());
    }

    /** The special tokens in transformers' {@code all_special_tokens} order (unk, sep, pad, cls, mask, additional). */
    public List<String> specialTokens() {
        List<String> out = new ArrayList<>();
        for (String t : new String[]{unk, sep, pad, cls, mask}) {
            if (t != null && !out.contains(t)) {
                out.add(t);
            }
        }
        additionalSpecial.stream().filter(t -> !out.contains(t)).forEach(out::add);
        return out;
    }

    /** Settings, or every reason why the files do not give BERT WordPiece settings modeconn can honour. */
    public record Parsed(WordPieceSettings settings, List<String> problems) {
    }

    /**
     * Reads tokenizer_config.json, then special_tokens_map.json over it (as transformers'
     * {@code from_pretrained} does: the map's tokens replace the config's). Either may be null (absent).
     * A special token may be a string or an {@code AddedToken} object ({@code {"content": …}}).
     * Refused: a {@code tokenizer_class} other than BertTokenizer(Fast) (such a tokenizer needs its
     * tokenizer.json), and {@code do_basic_tokenize: false} (transformers' slow and fast tokenizers then
     * disagree). Problems name their file.
     */
    public static Parsed parse(JsonNode tokenizerConfig, JsonNode specialTokensMap) {
        List<String> problems = new ArrayList<>();
        JsonNode c = tokenizerConfig == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : tokenizerConfig;
        String file = "tokenizer_config.json: ";
        if (tokenizerConfig != null && !tokenizerConfig.isObject()) {
            return new Parsed(null, List.of(file + "not a JSON object"));
        }
        String tokenizerClass = c.path("tokenizer_class").isTextual() ? c.get("tokenizer_class").asText() : null;
        if (tokenizerClass != null && !BERT_CLASSES.contains(tokenizerClass)) {
            problems.add(file + "tokenizer_class '" + tokenizerClass + "' cannot be built from vocab.txt (only "
                    + String.join(", ", BERT_CLASSES) + "); the directory needs its tokenizer.json");
        }
        boolean lowercase = bool(c, "do_lower_case", true, file, problems);
        boolean chinese = bool(c, "tokenize_chinese_chars", true, file, problems);
        if (!bool(c, "do_basic_tokenize", true, file, problems)) {
            problems.add(file + "do_basic_tokenize false is not supported (transformers' slow and fast BERT tokenizers "
                    + "disagree on it); ship a tokenizer.json");
        }
        Boolean strip = null;
        JsonNode s = c.get("strip_accents");
        if (s != null && !s.isNull()) {
            if (s.isBoolean()) {
                strip = s.booleanValue();
            } else {
                problems.add(file + "strip_accents must be true, false or null, got " + s);
            }
        }
        String unk = token(c, specialTokensMap, "unk_token", "[UNK]", problems);
        String cls = token(c, specialTokensMap, "cls_token", "[CLS]", problems);
        String sep = token(c, specialTokensMap, "sep_token", "[SEP]", problems);
        String pad = token(c, specialTokensMap, "pad_token", "[PAD]", problems);
        String mask = token(c, specialTokensMap, "mask_token", "[MASK]", problems);
        List<String> additional = new ArrayList<>();
        JsonNode extra = specialTokensMap != null && specialTokensMap.has("additional_special_tokens")
                ? specialTokensMap.get("additional_special_tokens") : c.get("additional_special_tokens");
        if (extra != null && extra.isArray()) {
            extra.forEach(t -> additional.add(content(t)));
        }
        requireToken(unk, "unk_token", problems);
        requireToken(cls, "cls_token", problems);
        requireToken(sep, "sep_token", problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(new WordPieceSettings(lowercase, strip, chinese, unk, cls, sep, pad, mask, additional), List.of());
    }

    private static void requireToken(String token, String key, List<String> problems) {
        if (token == null) {
            problems.add("tokenizer_config.json: " + key + " must not be null: BERT's tokenizer needs it");
        }
    }

    private static boolean bool(JsonNode c, String key, boolean fallback, String file, List<String> problems) {
        JsonNode n = c.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            problems.add(file + key + " must be true or false, got " + n);
            return fallback;
        }
        return n.booleanValue();
    }

    /** The token a key names: special_tokens_map.json over tokenizer_config.json over the default; null if set to null. */
    private static String token(JsonNode config, JsonNode map, String key, String fallback, List<String> problems) {
        JsonNode n = map != null && map.has(key) ? map.get(key) : config.get(key);
        if (n == null) {
            return fallback;
        }
        if (n.isNull()) {
            return null;
        }
        String t = content(n);
        if (t == null || t.isEmpty()) {
            problems.add((map != null && map.has(key) ? "special_tokens_map.json: " : "tokenizer_config.json: ")
                    + key + " must be a token string or an AddedToken object, got " + n);
        }
        return t;
    }

    private static String content(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        return n.isObject() && n.path("content").isTextual() ? n.get("content").asText() : null;
    }
}
