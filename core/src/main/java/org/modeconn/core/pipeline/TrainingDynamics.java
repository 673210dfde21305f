package org.modeconn.core.pipeline;

import org.modeconn.core.metrics.DataMap;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An endpoint's training dynamics on one split (the spec's {@code dynamics}): at each recorded step, every
 * example's gold-label probability and whether the model in training classified it right, in the split's order.
 * Stored beside the checkpoint as safetensors, so PyTorch users can open it: {@code gold_probability} F32 [k, n],
 * {@code correct} U8 [k, n]; metadata {@code split} and {@code steps} (comma-separated).
 *
 * @param split           "dataset/split" the dynamics were recorded on
 * @param steps           [k] the optimizer steps after which they were recorded, rising
 * @param goldProbability [k][n]
 * @param correct         [k][n]
 */
public record TrainingDynamics(String split, int[] steps, float[][] goldProbability, boolean[][] correct) {

    public TrainingDynamics {
        if (steps.length != goldProbability.length || steps.length != correct.length) {
            throw new IllegalArgumentException(steps.length + " steps, " + goldProbability.length + " rows of probabilities, "
                    + correct.length + " rows of flags");
        }
    }

    /** Confidence, variability and correctness per example ({@link DataMap}). */
    public DataMap dataMap() {
        return DataMap.of(goldProbability, correct);
    }

    /** The number of examples n (0 with no recording). */
    public int size() {
        return goldProbability.length == 0 ? 0 : goldProbability[0].length;
    }

    /** Writes the safetensors file described above. */
    public void write(Path file) throws IOException {
        int k = steps.length;
        int n = size();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("split", split);
        metadata.put("steps", Arrays.stream(steps).mapToObj(String::valueOf).collect(Collectors.joining(",")));
        float[] gold = new float[k * n];
        ByteBuffer flags = ByteBuffer.allocate(k * n);
        for (int j = 0; j < k; j++) {
            System.arraycopy(goldProbability[j], 0, gold, j * n, n);
            for (int i = 0; i < n; i++) {
                flags.put((byte) (correct[j][i] ? 1 : 0));
            }
        }
        flags.flip();
        try (OutputStream out = Files.newOutputStream(file);
             SafetensorsWriter w = SafetensorsWriter.open(out, List.of(TensorInfo.of("gold_probability", DType.F32, k, n),
                     TensorInfo.of("correct", DType.U8, k, n)), metadata)) {
            w.writeFloats("gold_probability", gold);
            w.writeTensor("correct", flags);
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IOException if it cannot be read, or its shapes and metadata disagree
     */
    public static TrainingDynamics read(Path file) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            Map<String, String> m = r.metadata();
            long[] shape = r.info("gold_probability").shape();
            if (shape.length != 2 || !Arrays.equals(shape, r.info("correct").shape())) {
                throw new IOException(file + ": gold_probability " + Arrays.toString(shape) + " and correct "
                        + Arrays.toString(r.info("correct").shape()) + " must both be [k, n]");
            }
            int k = Math.toIntExact(shape[0]);
            int n = Math.toIntExact(shape[1]);
            String written = m.getOrDefault("steps", "");
            int[] steps = written.isEmpty() ? new int[0] : Arrays.stream(written.split(",")).mapToInt(Integer::parseInt).toArray();
            if (steps.length != k) {
                throw new IOException(file + ": " + steps.length + " steps in the metadata for " + k + " rows");
            }
            float[] gold = r.floats("gold_probability");
            ByteBuffer flags = r.data("correct");
            float[][] p = new float[k][];
            boolean[][] c = new boolean[k][n];
            for (int j = 0; j < k; j++) {
                p[j] = Arrays.copyOfRange(gold, j * n, (j + 1) * n);
                for (int i = 0; i < n; i++) {
                    c[j][i] = flags.get(j * n + i) != 0;
                }
            }
            return new TrainingDynamics(m.get("split"), steps, p, c);
        }
    }
}
