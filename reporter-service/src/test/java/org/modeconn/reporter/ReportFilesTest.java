package org.modeconn.reporter;

import org.junit.jupiter.api.Test;
import org.modeconn.core.events.Event;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.metrics.Connectivity;
import org.modeconn.core.metrics.DataMap;
import org.modeconn.core.metrics.Forgetting;
import org.modeconn.core.metrics.RankCorrelation;
import org.modeconn.core.metrics.ParameterDistance;
import org.modeconn.core.metrics.BarrierRule;
import org.modeconn.core.metrics.Verdict;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.spec.SpecReader;
import org.modeconn.core.spec.StudyPlan;
import org.modeconn.core.spec.StudyPlanner;
import org.modeconn.core.store.BlobRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report files, rendered from a plan and its points without any service around. */
class ReportFilesTest {
    @Test
    void csvHasEveryPointAndHtmlChartsEveryPathWithItsVerdict() throws Exception {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml("""
                name: <tiny & "quoted">
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}
                """)).plan();
        StudyPlan.Path line = plan.paths().get(0);
        StudyProgress progress = new StudyProgress(plan);
        double[] accuracy = {0.9, 0.6, 0.88};
        double[] loss = {0.3, 0.9, 0.35};
        for (int i = 0; i < 3; i++) {
            progress.evaluation(new PointEvaluated(Event.SCHEMA, plan.studyId(), line.id(), i, i * 0.5, "d/dev", 50,
                    loss[i], accuracy[i], 0.5, BlobRef.of("b", "k", "0".repeat(64), 1)));
        }
        StudyProgress.Series s = progress.series(line.id(), "d/dev");
        Connectivity error = Connectivity.of(s.t(), s.error());
        PathReport report = new PathReport(Event.SCHEMA, plan.studyId(), line.id(), "d/dev", List.of(0.0, 0.5, 1.0),
                List.of(0.3, 0.9, 0.35), List.of(0.1, 0.4, 0.12), Connectivity.of(s.t(), s.loss()), error,
                Verdict.of(error, BarrierRule.MEAN, 0.02), new ParameterDistance(10, 1.5, 0.4, 0.99), BarrierRule.MEAN, 0.02);

        List<String> csv = ReportFiles.csv(plan, progress).lines().toList();
        assertEquals("path,path_id,dataset,index,t,n,loss,accuracy,error,macro_f1", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(2).startsWith("line," + line.id() + ",d/dev,1,0.5,50,0.9,0.6,0.4"), csv.get(2));

        String html = ReportFiles.html(plan, List.of(report), progress);
        assertEquals(2, html.split("<polyline").length - 1, "a loss chart and an error chart, one line each");
        assertEquals(6, html.split("<circle").length - 1, "every point marked in both charts");
        assertTrue(html.contains(">error (%)<") && html.contains(">40%<"), "error in percent, on nice ticks");
        assertEquals(List.of("d-dev-loss.svg", "d-dev-error.svg"), List.copyOf(ReportFiles.charts(plan, List.of(report)).keySet()));
        assertEquals(List.of("d-dev-loss.svg", "d-dev-error.svg"), ReportFiles.chartFiles(plan, List.of(report)));
        assertTrue(ReportFiles.charts(plan, List.of(report)).get("d-dev-error.svg").startsWith("<svg xmlns="),
                "each chart is a standalone SVG document");
        assertTrue(ReportFiles.charts(plan, List.of(report)).get("d-dev-error.svg").contains(">Error along the path on d/dev</text>"));
        assertTrue(html.contains("BARRIER"), "an error barrier of 0.29 is above ε = 0.02");
        assertFalse(html.contains(".png"), "no PNG images mentioned where none were drawn");
        Map<String, String> drawn = ReportFiles.charts(plan, List.of(report));
        assertTrue(ReportFiles.html(plan, List.of(report), progress, drawn, List.of(), true).contains("<code>.png</code>"),
                "the page names the PNG images where they were drawn");
        assertTrue(html.contains("&lt;tiny &amp; &quot;quoted&quot;&gt;"), "names are escaped");
        assertTrue(new String(ReportFiles.json(plan, List.of(report))).contains("\"verdict\" : \"BARRIER\""));

        // The same path scored on a second dataset: one more chart, the path's error with a line per dataset.
        PathReport other = new PathReport(Event.SCHEMA, plan.studyId(), line.id(), "d/test", List.of(0.0, 0.5, 1.0),
                List.of(0.4, 0.8, 0.45), List.of(0.2, 0.3, 0.22), Connectivity.of(s.t(), s.loss()), error,
                Verdict.of(error, BarrierRule.MEAN, 0.02), new ParameterDistance(10, 1.5, 0.4, 0.99), BarrierRule.MEAN, 0.02);
        List<PathReport> both = List.of(report, other);
        Map<String, String> charts = ReportFiles.charts(plan, both);
        assertEquals(List.of("d-dev-loss.svg", "d-dev-error.svg", "d-test-loss.svg", "d-test-error.svg", "path-line-error.svg"),
                List.copyOf(charts.keySet()));
        assertEquals(List.copyOf(charts.keySet()), ReportFiles.chartFiles(plan, both));
        String pathChart = charts.get("path-line-error.svg");
        assertEquals(2, pathChart.split("<polyline").length - 1, "a line per dataset");
        assertTrue(pathChart.contains(">d/dev<") && pathChart.contains(">d/test<"), "named in the legend");
        assertTrue(ReportFiles.html(plan, both, progress).contains("Paths scored on several datasets"));
    }

    /** The forgetting groups of a path whose start endpoint recorded dynamics: a table in the page, a section in the JSON. */
    @Test
    void forgettingGroupsAppearInTheJsonAndThePage() throws Exception {
        StudyPlan plan = dynamicsPlan();
        DataMap map = new DataMap(new double[]{0.9, 0.3, 0.6}, new double[]{0.05, 0.3, 0.2}, new double[]{1, 0.5, 1}, 2);
        Forgetting f = Forgetting.of(new double[]{0, 0.5, 1}, new boolean[][]{{true, true, false}, {true, false, false},
                {true, false, true}}, map);
        List<ReportFiles.PathForgetting> forgetting = List.of(new ReportFiles.PathForgetting("line", "a", "d/dev", new int[]{1, 2}, f));
        String json = new String(ReportFiles.json(plan, List.of(), forgetting));
        assertTrue(json.contains("\"group\" : \"t = 0.5\"") && json.contains("\"meanConfidence\" : 0.3"), json);
        assertTrue(json.contains("\"rightAtStart\" : 2"), json);
        String html = ReportFiles.html(plan, List.of(), new StudyProgress(plan), Map.of(), forgetting, false);
        assertTrue(html.contains("Which examples a path forgets first"), html);
        assertTrue(html.contains("<td class=\"l\">t = 0.5</td><td>1</td><td>0.3000</td><td>0.3000</td><td>0.5000</td>"), html);
        assertTrue(html.contains("<td class=\"l\">t = 1.0</td><td>0</td><td>—</td>"), "an empty group has no means: " + html);
        assertTrue(!ReportFiles.html(plan, List.of(), new StudyProgress(plan)).contains("forgets first"), "no dynamics, no section");
        assertTrue(json.contains("\"rankCorrelations\" : {\n      \"confidence\" : {\n        \"n\" : 1,\n        \"rho\" : null"), json);
        assertTrue(html.contains("1 example forgotten: too few for a rank correlation."), html);
        assertFalse(html.contains("Over seed pairs"), "one replicate, no summary over seed pairs");
        assertTrue(json.contains("\"forgettingOverReplicates\" : [ ]"), json);
    }

    /** A line from an endpoint that records its training dynamics on the split the line is scored on. */
    private static StudyPlan dynamicsPlan() throws Exception {
        return StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                endpoints:
                  a: {seeds: {init: 1, data: 1, dropout: 1}, dynamics: {split: dev, every: 1}}
                  b: {seeds: {init: 2, data: 2, dropout: 2}}
                paths:
                  line: {from: a, to: b, grid: {points: 3}, eval: [d/dev]}
                """)).plan();
    }

    /** The shape of examples/rq3-instances-replicates.yaml: a line from a start endpoint with dynamics, over three seed pairs. */
    private static StudyPlan replicatedDynamicsPlan() throws Exception {
        return StudyPlanner.plan(SpecReader.readYaml("""
                baseModel: builtin:all-MiniLM-L6-v2
                datasets: {d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, train2: t.tsv, dev: v.tsv}}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                sweeps:
                  other-data:
                    base: {dynamics: {split: train, every: 1}}
                    vary: {trainSplit: [train, train2]}
                    replicates: 3
                    path: {grid: {points: 3}, eval: [d/train]}
                """)).plan();
    }

    /** The three replicates' forgetting on d/train, with the given correlations (NaN: undefined) and 5, 6, 7 forgotten. */
    private static List<ReportFiles.PathForgetting> replicatedForgetting(double[] confidence, double[] variability) {
        List<ReportFiles.PathForgetting> out = new ArrayList<>();
        String[] suffix = {"", "-r2", "-r3"};
        for (int r = 0; r < 3; r++) {
            List<Forgetting.Group> groups = List.of(new Forgetting.Group("t = 0.5", 0.5, 5 + r, 0.5, 0.2, 0.8),
                    new Forgetting.Group(Forgetting.Group.KEPT, Double.NaN, 3, 0.9, 0.1, 1));
            Forgetting f = new Forgetting(groups, 8 + r, new RankCorrelation(5 + r, confidence[r], 0.01),
                    new RankCorrelation(5 + r, variability[r], 0.01));
            out.add(new ReportFiles.PathForgetting("other-data-1-to-2" + suffix[r], "other-data-1" + suffix[r], "d/train",
                    new int[]{1, 2}, f));
        }
        return out;
    }

    @Test
    void forgettingOverSeedPairsGetsAMeanCorrelationWithAnInterval() throws Exception {
        StudyPlan plan = replicatedDynamicsPlan();
        List<ReportFiles.PathForgetting> forgetting = replicatedForgetting(new double[]{0.5, 0.6, 0.7}, new double[]{-0.5, -0.6, -0.7});
        var json = org.modeconn.core.events.EventCodec.mapper().readTree(ReportFiles.json(plan, List.of(), forgetting));
        var c = json.get("forgettingOverReplicates").get(0);
        assertEquals("other-data-1-to-2", c.get("comparison").asText());
        assertEquals("other-data", c.get("sweep").asText());
        assertEquals("d/train", c.get("dataset").asText());
        assertEquals("[\"other-data-1-to-2\",\"other-data-1-to-2-r2\",\"other-data-1-to-2-r3\"]", c.get("paths").toString());
        assertEquals("[5,6,7]", c.get("forgotten").toString());
        var confidence = c.get("rankCorrelations").get("confidence");
        assertEquals(3, confidence.get("n").asInt());
        assertEquals(0.6, confidence.get("mean").asDouble(), 1e-12);
        // sd 0.1, t(0.975, 2) = 4.302652729749464
        assertEquals(4.302652729749464 * 0.1 / Math.sqrt(3), confidence.get("halfWidth95").asDouble(), 1e-9);
        assertEquals("[0.5,0.6,0.7]", confidence.get("values").toString());
        assertEquals(-0.6, c.get("rankCorrelations").get("variability").get("mean").asDouble(), 1e-12);
        String html = ReportFiles.html(plan, List.of(), new StudyProgress(plan), Map.of(), forgetting, false);
        assertTrue(html.contains("<td>3</td><td>5, 6, 7</td><td>0.600 ± 0.248 (3 defined)</td><td>−0.600 ± 0.248 (3 defined)</td>"), html);
    }

    @Test
    void anUndefinedCorrelationIsLeftOutOfTheSummaryAndShownAsNull() throws Exception {
        StudyPlan plan = replicatedDynamicsPlan();
        double nan = Double.NaN;
        List<ReportFiles.PathForgetting> forgetting = replicatedForgetting(new double[]{nan, 0.4, nan}, new double[]{nan, nan, nan});
        var json = org.modeconn.core.events.EventCodec.mapper().readTree(ReportFiles.json(plan, List.of(), forgetting));
        var correlations = json.get("forgettingOverReplicates").get(0).get("rankCorrelations");
        assertEquals(1, correlations.get("confidence").get("n").asInt());
        assertEquals("[null,0.4,null]", correlations.get("confidence").get("values").toString(), "values stay aligned with paths");
        assertTrue(correlations.get("confidence").get("halfWidth95").isNull(), "no interval from one value");
        assertTrue(correlations.get("variability").isNull(), "undefined in every replicate: no summary");
        String html = ReportFiles.html(plan, List.of(), new StudyProgress(plan), Map.of(), forgetting, false);
        assertTrue(html.contains("<td>5, 6, 7</td><td>0.400 (1 defined)</td><td>—</td>"), html);
    }

    @Test
    void forgettingRankCorrelationsAppearInTheJsonAndThePage() throws Exception {
        // four examples, three forgotten: at t = 0.5 the least confident, at t = 1 two more confident ones
        DataMap map = new DataMap(new double[]{0.2, 0.8, 0.6, 0.9}, new double[]{0.3, 0.1, 0.2, 0.05},
                new double[]{0.5, 1, 1, 1}, 2);
        Forgetting f = Forgetting.of(new double[]{0, 0.5, 1}, new boolean[][]{{true, true, true, true},
                {false, true, true, true}, {false, false, false, true}}, map);
        // scipy.stats.spearmanr([0.5, 1, 1], [0.2, 0.8, 0.6]) = (0.8660254037844387, 0.3333333333333332)
        assertEquals(0.8660254037844387, f.withConfidence().rho(), 1e-12);
        assertEquals(0.3333333333333332, f.withConfidence().p(), 1e-9);
        assertEquals("Over the 3 examples forgotten, Spearman's rank correlation of the point where each is first wrong "
                + "with its confidence: ρ = 0.866 (p = 0.33); with its variability: ρ = −0.866 (p = 0.33). With so few, the "
                + "p-values of the t approximation are rough.",
                ReportFiles.correlationSentence(f));
        String json = new String(ReportFiles.json(dynamicsPlan(), List.of(), List.of(new ReportFiles.PathForgetting("line", "a", "d/dev", new int[]{1, 2}, f))));
        assertTrue(json.contains("\"n\" : 3,\n        \"rho\" : 0.866025403784438"), json);
    }

    @Test
    void aReplicatedSweepGetsItsBarriersWithIntervalsAChartAgainstTheFactorAndAVerdictOverReplicates() throws Exception {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml("""
                name: lr
                baseModel: builtin:all-MiniLM-L6-v2
                epsilon: 0.02
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {task: d, learningRate: 1.0e-4, batchSize: 8, steps: 2}
                sweeps:
                  lr:
                    vary: {learningRate: [1.0e-4, 3.0e-5, 1.0e-5]}
                    replicates: 3
                    path: {grid: {points: 3}, eval: [d/dev]}
                """)).plan();
        List<PathReport> reports = replicateReports(plan, new double[][]{{0.02, 0.035, 0.011}, {0.001, 0.002, 0.0015}},
                new double[]{0.1, 0.1});
        Map<String, String> charts = ReportFiles.charts(plan, reports);
        assertTrue(charts.containsKey("sweep-lr-d-dev-barrier.svg"), charts.keySet().toString());
        assertEquals(List.copyOf(charts.keySet()), ReportFiles.chartFiles(plan, reports));
        assertTrue(charts.get("d-dev-error.svg").contains(">Error along the 6 paths on d/dev</text>"), "the title counts the lines");
        String errors = charts.get("d-dev-error.svg");
        for (String colour : List.of("#0072B2", "#D55E00")) {
            assertEquals(3, errors.split("<polyline fill=\"none\" stroke=\"" + colour + "\"").length - 1,
                    "the three replicates of a comparison in one colour, " + colour);
        }
        assertEquals(2, errors.split("<polyline[^>]*stroke-dasharray=\"7 4\"").length - 1, "each comparison's second replicate dashed");
        String chart = charts.get("sweep-lr-d-dev-barrier.svg");
        assertEquals(6 + 2, chart.split("<circle").length - 1, "a ring per replicate, a dot per comparison");
        assertTrue(chart.contains("1.0E-4 → 3.0E-5") && chart.contains("3.0E-5 → 1.0E-5") && chart.contains("learningRate"), chart);

        String html = ReportFiles.html(plan, reports, new StudyProgress(plan));
        assertTrue(html.contains("Barriers over replicates") && html.contains("Sweep lr on d/dev"), html);
        assertTrue(html.contains("0.0220 ± 0.0301"), "the mean and the 95% half-width of 0.02, 0.035, 0.011");
        assertTrue(html.contains("UNDECIDED") && html.contains(">CONNECTED<"), "one interval holds ε, the other lies below it");

        var json = org.modeconn.core.events.EventCodec.mapper().readTree(ReportFiles.json(plan, reports));
        var first = json.get("comparisons").get(0);
        assertEquals("lr-1-to-2", first.get("comparison").asText());
        assertEquals(3, first.get("paths").size());
        assertEquals(0.022, first.get("barriers").get("error rule").get("mean").asDouble(), 1e-12);
        assertEquals(0.0301186, first.get("barriers").get("error rule").get("halfWidth95").asDouble(), 1e-6);
        assertEquals("UNDECIDED", first.get("verdict").asText());
        assertEquals(0, json.get("pairedDifferences").size(), "one sweep: nothing to pair");
        assertFalse(html.contains("Paths between the same endpoints"), "one sweep: no table of paired differences");
    }

    @Test
    void aPathBetweenTwoTasksGetsWhereEachTasksErrorIsHalfWayAndItsMeanOverReplicates() throws Exception {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml("""
                name: tasks
                baseModel: builtin:all-MiniLM-L6-v2
                epsilon: 0.02
                datasets:
                  a: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                  b: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {learningRate: 1.0e-4, batchSize: 8, steps: 2}
                sweeps:
                  ab:
                    vary: {task: [a, b]}
                    replicates: 3
                    path: {grid: {points: 5}, eval: [a/dev, b/dev]}
                """)).plan();
        double[] t = {0, 0.25, 0.5, 0.75, 1};
        // On a/dev the error rises from 0.1 to 0.5 (half-way: 0.3), crossing 0.3 at t = 0.25 + 0.25·(0.3 − 0.2)/(0.4 − 0.2)
        // = 0.375, at 0.5 and at 0.5 + 0.25·(0.3 − 0.25)/(0.35 − 0.25) = 0.625; on b/dev both ends score 0.3 (none).
        double[][] rising = {{0.1, 0.2, 0.4, 0.45, 0.5}, {0.1, 0.15, 0.3, 0.45, 0.5}, {0.1, 0.15, 0.25, 0.35, 0.5}};
        List<PathReport> reports = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            String id = plan.pathNamed(plan.comparisons().get(0).paths().get(r)).orElseThrow().id();
            reports.add(report(plan, id, "a/dev", t, rising[r]));
            reports.add(report(plan, id, "b/dev", t, new double[]{0.3, 0.25, 0.2, 0.25, 0.3}));
        }
        var json = org.modeconn.core.events.EventCodec.mapper().readTree(ReportFiles.json(plan, reports));
        assertEquals(0.375, json.get("paths").get(0).get("halfWay").get("t").asDouble(), 1e-12);
        assertEquals(1, json.get("paths").get(0).get("halfWay").get("crossings").asInt());
        assertTrue(json.get("paths").get(1).get("halfWay").get("t").isNull(), "b/dev: its ends score alike");
        var a = json.get("comparisons").get(0);
        assertEquals("a/dev", a.get("dataset").asText());
        // mean 0.5, sd 0.125, t(0.975, 2) = 4.302653: half-width 4.302653 · 0.125 / √3 (scipy.stats.t.ppf)
        assertEquals(0.5, a.get("halfWay").get("mean").asDouble(), 1e-12);
        assertEquals(4.302652729749462 * 0.125 / Math.sqrt(3), a.get("halfWay").get("halfWidth95").asDouble(), 1e-9);
        assertEquals(List.of(0.375, 0.5, 0.625), doubles(a.get("halfWay").get("values")));
        assertTrue(json.get("comparisons").get(1).get("halfWay").isNull(), "b/dev: undefined in every replicate");

        String html = ReportFiles.html(plan, reports, new StudyProgress(plan));
        assertTrue(html.contains("<td>0.3750</td>") && html.contains("<td>0.5000 ± 0.3105</td>"), html);
        assertTrue(html.contains("<td>—</td>"), "b/dev: no half-way point");
    }

    /** A path's report on one dataset with the loss series equal to the error series, judged by the linear rule at 0.02. */
    private static PathReport report(StudyPlan plan, String pathId, String dataset, double[] t, double[] error) {
        return report(plan, pathId, dataset, t, error, error);
    }

    /** A path's report on one dataset from its loss and error series, judged by the linear rule at ε = 0.02. */
    private static PathReport report(StudyPlan plan, String pathId, String dataset, double[] t, double[] loss, double[] error) {
        Connectivity errorMetrics = Connectivity.of(t, error);
        return new PathReport(Event.SCHEMA, plan.studyId(), pathId, dataset, java.util.Arrays.stream(t).boxed().toList(),
                java.util.Arrays.stream(loss).boxed().toList(), java.util.Arrays.stream(error).boxed().toList(),
                Connectivity.of(t, loss), errorMetrics, Verdict.of(errorMetrics, BarrierRule.LINEAR, 0.02), null,
                BarrierRule.LINEAR, 0.02);
    }

    private static List<Double> doubles(com.fasterxml.jackson.databind.JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }

    /**
     * The reports of the plan's first two comparisons over three replicates on d/dev: at t = 0, ½, 1 the error of
     * comparison c in replicate r is (0.1, 0.1 + errorBumps[c][r], 0.1) and its loss (0.3, 0.3 + lossBumps[c], 0.3).
     */
    private static List<PathReport> replicateReports(StudyPlan plan, double[][] errorBumps, double[] lossBumps) {
        List<PathReport> reports = new java.util.ArrayList<>();
        double[] t = {0, 0.5, 1};
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 3; r++) {
                String name = plan.comparisons().get(c).paths().get(r);
                double[] error = {0.1, 0.1 + errorBumps[c][r], 0.1};
                double[] loss = {0.3, 0.3 + lossBumps[c], 0.3};
                reports.add(report(plan, plan.pathNamed(name).orElseThrow().id(), "d/dev", t, loss, error));
            }
        }
        return reports;
    }

    @Test
    void aCurveAndALineBetweenTheSameEndpointsGetTheirPairedDifferences() throws Exception {
        StudyPlan plan = StudyPlanner.plan(SpecReader.readYaml("""
                name: init
                baseModel: builtin:all-MiniLM-L6-v2
                datasets:
                  d: {format: tsv, text: [s], label: l, numLabels: 2, splits: {train: t.tsv, dev: v.tsv}}
                defaults: {task: d, learningRate: 1.0e-3, batchSize: 8, steps: 2}
                sweeps:
                  line: &init
                    base: {method: {kind: adapter, bottleneck: 4}}
                    vary: {method.initStd: [0.02, 0.08]}
                    replicates: 3
                    path: {grid: {points: 3}, eval: [d/dev]}
                  curve:
                    <<: *init
                    path: {curve: {kind: bezier, bends: 1}, grid: {points: 3}, eval: [d/dev], fit: {steps: 2, learningRate: 1.0e-3, batchSize: 8}}
                """)).plan();
        List<PathReport> reports = replicateReports(plan, new double[][]{{0.030, 0.050, 0.040}, {0.019, 0.041, 0.030}},
                new double[]{0.01, 0.02});
        String html = ReportFiles.html(plan, reports, new StudyProgress(plan));
        assertTrue(html.contains("Paths between the same endpoints"), html);
        // curve − line: −0.011, −0.009, −0.010 in every error barrier (mean −0.01, half-width 4.3027 · 0.001 / √3),
        // +0.01 in every loss barrier (no spread: the interval is the point +0.01).
        assertTrue(html.contains("<td class=\"l\">curve-1-to-2 − line-1-to-2</td><td class=\"l\">d/dev</td><td>3</td>"
                + "<td class=\"lower\">-0.0100 ± 0.0025</td>"), html);
        assertTrue(html.contains("<td class=\"higher\">0.0100 ± 0.0000</td>"), html);

        var json = org.modeconn.core.events.EventCodec.mapper().readTree(ReportFiles.json(plan, reports));
        var paired = json.get("pairedDifferences");
        assertEquals(1, paired.size());
        assertEquals("line-1-to-2", paired.get(0).get("first").asText());
        assertEquals("curve-1-to-2", paired.get(0).get("second").asText());
        var errorLinear = paired.get(0).get("differences").get("error linear");
        assertEquals(-0.01, errorLinear.get("mean").asDouble(), 1e-12);
        assertEquals(0.00248413771175033, errorLinear.get("halfWidth95").asDouble(), 1e-9);
        assertEquals("LOWER", errorLinear.get("effect").asText());
        assertEquals(3, errorLinear.get("values").size());
        assertEquals("HIGHER", paired.get(0).get("differences").get("loss linear").get("effect").asText());
    }
}
