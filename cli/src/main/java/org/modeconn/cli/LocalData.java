package org.modeconn.cli;

import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.store.DataRef;
import org.modeconn.ml.EndpointTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves dataset and corpus locations of a spec on this machine: relative to --data-dir, file:, or absolute. */
final class LocalData implements EndpointTrainer.DataResolver, StudyInputs.Source {
    private final Path dataDir;

    LocalData(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public Path resolve(String location) throws IOException {
        DataRef ref = DataRef.parse(location);
        if (ref.inObjectStore()) {
            throw new IllegalArgumentException(location + " is in an object store; local commands read local files "
                    + "(use a path relative to --data-dir)");
        }
        Path p = ref.localPath();
        if (!p.isAbsolute()) {
            p = dataDir.resolve(p);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + p + (location.equals(p.toString()) ? "" : " (from '" + location + "')"));
        }
        return p;
    }

    @Override
    public Path file(String location) throws IOException {
        return resolve(location);
    }

    @Override
    public ModelFiles model(ModelRef reference) throws IOException {
        if (!(reference instanceof ModelRef.LocalDir dir)) {
            throw new IllegalArgumentException(reference + " is not a local directory; local commands read local files");
        }
        return ModelFiles.local(resolveDirectory(dir.path()));
    }

    /** A local directory (a Hugging Face model), relative to the data directory unless absolute. */
    Path resolveDirectory(Path location) {
        Path p = location;
        if (!p.isAbsolute()) {
            p = dataDir.resolve(p);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("no such model directory: " + p);
        }
        return p;
    }

    /** Peak resident memory of this process in MiB, from /proc (Linux); -1 where unknown. */
    static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: unknown
        }
        return -1;
    }
}
