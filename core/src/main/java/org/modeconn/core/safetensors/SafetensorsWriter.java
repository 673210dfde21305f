package org.modeconn.core.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streams a safetensors file: the tensor list is declared up front (the header must precede the
 * data), then each tensor's bytes are written in declaration order, in one piece or in chunks.
 * Only the tensor being written is ever held by the caller, so models of any size can be written.
 */
public final class SafetensorsWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream stream;
    private final WritableByteChannel out;
    private final List<TensorInfo> tensors;
    private int current;
    private long writtenInCurrent;
    private boolean closed;

    private SafetensorsWriter(OutputStream out, List<TensorInfo> tensors) {
        this.stream = out;
        this.out = Channels.newChannel(out);
        this.tensors = tensors;
    }

    /**
     * Writes the header for {@code declared} (in this order; their byte offsets are assigned here)
     * and returns a writer that expects their data next.
     */
    public static SafetensorsWriter open(OutputStream out, List<TensorInfo> declared, Map<String, String> metadata)
            throws IOException {
        List<TensorInfo> laidOut = new ArrayList<>(declared.size());
        Set<String> names = new HashSet<>();
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo t : declared) {
            if (t.name().isEmpty() || t.name().equals("__metadata__")) {
                throw new IllegalArgumentException("invalid tensor name '" + t.name() + "'");
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' declared twice");
            }
            long length = t.elementCount() * t.dtype().bytes();
            TensorInfo placed = new TensorInfo(t.name(), t.dtype(), t.shape(), offset, offset + length);
            laidOut.add(placed);
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype().name());
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(placed.begin()).add(placed.end());
            offset += length;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // Pad the header with spaces so that the data section starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        SafetensorsWriter writer = new SafetensorsWriter(out, laidOut);
        writer.writeRaw(head.flip());
        return writer;
    }

    /** The declared tensors with their assigned offsets. */
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors);
    }

    /** The tensor whose bytes are expected next, or null when all have been written. */
    public TensorInfo next() {
        return current < tensors.size() ? tensors.get(current) : null;
    }

    /**
     * Writes the whole of tensor {@code name}, which must be the next one declared; declared tensors of
     * zero elements (shape {@code [0]}, {@code [3, 0]}, …) before it hold no bytes and may be skipped,
     * or written like any other with an empty buffer.
     */
    public void writeTensor(String name, ByteBuffer data) throws IOException {
        if (writtenInCurrent == 0) {
            skipEmptyBefore(name);
        }
        TensorInfo t = expect(name);
        if (writtenInCurrent != 0) {
            throw new IllegalStateException("tensor '" + name + "' was partly written in chunks");
        }
        if (data.remaining() != t.byteLength()) {
            throw new IllegalArgumentException("tensor '" + name + "' needs " + t.byteLength() + " bytes, got " + data.remaining());
        }
        if (t.byteLength() == 0) {
            current++;
            return;
        }
        writeChunk(data);
    }

    /** Encodes floats in the declared dtype of tensor {@code name} and writes them. */
    public void writeFloats(String name, float[] values) throws IOException {
        if (writtenInCurrent == 0) {
            skipEmptyBefore(name);
        }
        TensorInfo t = expect(name);
        writeTensor(name, Dtypes.fromFloats(values, t.dtype()));
    }

    /**
     * Appends bytes to the current tensor, moving to the next one when it is complete; zero-element
     * tensors in between are passed over, as they hold no bytes.
     */
    public void writeChunk(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (writtenInCurrent == 0) {
                skipEmptyBefore(null);
            }
            TensorInfo t = next();
            if (t == null) {
                throw new IllegalStateException("more data than the declared tensors hold");
            }
            long room = t.byteLength() - writtenInCurrent;
            ByteBuffer slice = data.slice();
            if (slice.remaining() > room) {
                slice.limit((int) room);
            }
            int n = slice.remaining();
            writeRaw(slice);
            data.position(data.position() + n);
            writtenInCurrent += n;
            if (writtenInCurrent == t.byteLength()) {
                current++;
                writtenInCurrent = 0;
            }
        }
    }

    private TensorInfo expect(String name) {
        TensorInfo t = next();
        if (t == null || !t.name().equals(name)) {
            throw new IllegalStateException("expected data for " + (t == null ? "no more tensors" : "'" + t.name() + "'")
                    + " but got '" + name + "'");
        }
        return t;
    }

    /** Passes over zero-byte tensors up to (not including) the one named {@code stop}, if given. */
    private void skipEmptyBefore(String stop) {
        while (current < tensors.size() && tensors.get(current).byteLength() == 0
                && !tensors.get(current).name().equals(stop)) {
            current++;
        }
    }

    private void writeRaw(ByteBuffer b) throws IOException {
        if (b.hasArray()) { // straight from the array: the channel adapter would copy it through its own 8 KiB buffer
            stream.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            b.position(b.limit());
            return;
        }
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** Closes the underlying stream; fails if a declared tensor did not receive all of its bytes. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
        if (writtenInCurrent == 0) {
            skipEmptyBefore(null);
        }
        if (next() != null) {
            throw new IllegalStateException("safetensors stream closed before tensor '" + next().name() + "' was written");
        }
    }
}
