package org.modeconn.core.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParameterDistanceTest {
    @TempDir
    Path dir;

    private Path write(String name, float[] w, float[] bias) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
             SafetensorsWriter writer = SafetensorsWriter.open(out,
                     List.of(TensorInfo.of("w", DType.F32, 2, 2), TensorInfo.of("head.bias", DType.F32, 1)), null)) {
            writer.writeFloats("w", w);
            writer.writeFloats("head.bias", bias);
        }
        return file;
    }

    @Test
    void distancesByHand() throws IOException {
        // θ_A = (1, 2, 2, 0 | 5), θ_B = (1, 0, 2, 2 | 5)
        Path a = write("a.safetensors", new float[]{1, 2, 2, 0}, new float[]{5});
        Path b = write("b.safetensors", new float[]{1, 0, 2, 2}, new float[]{5});
        try (SafetensorsReader ra = SafetensorsReader.open(a); SafetensorsReader rb = SafetensorsReader.open(b)) {
            ParameterDistance all = ParameterDistance.between(ra, rb, ParameterFilter.all());
            // difference (0, 2, 0, −2, 0): L2 = √8; RMS = √8/√5; ⟨A,B⟩ = 1 + 4 + 25 = 30; ‖A‖² = ‖B‖² = 34
            assertEquals(5, all.parameters());
            assertEquals(Math.sqrt(8), all.l2(), 1e-12);
            assertEquals(Math.sqrt(8) / Math.sqrt(5), all.rms(), 1e-12);
            assertEquals(30.0 / 34.0, all.cosine(), 1e-12);

            ParameterDistance body = ParameterDistance.between(ra, rb, ParameterFilter.only(Set.of("w")));
            // without the head: ⟨A,B⟩ = 5, ‖A‖² = ‖B‖² = 9
            assertEquals(4, body.parameters());
            assertEquals(Math.sqrt(8) / 2, body.rms(), 1e-12);
            assertEquals(5.0 / 9.0, body.cosine(), 1e-12);
        }
    }
}
