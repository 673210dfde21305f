package org.modeconn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Downloads a finished study's report files from the reporter service. */
@Command(name = "report", description = "Download a study's report.html, report.json and points.csv from the reporter service.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY-ID")
    String studyId;

    @Option(names = "--reporter", required = true, paramLabel = "URL", description = "the reporter service, e.g. http://localhost:8084")
    String reporter;

    @Option(names = "--out", required = true, description = "folder to write the files to")
    Path out;

    @Override
    public Integer call() throws Exception {
        StudyClient.download(reporter, studyId, out);
        spec.commandLine().getOut().println("wrote " + String.join(", ", StudyClient.REPORT_FILES) + " to " + out);
        return ExitCodes.OK;
    }
}
