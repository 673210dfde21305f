package org.modeconn.ml.eval;

import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.pipeline.ScoringTask;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.EndpointTrainer;
import org.modeconn.ml.PointModel;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Scores path points one {@link ScoringTask} at a time, as the evaluator service does and as the
 * benchmark's in-process reference repeats (docs/performance.md): one base model stays loaded while points
 * of that base arrive (a point of another base closes it and loads the new one), each evaluation split is
 * read and tokenized once per base and max length, and each point is laid over the base
 * ({@link PointModel}: read from its file, or handed in already blended, once for all its splits) and scored by
 * {@link Evaluator} in length-sorted batches.
 *
 * <p>Not thread-safe: one caller at a time (the evaluator scores one point after the other).
 */
public final class PointScoring implements AutoCloseable {
    /** Loads a base model by its reference (for a service: after fetching it from the store). */
    @FunctionalInterface
    public interface BaseLoader {
        Pretrained load(ModelRef ref) throws IOException;
    }

    private final BaseLoader loader;
    private final EndpointTrainer.DataResolver data;
    private final int batchSize;
    private ModelRef baseRef;
    private Pretrained base;
    /** Tokenized evaluation sets of the loaded base, by max length, location and rows. */
    private final Map<String, TokenizedSet> sets = new HashMap<>();

    /**
     * @param loader    loads a base model; what it returns is closed here when another base replaces it or on {@link #close()}
     * @param data      where a split's location is on this machine
     * @param batchSize sequences per evaluation batch
     */
    public PointScoring(BaseLoader loader, EndpointTrainer.DataResolver data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        this.loader = loader;
        this.data = data;
        this.batchSize = batchSize;
    }

    /**
     * Scores one point, read from a file, on one task's split.
     *
     * @param base  the point's base model, resolved (a pre-training checkpoint named as a model, not the
     *              run); loaded unless it is the one loaded already
     * @param task  what to score: its split, its endpoint settings (method, max length) and class count
     * @param point the point's parameters, a safetensors file with Hugging Face names
     * @param head  an endpoint checkpoint to take the classification head from when the point has none
     *              (a path between endpoints of different tasks); {@code null} otherwise
     * @return per-example scores in dataset order, with their mean loss, accuracy and macro-F1
     * @throws IOException when the base, the split or the point cannot be read
     */
    public EvalResult score(ModelRef base, ScoringTask task, Path point, Path head) throws IOException {
        try (Weights parameters = Weights.read(base(base).weights().manager(), point)) {
            return score(base, task, parameters, head, point.getFileName().toString());
        }
    }

    /**
     * As {@link #score(ModelRef, ScoringTask, Path, Path)}, for a point whose parameters are in memory already
     * (blended by {@link PointModel#blend}, or read once for all the splits it is scored on); the point stays open.
     */
    public EvalResult score(ModelRef base, ScoringTask task, Weights point, Path head) throws IOException {
        return score(base, task, point, head, "the point");
    }

    private EvalResult score(ModelRef base, ScoringTask task, Weights point, Path head, String label) throws IOException {
        Pretrained model = base(base);
        TrainingConfig c = task.settings().config();
        TokenizedSet set = tokenized(model, c.maxLength(), task.dataset(), task.location(), task.target().split());
        try (PointModel m = PointModel.of(model, c, task.classes(), point, head, label)) {
            return Evaluator.evaluate(m.classifier(), m.weights(), set, batchSize, task.classes());
        }
    }

    private Pretrained base(ModelRef ref) throws IOException {
        if (!ref.equals(baseRef)) {
            close();
            base = loader.load(ref);
            baseRef = ref;
        }
        return base;
    }

    private TokenizedSet tokenized(Pretrained model, int maxLength, DatasetSpec d, String location, String split)
            throws IOException {
        DatasetSpec.Rows rows = d.rows() == null ? null : d.rows().get(split);
        String key = maxLength + "|" + location + "|" + rows; // splits cut from one file differ in their rows
        TokenizedSet set = sets.get(key);
        if (set == null) {
            try (TextTokenizer tokenizer = model.tokenizer(maxLength)) {
                set = TokenizedSet.of(new DatasetReader(d).readSplit(data.resolve(location), split), tokenizer,
                        model.config().padTokenId());
            }
            sets.put(key, set);
        }
        return set;
    }

    /** Closes the loaded base model, if any, and forgets its tokenized sets. */
    @Override
    public void close() {
        if (base != null) {
            base.close();
            base = null;
            baseRef = null;
        }
        sets.clear();
    }
}
