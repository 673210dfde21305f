package org.modeconn.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.DeltaModules;
import org.modeconn.ml.model.Encoder;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A classifier at one point of parameter space: the base model's weights overlaid with the tensors of
 * a blob (an endpoint, a bend or a path point). For full fine-tuning the blob holds every weight; for
 * delta tuning only the deltas and the head, and the base model's arrays are shared, never copied, so
 * one loaded base serves any number of points. Close it to free the blob's tensors (not the base).
 */
public final class PointModel implements AutoCloseable {
    private final Classifier classifier;
    private final Weights weights;
    private final int classes;
    private final Set<String> blobNames;
    private final NDManager memory;

    private PointModel(Classifier classifier, Weights weights, int classes, Set<String> blobNames, NDManager memory) {
        this.classifier = classifier;
        this.weights = weights;
        this.classes = classes;
        this.blobNames = blobNames;
        this.memory = memory;
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
        NDManager own = base.weights().manager().newSubManager();
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String n : base.weights().names()) {
            arrays.put(n, base.weights().get(n));
        }
        Map<String, NDArray> loaded = new LinkedHashMap<>();
        try {
            read(blob, own, loaded, name -> true);
            if (headFrom != null && !loaded.containsKey("classifier.weight")) {
                read(headFrom, own, loaded, name -> name.startsWith(Classifier.HEAD_PREFIX));
            }
        } catch (IOException | RuntimeException e) {
            own.close();
            throw e;
        }
        for (String head : new String[]{"classifier.weight", "classifier.bias"}) {
            if (!loaded.containsKey(head)) {
                own.close();
                throw new IOException(blob.getFileName() + " has no classifier head ('" + head + "'): not a task checkpoint");
            }
        }
        arrays.putAll(loaded);
        Weights weights = Weights.view(own, arrays);
        Classifier classifier = new Classifier(new Encoder(base.config().withDropout(config.dropout()).withLabels(classes),
                DeltaModules.deltaConfig(config.method())));
        return new PointModel(classifier, weights, classes, Set.copyOf(loaded.keySet()), own);
    }

    private static void read(Path file, NDManager manager, Map<String, NDArray> into,
                             java.util.function.Predicate<String> names) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            for (TensorInfo t : r.tensors().values()) {
                if (t.dtype().isFloat() && names.test(t.name())) {
                    NDArray a = manager.create(r.floats(t.name()), new ai.djl.ndarray.types.Shape(t.shape()));
                    a.setName(t.name());
                    into.put(t.name(), a);
                }
            }
        }
    }

    @Override
    public void close() {
        memory.close();
    }
}
