package org.modeconn.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.path.ParameterFilter;
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
        Weights blobWeights = new Weights(own);
        try {
            blobWeights.load(blob, ParameterFilter.all());
            if (headFrom != null && !blobWeights.has(Classifier.HEAD_PREFIX + "weight")) {
                blobWeights.load(headFrom, new ParameterFilter("the head", name -> name.startsWith(Classifier.HEAD_PREFIX)));
            }
            for (String head : new String[]{"weight", "bias"}) {
                if (!blobWeights.has(Classifier.HEAD_PREFIX + head)) {
                    throw new IOException(blob.getFileName() + " has no classifier head ('" + Classifier.HEAD_PREFIX + head
                            + "'): not a task checkpoint");
                }
            }
        } catch (IOException | RuntimeException e) {
            own.close();
            throw e;
        }
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        for (String n : base.weights().names()) {
            arrays.put(n, base.weights().get(n));
        }
        for (String n : blobWeights.names()) {
            arrays.put(n, blobWeights.get(n)); // the blob's tensors replace the base's (all of them for full fine-tuning)
        }
        Weights weights = Weights.view(own, arrays);
        Classifier classifier = new Classifier(new Encoder(base.config().withDropout(config.dropout()).withLabels(classes),
                DeltaModules.deltaConfig(config.method())));
        return new PointModel(classifier, weights, classes, Set.copyOf(blobWeights.names()), own);
    }

    @Override
    public void close() {
        memory.close();
    }
}
