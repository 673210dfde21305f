package org.modeconn.core.path;

import org.modeconn.core.safetensors.DType;
import org.modeconn.core.safetensors.SafetensorsException;
import org.modeconn.core.safetensors.SafetensorsReader;
import org.modeconn.core.safetensors.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for walking several parameter sets together (blending the control points of a path,
 * measuring the distance between endpoints, fitting bends): every name that the parameter filter
 * accepts in <em>any</em> of them must be present in <em>all</em> of them, with one shape, as a
 * floating-point tensor. The union is checked, not the first set's names, so a task head present in
 * one endpoint and absent from the other is refused whichever comes first, never silently dropped.
 * Every problem is listed in one message.
 */
public final class SharedParameters {
    private SharedParameters() {
    }

    /**
     * The accepted parameters of the first blob (in its order) as F32 tensors of their shape, after
     * checking all blobs against each other.
     *
     * @param blobs  the control points or endpoints, at least one
     * @param filter which parameters take part
     * @throws SafetensorsException naming each missing parameter and the file that lacks it, each
     *                              shape disagreement, and each integer tensor the filter accepts
     */
    public static List<TensorInfo> layout(List<SafetensorsReader> blobs, ParameterFilter filter) throws SafetensorsException {
        if (blobs.isEmpty()) {
            throw new IllegalArgumentException("no parameter sets to compare");
        }
        Map<String, Collection<String>> names = new LinkedHashMap<>();
        for (SafetensorsReader r : blobs) {
            names.put(label(r, blobs), r.tensors().keySet().stream().filter(filter::test).toList());
        }
        List<String> problems = new ArrayList<>(missing(names));
        SafetensorsReader first = blobs.get(0);
        List<TensorInfo> layout = new ArrayList<>();
        for (String name : union(names.values())) {
            TensorInfo reference = null;
            SafetensorsReader owner = null;
            for (SafetensorsReader r : blobs) {
                TensorInfo t = r.tensors().get(name);
                if (t == null) {
                    continue;
                }
                if (!t.dtype().isFloat()) {
                    problems.add("'" + name + "' is " + t.dtype() + " in " + label(r, blobs)
                            + " and cannot be interpolated (leave it out with the parameter filter)");
                } else if (reference == null) {
                    reference = t;
                    owner = r;
                } else if (!Arrays.equals(reference.shape(), t.shape())) {
                    problems.add("'" + name + "' has shape " + t.shapeList() + " in " + label(r, blobs)
                            + " but " + reference.shapeList() + " in " + label(owner, blobs));
                }
            }
            if (reference != null && first.tensors().containsKey(name)) {
                layout.add(TensorInfo.of(name, DType.F32, reference.shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new SafetensorsException("the parameter sets do not hold the same parameters: " + String.join("; ", problems));
        }
        if (layout.isEmpty()) {
            throw new SafetensorsException("the parameter filter (" + filter.description() + ") keeps no parameter of "
                    + label(first, blobs) + ": nothing to interpolate");
        }
        return layout;
    }

    /**
     * Checks names only (for parameter sets already in memory).
     *
     * @param names parameter names per source (a file or endpoint name), after the filter
     * @throws IllegalArgumentException naming each missing parameter and the source that lacks it
     */
    public static void requireSameNames(Map<String, ? extends Collection<String>> names) {
        List<String> problems = missing(names);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the parameter sets do not hold the same parameters: " + String.join("; ", problems));
        }
    }

    /** For each source, the names of the union it lacks, as "'a', 'b' absent from SOURCE". */
    private static List<String> missing(Map<String, ? extends Collection<String>> names) {
        Set<String> all = union(names.values());
        List<String> problems = new ArrayList<>();
        names.forEach((source, own) -> {
            Set<String> have = Set.copyOf(own);
            List<String> lacking = all.stream().filter(n -> !have.contains(n)).map(n -> "'" + n + "'").toList();
            if (!lacking.isEmpty()) {
                problems.add(String.join(", ", lacking) + " absent from " + source);
            }
        });
        return problems;
    }

    private static Set<String> union(Collection<? extends Collection<String>> sets) {
        Set<String> all = new LinkedHashSet<>();
        sets.forEach(all::addAll);
        return all;
    }

    /** The file's name, or its whole path where two blobs share a name. */
    private static String label(SafetensorsReader r, List<SafetensorsReader> blobs) {
        String name = r.file().getFileName().toString();
        long same = blobs.stream().filter(b -> b.file().getFileName().toString().equals(name)).count();
        return same > 1 ? r.file().toString() : name;
    }
}
