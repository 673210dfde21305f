package org.modeconn.reporter;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.modeconn.core.events.PathReport;
import org.modeconn.core.pipeline.StudyProgress;
import org.modeconn.core.spec.Problem;
import org.modeconn.core.store.ObjectKeys;
import org.modeconn.core.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Studies and their reports over HTTP; the OpenAPI document is at {@code /q/openapi}. */
@Path("/studies")
@Produces(MediaType.APPLICATION_JSON)
public class StudyResource {

    /** A study as listed: where it stands and how far each stage has got. */
    public record Summary(String studyId, String name, String state, String message, List<Problem> problems,
                          Map<String, StudyProgress.Count> progress) {
    }

    /** A study with its path reports (empty until it completes). */
    public record Detail(Summary summary, List<PathReport> paths) {
    }

    private final StudyBook book;
    private final ObjectStore store;

    StudyResource(StudyBook book, ObjectStore store) {
        this.book = book;
        this.store = store;
    }

    @GET
    @Operation(summary = "Every study this reporter knows, with its state and progress")
    public List<Summary> list() {
        return book.all().stream().map(StudyResource::summary).sorted(Comparator.comparing(Summary::studyId)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One study: state, progress and, once complete, its path reports")
    public Detail get(@PathParam("id") String id) {
        StudyBook.Entry e = entry(id);
        return new Detail(summary(e), e.reports());
    }

    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The study's HTML report (charts, barrier table, distances)")
    public InputStream html(@PathParam("id") String id) throws IOException {
        return file(id, "report.html");
    }

    @GET
    @Path("/{id}/report.json")
    @Operation(summary = "The study's report as JSON")
    public InputStream json(@PathParam("id") String id) throws IOException {
        return file(id, "report.json");
    }

    @GET
    @Path("/{id}/points.csv")
    @Produces("text/csv")
    @Operation(summary = "Every scored point of the study as CSV")
    public InputStream csv(@PathParam("id") String id) throws IOException {
        return file(id, "points.csv");
    }

    @GET
    @Path("/{id}/charts")
    @Operation(summary = "The file names of the report's charts in report order, each SVG followed by its PNG image "
            + "where one was drawn; empty until the study completes")
    public List<String> charts(@PathParam("id") String id) throws IOException {
        StudyBook.Entry e = entry(id);
        if (e.plan() == null) {
            return List.of();
        }
        List<String> svgs = ReportFiles.chartFiles(e.plan(), e.reports());
        // ChartImages draws every chart or none, so the first chart's image says whether all have one.
        boolean images = !svgs.isEmpty() && store.exists(ObjectKeys.reportChart(id, ChartImages.pngFile(svgs.get(0))));
        List<String> out = new ArrayList<>();
        for (String svg : svgs) {
            out.add(svg);
            if (images) {
                out.add(ChartImages.pngFile(svg));
            }
        }
        return out;
    }

    @GET
    @Path("/{id}/charts/{file}")
    @Produces({"image/svg+xml", "image/png"})
    @Operation(summary = "One chart of the report: an SVG document ({file}.svg) or its PNG image ({file}.png)")
    public Response chart(@PathParam("id") String id, @PathParam("file") String file) throws IOException {
        String type = file.endsWith(".png") ? "image/png" : "image/svg+xml";
        return Response.ok(file(id, file, () -> ObjectKeys.reportChart(id, file)), type).build();
    }

    private InputStream file(String id, String name) throws IOException {
        return file(id, name, () -> ObjectKeys.report(id, name));
    }

    private InputStream file(String id, String name, java.util.function.Supplier<String> keyOf) throws IOException {
        entry(id);
        String key;
        try {
            key = keyOf.get();
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no study " + id + " file " + name);
        }
        if (!store.exists(key)) {
            throw new NotFoundException("study " + id + " has no " + name + " yet");
        }
        return store.openUnverified(key);
    }

    private StudyBook.Entry entry(String id) {
        StudyBook.Entry e = book.get(id);
        if (e == null) {
            throw new NotFoundException("no study " + id);
        }
        return e;
    }

    private static Summary summary(StudyBook.Entry e) {
        Map<String, StudyProgress.Count> progress = e.progress() == null ? Map.of() : Map.of(
                "checkpoints", e.progress().training(),
                "points", e.progress().interpolation(),
                "evaluations", e.progress().evaluation());
        String name = e.plan() == null ? null : e.plan().spec().name();
        return new Summary(e.studyId(), name, String.valueOf(e.state()), e.message(), e.problems(), progress);
    }
}
