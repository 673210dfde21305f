package org.modeconn.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The physical lines of a UTF-8 file, the one place where all three formats meet the bytes: a UTF-8
 * BOM at the start is dropped, a line ends at LF or CRLF (the CR is dropped; a CR elsewhere stays
 * in the text), a last line without a line end counts, and a line that is not valid UTF-8 is
 * reported with its line and column and skipped (never decoded with replacement characters). A line
 * longer than {@link #MAX_LINE_BYTES} is reported and skipped without being held in memory, so a file
 * without line ends cannot exhaust the heap.
 */
final class Lines {
    /** The longest line read: 1 MiB, far above any sentence or review (IMDB's longest is about 14 kB). */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final Problems problems;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private byte[] line = new byte[256];
    private int length;
    private boolean tooLong;
    private int number;

    /** One physical line: its 1-based number and its text without the line end. */
    record Line(int number, String text) {
        boolean blank() {
            return text.isBlank();
        }
    }

    Lines(InputStream in, Problems problems) {
        this.in = in;
        this.problems = problems;
    }

    /** The next line that is valid UTF-8, or null at the end of the file. */
    Line next() throws IOException {
        while (readBytes()) {
            number++;
            if (tooLong) {
                problems.report(number, 1, "the line is longer than " + MAX_LINE_BYTES + " bytes (1 MiB); a row that long"
                        + " is not a sentence: is the file's line end a lone CR, or is it not a text file?");
                continue;
            }
            String text = decode();
            if (text != null) {
                return new Line(number, text);
            }
        }
        return null;
    }

    /** The next line that is not blank (whitespace only), or null at the end of the file. */
    Line nextNonBlank() throws IOException {
        Line l;
        do {
            l = next();
        } while (l != null && l.blank());
        return l;
    }

    /** Reads the bytes of the next line into {@code line}; false at the end of the file. */
    private boolean readBytes() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (start == end) {
                int n = in.read(buffer);
                if (n < 0) {
                    return any;
                }
                start = 0;
                end = n;
            }
            any = true;
            int newline = start;
            while (newline < end && buffer[newline] != '\n') {
                newline++;
            }
            append(start, newline);
            if (newline < end) {
                start = newline + 1;
                return true;
            }
            start = end;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (tooLong || length + n > MAX_LINE_BYTES) {
            tooLong = true; // the rest of the line is read and dropped
            return;
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    /** The line's text, or null after reporting where it is not UTF-8. */
    private String decode() throws DatasetException {
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        int from = number == 1 && n >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF ? 3 : 0;
        ByteBuffer bytes = ByteBuffer.wrap(line, from, n - from);
        CharBuffer chars = CharBuffer.allocate(n - from);
        utf8.reset();
        CoderResult result = utf8.decode(bytes, chars, true);
        if (!result.isError()) {
            result = utf8.flush(chars);
        }
        chars.flip();
        if (result.isError()) {
            StringBuilder bad = new StringBuilder();
            for (int i = 0; i < result.length(); i++) {
                bad.append(i == 0 ? "" : " ").append(String.format("0x%02X", line[bytes.position() + i] & 0xFF));
            }
            String before = chars.toString();
            problems.report(number, Row.column(before, before.length()),
                    "not valid UTF-8 (" + (result.length() == 1 ? "byte " : "bytes ") + bad + "); save the file as UTF-8");
            return null;
        }
        return chars.toString();
    }
}
