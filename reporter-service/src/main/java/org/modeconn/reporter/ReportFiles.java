package org.modeconn.reporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.events.PointEvaluated;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.spec.EvalTarget;
import org.modeconn.core.spec.StudyPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The three report files of a study, rendered from its plan and path reports; no I/O here. */
final class ReportFiles {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#17becf"};

    private ReportFiles() {
    }

    /** report.json: the study and, per path and dataset, the series with their metrics. */
    static byte[] json(StudyPlan plan, List<PathReport> reports) throws JsonProcessingException {
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
            paths.add(m);
        }
        root.put("paths", paths);
        return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
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

    /** report.html: per dataset, loss and error along t for every path, the barrier table and distances. */
    static String html(StudyPlan plan, List<PathReport> reports, StudyProgress progress) {
        String title = "modeconn report: " + (plan.spec().name() == null ? plan.studyId() : plan.spec().name());
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}")
                .append("td.l,th.l{text-align:left}.ok{color:#2a7d2a}.bad{color:#b22}svg{margin-right:1em}</style></head><body>")
                .append("<h1>").append(esc(title)).append("</h1><p>study <code>").append(esc(plan.studyId()))
                .append("</code>; a path counts as connected when its error barrier by the rule <b>")
                .append(esc(plan.spec().barrierRuleOrDefault().spelling())).append("</b> is at most ε = ")
                .append(fmt(plan.spec().epsilonOrDefault())).append(". Barriers: <i>max − mean</i> = max f(t) − ½[f(0) + f(1)]")
                .append(" (Frankle et al.); <i>linear</i> = max f(t) − [(1 − t)f(0) + t f(1)] (Entezari et al.);")
                .append(" <i>above worse</i> = max f(t) − max(f(0), f(1)).</p>");
        List<String> datasets = reports.stream().map(PathReport::dataset).distinct().toList();
        for (String dataset : datasets) {
            List<PathReport> rs = reports.stream().filter(r -> r.dataset().equals(dataset)).toList();
            b.append("<h2>").append(esc(dataset)).append("</h2><div>");
            b.append(chart(plan, rs, "loss", true)).append(chart(plan, rs, "error", false)).append("</div>");
            b.append("<table><tr><th class=l>path</th><th class=l>curve</th><th>loss(0)</th><th>loss(1)</th>")
                    .append("<th>loss barrier</th><th>error(0)</th><th>error(1)</th><th>error max − mean</th>")
                    .append("<th>error linear</th><th>error above worse</th><th>max error</th><th class=l>verdict (rule)</th></tr>");
            for (PathReport r : rs) {
                StudyPlan.Path p = path(plan, r.pathId());
                boolean ok = r.verdict() != null && r.verdict().name().equals("CONNECTED");
                b.append("<tr><td class=l>").append(esc(p.name())).append(" (").append(esc(p.from())).append(" → ")
                        .append(esc(p.to())).append(")</td><td class=l>").append(esc(p.curve().spelling()))
                        .append(p.bends() > 0 ? ", " + p.bends() + " bend(s)" : "").append("</td><td>")
                        .append(fmt(r.lossMetrics().start())).append("</td><td>").append(fmt(r.lossMetrics().end()))
                        .append("</td><td>").append(fmt(r.lossMetrics().barrier())).append("</td><td>")
                        .append(fmt(r.errorMetrics().start())).append("</td><td>").append(fmt(r.errorMetrics().end()))
                        .append("</td><td>").append(fmt(r.errorMetrics().barrier())).append("</td><td>")
                        .append(fmt(r.errorMetrics().linearBarrier())).append("</td><td>")
                        .append(fmt(r.errorMetrics().aboveWorseEndpoint())).append("</td><td>").append(fmt(r.errorMetrics().max()))
                        .append("</td><td class=\"l ").append(ok ? "ok" : "bad").append("\">").append(r.verdict())
                        .append(r.rule() == null ? "" : " (" + r.rule().spelling() + " " + fmt(r.rule().of(r.errorMetrics()))
                                + (ok ? " ≤ " : " > ") + fmt(r.epsilon()) + ")")
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>Distances between endpoints</h2><table><tr><th class=l>path</th><th>parameters</th><th>L2</th>")
                .append("<th>RMS</th><th>cosine</th></tr>");
        for (StudyPlan.Path p : plan.paths()) {
            reports.stream().filter(r -> r.pathId().equals(p.id()) && r.distance() != null).findFirst().ifPresent(r ->
                    b.append("<tr><td class=l>").append(esc(p.name())).append("</td><td>").append(r.distance().parameters())
                            .append("</td><td>").append(fmt(r.distance().l2())).append("</td><td>")
                            .append(fmt(r.distance().rms())).append("</td><td>").append(fmt(r.distance().cosine()))
                            .append("</td></tr>"));
        }
        b.append("</table><p>Points per path and dataset: see <code>points.csv</code>; ")
                .append(progress.evaluation().done()).append(" evaluations in all.</p></body></html>\n");
        return b.toString();
    }

    /** An SVG line chart of one quantity over t, a line per path, endpoints marked with dots. */
    static String chart(StudyPlan plan, List<PathReport> rs, String quantity, boolean loss) {
        int w = 460, h = 300, left = 55, right = 15, top = 30, bottom = 40;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (PathReport r : rs) {
            for (double v : loss ? r.loss() : r.error()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1e-6;
        }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s along t\">", w, h, quantity));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s along the path</text>", left, quantity));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                left, top, w - left - right, h - top - bottom));
        for (int k = 0; k <= 4; k++) {
            double v = lo + (hi - lo) * k / 4;
            double y = top + (h - top - bottom) * (1 - (double) k / 4);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                    left - 4, y + 3, fmt(v)));
            double x = left + (w - left - right) * k / 4.0;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x, h - bottom + 14, fmt(k / 4.0)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">t</text>",
                left + (w - left - right) / 2, h - 8));
        for (int i = 0; i < rs.size(); i++) {
            PathReport r = rs.get(i);
            String colour = COLOURS[i % COLOURS.length];
            List<Double> ts = r.t();
            List<Double> vs = loss ? r.loss() : r.error();
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < ts.size(); k++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(ts.get(k), left, w - left - right),
                        y(vs.get(k), lo, hi, top, h - top - bottom)));
            }
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"/>");
            for (int k : new int[]{0, ts.size() - 1}) {
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
                        x(ts.get(k), left, w - left - right), y(vs.get(k), lo, hi, top, h - top - bottom), colour));
            }
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    left + 8, top + 14 + 13 * i, colour, esc(path(plan, r.pathId()).name())));
        }
        return b.append("</svg>").toString();
    }

    private static double x(double t, int left, int width) {
        return left + t * width;
    }

    private static double y(double v, double lo, double hi, int top, int height) {
        return top + (1 - (v - lo) / (hi - lo)) * height;
    }

    private static StudyPlan.Path path(StudyPlan plan, String pathId) {
        return plan.paths().stream().filter(p -> p.id().equals(pathId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no path " + pathId));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
