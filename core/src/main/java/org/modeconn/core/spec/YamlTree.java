package org.modeconn.core.spec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The tree of one YAML document with its anchors ({@code &name}), aliases ({@code *name}) and merge
 * keys ({@code <<: *name}) resolved. Jackson's own {@code readTree} reads an alias as the string
 * {@code "name"}, so a spec that shares a block between sweeps would be misread.
 *
 * <p>Merge keys follow the YAML 1.1 merge type (https://yaml.org/type/merge.html): {@code <<} takes a
 * mapping or a list of mappings; keys written in the mapping itself win over merged ones, and an
 * earlier mapping in the list wins over a later one. An alias may only name a mapping or list that is
 * complete before it (no recursion); Jackson's parser does not report anchors on single values, so
 * an alias to one is refused as unknown rather than misread.
 */
final class YamlTree {
    private static final String MERGE = "<<";

    private final YAMLParser parser;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, JsonNode> anchors = new HashMap<>();

    private YamlTree(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * Reads the one document of {@code text} with {@code mapper}'s YAML parser settings (duplicate keys
     * are refused when the mapper says so).
     *
     * @return the document's tree, or null for an empty text
     * @throws JsonParseException for invalid YAML, an unknown alias, a bad merge value or a second document
     */
    static JsonNode read(ObjectMapper mapper, String text) throws IOException {
        try (JsonParser p = mapper.createParser(text)) {
            if (!(p instanceof YAMLParser yaml)) {
                throw new IllegalArgumentException("not a YAML mapper: " + mapper.getFactory().getClass().getName());
            }
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode root = new YamlTree(yaml).value();
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "a study is one YAML document; found another after the first");
            }
            return root;
        }
    }

    /** The value that starts at the current token; afterwards the parser stands on its last token. */
    private JsonNode value() throws IOException {
        String anchor = parser.getCurrentAnchor();
        JsonToken t = parser.currentToken();
        JsonNode node = switch (t) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_STRING -> parser.isCurrentAlias() ? alias(parser.getText()) : nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_EMBEDDED_OBJECT -> nodes.pojoNode(parser.getEmbeddedObject());
            default -> throw new JsonParseException(parser, "unexpected YAML token " + t);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private JsonNode alias(String name) throws JsonParseException {
        JsonNode target = anchors.get(name);
        if (target == null) {
            throw new JsonParseException(parser, "unknown YAML alias *" + name + " (an alias names a mapping or list anchored &" + name
                    + " before it; anchors on single values are not read)");
        }
        return target.deepCopy();
    }

    private ArrayNode array() throws IOException {
        ArrayNode a = nodes.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            a.add(value());
        }
        return a;
    }

    private ObjectNode object() throws IOException {
        ObjectNode own = nodes.objectNode();
        List<ObjectNode> merged = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            JsonNode v = value();
            if (MERGE.equals(key)) {
                merged.addAll(mappings(v));
            } else {
                own.set(key, v);
            }
        }
        if (merged.isEmpty()) {
            return own;
        }
        ObjectNode out = nodes.objectNode();
        for (ObjectNode m : merged) {
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            }
        }
        out.setAll(own); // the mapping's own keys win
        return out;
    }

    private List<ObjectNode> mappings(JsonNode mergeValue) throws JsonParseException {
        List<ObjectNode> out = new ArrayList<>();
        if (mergeValue instanceof ObjectNode o) {
            out.add(o);
            return out;
        }
        if (mergeValue instanceof ArrayNode a) {
            for (JsonNode n : a) {
                if (!(n instanceof ObjectNode o)) {
                    throw new JsonParseException(parser, "a merge key (<<) takes a mapping or a list of mappings, found a list holding " + n.getNodeType());
                }
                out.add(o);
            }
            return out;
        }
        throw new JsonParseException(parser, "a merge key (<<) takes a mapping or a list of mappings, found " + mergeValue.getNodeType());
    }
}
