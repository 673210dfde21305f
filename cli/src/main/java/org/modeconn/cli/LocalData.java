package org.modeconn.cli;

import org.modeconn.core.model.ModelFiles;
import org.modeconn.core.pipeline.StudyInputs;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.core.store.DataRef;
import org.modeconn.core.store.Sha256;
import org.modeconn.ml.EndpointTrainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

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
        if (ref.sha256() != null && !Sha256.of(p).equals(ref.sha256())) {
            throw new IllegalArgumentException(p + " has SHA-256 " + Sha256.of(p) + ", the spec pins " + ref.sha256());
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
        return ModelFiles.local(resolveModel(dir));
    }

    /** A local model directory, checked against its {@code #sha256=} pin (the tree hash of {@link #modelFiles}) if it has one. */
    Path resolveModel(ModelRef.LocalDir local) throws IOException {
        Path dir = resolveDirectory(local.path());
        String pin = local.ref().sha256();
        if (pin != null) {
            String tree = DataRef.treeHash(hashes(modelFiles(dir)));
            if (!tree.equals(pin)) {
                throw new IllegalArgumentException(dir + " hashes to " + tree + ", the spec pins " + pin);
            }
        }
        return dir;
    }

    /**
     * A model directory's files as they are staged and hashed: regular files by a name safe for object
     * keys, sorted; dotfiles (.gitattributes and the like) are left out, as {@code sha256sum *} leaves them.
     */
    static SortedMap<String, Path> modelFiles(Path dir) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .forEach(f -> files.put(f.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_"), f));
        }
        return files;
    }

    /** The SHA-256 of each file. */
    static SortedMap<String, String> hashes(SortedMap<String, Path> files) throws IOException {
        SortedMap<String, String> hashes = new TreeMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            hashes.put(f.getKey(), Sha256.of(f.getValue()));
        }
        return hashes;
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
