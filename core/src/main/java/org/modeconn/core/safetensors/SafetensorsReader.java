package org.modeconn.core.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file one tensor at a time: the header is parsed and validated up front; {@link #data} maps a
 * tensor's bytes on demand and {@link #floats} reads and converts them through a small buffer, so a model never has
 * to fit on the heap in its file's form. One reader serves one thread ({@link #floats} reuses its buffer).
 *
 * <p>Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {..}}}, then the data
 * section. Every check that the format implies is made before any data is touched, so a malformed
 * file fails with a {@link SafetensorsException} naming the problem, never with an out-of-bounds
 * read or an OutOfMemoryError.
 */
public final class SafetensorsReader implements AutoCloseable {

    /** Upper bound on the JSON header; the reference implementation uses the same 100 MB limit. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Bytes read at a time by {@link #floats}: a multiple of every element width. */
    private static final int READ_CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    /** {@link #floats}' read buffer, allocated on first use. */
    private ByteBuffer readBuffer;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart,
                              Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < 8) {
                throw bad(file, "file is " + size + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, len, 0);
            long headerLength = len.flip().getLong();
            checkHeaderLength(file, headerLength, size);
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataSize = size - 8 - headerLength;
            Parsed parsed = parseHeader(file, header.array(), dataSize);
            return new SafetensorsReader(file, channel, 8 + headerLength, parsed.tensors, parsed.metadata);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The tensors of a safetensors file read from a stream that starts at its first byte (e.g. an
     * object in a store), with every check {@link #open} makes; only the header is read from the stream.
     *
     * @param source    what to call the file in messages
     * @param totalSize the file's size in bytes, so that offsets can be checked against the data section
     * @return tensors in header order
     * @throws SafetensorsException as {@link #open} does
     */
    public static Map<String, TensorInfo> header(String source, InputStream in, long totalSize) throws IOException {
        byte[] length = in.readNBytes(8);
        if (length.length < 8 || totalSize < 8) {
            throw bad(source, "file is " + totalSize + " bytes, too short for the 8-byte header length");
        }
        long headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
        checkHeaderLength(source, headerLength, totalSize);
        byte[] header = in.readNBytes((int) headerLength);
        if (header.length < headerLength) {
            throw bad(source, "header length " + headerLength + " runs past the end of the stream");
        }
        return Collections.unmodifiableMap(parseHeader(source, header, totalSize - 8 - headerLength).tensors);
    }

    private static void checkHeaderLength(Object file, long headerLength, long size) throws SafetensorsException {
        if (headerLength < 2) {
            throw bad(file, "header length " + headerLength + " is too small for a JSON object");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw bad(file, "header length " + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - 8) {
            throw bad(file, "header length " + headerLength + " runs past the end of the file (" + size + " bytes)");
        }
    }

    private record Parsed(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    }

    private static Parsed parseHeader(Object file, byte[] bytes, long dataSize) throws SafetensorsException {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw bad(file, "header is not valid UTF-8");
        }
        JsonNode root = parseOneObject(file, bytes);
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode entry = field.getValue();
            if (name.equals("__metadata__")) {
                readMetadata(file, entry, metadata);
            } else {
                tensors.put(name, readTensor(file, name, entry, dataSize));
            }
        }
        checkLayout(file, tensors, dataSize);
        return new Parsed(tensors, metadata);
    }

    /**
     * The header as the reference implementation (Hugging Face {@code safetensors}) reads it: it must
     * begin with '{', hold exactly one JSON object, and may be followed only by JSON whitespace (the
     * reference writer pads with spaces). NUL padding, a second object or any other trailing byte is
     * refused, where a lenient parser would silently stop after the first object.
     */
    private static JsonNode parseOneObject(Object file, byte[] bytes) throws SafetensorsException {
        if (bytes[0] != '{') {
            throw bad(file, "header must be a JSON object starting with '{' (it begins with " + describe(bytes[0]) + ")");
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            JsonNode root = JSON.readTree(parser);
            long end = parser.currentLocation().getByteOffset();
            for (long i = end; i < bytes.length; i++) {
                byte b = bytes[(int) i];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    throw bad(file, "header: trailing characters after the JSON object at byte " + i
                            + " (" + describe(b) + (b == 0 ? "; pad the header with spaces, as the reference writer does" : "") + ")");
                }
            }
            if (root == null || !root.isObject()) {
                throw bad(file, "header must be a JSON object");
            }
            return root;
        } catch (SafetensorsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw bad(file, "header is not well-formed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad(file, "header cannot be parsed: " + e.getMessage());
        }
    }

    private static String describe(byte b) {
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
    }

    private static void readMetadata(Object file, JsonNode entry, Map<String, String> metadata) throws SafetensorsException {
        if (entry.isNull()) {
            return; // the reference reads "__metadata__": null as no metadata
        }
        if (!entry.isObject()) {
            throw bad(file, "__metadata__ must be an object of strings (or null)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw bad(file, "__metadata__ value for '" + m.getKey() + "' is not a string");
            }
            metadata.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static TensorInfo readTensor(Object file, String name, JsonNode entry, long dataSize) throws SafetensorsException {
        if (name.isEmpty()) {
            throw bad(file, "a tensor has an empty name");
        }
        if (!(entry instanceof ObjectNode)) {
            throw bad(file, "tensor '" + name + "' must be an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = entry.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw bad(file, "tensor '" + name + "' has no dtype string");
        }
        DType dtype = DType.fromHeader(dtypeNode.textValue());
        if (dtype == null) {
            throw bad(file, "tensor '" + name + "' has unknown dtype '" + dtypeNode.textValue() + "'");
        }
        JsonNode shapeNode = entry.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw bad(file, "tensor '" + name + "' has no shape array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.longValue() < 0) {
                throw bad(file, "tensor '" + name + "' has an invalid dimension " + d + " in its shape");
            }
            shape[i] = d.longValue();
        }
        JsonNode offsets = entry.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw bad(file, "tensor '" + name + "' needs data_offsets as [begin, end] integers");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw bad(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end + "] that do not form a range");
        }
        if (end > dataSize) {
            throw bad(file, "tensor '" + name + "' ends at byte " + end + " but the data section has " + dataSize + " bytes");
        }
        long expected;
        try {
            expected = Math.multiplyExact(TensorInfo.elementCount(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw bad(file, "tensor '" + name + "' has a shape whose size overflows");
        }
        if (end - begin != expected) {
            throw bad(file, "tensor '" + name + "' spans " + (end - begin) + " bytes but its shape and dtype need " + expected);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** Tensors must tile the data section: no overlaps, no gaps, no trailing bytes. */
    private static void checkLayout(Object file, Map<String, TensorInfo> tensors, long dataSize) throws SafetensorsException {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long position = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < position) {
                throw bad(file, "tensor '" + t.name() + "' overlaps tensor '" + previous.name() + "'");
            }
            if (t.begin() > position) {
                throw bad(file, "gap of " + (t.begin() - position) + " bytes before tensor '" + t.name() + "'");
            }
            position = t.end();
            previous = t;
        }
        if (position != dataSize) {
            throw bad(file, (dataSize - position) + " trailing bytes after the last tensor");
        }
    }

    public Path file() {
        return file;
    }

    /** Tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file);
        }
        return t;
    }

    /** The tensor's raw bytes, memory-mapped and little-endian; valid while this reader is open. */
    public ByteBuffer data(String name) throws IOException {
        TensorInfo t = info(name);
        if (t.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsException("tensor '" + name + "' in " + file + " is larger than 2 GiB and cannot be mapped in one piece");
        }
        if (t.byteLength() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteLength())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The tensor's values as floats, converting F16, BF16 and F64; integer tensors are rejected.
     * <p>
     * Read with positional reads through one 1 MiB buffer per reader, not mapped: a mapping is released only when
     * the collector frees its buffer, so the files of points loaded one after another (and deleted) would stay
     * mapped and resident until a collection (docs/performance.md, "Loading a point").
     *
     * @throws IllegalArgumentException if the tensor is missing or not of a floating-point type
     * @throws SafetensorsException     if the tensor has more than {@code Integer.MAX_VALUE - 8} elements or the file
     *                                  ends early
     */
    public float[] floats(String name) throws IOException {
        TensorInfo t = info(name);
        if (!t.dtype().isFloat()) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + t.dtype() + ", not a floating-point type");
        }
        if (t.elementCount() > Integer.MAX_VALUE - 8) {
            throw new SafetensorsException("tensor '" + name + "' has too many elements for a float array");
        }
        int count = (int) t.elementCount();
        int width = t.dtype().bytes();
        float[] out = new float[count];
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(READ_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        }
        int perChunk = READ_CHUNK_BYTES / width;
        for (int done = 0; done < count; done += perChunk) {
            int n = Math.min(perChunk, count - done);
            readBuffer.clear().limit(n * width);
            readFully(channel, readBuffer, dataStart + t.begin() + (long) done * width);
            readBuffer.flip();
            Dtypes.decode(readBuffer, t.dtype(), out, done, n);
        }
        return out;
    }

    /** Total number of elements over all tensors. */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(TensorInfo::elementCount).sum();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new SafetensorsException("unexpected end of file");
            }
        }
    }

    private static SafetensorsException bad(Object file, String problem) {
        return new SafetensorsException("malformed safetensors file " + file + ": " + problem);
    }
}
