package org.modeconn.core.pipeline;

import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.path.PathBlender;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Point {@code i} of a path, as a safetensors file or tensor by tensor: θ(t_i) = Σ_j c_j(t_i)·θ_j over the path's control points
 * in {@link TrainingJobs#controlPoints} order (endpoint, bends, endpoint), with the coefficients of the
 * path's curve ({@link Curve}: Garipov et al. 2018's Bezier or polygonal chain, or the line) and only the
 * parameters the path interpolates ({@link TrainingJobs#interpolated}). The one rule by which the
 * interpolator, an evaluator that blends points itself, and the benchmark's in-process reference make a
 * point, so that all three score the same bytes.
 */
public final class PathPoints {
    private PathPoints() {
    }

    /**
     * Writes point {@code index} of {@code path} to {@code file} (replaced if present), with the point's
     * path id, index, t and interpolated parameters in the file's metadata.
     *
     * @param controlPoints the path's control points, open, in {@link TrainingJobs#controlPoints} order
     * @throws IllegalArgumentException when the count of control points does not match the path's curve or the index is off its grid
     * @throws IOException when a control point cannot be read or the file cannot be written
     */
    public static void write(StudyPlan plan, StudyPlan.Path path, int index, List<SafetensorsReader> controlPoints, Path file)
            throws IOException {
        double t = check(path, index, controlPoints);
        ParameterFilter filter = TrainingJobs.interpolated(plan, path);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("modeconn.path", path.id());
        metadata.put("modeconn.index", String.valueOf(index));
        metadata.put("modeconn.t", String.valueOf(t));
        metadata.put("modeconn.interpolated", filter.description());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            PathBlender.blend(controlPoints, Curve.of(path.curve(), path.bends()).coefficients(t), filter, metadata, out);
        }
    }

    /**
     * Hands point {@code index} of {@code path} to {@code sink} tensor by tensor (the same floats, names and order
     * {@link #write} puts in a file), for an evaluator that loads the point into its engine without a file.
     *
     * @param controlPoints the path's control points, open, in {@link TrainingJobs#controlPoints} order
     * @throws IllegalArgumentException when the count of control points does not match the path's curve or the index is off its grid
     * @throws IOException when a control point cannot be read, or the sink fails
     */
    public static void blend(StudyPlan plan, StudyPlan.Path path, int index, List<SafetensorsReader> controlPoints,
                             PathBlender.TensorSink sink) throws IOException {
        double t = check(path, index, controlPoints);
        PathBlender.blend(controlPoints, Curve.of(path.curve(), path.bends()).coefficients(t),
                TrainingJobs.interpolated(plan, path), sink);
    }

    /** The point's t, once the index and the count of control points are checked against the path. */
    private static double check(StudyPlan.Path path, int index, List<SafetensorsReader> controlPoints) {
        if (index < 0 || index >= path.grid().size()) {
            throw new IllegalArgumentException("path " + path.name() + " has no point " + index + " (" + path.grid().size() + " points)");
        }
        int expected = TrainingJobs.controlPoints(path).size();
        if (controlPoints.size() != expected) {
            throw new IllegalArgumentException("path " + path.name() + " has " + expected + " control points, not "
                    + controlPoints.size());
        }
        return path.grid().get(index);
    }

    /**
     * Opens the control points at {@code files} (in {@link TrainingJobs#controlPoints} order); on failure
     * the ones already open are closed.
     */
    public static List<SafetensorsReader> open(List<Path> files) throws IOException {
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                readers.add(SafetensorsReader.open(f));
            }
            return readers;
        } catch (IOException | RuntimeException e) {
            close(readers);
            throw e;
        }
    }

    /** Closes every reader, also when one fails to close (the first failure is thrown after all were tried). */
    public static void close(List<SafetensorsReader> readers) throws IOException {
        IOException first = null;
        for (SafetensorsReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
