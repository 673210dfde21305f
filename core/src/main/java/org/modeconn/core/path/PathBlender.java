package org.modeconn.core.path;

import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes the path point Σ_j c_j·θ_j from control-point blobs, one tensor at a time: memory holds the
 * current tensor of each control point (memory-mapped) and one output tensor, never a whole model.
 * Only the parameters that the filter accepts are written; every control point must hold each of them
 * with the same shape ({@link SharedParameters}). Floating-point tensors are blended in float32 with fused multiply-adds (see blendTensor); the
 * output is F32.
 */
public final class PathBlender {
    private PathBlender() {
    }

    /** The names the filter accepts, in the first control point's order, with the output layout (see {@link SharedParameters}). */
    public static List<TensorInfo> outputLayout(List<SafetensorsReader> controlPoints, ParameterFilter filter)
            throws SafetensorsException {
        if (controlPoints.isEmpty()) {
            throw new IllegalArgumentException("a path needs at least one control point");
        }
        return SharedParameters.layout(controlPoints, filter);
    }

    /** Blends with the given coefficients (one per control point) and streams the result to {@code out}. */
    public static List<TensorInfo> blend(List<SafetensorsReader> controlPoints, double[] coefficients,
                                         ParameterFilter filter, Map<String, String> metadata, OutputStream out)
            throws IOException {
        if (coefficients.length != controlPoints.size()) {
            throw new IllegalArgumentException(coefficients.length + " coefficients for " + controlPoints.size() + " control points");
        }
        List<TensorInfo> layout = outputLayout(controlPoints, filter);
        try (SafetensorsWriter writer = SafetensorsWriter.open(out, layout, metadata)) {
            for (TensorInfo t : layout) {
                blendTensor(controlPoints, coefficients, t, writer);
            }
            return writer.tensors();
        }
    }

    /** Elements blended per chunk: small enough for the accumulator to stay in cache (128 KiB). */
    static final int CHUNK = 1 << 15;

    /**
     * Streams Σ_j c_j·θ_j[t] to the writer in chunks of {@link #CHUNK} elements. The arithmetic is float32, as
     * PyTorch's (and the curve fit's) own: acc = c_0·θ_0, then acc = fma(c_j, θ_j, acc) for each further control
     * point in order, with the coefficients rounded to float32 first. That is one rounding per control point and one
     * for each rounded coefficient, so an element lies within k·2⁻²³·Σ_j |c_j·θ_j| of the exact sum for k control
     * points (to first order; Higham, Accuracy and Stability of Numerical Algorithms, §4.2); the loops vectorise, where
     * a double accumulator does not (docs/performance.md). The result does not depend on the chunk size. Float32
     * sources are read in bulk from their mapping; other dtypes are decoded whole first.
     */
    private static void blendTensor(List<SafetensorsReader> controlPoints, double[] c, TensorInfo t,
                                    SafetensorsWriter writer) throws IOException {
        int n = Math.toIntExact(t.elementCount());
        List<Integer> used = new ArrayList<>(); // control points with a non-zero coefficient, in order
        FloatBuffer[] mapped = new FloatBuffer[c.length];
        float[][] decoded = new float[c.length][];
        for (int j = 0; j < c.length; j++) {
            if (c[j] == 0.0) {
                continue; // skips the mapping entirely, e.g. the far endpoint at t = 0
            }
            used.add(j);
            SafetensorsReader reader = controlPoints.get(j);
            if (reader.info(t.name()).dtype() == DType.F32) {
                mapped[j] = reader.data(t.name()).asFloatBuffer();
            } else {
                decoded[j] = reader.floats(t.name());
            }
        }
        int size = Math.min(CHUNK, n);
        float[] acc = new float[size];
        float[] src = new float[size];
        ByteBuffer out = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer outFloats = out.asFloatBuffer();
        for (int from = 0; from < n; from += size) {
            int len = Math.min(size, n - from);
            Arrays.fill(acc, 0, len, 0f); // all coefficients zero: the zero vector
            boolean first = true;
            for (int j : used) {
                float[] s = decoded[j];
                int offset = from;
                if (s == null) {
                    mapped[j].get(from, src, 0, len);
                    s = src;
                    offset = 0;
                }
                float cj = (float) c[j];
                if (first) {
                    for (int i = 0; i < len; i++) {
                        acc[i] = cj * s[offset + i];
                    }
                    first = false;
                } else {
                    for (int i = 0; i < len; i++) {
                        acc[i] = Math.fma(cj, s[offset + i], acc[i]);
                    }
                }
            }
            outFloats.put(0, acc, 0, len);
            writer.writeChunk(out.clear().limit(len * 4));
        }
    }
}
