package org.modeconn.core.safetensors;

import java.util.Arrays;
import java.util.List;

/**
 * One tensor of a safetensors file: its name, element type, shape and byte range inside the data
 * section (offsets relative to the first byte after the header, as the format defines them).
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    /** A tensor to be written: the byte range is assigned by the writer. */
    public static TensorInfo of(String name, DType dtype, long... shape) {
        return new TensorInfo(name, dtype, shape, 0, elementCount(shape) * dtype.bytes());
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public long byteLength() {
        return end - begin;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public List<Long> shapeList() {
        return Arrays.stream(shape).boxed().toList();
    }

    /** Same name, dtype and shape (byte offsets may differ between files). */
    public boolean sameLayout(TensorInfo other) {
        return name.equals(other.name) && dtype == other.dtype && Arrays.equals(shape, other.shape);
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && sameLayout(t) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
