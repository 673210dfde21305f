package org.modeconn.cli;

import ai.djl.ndarray.NDManager;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.spec.ModelRef;
import org.modeconn.ml.Djl;
import org.modeconn.ml.model.Pretrained;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a base model as a Hugging Face directory. */
@Command(name = "import-model", description = {"Write a base model (builtin:all-MiniLM-L6-v2 or a Hugging Face directory) as",
        "a Hugging Face directory: config.json, model.safetensors ([out, in] linear weights), tokenizer.json."})
final class ImportModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "builtin:all-MiniLM-L6-v2 or a directory")
    String model;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (NDManager manager = Djl.newManager(); Pretrained p = Pretrained.load(ModelRef.parse(model), manager)) {
            p.export(out);
            spec.commandLine().getOut().printf("wrote %s: %s, %d layers, hidden %d, %,d parameters%n", out,
                    p.config().modelType(), p.config().layers(), p.config().hidden(),
                    p.weights().parameterCount(ParameterFilter.all()));
        }
        return ExitCodes.OK;
    }
}
