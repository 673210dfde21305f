package org.modeconn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Follows a study's progress until it completes, fails or is rejected. */
@Command(name = "watch", description = "Follow a study's progress (from its first event) until it ends.")
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY-ID")
    String studyId;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--timeout", description = "give up after this many minutes (default: ${DEFAULT-VALUE})")
    long timeoutMinutes = 24 * 60;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (StudyWatcher watcher = new StudyWatcher(bootstrap, studyId, true)) {
            StudyWatcher.Outcome o = watcher.await(out, () -> null, Duration.ofMinutes(timeoutMinutes));
            out.println(o.state() + (o.message() == null ? "" : ": " + o.message()));
            o.errors().forEach(p -> out.println("  " + p));
            return switch (o.state()) {
                case COMPLETED -> ExitCodes.OK;
                case REJECTED -> ExitCodes.INVALID;
                default -> ExitCodes.FAILED;
            };
        }
    }
}
