package org.modeconn.trainer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.modeconn.ml.train.TrainingListener;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's work as Prometheus series, labelled by {@code kind} (the job's: endpoint, bend, pretrain; not {@code job}, which Prometheus sets to the scrape job):
 * {@code modeconn_training_steps_total}, {@code modeconn_training_examples_total} (examples per optimizer
 * step × steps; its rate is examples/s), {@code modeconn_training_step_seconds} (a histogram of the time
 * between two steps), {@code modeconn_training_loss} (the last step's mean training loss) and
 * {@code modeconn_training_job_seconds} (whole jobs). See docs/observability.md.
 */
@ApplicationScoped
public class TrainingMeters {
    /** The kinds of training job, the values of the {@code kind} label. */
    public enum Job { ENDPOINT, BEND, PRETRAIN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Job, AtomicReference<Double>> loss = new ConcurrentHashMap<>();

    TrainingMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Job j : Job.values()) {
            AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
            loss.put(j, last);
            Gauge.builder("modeconn.training.loss", last, AtomicReference::get).tag("kind", j.label())
                    .description("Mean training loss of the last step of this kind of job").register(registry);
        }
    }

    /**
     * A listener that meters every step of one job.
     *
     * @param examplesPerStep examples of one optimizer step (the batch size; accumulation splits it)
     */
    TrainingListener listener(Job job, int examplesPerStep) {
        Counter steps = registry.counter("modeconn.training.steps", "kind", job.label());
        Counter examples = registry.counter("modeconn.training.examples", "kind", job.label());
        Timer stepTime = Timer.builder("modeconn.training.step").tag("kind", job.label()).publishPercentileHistogram()
                .description("Time between two optimizer steps").register(registry);
        long[] last = {System.nanoTime()};
        return (step, total, stepLoss, learningRate, examplesPerSecond) -> {
            long now = System.nanoTime();
            if (step > 1) {
                stepTime.record(now - last[0], TimeUnit.NANOSECONDS); // the first step also counts loading
            }
            last[0] = now;
            steps.increment();
            examples.increment(examplesPerStep);
            loss.get(job).set(stepLoss);
        };
    }

    /** Records a finished job's wall time. */
    void jobDone(Job job, long startedNanos) {
        Timer.builder("modeconn.training.job").tag("kind", job.label()).description("Wall time of whole training jobs")
                .register(registry).record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
}
