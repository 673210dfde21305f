package org.modeconn.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed seed corpus is the one made from the samples, and edit scripts read back as written. */
class SeedCorpusTest {
    @Test
    void theCommittedSeedsAreTheSamples() throws IOException {
        for (Map.Entry<String, byte[]> seed : SeedCorpus.seeds().entrySet()) {
            try (InputStream in = SeedCorpusTest.class.getResourceAsStream(seed.getKey())) {
                assertNotNull(in, seed.getKey() + " is missing: run SeedCorpus (docs/fuzzing.md)");
                assertArrayEquals(seed.getValue(), in.readAllBytes(), seed.getKey() + " differs: run SeedCorpus (docs/fuzzing.md)");
            }
        }
    }

    @Test
    void anEditScriptReadsBackAndEditsTheNodeItNames() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode tree = yaml.readTree(Samples.SPEC);
        List<Edits.Edit> edits = List.of(
                new Edits.Edit(false, Edits.positionOf(tree, "/defaults/steps"), 4, 0, "two"),
                new Edits.Edit(true, 0, 0, Long.MIN_VALUE, null));
        Edits.Input in = Edits.split(Edits.join(Samples.SPEC, edits));
        assertEquals(Samples.SPEC, in.document());
        assertEquals(edits, in.edits());
        JsonNode edited = Edits.apply(tree, in.edits());
        assertEquals("two", edited.at("/defaults/steps").textValue());
        assertTrue(edited.path("name").isMissingNode(), "the first node, name, is removed");
        assertEquals(tree.size() - 1, edited.size());
    }

    @Test
    void aDocumentWithoutAScriptHasNoEdits() {
        Edits.Input in = Edits.split(Samples.SPEC.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Samples.SPEC, in.document());
        assertTrue(in.edits().isEmpty());
    }
}
