package org.modeconn.reporter;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.modeconn.core.events.CheckpointReady;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.StudyReport;
import org.modeconn.core.events.Topics;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.Forgetting;
import org.modeconn.core.metrics.ParameterDistance;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.pipeline.ExampleScores;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.pipeline.TrainingDynamics;
import org.modeconn.core.pipeline.TrainingJobs;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.TrainingConfig;
import org.modeconn.core.store.BlobRef;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.service.Checkpoints;
import org.modeconn.service.DataFiles;
import org.modeconn.service.EventPublisher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a complete study into its reports: a {@link PathReport} per path and dataset (metrics of
 * SCIENCE.md over the loss and error series, the verdict at the study's ε, the distance between the
 * endpoints), the files {@code report.json}, {@code points.csv} and {@code report.html} in the store,
 * one SVG file and its PNG image per chart ({@code report/charts/}), and the {@link StudyReport} that points at them.
 */
@ApplicationScoped
public class Reports {
    private static final Logger LOG = Logger.getLogger(Reports.class);
    private final ObjectStore store;
    private final Checkpoints checkpoints;
    private final DataFiles files;
    private final EventPublisher publisher;
    private final Map<String, ParameterDistance> distances = new ConcurrentHashMap<>();

    Reports(ObjectStore store, Checkpoints checkpoints, DataFiles files, EventPublisher publisher) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.files = files;
        this.publisher = publisher;
    }

    List<PathReport> build(StudyBook.Entry e) throws IOException {
        StudyPlan plan = e.plan();
        double epsilon = plan.spec().epsilonOrDefault();
        BarrierRule rule = plan.spec().barrierRuleOrDefault();
        List<PathReport> out = new ArrayList<>();
        for (StudyPlan.Path p : plan.paths()) {
            ParameterDistance distance = distance(plan, p);
            for (EvalTarget target : p.eval()) {
                String dataset = target.toString();
                StudyProgress.Series s = e.progress().series(p.id(), dataset);
                Connectivity loss = Connectivity.of(s.t(), s.loss());
                Connectivity error = Connectivity.of(s.t(), s.error());
                out.add(new PathReport(Event.SCHEMA, plan.studyId(), p.id(), dataset, boxed(s.t()), boxed(s.loss()),
                        boxed(s.error()), loss, error, Verdict.of(error, rule, epsilon), distance, rule, epsilon));
            }
        }
        return out;
    }

    /**
     * Whether the study's report files were written: {@code report.html} is the last file {@link #publish} writes,
     * just before it publishes the events. False for a study that completed while no reporter was running.
     *
     * @throws IOException if the store cannot be asked
     */
    boolean written(String studyId) throws IOException {
        return store.exists(ObjectKeys.report(studyId, "report.html"));
    }

    /** Writes the report files and publishes the path reports and the study report. */
    void publish(StudyBook.Entry e) throws IOException {
        long start = System.nanoTime();
        String id = e.studyId();
        List<ReportFiles.PathForgetting> forgetting = forgetting(e.plan());
        BlobRef json = store.putBytes(ObjectKeys.report(id, "report.json"), ReportFiles.json(e.plan(), e.reports(), forgetting));
        BlobRef csv = store.putBytes(ObjectKeys.report(id, "points.csv"),
                ReportFiles.csv(e.plan(), e.progress()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> charts = ReportFiles.charts(e.plan(), e.reports());
        for (Map.Entry<String, String> chart : charts.entrySet()) {
            store.putBytes(ObjectKeys.reportChart(id, chart.getKey()), chart.getValue().getBytes(StandardCharsets.UTF_8));
        }
        long drawing = System.nanoTime();
        Map<String, byte[]> images = ChartImages.pngs(charts, ReportFiles.CHART_WIDTH, id);
        double imageSeconds = (System.nanoTime() - drawing) / 1e9;
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            store.putBytes(ObjectKeys.reportChart(id, image.getKey()), image.getValue());
        }
        BlobRef html = store.putBytes(ObjectKeys.report(id, "report.html"),
                ReportFiles.html(e.plan(), e.reports(), e.progress(), charts, forgetting, !images.isEmpty()).getBytes(StandardCharsets.UTF_8));
        for (PathReport r : e.reports()) {
            publisher.publish(Topics.REPORTS, r);
        }
        publisher.publish(Topics.REPORTS, new StudyReport(Event.SCHEMA, id, e.reports(), json, html, csv));
        LOG.infof("study %s: report written and published in %.2f s (%d charts; PNG images drawn in %.2f s)", id,
                (System.nanoTime() - start) / 1e9, charts.size(), imageSeconds);
    }

    /**
     * For each path whose start endpoint recorded training dynamics on a split the path is scored on: which
     * examples the path forgets first, described by the start endpoint's data map ({@link Forgetting}). The
     * dynamics and every point's per-example scores are read from the store; both list the split's examples
     * in the same order (the split read the same way, scored by the same evaluator).
     */
    List<ReportFiles.PathForgetting> forgetting(StudyPlan plan) throws IOException {
        List<ReportFiles.PathForgetting> out = new ArrayList<>();
        for (StudyPlan.Path p : plan.paths()) {
            TrainingConfig c = plan.endpoint(p.from()).orElseThrow().config();
            if (c.dynamics() == null) {
                continue;
            }
            EvalTarget target = new EvalTarget(c.task(), c.dynamics().split());
            if (!p.eval().contains(target)) {
                continue;
            }
            Path dir = files.tempDirectory("forgetting");
            try {
                TrainingDynamics dynamics = TrainingDynamics.read(store.fetch(ObjectKeys.dynamics(plan.studyId(), p.fromId()),
                        dir.resolve("dynamics.safetensors")));
                double[] t = p.grid().stream().mapToDouble(Double::doubleValue).toArray();
                boolean[][] correct = new boolean[t.length][];
                for (int i = 0; i < t.length; i++) {
                    correct[i] = ExampleScores.read(store.fetch(ObjectKeys.pointExamples(plan.studyId(), p.id(), i, target),
                            dir.resolve(i + ".safetensors"))).correct();
                }
                out.add(new ReportFiles.PathForgetting(p.name(), p.from(), target.toString(), dynamics.steps(),
                        Forgetting.of(t, correct, dynamics.dataMap())));
            } finally {
                org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
            }
        }
        return out;
    }

    /** Distance between a path's endpoints over what the path interpolates. */
    private ParameterDistance distance(StudyPlan plan, StudyPlan.Path p) throws IOException {
        ParameterDistance known = distances.get(p.id());
        if (known != null) {
            return known;
        }
        CheckpointReady a = checkpoints.find(plan.studyId(), p.fromId()).orElseThrow(() -> new IOException("no checkpoint " + p.fromId()));
        CheckpointReady b = checkpoints.find(plan.studyId(), p.toId()).orElseThrow(() -> new IOException("no checkpoint " + p.toId()));
        try (SafetensorsReader ra = SafetensorsReader.open(files.blob(a.blob()));
             SafetensorsReader rb = SafetensorsReader.open(files.blob(b.blob()))) {
            ParameterDistance d = ParameterDistance.between(ra, rb, TrainingJobs.interpolated(plan, p));
            distances.put(p.id(), d);
            return d;
        }
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
