package org.modeconn.cli;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.modeconn.core.events.Topics;
import org.modeconn.core.store.ObjectStore;
import org.modeconn.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The embedded default's broker and S3 server, on their own. */
@Command(name = "stack", description = "Start, stop or check the local stack (a Kafka broker and an S3 server on loopback).",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
final class StackCommand {

    static final Path DEFAULT_DIR = Path.of(".modeconn", "stack");

    @Command(name = "up", description = {"Start the stack and keep it running until Ctrl-C (or `stack down`).",
            "Its data (topics, offsets, objects) stays in --dir across restarts."})
    static final class Up extends OnDir {

        @Option(names = "--kafka-port", description = "broker port (default: a free port)")
        int kafkaPort;

        @Option(names = "--s3-port", description = "S3 port (default: a free port)")
        int s3Port;

        @Option(names = "--detach", description = "start in the background and return once it is up")
        boolean detach;

        @Override
        public Integer call() throws Exception {
            Optional<LocalStack.Endpoints> running = LocalStack.findRunning(dir);
            if (running.isPresent()) {
                spec.commandLine().getOut().println("already running (pid " + running.get().pid() + ")");
                print(spec.commandLine().getOut(), running.get());
                return ExitCodes.OK;
            }
            if (detach) {
                return startInBackground();
            }
            LocalStack stack = LocalStack.start(LocalStack.Config.in(dir)
                    .withPorts(kafkaPort, 0, s3Port)
                    .withS3Tls(0) // for AWS clients at their defaults (see docs/development.md)
                    .withTopics(Topics.ALL));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                spec.commandLine().getOut().println("stopping the local stack");
                stack.close();
                stopped.countDown();
            }, "stack-shutdown"));
            spec.commandLine().getOut().println("local stack is up (pid " + ProcessHandle.current().pid() + "); Ctrl-C stops it");
            print(spec.commandLine().getOut(), stack.endpoints());
            stopped.await();
            return ExitCodes.OK;
        }

        /** Runs `stack up` again as a child JVM with the same classpath, logging to DIR/stack.log. */
        private int startInBackground() throws IOException, InterruptedException {
            Files.createDirectories(dir);
            Path log = dir.resolve("stack.log");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "stack", "up", "--dir", dir.toString()));
            if (kafkaPort != 0) {
                command.addAll(List.of("--kafka-port", String.valueOf(kafkaPort)));
            }
            if (s3Port != 0) {
                command.addAll(List.of("--s3-port", String.valueOf(s3Port)));
            }
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Optional<LocalStack.Endpoints> up = LocalStack.findRunning(dir);
                if (up.isPresent() && up.get().pid() == p.pid()) {
                    spec.commandLine().getOut().println("local stack is up in the background (pid " + p.pid() + "); log: " + log);
                    print(spec.commandLine().getOut(), up.get());
                    return ExitCodes.OK;
                }
                if (!p.isAlive()) {
                    throw new IOException("the stack exited with code " + p.exitValue() + " while starting; see " + log);
                }
                Thread.sleep(200);
            }
            p.destroy();
            throw new IOException("the stack did not come up within 60 s; see " + log);
        }
    }

    @Command(name = "down", description = "Stop the stack running from --dir.")
    static final class Down extends OnDir {

        @Override
        public Integer call() throws Exception {
            Optional<LocalStack.Endpoints> running = running();
            if (running.isEmpty()) {
                return ExitCodes.OK;
            }
            ProcessHandle process = ProcessHandle.of(running.get().pid()).orElseThrow();
            process.destroy(); // SIGTERM: the stack's shutdown hook closes broker and S3 server cleanly
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("the stack (pid " + process.pid() + ") did not stop within 60 s");
            }
            spec.commandLine().getOut().println("stopped the stack (pid " + process.pid() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show where the stack runs and check that broker and S3 server answer; exit 3 if it is down.")
    static final class Status extends OnDir {

        @Override
        public Integer call() throws Exception {
            Optional<LocalStack.Endpoints> running = running();
            if (running.isEmpty()) {
                return ExitCodes.NOT_RUNNING;
            }
            LocalStack.Endpoints e = running.get();
            print(spec.commandLine().getOut(), e);
            boolean ok = true;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
                var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                long ours = topics.stream().filter(Topics.ALL::contains).count();
                spec.commandLine().getOut().println("kafka:  UP (" + ours + " of " + Topics.ALL.size() + " modeconn topics)");
            } catch (Exception ex) {
                ok = false;
                spec.commandLine().getOut().println("kafka:  DOWN (" + ex.getMessage() + ")");
            }
            try (ObjectStore store = objectStore(e)) {
                spec.commandLine().getOut().println("s3:     UP (bucket " + store.bucket() + ", " + store.list("").size() + " objects)");
            } catch (Exception ex) {
                ok = false;
                spec.commandLine().getOut().println("s3:     DOWN (" + ex.getMessage() + ")");
            }
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** What every stack subcommand shares: the data directory and the stack recorded there. */
    abstract static class OnDir implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", description = "data directory (default: ${DEFAULT-VALUE})")
        Path dir = DEFAULT_DIR;

        /** The running stack, or empty after saying that none runs. */
        Optional<LocalStack.Endpoints> running() throws IOException {
            Optional<LocalStack.Endpoints> running = LocalStack.findRunning(dir);
            if (running.isEmpty()) {
                spec.commandLine().getOut().println("no stack is running from " + dir);
            }
            return running;
        }
    }

    static void print(java.io.PrintWriter out, LocalStack.Endpoints e) {
        out.println("  kafka bootstrap: " + e.kafkaBootstrapServers());
        out.println("  s3 endpoint:     " + e.s3Endpoint() + " (bucket " + e.bucket() + ", access key " + e.s3AccessKey() + ")");
        if (e.s3SecureEndpoint() != null) {
            out.println("  s3 over TLS:     " + e.s3SecureEndpoint() + " (certificate " + e.s3Certificate() + ")");
        }
        out.println("  credentials:     " + Path.of(e.dataDir()).resolve(LocalStack.STATE_FILE) + " (owner-only)");
    }

    /** A client of the stack's S3 server, with the credentials from its {@code stack.json}. */
    static ObjectStore objectStore(LocalStack.Endpoints e) throws IOException {
        return ObjectStore.connect(new ObjectStore.Config(e.s3Endpoint(), e.s3AccessKey(), e.s3SecretKey(), e.bucket(), "us-east-1"));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
