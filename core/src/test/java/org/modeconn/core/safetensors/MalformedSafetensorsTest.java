package org.modeconn.core.safetensors;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of malformed file fails with a SafetensorsException that names the problem. */
class MalformedSafetensorsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty file", new byte[0], "too short"),
                Arguments.of("truncated length", new byte[]{1, 2, 3}, "too short"),
                Arguments.of("header longer than the file", withLength(1000, "{}", 0), "runs past the end"),
                Arguments.of("absurd header length", withLength(Long.MAX_VALUE, "{}", 0), "exceeds the limit"),
                Arguments.of("negative header length", withLength(-5, "{}", 0), "too small"),
                Arguments.of("header not JSON", file("{\"a\": [1,", 0), "not well-formed JSON"),
                Arguments.of("header not UTF-8", rawHeader(new byte[]{'{', (byte) 0xff, '}'}), "not valid UTF-8"),
                Arguments.of("header is an array", file("[1, 2]", 0), "must be a JSON object"),
                Arguments.of("tensor entry not an object", file("{\"a\": 5}", 0), "must be an object"),
                Arguments.of("unknown dtype", file(entry("a", "F8", "[1]", "[0, 1]"), 1), "unknown dtype 'F8'"),
                Arguments.of("missing dtype", file("{\"a\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4), "no dtype"),
                Arguments.of("negative dimension", file(entry("a", "F32", "[-1]", "[0, 4]"), 4), "invalid dimension"),
                Arguments.of("fractional dimension", file(entry("a", "F32", "[1.5]", "[0, 4]"), 4), "invalid dimension"),
                Arguments.of("offsets with one number", file(entry("a", "F32", "[1]", "[4]"), 4), "data_offsets"),
                Arguments.of("offsets reversed", file(entry("a", "F32", "[1]", "[4, 0]"), 4), "do not form a range"),
                Arguments.of("offsets past the data", file(entry("a", "F32", "[4]", "[0, 16]"), 8), "ends at byte 16"),
                Arguments.of("size disagrees with shape", file(entry("a", "F32", "[3]", "[0, 8]"), 8), "need 12"),
                Arguments.of("overlapping tensors", file("{" + inner("a", "F32", "[2]", "[0, 8]") + ","
                        + inner("b", "F32", "[2]", "[4, 12]") + "}", 12), "overlaps"),
                Arguments.of("gap between tensors", file("{" + inner("a", "F32", "[1]", "[0, 4]") + ","
                        + inner("b", "F32", "[1]", "[8, 12]") + "}", 12), "gap of 4 bytes"),
                Arguments.of("trailing bytes", file(entry("a", "F32", "[1]", "[0, 4]"), 12), "8 trailing bytes"),
                Arguments.of("duplicate tensor name", file("{" + inner("a", "F32", "[1]", "[0, 4]") + ","
                        + inner("a", "F32", "[1]", "[4, 8]") + "}", 8), "not well-formed JSON"),
                Arguments.of("metadata not strings", file("{\"__metadata__\": {\"k\": 1}}", 0), "not a string"),
                Arguments.of("shape overflows", file(entry("a", "F32", "[4294967296, 4294967296]", "[0, 4]"), 4), "overflows"),
                Arguments.of("a second object after the header", file("{}{\"__metadata__\": {\"k\": \"v\"}}", 0),
                        "header: trailing characters after the JSON object at byte 2"),
                Arguments.of("NUL padding after the header", file("{}\u0000\u0000\u0000\u0000\u0000\u0000", 0),
                        "trailing characters after the JSON object at byte 2 (byte 0x00; pad the header with spaces"),
                Arguments.of("text after the header and its spaces", file("{}   x", 0), "at byte 5 ('x')"),
                Arguments.of("leading space before the object", file(" {}", 0), "must be a JSON object starting with '{' (it begins with byte 0x20)"),
                Arguments.of("metadata an array", file("{\"__metadata__\": []}", 0), "must be an object of strings (or null)"),
                Arguments.of("empty tensor name", file(entry("", "F32", "[1]", "[0, 4]"), 4), "empty name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRejectedWithAClearMessage(String kind, byte[] content, String expected) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, content);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().contains(expected), kind + ": message was '" + e.getMessage() + "'");
        assertTrue(e.getMessage().contains(file.toString()), "the message names the file");
    }

    private static String inner(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": " + offsets + "}";
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "{" + inner(name, dtype, shape, offsets) + "}";
    }

    private static byte[] file(String header, int dataBytes) {
        return withLength(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static byte[] withLength(long declared, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declared).put(h).array();
    }

    private static byte[] rawHeader(byte[] h) {
        return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }
}
