package org.modeconn.core.metrics;

import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.path.SharedParameters;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.util.List;

/**
 * Distances between two endpoints over the parameters a path interpolates:
 * L2 = ‖θ_A − θ_B‖₂, RMS = L2/√N, cosine = ⟨θ_A, θ_B⟩ / (‖θ_A‖‖θ_B‖). Streamed tensor by tensor; both
 * endpoints must hold the same parameters ({@link SharedParameters}).
 */
public record ParameterDistance(long parameters, double l2, double rms, double cosine) {

    public static ParameterDistance between(SafetensorsReader a, SafetensorsReader b, ParameterFilter filter)
            throws IOException {
        long count = 0;
        double diff2 = 0;
        double dot = 0;
        double normA2 = 0;
        double normB2 = 0;
        for (TensorInfo t : SharedParameters.layout(List.of(a, b), filter)) {
            float[] x = a.floats(t.name());
            float[] y = b.floats(t.name());
            for (int i = 0; i < x.length; i++) {
                double d = (double) x[i] - y[i];
                diff2 += d * d;
                dot += (double) x[i] * y[i];
                normA2 += (double) x[i] * x[i];
                normB2 += (double) y[i] * y[i];
            }
            count += x.length;
        }
        return of(count, diff2, dot, normA2, normB2);
    }

    static ParameterDistance of(long count, double diff2, double dot, double normA2, double normB2) {
        if (count == 0) {
            throw new IllegalArgumentException("no parameters to compare");
        }
        double l2 = Math.sqrt(diff2);
        double denominator = Math.sqrt(normA2) * Math.sqrt(normB2);
        double cosine = denominator == 0 ? Double.NaN : dot / denominator;
        return new ParameterDistance(count, l2, l2 / Math.sqrt(count), cosine);
    }
}
