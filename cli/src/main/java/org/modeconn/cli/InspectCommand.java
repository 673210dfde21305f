package org.modeconn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;
import org.modeconn.core.store.Sha256;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Lists what a safetensors file holds. */
@Command(name = "inspect", description = "Show names, dtypes, shapes, parameter count and SHA-256 of a safetensors file.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .safetensors file")
    Path file;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        String sha = Sha256.of(file);
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                root.put("file", file.toString());
                root.put("sha256", sha);
                root.put("parameters", r.parameterCount());
                root.set("metadata", mapper.valueToTree(r.metadata()));
                ArrayNode tensors = root.putArray("tensors");
                for (TensorInfo t : r.tensors().values()) {
                    ObjectNode n = tensors.addObject();
                    n.put("name", t.name());
                    n.put("dtype", t.dtype().name());
                    n.set("shape", mapper.valueToTree(t.shapeList()));
                    n.put("elements", t.elementCount());
                }
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                return ExitCodes.OK;
            }
            int width = r.tensors().keySet().stream().mapToInt(String::length).max().orElse(4);
            out.printf("%-" + width + "s  %-5s  %-20s  %s%n", "name", "dtype", "shape", "elements");
            for (TensorInfo t : r.tensors().values()) {
                out.printf("%-" + width + "s  %-5s  %-20s  %,d%n", t.name(), t.dtype(), t.shapeList(), t.elementCount());
            }
            out.println();
            if (!r.metadata().isEmpty()) {
                out.println("metadata:   " + r.metadata());
            }
            out.printf("tensors:    %d%n", r.tensors().size());
            out.printf("parameters: %,d%n", r.parameterCount());
            out.println("sha256:     " + sha);
        }
        return ExitCodes.OK;
    }
}
