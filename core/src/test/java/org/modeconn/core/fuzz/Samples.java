package org.modeconn.core.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.DeadLetter;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.events.StudyRequested;
import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.events.TrainingJob;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.store.BlobRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The valid samples the fuzz targets start from, small and synthetic. {@link SeedCorpus} writes them as the
 * seed corpus of each target (the files under {@code src/test/resources/org/modeconn/core/fuzz/*Inputs/}).
 */
final class Samples {
    private Samples() {
    }

    private static final BlobRef BLOB = BlobRef.of("modeconn", "studies/s/paths/p/points/1.safetensors", "a".repeat(64), 10);

    /** Events by seed file name: one of each kind the services consume most, and a dead letter. */
    static Map<String, Event> events() {
        Map<String, Event> events = new LinkedHashMap<>();
        events.put("path-point-ready.json", new PathPointReady(Event.SCHEMA, "study-1", "path-1", 1, 0.5, BLOB));
        events.put("checkpoint-ready.json", new CheckpointReady(Event.SCHEMA, "study-1", "ep-1", CheckpointReady.Kind.ENDPOINT,
                BLOB, Map.of("finalLoss", 0.3)));
        events.put("point-evaluated.json", new PointEvaluated(Event.SCHEMA, "study-1", "path-1", 1, 0.5, "d/dev", 10, 0.4, 0.8,
                0.7, BLOB));
        events.put("study-status.json", new StudyStatus(Event.SCHEMA, "study-1", StudyStatus.State.PROGRESS, "points", 1, 3,
                null, null));
        events.put("training-job.json", new TrainingJob(Event.SCHEMA, "study-1", "job-1", TrainingJob.Kind.CURVE, "curve",
                List.of("ep-a", "ep-b"), List.of("path-1-bend1")));
        try {
            events.put("study-requested.json", new StudyRequested(Event.SCHEMA, "study-0123456789abcdef",
                    new ObjectMapper().readTree("{\"name\": \"fuzzed\", \"baseModel\": \"builtin:all-MiniLM-L6-v2\"}")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.put("dead-letter.json", new DeadLetter(Event.SCHEMA, "trainer", "modeconn.studies", 0, 42, "k", "{oops",
                "not JSON"));
        return events;
    }

    /** A study spec with every kind of entry: datasets, defaults, endpoints, a sweep, a line and a fitted curve. */
    static final String SPEC = """
            name: fuzzed
            baseModel: builtin:all-MiniLM-L6-v2
            datasets:
              d: {format: tsv, text: [s], label: l, labelMap: {neg: 0, pos: 1}, splits: {train: t.tsv, dev: v.tsv}}
            defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2, maxLength: 32, seeds: {init: 1, data: 1, dropout: 1}}
            endpoints:
              a: {method: {kind: adapter, bottleneck: 8, initStd: 0.02}}
              b: {method: {kind: adapter, bottleneck: 8, initStd: 0.08}}
            sweeps:
              lr: {base: {method: {kind: lora, rank: 4}}, vary: {learningRate: [1.0e-4, 2.0e-4]}, pairing: adjacent,
                   path: {grid: {points: 3}, eval: [d/dev]}}
            paths:
              line: {from: a, to: b, grid: {t: [0, 0.5, 1]}, eval: [d/dev]}
              curve: {from: a, to: b, curve: {kind: bezier, bends: 1}, grid: {points: 3}, eval: [d/dev],
                      fit: {steps: 1, learningRate: 1.0e-4, batchSize: 8, validateAt: [0.5]}}
            """;

    /** A small study spec in block style: two seeds of a full fine-tune on a JSONL dataset, joined by a line. */
    static final String MINIMAL_SPEC = """
            name: two-seeds
            baseModel: builtin:all-MiniLM-L6-v2
            datasets:
              d:
                format: jsonl
                text: [premise, hypothesis]
                label: label
                numLabels: 3
                splits:
                  train: train.jsonl
                  dev: dev.jsonl
            defaults:
              task: d
              learningRate: 2.0e-5
              batchSize: 16
              steps: 10
              maxLength: 64
            endpoints:
              s1:
                seeds: {init: 1, data: 1, dropout: 1}
              s2:
                seeds: {init: 2, data: 2, dropout: 2}
            paths:
              line:
                from: s1
                to: s2
                grid: {points: 5}
                eval: [d/dev]
            """;

    /** Dataset files by seed file name, each behind a first line that names its format (see DatasetFuzzTest). */
    static Map<String, String> datasets() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tsv.txt", "tsv\ns\tl\na fine film .\tpos\na dull one .\tneg\n");
        files.put("csv.txt", "csv\ns,l\n\"a fine, warm film .\",pos\na dull one .,neg\n");
        files.put("csv-quoted-newline.txt", "csv\ns,l\n\"two lines,\nstill one row\",pos\n\"she said \"\"no\"\"\",neg\n");
        files.put("jsonl.txt", "jsonl\n{\"s\": \"a fine film .\", \"l\": \"pos\"}\n{\"s\": \"a dull one .\", \"l\": \"neg\"}\n");
        return files;
    }

    /** Safetensors files by seed file name (metadata in a fixed order, so that the files are the same each time). */
    static Map<String, byte[]> safetensors() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("four-dtypes.safetensors", safetensors(List.of(TensorInfo.of("encoder.weight", DType.F32, 2, 3),
                TensorInfo.of("encoder.ids", DType.I64, 2), TensorInfo.of("empty", DType.F16, 0, 4),
                TensorInfo.of("head.bias", DType.BF16, 3)), Map.of("format", "pt")));
        files.put("one-f64.safetensors", safetensors(List.of(TensorInfo.of("w", DType.F64, 2)), Map.of()));
        files.put("metadata-only.safetensors", safetensors(List.of(), new TreeMap<>(Map.of("format", "pt", "note", "no tensors"))));
        return files;
    }

    private static byte[] safetensors(List<TensorInfo> layout, Map<String, String> metadata) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SafetensorsWriter w = SafetensorsWriter.open(out, layout, metadata)) {
                float next = 1;
                for (TensorInfo t : layout) {
                    if (t.dtype() == DType.F32) {
                        float[] values = new float[(int) t.elementCount()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = next++;
                        }
                        w.writeFloats(t.name(), values);
                    } else {
                        ByteBuffer data = ByteBuffer.allocate((int) t.byteLength());
                        for (int i = 0; i < data.capacity(); i++) {
                            data.put(i, (byte) (7 * i + 1));
                        }
                        w.writeTensor(t.name(), data);
                    }
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
