package org.modeconn.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.ml.model.Weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A training loop's state at the end of a step, kept so that a job killed mid-way resumes where it was
 * instead of starting over (docs/reliability.md). It holds the trained parameters, AdamW's moments and
 * step count, the loop's step, the losses so far, and what a loop adds (a curve's best bends). Nothing
 * else is needed: every loop draws its batches, dropout masks and other random numbers from
 * {@link #seedFor(long, int)} and the step, so a resumed run computes what an uninterrupted one computes.
 *
 * <p>On disk: one safetensors file (F32) with tensors {@code param/NAME}, {@code adam.m/NAME},
 * {@code adam.v/NAME} and the loop's extra tensors, and metadata {@code modeconn.state.step},
 * {@code modeconn.state.losses} (comma-separated) and {@code modeconn.state.*} counters.
 */
public final class TrainingState {

    /** Where a loop keeps its state between runs of one job (a folder in tests, the object store in the trainer). */
    public interface Store {
        /** Steps between saves; 0 never saves by step count. */
        int every();

        /**
         * Whether to save after {@code step} (never asked for a loop's last step): by default every {@link #every()}
         * steps; a store may also save by time ({@link TrainingState#due(int, long, int, long)}).
         */
        default boolean due(int step) {
            return TrainingState.due(every(), 0, step, 0);
        }

        /** A local copy of the last state saved for this job, if there is one. */
        Optional<Path> latest() throws IOException;

        /** A file to write the next state to. */
        Path scratch() throws IOException;

        /**
         * Keeps {@code file}, written by {@link #save}, as this job's latest state at {@code step}; the file
         * is the store's from then on. A store may keep it in the background and return at once (the
         * trainer's uploads it while training goes on): the loop has nothing more to do with it.
         */
        void keep(Path file, int step) throws IOException;

        /** The saved state cannot continue this job (another shape, a damaged file): it is ignored and the job starts over. */
        default void unusable(Path file, String reason) {
        }

        /** Never saves, never resumes. */
        Store NONE = new Store() {
            @Override
            public int every() {
                return 0;
            }

            @Override
            public Optional<Path> latest() {
                return Optional.empty();
            }

            @Override
            public Path scratch() {
                throw new UnsupportedOperationException("this store keeps no state");
            }

            @Override
            public void keep(Path file, int step) {
                throw new UnsupportedOperationException("this store keeps no state");
            }
        };
    }

    /**
     * A state read back: the last step it finished, the losses of steps 1..step, the loop's own values,
     * and every saved tensor by name, the loop's extra ones among them (close to free them).
     */
    public record Restored(int step, List<Double> losses, Map<String, String> values, Weights tensors)
            implements AutoCloseable {
        @Override
        public void close() {
            tensors.close();
        }
    }

    private static final String META = "modeconn.state.";

    private TrainingState() {
    }

    /**
     * The seed of step {@code step}'s random draws for a loop seeded with {@code seed}: a SplitMix64 mix
     * of both, so consecutive steps get unrelated streams and step k's draws do not depend on how the
     * run got to step k.
     */
    public static long seedFor(long seed, int step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextLong();
    }

    /** Whether the loop should save after {@code step} of {@code steps}: when the store says so ({@link Store#due}), never after the last. */
    public static boolean due(Store store, int step, int steps) {
        return step < steps && store.due(step);
    }

    /**
     * The save rule by step count and by time: due after every {@code every}-th step, and after any step that ends
     * {@code intervalNanos} or more after the last save (or the job's start). Either at 0 is off; both at 0 never
     * saves. The time bounds the work a killed job loses where steps are slow (a large model on CPUs); the step
     * count keeps saves rare where steps are fast. Where a save is made does not change what the loop computes
     * (a resumed run equals an uninterrupted one, above), so a rule by time keeps results reproducible.
     *
     * @param every            steps between saves, 0 for none by count
     * @param intervalNanos    the longest time between saves, in nanoseconds, 0 for none by time
     * @param step             the step just finished, from 1
     * @param nanosSinceLast   nanoseconds since the last save or the job's start
     */
    public static boolean due(int every, long intervalNanos, int step, long nanosSinceLast) {
        if (every < 0 || intervalNanos < 0) {
            throw new IllegalArgumentException("save every " + every + " steps / " + intervalNanos + " ns: neither may be negative");
        }
        return (every > 0 && step % every == 0) || (intervalNanos > 0 && nanosSinceLast >= intervalNanos);
    }

    /**
     * Writes the state after {@code step} and hands it to the store.
     *
     * @param extra  the loop's own tensors (e.g. {@code best/bend0/NAME}), saved as they are
     * @param values the loop's own values (no commas needed; any string)
     */
    public static void save(Store store, int step, TrainingStep training, List<Double> losses, Map<String, NDArray> extra,
                            Map<String, String> values) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>(training.stateTensors());
        extra.forEach((name, a) -> {
            if (tensors.put(name, a) != null) {
                throw new IllegalArgumentException("extra state tensor '" + name + "' clashes with the optimizer's");
            }
        });
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(META + "step", String.valueOf(step));
        List<String> written = new ArrayList<>(losses.size());
        losses.forEach(l -> written.add(Double.toString(l)));
        metadata.put(META + "losses", String.join(",", written));
        training.stateValues().forEach((k, v) -> metadata.put(META + "optimizer." + k, v));
        values.forEach((k, v) -> metadata.put(META + "loop." + k, v));
        Path file = store.scratch();
        try (Weights view = Weights.view(training.manager(), tensors)) {
            view.save(file, ParameterFilter.all(), metadata);
        }
        store.keep(file, step);
    }

    /**
     * Restores the store's latest state into {@code training} (parameters, moments, counters), if there is
     * one that fits: the same trained parameters with the same shapes, at a step before {@code steps}.
     * Otherwise the loop starts from step 1 and the store is told why its state was not used.
     *
     * @param manager owns the extra tensors of the result
     */
    public static Optional<Restored> restore(Store store, TrainingStep training, int steps, NDManager manager)
            throws IOException {
        Optional<Path> latest = store.latest();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        Path file = latest.get();
        Weights all = new Weights(manager);
        try {
            Map<String, String> metadata;
            try (SafetensorsReader r = SafetensorsReader.open(file)) {
                metadata = r.metadata();
            }
            all.load(file, ParameterFilter.all());
            int step = Integer.parseInt(metadata.getOrDefault(META + "step", "-1"));
            if (step < 1 || step >= steps) {
                throw new IllegalArgumentException("it was saved at step " + step + ", outside 1.." + (steps - 1));
            }
            List<Double> losses = new ArrayList<>();
            String written = metadata.getOrDefault(META + "losses", "");
            for (String l : written.isEmpty() ? List.<String>of() : List.of(written.split(","))) {
                losses.add(Double.parseDouble(l));
            }
            if (losses.size() != step) {
                throw new IllegalArgumentException("it holds " + losses.size() + " losses for " + step + " steps");
            }
            Map<String, String> optimizer = new LinkedHashMap<>();
            Map<String, String> loop = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                if (k.startsWith(META + "optimizer.")) {
                    optimizer.put(k.substring((META + "optimizer.").length()), v);
                } else if (k.startsWith(META + "loop.")) {
                    loop.put(k.substring((META + "loop.").length()), v);
                }
            });
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            all.names().forEach(n -> tensors.put(n, all.get(n)));
            training.restore(tensors, optimizer);
            return Optional.of(new Restored(step, Collections.unmodifiableList(losses), loop, all));
        } catch (IOException | RuntimeException e) {
            all.close();
            store.unusable(file, e.getMessage() == null ? e.toString() : e.getMessage());
            return Optional.empty();
        }
    }
}
