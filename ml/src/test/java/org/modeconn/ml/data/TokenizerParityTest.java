package org.modeconn.ml.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tokenizer built from vocab.txt + tokenizer_config.json (the path of a model directory without
 * tokenizer.json) against the tokenizer.json that all-MiniLM-L6-v2 ships, written by Hugging Face.
 */
class TokenizerParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static byte[] shipped;
    private static String[] pieces;

    @TempDir
    Path dir;

    @BeforeAll
    static void shippedTokenizer() throws Exception {
        try (InputStream in = TokenizerParityTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            assertNotNull(in, "the MiniLM artifact is on the test classpath");
            shipped = in.readAllBytes();
        }
        JsonNode vocab = JSON.readTree(shipped).get("model").get("vocab");
        pieces = new String[vocab.size()];
        vocab.fields().forEachRemaining(e -> pieces[e.getValue().asInt()] = e.getKey());
    }

    /** MiniLM's vocabulary as BERT's vocab.txt (id order) with a tokenizer_config.json. */
    private DirectoryTokenizer.Result rebuild(String tokenizerConfig) throws Exception {
        Files.write(dir.resolve("vocab.txt"), List.of(pieces));
        Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
        DirectoryTokenizer.Result r = DirectoryTokenizer.read(dir, pieces.length);
        assertEquals(List.of(), r.problems());
        return r;
    }

    private static final String[] FRAGMENTS = {
            "The", "film", "was", "GOOD", "mode connectivity", "McDonald's", "iPhone", "re-run", "don't",
            "café", "naïve", "Ångström", "Crème brûlée", "résumé", "e\u0301", "n\u0303o", "A\u030Ay", "ﬁsh", "ＡＢＣ１２３",
            "中文字符", "日本語のテキスト", "한국어", "Привет", "Καλημέρα", "مرحبا", "नमस्ते", "ไทย",
            "😀", "👩\u200D💻", "🇫🇷", "a\u200Db", "\u0000", "\u0007", "\u00A0", "\uFEFF", "\u2028", "\t", "\r\n", "\u00AD",
            "3.14159", "1,000,000", "42nd", "2024-01-31", "$5", "100%", "#hashtag", "@user", "e-mail@example.com",
            "!", "?", "...", "…", "—", "(", ")", "[", "]", "{", "}", "\"", "'", ";", ":", "/", "\\", "~", "`",
            "[CLS]", "[MASK]", "[SEP]", "[UNK]", "##ing", "unaffected", "tokenization", "supercalifragilisticexpialidocious",
            "a".repeat(100), "b".repeat(101), "ab".repeat(70), "x" + "é".repeat(99),
    };
    private static final String[] SEPARATORS = {" ", " ", " ", "", "  ", "\t", "\n"};

    static List<String> sentences(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(" ");
        for (int i = 1; i < n; i++) {
            StringBuilder b = new StringBuilder();
            int k = 1 + r.nextInt(12);
            for (int j = 0; j < k; j++) {
                if (j > 0) {
                    b.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
                }
                b.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void rebuiltFromVocabTxtItIsTheShippedTokenizer() throws Exception {
        DirectoryTokenizer.Result r = rebuild("{\"do_lower_case\": true, \"tokenize_chinese_chars\": true, "
                + "\"strip_accents\": null, \"unk_token\": \"[UNK]\", \"tokenizer_class\": \"BertTokenizer\"}");
        ObjectNode expected = (ObjectNode) JSON.readTree(shipped);
        expected.putNull("truncation");
        expected.putNull("padding");
        assertEquals(expected, JSON.readTree(r.json()), "the same tokenizer.json, without the stored truncation and padding");

        List<String> texts = sentences(400, 11);
        List<String> others = sentences(400, 12);
        try (TextTokenizer a = TextTokenizer.fromJson(shipped, TextTokenizer.UNLIMITED);
             TextTokenizer b = TextTokenizer.fromJson(r.json(), TextTokenizer.UNLIMITED)) {
            int unknown = 0;
            for (int i = 0; i < texts.size(); i++) {
                String s = texts.get(i);
                TextTokenizer.Tokens x = a.encode(s);
                assertArrayEquals(x.ids(), b.encode(s).ids(), () -> "ids of " + escape(s));
                unknown += java.util.Arrays.stream(x.ids()).filter(id -> id == 100).count();
                if (i % 2 == 0) {
                    String t = others.get(i);
                    TextTokenizer.Tokens p = a.encode(s, t);
                    TextTokenizer.Tokens q = b.encode(s, t);
                    assertArrayEquals(p.ids(), q.ids(), () -> "ids of the pair " + escape(s) + " / " + escape(t));
                    assertArrayEquals(p.typeIds(), q.typeIds(), () -> "type ids of the pair " + escape(s) + " / " + escape(t));
                }
            }
            assertTrue(unknown > 0, "the sentences reach [UNK] (words over 100 characters, unknown scripts)");
            String longWord = "b".repeat(101);
            assertArrayEquals(new long[]{101, 100, 102}, b.encode(longWord).ids(), "a word over 100 characters is [UNK]");
        }
    }

    @Test
    void normaliserSettingsReachTheJsonAndChangeIdsAsTransformersWould() throws Exception {
        JsonNode uncased = JSON.readTree(rebuild("{}").json());
        assertEquals(JSON.readTree("{\"type\":\"BertNormalizer\",\"clean_text\":true,\"handle_chinese_chars\":true,"
                + "\"strip_accents\":null,\"lowercase\":true}"), uncased.get("normalizer"), "BertTokenizer's defaults");
        byte[] base = rebuild("{}").json();
        byte[] cased = rebuild("{\"do_lower_case\": false}").json();
        byte[] keepAccents = rebuild("{\"strip_accents\": false}").json();
        byte[] stripOnly = rebuild("{\"do_lower_case\": false, \"strip_accents\": true}").json();
        byte[] noCjk = rebuild("{\"tokenize_chinese_chars\": false}").json();
        assertEquals(false, JSON.readTree(cased).get("normalizer").get("lowercase").booleanValue());
        assertEquals(false, JSON.readTree(keepAccents).get("normalizer").get("strip_accents").booleanValue());
        assertEquals(true, JSON.readTree(stripOnly).get("normalizer").get("strip_accents").booleanValue());
        assertEquals(false, JSON.readTree(noCjk).get("normalizer").get("handle_chinese_chars").booleanValue());

        try (TextTokenizer b = TextTokenizer.fromJson(base, 0); TextTokenizer c = TextTokenizer.fromJson(cased, 0);
             TextTokenizer k = TextTokenizer.fromJson(keepAccents, 0); TextTokenizer s = TextTokenizer.fromJson(stripOnly, 0);
             TextTokenizer n = TextTokenizer.fromJson(noCjk, 0)) {
            assertArrayEquals(b.encode("the film").ids(), c.encode("the film").ids(), "lowercase text is the same");
            assertFalse(java.util.Arrays.equals(b.encode("The Film").ids(), c.encode("The Film").ids()), "cased keeps capitals");
            assertArrayEquals(b.encode("cafe").ids(), b.encode("café").ids(), "uncased strips accents (strip_accents null)");
            assertFalse(java.util.Arrays.equals(b.encode("café").ids(), k.encode("café").ids()), "strip_accents false keeps é");
            assertArrayEquals(b.encode("café").ids(), s.encode("café").ids(), "strip_accents true strips without lowercasing");
            assertFalse(java.util.Arrays.equals(b.encode("Café").ids(), s.encode("Café").ids()), "… and keeps the capital");
            assertFalse(java.util.Arrays.equals(b.encode("中文").ids(), n.encode("中文").ids()), "ideographs are no longer words");
        }
    }

    @Test
    void specialTokensComeFromTheConfigAndTheSpecialTokensMap() throws Exception {
        Files.write(dir.resolve("vocab.txt"), List.of("<unk>", "<cls>", "<sep>", "[SEP]", "the", "film", "##s"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"unk_token\": \"<unk>\", \"cls_token\": "
                + "{\"__type\": \"AddedToken\", \"content\": \"<cls>\", \"lstrip\": false}, \"sep_token\": \"[SEP]\", "
                + "\"pad_token\": null, \"mask_token\": null}");
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"sep_token\": \"<sep>\"}");
        DirectoryTokenizer.Result r = DirectoryTokenizer.read(dir, 7);
        assertEquals(List.of(), r.problems());
        try (TextTokenizer t = TextTokenizer.fromJson(r.json(), 0)) {
            assertArrayEquals(new long[]{1, 4, 5, 6, 0, 2}, t.encode("the films zebra").ids());
            assertArrayEquals(new long[]{1, 4, 2, 5, 2}, t.encode("the", "film").ids());
            assertArrayEquals(new long[]{0, 0, 0, 1, 1}, t.encode("the", "film").typeIds());
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x200d || c == 0xfeff
                ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return b.toString();
    }
}
