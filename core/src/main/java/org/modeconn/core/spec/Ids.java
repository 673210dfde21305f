package org.modeconn.core.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.modeconn.core.store.Sha256;

/**
 * Deterministic ids: a prefix and the first 16 hex digits of the SHA-256 of the content's canonical
 * JSON (keys sorted, nulls dropped). The same content always gets the same id, so republishing a
 * study finds the work already done under the same object keys.
 */
public final class Ids {
    /**
     * The version of what modeconn computes from a spec, part of every endpoint's and pre-training run's id and
     * so of every checkpoint, path, point and score key below them. Bumped by a fix that changes trained weights,
     * points or scores, so that a study published again after an upgrade trains and scores anew instead of
     * resuming work the faulty code did (docs/pipeline.md, "Ids and upgrades"). 2: since the autograd-constant fix
     * (docs/ml.md, "Constants in the autograd graph"); ids made before it hashed the content alone.
     */
    public static final int COMPUTATION = 2;

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Ids() {
    }

    public static String of(String prefix, Object content) {
        return prefix + "-" + Sha256.of(canonicalJson(content)).substring(0, 16);
    }

    public static byte[] canonicalJson(Object content) {
        try {
            // Through a tree, so that maps nested in records are sorted as well.
            return CANONICAL.writeValueAsBytes(CANONICAL.valueToTree(content));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + content.getClass().getSimpleName(), e);
        }
    }
}
