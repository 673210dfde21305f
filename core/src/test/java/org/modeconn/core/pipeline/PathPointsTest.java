package org.modeconn.core.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A path's point as the interpolator, an evaluator and the bench make it: the curve's coefficients over the control points. */
class PathPointsTest {
    @TempDir
    Path dir;

    private static StudyPlan plan() {
        StudyPlanner.Result r = StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: d.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 4, steps: 2, maxLength: 16}
                endpoints: {a: {seeds: {init: 1}}, b: {seeds: {init: 2}}}
                paths:
                  line: {from: a, to: b, grid: {points: 5}, eval: [d/dev]}
                  curve: {from: a, to: b, curve: {kind: bezier, bends: 1}, grid: {points: 5}, eval: [d/dev],
                          fit: {steps: 2, learningRate: 1.0e-3, batchSize: 4}}
                """));
        assertTrue(r.ok(), () -> r.problems().toString());
        return r.plan();
    }

    private Path control(String name, float value) throws IOException {
        Path file = dir.resolve(name + ".safetensors");
        List<TensorInfo> layout = List.of(TensorInfo.of("encoder.weight", DType.F32, 2, 2), TensorInfo.of("classifier.bias", DType.F32, 2));
        try (OutputStream out = Files.newOutputStream(file); SafetensorsWriter w = SafetensorsWriter.open(out, layout, null)) {
            w.writeFloats("encoder.weight", new float[]{value, value, value, value});
            w.writeFloats("classifier.bias", new float[]{value, -value});
        }
        return file;
    }

    private float[] point(StudyPlan plan, StudyPlan.Path p, int index, List<Path> controls) throws IOException {
        Path file = dir.resolve(p.name() + "-" + index + ".safetensors");
        Map<String, float[]> handed = new LinkedHashMap<>();
        List<SafetensorsReader> readers = PathPoints.open(controls);
        try {
            PathPoints.write(plan, p, index, readers, file);
            PathPoints.blend(plan, p, index, readers, (t, values) -> {
                assertEquals(t.elementCount(), values.length);
                handed.put(t.name(), values);
            });
        } finally {
            PathPoints.close(readers);
        }
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            assertEquals(p.id(), r.metadata().get("modeconn.path"));
            assertEquals(String.valueOf(index), r.metadata().get("modeconn.index"));
            assertEquals(String.valueOf(p.grid().get(index)), r.metadata().get("modeconn.t"));
            // Blended without a file (an evaluator loading the point straight into its engine): the same tensors,
            // in the same order, bit for bit.
            assertEquals(List.copyOf(r.tensors().keySet()), List.copyOf(handed.keySet()));
            for (String name : handed.keySet()) {
                assertArrayEquals(r.floats(name), handed.get(name), name);
            }
            return r.floats("encoder.weight");
        }
    }

    @Test
    void aLinePointIsTheConvexCombinationAndABezierPointWeighsTheBendByTheBernsteinPolynomial() throws IOException {
        StudyPlan plan = plan();
        StudyPlan.Path line = plan.paths().get(0);
        StudyPlan.Path curve = plan.paths().get(1);
        Path a = control("a", 1f);
        Path bend = control("bend", 10f);
        Path b = control("b", 3f);
        // t = 0.25: (1 - t)·1 + t·3 = 1.5
        assertEquals(1.5f, point(plan, line, 1, List.of(a, b))[0], 1e-6f);
        // t = 0.25: (1 - t)²·1 + 2t(1 - t)·10 + t²·3 = 0.5625 + 3.75 + 0.1875 = 4.5
        assertEquals(4.5f, point(plan, curve, 1, List.of(a, bend, b))[0], 1e-6f);
        // The endpoints themselves at t = 0 and t = 1.
        assertEquals(1f, point(plan, curve, 0, List.of(a, bend, b))[0], 0f);
        assertEquals(3f, point(plan, curve, 4, List.of(a, bend, b))[0], 0f);
    }

    @Test
    void aWrongCountOfControlPointsOrAnIndexOffTheGridIsRefused() throws IOException {
        StudyPlan plan = plan();
        StudyPlan.Path curve = plan.paths().get(1);
        List<Path> two = List.of(control("a", 1f), control("b", 3f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> point(plan, curve, 1, two));
        assertEquals("path curve has 3 control points, not 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> point(plan, plan.paths().get(0), 5, two));
        assertEquals("path line has no point 5 (5 points)", e.getMessage());
    }
}
