package org.modeconn.ml.data;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.modeconn.ml.Djl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A Hugging Face tokenizer (tokenizer.json), loaded offline through DJL, that turns a text or a text
 * pair into ids with special tokens, truncated to a maximum length. Padding is the batcher's job.
 */
public final class TextTokenizer implements AutoCloseable {
    /** No truncation: for counting and packing whole lines of a corpus. */
    public static final int UNLIMITED = 0;

    private final HuggingFaceTokenizer tokenizer;
    private final byte[] json;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, byte[] json, int maxLength) {
        this.tokenizer = tokenizer;
        this.json = json;
        this.maxLength = maxLength;
    }

    /** A tokenizer that truncates to {@code maxLength} tokens, or not at all where maxLength is {@link #UNLIMITED}. */
    public static TextTokenizer fromJson(byte[] tokenizerJson, int maxLength) throws IOException {
        Djl.engine(); // sets DJL offline before the tokenizer library loads
        Map<String, String> options = maxLength == UNLIMITED
                ? Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "false")
                : Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true",
                "maxLength", String.valueOf(maxLength));
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        return new TextTokenizer(t, tokenizerJson, maxLength);
    }

    /** The same vocabulary with another maximum length. */
    public TextTokenizer withMaxLength(int maxLength) throws IOException {
        return maxLength == this.maxLength ? this : fromJson(json, maxLength);
    }

    public byte[] json() {
        return json.clone();
    }

    public int maxLength() {
        return maxLength;
    }

    /** One tokenized example: ids and token types, without padding. */
    public record Tokens(long[] ids, long[] typeIds) {
        public int length() {
            return ids.length;
        }
    }

    public Tokens encode(String text) {
        Encoding e = tokenizer.encode(text);
        return new Tokens(e.getIds(), e.getTypeIds());
    }

    public Tokens encode(String text, String pair) {
        Encoding e = tokenizer.encode(text, pair);
        return new Tokens(e.getIds(), e.getTypeIds());
    }

    public long tokenId(String token) {
        long[] ids = tokenizer.encode(token, false, false).getIds();
        if (ids.length != 1) {
            throw new IllegalArgumentException("'" + token + "' is not a single token");
        }
        return ids[0];
    }

    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    public HuggingFaceTokenizer raw() {
        return tokenizer;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
