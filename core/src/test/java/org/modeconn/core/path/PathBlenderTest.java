package org.modeconn.core.path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathBlenderTest {
    @TempDir
    Path dir;
    private final Map<String, float[]> a = new java.util.HashMap<>();
    private final Map<String, float[]> b = new java.util.HashMap<>();
    private final Map<String, float[]> c = new java.util.HashMap<>();

    @BeforeEach
    void writeControlPoints() throws IOException {
        write("a.safetensors", a, 1, DType.F32);
        write("b.safetensors", b, 2, DType.F32);
        write("c.safetensors", c, 3, DType.BF16);
    }

    private void write(String name, Map<String, float[]> values, long seed, DType dtype) throws IOException {
        Random random = new Random(seed);
        List<TensorInfo> layout = List.of(TensorInfo.of("encoder.weight", dtype, 4, 3),
                TensorInfo.of("embeddings.word", dtype, 2, PathBlender.CHUNK + 7), // three chunks
                TensorInfo.of("encoder.bias", dtype, 3), TensorInfo.of("classifier.weight", dtype, 2, 3));
        try (OutputStream out = Files.newOutputStream(dir.resolve(name));
             SafetensorsWriter w = SafetensorsWriter.open(out, layout, null)) {
            for (TensorInfo t : layout) {
                float[] v = new float[(int) t.elementCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) random.nextGaussian();
                }
                w.writeFloats(t.name(), v);
            }
        }
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(name))) {
            for (String t : r.tensors().keySet()) {
                values.put(t, r.floats(t)); // as stored (BF16 rounds)
            }
        }
    }

    /**
     * The point as the file the blend writes; the same blend handed to a {@link PathBlender.TensorSink} (an evaluator
     * loading the point without a file) must give the same tensors in the same order, bit for bit.
     */
    private Map<String, float[]> blend(List<String> files, double[] coefficients, ParameterFilter filter) throws IOException {
        List<SafetensorsReader> readers = new ArrayList<>();
        Map<String, float[]> handed = new java.util.LinkedHashMap<>();
        try {
            for (String f : files) {
                readers.add(SafetensorsReader.open(dir.resolve(f)));
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("point.safetensors"))) {
                PathBlender.blend(readers, coefficients, filter, Map.of("t", "x"), out);
            }
            PathBlender.blend(readers, coefficients, filter, (t, values) -> handed.put(t.name(), values));
        } finally {
            for (SafetensorsReader r : readers) {
                r.close();
            }
        }
        Map<String, float[]> result = new java.util.LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("point.safetensors"))) {
            for (TensorInfo t : r.tensors().values()) {
                assertEquals(DType.F32, t.dtype());
                result.put(t.name(), r.floats(t.name()));
            }
        }
        assertEquals(List.copyOf(result.keySet()), List.copyOf(handed.keySet()));
        for (String name : result.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(result.get(name), handed.get(name), name);
        }
        return result;
    }

    /** The blend's stated error bound for the terms c_j·θ_j of one element: k·2⁻²³·Σ_j |c_j·θ_j|. */
    private static double bound(double... terms) {
        double sum = 0;
        for (double term : terms) {
            sum += Math.abs(term);
        }
        return terms.length * 0x1p-23 * sum;
    }

    @Test
    void theBlendIsFloat32WithOneRoundingPerControlPoint() throws IOException {
        // fma(c1, b, c0·a) in float32, coefficients rounded first: the exact expected bits, whatever the chunk
        double t = 0.3;
        Map<String, float[]> point = blend(List.of("a.safetensors", "b.safetensors"), Curve.linear().coefficients(t),
                ParameterFilter.all());
        float c0 = (float) (1 - t);
        float c1 = (float) t;
        for (String name : point.keySet()) {
            for (int i = 0; i < point.get(name).length; i++) {
                assertEquals(Math.fma(c1, b.get(name)[i], c0 * a.get(name)[i]), point.get(name)[i], name + "[" + i + "]");
            }
        }
    }

    @Test
    void linearPointEqualsTheFormula() throws IOException {
        double t = 0.25;
        Map<String, float[]> point = blend(List.of("a.safetensors", "b.safetensors"), Curve.linear().coefficients(t),
                ParameterFilter.all());
        assertEquals(Set.of("encoder.weight", "embeddings.word", "encoder.bias", "classifier.weight"), point.keySet());
        for (String name : point.keySet()) {
            for (int i = 0; i < point.get(name).length; i++) {
                double x = (1 - t) * a.get(name)[i];
                double y = t * b.get(name)[i];
                assertEquals(x + y, point.get(name)[i], bound(x, y), name + "[" + i + "]");
            }
        }
    }

    @Test
    void bezierPointWithABf16BendEqualsTheFormula() throws IOException {
        double t = 0.6;
        Map<String, float[]> point = blend(List.of("a.safetensors", "c.safetensors", "b.safetensors"),
                Curve.of(Curve.Kind.BEZIER, 1).coefficients(t), ParameterFilter.all());
        for (String name : point.keySet()) {
            for (int i = 0; i < point.get(name).length; i++) {
                double x = (1 - t) * (1 - t) * a.get(name)[i];
                double y = 2 * t * (1 - t) * c.get(name)[i];
                double z = t * t * b.get(name)[i];
                assertEquals(x + y + z, point.get(name)[i], bound(x, y, z), name + "[" + i + "]");
            }
        }
    }

    @Test
    void theFilterKeepsOnlyTheNamedParameters() throws IOException {
        Map<String, float[]> point = blend(List.of("a.safetensors", "b.safetensors"), new double[]{0.5, 0.5},
                ParameterFilter.excludingPrefixes(List.of("classifier.")));
        assertEquals(Set.of("encoder.weight", "embeddings.word", "encoder.bias"), point.keySet());
        point = blend(List.of("a.safetensors", "b.safetensors"), new double[]{0.5, 0.5},
                ParameterFilter.only(Set.of("encoder.bias")));
        assertEquals(Set.of("encoder.bias"), point.keySet());
    }

    @Test
    void mismatchedControlPointsAreRefused() throws IOException {
        try (OutputStream out = Files.newOutputStream(dir.resolve("other.safetensors"));
             SafetensorsWriter w = SafetensorsWriter.open(out, List.of(TensorInfo.of("encoder.weight", DType.F32, 3, 4)), null)) {
            w.writeFloats("encoder.weight", new float[12]);
        }
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> blend(
                List.of("a.safetensors", "other.safetensors"), new double[]{0.5, 0.5}, ParameterFilter.only(Set.of("encoder.weight"))));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        e = assertThrows(SafetensorsException.class, () -> blend(
                List.of("a.safetensors", "other.safetensors"), new double[]{0.5, 0.5}, ParameterFilter.only(Set.of("encoder.bias"))));
        assertTrue(e.getMessage().contains("'encoder.bias' absent from other.safetensors"), e.getMessage());
    }
}
