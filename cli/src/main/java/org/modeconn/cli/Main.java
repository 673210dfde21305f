package org.modeconn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modeconn} command. Exit codes: 0 success, 1 failure, 2 invalid input. */
@Command(name = "modeconn", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Mode connectivity of pre-trained language models.",
        subcommands = {InspectCommand.class, InterpolateCommand.class, ValidateCommand.class, StackCommand.class, RunCommand.class, SubmitCommand.class,
                WatchCommand.class, ReportCommand.class, SyntheticDataCommand.class,
                ImportModelCommand.class, TrainCommand.class, PretrainCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // e.g. `bench --only pipeline`
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A failure the user can act on: say what went wrong, without a stack trace.
            cmd.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("MODECONN_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof IllegalArgumentException ? ExitCodes.INVALID : ExitCodes.FAILED;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"modeconn " + (v != null ? v : "(development build)")};
        }
    }
}
