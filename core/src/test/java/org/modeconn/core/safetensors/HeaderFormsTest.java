package org.modeconn.core.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The header forms the reference reader (Hugging Face safetensors) accepts are accepted, the ones it
 * refuses are refused, and zero-element tensors pass through the writer wherever they stand.
 */
class HeaderFormsTest {
    @TempDir
    Path dir;

    static Path resource(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = HeaderFormsTest.class.getResourceAsStream("/cases/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aSecondObjectAfterTheHeaderIsRefusedNotIgnored() throws IOException {
        Path file = resource(dir, "empty-then-metadata.safetensors");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsReader.open(file).close());
        assertTrue(e.getMessage().endsWith(file + ": header: trailing characters after the JSON object at byte 2 (',')"), e.getMessage());
    }

    @Test
    void nullMetadataOpensWithNoMetadata() throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(resource(dir, "null-metadata.safetensors"))) {
            assertEquals(Map.of(), r.metadata());
            assertEquals(List.of("w"), List.copyOf(r.tensors().keySet()));
            assertArrayEquals(new long[]{2, 3}, r.info("w").shape());
        }
    }

    @Test
    void spaceNewlineAndTabPaddingAreAccepted() throws IOException {
        for (String padding : List.of("", " ", "        ", "\n", "\r\n", "\t ")) {
            Path file = dir.resolve("padded.safetensors");
            byte[] h = ("{\"__metadata__\":{\"k\":\"v\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}" + padding)
                    .getBytes(StandardCharsets.UTF_8);
            Files.write(file, ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(h.length).put(h).putFloat(1.5f).array());
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                assertEquals(Map.of("k", "v"), r.metadata());
                assertArrayEquals(new float[]{1.5f}, r.floats("x"));
            }
        }
    }

    @Test
    void zeroSizeTensorsOfTheCaseFileOpen() throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(resource(dir, "zero-size-a.safetensors"))) {
            assertEquals(List.of("empty1", "w", "empty2"), List.copyOf(r.tensors().keySet()));
            assertEquals(0, r.floats("empty1").length);
            assertEquals(6, r.floats("w").length);
        }
    }

    /** Empty tensors first, between and last, each written explicitly, skipped, or mixed with chunks. */
    @Test
    void zeroSizeTensorsPassThroughTheWriterWhereverTheyStand() throws IOException {
        List<TensorInfo> layout = List.of(TensorInfo.of("first", DType.F32, 0), TensorInfo.of("w", DType.F32, 2, 3),
                TensorInfo.of("middle", DType.F16, 3, 0), TensorInfo.of("v", DType.BF16, 2),
                TensorInfo.of("last", DType.I64, 0, 4));
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] v = {0.5f, -2};
        for (String style : List.of("explicit", "skipped", "chunks")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (SafetensorsWriter out = SafetensorsWriter.open(bytes, layout, null)) {
                switch (style) {
                    case "explicit" -> {
                        out.writeFloats("first", new float[0]);
                        out.writeFloats("w", w);
                        out.writeFloats("middle", new float[0]);
                        out.writeFloats("v", v);
                        out.writeTensor("last", ByteBuffer.allocate(0));
                    }
                    case "skipped" -> {
                        out.writeFloats("w", w);
                        out.writeFloats("v", v);
                    }
                    default -> {
                        out.writeChunk(Dtypes.fromFloats(w, DType.F32));
                        out.writeChunk(Dtypes.fromFloats(v, DType.BF16));
                    }
                }
            }
            Path file = dir.resolve(style + ".safetensors");
            Files.write(file, bytes.toByteArray());
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                assertEquals(List.of("first", "w", "middle", "v", "last"), List.copyOf(r.tensors().keySet()), style);
                assertArrayEquals(new long[]{3, 0}, r.info("middle").shape(), style);
                assertArrayEquals(new long[]{0, 4}, r.info("last").shape(), style);
                assertArrayEquals(w, r.floats("w"), style);
                assertArrayEquals(v, r.floats("v"), style);
            }
        }
    }

    @Test
    void aNonEmptyTensorCannotBeSkipped() throws IOException {
        SafetensorsWriter out = SafetensorsWriter.open(new ByteArrayOutputStream(),
                List.of(TensorInfo.of("e", DType.F32, 0), TensorInfo.of("w", DType.F32, 1), TensorInfo.of("v", DType.F32, 1)), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.writeFloats("v", new float[]{1}));
        assertTrue(e.getMessage().contains("expected data for 'w' but got 'v'"), e.getMessage());
        out.writeFloats("w", new float[]{1});
        out.writeFloats("v", new float[]{2});
        out.close();
    }
}
