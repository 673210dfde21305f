package org.modeconn.ml;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device the engine cannot use is refused with the reason, never replaced by the CPU. */
class DjlDeviceTest {
    @Test
    void aGpuTheEngineCannotSeeIsRefused() {
        Assumptions.assumeTrue(Djl.engine().getGpuCount() == 0, "this machine has a GPU the engine sees");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Djl.newManager("gpu"));
        assertTrue(e.getMessage().contains("sees 0 GPU(s)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Djl.newManager("gpu:1"));
    }

    @Test
    void anUnknownDeviceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Djl.newManager("tpu"));
        assertTrue(e.getMessage().contains("device must be cpu, gpu or gpu:N, got 'tpu'"), e.getMessage());
        Djl.newManager("cpu").close();
    }
}
