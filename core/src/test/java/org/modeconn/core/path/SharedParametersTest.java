package org.modeconn.core.path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.metrics.ParameterDistance;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several parameter sets walked together must hold the same names: the union is checked, in every order. */
class SharedParametersTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/cases/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private List<SafetensorsReader> open(Path... files) throws IOException {
        List<SafetensorsReader> readers = new ArrayList<>();
        for (Path f : files) {
            readers.add(SafetensorsReader.open(f));
        }
        return readers;
    }

    private static void close(List<SafetensorsReader> readers) throws IOException {
        for (SafetensorsReader r : readers) {
            r.close();
        }
    }

    @Test
    void aHeadMissingFromEitherEndpointIsNamedWhicheverComesFirst() throws IOException {
        Path without = resource("without-head.safetensors");
        Path with = resource("with-head.safetensors");
        for (List<Path> order : List.of(List.of(without, with), List.of(with, without))) {
            List<SafetensorsReader> readers = open(order.toArray(Path[]::new));
            try {
                SafetensorsException blend = assertThrows(SafetensorsException.class, () -> PathBlender.blend(readers,
                        new double[]{0, 1}, ParameterFilter.all(), null, new ByteArrayOutputStream()));
                assertTrue(blend.getMessage().contains("'classifier.weight', 'classifier.bias' absent from without-head.safetensors"),
                        blend.getMessage());
                SafetensorsException distance = assertThrows(SafetensorsException.class,
                        () -> ParameterDistance.between(readers.get(0), readers.get(1), ParameterFilter.all()));
                assertTrue(distance.getMessage().contains("absent from without-head.safetensors"), distance.getMessage());
            } finally {
                close(readers);
            }
        }
    }

    @Test
    void theFilterDecidesWhatMustBeShared() throws IOException {
        List<SafetensorsReader> readers = open(resource("without-head.safetensors"), resource("with-head.safetensors"));
        try {
            List<TensorInfo> layout = SharedParameters.layout(readers, ParameterFilter.excludingPrefixes(List.of("classifier.")));
            assertEquals(readers.get(0).tensors().keySet().stream().toList(), layout.stream().map(TensorInfo::name).toList());
        } finally {
            close(readers);
        }
    }

    @Test
    void everyProblemIsListedAtOnce() throws IOException {
        Path a = write("a.safetensors", List.of(TensorInfo.of("w", DType.F32, 2, 3), TensorInfo.of("ids", DType.I64, 3),
                TensorInfo.of("only-a", DType.F32, 1)));
        Path b = write("b.safetensors", List.of(TensorInfo.of("w", DType.F32, 3, 2), TensorInfo.of("ids", DType.I64, 3),
                TensorInfo.of("only-b", DType.F32, 1)));
        List<SafetensorsReader> readers = open(a, b);
        try {
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> SharedParameters.layout(readers, ParameterFilter.all()));
            String m = e.getMessage();
            assertTrue(m.contains("'only-b' absent from a.safetensors"), m);
            assertTrue(m.contains("'only-a' absent from b.safetensors"), m);
            assertTrue(m.contains("'w' has shape [3, 2] in b.safetensors but [2, 3] in a.safetensors"), m);
            assertTrue(m.contains("'ids' is I64 in a.safetensors and cannot be interpolated"), m);
        } finally {
            close(readers);
        }
    }

    @Test
    void zeroSizeTensorsAreInterpolatedWithTheirShapes() throws IOException {
        List<SafetensorsReader> readers = open(resource("zero-size-a.safetensors"), resource("zero-size-b.safetensors"));
        Path out = dir.resolve("mid.safetensors");
        try (OutputStream o = Files.newOutputStream(out)) {
            PathBlender.blend(readers, new double[]{0.5, 0.5}, ParameterFilter.all(), Map.of(), o);
        } finally {
            close(readers);
        }
        try (SafetensorsReader mid = SafetensorsReader.open(out);
             SafetensorsReader a = SafetensorsReader.open(dir.resolve("zero-size-a.safetensors"));
             SafetensorsReader b = SafetensorsReader.open(dir.resolve("zero-size-b.safetensors"))) {
            assertEquals(List.of("empty1", "w", "empty2"), List.copyOf(mid.tensors().keySet()));
            assertArrayEquals(a.info("empty1").shape(), mid.info("empty1").shape());
            assertArrayEquals(a.info("empty2").shape(), mid.info("empty2").shape());
            float[] x = a.floats("w");
            float[] y = b.floats("w");
            float[] m = mid.floats("w");
            for (int i = 0; i < m.length; i++) {
                assertEquals(0.5 * x[i] + 0.5 * y[i], m[i], 1e-6);
            }
        }
    }

    @Test
    void namesInMemoryFollowTheSameRule() {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        names.put("start", Set.of("w", "classifier.weight"));
        names.put("end", Set.of("w"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SharedParameters.requireSameNames(names));
        assertTrue(e.getMessage().contains("'classifier.weight' absent from end"), e.getMessage());
        SharedParameters.requireSameNames(Map.of("start", Set.of("w"), "end", Set.of("w")));
    }

    private Path write(String name, List<TensorInfo> layout) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); SafetensorsWriter w = SafetensorsWriter.open(out, layout, null)) {
            for (TensorInfo t : layout) {
                w.writeTensor(t.name(), ByteBuffer.allocate((int) (t.elementCount() * t.dtype().bytes())));
            }
        }
        return file;
    }
}
