package org.modeconn.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a checkpoint's tensor names and shapes against the encoder its config.json describes, before
 * anything is loaded: it needs only names and shapes (a safetensors header, read with
 * {@code SafetensorsReader.open(file).tensors()}), no ML engine.
 *
 * <p>Names are normalised first ({@link CheckpointNames#normalise}). Then every tensor the encoder
 * needs must be present with the shape the configuration implies (H = hidden_size, I =
 * intermediate_size, V = vocab_size, P = max_position_embeddings, T = type_vocab_size; linear weights
 * [out, in] as PyTorch stores them), for layers 0 … num_hidden_layers − 1. Optional groups are checked
 * when present, all members or none: the pooler ({@code pooler.dense.weight} [H, H], {@code .bias} [H]),
 * the task head ({@code classifier.weight} [C, H], {@code classifier.bias} [C], C = num_labels where the
 * config states it), the masked-LM head ({@code lm_head.dense} [H, H] + [H], {@code lm_head.layer_norm}
 * [H] + [H], {@code lm_head.bias} [V]). Buffers, BERT's pre-training heads ({@code cls.*}), the tied
 * {@code lm_head.decoder.*} and task heads of another form are ignored with a reason, as transformers'
 * {@code BertModel}/{@code RobertaModel} ignores them ("Some weights of the model checkpoint were not
 * used"). Any other tensor, two tensors that become one name, and layers beyond num_hidden_layers are
 * problems.
 */
public final class EncoderCheckpoint {

    /**
     * What loading does with each tensor: load (checkpoint name → modeconn name), ignored (checkpoint
     * name → why), and the problems that forbid loading. All maps keep the checkpoint's order.
     */
    public record Plan(Map<String, String> load, Map<String, String> ignored, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** An expected shape with the config keys it comes from, for messages. */
    private record Expected(long[] shape, String from) {
    }

    private EncoderCheckpoint() {
    }

    /**
     * Every problem of a checkpoint for this configuration (empty when it loads).
     *
     * @param config the parsed config.json, or null when it could not be parsed (then only the names are checked)
     * @param shapes tensor name as stored in the checkpoint → shape, e.g. a safetensors header
     * @return problems without a file name, e.g. {@code "embeddings.word_embeddings.weight has shape [24, 8],
     *         config.json implies [26, 8] (vocab_size, hidden_size)"} or {@code "encoder.layer.0.output.dense.bias is missing"}
     */
    public static List<String> problems(EncoderConfig config, Map<String, long[]> shapes) {
        return plan(config, shapes).problems();
    }

    /** As {@link #problems}, with what a load keeps, renames and ignores. */
    public static Plan plan(EncoderConfig config, Map<String, long[]> shapes) {
        Map<String, String> load = new LinkedHashMap<>();
        Map<String, String> ignored = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> sourceOf = new LinkedHashMap<>(); // modeconn name → checkpoint name
        for (String raw : shapes.keySet()) {
            String name = CheckpointNames.normalise(raw);
            CheckpointNames.Kind kind = CheckpointNames.kindOf(name);
            String reason = ignoredBecause(kind);
            if (reason != null) {
                ignored.put(raw, reason);
            } else if (kind == CheckpointNames.Kind.UNEXPECTED) {
                problems.add("unexpected tensor " + raw + " " + Arrays.toString(shapes.get(raw))
                        + ": not part of a BERT/RoBERTa encoder, pooler, classifier or LM head");
            } else if (sourceOf.containsKey(name)) {
                problems.add(sourceOf.get(name) + " and " + raw + " both name " + name);
            } else {
                sourceOf.put(name, raw);
                load.put(raw, name);
            }
        }
        if (config != null) {
            Map<String, Expected> required = required(config);
            for (Map.Entry<String, Expected> e : required.entrySet()) {
                check(e.getKey(), e.getValue(), sourceOf, shapes, problems);
            }
            Map<String, Map<String, Expected>> optional = optionalGroups(config, sourceOf, shapes);
            for (Map<String, Expected> group : optional.values()) {
                if (group.keySet().stream().anyMatch(sourceOf::containsKey)) {
                    group.forEach((name, expected) -> check(name, expected, sourceOf, shapes, problems));
                }
            }
            for (Map.Entry<String, String> e : sourceOf.entrySet()) {
                String name = e.getKey();
                boolean known = required.containsKey(name) || optional.values().stream().anyMatch(g -> g.containsKey(name));
                if (!known) {
                    problems.add("unexpected tensor " + e.getValue() + " " + Arrays.toString(shapes.get(e.getValue()))
                            + ": not a parameter of the encoder config.json describes (" + config.modelType() + ", "
                            + config.layers() + (config.layers() == 1 ? " layer)" : " layers)"));
                }
            }
        }
        return new Plan(load, ignored, List.copyOf(problems));
    }

    /**
     * The tensors the encoder computes with, by modeconn name, with their shapes: embeddings and layers
     * 0 … num_hidden_layers − 1.
     */
    public static Map<String, long[]> requiredShapes(EncoderConfig config) {
        Map<String, long[]> out = new LinkedHashMap<>();
        required(config).forEach((name, e) -> out.put(name, e.shape()));
        return out;
    }

    private static Map<String, Expected> required(EncoderConfig c) {
        long h = c.hidden();
        long i = c.intermediate();
        Map<String, Expected> m = new LinkedHashMap<>();
        m.put("embeddings.word_embeddings.weight", new Expected(new long[]{c.vocabSize(), h}, "vocab_size, hidden_size"));
        m.put("embeddings.position_embeddings.weight",
                new Expected(new long[]{c.maxPositions(), h}, "max_position_embeddings, hidden_size"));
        m.put("embeddings.token_type_embeddings.weight", new Expected(new long[]{c.typeVocabSize(), h}, "type_vocab_size, hidden_size"));
        layerNorm(m, "embeddings.LayerNorm", h);
        for (int l = 0; l < c.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String proj : List.of("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
                linear(m, p + proj, h, "hidden_size", h, "hidden_size");
            }
            layerNorm(m, p + "attention.output.LayerNorm", h);
            linear(m, p + "intermediate.dense", i, "intermediate_size", h, "hidden_size");
            linear(m, p + "output.dense", h, "hidden_size", i, "intermediate_size");
            layerNorm(m, p + "output.LayerNorm", h);
        }
        return m;
    }

    /** Pooler, task head and LM head, by group; the head's class count comes from the config or the checkpoint. */
    private static Map<String, Map<String, Expected>> optionalGroups(EncoderConfig c, Map<String, String> sourceOf,
                                                                     Map<String, long[]> shapes) {
        long h = c.hidden();
        Map<String, Expected> pooler = new LinkedHashMap<>();
        linear(pooler, "pooler.dense", h, "hidden_size", h, "hidden_size");

        long classes = c.numLabels();
        String classesFrom = "num_labels";
        String head = sourceOf.get("classifier.weight");
        if (classes <= 0 && head != null && shapes.get(head).length == 2) {
            classes = shapes.get(head)[0];
            classesFrom = "classes of classifier.weight";
        }
        Map<String, Expected> task = new LinkedHashMap<>();
        task.put("classifier.weight", new Expected(new long[]{classes, h}, classesFrom + ", hidden_size"));
        task.put("classifier.bias", new Expected(new long[]{classes}, classesFrom));

        Map<String, Expected> lm = new LinkedHashMap<>();
        linear(lm, "lm_head.dense", h, "hidden_size", h, "hidden_size");
        layerNorm(lm, "lm_head.layer_norm", h);
        lm.put("lm_head.bias", new Expected(new long[]{c.vocabSize()}, "vocab_size"));
        return Map.of("pooler", pooler, "classifier", task, "lm_head", lm);
    }

    private static void linear(Map<String, Expected> m, String name, long out, String outKey, long in, String inKey) {
        m.put(name + ".weight", new Expected(new long[]{out, in}, outKey + ", " + inKey));
        m.put(name + ".bias", new Expected(new long[]{out}, outKey));
    }

    private static void layerNorm(Map<String, Expected> m, String name, long h) {
        m.put(name + ".weight", new Expected(new long[]{h}, "hidden_size"));
        m.put(name + ".bias", new Expected(new long[]{h}, "hidden_size"));
    }

    private static void check(String name, Expected expected, Map<String, String> sourceOf, Map<String, long[]> shapes,
                              List<String> problems) {
        String raw = sourceOf.get(name);
        if (raw == null) {
            problems.add(name + " is missing");
        } else if (!Arrays.equals(shapes.get(raw), expected.shape())) {
            problems.add(raw + " has shape " + Arrays.toString(shapes.get(raw)) + ", config.json implies "
                    + Arrays.toString(expected.shape()) + " (" + expected.from() + ")");
        }
    }

    private static String ignoredBecause(CheckpointNames.Kind kind) {
        return switch (kind) {
            case BUFFER -> "a buffer, not a parameter";
            case PRETRAINING_HEAD -> "BERT's pre-training heads, unused by the encoder";
            case TIED_LM_DECODER -> "tied to the word embeddings and lm_head.bias";
            case OTHER_TASK_HEAD -> "a task head of another form; modeconn trains its own classifier.weight/bias";
            default -> null;
        };
    }
}
