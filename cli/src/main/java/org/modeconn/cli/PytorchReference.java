package org.modeconn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.events.EventCodec;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.ml.Djl;
import org.modeconn.ml.data.TextTokenizer;
import org.modeconn.ml.data.TokenizedSet;
import org.modeconn.ml.model.Pretrained;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs bench/reference_pytorch.py, the plain PyTorch way to do what the bench measures, on the same MiniLM
 * weights (exported as a Hugging Face directory) and the same token ids (written as safetensors), with
 * Debian's {@code /usr/bin/python3} and {@code python3-torch} on 2 threads. The machine's
 * {@code OPENBLAS_CORETYPE} and {@code OPENBLAS_L2_SIZE} (set for old OpenBLAS builds) are removed for the
 * reference process only, as they slow it down. Where Debian's packages are missing the bench installs them with
 * {@code apt-get} when it runs as root, and otherwise says the command and skips the reference.
 */
final class PytorchReference {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Debian's PyTorch, and the threaded OpenBLAS it must run on (without it Debian's torch falls back to another BLAS). */
    static final List<String> PACKAGES = List.of("python3-torch", "libopenblas0-pthread");
    private static final Path APT_GET = Path.of("/usr/bin/apt-get");
    private static final Path DPKG_QUERY = Path.of("/usr/bin/dpkg-query");

    /**
     * What the reference measured: sequences/s padded to the maximum length, optimizer steps/s of full
     * fine-tuning and of adapters (bottleneck {@link BenchCommand#ADAPTER_BOTTLENECK}, encoder frozen).
     */
    record Result(String torch, int threads, String blas, double evalPerSecond, double trainStepsPerSecond,
                  double adapterTrainStepsPerSecond) {
    }

    private PytorchReference() {
    }

    /** Runs the reference, or says on {@code out} why it cannot (no python3-torch) and returns empty. */
    static Optional<Result> run(PrintWriter out, TokenizedSet dev, TokenizedSet train, int maxLength, int steps, int batchSize)
            throws IOException, InterruptedException {
        Path script = Services.home().resolve("bench/reference_pytorch.py");
        Optional<String> unavailable = install(out);
        if (unavailable.isPresent()) {
            out.println("PyTorch reference skipped: " + unavailable.get());
            return Optional.empty();
        }
        Path dir = Files.createTempDirectory("modeconn-bench");
        try {
            try (var manager = Djl.newManager(); Pretrained p = Pretrained.miniLm(manager)) {
                p.export(dir.resolve("model"));
            }
            writeTokens(dev, maxLength, dir.resolve("dev.safetensors"));
            writeTokens(train, maxLength, dir.resolve("train.safetensors"));
            ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString(), dir.resolve("model").toString(),
                    dir.resolve("dev.safetensors").toString(), dir.resolve("train.safetensors").toString(), "--threads", "2",
                    "--steps", String.valueOf(steps), "--batch-size", String.valueOf(batchSize),
                    "--adapter-bottleneck", String.valueOf(BenchCommand.ADAPTER_BOTTLENECK));
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.environment().put("OMP_NUM_THREADS", "2");
            // Its output goes to a file, so that the time limit holds even when the script hangs with its output open.
            Path output = dir.resolve("reference.json");
            Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(output.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("the PyTorch reference did not finish in 30 minutes");
            }
            String json = Files.readString(output, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                throw new IOException("the PyTorch reference failed (exit " + p.exitValue() + "): " + json);
            }
            JsonNode r = EventCodec.mapper().readTree(json.substring(json.lastIndexOf('\n') + 1));
            return Optional.of(new Result(r.path("torch").asText(), r.path("threads").asInt(),
                    String.join("; ", EventCodec.mapper().convertValue(r.path("blas"), String[].class)),
                    r.path("eval_sequences_per_second").asDouble(), r.path("train_steps_per_second").asDouble(),
                    r.path("adapter_train_steps_per_second").asDouble()));
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path f : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Makes sure {@link #PACKAGES} are installed: those {@code dpkg-query} does not list as installed are installed
     * with {@code apt-get} (the package lists updated first) when this process runs as root. Where there is no
     * {@code dpkg-query} (not Debian), the reference runs if {@link #PYTHON} imports torch.
     *
     * @return empty when {@link #PYTHON} imports torch afterwards, else why the reference cannot run
     */
    static Optional<String> install(PrintWriter out) throws IOException, InterruptedException {
        if (!Files.isExecutable(DPKG_QUERY)) {
            // Not a Debian system: whatever python3 has is what the reference gets.
            return importsTorch() ? Optional.empty()
                    : Optional.of(PYTHON + " cannot import torch, and there is no dpkg-query here to install Debian's "
                    + String.join(" and ", PACKAGES) + " with");
        }
        List<String> missing = PACKAGES.stream().filter(p -> !installed(p)).toList();
        if (!missing.isEmpty()) {
            String command = "apt-get update && apt-get install -y " + String.join(" ", missing);
            if (!Files.isExecutable(APT_GET) || !root()) {
                return Optional.of(String.join(" and ", missing) + " not installed (as root: " + command + ")");
            }
            out.println("PyTorch reference: installing " + String.join(" ", missing) + " with apt-get");
            out.flush();
            List<String> installCommand = new ArrayList<>(List.of(APT_GET.toString(), "install", "-y", "-qq",
                    "--no-install-recommends"));
            installCommand.addAll(missing);
            Optional<String> failed = apt(List.of(APT_GET.toString(), "update", "-qq")).or(() -> apt(installCommand));
            if (failed.isPresent()) {
                return failed;
            }
        }
        return importsTorch() ? Optional.empty()
                : Optional.of(PYTHON + " cannot import torch (" + String.join(" ", PACKAGES) + " are installed)");
    }

    private static boolean importsTorch() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!probe.waitFor(60, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            return false;
        }
        return probe.exitValue() == 0;
    }

    /** Whether this process runs as root (uid 0), read from the system, not from {@code user.name}. */
    private static boolean root() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Runs an apt-get command without questions (no terminal, standard input empty, 20 minutes at most); empty when
     * it succeeded, else the command and the end of its output.
     */
    private static Optional<String> apt(List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("modeconn-apt", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(log.toFile());
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return Optional.of(String.join(" ", command) + " did not finish in 20 minutes");
            }
            if (p.exitValue() == 0) {
                return Optional.empty();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).trim();
            return Optional.of(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                    + output.substring(Math.max(0, output.length() - 500)));
        } catch (IOException e) {
            return Optional.of(String.join(" ", command) + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(String.join(" ", command) + " was interrupted");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** Whether {@code dpkg-query} lists Debian package {@code name} as installed (held or not). */
    static boolean installed(String name) {
        try {
            Process p = new ProcessBuilder(DPKG_QUERY.toString(), "-W", "-f=${Status}", name).redirectErrorStream(true).start();
            String status = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && status.endsWith(" ok installed");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** input_ids and attention_mask (I64 [n, maxLength], padded with the set's pad id) and labels (I64 [n]). */
    static void writeTokens(TokenizedSet set, int maxLength, Path file) throws IOException {
        int n = set.size();
        ByteBuffer ids = ByteBuffer.allocate(n * maxLength * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer mask = ByteBuffer.allocate(n * maxLength * 8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            TextTokenizer.Tokens t = set.tokens().get(i);
            for (int j = 0; j < maxLength; j++) {
                boolean real = j < t.length();
                ids.putLong(real ? t.ids()[j] : set.padId());
                mask.putLong(real ? 1 : 0);
            }
            labels.putLong(set.labels()[i]);
        }
        List<TensorInfo> layout = List.of(TensorInfo.of("input_ids", DType.I64, n, maxLength),
                TensorInfo.of("attention_mask", DType.I64, n, maxLength), TensorInfo.of("labels", DType.I64, n));
        try (OutputStream os = Files.newOutputStream(file); SafetensorsWriter w = SafetensorsWriter.open(os, layout, Map.of())) {
            w.writeTensor("input_ids", ids.flip());
            w.writeTensor("attention_mask", mask.flip());
            w.writeTensor("labels", labels.flip());
        }
    }
}
