package org.modeconn.ml.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the tokenizer.json of a BERT WordPiece tokenizer from scratch: what transformers'
 * {@code BertConverter} (convert_slow_tokenizer.py) produces from a {@code BertTokenizer}, in the JSON
 * form the tokenizers library saves:
 * <ul>
 *   <li>normalizer {@code BertNormalizer} {clean_text true, handle_chinese_chars, strip_accents, lowercase};</li>
 *   <li>pre-tokenizer {@code BertPreTokenizer};</li>
 *   <li>model {@code WordPiece} {unk_token, continuing_subword_prefix "##", max_input_chars_per_word 100,
 *       vocab token → id};</li>
 *   <li>post-processor {@code TemplateProcessing}: single {@code CLS:0 $A:0 SEP:0}, pair
 *       {@code CLS:0 $A:0 SEP:0 $B:1 SEP:1};</li>
 *   <li>decoder {@code WordPiece} {prefix "##", cleanup true};</li>
 *   <li>added_tokens: the special tokens with their vocabulary ids (special, not normalised), so that
 *       they are matched whole in text.</li>
 * </ul>
 * No truncation and no padding are stored; {@link TextTokenizer} sets its own.
 */
public final class TokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** WordPiece's limit: a longer word becomes the unknown token (tokenizers' and transformers' default). */
    public static final int MAX_INPUT_CHARS_PER_WORD = 100;

    private TokenizerJson() {
    }

    /**
     * A vocabulary as transformers' {@code load_vocab} reads vocab.txt: line i (0-based) is the token
     * of id i, lines split at \n, \r\n or \r (Python's universal newlines) and nothing else stripped; a
     * token on a later line overwrites the id of an earlier one (so a repeated blank line leaves a gap).
     *
     * @return token → id, in line order of first appearance
     * @throws CharacterCodingException when the file is not UTF-8
     */
    public static Map<String, Integer> readVocabTxt(Path file) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            vocab.put(lines.get(i), i);
        }
        return vocab;
    }

    /**
     * The tokenizer.json for a vocabulary and settings.
     *
     * @param vocab token → id (ids need not be contiguous)
     * @throws IllegalArgumentException naming every special token of {@code settings} that the vocabulary lacks
     *                                  (transformers would append such a token with a new id past the vocabulary)
     */
    public static byte[] wordPiece(Map<String, Integer> vocab, WordPieceSettings settings) {
        List<String> missing = settings.specialTokens().stream().filter(t -> !vocab.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the vocabulary has no " + String.join(", ", missing)
                    + (missing.size() == 1 ? " token" : " tokens") + " (special tokens of the tokenizer settings)");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        Map<Integer, String> specialsById = new TreeMap<>();
        settings.specialTokens().forEach(t -> specialsById.put(vocab.get(t), t));
        specialsById.forEach((id, content) -> added.addObject().put("id", id).put("content", content)
                .put("single_word", false).put("lstrip", false).put("rstrip", false)
                .put("normalized", false).put("special", true));

        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", settings.chineseChars());
        if (settings.stripAccents() == null) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", settings.stripAccents());
        }
        normalizer.put("lowercase", settings.lowercase());
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");

        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, settings.cls(), 0);
        sequence(single, "A", 0);
        special(single, settings.sep(), 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, settings.cls(), 0);
        sequence(pair, "A", 0);
        special(pair, settings.sep(), 0);
        sequence(pair, "B", 1);
        special(pair, settings.sep(), 1);
        ObjectNode specials = post.putObject("special_tokens");
        for (String t : new String[]{settings.cls(), settings.sep()}) {
            ObjectNode s = specials.putObject(t);
            s.put("id", t);
            s.putArray("ids").add(vocab.get(t));
            s.putArray("tokens").add(t);
        }
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);

        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", settings.unk());
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", MAX_INPUT_CHARS_PER_WORD);
        ObjectNode v = model.putObject("vocab");
        List<Map.Entry<String, Integer>> byId = new ArrayList<>(vocab.entrySet());
        byId.sort(Map.Entry.comparingByValue());
        byId.forEach(e -> v.put(e.getKey(), e.getValue()));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static void special(ArrayNode template, String token, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", token).put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }
}
