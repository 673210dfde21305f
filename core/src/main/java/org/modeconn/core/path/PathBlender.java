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
import java.util.List;
import java.util.Map;

/**
 * Writes the path point Σ_j c_j·θ_j from control-point blobs, one tensor at a time: memory holds the
 * current tensor of each control point (memory-mapped) and one output tensor, never a whole model.
 * Only the parameters that the filter accepts are written; every control point must hold each of them
 * with the same shape ({@link SharedParameters}). Floating-point tensors are blended in float32 (accumulated in double); the
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
                writer.writeTensor(t.name(), blendTensor(controlPoints, coefficients, t));
            }
            return writer.tensors();
        }
    }

    private static ByteBuffer blendTensor(List<SafetensorsReader> controlPoints, double[] c, TensorInfo t) throws IOException {
        int n = Math.toIntExact(t.elementCount());
        double[] acc = new double[n];
        for (int j = 0; j < controlPoints.size(); j++) {
            if (c[j] == 0.0) {
                continue; // skips the mapping entirely, e.g. the far endpoint at t = 0
            }
            SafetensorsReader reader = controlPoints.get(j);
            if (reader.info(t.name()).dtype() == DType.F32) {
                FloatBuffer src = reader.data(t.name()).asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    acc[i] += c[j] * src.get(i);
                }
            } else {
                float[] src = reader.floats(t.name());
                for (int i = 0; i < n; i++) {
                    acc[i] += c[j] * src[i];
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = out.asFloatBuffer();
        for (int i = 0; i < n; i++) {
            f.put(i, (float) acc[i]);
        }
        return out;
    }
}
