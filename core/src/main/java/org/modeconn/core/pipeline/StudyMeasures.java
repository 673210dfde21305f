package org.modeconn.core.pipeline;

import org.modeconn.core.events.StudyStatus;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A study's story as gauge samples for Prometheus and Grafana (the reporter exports them; docs/observability.md
 * lists every series). Computed from the study's events only, so a reporter that replays the topics after a
 * restart exports the same samples.
 *
 * <p>Every label is bounded by the study spec: {@code study} (the study id), {@code path} and {@code endpoint_name}
 * (names in the spec; not {@code endpoint}, which the Prometheus Operator sets to the scraped port), {@code dataset} (an evaluation target such as {@code sst2/dev}), {@code stage}
 * (training, interpolation, evaluation), {@code quantity} (loss, error, accuracy), {@code definition}
 * (the three barrier definitions), {@code t} (a grid point, three decimals). How many studies are exported
 * is the reporter's choice ({@link #retained}).
 */
public final class StudyMeasures {
    /** Gauge names, in Micrometer's dotted form ({@code modeconn.path.barrier} is {@code modeconn_path_barrier}). */
    public static final String INFO = "modeconn.study.info";
    public static final String WORK_DONE = "modeconn.study.work.done";
    public static final String WORK_TOTAL = "modeconn.study.work.total";
    public static final String POINT_VALUE = "modeconn.path.point.value";
    public static final String BARRIER = "modeconn.path.barrier";
    public static final String CONNECTED = "modeconn.path.connected";
    public static final String ENDPOINT_ACCURACY = "modeconn.endpoint.accuracy";
    /** Every gauge name above. */
    public static final List<String> NAMES = List.of(INFO, WORK_DONE, WORK_TOTAL, POINT_VALUE, BARRIER, CONNECTED,
            ENDPOINT_ACCURACY);

    /** One gauge value: a name from {@link #NAMES}, its labels (ordered) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** What the reporter knows of one study: its plan (null if rejected), its state and its progress. */
    public record Study(String studyId, StudyPlan plan, StudyStatus.State state, StudyProgress progress, long updatedMillis) {
        boolean finished() {
            return state == StudyStatus.State.COMPLETED || state == StudyStatus.State.FAILED
                    || state == StudyStatus.State.REJECTED;
        }
    }

    private StudyMeasures() {
    }

    /**
     * The studies to export: every unfinished one, and the {@code finished} most recently updated finished ones
     * (so the label {@code study} stays bounded on a long-lived deployment).
     */
    public static List<Study> retained(List<Study> studies, int finished) {
        List<Study> out = new ArrayList<>(studies.stream().filter(s -> !s.finished()).toList());
        studies.stream().filter(Study::finished)
                .sorted((a, b) -> Long.compare(b.updatedMillis(), a.updatedMillis()))
                .limit(Math.max(0, finished)).forEach(out::add);
        return out;
    }

    /**
     * The samples of one study: its state; the work done and expected per stage; every evaluated point's
     * loss, error and accuracy; and, once a path is evaluated at every grid point on a dataset, its barriers
     * (SCIENCE.md's three definitions, see {@link Connectivity}), whether it is connected under the study's
     * rule and ε ({@link Verdict}), and the accuracy of its two endpoints.
     */
    public static List<Sample> of(Study s) {
        List<Sample> out = new ArrayList<>();
        String name = s.plan() == null ? "" : s.plan().spec().name();
        out.add(new Sample(INFO, labels("study", s.studyId(), "name", name == null ? "" : name,
                "state", s.state() == null ? "unknown" : s.state().name().toLowerCase(Locale.ROOT)), 1));
        if (s.plan() == null) {
            return out;
        }
        StudyProgress progress = s.progress();
        work(out, s.studyId(), "training", progress.training());
        work(out, s.studyId(), "interpolation", progress.interpolation());
        work(out, s.studyId(), "evaluation", progress.evaluation());
        BarrierRule rule = s.plan().spec().barrierRuleOrDefault();
        double epsilon = s.plan().spec().epsilonOrDefault();
        Map<String, Sample> endpoints = new LinkedHashMap<>();
        for (StudyPlan.Path p : s.plan().paths()) {
            for (EvalTarget target : p.eval()) {
                String dataset = target.toString();
                StudyProgress.Series series = progress.series(p.id(), dataset);
                for (int i = 0; i < series.t().length; i++) {
                    String t = String.format(Locale.ROOT, "%.3f", series.t()[i]);
                    point(out, s.studyId(), p.name(), dataset, t, "loss", series.loss()[i]);
                    point(out, s.studyId(), p.name(), dataset, t, "error", series.error()[i]);
                    point(out, s.studyId(), p.name(), dataset, t, "accuracy", series.accuracy()[i]);
                }
                if (series.t().length != p.grid().size()) {
                    continue; // barriers need the whole path
                }
                Connectivity loss = Connectivity.of(series.t(), series.loss());
                Connectivity error = Connectivity.of(series.t(), series.error());
                barriers(out, s.studyId(), p.name(), dataset, "loss", loss);
                barriers(out, s.studyId(), p.name(), dataset, "error", error);
                out.add(new Sample(CONNECTED, labels("study", s.studyId(), "path", p.name(), "dataset", dataset,
                        "rule", rule.toString()), Verdict.of(error, rule, epsilon) == Verdict.CONNECTED ? 1 : 0));
                int last = series.t().length - 1;
                endpoints.putIfAbsent(p.from() + " " + dataset, new Sample(ENDPOINT_ACCURACY,
                        labels("study", s.studyId(), "endpoint_name", p.from(), "dataset", dataset), series.accuracy()[0]));
                endpoints.putIfAbsent(p.to() + " " + dataset, new Sample(ENDPOINT_ACCURACY,
                        labels("study", s.studyId(), "endpoint_name", p.to(), "dataset", dataset), series.accuracy()[last]));
            }
        }
        out.addAll(endpoints.values());
        return out;
    }

    private static void work(List<Sample> out, String study, String stage, StudyProgress.Count count) {
        out.add(new Sample(WORK_DONE, labels("study", study, "stage", stage), count.done()));
        out.add(new Sample(WORK_TOTAL, labels("study", study, "stage", stage), count.total()));
    }

    private static void point(List<Sample> out, String study, String path, String dataset, String t, String quantity,
                              double value) {
        out.add(new Sample(POINT_VALUE, labels("study", study, "path", path, "dataset", dataset, "quantity", quantity,
                "t", t), value));
    }

    private static void barriers(List<Sample> out, String study, String path, String dataset, String quantity,
                                 Connectivity c) {
        Map<String, Double> byDefinition = new LinkedHashMap<>();
        byDefinition.put("max_minus_mean", c.barrier());
        byDefinition.put("linear", c.linearBarrier());
        byDefinition.put("above_worse_endpoint", c.aboveWorseEndpoint());
        byDefinition.forEach((definition, value) -> out.add(new Sample(BARRIER, labels("study", study, "path", path,
                "dataset", dataset, "quantity", quantity, "definition", definition), value)));
    }

    private static Map<String, String> labels(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
