package org.modeconn.reporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.qute.Variant;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.metrics.Forgetting;
import org.modeconn.core.metrics.HalfWay;
import org.modeconn.core.metrics.RankCorrelation;
import org.modeconn.core.metrics.Replicates;
import org.modeconn.core.pipeline.ComparisonBarriers;
import org.modeconn.core.pipeline.ComparisonForgetting;
import org.modeconn.core.pipeline.PairedBarriers;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.report.Charts;
import org.modeconn.core.report.IntervalChart;
import org.modeconn.core.report.LineChart;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The three report files of a study, rendered from its plan and path reports; no I/O here. */
final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * Which examples one path forgets first ({@link Forgetting}), from the start endpoint's training dynamics.
     *
     * @param recordedSteps the training steps at which the start endpoint's dynamics were recorded
     */
    record PathForgetting(String path, String from, String dataset, int[] recordedSteps, Forgetting forgetting) {
    }

    /** report.json: the study and, per path and dataset, the series with their metrics. */
    static byte[] json(StudyPlan plan, List<PathReport> reports) throws JsonProcessingException {
        return json(plan, reports, List.of());
    }

    /** As {@link #json(StudyPlan, List)}, with a {@code forgetting} section per path with training dynamics. */
    static byte[] json(StudyPlan plan, List<PathReport> reports, List<PathForgetting> forgetting) throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("studyId", plan.studyId());
        root.put("name", plan.spec().name());
        root.put("epsilon", plan.spec().epsilonOrDefault());
        List<Map<String, Object>> paths = new ArrayList<>();
        for (PathReport r : reports) {
            StudyPlan.Path p = path(plan, r.pathId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p.name());
            m.put("pathId", p.id());
            m.put("from", p.from());
            m.put("to", p.to());
            m.put("curve", p.curve().spelling());
            m.put("bends", p.bends());
            m.put("report", r);
            HalfWay h = ComparisonBarriers.halfWay(r, plan.spec().epsilonOrDefault());
            Map<String, Object> halfWay = new LinkedHashMap<>();
            halfWay.put("t", finiteOrNull(h.t()));
            halfWay.put("crossings", h.crossings());
            m.put("halfWay", halfWay);
            paths.add(m);
        }
        root.put("paths", paths);
        List<ComparisonBarriers> summarised = ComparisonBarriers.of(plan, reports);
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (ComparisonBarriers c : summarised) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("comparison", c.comparison().name());
            m.put("sweep", c.comparison().sweep());
            m.put("from", c.comparison().from());
            m.put("to", c.comparison().to());
            m.put("dataset", c.dataset());
            m.put("paths", c.paths());
            m.put("rule", c.rule().spelling());
            m.put("verdict", c.verdict());
            Map<String, Object> barriers = new LinkedHashMap<>();
            c.barriers().forEach((definition, r) -> barriers.put(definition, summary(r, c.values().get(definition))));
            m.put("barriers", barriers);
            m.put("halfWay", c.halfWayOverReplicates() == null ? null
                    : summary(c.halfWayOverReplicates(), finiteOrNull(c.halfWay())));
            comparisons.add(m);
        }
        root.put("comparisons", comparisons);
        List<Map<String, Object>> paired = new ArrayList<>();
        for (PairedBarriers p : PairedBarriers.of(plan, summarised)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("first", p.first().comparison().name());
            m.put("second", p.second().comparison().name());
            m.put("dataset", p.first().dataset());
            m.put("firstPaths", p.first().paths());
            m.put("secondPaths", p.second().paths());
            Map<String, Object> differences = new LinkedHashMap<>();
            p.differences().forEach((definition, r) -> {
                Map<String, Object> d = summary(r, p.values().get(definition));
                d.put("effect", p.effect(definition));
                differences.put(definition, d);
            });
            m.put("differences", differences);
            paired.add(m);
        }
        root.put("pairedDifferences", paired);
        List<Map<String, Object>> forgotten = new ArrayList<>();
        for (PathForgetting f : forgetting) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("from", f.from());
            m.put("dataset", f.dataset());
            m.put("recordedSteps", f.recordedSteps());
            m.put("rightAtStart", f.forgetting().rightAtStart());
            List<Map<String, Object>> groups = new ArrayList<>();
            for (Forgetting.Group g : f.forgetting().groups()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", g.label());
                row.put("t", finiteOrNull(g.t()));
                row.put("count", g.count());
                row.put("meanConfidence", finiteOrNull(g.meanConfidence()));
                row.put("meanVariability", finiteOrNull(g.meanVariability()));
                row.put("meanCorrectness", finiteOrNull(g.meanCorrectness()));
                groups.add(row);
            }
            m.put("groups", groups);
            Map<String, Object> correlations = new LinkedHashMap<>();
            correlations.put("confidence", correlation(f.forgetting().withConfidence()));
            correlations.put("variability", correlation(f.forgetting().withVariability()));
            m.put("rankCorrelations", correlations);
            forgotten.add(m);
        }
        root.put("forgetting", forgotten);
        List<Map<String, Object>> overReplicates = new ArrayList<>();
        for (ComparisonForgetting c : forgettingOverReplicates(plan, forgetting)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("comparison", c.comparison().name());
            m.put("sweep", c.comparison().sweep());
            m.put("dataset", c.dataset());
            m.put("paths", c.paths());
            m.put("forgotten", c.forgotten());
            Map<String, Object> correlations = new LinkedHashMap<>();
            correlations.put("confidence", c.confidenceOverReplicates() == null ? null
                    : summary(c.confidenceOverReplicates(), finiteOrNull(c.rhoConfidence())));
            correlations.put("variability", c.variabilityOverReplicates() == null ? null
                    : summary(c.variabilityOverReplicates(), finiteOrNull(c.rhoVariability())));
            m.put("rankCorrelations", correlations);
            overReplicates.add(m);
        }
        root.put("forgettingOverReplicates", overReplicates);
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** points.csv: one row per path, dataset and point. */
    static String csv(StudyPlan plan, StudyProgress progress) {
        StringBuilder b = new StringBuilder("path,path_id,dataset,index,t,n,loss,accuracy,error,macro_f1\n");
        for (StudyPlan.Path p : plan.paths()) {
            for (EvalTarget target : p.eval()) {
                String dataset = target.toString();
                for (PointEvaluated e : progress.evaluations(p.id(), dataset)) {
                    b.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%d,%s,%s,%s,%s%n", p.name(), p.id(), dataset,
                            e.index(), e.t(), e.n(), e.loss(), e.accuracy(), 1 - e.accuracy(), e.macroF1()));
                }
            }
        }
        return b.toString();
    }

    /** One dataset's part of the report: its two charts (SVG documents) and its barrier table. */
    record Section(String dataset, String lossSvg, String errorSvg, List<Row> rows) {
    }

    /** One path on one dataset in the barrier table, numbers formatted. */
    record Row(String path, String from, String to, String curve, String loss0, String loss1, String lossBarrier,
               String error0, String error1, String errorBarrier, String errorLinear, String errorAboveWorse,
               String errorMax, String halfWay, boolean connected, String verdict) {
    }

    /** One sweep on one dataset in the report: its barrier-against-factor chart and a row per comparison. */
    record SweepSection(String sweep, String dataset, String svg, List<ComparisonRow> rows) {
    }

    /**
     * One comparison over its replicates: each definition as "mean ± half-width", where the error is half-way (the
     * same, over the replicates where it is defined, "—" where it is for none), the verdict over replicates.
     */
    record ComparisonRow(String comparison, String label, int n, List<String> barriers, String halfWay, String verdict,
                         boolean connected) {
    }

    /**
     * Two comparisons between the same endpoints (a curve and a line, say), on one dataset: each definition's
     * difference second − first as "mean ± half-width" with its {@link PairedBarriers.Effect} as the cell's CSS class
     * ({@code lower}, {@code higher}, {@code not-separable}, {@code one-pair}).
     */
    record PairedRow(String second, String first, String dataset, int n, List<Cell> differences) {
    }

    /** A formatted value and the name of what it shows (a CSS class in the template). */
    record Cell(String value, String effect) {
    }

    /** The distance between a path's endpoints, formatted. */
    record Distance(String path, long parameters, String l2, String rms, String cosine) {
    }

    /** Chart size in the report and in the exported files, pixels. */
    static final int CHART_WIDTH = 560, CHART_HEIGHT = 320;

    /**
     * The report's charts as SVG documents, by file name, in dataset order: per dataset, loss and error along t,
     * a line per path ({@code DATASET-loss.svg}, {@code DATASET-error.svg}, the dataset's {@code /} as
     * {@code -}); then per path scored on several datasets, its error along t, a line per dataset
     * ({@code path-PATH-error.svg}), where one task's skill gives way to another's.
     */
    static Map<String, String> charts(StudyPlan plan, List<PathReport> reports) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String dataset : reports.stream().map(PathReport::dataset).distinct().toList()) {
            List<PathReport> rs = reports.stream().filter(r -> r.dataset().equals(dataset)).toList();
            out.put(chartFile(dataset, false), Charts.svg(chart(plan, rs, dataset, false), CHART_WIDTH, CHART_HEIGHT));
            out.put(chartFile(dataset, true), Charts.svg(chart(plan, rs, dataset, true), CHART_WIDTH, CHART_HEIGHT));
        }
        for (String pathId : multiDatasetPaths(reports)) {
            List<PathReport> rs = reports.stream().filter(r -> r.pathId().equals(pathId)).toList();
            StudyPlan.Path p = path(plan, pathId);
            List<LineChart.Series> series = rs.stream().map(r -> new LineChart.Series(r.dataset(), unboxed(r.t()),
                    unboxed(r.error()))).toList();
            out.put(pathChartFile(p.name()), Charts.svg(new LineChart("Error along " + p.name() + " (" + p.from() + " → "
                    + p.to() + "), one line per dataset", "error", true, series), CHART_WIDTH, CHART_HEIGHT));
        }
        sweepGroups(ComparisonBarriers.of(plan, reports)).forEach((file, group) ->
                out.put(file, Charts.svg(sweepChart(plan, group), CHART_WIDTH, CHART_HEIGHT)));
        return out;
    }

    /** The comparisons grouped by sweep and dataset, keyed by their chart's file name ({@code sweep-SWEEP-DATASET-barrier.svg}). */
    private static Map<String, List<ComparisonBarriers>> sweepGroups(List<ComparisonBarriers> comparisons) {
        Map<String, List<ComparisonBarriers>> out = new LinkedHashMap<>();
        for (ComparisonBarriers c : comparisons) {
            out.computeIfAbsent("sweep-" + c.comparison().sweep() + "-" + c.dataset().replace('/', '-') + "-barrier.svg",
                    k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** The rule's error barrier of each comparison of one sweep on one dataset, over its replicates, against ε. */
    private static IntervalChart sweepChart(StudyPlan plan, List<ComparisonBarriers> group) {
        ComparisonBarriers first = group.get(0);
        Set<String> factors = new java.util.LinkedHashSet<>();
        group.forEach(c -> factors.addAll(c.comparison().factors()));
        List<IntervalChart.Column> columns = group.stream().map(c -> new IntervalChart.Column(c.comparison().shortLabel(),
                c.values().get("error rule"), c.barriers().get("error rule"))).toList();
        return new IntervalChart("Barrier against " + String.join(", ", factors) + " (sweep " + first.comparison().sweep()
                + ") on " + first.dataset(), "error barrier, " + first.rule().spelling(), true, first.epsilon(), columns);
    }

    /** The file names {@link #charts} gives, in the same order, without drawing anything. */
    static List<String> chartFiles(StudyPlan plan, List<PathReport> reports) {
        List<String> out = new ArrayList<>(reports.stream().map(PathReport::dataset).distinct()
                .flatMap(d -> java.util.stream.Stream.of(chartFile(d, false), chartFile(d, true))).toList());
        multiDatasetPaths(reports).forEach(id -> out.add(pathChartFile(path(plan, id).name())));
        out.addAll(sweepGroups(ComparisonBarriers.of(plan, reports)).keySet());
        return out;
    }

    /** Paths whose report covers more than one dataset, in report order. */
    private static List<String> multiDatasetPaths(List<PathReport> reports) {
        Map<String, Long> datasets = reports.stream().collect(java.util.stream.Collectors.groupingBy(PathReport::pathId,
                LinkedHashMap::new, java.util.stream.Collectors.counting()));
        return datasets.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    private static String pathChartFile(String path) {
        return "path-" + path + "-error.svg";
    }

    private static String chartFile(String dataset, boolean error) {
        return dataset.replace('/', '-') + (error ? "-error.svg" : "-loss.svg");
    }

    /** report.html (a Qute template): per dataset, loss and error along t for every path, the barrier table; distances. */
    static String html(StudyPlan plan, List<PathReport> reports, StudyProgress progress) {
        return html(plan, reports, progress, charts(plan, reports));
    }

    /** As {@link #html(StudyPlan, List, StudyProgress)}, with the charts {@link #charts} already drew. */
    static String html(StudyPlan plan, List<PathReport> reports, StudyProgress progress, Map<String, String> charts) {
        return html(plan, reports, progress, charts, List.of(), false);
    }

    /** A table of the forgetting groups of one path, formatted for the page, and a sentence on their rank correlations. */
    record ForgettingSection(String path, String from, String dataset, String steps, int rightAtStart, List<ForgettingRow> rows,
                             String correlation) {
    }

    record ForgettingRow(String group, int count, String confidence, String variability, String correctness) {
    }

    /** One comparison's forgetting over its replicates: ρ with confidence and with variability as "mean ± half-width". */
    record ForgettingReplicatesRow(String comparison, String dataset, int n, String forgotten, String withConfidence,
                                   String withVariability) {
    }

    /**
     * As above, with a section per path whose start endpoint recorded training dynamics; {@code images} says whether
     * every chart was also written as a PNG image ({@link ChartImages}), which the page then mentions.
     */
    static String html(StudyPlan plan, List<PathReport> reports, StudyProgress progress, Map<String, String> charts,
                       List<PathForgetting> forgetting, boolean images) {
        List<Section> sections = new ArrayList<>();
        for (String dataset : reports.stream().map(PathReport::dataset).distinct().toList()) {
            List<Row> rows = reports.stream().filter(r -> r.dataset().equals(dataset)).map(r -> row(plan, r)).toList();
            sections.add(new Section(dataset, charts.get(chartFile(dataset, false)), charts.get(chartFile(dataset, true)), rows));
        }
        List<Distance> distances = new ArrayList<>();
        for (StudyPlan.Path p : plan.paths()) {
            reports.stream().filter(r -> r.pathId().equals(p.id()) && r.distance() != null).findFirst().ifPresent(r ->
                    distances.add(new Distance(p.name(), r.distance().parameters(), fmt(r.distance().l2()),
                            fmt(r.distance().rms()), fmt(r.distance().cosine()))));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", "modeconn report: " + (plan.spec().name() == null ? plan.studyId() : plan.spec().name()));
        data.put("studyId", plan.studyId());
        data.put("rule", plan.spec().barrierRuleOrDefault().spelling());
        data.put("epsilon", fmt(plan.spec().epsilonOrDefault()));
        data.put("sections", sections);
        data.put("distances", distances);
        data.put("evaluations", progress.evaluation().done());
        data.put("chartFiles", List.copyOf(charts.keySet()));
        data.put("images", images);
        List<ComparisonBarriers> summarised = ComparisonBarriers.of(plan, reports);
        List<SweepSection> sweeps = new ArrayList<>();
        sweepGroups(summarised).forEach((file, group) -> sweeps.add(new SweepSection(
                group.get(0).comparison().sweep(), group.get(0).dataset(), charts.get(file),
                group.stream().map(ReportFiles::comparisonRow).toList())));
        data.put("sweeps", sweeps);
        data.put("paired", PairedBarriers.of(plan, summarised).stream().map(ReportFiles::pairedRow).toList());
        data.put("definitions", ComparisonBarriers.DEFINITIONS.stream()
                .map(d -> d.equals("error rule") ? "error " + plan.spec().barrierRuleOrDefault().spelling() + " (rule)" : d).toList());
        data.put("forgetting", forgetting.stream().map(f -> new ForgettingSection(f.path(), f.from(), f.dataset(),
                Arrays.toString(f.recordedSteps()), f.forgetting().rightAtStart(), f.forgetting().groups().stream()
                .map(g -> new ForgettingRow(g.label(), g.count(), fmtOrDash(g.meanConfidence()), fmtOrDash(g.meanVariability()),
                        fmtOrDash(g.meanCorrectness()))).toList(), correlationSentence(f.forgetting()))).toList());
        data.put("forgettingReplicates", forgettingOverReplicates(plan, forgetting).stream().map(c -> new ForgettingReplicatesRow(
                c.comparison().name(), c.dataset(), c.paths().size(), Arrays.stream(c.forgotten()).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")), rhoOverReplicates(c.confidenceOverReplicates()),
                rhoOverReplicates(c.variabilityOverReplicates()))).toList());
        data.put("pathCharts", multiDatasetPaths(reports).stream().map(id -> charts.get(pathChartFile(path(plan, id).name())))
                .toList());
        return Charts.render("org/modeconn/reporter/report.html", Variant.TEXT_HTML, data);
    }

    /** One summary over replicates in report.json: n, mean, the 95% interval, the standard deviation and the values. */
    private static Map<String, Object> summary(Replicates r, Object values) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("n", r.n());
        b.put("mean", r.mean());
        b.put("halfWidth95", finiteOrNull(r.halfWidth()));
        b.put("low95", r.low());
        b.put("high95", r.high());
        b.put("sd", finiteOrNull(r.sd()));
        b.put("values", values);
        return b;
    }

    private static PairedRow pairedRow(PairedBarriers p) {
        List<Cell> cells = ComparisonBarriers.DEFINITIONS.stream().map(d -> new Cell(meanAndHalfWidth(p.differences().get(d)),
                p.effect(d).name().toLowerCase(Locale.ROOT).replace('_', '-'))).toList();
        return new PairedRow(p.second().comparison().name(), p.first().comparison().name(), p.first().dataset(),
                p.differences().get("error rule").n(), cells);
    }

    /** "mean ± half-width" of the 95% interval, or the mean alone for one replicate. */
    private static String meanAndHalfWidth(Replicates r) {
        return r.n() == 1 ? fmt(r.mean()) : fmt(r.mean()) + " ± " + fmt(r.halfWidth());
    }

    private static ComparisonRow comparisonRow(ComparisonBarriers c) {
        List<String> barriers = c.barriers().values().stream().map(ReportFiles::meanAndHalfWidth).toList();
        int n = c.barriers().get("error rule").n();
        Replicates h = c.halfWayOverReplicates();
        String halfWay = h == null ? "—" : meanAndHalfWidth(h) + (h.n() < n ? " (" + h.n() + " of " + n + ")" : "");
        return new ComparisonRow(c.comparison().name(), c.comparison().label(), n, barriers, halfWay, c.verdict().name(),
                c.verdict() == ComparisonBarriers.Verdict.CONNECTED);
    }

    /** A path's half-way point for the page: its t, with the crossings where the error wavers around it; "—" where undefined. */
    static String halfWay(HalfWay h) {
        if (Double.isNaN(h.t())) {
            return "—";
        }
        return fmt(h.t()) + (h.crossings() > 1 ? " (crosses " + h.crossings() + "×)" : "");
    }

    private static Row row(StudyPlan plan, PathReport r) {
        StudyPlan.Path p = path(plan, r.pathId());
        boolean ok = r.verdict() != null && r.verdict().name().equals("CONNECTED");
        String verdict = r.verdict() + (r.rule() == null ? "" : " (" + r.rule().spelling() + " "
                + fmt(r.rule().of(r.errorMetrics())) + (ok ? " ≤ " : " > ") + fmt(r.epsilon()) + ")");
        return new Row(p.name(), p.from(), p.to(), p.curve().spelling() + (p.bends() > 0 ? ", " + p.bends() + " bend(s)" : ""),
                fmt(r.lossMetrics().start()), fmt(r.lossMetrics().end()), fmt(r.lossMetrics().barrier()),
                fmt(r.errorMetrics().start()), fmt(r.errorMetrics().end()), fmt(r.errorMetrics().barrier()),
                fmt(r.errorMetrics().linearBarrier()), fmt(r.errorMetrics().aboveWorseEndpoint()), fmt(r.errorMetrics().max()),
                halfWay(ComparisonBarriers.halfWay(r, plan.spec().epsilonOrDefault())), ok, verdict);
    }

    /**
     * Loss or error (in percent) along t on one dataset, a line per path named as in the spec; the title counts the
     * paths ("Error along the 6 paths on sst2/dev"). The replicates of one sweep comparison share a colour and differ
     * in their dash pattern.
     */
    private static LineChart chart(StudyPlan plan, List<PathReport> rs, String dataset, boolean error) {
        List<LineChart.Series> series = rs.stream().map(r -> {
            StudyPlan.Path p = path(plan, r.pathId());
            String name = p.name() + (p.bends() > 0 ? " (" + p.curve().spelling() + ")" : "");
            String group = plan.comparisons().stream().filter(c -> c.paths().contains(p.name()))
                    .map(StudyPlan.Comparison::name).findFirst().orElse(p.name());
            return new LineChart.Series(name, group, unboxed(r.t()), unboxed(error ? r.error() : r.loss()));
        }).toList();
        String paths = series.size() == 1 ? "the path" : "the " + series.size() + " paths";
        return new LineChart((error ? "Error" : "Loss") + " along " + paths + " on " + dataset, error ? "error" : "loss", error, series);
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static StudyPlan.Path path(StudyPlan plan, String pathId) {
        return plan.paths().stream().filter(p -> p.id().equals(pathId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no path " + pathId));
    }

    /**
     * The forgetting of every sweep comparison with more than one replicate that has a forgetting table
     * ({@link ComparisonForgetting}): what holds over seed pairs.
     */
    static List<ComparisonForgetting> forgettingOverReplicates(StudyPlan plan, List<PathForgetting> forgetting) {
        Map<String, Map<String, Forgetting>> byPath = new LinkedHashMap<>();
        forgetting.forEach(f -> byPath.computeIfAbsent(f.path(), p -> new LinkedHashMap<>()).put(f.dataset(), f.forgetting()));
        return ComparisonForgetting.of(plan, byPath).stream().filter(c -> c.paths().size() > 1).toList();
    }

    /** [n] the values, null where one is not finite (JSON has no NaN), aligned with what they belong to. */
    private static List<Double> finiteOrNull(double[] values) {
        return Arrays.stream(values).mapToObj(ReportFiles::finiteOrNull).toList();
    }

    /** Spearman's ρ of one forgetting correlation in report.json: n, rho and p (null where undefined). */
    private static Map<String, Object> correlation(RankCorrelation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", r.n());
        m.put("rho", finiteOrNull(r.rho()));
        m.put("p", finiteOrNull(r.p()));
        return m;
    }

    /** What the page says under a forgetting table about the order in which examples go. */
    static String correlationSentence(Forgetting f) {
        RankCorrelation c = f.withConfidence();
        RankCorrelation v = f.withVariability();
        String examples = c.n() == 1 ? "1 example" : c.n() + " examples";
        if (c.n() < 3) {
            return examples + " forgotten: too few for a rank correlation.";
        }
        if (Double.isNaN(c.rho()) && Double.isNaN(v.rho())) {
            return examples + " forgotten, all at one point or all alike: no rank correlation.";
        }
        String sentence = String.format(Locale.ROOT, "Over the %s forgotten, Spearman's rank correlation of the point "
                + "where each is first wrong with its confidence: ρ = %s (%s); with its variability: ρ = %s (%s).",
                examples, fmtRho(c.rho()), fmtP(c.p()), fmtRho(v.rho()), fmtP(v.p()));
        return c.n() < RankCorrelation.FEW ? sentence + " With so few, the p-values of the t approximation are rough." : sentence;
    }

    /** "mean ± half-width (n)" of one correlation over the replicates where it is defined, or "—" where it is for none. */
    private static String rhoOverReplicates(Replicates r) {
        if (r == null) {
            return "—";
        }
        String of = " (" + r.n() + " defined)";
        return r.n() == 1 ? fmtRho(r.mean()) + of : fmtRho(r.mean()) + " ± " + String.format(Locale.ROOT, "%.3f", r.halfWidth()) + of;
    }

    private static String fmtRho(double rho) {
        return Double.isNaN(rho) ? "undefined" : String.format(Locale.ROOT, "%.3f", rho).replace('-', '−');
    }

    private static String fmtP(double p) {
        if (Double.isNaN(p)) {
            return "no p-value";
        }
        return p == 0 ? "p < 1e-300" : "p = " + String.format(Locale.ROOT, "%.2g", p);
    }

    private static String fmtOrDash(double v) {
        return Double.isNaN(v) ? "—" : fmt(v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
