package org.modeconn.core.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a study spec from JSON or YAML. Unknown fields and values of the wrong type do not stop the
 * reading: each becomes a {@link Problem} with its JSON path, so the user sees them all at once
 * together with what {@link SpecValidator} finds.
 */
public final class SpecReader {

    /** The spec (null if it could not be read at all) and the problems met while reading it. */
    public record Result(StudySpec spec, List<Problem> problems) {
    }

    /** A value converted from a tree, with the problems met on the way (value null if it failed). */
    record Converted<T>(T value, List<Problem> problems) {
    }

    private SpecReader() {
    }

    public static Result read(Path file) throws IOException {
        String text = Files.readString(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean json = name.endsWith(".json");
        return json ? readJson(text) : readYaml(text);
    }

    /**
     * The file's tree as the reader sees it (YAML anchors, aliases and merge keys resolved), for tools that
     * rewrite a spec before publishing it (staging dataset locations).
     *
     * @throws IOException if the file cannot be read or is not one JSON/YAML document
     */
    public static JsonNode tree(Path file) throws IOException {
        String text = Files.readString(file);
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return new ObjectMapper().readTree(text);
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        JsonNode tree = YamlTree.read(yaml, text);
        return tree == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : tree;
    }

    public static Result readJson(String text) {
        return read(new ObjectMapper(), text);
    }

    /** YAML is a superset of JSON, so this reads both; anchors, aliases and merge keys are resolved ({@link YamlTree}). */
    public static Result readYaml(String text) {
        return read(new ObjectMapper(new YAMLFactory()), text);
    }

    /** Converts an already parsed tree, e.g. the {@code spec} field of a StudyRequested event. */
    public static Result fromTree(JsonNode tree) {
        Converted<StudySpec> c = convert(tree, StudySpec.class);
        return finish(c.value(), new ArrayList<>(c.problems()));
    }

    static <T> Converted<T> convert(JsonNode tree, Class<T> type) {
        ObjectMapper mapper = new ObjectMapper();
        List<Problem> problems = new ArrayList<>();
        configure(mapper, problems);
        ValueTypes.check(tree, type, "$", problems);
        try {
            T value = mapper.treeToValue(tree, type);
            // An entry without a value cannot be planned: report it with whatever else was found.
            return new Converted<>(ValueTypes.hasNullEntry(problems) ? null : value, problems);
        } catch (JsonProcessingException e) {
            problems.add(problemOf(e));
            return new Converted<>(null, problems);
        }
    }

    private static Result read(ObjectMapper mapper, String text) {
        List<Problem> problems = new ArrayList<>();
        if (text.isBlank()) {
            return finish(null, problems);
        }
        configure(mapper, problems);
        try {
            JsonNode tree = mapper.getFactory() instanceof YAMLFactory ? YamlTree.read(mapper, text) : mapper.readTree(text);
            if (tree == null) {
                return finish(null, problems);
            }
            Converted<StudySpec> c = convert(tree, StudySpec.class);
            problems.addAll(c.problems());
            return finish(c.value(), problems);
        } catch (JsonProcessingException e) {
            problems.add(problemOf(e));
            return new Result(null, problems);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading a spec held in memory", e);
        }
    }

    private static Result finish(StudySpec spec, List<Problem> problems) {
        if (spec == null && problems.isEmpty()) {
            problems.add(new Problem("$", "the study spec is empty"));
        }
        return new Result(spec, problems);
    }

    private static void configure(ObjectMapper mapper, List<Problem> problems) {
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // One document: a second JSON value or YAML document is a problem, never ignored.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                                 Object beanOrClass, String propertyName) throws IOException {
                problems.add(new Problem(join(path(p.getParsingContext().getParent()), propertyName),
                        "unknown field '" + propertyName + "'"));
                p.skipChildren();
                return true;
            }

            @Override
            public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                                 String failureMsg) {
                problems.add(new Problem(path(ctxt.getParser().getParsingContext()),
                        "'" + value + "' is not a valid " + typeName(targetType)));
                return null;
            }

            @Override
            public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                                 String failureMsg) {
                problems.add(new Problem(path(ctxt.getParser().getParsingContext()),
                        value + " is not a valid " + typeName(targetType)));
                return null;
            }

            @Override
            public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                    com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsta,
                                                    JsonParser p, String msg) throws IOException {
                problems.add(new Problem(path(p.getParsingContext()),
                        "expected " + typeName(instClass) + " but found " + describe(p.currentToken())));
                p.skipChildren();
                return null;
            }

            @Override
            public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                                JsonParser p, String failureMsg) throws IOException {
                problems.add(new Problem(path(p.getParsingContext()),
                        "expected " + typeName(targetType.getRawClass()) + " but found " + describe(t)));
                p.skipChildren();
                return null;
            }
        });
    }

    private static Problem problemOf(JsonProcessingException e) {
        String where = "$";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder b = new StringBuilder("$");
            for (JsonMappingException.Reference r : m.getPath()) {
                b.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
            }
            where = b.toString();
        } else if (e.getLocation() != null) {
            where = "$ (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return new Problem(where, e.getOriginalMessage());
    }

    /** The JSON path of the value the parser stands on, e.g. $.endpoints.a.seeds.init or $.paths.p.grid.t[2]. */
    static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, "." + c.getCurrentName());
            }
        }
        return "$" + String.join("", parts);
    }

    private static String join(String path, String field) {
        return path + "." + field;
    }

    private static String typeName(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return type == Integer.class || type == Long.class || type == int.class || type == long.class ? "integer" : "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "object (map)";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type == Boolean.class) {
            return "boolean";
        }
        return "object";
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
