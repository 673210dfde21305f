package org.modeconn.core.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsByteForByte(DType dtype) throws IOException {
        byte[] a = randomBytes(3 * 5 * dtype.bytes(), 1);
        byte[] b = randomBytes(7 * dtype.bytes(), 2);
        Path file = dir.resolve(dtype + ".safetensors");
        try (OutputStream out = Files.newOutputStream(file);
             SafetensorsWriter w = SafetensorsWriter.open(out,
                     List.of(TensorInfo.of("a", dtype, 3, 5), TensorInfo.of("scalar", dtype), TensorInfo.of("b", dtype, 7)),
                     Map.of("note", "round trip"))) {
            w.writeTensor("a", ByteBuffer.wrap(a));
            w.writeTensor("scalar", ByteBuffer.wrap(randomBytes(dtype.bytes(), 3)));
            // b in two chunks, as a streaming producer would
            w.writeChunk(ByteBuffer.wrap(b, 0, 5));
            w.writeChunk(ByteBuffer.wrap(b, 5, b.length - 5));
        }
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(List.of("a", "scalar", "b"), List.copyOf(r.tensors().keySet()));
            assertEquals(dtype, r.info("a").dtype());
            assertArrayEquals(new long[]{3, 5}, r.info("a").shape());
            assertArrayEquals(new long[]{}, r.info("scalar").shape());
            assertArrayEquals(a, bytes(r.data("a")));
            assertArrayEquals(b, bytes(r.data("b")));
            assertEquals(Map.of("note", "round trip"), r.metadata());
            assertEquals(15 + 1 + 7, r.parameterCount());
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "the data section starts 8-byte aligned");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64", "F16", "BF16"})
    void floatsRoundTripWithinTheTypesPrecision(DType dtype) throws IOException {
        float[] values = {0f, 1f, -2.5f, 0.1f, 3.14159f, -1e-3f, 65504f, 1e-7f};
        Path file = dir.resolve("floats.safetensors");
        try (OutputStream out = Files.newOutputStream(file);
             SafetensorsWriter w = SafetensorsWriter.open(out, List.of(TensorInfo.of("x", dtype, values.length)), null)) {
            w.writeFloats("x", values);
        }
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            float[] back = r.floats("x");
            double relative = switch (dtype) {
                case F32, F64 -> 0;
                case F16 -> 1.0 / 2048; // 11 significant bits
                default -> 1.0 / 256;   // BF16: 8 significant bits
            };
            for (int i = 0; i < values.length; i++) {
                double tolerance = Math.abs(values[i]) * relative + (dtype == DType.F16 ? 6e-8 : 0);
                assertEquals(values[i], back[i], tolerance, dtype + " value " + i);
            }
        }
    }

    /** floats() reads in 1 MiB chunks: a tensor over several chunks, after another tensor, decodes as the mapped bytes do. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64", "F16", "BF16"})
    void floatsOfATensorLargerThanOneReadEqualTheMappedBytesDecoded(DType dtype) throws IOException {
        int count = (3 << 20) / dtype.bytes() + 5; // three chunks and a few elements
        Random random = new Random(7);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        Path file = dir.resolve("large.safetensors");
        try (OutputStream out = Files.newOutputStream(file);
             SafetensorsWriter w = SafetensorsWriter.open(out,
                     List.of(TensorInfo.of("first", dtype, 3), TensorInfo.of("x", dtype, 5, count / 5)), null)) {
            w.writeFloats("first", new float[]{1f, 2f, 3f});
            w.writeFloats("x", java.util.Arrays.copyOf(values, count / 5 * 5));
        }
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            float[] back = r.floats("x");
            assertArrayEquals(Dtypes.toFloats(r.data("x"), dtype, count / 5 * 5), back);
            assertArrayEquals(new float[]{1f, 2f, 3f}, r.floats("first"));
        }
    }

    @Test
    void halfPrecisionConversionsAreExact() {
        assertEquals(1.0f, Dtypes.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, Dtypes.halfToFloat((short) 0xc000));
        assertEquals(65504f, Dtypes.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Dtypes.halfToFloat((short) 0x0001), "smallest subnormal");
        assertEquals(Float.POSITIVE_INFINITY, Dtypes.halfToFloat((short) 0x7c00));
        assertEquals((short) 0x3c00, Dtypes.floatToHalf(1.0f));
        assertEquals((short) 0x3555, Dtypes.floatToHalf(1f / 3), "1/3 rounds to nearest");
        assertEquals((short) 0x7c00, Dtypes.floatToHalf(1e6f), "overflow goes to infinity");
        assertEquals((short) 0x0001, Dtypes.floatToHalf(0x1p-24f));
        assertEquals((short) 0x3f80, Dtypes.floatToBf16(1.0f));
        assertEquals((short) 0x4049, Dtypes.floatToBf16(3.14159f));
        for (int bits = 0; bits < 0x7c00; bits += 7) { // every finite positive half survives float and back
            assertEquals((short) bits, Dtypes.floatToHalf(Dtypes.halfToFloat((short) bits)));
        }
    }

    @Test
    void writerRefusesDataThatDoesNotMatchTheDeclaration() throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("w.safetensors"))) {
            SafetensorsWriter w = SafetensorsWriter.open(out, List.of(TensorInfo.of("a", DType.F32, 2),
                    TensorInfo.of("b", DType.F32, 1)), null);
            assertThrows(IllegalStateException.class, () -> w.writeTensor("b", ByteBuffer.allocate(4)), "out of order");
            assertThrows(IllegalArgumentException.class, () -> w.writeTensor("a", ByteBuffer.allocate(4)), "wrong size");
            w.writeTensor("a", ByteBuffer.allocate(8));
            assertThrows(IllegalStateException.class, w::close, "b was never written");
        }
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.open(OutputStream.nullOutputStream(),
                List.of(TensorInfo.of("a", DType.F32, 1), TensorInfo.of("a", DType.F32, 1)), null));
    }

    @Test
    void readsAFileWrittenByNumpy() throws Exception {
        Path file = Path.of(getClass().getResource("/safetensors/foreign.safetensors").toURI());
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(Map.of("format", "pt", "writer", "numpy"), r.metadata());
            assertEquals(6, r.tensors().size());
            assertArrayEquals(new float[]{-1.5f, -1f, -0.5f, 0f, 0.5f, 1f}, r.floats("embeddings.weight"));
            assertArrayEquals(new long[]{2, 3}, r.info("embeddings.weight").shape());
            assertArrayEquals(new float[]{-1.5f, -1f, -0.5f, 0f}, r.floats("layer.0.half"));
            assertArrayEquals(new float[]{-1.5f, -1f, -0.5f, 0f}, r.floats("layer.0.bf16"));
            assertArrayEquals(new float[]{-1.5f, -1f, -0.5f}, r.floats("layer.0.double"));
            ByteBuffer ids = r.data("position_ids");
            assertEquals(DType.I64, r.info("position_ids").dtype());
            for (int i = 0; i < 5; i++) {
                assertEquals(i - 3, ids.getLong(i * 8));
            }
            assertEquals(-3, r.data("counts").getInt(0));
            assertThrows(IllegalArgumentException.class, () -> r.floats("counts"), "integers are not floats");
        }
    }

    @Test
    void handBuiltBytesFromTheFormatDescription() throws IOException {
        // The example of the format's documentation: one F32 tensor [2] = {1.0, 2.0}, header padded with spaces.
        String header = "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}   ";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes()).putFloat(1.0f).putFloat(2.0f);
        Path file = dir.resolve("hand.safetensors");
        Files.write(file, b.array());
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertArrayEquals(new float[]{1f, 2f}, r.floats("t"));
        }
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
