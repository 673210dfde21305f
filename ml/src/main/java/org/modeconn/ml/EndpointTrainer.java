package org.modeconn.ml;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.data.DatasetReader;
import org.modeconn.core.pipeline.TrainingDynamics;
import org.modeconn.core.data.Example;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.spec.DatasetSpec;
import org.modeconn.core.spec.MethodKind;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.ml.data.Subsets;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.eval.EvalResult;
import org.modeconn.ml.eval.Evaluator;
import org.modeconn.ml.model.Classifier;
import org.modeconn.ml.model.Pretrained;
import org.modeconn.ml.train.FineTuner;
import org.modeconn.ml.train.TrainingListener;
import org.modeconn.ml.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains one endpoint of a study from its resolved configuration: loads the base model, reads and
 * subsets the task's training split, tokenizes, fine-tunes; then scores it on any split and saves
 * the checkpoint (everything for full fine-tuning, only what trained for delta tuning).
 */
public final class EndpointTrainer {

    /** Where a split's location (relative path, file:, ...) is on this machine. */
    @FunctionalInterface
    public interface DataResolver {
        Path resolve(String location) throws IOException;
    }

    /** A trained endpoint; close it to free the model's memory. */
    public record Trained(TrainingConfig config, Pretrained model, Classifier classifier, Set<String> trainable,
                          List<Double> losses, double seconds, int classes, int trainExamples,
                          TextTokenizer tokenizer, int skippedSteps, String lastSkipReason, TrainingDynamics dynamics)
            implements AutoCloseable {
        @Override
        public void close() {
            tokenizer.close();
            model.close();
        }
    }

    private EndpointTrainer() {
    }

    public static Trained train(TrainingConfig c, Map<String, DatasetSpec> datasets, DataResolver data, NDManager manager,
                                TrainingListener listener) throws IOException {
        return train(c, datasets, data, Pretrained.load(c.baseRef(), manager), listener);
    }

    /** Trains on an already loaded base model; the result owns it (closing the result closes the base). */
    public static Trained train(TrainingConfig c, Map<String, DatasetSpec> datasets, DataResolver data, Pretrained base,
                                TrainingListener listener) throws IOException {
        return train(c, datasets, data, base, listener, TrainingState.Store.NONE);
    }

    /**
     * As {@link #train(TrainingConfig, Map, DataResolver, Pretrained, TrainingListener)}, resuming from
     * {@code state}'s latest training state and saving one every {@code state.every()} steps.
     */
    public static Trained train(TrainingConfig c, Map<String, DatasetSpec> datasets, DataResolver data, Pretrained base,
                                TrainingListener listener, TrainingState.Store state) throws IOException {
        DatasetSpec d = task(c, datasets);
        List<Example> examples = trainExamples(c, d, data);
        TextTokenizer tokenizer = base.tokenizer(c.maxLength());
        TokenizedSet set = TokenizedSet.of(examples, tokenizer, base.config().padTokenId());
        TokenizedSet probe = null;
        if (c.dynamics() != null) {
            String split = c.dynamics().split();
            probe = TokenizedSet.of(new DatasetReader(d).readSplit(data.resolve(d.splits().get(split)), split), tokenizer,
                    base.config().padTokenId());
        }
        FineTuner.Result r = FineTuner.train(base.weights(), base.config(), c, d.classes(), set, listener, true, state, probe);
        return new Trained(c, base, r.model(), r.trainable(), r.losses(), r.seconds(), d.classes(), examples.size(), tokenizer,
                r.skippedSteps(), r.lastSkipReason(), r.dynamics());
    }

    /** The dataset an endpoint trains on. */
    public static DatasetSpec task(TrainingConfig c, Map<String, DatasetSpec> datasets) {
        DatasetSpec d = datasets.get(c.task());
        if (d == null) {
            throw new IllegalArgumentException("unknown dataset '" + c.task() + "'");
        }
        return d;
    }

    /** The endpoint's training examples: its train split, cut to its subset (a half or a fraction) if it has one. */
    public static List<Example> trainExamples(TrainingConfig c, DatasetSpec d, DataResolver data) throws IOException {
        List<Example> examples = new DatasetReader(d).readSplit(data.resolve(d.splits().get(c.trainSplit())), c.trainSplit());
        if (c.subset() != null) {
            long seed = c.subset().seed() == null ? 0 : c.subset().seed();
            if (c.subset().half() != null) {
                examples = Subsets.half(examples, c.subset().half(), seed);
            } else if (c.subset().fraction() != null) {
                examples = Subsets.fraction(examples, c.subset().fraction(), seed);
            }
        }
        return examples;
    }

    /** Scores the trained endpoint on split {@code split} of {@code d}, read from {@code file} (its rows, if the dataset cuts them). */
    public static EvalResult evaluate(Trained t, DatasetSpec d, String split, Path file, int batchSize) throws IOException {
        TokenizedSet set = TokenizedSet.of(new DatasetReader(d).readSplit(file, split), t.tokenizer(), t.model().config().padTokenId());
        return Evaluator.evaluate(t.classifier(), t.model().weights(), set, batchSize, t.classes());
    }

    /** Saves the endpoint: all weights for full fine-tuning, only the trained ones (deltas, head) otherwise. */
    public static void save(Trained t, Path file) throws IOException {
        boolean full = t.config().method().methodKind() == MethodKind.FULL;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("modeconn.method", t.config().method().kind());
        metadata.put("modeconn.base", t.config().base());
        metadata.put("modeconn.classes", String.valueOf(t.classes()));
        t.model().weights().save(file, full ? ParameterFilter.all() : ParameterFilter.only(t.trainable()), metadata);
    }
}
