package org.modeconn.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.modeconn.core.path.ParameterFilter;
import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.SafetensorsWriter;
import org.modeconn.core.safetensors.TensorInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's parameters by Hugging Face name (linear weights [out, in]), as NDArrays owned by one
 * manager. The same names go into safetensors blobs, so a checkpoint opens in PyTorch as it is.
 */
public final class Weights implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public Weights(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /**
     * A view over arrays owned elsewhere (e.g. path points computed in a step's scratch manager): the
     * encoder reads it like any weights; closing the view does not close the arrays.
     */
    public static Weights view(NDManager parent, Map<String, NDArray> arrays) {
        Weights w = new Weights(parent);
        w.arrays.putAll(arrays);
        return w;
    }

    public NDManager manager() {
        return manager;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("the model has no parameter '" + name + "'");
        }
        return a;
    }

    /** The parameter if present: optional modules (adapters, LoRA, pooler) are found this way. */
    public NDArray find(String name) {
        return arrays.get(name);
    }

    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(arrays.keySet());
    }

    /** Adds or replaces a parameter, copying {@code values} into this store's manager. */
    public NDArray put(String name, float[] values, long... shape) {
        long n = new Shape(shape).size();
        if (values.length != n) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + new Shape(shape));
        }
        NDArray a = manager.create(values, new Shape(shape));
        a.setName(name);
        NDArray old = arrays.put(name, a);
        if (old != null) {
            old.close();
        }
        return a;
    }

    /** Overwrites the values of an existing parameter in place (keeps gradients attached). */
    public void assign(String name, float[] values) {
        NDArray a = get(name);
        if (a.size() != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + a.getShape());
        }
        a.set(values);
    }

    public long[] shape(String name) {
        return get(name).getShape().getShape();
    }

    public long parameterCount(ParameterFilter filter) {
        return arrays.entrySet().stream().filter(e -> filter.test(e.getKey())).mapToLong(e -> e.getValue().size()).sum();
    }

    /**
     * New weights under {@code parent} holding every float tensor of a safetensors file; where reading fails,
     * nothing is left allocated.
     */
    public static Weights read(NDManager parent, Path file) throws IOException {
        return read(parent, file, ParameterFilter.all(), java.util.function.UnaryOperator.identity());
    }

    /** As {@link #read(NDManager, Path)}, only the tensors the filter accepts, each stored under {@code rename(name)}. */
    public static Weights read(NDManager parent, Path file, ParameterFilter filter, java.util.function.UnaryOperator<String> rename)
            throws IOException {
        Weights w = new Weights(parent);
        try {
            w.load(file, filter, rename);
            return w;
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Reads every float tensor of a safetensors file (all of them, or only those the filter accepts). */
    public void load(Path file, ParameterFilter filter) throws IOException {
        load(file, filter, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #load(Path, ParameterFilter)}, storing each tensor under {@code rename(name)}. */
    public void load(Path file, ParameterFilter filter, java.util.function.UnaryOperator<String> rename) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(file)) {
            for (TensorInfo t : r.tensors().values()) {
                if (t.dtype().isFloat() && filter.test(t.name())) {
                    put(rename.apply(t.name()), r.floats(t.name()), t.shape());
                }
            }
        }
    }

    /** Streams the parameters the filter accepts to a safetensors file (F32), tensor by tensor. */
    public void save(Path file, ParameterFilter filter, Map<String, String> metadata) throws IOException {
        List<TensorInfo> layout = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            if (filter.test(e.getKey())) {
                layout.add(TensorInfo.of(e.getKey(), DType.F32, e.getValue().getShape().getShape()));
            }
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                 SafetensorsWriter w = SafetensorsWriter.open(out, layout, metadata)) {
                for (TensorInfo t : layout) {
                    w.writeFloats(t.name(), arrays.get(t.name()).toType(DataType.FLOAT32, false).toFloatArray());
                }
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
