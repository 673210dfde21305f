package org.modeconn.core.spec;

import org.modeconn.core.store.DataRef;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A base model as a study spec names it, parsed once by {@link #parse}; {@link #toString()} gives back
 * the text the spec holds (a spec's JSON is hashed into its id, so it keeps the user's text and code
 * reads the type).
 * <ul>
 *   <li>{@link Builtin}: {@code builtin:NAME}, a model shipped with modeconn ({@link Builtin#KNOWN});</li>
 *   <li>{@link Stored}: {@code s3://bucket/prefix/}, a Hugging Face directory in the object store, possibly
 *       pinned with {@code #sha256=HEX} ({@link DataRef});</li>
 *   <li>{@link PretrainStep}: {@code pretrain:RUN@STEP}, a checkpoint of a pre-training run of the same study;</li>
 *   <li>{@link LocalDir}: any other text, a local Hugging Face directory ({@code file:} prefix optional).</li>
 * </ul>
 */
public sealed interface ModelRef permits ModelRef.Builtin, ModelRef.Stored, ModelRef.PretrainStep, ModelRef.LocalDir {

    /**
     * The reference a spec writes as {@code text}.
     *
     * @throws IllegalArgumentException with a message fit for a validation problem: no text, an unknown
     *                                  built-in model, a malformed pre-training or object-store reference,
     *                                  a malformed content pin, another URI scheme
     */
    static ModelRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no model reference given");
        }
        if (text.startsWith(Builtin.PREFIX)) {
            return new Builtin(text.substring(Builtin.PREFIX.length()));
        }
        if (text.startsWith(PretrainStep.PREFIX)) {
            var m = PretrainStep.FORM.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("a pre-training reference reads pretrain:RUN@STEP (STEP a positive "
                        + "integer without leading zeros), got '" + text + "'");
            }
            return new PretrainStep(m.group(1), Integer.parseInt(m.group(2)));
        }
        if (text.startsWith(Stored.SCHEME)) {
            DataRef ref = DataRef.parse(text);
            String location = ref.location();
            if (location.indexOf('/', Stored.SCHEME.length()) <= Stored.SCHEME.length()) {
                throw new IllegalArgumentException("an object-store model reads s3://bucket/prefix, got '" + text + "'");
            }
            return new Stored(ref);
        }
        if (text.contains("://")) {
            throw new IllegalArgumentException("unsupported model location '" + text
                    + "' (use builtin:, pretrain:, s3:// or a local directory)");
        }
        return new LocalDir(DataRef.parse(text));
    }

    /** A model shipped with modeconn. */
    record Builtin(String name) implements ModelRef {
        static final String PREFIX = "builtin:";
        /** The names of the built-in models. */
        public static final List<String> KNOWN = List.of("all-MiniLM-L6-v2");

        /** @throws IllegalArgumentException for a name not in {@link #KNOWN} */
        public Builtin {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown built-in model '" + name + "' (known: " + KNOWN + ")");
            }
        }

        @Override
        public String toString() {
            return PREFIX + name;
        }
    }

    /** A Hugging Face directory in the object store; services copy it to a local {@link LocalDir} before loading. */
    record Stored(DataRef ref) implements ModelRef {
        static final String SCHEME = "s3://";

        /** @throws IllegalArgumentException for a location outside the object store */
        public Stored {
            if (!ref.inObjectStore()) {
                throw new IllegalArgumentException("'" + ref + "' is not an object-store location");
            }
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /** The checkpoint that pre-training run {@code run} (a name in the spec's {@code pretraining}) saves at {@code step}. */
    record PretrainStep(String run, int step) implements ModelRef {
        static final String PREFIX = "pretrain:";
        private static final Pattern FORM = Pattern.compile("pretrain:([^@]+)@([1-9]\\d{0,8})");

        @Override
        public String toString() {
            return PREFIX + run + "@" + step;
        }
    }

    /** A local Hugging Face directory: a path ({@code file:} prefix optional), relative to the data directory where a command has one. */
    record LocalDir(DataRef ref) implements ModelRef {
        /** @throws IllegalArgumentException for an object-store location */
        public LocalDir {
            if (ref.inObjectStore()) {
                throw new IllegalArgumentException("'" + ref + "' is an object-store location, not a local directory");
            }
        }

        /** A directory at {@code path}. */
        public static LocalDir of(java.nio.file.Path path) {
            return new LocalDir(new DataRef(path.toString(), null));
        }

        /** The directory, {@code file:} removed. */
        public java.nio.file.Path path() {
            return ref.localPath();
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }
}
