package org.modeconn.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.pipeline.PathPoints;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaModules;
import org.modeconn.ml.model.Encoder;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A classifier at one point of parameter space: the base model's weights overlaid with the tensors of
 * a blob (an endpoint, a bend or a path point). For full fine-tuning the blob holds every weight; for
 * delta tuning only the deltas and the head, and the base model's arrays are shared, never copied, so
 * one loaded base serves any number of points. Close it to free the blob's tensors (not the base; not a point
 * handed in with {@link #of}, which its caller closes).
 */
public final class PointModel implements AutoCloseable {
    private final Classifier classifier;
    private final Weights weights;
    private final int classes;
    private final Set<String> blobNames;
    private final NDManager memory;
    private final Weights ownedPoint;

    private PointModel(Classifier classifier, Weights weights, int classes, Set<String> blobNames, NDManager memory,
                       Weights ownedPoint) {
        this.classifier = classifier;
        this.weights = weights;
        this.classes = classes;
        this.blobNames = blobNames;
        this.memory = memory;
        this.ownedPoint = ownedPoint;
    }

    public Classifier classifier() {
        return classifier;
    }

    /** Every weight the classifier reads: the base's, overridden by the blob's. */
    public Weights weights() {
        return weights;
    }

    public int classes() {
        return classes;
    }

    /** The names the blob held: what a path between such blobs interpolates. */
    public Set<String> blobNames() {
        return blobNames;
    }

    /**
     * @param base    the loaded base model (kept open by the caller)
     * @param config  the endpoint configuration: its method decides which modules the encoder runs
     * @param classes number of classes of the task
     * @param blob    safetensors file with Hugging Face parameter names
     */
    public static PointModel load(Pretrained base, TrainingConfig config, int classes, Path blob) throws IOException {
        return load(base, config, classes, blob, null);
    }

    /**
     * As {@link #load(Pretrained, TrainingConfig, int, Path)}, taking the classification head from
     * {@code headFrom} (an endpoint checkpoint) when the blob has none: a point of a path between
     * endpoints of different tasks carries no head.
     */
    public static PointModel load(Pretrained base, TrainingConfig config, int classes, Path blob, Path headFrom)
            throws IOException {
        Weights point = Weights.read(base.weights().manager(), blob);
        try {
            return create(base, config, classes, point, headFrom, blob.getFileName().toString(), true);
        } catch (IOException | RuntimeException e) {
            point.close();
            throw e;
        }
    }

    /**
     * The classifier at a point whose parameters are in memory already ({@link #blend}, or a blob read once and
     * scored on several splits). {@code point} is shared, not copied, and stays the caller's to close, after this
     * model.
     *
     * @param point    the point's tensors by Hugging Face name
     * @param headFrom as in {@link #load(Pretrained, TrainingConfig, int, Path, Path)}; {@code null} when the point has its head
     * @throws IOException when {@code headFrom} cannot be read, or there is no head at all
     */
    public static PointModel of(Pretrained base, TrainingConfig config, int classes, Weights point, Path headFrom)
            throws IOException {
        return of(base, config, classes, point, headFrom, "the point");
    }

    /** As {@link #of(Pretrained, TrainingConfig, int, Weights, Path)}, naming the point in errors ({@code label}, e.g. its file). */
    public static PointModel of(Pretrained base, TrainingConfig config, int classes, Weights point, Path headFrom, String label)
            throws IOException {
        return create(base, config, classes, point, headFrom, label, false);
    }

    /**
     * Point {@code index} of {@code path} blended from its control points straight into the engine's arrays: the
     * same floats, names and order as the file {@link PathPoints#write} makes (bit for bit, tested), without writing
     * it and reading it back.
     *
     * @param parent        the manager the point's arrays are made under (the base model's device)
     * @param controlPoints the path's control points, open, in {@link TrainingJobs#controlPoints} order
     * @return the point's tensors; the caller closes them
     * @throws IOException when a control point cannot be read
     */
    public static Weights blend(NDManager parent, StudyPlan plan, StudyPlan.Path path, int index,
                                List<SafetensorsReader> controlPoints) throws IOException {
        Weights point = new Weights(parent);
        try {
            PathPoints.blend(plan, path, index, controlPoints, (t, values) -> point.put(t.name(), values, t.shape()));
            return point;
        } catch (IOException | RuntimeException e) {
            point.close();
            throw e;
        }
    }

    private static PointModel create(Pretrained base, TrainingConfig config, int classes, Weights point, Path headFrom,
                                     String label, boolean ownsPoint) throws IOException {
        NDManager own = base.weights().manager().newSubManager();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String n : base.weights().names()) {
            arrays.put(n, base.weights().get(n));
        }
        for (String n : point.names()) {
            arrays.put(n, point.get(n)); // the point's tensors replace the base's (all of them for full fine-tuning)
        }
        try {
            Weights head = point;
            if (headFrom != null && !point.has(Classifier.HEAD_PREFIX + "weight")) {
                head = new Weights(own);
                head.load(headFrom, new ParameterFilter("the head", name -> name.startsWith(Classifier.HEAD_PREFIX)));
                for (String n : head.names()) {
                    arrays.put(n, head.get(n));
                }
            }
            for (String name : new String[]{"weight", "bias"}) { // the point's or headFrom's, never the base model's
                if (!head.has(Classifier.HEAD_PREFIX + name)) {
                    throw new IOException(label + " has no classifier head ('" + Classifier.HEAD_PREFIX + name
                            + "'): not a task checkpoint");
                }
            }
        } catch (IOException | RuntimeException e) {
            own.close();
            throw e;
        }
        Weights weights = Weights.view(own, arrays);
        Classifier classifier = new Classifier(new Encoder(base.config().withDropout(config.dropout()).withLabels(classes),
                DeltaModules.deltaConfig(config.method())));
        return new PointModel(classifier, weights, classes, Set.copyOf(point.names()), own, ownsPoint ? point : null);
    }

    @Override
    public void close() {
        memory.close();
        if (ownedPoint != null) {
            ownedPoint.close();
        }
    }
}
