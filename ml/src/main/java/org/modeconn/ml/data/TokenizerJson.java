package org.modeconn.ml.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Builds a BERT WordPiece tokenizer.json for a given vocabulary from a template tokenizer.json of the
 * same family (normalizer, pre-tokenizer, post-processor, decoder are kept; vocabulary, special-token
 * ids and lowercasing are replaced). Used for a pruned pre-training vocabulary and for Hugging Face
 * BERT directories that ship only vocab.txt.
 */
public final class TokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private TokenizerJson() {
    }

    public static byte[] withVocabulary(byte[] template, Map<String, Integer> vocab, boolean lowercase) throws IOException {
        for (String s : List.of("[UNK]", "[CLS]", "[SEP]")) {
            if (!vocab.containsKey(s)) {
                throw new IOException("the vocabulary has no " + s + " token");
            }
        }
        ObjectNode root = (ObjectNode) JSON.readTree(template);
        ObjectNode model = (ObjectNode) root.get("model");
        ObjectNode newVocab = model.putObject("vocab");
        vocab.forEach(newVocab::put);
        if (root.get("normalizer") instanceof ObjectNode normalizer && normalizer.has("lowercase")) {
            normalizer.put("lowercase", lowercase);
        }
        ArrayNode added = root.putArray("added_tokens");
        for (String special : SPECIALS) {
            Integer id = vocab.get(special);
            if (id == null) {
                continue;
            }
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", special);
            t.put("single_word", false).put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        JsonNode specials = root.path("post_processor").path("special_tokens");
        for (String s : List.of("[CLS]", "[SEP]")) {
            if (specials.has(s)) {
                ((ArrayNode) specials.get(s).get("ids")).removeAll().add(vocab.get(s));
            }
        }
        root.putNull("padding");
        root.putNull("truncation");
        return JSON.writeValueAsBytes(root);
    }
}
