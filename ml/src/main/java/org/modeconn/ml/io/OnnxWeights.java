package org.modeconn.ml.io;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import org.modeconn.core.model.CheckpointNames;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the weights of a BERT encoder exported to ONNX (as shipped for all-MiniLM-L6-v2) and names
 * them as Hugging Face does. The file is a protobuf: ModelProto.graph (7); GraphProto.node (1) and
 * .initializer (5); NodeProto.input (1), .output (2), .name (3), .op_type (4); TensorProto.dims (1),
 * .data_type (2, 1 = float), .float_data (4), .name (8), .raw_data (9, little-endian).
 *
 * <p>Embedding, bias and LayerNorm initializers already carry Hugging Face names. The linear weights
 * are anonymous and stored [in, out]; each is named after the MatMul node that consumes it
 * ({@code /encoder/layer.3/attention/self/query/MatMul} → {@code encoder.layer.3.attention.self.query.weight})
 * and transposed to [out, in].
 */
public final class OnnxWeights {
    /** A float tensor: values in row-major order and its shape. */
    public record Tensor(float[] values, long[] shape) {
    }

    private static final Pattern MATMUL = Pattern.compile("^/(?:bert/|roberta/)?(encoder/layer\\.\\d+/.+|pooler/dense)/MatMul$");

    private OnnxWeights() {
    }

    public static Map<String, Tensor> read(InputStream in) throws IOException {
        CodedInputStream model = CodedInputStream.newInstance(in);
        model.setSizeLimit(Integer.MAX_VALUE);
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<String[]> matmuls = new ArrayList<>(); // {node name, weight input}
        while (true) {
            int tag = model.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == 7) {
                readGraph(model.readBytes().newCodedInput(), initializers, matmuls);
            } else {
                model.skipField(tag);
            }
        }
        if (initializers.isEmpty()) {
            throw new IOException("no initializers found: not an ONNX model with weights");
        }
        return name(initializers, matmuls);
    }

    private static void readGraph(CodedInputStream graph, Map<String, Tensor> initializers, List<String[]> matmuls)
            throws IOException {
        graph.setSizeLimit(Integer.MAX_VALUE);
        while (true) {
            int tag = graph.readTag();
            if (tag == 0) {
                return;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readNode(graph.readBytes().newCodedInput(), matmuls);
                case 5 -> readTensor(graph.readBytes().newCodedInput(), initializers);
                default -> graph.skipField(tag);
            }
        }
    }

    private static void readNode(CodedInputStream node, List<String[]> matmuls) throws IOException {
        List<String> inputs = new ArrayList<>();
        String name = "";
        String op = "";
        while (true) {
            int tag = node.readTag();
            if (tag == 0) {
                break;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(node.readStringRequireUtf8());
                case 3 -> name = node.readStringRequireUtf8();
                case 4 -> op = node.readStringRequireUtf8();
                default -> node.skipField(tag);
            }
        }
        if (op.equals("MatMul") && inputs.size() == 2) {
            matmuls.add(new String[]{name, inputs.get(1)});
        }
    }

    private static void readTensor(CodedInputStream t, Map<String, Tensor> initializers) throws IOException {
        t.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = null;
        byte[] raw = null;
        List<Float> floats = new ArrayList<>();
        while (true) {
            int tag = t.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = t.pushLimit(t.readRawVarint32());
                        while (t.getBytesUntilLimit() > 0) {
                            dims.add(t.readInt64());
                        }
                        t.popLimit(limit);
                    } else {
                        dims.add(t.readInt64());
                    }
                }
                case 2 -> dataType = t.readInt32();
                case 4 -> {
                    if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        int limit = t.pushLimit(t.readRawVarint32());
                        while (t.getBytesUntilLimit() > 0) {
                            floats.add(t.readFloat());
                        }
                        t.popLimit(limit);
                    } else {
                        floats.add(t.readFloat());
                    }
                }
                case 8 -> name = t.readStringRequireUtf8();
                case 9 -> raw = t.readByteArray();
                default -> t.skipField(tag);
            }
        }
        if (dataType != 1 || name == null) {
            return; // integer constants (shapes, indices) are not weights
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (raw != null) {
            values = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
            values = new float[floats.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        initializers.put(name, new Tensor(values, shape));
    }

    private static Map<String, Tensor> name(Map<String, Tensor> initializers, List<String[]> matmuls) throws IOException {
        Map<String, Tensor> named = new LinkedHashMap<>();
        Map<String, String> weightNames = new HashMap<>();
        for (String[] mm : matmuls) {
            Matcher m = MATMUL.matcher(mm[0]);
            if (m.matches() && initializers.containsKey(mm[1])) {
                weightNames.put(mm[1], m.group(1).replace('/', '.') + ".weight");
            }
        }
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            String hfName = weightNames.get(e.getKey());
            if (hfName != null) {
                named.put(hfName, transpose(e.getValue()));
            } else if (!e.getKey().startsWith("onnx::") && !e.getKey().startsWith("/")) {
                named.put(CheckpointNames.withoutModelPrefix(e.getKey()), e.getValue());
            }
        }
        return named;
    }

    /** [in, out] → [out, in]. */
    static Tensor transpose(Tensor t) throws IOException {
        if (t.shape().length != 2) {
            throw new IOException("expected a 2-d MatMul weight, got shape " + java.util.Arrays.toString(t.shape()));
        }
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = t.values()[r * cols + c];
            }
        }
        return new Tensor(out, new long[]{cols, rows});
    }
}
