package org.modeconn.core.model;

/**
 * Tensor names of a Hugging Face BERT/RoBERTa checkpoint turned into the names modeconn's encoder
 * uses, and what each normalised name is.
 *
 * <p>Normalisation, as transformers' {@code PreTrainedModel} loading does it:
 * <ul>
 *   <li>the base-model prefix of task models ({@code bert.}, {@code roberta.}) is removed, as loading a
 *       {@code BertModel} from a {@code BertForSequenceClassification} checkpoint does;</li>
 *   <li>the legacy TensorFlow-era names {@code …gamma} and {@code …beta} become {@code …weight} and
 *       {@code …bias} ({@code _fix_key} / {@code _fix_state_dict_key_on_load}; transformers ≥ 4.48
 *       renames only {@code LayerNorm.gamma/beta}, earlier versions every {@code gamma}/{@code beta};
 *       modeconn renames a last name component {@code gamma}/{@code beta} anywhere, which agrees with
 *       both on every BERT/RoBERTa name).</li>
 * </ul>
 */
public final class CheckpointNames {

    /** What a (normalised) tensor name belongs to. */
    public enum Kind {
        /** A parameter the encoder computes with (embeddings, layers); shape-checked, required. */
        ENCODER,
        /** {@code pooler.dense.*}: kept; "cls" pooling uses it. */
        POOLER,
        /** {@code classifier.weight} / {@code classifier.bias}: the task head in modeconn's form; kept. */
        TASK_HEAD,
        /** Another task head under {@code classifier.} (e.g. RoBERTa's {@code classifier.dense/out_proj}); ignored. */
        OTHER_TASK_HEAD,
        /** {@code lm_head.dense/layer_norm/bias}: the masked-LM head modeconn's pre-training trains; kept. */
        LM_HEAD,
        /** {@code lm_head.decoder.*}: tied to the word embeddings and {@code lm_head.bias} in transformers; ignored. */
        TIED_LM_DECODER,
        /** {@code cls.*}: BERT's pre-training heads (MLM, next sentence), unused by {@code BertModel}; ignored. */
        PRETRAINING_HEAD,
        /** Registered buffers saved with the weights ({@code embeddings.position_ids}, {@code embeddings.token_type_ids}); ignored. */
        BUFFER,
        /** Anything else: refused. */
        UNEXPECTED
    }

    private CheckpointNames() {
    }

    /** The modeconn name of a checkpoint tensor: prefix removed, gamma/beta renamed. */
    public static String normalise(String name) {
        String n = withoutModelPrefix(name);
        if (n.endsWith(".gamma")) {
            return n.substring(0, n.length() - "gamma".length()) + "weight";
        }
        if (n.endsWith(".beta")) {
            return n.substring(0, n.length() - "beta".length()) + "bias";
        }
        return n;
    }

    /**
     * The name without the "bert." or "roberta." prefix that Hugging Face's task models put before the
     * encoder's parameters ({@code base_model_prefix}); modeconn names the encoder's parameters without it.
     */
    public static String withoutModelPrefix(String name) {
        if (name.startsWith("bert.")) {
            return name.substring("bert.".length());
        }
        return name.startsWith("roberta.") ? name.substring("roberta.".length()) : name;
    }

    /** What a normalised name is (see {@link Kind}); encoder layer indices are not checked here. */
    public static Kind kindOf(String normalised) {
        if (normalised.equals("embeddings.position_ids") || normalised.equals("embeddings.token_type_ids")) {
            return Kind.BUFFER;
        }
        if (normalised.startsWith("embeddings.") || normalised.startsWith("encoder.layer.")) {
            return Kind.ENCODER;
        }
        if (normalised.startsWith("pooler.")) {
            return Kind.POOLER;
        }
        if (normalised.equals("classifier.weight") || normalised.equals("classifier.bias")) {
            return Kind.TASK_HEAD;
        }
        if (normalised.startsWith("classifier.")) {
            return Kind.OTHER_TASK_HEAD;
        }
        if (normalised.startsWith("lm_head.decoder.")) {
            return Kind.TIED_LM_DECODER;
        }
        if (normalised.startsWith("lm_head.")) {
            return Kind.LM_HEAD;
        }
        if (normalised.startsWith("cls.")) {
            return Kind.PRETRAINING_HEAD;
        }
        return Kind.UNEXPECTED;
    }
}
