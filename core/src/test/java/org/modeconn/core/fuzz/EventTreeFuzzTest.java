package org.modeconn.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.modeconn.core.events.EventCodec;

/**
 * Fuzzes the event decoder with well-formed JSON of the wrong shape: an input is an event followed by an edit
 * script ({@link Edits}) that puts values of other types, extreme numbers or nothing at its nodes. The edited
 * event decodes to an event that round-trips, or is a dead letter with a reason. Seeds: valid events in
 * {@code EventTreeFuzzTestInputs/}. See docs/fuzzing.md.
 */
class EventTreeFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anEventDecodesToAValidEventOrIsADeadLetterWithAReason(byte[] input) throws JsonProcessingException {
        Edits.Input in = Edits.split(input);
        JsonNode tree;
        try {
            tree = EventCodec.mapper().readTree(in.document());
        } catch (JsonProcessingException notJson) {
            return; // no tree to edit: broken text is EventTextFuzzTest's
        }
        if (tree == null || tree.isMissingNode()) {
            return;
        }
        Oracles.event(EventCodec.mapper().writeValueAsString(Edits.apply(tree, in.edits())));
    }
}
