package org.modeconn.interpolator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathPointReady;
import org.modeconn.core.events.Topics;
import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.path.PathBlender;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Blends the points θ(t) = Σ_j c_j(t)·θ_j of one path, streaming tensor by tensor from memory-mapped
 * control points, and announces each. A point already in the store (with its checksum) is announced
 * again, not recomputed.
 */
@ApplicationScoped
public class PointWriter {
    private static final Logger LOG = Logger.getLogger(PointWriter.class);

    private final ObjectStore store;
    private final Checkpoints checkpoints;
    private final DataFiles files;
    private final EventPublisher publisher;
    private final MeterRegistry registry;

    PointWriter(ObjectStore store, Checkpoints checkpoints, DataFiles files, EventPublisher publisher, MeterRegistry registry) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.files = files;
        this.publisher = publisher;
        this.registry = registry;
        registry.counter("modeconn.interpolation.points"); // at 0 from the start, so that rate() sees the first point
        registry.counter("modeconn.interpolation.bytes");
    }

    /** Writes and announces every point of the path if all its control points exist; else does nothing. */
    void writeIfReady(StudyPlan plan, StudyPlan.Path p) throws IOException {
        List<BlobRef> controls = new ArrayList<>();
        for (String id : TrainingJobs.controlPoints(p)) {
            Optional<CheckpointReady> c = checkpoints.find(plan.studyId(), id);
            if (c.isEmpty()) {
                return;
            }
            controls.add(c.get().blob());
        }
        List<Path> local = new ArrayList<>();
        for (BlobRef ref : controls) {
            local.add(files.blob(ref));
        }
        Curve curve = Curve.of(p.curve(), p.bends());
        ParameterFilter filter = TrainingJobs.interpolated(plan, p);
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            for (Path f : local) {
                readers.add(SafetensorsReader.open(f));
            }
            for (int i = 0; i < p.grid().size(); i++) {
                double t = p.grid().get(i);
                String key = ObjectKeys.pathPoint(plan.studyId(), p.id(), i);
                Optional<BlobRef> existing = store.stat(key).flatMap(ObjectStore.Stat::ref);
                BlobRef ref = existing.isPresent() ? existing.get() : blend(readers, curve.coefficients(t), filter, p, i, t, key);
                publisher.publish(Topics.PATH_POINTS, new PathPointReady(Event.SCHEMA, plan.studyId(), p.id(), i, t, ref));
            }
        } finally {
            for (SafetensorsReader r : readers) {
                r.close();
            }
        }
    }

    private BlobRef blend(List<SafetensorsReader> readers, double[] coefficients, ParameterFilter filter, StudyPlan.Path p,
                          int index, double t, String key) throws IOException {
        long started = System.nanoTime();
        Path tmp = files.tempFile(p.id() + "-" + index);
        try {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("modeconn.path", p.id());
            metadata.put("modeconn.index", String.valueOf(index));
            metadata.put("modeconn.t", String.valueOf(t));
            metadata.put("modeconn.interpolated", filter.description());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                PathBlender.blend(readers, coefficients, filter, metadata, out);
            }
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
