package org.modeconn.ml.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vocabulary for a model pre-trained from scratch, chosen from an established WordPiece vocabulary
 * (BERT's, shipped with MiniLM): the special tokens, then the {@code size - 5} pieces most frequent in
 * the training corpus, renumbered in RoBERTa's order ([CLS] 0, [PAD] 1, [SEP] 2, [UNK] 3, [MASK] 4).
 * The result is a BERT uncased tokenizer.json ({@link TokenizerJson#wordPiece}); words whose pieces were
 * pruned become [UNK]. A small model then spends its parameters on the words its corpus uses.
 */
public final class VocabularyPruner {
    public static final List<String> SPECIALS = List.of("[CLS]", "[PAD]", "[SEP]", "[UNK]", "[MASK]");
    public static final int PAD_ID = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private VocabularyPruner() {
    }

    public static byte[] prune(byte[] baseTokenizerJson, Iterable<String> corpus, int size) throws IOException {
        if (size <= SPECIALS.size()) {
            throw new IllegalArgumentException("vocabulary size must exceed " + SPECIALS.size());
        }
        Map<Long, Long> counts = new HashMap<>();
        try (TextTokenizer base = TextTokenizer.fromJson(baseTokenizerJson, TextTokenizer.UNLIMITED)) {
            for (String line : corpus) {
                if (line.isBlank()) {
                    continue;
                }
                for (long id : base.raw().encode(line, false, false).getIds()) {
                    counts.merge(id, 1L, Long::sum);
                }
            }
        }
        ObjectNode root = (ObjectNode) JSON.readTree(baseTokenizerJson);
        ObjectNode model = (ObjectNode) root.get("model");
        Map<Long, String> byId = new HashMap<>();
        model.get("vocab").fields().forEachRemaining(e -> byId.put(e.getValue().asLong(), e.getKey()));

        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String special : SPECIALS) {
            vocab.put(special, vocab.size());
        }
        List<Map.Entry<Long, Long>> frequent = new ArrayList<>(counts.entrySet());
        frequent.sort(Map.Entry.<Long, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<Long, Long> e : frequent) {
            if (vocab.size() >= size) {
                break;
            }
            vocab.putIfAbsent(byId.get(e.getKey()), vocab.size());
        }
        // Fill up with the base vocabulary's order if the corpus uses fewer pieces than asked for.
        for (long id = 0; vocab.size() < size && id < byId.size(); id++) {
            String piece = byId.get(id);
            if (piece != null && !piece.startsWith("[")) {
                vocab.putIfAbsent(piece, vocab.size());
            }
        }
        return TokenizerJson.wordPiece(vocab, WordPieceSettings.uncased());
    }
}
