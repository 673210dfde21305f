package org.modeconn.cli;

import org.modeconn.stack.LocalStack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The four services as child processes (their Quarkus fast-jars), pointed at a local stack through the
 * environment, exactly as a cluster configures them. Each logs to {@code logs/NAME.log} in the work
 * directory and is ready when its {@code /q/health/ready} answers 200.
 */
final class Services implements AutoCloseable {
    static final List<String> NAMES = List.of("trainer-service", "interpolator-service", "evaluator-service", "reporter-service");

    /** One running service. */
    record Running(String name, Process process, int port, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Map<String, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where the service jars are: the source tree the CLI was built from ({@code modeconn.home}). */
    static Path home() {
        String home = System.getProperty("modeconn.home", System.getenv("MODECONN_HOME"));
        if (home == null) {
            throw new IllegalStateException("modeconn.home is not set: run the `modeconn` script from the source tree");
        }
        return Path.of(home);
    }

    static Path jar(String name) {
        Path jar = home().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw install -DskipTests)");
        }
        return jar;
    }

    /** Starts the four services on {@code stack}, with the settings a cluster gives them and nothing else. */
    static Services start(LocalStack.Endpoints stack, Path workDir, String javaOptions) throws IOException, InterruptedException {
        return start(stack, workDir, javaOptions, Map.of());
    }

    /**
     * As {@link #start(LocalStack.Endpoints, Path, String)}, with {@code environment} added to every service's
     * environment (e.g. {@code QUARKUS_OTEL_*} to turn tracing on); it wins over the stack's settings.
     *
     * @throws IOException if a service exits during start-up or is not ready within 180 s (the others are stopped)
     */
    static Services start(LocalStack.Endpoints stack, Path workDir, String javaOptions, Map<String, String> environment)
            throws IOException, InterruptedException {
        Services s = launch(stack, workDir, javaOptions, environment);
        s.awaitReady();
        return s;
    }

    /**
     * Starts the four services' processes as {@link #start(LocalStack.Endpoints, Path, String, Map)} does, without
     * waiting for them to be ready: {@link #awaitReady()} waits. {@code modeconn run} stages the study's inputs
     * while the JVMs start.
     *
     * @throws IOException if a process cannot be started (those already started are stopped)
     */
    static Services launch(LocalStack.Endpoints stack, Path workDir, String javaOptions, Map<String, String> environment)
            throws IOException {
        Services s = new Services(stack, workDir, javaOptions, environment);
        try {
            Files.createDirectories(workDir.resolve("logs"));
            for (String name : NAMES) {
                s.launch(name, name);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Waits until every launched service is ready (its health check answers UP).
     *
     * @throws IOException if a service exits during start-up or is not ready within 180 s (then all are stopped)
     */
    void awaitReady() throws IOException, InterruptedException {
        try {
            for (Running r : running.values()) {
                awaitReady(r, Duration.ofSeconds(180));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** libgomp's wait policy for the local services unless the environment sets one (docs/performance.md, "Threads"). */
    static final String LOCAL_OMP_WAIT_POLICY = "PASSIVE";

    private final LocalStack.Endpoints stack;
    private final Path workDir;
    private final String javaOptions;
    private final Map<String, String> environment;
    /** Services killed on purpose and not started again yet: not reported as dead. */
    private final java.util.Set<String> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** How each running service (or replica) was started, to start it again. */
    private final Map<String, ProcessBuilder> builders = new LinkedHashMap<>();

    private Services(LocalStack.Endpoints stack, Path workDir, String javaOptions, Map<String, String> environment) {
        this.stack = stack;
        this.workDir = workDir;
        this.javaOptions = javaOptions;
        this.environment = environment;
    }

    /** Starts the jar of {@code service} as {@code name} (its log {@code logs/NAME.log}, its own cache and port). */
    private Running launch(String name, String service) throws IOException {
        int port = freePort();
        Path log = workDir.resolve("logs").resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(StackCommand.javaBinary()));
        command.addAll(List.of(javaOptions.trim().isEmpty() ? new String[0] : javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar(service).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        // Inherited settings would override ours (the Kafka connector prefers the environment).
        env.keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("QUARKUS_") || k.startsWith("MP_MESSAGING_")
                || k.startsWith("MODECONN_S3_") || k.startsWith("OTEL_"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("MODECONN_S3_ENDPOINT", stack.s3Endpoint());
        env.put("MODECONN_S3_ACCESS_KEY", stack.s3AccessKey());
        env.put("MODECONN_S3_SECRET_KEY", stack.s3SecretKey());
        env.put("MODECONN_S3_BUCKET", stack.bucket());
        env.put("MODECONN_CACHE_DIR", workDir.resolve("cache").resolve(name).toAbsolutePath().toString());
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("DJL_OFFLINE", "true");
        env.put("MODECONN_PARENT_PID", String.valueOf(ProcessHandle.current().pid())); // ParentWatch: no orphans
        // Here the trainer and the evaluator share this machine's cores, each with one engine thread per core: their
        // OpenMP threads must sleep, not spin, while they wait, or each steals the other's cores (docs/performance.md,
        // "Threads"). A value the user set is kept.
        env.putIfAbsent("OMP_WAIT_POLICY", LOCAL_OMP_WAIT_POLICY);
        env.putAll(environment);
        Running r = new Running(name, pb.start(), port, log);
        builders.put(name, pb);
        running.put(name, r);
        return r;
    }

    /**
     * Starts one more process of {@code service} (e.g. a second trainer) named {@code name}, in the same
     * consumer groups as the first, and waits until it is ready.
     */
    Running startReplica(String service, String name) throws IOException, InterruptedException {
        Running r = launch(name, service);
        awaitReady(r, Duration.ofSeconds(180));
        return r;
    }

    /** Kills {@code name} with SIGKILL, as an evicted pod or a crashed node would: no shutdown hooks, no goodbye. */
    void kill(String name) throws InterruptedException {
        killed.add(name);
        Process p = running.get(name).process();
        p.destroyForcibly(); // SIGKILL on Unix
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Stops {@code name} with SIGTERM, as a rolling update would: its consumers leave their groups and commit, and
     * it is not reported as dead until it is {@link #restart started again}.
     */
    void stop(String name) throws InterruptedException {
        killed.add(name);
        Process p = running.get(name).process();
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code name} again, as it was started (same port, cache and log), and waits until it is ready. */
    Running restart(String name) throws IOException, InterruptedException {
        Running old = running.get(name);
        if (old.process().isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        Running r = new Running(name, builders.get(name).start(), old.port(), old.log());
        running.put(name, r);
        killed.remove(name);
        awaitReady(r, Duration.ofSeconds(180));
        return r;
    }

    /** The names of every service and replica started so far (running or not), in start order. */
    List<String> names() {
        return List.copyOf(running.keySet());
    }

    Running get(String name) {
        return running.get(name);
    }

    /**
     * A service that has exited, if any, with the end of its log: the pipeline cannot go on without it. One
     * {@link #kill killed} on purpose counts only once it has been {@link #restart started again}.
     */
    String deadService() {
        for (Running r : running.values()) {
            if (!r.process().isAlive() && !killed.contains(r.name())) {
                return r.name() + " exited with code " + r.process().exitValue() + "; the end of " + r.log() + ":\n" + tail(r.log(), 20);
            }
        }
        return null;
    }

    private void awaitReady(Running r, Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!r.process().isAlive()) {
                throw new IOException(r.name() + " exited during start-up (code " + r.process().exitValue() + "); the end of "
                        + r.log() + ":\n" + tail(r.log(), 30));
            }
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(r.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IOException(r.name() + " was not ready within " + timeout.toSeconds() + " s; see " + r.log());
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops every service: SIGTERM, a grace period for Quarkus to shut down, then SIGKILL. */
    @Override
    public void close() {
        running.values().forEach(r -> r.process().destroy());
        for (Running r : running.values()) {
            try {
                if (!r.process().waitFor(20, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                r.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
