package org.modeconn.core.pipeline;

import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One path point scored on one dataset, example by example: the blob behind {@code PointEvaluated}.
 * Stored as safetensors (so PyTorch users can open it): {@code correct} U8 [n] and
 * {@code gold_probability} F32 [n] in dataset order, and the summary in the metadata, so that a rerun
 * can announce the evaluation again from the blob alone.
 */
public record ExampleScores(String dataset, int n, double loss, double accuracy, double macroF1, boolean[] correct,
                            float[] goldProbability) {

    public ExampleScores {
        if (correct.length != n || goldProbability.length != n) {
            throw new IllegalArgumentException("n = " + n + " but " + correct.length + " correctness flags and "
                    + goldProbability.length + " probabilities");
        }
    }

    public byte[] toSafetensors() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("dataset", dataset);
        metadata.put("n", String.valueOf(n));
        metadata.put("loss", String.valueOf(loss));
        metadata.put("accuracy", String.valueOf(accuracy));
        metadata.put("macroF1", String.valueOf(macroF1));
        ByteBuffer flags = ByteBuffer.allocate(n);
        for (boolean c : correct) {
            flags.put((byte) (c ? 1 : 0));
        }
        flags.flip();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 5 * n);
        try (SafetensorsWriter w = SafetensorsWriter.open(out, List.of(TensorInfo.of("correct", DType.U8, n),
                TensorInfo.of("gold_probability", DType.F32, n)), metadata)) {
            w.writeTensor("correct", flags);
            w.writeFloats("gold_probability", goldProbability);
        }
        return out.toByteArray();
    }

    public static ExampleScores read(Path file) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            Map<String, String> m = r.metadata();
            int n = Integer.parseInt(m.get("n"));
            ByteBuffer flags = r.data("correct");
            boolean[] correct = new boolean[n];
            for (int i = 0; i < n; i++) {
                correct[i] = flags.get(i) != 0;
            }
            float[] gold = r.floats("gold_probability");
            return new ExampleScores(m.get("dataset"), n, Double.parseDouble(m.get("loss")),
                    Double.parseDouble(m.get("accuracy")), Double.parseDouble(m.get("macroF1")), correct, gold);
        }
    }
}
