package org.modeconn.interpolator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.Topics;
import org.modeconn.core.pipeline.PathPoints;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Blends the points θ(t) = Σ_j c_j(t)·θ_j of one path ({@link PathPoints}), streaming tensor by tensor from
 * memory-mapped control points, stores and announces each; or, with {@code store-points} off, only
 * announces them ({@link InterpolatorConfig}).
 */
@ApplicationScoped
public class PointWriter {
    private static final Logger LOG = Logger.getLogger(PointWriter.class);

    private final ObjectStore store;
    private final Checkpoints checkpoints;
    private final DataFiles files;
    private final EventPublisher publisher;
    private final MeterRegistry registry;
    private final boolean storePoints;

    PointWriter(ObjectStore store, Checkpoints checkpoints, DataFiles files, EventPublisher publisher, MeterRegistry registry,
                InterpolatorConfig config) {
        this.storePoints = config.storePoints();
        this.store = store;
        this.checkpoints = checkpoints;
        this.files = files;
        this.publisher = publisher;
        this.registry = registry;
        registry.counter("modeconn.interpolation.points"); // at 0 from the start, so that rate() sees the first point
        registry.counter("modeconn.interpolation.bytes");
    }

    /**
     * Announces every point of the path if all its control points exist, else does nothing. With
     * {@code modeconn.interpolator.store-points} (the default) each point is blended and stored first; a point
     * already in the store (with its checksum) is announced again, not recomputed. Without it, points are
     * announced without a blob and the evaluators blend them.
     */
    void writeIfReady(StudyPlan plan, StudyPlan.Path p) throws IOException {
        List<BlobRef> controls = new ArrayList<>();
        for (String id : TrainingJobs.controlPoints(p)) {
            Optional<CheckpointReady> c = checkpoints.find(plan.studyId(), id);
            if (c.isEmpty()) {
                return;
            }
            controls.add(c.get().blob());
        }
        if (!storePoints) {
            for (int i = 0; i < p.grid().size(); i++) {
                publisher.publish(Topics.PATH_POINTS, new PathPointReady(Event.SCHEMA, plan.studyId(), p.id(), i, p.grid().get(i), null));
            }
            LOG.infof("path %s: %d points announced, not stored (the evaluators blend them)", p.name(), p.grid().size());
            return;
        }
        List<Path> local = new ArrayList<>();
        for (BlobRef ref : controls) {
            local.add(files.blob(ref));
        }
        List<SafetensorsReader> readers = PathPoints.open(local);
        try {
            for (int i = 0; i < p.grid().size(); i++) {
                double t = p.grid().get(i);
                String key = ObjectKeys.pathPoint(plan.studyId(), p.id(), i);
                Optional<BlobRef> existing = store.stat(key).flatMap(ObjectStore.Stat::ref);
                BlobRef ref = existing.isPresent() ? existing.get() : blend(plan, readers, p, i, t, key);
                publisher.publish(Topics.PATH_POINTS, new PathPointReady(Event.SCHEMA, plan.studyId(), p.id(), i, t, ref));
            }
        } finally {
            PathPoints.close(readers);
        }
    }

    private BlobRef blend(StudyPlan plan, List<SafetensorsReader> readers, StudyPlan.Path p, int index, double t, String key)
            throws IOException {
        long started = System.nanoTime();
        Path tmp = files.tempFile(p.id() + "-" + index);
        try {
            PathPoints.write(plan, p, index, readers, tmp);
            BlobRef ref = store.putFile(key, tmp);
            registry.counter("modeconn.interpolation.points").increment();
            registry.counter("modeconn.interpolation.bytes").increment(ref.bytes());
            Timer.builder("modeconn.interpolation.point").description("Time to blend one path point and store it")
                    .publishPercentileHistogram().register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            LOG.infof("path %s point %d (t = %.3f): %d bytes in %.2f s", p.name(), index, t, ref.bytes(),
                    (System.nanoTime() - started) / 1e9);
            return ref;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
