package org.modeconn.cli;

import org.modeconn.core.path.Curve;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.path.PathBlender;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** Writes one point of a path between two checkpoints. */
@Command(name = "interpolate", description = {
        "Write the point at t of the path from A to B: linear (1-t)·A + t·B, or through bends",
        "(--bend, in order) as a Bezier curve or a polygonal chain."})
final class InterpolateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "start checkpoint (.safetensors)")
    Path start;

    @Parameters(index = "1", paramLabel = "B", description = "end checkpoint (.safetensors)")
    Path end;

    @Option(names = "--t", required = true, description = "position on the path, in [0, 1]")
    double t;

    @Option(names = "--bend", paramLabel = "C", description = "a bend (control point between A and B); repeat for more")
    List<Path> bends = new ArrayList<>();

    @Option(names = "--curve", description = "linear, bezier or polychain (default: linear without bends, bezier with)")
    String curve;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "interpolate only these parameters")
    Set<String> only;

    @Option(names = "--exclude-prefix", split = ",", paramLabel = "PREFIX",
            description = "leave out parameters whose names start with these prefixes (e.g. a task head)")
    List<String> excludePrefixes;

    @Option(names = "--out", required = true, description = "output .safetensors file")
    Path out;

    @Override
    public Integer call() throws Exception {
        Curve.Kind kind = curve == null ? (bends.isEmpty() ? Curve.Kind.LINEAR : Curve.Kind.BEZIER) : Curve.Kind.parse(curve);
        Curve c = Curve.of(kind, bends.size());
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("--t must lie in [0, 1], got " + t);
        }
        if (only != null && excludePrefixes != null) {
            throw new IllegalArgumentException("give --only or --exclude-prefix, not both");
        }
        ParameterFilter filter = only != null ? ParameterFilter.only(only)
                : excludePrefixes != null ? ParameterFilter.excludingPrefixes(excludePrefixes) : ParameterFilter.all();

        List<Path> files = new ArrayList<>();
        files.add(start);
        files.addAll(bends);
        files.add(end);
        double[] coefficients = c.coefficients(t);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("modeconn.curve", kind.name().toLowerCase(java.util.Locale.ROOT));
        metadata.put("modeconn.t", Double.toString(t));
        metadata.put("modeconn.coefficients", Arrays.toString(coefficients));

        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such file: " + f);
            }
        }
        Path outDir = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("no such directory for --out: " + outDir);
        }
        List<SafetensorsReader> readers = new ArrayList<>();
        Path tmp = Files.createTempFile(outDir, out.getFileName().toString(), ".part");
        try {
            for (Path f : files) {
                readers.add(SafetensorsReader.open(f));
            }
            if (only != null) {
                List<String> absent = only.stream().filter(n -> readers.stream().noneMatch(r -> r.tensors().containsKey(n)))
                        .sorted().toList();
                if (!absent.isEmpty()) {
                    throw new IllegalArgumentException("--only names parameters that no file holds: " + absent);
                }
            }
            List<TensorInfo> written;
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                written = PathBlender.blend(readers, coefficients, filter, metadata, o);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            long params = written.stream().mapToLong(TensorInfo::elementCount).sum();
            spec.commandLine().getOut().printf("wrote %s: %d tensors, %,d parameters, t = %s, coefficients %s%n",
                    out, written.size(), params, t, Arrays.toString(coefficients));
        } finally {
            Files.deleteIfExists(tmp);
            for (SafetensorsReader r : readers) {
                r.close();
            }
        }
        return ExitCodes.OK;
    }
}
