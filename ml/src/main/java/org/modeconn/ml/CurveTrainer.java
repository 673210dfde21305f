package org.modeconn.ml;

import org.modeconn.core.data.Example;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.path.SharedParameters;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.PathSpec;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.data.Subsets;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.train.CurveFitter;
import org.modeconn.ml.train.TrainingListener;
import org.modeconn.ml.train.TrainingState;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fits the bends of a curved path between two trained endpoints (the job behind a Bezier or
 * polygonal-chain path). Training data is the start endpoint's training set; a held-out slice of it
 * (a tenth, at most 256 examples, drawn with the fit seed) validates the bends at fixed t, so the
 * evaluation splits of the path never choose the bends.
 */
public final class CurveTrainer {
    static final int MAX_VALIDATION = 256;

    private CurveTrainer() {
    }

    /**
     * @param base  the endpoints' base model
     * @param c     the start endpoint's configuration (task, method, max length)
     * @param start the start endpoint's checkpoint, {@code end} the end's
     * @param state where the fit keeps its state every few steps and resumes from ({@code TrainingState.Store.NONE}: nowhere)
     * @return the fitted bends: for each, the interpolated tensors with their shapes (the names both checkpoints hold)
     */
    public static CurveFitter.Result fit(Pretrained base, TrainingConfig c, Map<String, DatasetSpec> datasets,
                                         EndpointTrainer.DataResolver data, Path start, Path end, Curve curve,
                                         PathSpec.FitSpec fit, TrainingListener listener, TrainingState.Store state)
            throws IOException {
        DatasetSpec d = EndpointTrainer.task(c, datasets);
        long seed = fit.seed() == null ? 0 : fit.seed();
        List<Example> examples = Subsets.shuffled(EndpointTrainer.trainExamples(c, d, data), seed);
        int held = Math.min(MAX_VALIDATION, Math.max(1, examples.size() / 10));
        if (examples.size() - held < 1) {
            throw new IllegalArgumentException("the training split of '" + c.task() + "' has too few examples to fit a curve");
        }
        try (TextTokenizer tokenizer = base.tokenizer(c.maxLength());
             PointModel a = PointModel.load(base, c, d.classes(), start);
             PointModel b = PointModel.load(base, c, d.classes(), end)) {
            Map<String, Set<String>> names = new LinkedHashMap<>();
            names.put("the start endpoint " + start.getFileName(), a.blobNames());
            names.put("the end endpoint " + end.getFileName(), b.blobNames());
            SharedParameters.requireSameNames(names);
            long pad = base.config().padTokenId();
            TokenizedSet validation = TokenizedSet.of(examples.subList(0, held), tokenizer, pad);
            TokenizedSet train = TokenizedSet.of(examples.subList(held, examples.size()), tokenizer, pad);
            CurveFitter.Settings s = new CurveFitter.Settings(fit.steps(), fit.learningRate(), fit.batchSize(),
                    fit.samplesPerStep() == null ? 1 : fit.samplesPerStep(),
                    fit.validateAt() == null ? List.of(0.25, 0.5, 0.75) : fit.validateAt(),
                    Math.max(1, fit.steps() / 5), seed);
            return CurveFitter.fit(a.classifier(), a.weights(), b.weights(), curve, ParameterFilter.only(a.blobNames()),
                    train, validation, d.classes(), s, listener, state);
        }
    }

    /** Writes one fitted bend ({@link CurveFitter.Result#bends()}) as a safetensors blob (F32). */
    public static void saveBend(Map<String, CurveFitter.Tensor> bend, Path file, Map<String, String> metadata)
            throws IOException {
        List<TensorInfo> layout = new ArrayList<>();
        bend.forEach((name, tensor) -> layout.add(TensorInfo.of(name, DType.F32, tensor.shape())));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             SafetensorsWriter w = SafetensorsWriter.open(out, layout, metadata)) {
            for (TensorInfo t : layout) {
                w.writeFloats(t.name(), bend.get(t.name()).values());
            }
        }
    }
}
