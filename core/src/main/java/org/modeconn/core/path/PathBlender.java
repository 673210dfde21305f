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
 * Makes the path point Σ_j c_j·θ_j from control-point blobs, one tensor at a time, either streamed to a
 * safetensors file or handed to a {@link TensorSink} tensor by tensor: memory holds the current tensor of each
 * control point (memory-mapped) and one output chunk (one output tensor for a sink), never a whole model.
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
        List<TensorInfo> layout = layout(controlPoints, coefficients, filter);
        try (SafetensorsWriter writer = SafetensorsWriter.open(out, layout, metadata)) {
            for (TensorInfo t : layout) {
                int size = Math.min(CHUNK, Math.toIntExact(t.elementCount()));
                ByteBuffer bytes = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
                FloatBuffer floats = bytes.asFloatBuffer();
                blendTensor(controlPoints, coefficients, t, (acc, from, len) -> {
                    floats.put(0, acc, 0, len);
                    writer.writeChunk(bytes.clear().limit(len * 4));
                });
            }
            return writer.tensors();
        }
    }

    /** Receives each blended tensor whole, in layout order. */
    @FunctionalInterface
    public interface TensorSink {
        /**
         * @param tensor the tensor's name and shape (F32)
         * @param values its {@code tensor.elementCount()} elements, row-major; the sink may keep the array
         */
        void accept(TensorInfo tensor, float[] values) throws IOException;
    }

    /**
     * Blends with the given coefficients and hands each tensor to {@code sink} as a float array, for a caller
     * that loads the point straight into memory (an evaluator scoring it) instead of through a file. The values
     * are the same floats {@link #blend(List, double[], ParameterFilter, Map, OutputStream)} writes.
     *
     * @return the layout, as the sink saw it
     */
    public static List<TensorInfo> blend(List<SafetensorsReader> controlPoints, double[] coefficients,
                                         ParameterFilter filter, TensorSink sink) throws IOException {
        List<TensorInfo> layout = layout(controlPoints, coefficients, filter);
        for (TensorInfo t : layout) {
            float[] values = new float[Math.toIntExact(t.elementCount())];
            blendTensor(controlPoints, coefficients, t, (acc, from, len) -> System.arraycopy(acc, 0, values, from, len));
            sink.accept(t, values);
        }
        return layout;
    }

    private static List<TensorInfo> layout(List<SafetensorsReader> controlPoints, double[] coefficients, ParameterFilter filter)
            throws SafetensorsException {
        if (coefficients.length != controlPoints.size()) {
            throw new IllegalArgumentException(coefficients.length + " coefficients for " + controlPoints.size() + " control points");
        }
        return outputLayout(controlPoints, filter);
    }

    /** Elements blended per chunk: small enough for the accumulator to stay in cache (128 KiB). */
    static final int CHUNK = 1 << 15;

    /** Takes chunk {@code acc[0, len)}, elements {@code [from, from + len)} of the tensor; {@code acc} is reused after the call. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(float[] acc, int from, int len) throws IOException;
    }

    /**
     * Hands Σ_j c_j·θ_j[t] to the sink in chunks of {@link #CHUNK} elements. The arithmetic is float32, as
     * PyTorch's (and the curve fit's) own: acc = c_0·θ_0, then acc = fma(c_j, θ_j, acc) for each further control
     * point in order, with the coefficients rounded to float32 first. That is one rounding per control point and one
     * for each rounded coefficient, so an element lies within k·2⁻²³·Σ_j |c_j·θ_j| of the exact sum for k control
     * points (to first order; Higham, Accuracy and Stability of Numerical Algorithms, §4.2); the loops vectorise, where
     * a double accumulator does not (docs/performance.md). The result does not depend on the chunk size. Float32
     * sources are read in bulk from their mapping; other dtypes are decoded whole first.
     */
    private static void blendTensor(List<SafetensorsReader> controlPoints, double[] c, TensorInfo t, ChunkSink sink)
            throws IOException {
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
            sink.accept(acc, from, len);
        }
    }
}
