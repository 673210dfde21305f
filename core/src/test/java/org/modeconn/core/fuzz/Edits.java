package org.modeconn.core.fuzz;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Tree edits for the structure-aware fuzz targets: an input is a JSON or YAML document, optionally followed by
 * a NUL byte and an edit script. Each edit puts a value of another JSON type, or an extreme value, at a node of
 * the document, or removes the node, so that mutations of the script reach the readers' checks with a
 * well-formed document. Byte-level corruption is left to the fuzzer's own mutations.
 *
 * <p>Script layout, one edit after another (at most {@link #MAX_EDITS}; a shorter tail is ignored):
 * {@code op} (1 byte, odd: remove, even: replace), {@code at} (2 bytes, big-endian, the node's position in a
 * depth-first walk, modulo the number of nodes), {@code value} (1 byte, see {@link #value}), {@code number}
 * (8 bytes, big-endian), {@code textLength} (1 byte: 255 means no text, else modulo 17) and that many bytes
 * of UTF-8 text. See docs/fuzzing.md.
 */
final class Edits {
    static final int MAX_EDITS = 8;
    private static final int FIXED = 13;

    private Edits() {
    }

    /** One edit: remove or replace the node at {@code at} by a value chosen by {@code value}. */
    record Edit(boolean remove, int at, int value, long number, String text) {
    }

    /** An input split into its document and its edits. */
    record Input(String document, List<Edit> edits) {
    }

    /** The document (the bytes before the first NUL, as UTF-8) and the edits of the script after it. */
    static Input split(byte[] input) {
        int nul = 0;
        while (nul < input.length && input[nul] != 0) {
            nul++;
        }
        String document = new String(input, 0, nul, StandardCharsets.UTF_8);
        List<Edit> edits = new ArrayList<>();
        ByteBuffer script = ByteBuffer.wrap(input, Math.min(input.length, nul + 1), Math.max(0, input.length - nul - 1));
        while (edits.size() < MAX_EDITS && script.remaining() >= FIXED) {
            boolean remove = (script.get() & 1) == 1;
            int at = script.getShort() & 0xffff;
            int value = script.get() & 0xff;
            long number = script.getLong();
            int length = script.get() & 0xff;
            String text = null;
            if (length != 0xff) {
                byte[] t = new byte[Math.min(length % 17, script.remaining())];
                script.get(t);
                text = new String(t, StandardCharsets.UTF_8);
            }
            edits.add(new Edit(remove, at, value, number, text));
        }
        return new Input(document, edits);
    }

    /** The input {@link #split} reads back as this document and these edits; for writing seeds. */
    static byte[] join(String document, List<Edit> edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(document.getBytes(StandardCharsets.UTF_8));
        if (!edits.isEmpty()) {
            out.write(0);
        }
        for (Edit e : edits) {
            byte[] text = e.text() == null ? null : e.text().getBytes(StandardCharsets.UTF_8);
            if (text != null && text.length > 16) {
                throw new IllegalArgumentException("an edit's text has at most 16 bytes: " + e.text());
            }
            out.writeBytes(ByteBuffer.allocate(FIXED).put((byte) (e.remove() ? 1 : 0)).putShort((short) e.at())
                    .put((byte) e.value()).putLong(e.number()).put((byte) (text == null ? 0xff : text.length)).array());
            if (text != null) {
                out.writeBytes(text);
            }
        }
        return out.toByteArray();
    }

    /** The position {@link Edit#at} that names the node at {@code pointer} in {@code tree}; for writing seeds. */
    static int positionOf(JsonNode tree, String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        List<Slot> slots = new ArrayList<>();
        slots(tree, slots);
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).value() == tree.at(p)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node at " + pointer);
    }

    /** A copy of the tree after the edits, in order; each picks a node by its position in a depth-first walk. */
    static JsonNode apply(JsonNode tree, List<Edit> edits) {
        JsonNode root = tree.deepCopy();
        for (Edit e : edits) {
            List<Slot> slots = new ArrayList<>();
            slots(root, slots);
            if (slots.isEmpty()) {
                continue;
            }
            Slot s = slots.get(e.at() % slots.size());
            if (e.remove()) {
                s.remove();
            } else {
                s.set(value(e));
            }
        }
        return root;
    }

    /** A value of each JSON type, extreme numbers and odd strings included, chosen by {@code value} modulo 10. */
    static JsonNode value(Edit e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (e.value() % 10) {
            case 0 -> f.nullNode();
            case 1 -> f.numberNode(e.number());
            case 2 -> f.numberNode(-1);
            case 3 -> f.numberNode(Double.MAX_VALUE);
            case 4 -> f.textNode(e.text());
            case 5 -> f.booleanNode(e.number() % 2 == 0);
            case 6 -> f.arrayNode().add(f.textNode(e.text())).add(f.numberNode(e.number()));
            case 7 -> f.objectNode().put(e.text() == null ? "" : e.text(), e.number());
            case 8 -> f.numberNode(0.5);
            default -> f.numberNode(BigInteger.valueOf(e.number()).shiftLeft(70));
        };
    }

    /** A place in a tree that holds a value: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index) {
        JsonNode value() {
            return parent instanceof ObjectNode o ? o.get(field) : parent.get(index);
        }

        void set(JsonNode v) {
            if (parent instanceof ObjectNode o) {
                o.set(field, v);
            } else {
                ((ArrayNode) parent).set(index, v);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void slots(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.add(new Slot(o, f.getKey(), -1));
                slots(f.getValue(), out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i));
                slots(a.get(i), out);
            }
        }
    }
}
