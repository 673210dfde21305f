package org.modeconn.core.events;

import org.modeconn.core.store.BlobRef;

import java.util.List;

/** A finished study: its path reports and where the report files are. */
public record StudyReport(int schema, String studyId, List<PathReport> paths, BlobRef reportJson, BlobRef reportHtml,
                          BlobRef pointsCsv) implements Event {
    public StudyReport {
        Required.field(studyId, "studyId");
        paths = paths == null ? List.of() : List.copyOf(paths);
    }

    @Override
    public String key() {
        return studyId;
    }
}
